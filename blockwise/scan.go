package blockwise

import (
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
)

// ScanAlong makes e return the program's values scanned along axis of the
// chunk: the value at index i along axis becomes the sum (the product
// when prod) of those at 0..i, folded in that order, as a cumulative sum
// or product of the chunk alone. Only the last slice along axis is kept
// between tiles, so a consumer that reads the tiles (a reduction, EvalTo)
// gets the scanned chunk without a chunk-sized buffer of its own. Tiles
// must then be asked for in order, from offset 0, each once (a tile out
// of order is left unscanned and makes Err an error). The program
// must give float64, float32, int64, uint64, complex64 or complex128 (the
// scans' dtypes); an axis out of range is an error.
//
// A carry (the program's dtype, the chunk's shape with axis of length 1),
// when not nil, is what the chunks before this one along the axis
// fold to: it is folded into every scanned value (value+carry or
// value*carry, as a scan's apply step does), so that the values are those
// of the scan of the whole array.
func (e *Evaluator) ScanAlong(axis int, prod bool, carry *chunk.Dense) error {
	shape := e.f.Shape
	if axis < 0 || axis >= len(shape) {
		return fmt.Errorf("blockwise: scan axis %d of a %d-d chunk", axis, len(shape))
	}
	n, inner := shape[axis], chunk.Prod(shape[axis+1:])
	dt := e.p.DType()
	if carry != nil && (carry.DType() != dt || carry.Len() != chunk.Prod(shape[:axis])*inner) {
		return fmt.Errorf("blockwise: scan carry of %v %v for a %v chunk of shape %v along axis %d", carry.DType(), carry.Shape(), dt, shape, axis)
	}
	switch dt {
	case chunk.Float64:
		e.scan = newScanState[float64](n, inner, prod, carry)
	case chunk.Float32:
		e.scan = newScanState[float32](n, inner, prod, carry)
	case chunk.Int64:
		e.scan = newScanState[int64](n, inner, prod, carry)
	case chunk.Uint64:
		e.scan = newScanState[uint64](n, inner, prod, carry)
	case chunk.Complex64:
		e.scan = newScanState[complex64](n, inner, prod, carry)
	case chunk.Complex128:
		e.scan = newScanState[complex128](n, inner, prod, carry)
	default:
		return fmt.Errorf("blockwise: scan of %v values", dt)
	}
	return nil
}

// scanner scans a chunk's tiles in order (see ScanAlong).
type scanner interface {
	// scan writes the scan of tile values src (elements [off, off+m) of
	// the chunk) to dst, or to a buffer of its own when dst is nil, and
	// returns where it wrote: dst, or a pointer to a slice.
	scan(dst, src any, off, m int) (any, error)
	release()
}

type scanned interface {
	float64 | float32 | int64 | uint64 | complex64 | complex128
}

// scanState is a scan along an axis of length n with inner elements
// after it: element p of the chunk (C order) is at index (p/inner)%n
// along the axis, and folds into the element inner before it.
type scanState[T scanned] struct {
	n, inner int
	prod     bool
	last     *chunk.Dense // the last slice scanned: inner elements
	ring     []T          // last's values; element p is at p%inner
	buf      []T          // the tile buffer when the caller gives none
	box      *[]T         // buf cut to the tile, boxed once
	next     int          // the offset the next tile must start at
	carry    []T          // folded into every value (see ScanAlong), or nil
}

func newScanState[T scanned](n, inner int, prod bool, carry *chunk.Dense) *scanState[T] {
	s := &scanState[T]{n: n, inner: inner, prod: prod, box: new([]T)}
	if carry != nil {
		s.carry = chunk.Values[T](carry)
	}
	if n > 1 && inner > 0 {
		s.last = chunk.NewPooledDense(chunk.DTypeOf[T](), []int{inner}) // written before read
		s.ring = chunk.Values[T](s.last)
	}
	return s
}

func (s *scanState[T]) release() {
	if s.last != nil {
		s.last.Recycle()
		s.last, s.ring = nil, nil
	}
}

func (s *scanState[T]) scan(dst, src any, off, m int) (any, error) {
	if off != s.next {
		return nil, fmt.Errorf("blockwise: scanned tile at %d, want %d", off, s.next)
	}
	s.next = off + m
	in := Slice[T](src)[:m]
	var out []T
	var res any
	if dst != nil {
		out, res = Slice[T](dst)[:m], dst
	} else {
		if s.buf == nil {
			s.buf = make([]T, TileSize)
		}
		out = s.buf[:m]
		*s.box, res = out, s.box
	}
	switch {
	case s.ring == nil: // an axis of length 1: the values themselves
		copy(out, in)
	case s.inner == 1:
		s.lanes(out, in, off)
	default:
		s.rows(out, in, off)
	}
	if s.carry != nil {
		s.fold(out, off)
	}
	return res, nil
}

// fold folds the carry into a scanned tile: element p of the chunk takes
// the carry element at its position with the axis removed.
func (s *scanState[T]) fold(out []T, off int) {
	per := max(s.n*s.inner, 1)
	for i := 0; i < len(out); {
		p := off + i
		r := p % s.inner
		m := min(len(out)-i, s.inner-r) // one run within a slice
		c := s.carry[(p/per)*s.inner+r:]
		if s.inner == 1 {
			m = min(len(out)-i, s.n-p%s.n) // one run within a lane
		}
		o := out[i : i+m]
		switch {
		case s.inner == 1 && s.prod:
			for j := range o {
				o[j] = o[j] * c[0]
			}
		case s.inner == 1:
			for j := range o {
				o[j] = o[j] + c[0]
			}
		case s.prod:
			for j := range o {
				o[j] = o[j] * c[j]
			}
		default:
			for j := range o {
				o[j] = o[j] + c[j]
			}
		}
		i += m
	}
}

// lanes scans a tile when the axis is the last (contiguous) one: each run
// of the tile within one lane folds into a running value, which the ring
// carries to the next tile.
func (s *scanState[T]) lanes(out, in []T, off int) {
	for i := 0; i < len(in); {
		c := (off + i) % s.n
		m := min(len(in)-i, s.n-c)
		o, v := out[i:i+m], in[i:i+m]
		acc, j := s.ring[0], 0
		if c == 0 {
			acc, j = v[0], 1
			o[0] = acc
		}
		if s.prod {
			for ; j < len(v); j++ {
				acc *= v[j]
				o[j] = acc
			}
		} else {
			for ; j < len(v); j++ {
				acc += v[j]
				o[j] = acc
			}
		}
		s.ring[0] = acc
		i += m
	}
}

// rows scans a tile when the axis is not the last: each run of the tile
// within one slice along the axis folds elementwise into the previous
// slice's values in the ring, which then hold this slice's.
func (s *scanState[T]) rows(out, in []T, off int) {
	for i := 0; i < len(in); {
		p := off + i
		r := p % s.inner
		m := min(len(in)-i, s.inner-r)
		o, v, prev := out[i:i+m], in[i:i+m], s.ring[r:r+m]
		switch {
		case (p/s.inner)%s.n == 0:
			copy(prev, v)
			copy(o, v)
		case s.prod:
			for j, x := range v {
				prev[j] *= x
				o[j] = prev[j]
			}
		default:
			for j, x := range v {
				prev[j] += x
				o[j] = prev[j]
			}
		}
		i += m
	}
}
