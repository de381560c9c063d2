package array

import (
	"fmt"
	"runtime"
	"sync/atomic"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
	"github.com/chunkwise/chunkwise/scheduler"
)

// BlockFunc computes one output chunk from the corresponding chunks of
// the inputs. block is the output block index. It must not modify its
// inputs, must be safe for concurrent calls, and must return a chunk of
// the block's shape and the declared dtype.
type BlockFunc func(block []int, inputs ...*chunk.Dense) (*chunk.Dense, error)

var (
	blockFuncs = registry.New[BlockFunc]("array: block function")
	closureID  atomic.Int64
)

// RegisterBlockFunc registers f under name so that MapBlocksNamed can
// refer to it, in this process and in workers running the same binary
// (DESIGN decision 1). Registering a name again with the same function
// replaces it (a closure's new captured values take over); with a
// different function, a nil one or an empty name it is an error (the
// rule of package internal/registry).
func RegisterBlockFunc(name string, f BlockFunc) error {
	if f == nil {
		return fmt.Errorf("array: block function %q is nil", name)
	}
	_, err := blockFuncs.Add(name, registry.Code(f), f)
	return err
}

// MapBlocks applies f to the corresponding chunks of the arrays, which
// must have the same number of blocks on every axis (chunks are aligned
// by rechunking to the first array's when the shapes match). The result
// has dtype dt and the first array's chunks. f is a closure: the result
// gets a fresh name, so two MapBlocks calls never share work; use
// MapBlocksNamed for functions that must run on other machines or be
// deduplicated by key. f is registered under a fresh name for as long as
// the result (or an array computed from it) lives, and no longer.
func MapBlocks(f BlockFunc, dt chunk.DType, arrays ...*Array) *Array {
	name := fmt.Sprintf("closure-%d", closureID.Add(1))
	a := mapBlocks(name, nil, dt, arrays)
	if a.err != nil {
		return a
	}
	if f == nil {
		return errorf("map_blocks", "nil block function")
	}
	if _, err := blockFuncs.Add(name, registry.Code(f), f); err != nil {
		return errorf("map_blocks", "%v", err)
	}
	l := &closureLayer{Layer: a.layer}
	runtime.AddCleanup(l, blockFuncs.Delete, name)
	a.layer = l
	return a
}

// closureLayer is the layer of a MapBlocks result: its function stays
// registered while the layer is reachable (from the result or any array
// built on it) and is forgotten when the layer is collected.
type closureLayer struct{ scheduler.Layer }

// MapBlocksNamed is MapBlocks with a function registered by name and
// parameters that are part of the result's deterministic name.
func MapBlocksNamed(name string, params []byte, dt chunk.DType, arrays ...*Array) *Array {
	if _, ok := blockFuncs.Get(name); !ok {
		return errorf("map_blocks", "no block function registered as %q", name)
	}
	return mapBlocks(name, params, dt, arrays)
}

type mapParams struct {
	Func   string
	Params []byte
	DType  chunk.DType
	Chunks [][]int
}

func mapBlocks(fname string, fparams []byte, dt chunk.DType, arrays []*Array) *Array {
	if len(arrays) == 0 {
		return errorf("map_blocks", "no input arrays")
	}
	if bad := requireKnown("map_blocks", arrays...); bad != nil {
		return bad
	}
	if !dt.Valid() {
		return errorf("map_blocks", "invalid dtype %v", dt)
	}
	first := arrays[0]
	inputs := make([]blockwise.Input, len(arrays))
	parts := [][]byte{}
	for i, a := range arrays {
		if a.NDim() != first.NDim() {
			return errorf("map_blocks", "input %d has %d axes, input 0 has %d", i, a.NDim(), first.NDim())
		}
		if !a.grid.Equal(first.grid) {
			if !chunk.EqualShapes(a.Shape(), first.Shape()) {
				return errorf("map_blocks", "input %d has shape %v, input 0 has %v", i, a.Shape(), first.Shape())
			}
			a = a.Rechunk(alignSpec(a, first.grid))
		}
		inputs[i] = blockwise.Input{Layer: a.layer, Axes: identityAxes(a.NDim())}
		parts = append(parts, []byte(a.Name()))
	}
	p := mapParams{Func: fname, Params: fparams, DType: dt, Chunks: first.Chunks()}
	params := scheduler.EncodeParams(p)
	l := blockwise.New(scheduler.Name("map_blocks-"+fname, append([][]byte{params}, parts...)...), first.NumBlocks(), "array.map_blocks", params, false, inputs...)
	return newLayerArray(l, first.grid, dt)
}

func init() {
	scheduler.RegisterTyped("array.map_blocks", func(p mapParams) (scheduler.Func, error) {
		f, ok := blockFuncs.Get(p.Func)
		if !ok {
			return nil, fmt.Errorf("no block function registered as %q in this binary", p.Func)
		}
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			out, err := f(block, ds...)
			if err != nil {
				return nil, fmt.Errorf("block function %s: %w", p.Func, err)
			}
			if out == nil || out.DType() != p.DType || !chunk.EqualShapes(out.Shape(), g.BlockShape(block)) {
				var got any = "nil"
				if out != nil {
					got = fmt.Sprintf("a %v chunk of shape %v", out.DType(), out.Shape())
				}
				return nil, fmt.Errorf("block function %s returned %v, want a %v chunk of shape %v", p.Func, got, p.DType, g.BlockShape(block))
			}
			return out, nil
		}, nil
	})
}

// Map applies f to every element of x, whose dtype must be T's, giving
// an array of U's dtype. f runs in a tight loop per chunk; like
// MapBlocks, the result has a fresh name.
func Map[T, U chunk.Element](x *Array, f func(T) U) *Array {
	if x == nil {
		return errorf("map", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	if want := chunk.DTypeOf[T](); x.dtype != want {
		return errorf("map", "array has dtype %v, function takes %v", x.dtype, want)
	}
	return MapBlocks(func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		src := chunk.Values[T](in[0])
		dst := make([]U, len(src))
		for i, v := range src {
			dst[i] = f(v)
		}
		return chunk.FromSlice(in[0].Shape(), dst)
	}, chunk.DTypeOf[U](), x)
}
