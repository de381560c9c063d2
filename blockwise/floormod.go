package blockwise

import (
	"math"
	"unsafe"

	"github.com/chunkwise/chunkwise/internal/vec"
)

// NumPy's float floor division and remainder (npy_divmod): floorMod, the
// loop over a tile, computes most elements by one division and one FMA;
// pyFloorDiv and pyMod, exact for every input, take the rest.

// floorMod sets d[i] to NumPy's remainder (mod) or floor_divide of a[i]
// by b[i], float32 computed in float64 and rounded once (as NumPy's
// float32 loops round, these being exact or single operations). With
// q = a/b rounded and t = trunc(q), r = a - t·b by an FMA is exact when t
// is the truncated quotient or one above it in magnitude (as fmod argues):
// r is then fmod(a, b), or that minus b, which adding b back corrects.
// The quotient's magnitude is kept below 2⁵⁰ (2²¹ for float32), so that
// NumPy's (a - fmod)/b, which it rounds to the nearest integer, is t;
// elements outside (infinities, NaN, zero or tiny divisors, far
// quotients) and any r the checks reject are pyMod's or pyFloorDiv's.
//
// vec.FloorModFloat64 and vec.FloorModFloat32 take this loop four
// elements at a time where the CPU has AVX2 and FMA, with the same bits;
// floorModGo is the loop itself (and their fallback).
func floorMod[T float](mod bool, d, a, b []T) {
	lim := 0x1p50
	if unsafe.Sizeof(d[:1][0]) == 4 {
		lim = 0x1p21 // NumPy's float32 (a - fmod)/b stays within 1/4 of t
	}
	switch dd := any(d).(type) {
	case []float64:
		vec.FloorModFloat64(mod, dd, any(a).([]float64), any(b).([]float64), lim, func(d, a, b []float64) { floorModGo(mod, d, a, b, lim) })
	case []float32:
		vec.FloorModFloat32(mod, dd, any(a).([]float32), any(b).([]float32), lim, func(d, a, b []float32) { floorModGo(mod, d, a, b, lim) })
	default:
		floorModGo(mod, d, a, b, lim)
	}
}

func floorModGo[T float](mod bool, d, a, b []T, lim float64) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		x, y := float64(a[i]), float64(b[i])
		q := x / y
		t := float64(int64(q)) // trunc(q) where |q| < lim (others are rejected)
		r := math.FMA(-t, y, x)
		if r != 0 && (r < 0) != (x < 0) { // t one too far from zero
			r += math.Copysign(y, x)
			t -= math.Copysign(1, q)
		}
		if !(math.Abs(q) < lim) || !(math.Abs(r) < math.Abs(y)) || (r != 0 && (r < 0) != (x < 0)) ||
			!(math.Abs(y) >= 0x1p-1000) || !(math.Abs(x) <= 0x1p1000) {
			if mod {
				d[i] = T(pyMod(x, y))
			} else {
				d[i] = T(pyFloorDiv(x, y))
			}
			continue
		}
		adjust := r != 0 && (r < 0) != (y < 0) // floored: towards the divisor's sign
		if mod {
			switch {
			case r == 0:
				r = math.Copysign(0, y)
			case adjust:
				r += y
			}
			d[i] = T(r)
			continue
		}
		if adjust {
			t--
		}
		if t == 0 {
			t = math.Copysign(0, q)
		}
		d[i] = T(t)
	}
}

// fmod is math.Mod, bit for bit (the remainder of a / b truncated, with
// a's sign), without its loop over the exponents where the quotient is
// below 2⁵²: then t = trunc(a/b) is the truncated quotient or one off, and
// a - t·b by an FMA is exact when it is the remainder, or the remainder
// minus b (t one too large), which adding b back makes exact; anything
// else (t one too small, infinities, NaN, zero or tiny divisors) is
// math.Mod's.
func fmod(a, b float64) float64 {
	q := a / b
	if !(math.Abs(q) < 1<<52) || !(math.Abs(b) >= 0x1p-1000) || !(math.Abs(a) <= 0x1p1000) {
		return math.Mod(a, b)
	}
	r := math.FMA(-float64(int64(q)), b, a)
	if r == 0 {
		return math.Copysign(0, a)
	}
	if (r < 0) != (a < 0) {
		r += math.Copysign(b, a)
	}
	if r == 0 || !(math.Abs(r) < math.Abs(b)) || (r < 0) != (a < 0) {
		return math.Mod(a, b)
	}
	return r
}

// pyMod is Python's and NumPy's float remainder: the sign of the divisor.
func pyMod(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	r := fmod(a, b)
	if r == 0 {
		return math.Copysign(0, b) // NumPy's zero takes the divisor's sign
	}
	if (r < 0) != (b < 0) {
		r += b
	}
	return r
}

// pyFloorDiv is NumPy's float floor division (npy_divmod): the quotient
// is taken from the unadjusted remainder, so that x // ±Inf is 0 or -1
// rather than NaN.
func pyFloorDiv(a, b float64) float64 {
	if b == 0 {
		return a / b
	}
	mod := fmod(a, b)
	div := (a - mod) / b
	if mod != 0 && (b < 0) != (mod < 0) {
		div--
	}
	if div == 0 {
		return math.Copysign(0, a/b)
	}
	fd := math.Floor(div)
	if div-fd > 0.5 {
		fd++
	}
	return fd
}
