package array

import (
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

// FromDelayed returns the array of grid g and dtype dt whose blocks are
// the values of blocks (C order of block index), each a delayed value of
// type *chunk.Dense (Dask's from_delayed, generalised to a grid). A block
// that computes to something else, or to a chunk of the wrong shape or
// dtype, fails the computation with an error naming the block.
func FromDelayed(g chunk.Grid, dt chunk.DType, blocks []delayed.Lazy) *Array {
	if !dt.Valid() {
		return errorf("from_delayed", "invalid dtype %v", dt)
	}
	if len(blocks) != g.NumBlocksTotal() {
		return errorf("from_delayed", "%d delayed values for a grid of %d blocks", len(blocks), g.NumBlocksTotal())
	}
	var inputs []scheduler.Layer
	seen := map[string]bool{}
	parts := [][]byte{}
	for i, b := range blocks {
		if b == nil {
			return errorf("from_delayed", "block %d is nil", i)
		}
		if e, ok := b.(interface{ Err() error }); ok && e.Err() != nil {
			return errArray(e.Err())
		}
		l := b.Layer()
		if !seen[l.Name()] {
			seen[l.Name()] = true
			inputs = append(inputs, l)
		}
		parts = append(parts, []byte(b.Key().String()))
	}
	params := scheduler.EncodeParams(checkParams{DType: dt, Chunks: g.Chunks()})
	name := scheduler.Name("from_delayed", append([][]byte{params}, parts...)...)
	keys := make([]scheduler.Key, len(blocks))
	for i, b := range blocks {
		keys[i] = b.Key()
	}
	l := &delayedLayer{name: name, nb: g.NumBlocks(), keys: keys, inputs: inputs, params: params}
	return newLayerArray(l, g, dt)
}

// FromDelayedChunk returns a one-chunk array of the given shape and dtype
// whose value is v's (Dask's from_delayed).
func FromDelayedChunk(v delayed.Lazy, shape []int, dt chunk.DType) *Array {
	chunks := make([][]int, len(shape))
	for a, n := range shape {
		if n < 0 {
			return errorf("from_delayed", "shape %v has negative length on axis %d", shape, a)
		}
		chunks[a] = []int{n}
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil {
		return errorf("from_delayed", "%v", err)
	}
	return FromDelayed(g, dt, []delayed.Lazy{v})
}

// ToDelayed returns x's blocks as delayed values, in C order of block
// index, so that custom Go code can consume them with delayed functions
// (Dask's to_delayed). Computing one computes only what that block needs.
func (x *Array) ToDelayed() ([]*delayed.Value[*chunk.Dense], error) {
	if x == nil {
		return nil, fmt.Errorf("array: to_delayed: nil *Array")
	}
	if x.err != nil {
		return nil, x.err
	}
	keys := scheduler.Keys(x.layer)
	out := make([]*delayed.Value[*chunk.Dense], len(keys))
	for i, k := range keys {
		out[i] = delayed.FromLayer[*chunk.Dense](x.layer, k)
	}
	return out, nil
}

type checkParams struct {
	DType  chunk.DType
	Chunks [][]int
}

// delayedLayer passes delayed values through as blocks, checking each.
type delayedLayer struct {
	name   string
	nb     []int
	keys   []scheduler.Key
	inputs []scheduler.Layer
	params []byte
}

func (l *delayedLayer) Name() string              { return l.name }
func (l *delayedLayer) Inputs() []scheduler.Layer { return l.inputs }
func (l *delayedLayer) NumBlocks() []int          { return l.nb }
func (l *delayedLayer) Task(idx []int) scheduler.Task {
	return scheduler.Task{Kernel: "array.check_block", Params: l.params, Inline: true,
		Inputs: []scheduler.Key{l.keys[chunk.Ravel(idx, l.nb)]}}
}

func init() {
	scheduler.RegisterTyped("array.check_block", func(p checkParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			d, ok := in[0].(*chunk.Dense)
			if !ok {
				return nil, fmt.Errorf("delayed block %v is a %T, not a *chunk.Dense", block, in[0])
			}
			if want := g.BlockShape(block); d.DType() != p.DType || !chunk.EqualShapes(d.Shape(), want) {
				return nil, fmt.Errorf("delayed block %v is a %v chunk of shape %v, want %v of shape %v", block, d.DType(), d.Shape(), p.DType, want)
			}
			return d, nil
		}, nil
	})
}
