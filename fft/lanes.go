package fft

import (
	"slices"
	"sync"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// batch is how many adjacent lanes are gathered at a time when the
// transformed axis is not the last: their values at one position along
// the axis are contiguous, so each gathered run fills whole cache lines.
const batch = 8

// laneWorker is one task's state: a lane function holding its plan and
// scratch, and buffers for gathered lanes and their results.
type laneWorker[T, U chunk.Element] struct {
	lane func(dst []U, src []T)
	in   []T
	out  []U
}

// alongAxis replaces each lane of x along axis (m values) by n values
// computed by a lane function, like array.ApplyAlongAxis but without its
// per-lane copies: lanes along the last axis are passed in place, other
// lanes are gathered in batches of adjacent ones. As in Dask, the axis is
// first rechunked to one chunk. newLane makes a lane function with its
// own plan; each task takes one from a pool for all its lanes. A lane
// function must not modify src.
func alongAxis[T, U chunk.Element](op string, x *array.Array, axis, n int, newLane func() func(dst []U, src []T)) *array.Array {
	if !x.KnownChunks() {
		return fail(op, "%w", array.ErrUnknownChunks)
	}
	cs := slices.Clone(x.Chunks())
	cs[axis] = []int{n}
	pool := sync.Pool{New: func() any { return &laneWorker[T, U]{lane: newLane()} }}
	return array.MapBlocksWith(func(info *array.BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
		w := pool.Get().(*laneWorker[T, U])
		defer pool.Put(w)
		s := in[0].Shape()
		outer, m, inner := chunk.Prod(s[:axis]), s[axis], chunk.Prod(s[axis+1:])
		src := chunk.Values[T](in[0])
		res := chunk.NewPooledDense(chunk.DTypeOf[U](), info.Output.Box.Shape()) // every element is written
		dst := chunk.Values[U](res)
		if inner == 1 {
			for i := range outer {
				w.lane(dst[i*n:][:n], src[i*m:][:m])
			}
			return res, nil
		}
		if w.in == nil {
			w.in, w.out = make([]T, batch*m), make([]U, batch*n)
		}
		for i := range outer {
			for j := 0; j < inner; j += batch {
				b := min(batch, inner-j)
				for k := range m { // lane l's value k is src[(i·m+k)·inner + j+l]
					for l, v := range src[(i*m+k)*inner+j:][:b] {
						w.in[l*m+k] = v
					}
				}
				for l := range b {
					w.lane(w.out[l*n:][:n], w.in[l*m:][:m])
				}
				for k := range n {
					row := dst[(i*n+k)*inner+j:][:b]
					for l := range row {
						row[l] = w.out[l*n+k]
					}
				}
			}
		}
		return res, nil
	}, chunk.DTypeOf[U](), array.MapOptions{DropAxis: []int{axis}, NewAxis: []int{axis}, Chunks: cs}, x)
}
