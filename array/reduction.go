package array

import (
	"fmt"
	"math"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
	"github.com/chunkwise/chunkwise/reductions"
	"github.com/chunkwise/chunkwise/scheduler"
)

// ReduceFuncs are the three steps of a user-defined tree reduction
// (Dask's da.reduction). Partial values may be anything the steps agree
// on; a *chunk.Dense or a *reductions.Partial lets the scheduler count
// their bytes and spill or send them. Each function must be safe for
// concurrent calls, must not modify its inputs, and should be
// deterministic (a task may run twice).
type ReduceFuncs struct {
	// Chunk reduces one input chunk over the reduced axes (sorted) to a
	// partial.
	Chunk func(c *chunk.Dense, axes []int) (any, error)
	// Combine merges several partials, given in C order of block index.
	Combine func(parts []any, axes []int) (any, error)
	// Aggregate turns the last group of partials into the output block:
	// a buffer of the declared dtype with the input block's shape on the
	// kept axes and length 1 on the reduced ones (KeepDims drops or
	// keeps them afterwards).
	Aggregate func(parts []any, axes []int) (*chunk.Dense, error)
}

var reduceFuncs = registry.New[ReduceFuncs]("array: reduction")

// RegisterReduction registers a user reduction under name, so that
// Reduction graphs can name it in this process and in workers running the
// same binary. Every step must be set. Registering a name again with the
// same functions replaces them (closures' new captured values take over);
// with different ones it is an error (the rule of package
// internal/registry).
func RegisterReduction(name string, f ReduceFuncs) error {
	if f.Chunk == nil || f.Combine == nil || f.Aggregate == nil {
		return fmt.Errorf("array: reduction %q needs Chunk, Combine and Aggregate functions", name)
	}
	code := [3]uintptr{registry.Code(f.Chunk), registry.Code(f.Combine), registry.Code(f.Aggregate)}
	_, err := reduceFuncs.Add(name, code, f)
	return err
}

type userReduceParams struct {
	Func      string
	Axes      []int
	DType     chunk.DType
	OutChunks [][]int
}

// Reduction returns the tree reduction of x by the functions registered
// as name (RegisterReduction), with result dtype dt, over the axes given
// by Axis (all by default), with KeepDims and SplitEvery as for Sum: the
// Chunk step runs on every chunk, Combine merges SplitEvery partials per
// reduced axis level by level, and Aggregate makes each output block. An
// unknown name, a bad axis or an invalid dtype is an error; an error
// returned by a step fails Compute with the step named.
func Reduction(x *Array, name string, dt chunk.DType, opts ...ReduceOption) *Array {
	if x == nil {
		return errorf("reduction", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	if _, ok := reduceFuncs.Get(name); !ok {
		return errorf("reduction", "no reduction registered as %q", name)
	}
	if !dt.Valid() {
		return errorf("reduction", "invalid dtype %v", dt)
	}
	c, axes, split, err := resolveReduce("reduction", x.NDim(), opts)
	if err != nil {
		return errorf("reduction", "%v", err)
	}
	reduced := make([]bool, x.NDim())
	for _, a := range axes {
		reduced[a] = true
	}
	sp := make([]int, x.NDim())
	for a := range sp {
		sp[a] = max(int(math.Pow(16, 1/float64(max(len(axes), 1)))), 2)
		if split != nil && split[a] != 0 {
			if split[a] < 2 {
				return errorf("reduction", "split_every %d on axis %d must be at least 2", split[a], a)
			}
			sp[a] = split[a]
		}
	}
	if split != nil && len(split) != x.NDim() {
		return errorf("reduction", "split_every has %d entries for %d axes", len(split), x.NDim())
	}
	keep := reductions.OutChunks(x.grid, reduced, true)
	p := userReduceParams{Func: name, Axes: axes, DType: dt, OutChunks: keep}
	params := scheduler.EncodeParams(p)
	chunkLayer := blockwise.New(scheduler.Name("reduction-"+name+"-chunk", params, []byte(x.Name())), x.NumBlocks(),
		"array.reduction_chunk", params, false, blockwise.Input{Layer: x.layer, Axes: identityAxes(x.NDim())})
	t := reductions.Tree{Name: "reduction-" + name, Partials: chunkLayer, Reduced: reduced, Split: sp,
		Combine: "array.reduction_combine", CombineParams: params, Aggregate: "array.reduction_agg", AggregateParams: params, KeepDims: c.keepDims}
	g, err := chunk.NewGrid(reductions.OutChunks(x.grid, reduced, c.keepDims))
	if err != nil {
		return errorf("reduction", "%v", err)
	}
	return newLayerArray(t.Layer(), g, dt)
}

func init() {
	prepare := func(b []byte) (*userReduceParams, ReduceFuncs, error) {
		var p userReduceParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, ReduceFuncs{}, err
		}
		f, ok := reduceFuncs.Get(p.Func)
		if !ok {
			return nil, ReduceFuncs{}, fmt.Errorf("no reduction registered as %q in this binary", p.Func)
		}
		return &p, f, nil
	}
	scheduler.Register("array.reduction_chunk", func(b []byte) (scheduler.Func, error) {
		p, f, err := prepare(b)
		if err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			v, err := f.Chunk(ds[0], p.Axes)
			if err != nil {
				return nil, fmt.Errorf("reduction %s: chunk: %w", p.Func, err)
			}
			return v, nil
		}, nil
	})
	scheduler.Register("array.reduction_combine", func(b []byte) (scheduler.Func, error) {
		p, f, err := prepare(b)
		if err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			v, err := f.Combine(in, p.Axes)
			if err != nil {
				return nil, fmt.Errorf("reduction %s: combine: %w", p.Func, err)
			}
			return v, nil
		}, nil
	})
	scheduler.Register("array.reduction_agg", func(b []byte) (scheduler.Func, error) {
		p, f, err := prepare(b)
		if err != nil {
			return nil, err
		}
		return func(block []int, in []any) (any, error) {
			d, err := f.Aggregate(in, p.Axes)
			if err != nil {
				return nil, fmt.Errorf("reduction %s: aggregate: %w", p.Func, err)
			}
			// block indexes the output grid; map it to keepdims blocks.
			full := make([]int, len(p.OutChunks))
			red := make([]bool, len(p.OutChunks))
			for _, a := range p.Axes {
				red[a] = true
			}
			j := 0
			for a := range full {
				if red[a] && len(block) < len(full) {
					continue
				}
				full[a] = block[j]
				j++
			}
			shape := make([]int, len(full))
			for a := range full {
				shape[a] = p.OutChunks[a][full[a]]
			}
			if d == nil || d.DType() != p.DType || !chunk.EqualShapes(d.Shape(), shape) {
				var got any = "nil"
				if d != nil {
					got = fmt.Sprintf("a %v buffer of shape %v", d.DType(), d.Shape())
				}
				return nil, fmt.Errorf("reduction %s: aggregate returned %v, want %v of shape %v", p.Func, got, p.DType, shape)
			}
			var out []int
			for a, n := range shape {
				if !red[a] || len(block) == len(full) {
					out = append(out, n)
				}
			}
			return d.Reshape(out)
		}, nil
	})
}
