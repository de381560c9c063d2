package array

import (
	"fmt"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
	"github.com/chunkwise/chunkwise/scheduler"
)

// MapOptions are Dask's map_blocks options.
//
// The inputs are aligned at their last axes, as NumPy broadcasts them:
// the frame has as many axes as the input with the most, and an input
// with fewer axes lacks the leading ones. On each axis of the frame the
// inputs longer than 1 must have one length and are rechunked to the
// chunks of the first of them; an input of length 1 there is broadcast:
// every block reads its single chunk, which f receives as it is (f
// broadcasts, as a NumPy function would).
type MapOptions struct {
	// DropAxis lists axes of the frame (negative ones count from the end)
	// that the output lacks. The inputs are rechunked to one chunk along
	// them, so f sees them whole (Dask concatenates the blocks there).
	DropAxis []int
	// NewAxis lists positions of the output (after dropping; negative
	// ones count from the end) where f's result has an axis the inputs
	// lack. Such an axis is one chunk, of length 1 unless Chunks says.
	NewAxis []int
	// Chunks, when not nil, gives the output's chunks, one entry per
	// output axis: a single size that every block of that axis has, or
	// the list of sizes, one per block. The number of blocks per axis is
	// fixed by the inputs; f must return blocks of these shapes.
	Chunks [][]int
}

// BlockLocation says where one block lies in its array (Dask's
// block_info entry).
type BlockLocation struct {
	Shape     []int     // the whole array's shape
	NumBlocks []int     // its number of chunks per axis
	Block     []int     // the block's index (chunk-location)
	Box       chunk.Box // the block's elements (array-location)
}

// BlockInfo tells a block function where its output block and each
// input chunk lie. Along an axis an input is broadcast on or that is
// dropped, its block index is 0 and its box spans the whole axis.
type BlockInfo struct {
	Output BlockLocation
	Inputs []BlockLocation
	// Params are MapBlocksNamed's parameters as given (nil for MapBlocks).
	Params []byte
}

// BlockInfoFunc computes one output block from the input chunks
// described by info. Like a BlockFunc it must not modify its inputs or
// keep them once it returns (except as its result), must be safe for
// concurrent calls and must return a chunk of the output block's shape
// (info.Output.Box.Shape()) and the declared dtype.
type BlockInfoFunc func(info *BlockInfo, inputs ...*chunk.Dense) (*chunk.Dense, error)

// RegisterBlockInfoFunc registers f under name for MapBlocksNamed and
// MapBlocksNamedWith, with RegisterBlockFunc's rule.
func RegisterBlockInfoFunc(name string, f BlockInfoFunc) error {
	if f == nil {
		return fmt.Errorf("array: block function %q is nil", name)
	}
	_, err := blockFuncs.Add(name, registry.Code(f), f)
	return err
}

// MapBlocksWith is Dask's map_blocks in full: MapBlocks with MapOptions
// (dropped and new axes, explicit output chunks; inputs broadcast) and a
// function told where each block lies. Bad options (an axis out of
// range or repeated, chunks of the wrong number of axes or blocks) and
// inputs that do not broadcast give an error naming them.
func MapBlocksWith(f BlockInfoFunc, dt chunk.DType, o MapOptions, arrays ...*Array) *Array {
	if f == nil {
		return mapBlocksClosure(nil, nil, dt, o, arrays)
	}
	return mapBlocksClosure(f, f, dt, o, arrays)
}

// MapBlocksNamedWith is MapBlocksWith with a function registered by name
// (RegisterBlockFunc or RegisterBlockInfoFunc) and parameters that are
// part of the result's deterministic name and reach a BlockInfoFunc as
// info.Params.
func MapBlocksNamedWith(name string, params []byte, dt chunk.DType, o MapOptions, arrays ...*Array) *Array {
	if _, ok := blockFuncs.Get(name); !ok {
		return errorf("map_blocks", "no block function registered as %q", name)
	}
	return mapBlocks(name, params, dt, o, arrays)
}

// mapInput is what a map_blocks kernel knows of one input.
type mapInput struct {
	Chunks [][]int
	Axes   []int // per input axis, the output axis it follows, or -1
}

type mapParams struct {
	Func   string
	Params []byte
	DType  chunk.DType
	Chunks [][]int
	In     []mapInput
}

func mapBlocks(fname string, fparams []byte, dt chunk.DType, o MapOptions, arrays []*Array) *Array {
	if len(arrays) == 0 {
		return errorf("map_blocks", "no input arrays")
	}
	if bad := requireKnown("map_blocks", arrays...); bad != nil {
		return bad
	}
	if !dt.Valid() {
		return errorf("map_blocks", "invalid dtype %v", dt)
	}
	nd := 0
	for _, a := range arrays {
		nd = max(nd, a.NDim())
	}
	drop := make([]bool, nd)
	for _, ax := range o.DropAxis {
		a, err := normAxis(ax, nd)
		if err != nil || drop[a] {
			return errorf("map_blocks", "drop axis %d is out of range or repeated for %d axes", ax, nd)
		}
		drop[a] = true
	}
	// The frame's length and chunks per axis: those of the first input
	// longer than 1 there.
	length, chunks, from := make([]int, nd), make([][]int, nd), make([]int, nd)
	for ax := range nd {
		length[ax] = 1
		for i, a := range arrays {
			j := ax - (nd - a.NDim())
			if j < 0 || a.Shape()[j] == 1 {
				continue
			}
			if chunks[ax] == nil {
				length[ax], chunks[ax], from[ax] = a.Shape()[j], a.Chunks()[j], i
			} else if a.Shape()[j] != length[ax] {
				return errorf("map_blocks", "input %d has shape %v, which does not broadcast with input %d of shape %v", i, a.Shape(), from[ax], arrays[from[ax]].Shape())
			}
		}
		if chunks[ax] == nil {
			chunks[ax] = []int{1}
		}
	}
	outAxis := make([]int, nd) // frame axis → output axis before new axes
	var kept []int
	for ax := range nd {
		outAxis[ax] = -1
		if !drop[ax] {
			outAxis[ax] = len(kept)
			kept = append(kept, ax)
		}
	}
	nOut := len(kept) + len(o.NewAxis)
	isNew := make([]bool, nOut)
	for _, ax := range o.NewAxis {
		a, err := normAxis(ax, nOut)
		if err != nil || isNew[a] {
			return errorf("map_blocks", "new axis %d is out of range or repeated for %d output axes", ax, nOut)
		}
		isNew[a] = true
	}
	outChunks := make([][]int, 0, nOut)
	shift := make([]int, len(kept)) // output axis before new axes → after
	for a, k := 0, 0; a < nOut; a++ {
		if isNew[a] {
			outChunks = append(outChunks, []int{1})
			continue
		}
		shift[k] = a
		outChunks = append(outChunks, chunks[kept[k]])
		k++
	}
	if o.Chunks != nil {
		if len(o.Chunks) != nOut {
			return errorf("map_blocks", "chunks have %d axes, the output has %d", len(o.Chunks), nOut)
		}
		for a, c := range o.Chunks {
			nb := len(outChunks[a])
			switch {
			case len(c) == 1:
				outChunks[a] = slices.Repeat([]int{c[0]}, nb)
			case len(c) == nb:
				outChunks[a] = slices.Clone(c)
			default:
				return errorf("map_blocks", "output axis %d has %d blocks, chunks give %d", a, nb, len(c))
			}
		}
	}
	g, err := chunk.NewGrid(outChunks)
	if err != nil {
		return errorf("map_blocks", "%v", err)
	}
	inputs := make([]blockwise.Input, len(arrays))
	p := mapParams{Func: fname, Params: fparams, DType: dt, Chunks: g.Chunks(), In: make([]mapInput, len(arrays))}
	parts := [][]byte{nil}
	for i, a := range arrays {
		lead := nd - a.NDim()
		want := make([][]int, a.NDim())
		axes := make([]int, a.NDim())
		for j := range want {
			ax := lead + j
			switch {
			case drop[ax]:
				want[j], axes[j] = []int{a.Shape()[j]}, -1
			case a.Shape()[j] == 1 && length[ax] != 1:
				want[j], axes[j] = []int{1}, -1
			default:
				want[j], axes[j] = chunks[ax], shift[outAxis[ax]]
			}
		}
		ag, err := chunk.NewGrid(want)
		if err != nil {
			return errorf("map_blocks", "%v", err)
		}
		a = a.rechunkTo(ag)
		if a.err != nil {
			return a
		}
		inputs[i] = blockwise.Input{Layer: a.layer, Axes: axes}
		p.In[i] = mapInput{Chunks: a.Chunks(), Axes: axes}
		parts = append(parts, []byte(a.Name()))
	}
	params := scheduler.EncodeParams(p)
	parts[0] = params
	l := blockwise.New(scheduler.Name("map_blocks-"+fname, parts...), g.NumBlocks(), "array.map_blocks", params, false, inputs...)
	return newLayerArray(l, g, dt)
}

// location returns where block lies in grid g.
func location(g chunk.Grid, block []int) BlockLocation {
	return BlockLocation{Shape: g.Shape(), NumBlocks: g.NumBlocks(), Block: block, Box: g.BlockBox(block)}
}

func init() {
	// The function borrows its inputs (BlockFunc's contract): once it
	// returns they are recycled, unless its result shares their memory.
	scheduler.RegisterTypedBorrowing("array.map_blocks", func(p mapParams) (scheduler.Func, error) {
		f, ok := blockFuncs.Get(p.Func)
		if !ok {
			return nil, fmt.Errorf("no block function registered as %q in this binary", p.Func)
		}
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		ins := make([]chunk.Grid, len(p.In))
		for i, in := range p.In {
			if ins[i], err = chunk.NewGrid(in.Chunks); err != nil {
				return nil, err
			}
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			info := &BlockInfo{Output: location(g, block), Inputs: make([]BlockLocation, len(ins)), Params: p.Params}
			for i, ig := range ins {
				b := make([]int, len(p.In[i].Axes))
				for j, ax := range p.In[i].Axes {
					if ax >= 0 {
						b[j] = block[ax]
					}
				}
				info.Inputs[i] = location(ig, b)
			}
			out, err := f(info, ds...)
			if out != nil {
				for _, d := range ds {
					if out.Shares(d) {
						d.Pin() // the result is an input or a view of one
					}
				}
			}
			if err != nil {
				return nil, fmt.Errorf("block function %s: %w", p.Func, err)
			}
			if want := info.Output.Box.Shape(); out == nil || out.DType() != p.DType || !chunk.EqualShapes(out.Shape(), want) {
				var got any = "nil"
				if out != nil {
					got = fmt.Sprintf("a %v chunk of shape %v", out.DType(), out.Shape())
				}
				return nil, fmt.Errorf("block function %s returned %v, want a %v chunk of shape %v", p.Func, got, p.DType, want)
			}
			return out, nil
		}, nil
	})
}
