package vec

import (
	"math"
	mbits "math/bits"
	"unsafe"
)

// MaxFloat64 returns the greatest element of v, as max(v[0], v[1], …)
// does: NaN if any element is NaN, and +0 above -0. Those rules make max
// associative and commutative, so the AVX2 loop, which keeps sixteen
// running maxima, returns exactly the sequential result. v is not empty.
// (Each function calls its loop directly: a func value would move
// callers' buffers to the heap.)
func MaxFloat64(v []float64) float64 {
	n := vectorPart(len(v))
	if n == 0 {
		return extremeGo(v, true)
	}
	r, nan := maxF64(v[:n])
	return extremeTail(r, nan, v[n:], true)
}

// MinFloat64 returns the least element of v, as min(v[0], v[1], …) does:
// NaN if any element is NaN, and -0 below +0. v is not empty.
func MinFloat64(v []float64) float64 {
	n := vectorPart(len(v))
	if n == 0 {
		return extremeGo(v, false)
	}
	r, nan := minF64(v[:n])
	return extremeTail(r, nan, v[n:], false)
}

// MaxFloat32 is MaxFloat64 for float32.
func MaxFloat32(v []float32) float32 {
	n := vectorPart(len(v))
	if n == 0 {
		return extremeGo(v, true)
	}
	r, nan := maxF32(v[:n])
	return extremeTail(r, nan, v[n:], true)
}

// MinFloat32 is MinFloat64 for float32.
func MinFloat32(v []float32) float32 {
	n := vectorPart(len(v))
	if n == 0 {
		return extremeGo(v, false)
	}
	r, nan := minF32(v[:n])
	return extremeTail(r, nan, v[n:], false)
}

// vectorPart is how many of n elements the AVX2 loops fold: the longest
// multiple of sixteen, or none for short runs or without AVX2.
func vectorPart(n int) int {
	if n < 16 || !useAVX2 {
		return 0
	}
	return n &^ 15
}

// extremeTail folds the tail after the loop's result r (NaN if the loop
// saw one).
func extremeTail[T float32 | float64](r T, nan bool, tail []T, greatest bool) T {
	if nan {
		return T(math.NaN())
	}
	if len(tail) == 0 {
		return r
	}
	return pick(r, extremeGo(tail, greatest), greatest)
}

// extremeGo is the reference for Max and Min: one sequential pass.
func extremeGo[T float32 | float64](v []T, greatest bool) T {
	r := v[0]
	if greatest {
		for _, x := range v {
			r = max(r, x)
		}
	} else {
		for _, x := range v {
			r = min(r, x)
		}
	}
	return r
}

func pick[T float32 | float64](a, b T, greatest bool) T {
	if greatest {
		return max(a, b)
	}
	return min(a, b)
}

// NaNMaxFloat64 returns the greatest element of v that is not NaN (+0
// above -0), or -Inf when there is none (NumPy's nanmax of one run, with
// -Inf for "none", which the caller tells apart if it must). The AVX2
// loop replaces NaN by the fold's identity.
func NaNMaxFloat64(v []float64) float64 {
	r, n := math.Inf(-1), vectorPart(len(v))
	if n > 0 {
		r = nanMaxF64(v[:n], r)
	}
	return nanTail(r, v[n:], true)
}

// NaNMinFloat64 returns the least element of v that is not NaN (-0 below
// +0), or +Inf when there is none.
func NaNMinFloat64(v []float64) float64 {
	r, n := math.Inf(1), vectorPart(len(v))
	if n > 0 {
		r = nanMinF64(v[:n], r)
	}
	return nanTail(r, v[n:], false)
}

// NaNMaxFloat32 is NaNMaxFloat64 for float32.
func NaNMaxFloat32(v []float32) float32 {
	r, n := float32(math.Inf(-1)), vectorPart(len(v))
	if n > 0 {
		r = nanMaxF32(v[:n], r)
	}
	return nanTail(r, v[n:], true)
}

// NaNMinFloat32 is NaNMinFloat64 for float32.
func NaNMinFloat32(v []float32) float32 {
	r, n := float32(math.Inf(1)), vectorPart(len(v))
	if n > 0 {
		r = nanMinF32(v[:n], r)
	}
	return nanTail(r, v[n:], false)
}

// nanTail folds the tail's elements that are not NaN into r.
func nanTail[T float32 | float64](r T, tail []T, greatest bool) T {
	for _, x := range tail {
		if x == x {
			r = pick(r, x, greatest)
		}
	}
	return r
}

// MaxElems sets d[i] = max(a[i], b[i]) for i < len(d), with Go's rules
// (NaN if either is NaN, +0 above -0); a and b are at least as long.
func MaxElems[T float32 | float64](d, a, b []T) { elems(d, a, b, true, false) }

// MinElems sets d[i] = min(a[i], b[i]) for i < len(d), with Go's rules.
func MinElems[T float32 | float64](d, a, b []T) { elems(d, a, b, false, false) }

// NaNMaxElems sets d[i] to the greater of a[i] and b[i] skipping NaN
// (NumPy's fmax): NaN only when both are, +0 above -0; a and b are at
// least as long as d.
func NaNMaxElems[T float32 | float64](d, a, b []T) { elems(d, a, b, true, true) }

// NaNMinElems is NaNMaxElems for the lesser (NumPy's fmin), -0 below +0.
func NaNMinElems[T float32 | float64](d, a, b []T) { elems(d, a, b, false, true) }

func elems[T float32 | float64](d, a, b []T, greatest, skipNaN bool) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		// The AVX2 loops, over a multiple of sixteen elements, called
		// directly: a func value would move callers' buffers to the heap.
		switch dn := any(d[:n]).(type) {
		case []float64:
			an, bn := any(a[:n]).([]float64), any(b[:n]).([]float64)
			switch {
			case skipNaN && greatest:
				nanMaxElemsF64(dn, an, bn)
			case skipNaN:
				nanMinElemsF64(dn, an, bn)
			case greatest:
				maxElemsF64(dn, an, bn)
			default:
				minElemsF64(dn, an, bn)
			}
		case []float32:
			an, bn := any(a[:n]).([]float32), any(b[:n]).([]float32)
			switch {
			case skipNaN && greatest:
				nanMaxElemsF32(dn, an, bn)
			case skipNaN:
				nanMinElemsF32(dn, an, bn)
			case greatest:
				maxElemsF32(dn, an, bn)
			default:
				minElemsF32(dn, an, bn)
			}
		}
	}
	for i := n; i < len(d); i++ {
		switch x, y := a[i], b[i]; {
		case skipNaN && x != x:
			d[i] = y
		case skipNaN && y != y:
			d[i] = x
		default:
			d[i] = pick(x, y, greatest)
		}
	}
}

// BoolInt is 1 for true and 0 for false (a SETcc, no branch).
func BoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// smallInt is the integer types MaxElemsInts and MinElemsInts take.
type smallInt interface {
	~uint8 | ~int8 | ~uint16 | ~int16 | ~uint32 | ~int32
}

// MaxElemsInts sets d[i] = max(a[i], b[i]) for i < len(d); a and b are at
// least as long as d.
func MaxElemsInts[T smallInt](d, a, b []T) { intsElems(d, a, b, true) }

// MinElemsInts sets d[i] = min(a[i], b[i]) for i < len(d).
func MinElemsInts[T smallInt](d, a, b []T) { intsElems(d, a, b, false) }

func intsElems[T smallInt](d, a, b []T, greatest bool) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d)*sizeOf[T](), 64) / sizeOf[T]()
	if n > 0 {
		intElems(intsOp[T](greatest), bytesOf(d[:n]), bytesOf(a[:n]), bytesOf(b[:n]))
	}
	for i := n; i < len(d); i++ {
		if greatest {
			d[i] = max(a[i], b[i])
		} else {
			d[i] = min(a[i], b[i])
		}
	}
}

// bytesOf is v's memory as bytes.
func bytesOf[T smallInt | ~int64 | ~uint64](v []T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*int(unsafe.Sizeof(T(0))))
}

// ExtremeInts returns the greatest (or least) of acc and v's elements.
func ExtremeInts[T smallInt](acc T, v []T, greatest bool) T {
	if n := prefix(len(v)*sizeOf[T](), 64) / sizeOf[T](); n > 0 {
		var lanes [64]T // 64 bytes of them (k), each starting at acc
		k := 64 / sizeOf[T]()
		for i := range lanes[:k] {
			lanes[i] = acc
		}
		intRun(intsOp[T](greatest), bytesOf(lanes[:k]), bytesOf(v[:n]))
		acc, v = extremeInts(acc, lanes[:k], greatest), v[n:]
	}
	return extremeInts(acc, v, greatest)
}

func extremeInts[T smallInt](acc T, v []T, greatest bool) T {
	for _, x := range v {
		if greatest {
			acc = max(acc, x)
		} else {
			acc = min(acc, x)
		}
	}
	return acc
}

func sizeOf[T smallInt]() int { return int(unsafe.Sizeof(T(0))) }

// intsOp is intElems' and intRun's op for T.
func intsOp[T smallInt](greatest bool) int {
	var zero T
	signed := ^zero < 0
	return 2*(mbits.TrailingZeros(uint(sizeOf[T]()))*2+BoolInt(signed)) + 1 - BoolInt(greatest)
}
