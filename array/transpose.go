package array

import (
	"encoding/json"
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Transpose permutes the axes: axis i of the result is axis axes[i] of x
// (numpy.transpose). Without axes it reverses them. Negative axes count
// from the end; a list that is not a permutation is an error.
func (x *Array) Transpose(axes ...int) *Array {
	if x == nil {
		return errorf("transpose", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	nd := x.NDim()
	perm := make([]int, nd)
	if len(axes) == 0 {
		for i := range perm {
			perm[i] = nd - 1 - i
		}
	} else {
		if len(axes) != nd {
			return errorf("transpose", "axes %v don't match array of dimension %d", axes, nd)
		}
		seen := make([]bool, nd)
		for i, a := range axes {
			if a < -nd || a >= nd {
				return errorf("transpose", "axis %d is out of bounds for array of dimension %d", a, nd)
			}
			if a < 0 {
				a += nd
			}
			if seen[a] {
				return errorf("transpose", "repeated axis %d in %v", a, axes)
			}
			seen[a] = true
			perm[i] = a
		}
	}
	identity := true
	for i, a := range perm {
		identity = identity && a == i
	}
	if identity {
		return x
	}
	chunks := make([][]int, nd)
	var unknown []bool // unknown chunk sizes move with their axes
	if x.unknown != nil {
		unknown = make([]bool, nd)
	}
	for i, a := range perm {
		chunks[i] = x.grid.Chunks()[a]
		if unknown != nil {
			unknown[i] = x.unknown[a]
		}
	}
	g, err := chunk.NewGridAllowEmpty(chunks)
	if err != nil {
		return errorf("transpose", "%v", err)
	}
	// Input axis a follows output axis i where perm[i] == a.
	inAxes := make([]int, nd)
	for i, a := range perm {
		inAxes[a] = i
	}
	params, _ := json.Marshal(perm)
	l := blockwise.New(scheduler.Name("transpose", params, []byte(x.Name())), g.NumBlocks(), "array.transpose", params, true,
		blockwise.Input{Layer: x.layer, Axes: inAxes})
	t := newLayerArray(l, g, x.dtype)
	t.unknown = unknown
	return t
}

// T returns x with its axes reversed (x.T in NumPy).
func (x *Array) T() *Array { return x.Transpose() }

// transposeDense returns d with axes permuted by perm.
func transposeDense(d *chunk.Dense, perm []int) *chunk.Dense {
	in := d.Shape()
	nd := len(in)
	shape := make([]int, nd)
	for i, a := range perm {
		shape[i] = in[a]
	}
	out := chunk.NewDense(d.DType(), shape)
	if nd == 2 && perm[0] == 1 {
		transpose2D(out.Data(), d.Data(), in[0], in[1])
		return out
	}
	// General case: walk the output in C order with input strides.
	st := chunk.Strides(in)
	src := make([]int, nd)
	for i, a := range perm {
		src[i] = st[a]
	}
	es := d.DType().Size()
	ob, ib := out.Bytes(), d.Bytes()
	p := 0
	chunk.EachIndex(shape, func(idx []int) {
		q := 0
		for i, v := range idx {
			q += v * src[i]
		}
		copy(ob[p*es:(p+1)*es], ib[q*es:(q+1)*es])
		p++
	})
	return out
}

// transpose2D writes the transpose of the r×c matrix src into dst in
// cache-sized tiles.
func transpose2D(dst, src any, r, c int) {
	switch s := src.(type) {
	case []float64:
		transposeT(dst.([]float64), s, r, c)
	case []float32:
		transposeT(dst.([]float32), s, r, c)
	case []int64:
		transposeT(dst.([]int64), s, r, c)
	case []uint64:
		transposeT(dst.([]uint64), s, r, c)
	case []int32:
		transposeT(dst.([]int32), s, r, c)
	case []uint32:
		transposeT(dst.([]uint32), s, r, c)
	case []int16:
		transposeT(dst.([]int16), s, r, c)
	case []uint16:
		transposeT(dst.([]uint16), s, r, c)
	case []int8:
		transposeT(dst.([]int8), s, r, c)
	case []uint8:
		transposeT(dst.([]uint8), s, r, c)
	case []bool:
		transposeT(dst.([]bool), s, r, c)
	default:
		panic(fmt.Sprintf("array: transpose of %T", src))
	}
}

func transposeT[T any](dst, src []T, r, c int) {
	const b = 32
	for i0 := 0; i0 < r; i0 += b {
		for j0 := 0; j0 < c; j0 += b {
			for i := i0; i < min(i0+b, r); i++ {
				row := src[i*c : i*c+c]
				for j := j0; j < min(j0+b, c); j++ {
					dst[j*r+i] = row[j]
				}
			}
		}
	}
}

func init() {
	scheduler.Register("array.transpose", func(b []byte) (scheduler.Func, error) {
		var perm []int
		if err := json.Unmarshal(b, &perm); err != nil {
			return nil, err
		}
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if len(perm) != len(ds[0].Shape()) {
				return nil, fmt.Errorf("array: transpose of %d axes applied to a chunk of shape %v", len(perm), ds[0].Shape())
			}
			return transposeDense(ds[0], perm), nil
		}, nil
	})
}
