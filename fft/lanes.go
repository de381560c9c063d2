package fft

import (
	"slices"
	"sync"
	"unsafe"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// prefetchRows is how many rows ahead transposeTo asks for the rows it
// will read when they are far apart.
const prefetchRows = 16

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
			blk, out := src[i*m*inner:][:m*inner], dst[i*n*inner:][:n*inner]
			for j := 0; j < inner; j += batch {
				b := min(batch, inner-j)
				if m > 0 { // else blk is empty and the lanes are all padding
					transposeTo(w.in, m, blk[j:], inner, m, b)
				}
				for l := range b {
					w.lane(w.out[l*n:][:n], w.in[l*m:][:m])
				}
				transposeTo(out[j:], inner, w.out, n, b, n)
			}
		}
		return res, nil
	}, chunk.DTypeOf[U](), array.MapOptions{DropAxis: []int{axis}, NewAxis: []int{axis}, Chunks: cs}, x)
}

// transposeTo sets d[c·dn + r] = s[r·sn + c] for r < rows, c < cols: it
// gathers columns of s into rows of d. Four rows of s at a time fill
// four consecutive values of each row of d; rows of s 4 KiB apart or
// more are prefetched prefetchRows ahead.
func transposeTo[T chunk.Element](d []T, dn int, s []T, sn, rows, cols int) {
	var zero T
	r, size := 0, int(unsafe.Sizeof(zero))
	pf := sn*size >= 4096 // rows on pages of their own, where hardware prefetchers stop
	for ; r+4 <= rows; r += 4 {
		if pf && r+prefetchRows+4 <= rows {
			for q := r + prefetchRows; q < r+prefetchRows+4; q++ {
				vec.Prefetch(unsafe.Pointer(&s[q*sn]), cols*size)
			}
		}
		s0, s1, s2, s3 := s[r*sn:][:cols], s[(r+1)*sn:][:cols], s[(r+2)*sn:][:cols], s[(r+3)*sn:][:cols]
		for c := range cols {
			o := d[c*dn+r:][:4]
			o[0], o[1], o[2], o[3] = s0[c], s1[c], s2[c], s3[c]
		}
	}
	for ; r < rows; r++ {
		for c, v := range s[r*sn:][:cols] {
			d[c*dn+r] = v
		}
	}
}
