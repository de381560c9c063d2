package array

import (
	"context"
	"errors"
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Unknown chunk sizes
//
// Boolean-mask indexing (Mask, Compress) cannot know how many elements
// each chunk keeps until the mask is computed: like Dask's NaN chunks,
// the result has a known number of blocks but unknown sizes along the
// selected axis. An Array records this in its unknown field (one flag
// per axis, nil when every size is known); on those axes its grid holds
// upper bounds of the sizes, used only for the number of blocks and
// never reported: Shape, Chunks, Size and NBytes report -1 there.
//
// Compute, ComputeAll, ToSlice and Persist work on such arrays: they read
// the real sizes off the computed chunks (Persist returns an array with
// known chunks, those that keep nothing dropped). ComputeChunkSizes
// returns the same lazy array with known sizes. Elementwise operations of
// one such array with Go numbers
// (x[m]*2 + 1, Sqrt, AsType, comparisons) keep its blocks and take each
// task's shape from the chunk it reads, as Dask's do on NaN chunks; the
// reductions, histograms and unique values of such arrays take the
// shape of each chunk the same way. Operations that need the sizes to
// plan their graph (indexing, reshaping, joining, padding, scans, top-k,
// elementwise operations of several arrays, rechunking …) return an
// error wrapping ErrUnknownChunks; Transpose, SwapAxes and MoveAxis do
// not need them and keep the sizes unknown.

// ErrUnknownChunks is wrapped by the error of an operation that needs
// chunk sizes which are not known yet (after boolean-mask indexing).
// Call ComputeChunkSizes first.
var ErrUnknownChunks = errors.New("chunk sizes are unknown; call ComputeChunkSizes")

// KnownChunks reports whether every chunk size of x is known. It is
// false after boolean-mask indexing until ComputeChunkSizes or Persist.
func (x *Array) KnownChunks() bool { return x.unknown == nil }

// requireKnown returns an Array carrying an error for operation op when
// any of arrays has unknown chunk sizes (or carries an error), else nil.
func requireKnown(op string, arrays ...*Array) *Array {
	if err := firstErr(arrays...); err != nil {
		return errArray(err)
	}
	for _, a := range arrays {
		if a.unknown != nil {
			return errArray(fmt.Errorf("array: %s: %w", op, ErrUnknownChunks))
		}
	}
	return nil
}

func (a *Array) unknownShape() []int {
	s := append([]int(nil), a.grid.Shape()...)
	for i, u := range a.unknown {
		if u {
			s[i] = -1
		}
	}
	return s
}

func (a *Array) unknownChunks() [][]int {
	cs := append([][]int(nil), a.grid.Chunks()...)
	for i, u := range a.unknown {
		if u {
			c := make([]int, len(cs[i]))
			for j := range c {
				c[j] = -1
			}
			cs[i] = c
		}
	}
	return cs
}

// blockShapeOK reports whether a computed chunk of shape s fits block idx
// of a: equal on known axes, at most the bound on unknown ones.
func (a *Array) blockShapeOK(s []int, idx []int) bool {
	want := a.grid.BlockShape(idx)
	if len(s) != len(want) {
		return false
	}
	for i := range s {
		if s[i] != want[i] && (a.unknown == nil || !a.unknown[i] || s[i] > want[i] || s[i] < 0) {
			return false
		}
	}
	return true
}

// gridOfBlocks returns the real grid of a from its computed blocks (C
// order), checking that blocks in one slab agree on their size.
func gridOfBlocks(a *Array, blocks []*chunk.Dense) (chunk.Grid, error) {
	shapes := make([][]int, len(blocks))
	for i, b := range blocks {
		shapes[i] = b.Shape()
	}
	return gridOfShapes(a, shapes)
}

func gridOfShapes(a *Array, shapes [][]int) (chunk.Grid, error) {
	nb := a.grid.NumBlocks()
	chunks := make([][]int, len(nb))
	for ax := range nb {
		chunks[ax] = make([]int, nb[ax])
		for j := range chunks[ax] {
			chunks[ax][j] = -1
		}
	}
	i := 0
	var err error
	a.grid.Blocks(func(idx []int) {
		s := shapes[i]
		i++
		for ax, j := range idx {
			switch c := chunks[ax][j]; {
			case c < 0:
				chunks[ax][j] = s[ax]
			case c != s[ax] && err == nil:
				err = fmt.Errorf("array: %s: block %v has length %d on axis %d, other blocks of its slab %d", a.Name(), idx, s[ax], ax, c)
			}
		}
	})
	if err != nil {
		return chunk.Grid{}, err
	}
	return chunk.NewGrid(chunks) // masks may leave chunks that keep nothing (size 0)
}

// nonEmpty returns, for grid g learned from computed blocks, the chunks
// along each axis that keep some element, and for each axis the indices
// in g of the chunks it keeps (nil for an axis without empty chunks; an
// axis whose chunks are all empty keeps its first, of size 0). ok is
// false when no chunk is dropped. A mask's selection is empty along its
// axis in every block of a slab, so dropping those slabs loses nothing,
// and the arrays derived from the result never meet a chunk of size 0.
func nonEmpty(g chunk.Grid) (chunks, index [][]int, ok bool) {
	chunks, index = make([][]int, g.NDim()), make([][]int, g.NDim())
	for a, cs := range g.Chunks() {
		var keep, at []int
		for j, c := range cs {
			if c > 0 {
				keep, at = append(keep, c), append(at, j)
			}
		}
		switch {
		case len(keep) == len(cs):
			chunks[a] = cs
			continue
		case len(keep) == 0:
			keep, at = []int{0}, []int{0}
		}
		chunks[a], index[a], ok = keep, at, ok || len(keep) < len(cs)
	}
	return chunks, index, ok
}

// withoutEmpty returns the array with x's layer and learned grid g, or,
// when some of g's chunks are empty, the array that reads only the
// blocks that are not.
func withoutEmpty(layer scheduler.Layer, g chunk.Grid, dt chunk.DType) (*Array, error) {
	chunks, index, ok := nonEmpty(g)
	if !ok {
		return &Array{layer: layer, grid: g, dtype: dt}, nil
	}
	ng, err := chunk.NewGrid(chunks)
	if err != nil {
		return nil, err
	}
	b := blockwise.NewBuilder(1)
	prog := b.Program(b.Input(0, dt))
	l := blockwise.ExprLayer(prog, ng, []blockwise.Input{{Layer: layer, Axes: identityAxes(g.NDim()), Blocks: index}})
	return &Array{layer: l, grid: ng, dtype: dt}, nil
}

// ComputeChunkSizes computes x's chunks to learn their sizes and returns
// the same lazy array (same name and graph) with known chunk sizes
// (Dask's compute_chunk_sizes); when some chunks keep nothing, the lazy
// array that reads only the others (see nonEmpty; a new name), where
// Dask keeps chunks of size 0. The chunks themselves are not kept:
// later computations run the graph again; use Persist to keep them. An
// array whose sizes are already known is returned as is. Errors of the
// computation are returned.
func (x *Array) ComputeChunkSizes(ctx context.Context, opts ...Option) (*Array, error) {
	if x == nil {
		return nil, errors.New("array: compute_chunk_sizes: nil *Array")
	}
	if x.err != nil {
		return nil, x.err
	}
	if x.unknown == nil {
		return x, nil
	}
	nd := x.NDim()
	p := scheduler.EncodeParams(nd)
	sl := blockwise.New(scheduler.Name("chunk_sizes", p, []byte(x.Name())), x.grid.NumBlocks(), "array.block_shape", p, false,
		blockwise.Input{Layer: x.layer, Axes: identityAxes(nd)})
	keys := scheduler.Keys(sl)
	vals, err := executor(opts).Run(ctx, scheduler.NewGraph(sl), keys)
	if err != nil {
		return nil, err
	}
	shapes := make([][]int, len(vals))
	for i, v := range vals {
		d, ok := v.(*chunk.Dense)
		if !ok || d.DType() != chunk.Int64 || d.Len() != nd {
			return nil, fmt.Errorf("array: compute_chunk_sizes: block %d gave %T", i, v)
		}
		s := chunk.Values[int64](d)
		shapes[i] = make([]int, nd)
		for a := range s {
			shapes[i][a] = int(s[a])
		}
		if !x.blockShapeOK(shapes[i], keys[i].Block()) {
			return nil, fmt.Errorf("array: compute_chunk_sizes: block %v of %s has shape %v, beyond its bound %v", keys[i].Block(), x.Name(), shapes[i], x.grid.BlockShape(keys[i].Block()))
		}
	}
	g, err := gridOfShapes(x, shapes)
	if err != nil {
		return nil, err
	}
	return withoutEmpty(x.layer, g, x.dtype)
}

func init() {
	scheduler.RegisterBorrowing("array.block_shape", func(b []byte) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			s := ds[0].Shape()
			v := make([]int64, len(s))
			for i, n := range s {
				v[i] = int64(n)
			}
			return chunk.FromSlice([]int{len(v)}, v)
		}, nil
	})
}

// keptBlocks returns the blocks of grid g (C order) that index keeps
// along each axis (nil: all), in C order: the blocks of the grid kept.
func keptBlocks(g chunk.Grid, index [][]int, blocks []*chunk.Dense) []*chunk.Dense {
	strides := chunk.Strides(g.NumBlocks())
	var out []*chunk.Dense
	kept := make([]int, g.NDim())
	for a := range kept {
		kept[a] = g.NumBlocks()[a]
		if index[a] != nil {
			kept[a] = len(index[a])
		}
	}
	chunk.EachIndex(kept, func(idx []int) {
		off := 0
		for a, j := range idx {
			if index[a] != nil {
				j = index[a][j]
			}
			off += j * strides[a]
		}
		out = append(out, blocks[off])
	})
	return out
}
