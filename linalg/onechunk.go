package linalg

import (
	"fmt"
	"math"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas/blas64"
)

// Operations that need a whole matrix in one task (the SVD of a TSQR's R
// factor, Lstsq's scaling by the singular values) run as one "dense" task on
// inputs rechunked to one chunk each. Its outputs travel packed in one
// flat chunk and are cut out by "linalg.part" tasks.

// denseFunc computes the outputs of a dense operation from its inputs
// and the operation's parameters.
type denseFunc func(params []byte, in []blas64.General) ([]blas64.General, error)

var denseFuncs = registry.New[denseFunc]("linalg: dense operation")

func registerDense(name string, f denseFunc) {
	if _, err := denseFuncs.Add(name, registry.Code(f), f); err != nil {
		panic(err)
	}
}

type denseParams struct {
	Op     string
	Params []byte
}

type partParams struct {
	Off   int
	Shape []int
}

// MaxChunkBytes bounds the one chunk a dense operation gathers a matrix
// into, and an LU's strips: a quarter of the memory this process may use (see
// scheduler.MachineMemory), or 1 GiB when that is unknown. An operation
// whose matrix is larger returns a "not supported" error instead.
func MaxChunkBytes() int64 {
	if m := scheduler.MachineMemory(); m > 0 {
		return m / 4
	}
	return 1 << 30
}

// dense runs the dense operation op (params p) on the 2-d float64 inputs,
// each gathered into one chunk, and returns the outputs with the given
// shapes as one-chunk float64 arrays. name is the user-facing operation,
// for errors.
func dense(name, op string, p []byte, shapes [][]int, inputs ...*array.Array) []*array.Array {
	fail := func(err error) []*array.Array {
		out := make([]*array.Array, len(shapes))
		for i := range out {
			out[i] = errArray(err)
		}
		return out
	}
	layers := make([]scheduler.Layer, len(inputs))
	for i, x := range inputs {
		if err := x.Err(); err != nil {
			return fail(err)
		}
		if b := x.NBytes(); b > MaxChunkBytes() {
			return fail(fmt.Errorf("linalg: %s: not supported for a %v matrix: it needs one chunk of %d MiB, over the limit of %d MiB (MaxChunkBytes)",
				name, x.Shape(), b>>20, MaxChunkBytes()>>20))
		}
		whole := make(chunk.Spec, x.NDim())
		for a := range whole {
			whole[a] = chunk.Whole()
		}
		x = x.Rechunk(whole)
		if err := x.Err(); err != nil {
			return fail(err)
		}
		layers[i] = x.Layer()
	}
	params := scheduler.EncodeParams(denseParams{Op: op, Params: p})
	d := newLayer(name, "linalg.dense", params, []int{}, layers, func([]int) []scheduler.Key {
		keys := make([]scheduler.Key, len(layers))
		for i, l := range layers {
			keys[i] = key(l, make([]int, len(l.NumBlocks()))...)
		}
		return keys
	})
	out := make([]*array.Array, len(shapes))
	off := 0
	for i, s := range shapes {
		pp := scheduler.EncodeParams(partParams{Off: off, Shape: s})
		nb := make([]int, len(s))
		chunks := make([][]int, len(s))
		for a, n := range s {
			nb[a], chunks[a] = 1, []int{n}
		}
		part := newLayer(name+"-part", "linalg.part", pp, nb, []scheduler.Layer{d},
			func([]int) []scheduler.Key { return []scheduler.Key{key(d)} })
		g, _ := chunk.NewGrid(chunks)
		out[i] = array.FromLayer(part, g, chunk.Float64)
		off += chunk.Prod(s)
	}
	return out
}

func init() {
	scheduler.RegisterTyped("linalg.dense", func(p denseParams) (scheduler.Func, error) {
		f, ok := denseFuncs.Get(p.Op)
		if !ok {
			return nil, fmt.Errorf("linalg: no dense operation %q", p.Op)
		}
		return func(_ []int, in []any) (any, error) {
			ms := make([]blas64.General, len(in))
			for i, v := range in {
				d, ok := v.(*chunk.Dense)
				if !ok {
					return nil, fmt.Errorf("linalg: input %d is a %T, not a chunk", i, v)
				}
				s := d.Shape()
				switch len(s) {
				case 1:
					d, _ = d.Reshape([]int{s[0], 1})
				case 2:
				default:
					return nil, fmt.Errorf("linalg: input %d has shape %v", i, s)
				}
				m, err := matOf(d)
				if err != nil {
					return nil, err
				}
				for _, v := range m.Data {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return nil, fmt.Errorf("linalg: %s: NaN or Inf in input %d", p.Op, i)
					}
				}
				ms[i] = m
			}
			outs, err := f(p.Params, ms)
			if err != nil {
				return nil, err
			}
			var flat []float64
			for _, o := range outs {
				for r := range o.Rows {
					flat = append(flat, o.Data[r*o.Stride:r*o.Stride+o.Cols]...)
				}
			}
			return chunk.FromSlice([]int{len(flat)}, flat)
		}, nil
	})
	scheduler.RegisterTyped("linalg.part", func(p partParams) (scheduler.Func, error) {
		n := chunk.Prod(p.Shape)
		return func(_ []int, in []any) (any, error) {
			d, ok := in[0].(*chunk.Dense)
			if !ok || d.DType() != chunk.Float64 || len(d.Shape()) != 1 || p.Off+n > d.Shape()[0] {
				return nil, fmt.Errorf("linalg: part %d:%d of a packed result that is not long enough", p.Off, p.Off+n)
			}
			v := chunk.Values[float64](d)[p.Off : p.Off+n]
			return chunk.FromSlice(p.Shape, append([]float64(nil), v...))
		}, nil
	})
}
