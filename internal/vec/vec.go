// Package vec holds the SIMD loops of elementwise float arithmetic on
// tiles: d[i] = a[i] op b[i] for float32 and float64. The blockwise
// evaluator calls them once per tile of a thousand or so elements, where
// Go's scalar loops cost about a cycle per element and AVX2 a quarter of
// that. Every path gives the same bits as the scalar loop (IEEE
// arithmetic rounds each element alone).
package vec

import (
	"math"
	"unsafe"
)

// Op is an arithmetic operation.
type Op uint8

// The operations.
const (
	Add Op = iota
	Sub
	Mul
	Div
)

// Float64 sets d[i] = a[i] op b[i] for i < len(d); a and b are at least
// as long as d.
func Float64(op Op, d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	if len(d) >= minSIMD && useAVX2 {
		float64AVX2(op, d, a, b)
		return
	}
	float64Go(op, d, a, b)
}

// Float32 sets d[i] = a[i] op b[i] for i < len(d); a and b are at least
// as long as d.
func Float32(op Op, d, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	if len(d) >= minSIMD && useAVX2 {
		float32AVX2(op, d, a, b)
		return
	}
	float32Go(op, d, a, b)
}

// minSIMD is the length below which the scalar loop is as fast.
const minSIMD = 16

// float64Go is the reference for Float64.
func float64Go(op Op, d, a, b []float64) { scalar(op, d, a, b) }

// float32Go is the reference for Float32.
func float32Go(op Op, d, a, b []float32) { scalar(op, d, a, b) }

func scalar[T float32 | float64](op Op, d, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case Add:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case Sub:
		for i := range d {
			d[i] = a[i] - b[i]
		}
	case Mul:
		for i := range d {
			d[i] = a[i] * b[i]
		}
	case Div:
		for i := range d {
			d[i] = a[i] / b[i]
		}
	default:
		panic("vec: unknown op")
	}
}

// SqrtFloat64 sets d[i] = √x[i] for i < len(d) (x is at least as long):
// IEEE square roots are correctly rounded, so the vector loop gives
// math.Sqrt's bits.
func SqrtFloat64(d, x []float64) {
	x = x[:len(d)]
	n := 0
	if useAVX2 {
		n = len(d) &^ 15
		if n > 0 {
			sqrtF64(d[:n], x[:n])
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = math.Sqrt(x[i])
	}
}

// SqrtFloat32 is SqrtFloat64 for float32: the square root of the float64
// rounded to float32 is the correctly rounded float32 one, so the vector
// loop gives the bits of float32(math.Sqrt(float64(x))).
func SqrtFloat32(d, x []float32) {
	x = x[:len(d)]
	n := 0
	if useAVX2 {
		n = len(d) &^ 31
		if n > 0 {
			sqrtF32(d[:n], x[:n])
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = float32(math.Sqrt(float64(x[i])))
	}
}

// Prefetch asks for the n bytes from p to be brought into the cache: a
// hint for the next tile of a stream that is read a tile at a time, with
// enough work between tiles that the hardware prefetcher loses track.
// It never faults.
func Prefetch(p unsafe.Pointer, n int) {
	if n > 0 {
		prefetch(p, uintptr(n))
	}
}

// AddMoments adds, for i < len(x), one to n[i], d = x[i]-k[i] to s1[i]
// and d·d to s2[i]: the per-column count and sums of shifted values and
// of their squares that a variance along rows keeps. n, s1, s2 and k are
// at least as long as x.
func AddMoments(n, s1, s2, x, k []float64) {
	n, s1, s2, k = n[:len(x)], s1[:len(x)], s2[:len(x)], k[:len(x)]
	if len(x) >= minSIMD && useAVX2 {
		addMomentsAVX2(n, s1, s2, x, k)
		return
	}
	addMomentsGo(n, s1, s2, x, k)
}

// addMomentsGo is the reference for AddMoments. The explicit conversion
// keeps d·d rounded on its own (never fused into the addition), as the
// vector loop does.
func addMomentsGo(n, s1, s2, x, k []float64) {
	n, s1, s2, k = n[:len(x)], s1[:len(x)], s2[:len(x)], k[:len(x)]
	for i, v := range x {
		d := v - k[i]
		n[i]++
		s1[i] += d
		s2[i] += float64(d * d)
	}
}
