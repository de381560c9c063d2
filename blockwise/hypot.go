package blockwise

import (
	"math"

	"github.com/chunkwise/chunkwise/internal/vec"
)

// hypotFloat sets d[i] = √(a[i]² + b[i]²), as NumPy's hypot: by vector
// squares, sum and square root over stack tiles of float64, float32
// widened (what glibc's hypotf computes, so the same bits). Where the sum
// of squares is not a normal float64 far from the underflow threshold
// (an Inf or NaN operand, float64 operands beyond 1e±150), math.Hypot
// computes the element, with its overflow-free scaling and Inf above
// NaN; the scan for those is skipped when the tile's least and greatest
// sums show none. d may be a or b. The tiles stay on the stack (every
// callee is called directly): on the heap, each call would land them on
// fresh pages while a large live heap keeps the collector away.
func hypotFloat[T float](d, a, b []T) {
	var sq, t [512]float64
	a, b = a[:len(d)], b[:len(d)]
	for off := 0; off < len(d); off += len(sq) {
		n := min(len(sq), len(d)-off)
		s, u := sq[:n], t[:n]
		x, y := widen(s, a[off:off+n]), widen(u, b[off:off+n])
		vec.Float64(vec.Mul, s, x, x)
		vec.Float64(vec.Mul, u, y, y)
		vec.Float64(vec.Add, s, s, u)
		ok := vec.MinFloat64(s) >= 0x1p-968 && vec.MaxFloat64(s) <= math.MaxFloat64
		if !ok {
			for i, v := range s { // math.Hypot's elements into u (before d, maybe a or b, is written), NaN in s
				if !(v >= 0x1p-968 && v <= math.MaxFloat64) {
					u[i], s[i] = math.Hypot(float64(a[off+i]), float64(b[off+i])), math.NaN()
				}
			}
		}
		vec.SqrtFloat64(s, s)
		if !ok {
			for i, v := range s {
				if v != v { // marked: the sums in range have real roots
					s[i] = u[i]
				}
			}
		}
		narrow(d[off:off+n], s)
	}
}

// widen returns x as float64: x itself, or x converted into buf.
func widen[T float](buf []float64, x []T) []float64 {
	if x64, ok := any(x).([]float64); ok {
		return x64
	}
	vec.Float32To64(buf, any(x).([]float32))
	return buf
}

// narrow copies s into d, rounding to float32 when d is float32.
func narrow[T float](d []T, s []float64) {
	if d64, ok := any(d).([]float64); ok {
		copy(d64, s)
		return
	}
	vec.Float64To32(any(d).([]float32), s)
}
