package zarr

import (
	"encoding/binary"
	"math/bits"
)

// copyStrided copies the elements of an N-d box of the given shape from
// src to dst, both byte buffers whose element strides (in elements) are
// srcStrides and dstStrides, swapping the bytes of each element of size
// es when swap is set. Contiguous runs without swapping are one copy; all
// other cases are tight loops specialised by element size. It is the one
// kernel behind chunk decoding and encoding: clipping edge chunks,
// padding them, Fortran order and transposes, and byte order.
func copyStrided(dst []byte, dstStrides []int, src []byte, srcStrides []int, shape []int, es int, swap bool) {
	nd := len(shape)
	for _, n := range shape {
		if n == 0 {
			return
		}
	}
	if nd == 0 {
		copyRun(dst, 1, src, 1, 1, es, swap)
		return
	}
	last := nd - 1
	n := shape[last]
	ds, ss := dstStrides[last], srcStrides[last]
	idx := make([]int, nd)
	do, so := 0, 0
	for {
		copyRun(dst[do*es:], ds, src[so*es:], ss, n, es, swap)
		// Advance the odometer over the outer axes.
		a := last - 1
		for ; a >= 0; a-- {
			idx[a]++
			do += dstStrides[a]
			so += srcStrides[a]
			if idx[a] < shape[a] {
				break
			}
			do -= idx[a] * dstStrides[a]
			so -= idx[a] * srcStrides[a]
			idx[a] = 0
		}
		if a < 0 {
			return
		}
	}
}

// copyRun copies n elements of size es from src (stride ss elements) to
// dst (stride ds), swapping bytes when swap is set.
func copyRun(dst []byte, ds int, src []byte, ss int, n, es int, swap bool) {
	if ds == 1 && ss == 1 && (!swap || es == 1) {
		copy(dst[:n*es], src[:n*es])
		return
	}
	le := binary.LittleEndian
	switch es {
	case 1:
		for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
			dst[d] = src[s]
		}
	case 2:
		ds, ss = 2*ds, 2*ss
		if swap {
			for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
				le.PutUint16(dst[d:], bits.ReverseBytes16(le.Uint16(src[s:])))
			}
		} else {
			for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
				le.PutUint16(dst[d:], le.Uint16(src[s:]))
			}
		}
	case 4:
		ds, ss = 4*ds, 4*ss
		if swap {
			for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
				le.PutUint32(dst[d:], bits.ReverseBytes32(le.Uint32(src[s:])))
			}
		} else {
			for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
				le.PutUint32(dst[d:], le.Uint32(src[s:]))
			}
		}
	case 8:
		ds, ss = 8*ds, 8*ss
		if swap {
			for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
				le.PutUint64(dst[d:], bits.ReverseBytes64(le.Uint64(src[s:])))
			}
		} else {
			for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds, s+ss {
				le.PutUint64(dst[d:], le.Uint64(src[s:]))
			}
		}
	default: // complex128, never swapped (big-endian complex is unsupported)
		for i, d, s := 0, 0, 0; i < n; i, d, s = i+1, d+ds*es, s+ss*es {
			copy(dst[d:d+es], src[s:s+es])
		}
	}
}

// cStrides returns the C-order element strides of shape.
func cStrides(shape []int) []int {
	s := make([]int, len(shape))
	st := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = st
		st *= shape[i]
	}
	return s
}

// storedStrides returns, per logical axis, the element stride of a chunk
// of shape full stored with its axes permuted by perm (stored axis i is
// logical axis perm[i]; nil is C order).
func storedStrides(full, perm []int) []int {
	if perm == nil {
		return cStrides(full)
	}
	sshape := make([]int, len(full))
	for i, p := range perm {
		sshape[i] = full[p]
	}
	ss := cStrides(sshape)
	out := make([]int, len(full))
	for i, p := range perm {
		out[p] = ss[i]
	}
	return out
}

// fillPattern fills buf with repetitions of the element elem.
func fillPattern(buf, elem []byte) {
	if len(buf) == 0 {
		return
	}
	allZero := true
	for _, b := range elem {
		allZero = allZero && b == 0
	}
	if allZero {
		clear(buf)
		return
	}
	n := copy(buf, elem)
	for n < len(buf) {
		n += copy(buf[n:], buf[:n])
	}
}

// swapped returns a copy of the element e with its bytes reversed.
func swapped(e []byte) []byte {
	out := make([]byte, len(e))
	for i := range e {
		out[i] = e[len(e)-1-i]
	}
	return out
}
