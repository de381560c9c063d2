package array

import (
	"encoding/json"
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Rechunk returns x with new chunks (spec resolved by chunk.Spec.Plan;
// nil means automatic). Each output chunk is assembled from the input
// chunks it overlaps, in one task.
func (x *Array) Rechunk(spec chunk.Spec) *Array {
	if x == nil {
		return errorf("rechunk", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	g, err := spec.Plan(x.Shape(), x.dtype, 0, nil)
	if err != nil {
		return errorf("rechunk", "%v", err)
	}
	if g.Equal(x.grid) {
		return x
	}
	p := rechunkParams{In: x.Chunks(), Out: g.Chunks(), DType: x.dtype}
	params, _ := json.Marshal(p)
	l := &rechunkLayer{name: scheduler.Name("rechunk", params, []byte(x.Name())), in: x.layer, inGrid: x.grid, outGrid: g, params: params}
	return newLayerArray(l, g, x.dtype)
}

type rechunkParams struct {
	In, Out [][]int
	DType   chunk.DType
}

type rechunkLayer struct {
	name            string
	in              scheduler.Layer
	inGrid, outGrid chunk.Grid
	params          []byte
}

func (l *rechunkLayer) Name() string              { return l.name }
func (l *rechunkLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.in} }
func (l *rechunkLayer) NumBlocks() []int          { return l.outGrid.NumBlocks() }

func (l *rechunkLayer) Task(idx []int) scheduler.Task {
	lo, span := overlap(l.inGrid, l.outGrid.BlockBox(idx))
	var keys []scheduler.Key
	in := make([]int, len(idx))
	chunk.EachIndex(span, func(off []int) {
		for a := range in {
			in[a] = lo[a] + off[a]
		}
		keys = append(keys, scheduler.NewKey(l.in.Name(), in))
	})
	return scheduler.Task{Kernel: "array.rechunk", Params: l.params, Inputs: keys}
}

// overlap returns the first block and the number of blocks of g along
// each axis that intersect box.
func overlap(g chunk.Grid, box chunk.Box) (lo, span []int) {
	nd := len(box.Min)
	lo, span = make([]int, nd), make([]int, nd)
	for a := 0; a < nd; a++ {
		if box.Max[a] <= box.Min[a] {
			span[a] = 1 // an empty axis still has its one (empty) block
			continue
		}
		lo[a] = g.BlockOf(a, box.Min[a])
		span[a] = g.BlockOf(a, box.Max[a]-1) - lo[a] + 1
	}
	return lo, span
}

func init() {
	scheduler.Register("array.rechunk", func(b []byte) (scheduler.Func, error) {
		var p rechunkParams
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, err
		}
		in, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		out, err := chunk.NewGrid(p.Out)
		if err != nil {
			return nil, err
		}
		return func(block []int, inputs []any) (any, error) {
			ds, err := blockwise.Denses(inputs)
			if err != nil {
				return nil, err
			}
			box := out.BlockBox(block)
			dst := chunk.NewDense(p.DType, box.Shape())
			lo, span := overlap(in, box)
			i := 0
			bi := make([]int, len(block))
			chunk.EachIndex(span, func(off []int) {
				for a := range bi {
					bi[a] = lo[a] + off[a]
				}
				ib := in.BlockBox(bi)
				part, ok := ib.Intersect(box)
				if ok {
					chunk.CopyBox(dst, part.Sub(box.Min).Min, ds[i], part.Sub(ib.Min))
				}
				i++
			})
			if i != len(ds) {
				return nil, fmt.Errorf("array: rechunk: %d inputs, expected %d", len(ds), i)
			}
			return dst, nil
		}, nil
	})
}
