package reductions

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

type uniqueParams struct {
	Program *blockwise.Program `json:",omitempty"`
	Chunks  [][]int
}

// BuildUnique returns the layer whose single task yields the sorted
// distinct values of in with their counts, as a Partial of two 1-d
// buffers: values (int64, or uint64 for uint64 input) and int64 counts.
// Only integer and bool inputs are supported (float is an error). Each
// chunk sorts its values and counts runs; sorted partials merge up a
// tree, so a task holds at most split partials of distinct values.
func BuildUnique(in Input) (scheduler.Layer, error) {
	dt := in.Program.DType()
	if !dt.IsInteger() && dt != chunk.Bool {
		return nil, fmt.Errorf("unique: supported for integer and bool arrays, not %v", dt)
	}
	acc := chunk.Int64
	if dt == chunk.Uint64 {
		acc = chunk.Uint64
	}
	g := in.Grid
	nd := g.NDim()
	p := uniqueParams{Program: castProgram(in.Program, acc), Chunks: g.Chunks()}
	params := scheduler.EncodeParams(p)
	parts := [][]byte{params}
	for _, bi := range in.Inputs {
		ax := scheduler.EncodeParams(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	chunkLayer := blockwise.New(scheduler.Name("unique-chunk", parts...), g.NumBlocks(), "reductions.unique_chunk", params, false, in.Inputs...)
	reduced := make([]bool, nd)
	for a := range reduced {
		reduced[a] = true
	}
	split, _ := splitOf("unique", nil, nd, nd)
	t := Tree{Name: "unique", Partials: chunkLayer, Reduced: reduced, Split: split,
		Combine: "reductions.unique_merge", Aggregate: "reductions.unique_merge"}
	return t.Layer(), nil
}

func uniqueOf[T int64 | uint64](v []T) *Partial {
	s := slices.Clone(v)
	slices.Sort(s)
	var vals []T
	var counts []int64
	for i, x := range s {
		if i > 0 && x == s[i-1] {
			counts[len(counts)-1]++
			continue
		}
		vals = append(vals, x)
		counts = append(counts, 1)
	}
	vd, _ := chunk.FromSlice([]int{len(vals)}, vals)
	cd, _ := chunk.FromSlice([]int{len(counts)}, counts)
	if vals == nil {
		vd = chunk.NewDense(chunk.DTypeOf[T](), []int{0})
		cd = chunk.NewDense(chunk.Int64, []int{0})
	}
	return &Partial{Parts: []*chunk.Dense{vd, cd}}
}

func mergeUnique[T int64 | uint64](ps []*Partial) *Partial {
	m := map[T]int64{}
	for _, p := range ps {
		cs := chunk.Values[int64](p.Parts[1])
		for i, v := range chunk.Values[T](p.Parts[0]) {
			m[v] += cs[i]
		}
	}
	vals := make([]T, 0, len(m))
	for v := range m {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	counts := make([]int64, len(vals))
	for i, v := range vals {
		counts[i] = m[v]
	}
	vd, _ := chunk.FromSlice([]int{len(vals)}, vals)
	cd, _ := chunk.FromSlice([]int{len(counts)}, counts)
	return &Partial{Parts: []*chunk.Dense{vd, cd}}
}

func init() {
	scheduler.RegisterTypedBorrowing("reductions.unique_chunk", func(p uniqueParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		if p.Program == nil {
			return nil, fmt.Errorf("reductions: unique without a program")
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			d, err := blockwise.Eval(p.Program, blockwise.FrameOf(g, block), ds)
			if err != nil {
				return nil, err
			}
			if v, ok := d.Data().([]uint64); ok {
				return uniqueOf(v), nil
			}
			return uniqueOf(chunk.Values[int64](d)), nil
		}, nil
	})
	scheduler.RegisterFunc("reductions.unique_merge", func(_ []int, in []any) (any, error) {
		ps, err := partials(in)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if len(p.Parts) != 2 || p.Parts[0] == nil || p.Parts[1] == nil || p.Parts[0].DType() != ps[0].Parts[0].DType() {
				return nil, fmt.Errorf("reductions: bad unique partial")
			}
		}
		if len(ps) == 1 {
			return ps[0], nil
		}
		if ps[0].Parts[0].DType() == chunk.Uint64 {
			return mergeUnique[uint64](ps), nil
		}
		return mergeUnique[int64](ps), nil
	})
}
