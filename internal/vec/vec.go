// Package vec holds every SIMD loop of chunkwise, each beside a pure-Go
// twin that is its reference: elementwise float arithmetic, comparisons,
// square roots, exp, log, sin, cos and max/min on tiles (the blockwise evaluator calls
// them once per tile of a thousand or so elements, where Go's scalar
// loops cost about a cycle per element and AVX2 a quarter of that); the
// float64 sums and column sums of reductions (Sum, Add8To, ShiftedSums
// …); moments, max/min folds and counter-based random numbers; the
// matrix product of linear algebra (GemmFloat64, GemmFloat32: packed
// panels and FMA micro-kernels); log2, log1p, expm1, the inverse and
// hyperbolic functions and the like built from those loops over stack
// tiles (derived.go, glue.go), with single-pass AVX-512 kernels for
// float64 cbrt, log1p, sinh, expm1 and arcsinh (derived_amd64.s); their
// float32 versions in float64 lanes of AVX-512 (math32.go); integer +,
// −, ×, max/min and floor division (arith_ints.go, extreme.go,
// divide.go).
// Every path gives the same bits as its twin but the vector exp, within
// a few ulp of math.Exp, and what is built on it, the float32 product,
// within a rounding, math32.go's loops, which round to float32 once and
// may differ by an ulp from their twin (the float64 function, rounded)
// near a tie, and derived_amd64.s's kernels, within 1 ulp of the exact
// value as their twins are within 1–3. The CPU features are read once,
// in vec_amd64.go; `-tags noasm` builds the twins alone.
package vec

import (
	"math"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
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
// as long as d (d may be either). The AVX2 loops, sixteen elements a
// pass and a scalar tail, are called directly: a func value would move
// callers' stack buffers to the heap.
func Float64(op Op, d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	if len(d) < minSIMD || !useAVX2 {
		Arith(op, d, a, b)
		return
	}
	switch op {
	case Add:
		addF64(d, a, b)
	case Sub:
		subF64(d, a, b)
	case Mul:
		mulF64(d, a, b)
	default:
		divF64(d, a, b)
	}
}

// Float32 is Float64 for float32, thirty-two elements a pass.
func Float32(op Op, d, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	if len(d) < minSIMD || !useAVX2 {
		Arith(op, d, a, b)
		return
	}
	switch op {
	case Add:
		addF32(d, a, b)
	case Sub:
		subF32(d, a, b)
	case Mul:
		mulF32(d, a, b)
	default:
		divF32(d, a, b)
	}
}

// minSIMD is the length below which the scalar loop is as fast.
const minSIMD = 16

// prefix returns how many leading elements of n a vector loop that takes
// block elements per pass handles: none without AVX2.
func prefix(n, block int) int {
	if !useAVX2 {
		return 0
	}
	return n &^ (block - 1)
}

// Arith sets d[i] = a[i] op b[i] for i < len(d) with Go's arithmetic, one
// element at a time: the reference of Float64 and Float32, and the loop
// for every other number type (Div truncates integers).
func Arith[T chunk.Number](op Op, d, a, b []T) {
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
	n := prefix(len(d), 16)
	if n > 0 {
		sqrtF64(d[:n], x[:n]) // called directly: a func value would move callers' buffers to the heap
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
	n := prefix(len(d), 32)
	if n > 0 {
		sqrtF32(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = float32(math.Sqrt(float64(x[i])))
	}
}

// Prefetch asks for the n bytes from p to be brought into the cache: a
// hint for reads the hardware prefetcher cannot foresee (a gather's rows
// a tile further on). It never faults. (Prefetching each next tile of a
// contiguous stream made 77 of the survey's 283 entries slower in three
// runs out of three, by 7% to 3x: the hardware does that better.)
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

// AddMomentsNaN is AddMoments skipping NaN x[i], with the shifts set
// where nothing is counted yet: k[i] = x[i] where n[i] = 0 (0 for an
// infinite or NaN x[i]), then for x[i] not NaN one added to n[i], d =
// x[i]-k[i] to s1[i] and d·d to s2[i]. An AVX2 loop takes the multiple of
// four (NaN lanes masked, no branch), addMomentsNaNGo the rest.
func AddMomentsNaN(n, s1, s2, x, k []float64) {
	n, s1, s2, k = n[:len(x)], s1[:len(x)], s2[:len(x)], k[:len(x)]
	m := prefix(len(x), 4)
	if m > 0 {
		addMomentsNaNAVX2(n[:m], s1[:m], s2[:m], x[:m], k[:m])
	}
	addMomentsNaNGo(n[m:], s1[m:], s2[m:], x[m:], k[m:])
}

// addMomentsNaNGo is the reference for AddMomentsNaN.
func addMomentsNaNGo(n, s1, s2, x, k []float64) {
	n, s1, s2, k = n[:len(x)], s1[:len(x)], s2[:len(x)], k[:len(x)]
	for i, v := range x {
		if n[i] == 0 {
			k[i] = 0
			if math.Abs(v) <= math.MaxFloat64 {
				k[i] = v
			}
		}
		if v != v {
			continue
		}
		d := v - k[i]
		n[i]++
		s1[i] += d
		s2[i] += float64(d * d)
	}
}

// IntToFloat sets d[i] = D(s[i]) for i < len(d) (s is at least as long),
// as Go converts (exactly but for int32 to float32, rounded to nearest
// even): an AVX2 loop sixteen a pass (VPMOVSX or VPMOVZX to int32, then
// VCVTDQ2PS or VCVTDQ2PD), Go's conversion for the tail.
func IntToFloat[D float32 | float64, S int8 | uint8 | int16 | uint16 | int32](d []D, s []S) {
	s = s[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		switch d := any(d[:n]).(type) {
		case []float32:
			switch s := any(s[:n]).(type) {
			case []int8:
				toF32I8(d, s)
			case []uint8:
				toF32U8(d, s)
			case []int16:
				toF32I16(d, s)
			case []uint16:
				toF32U16(d, s)
			case []int32:
				toF32I32(d, s)
			}
		case []float64:
			switch s := any(s[:n]).(type) {
			case []int8:
				toF64I8(d, s)
			case []uint8:
				toF64U8(d, s)
			case []int16:
				toF64I16(d, s)
			case []uint16:
				toF64U16(d, s)
			case []int32:
				widenI32(d, s)
			}
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = D(s[i])
	}
}

// Int64ToFloat64 sets d[i] = float64(s[i]) for i < len(d), rounded to
// nearest even as Go's conversion; s is at least as long. The AVX-512DQ
// loop converts sixteen elements per pass (Go's scalar CVTSQ2SD keeps a
// false dependency on the register it writes).
func Int64ToFloat64(d []float64, s []int64) {
	s = s[:len(d)]
	n := 0
	if useAVX512DQ {
		n = len(d) &^ 15
	}
	if n > 0 {
		cvtI64F64(d[:n], s[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = float64(s[i])
	}
}

// Float32To64 sets d[i] = float64(s[i]) for i < len(d); s is at least as
// long. The AVX2 loop converts sixteen elements per pass, exactly as Go
// does (every float32 is a float64).
func Float32To64(d []float64, s []float32) {
	s = s[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		widenF32(d[:n], s[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = float64(s[i])
	}
}

// FloorDivInt32 sets d[i] to NumPy's floor_divide of a[i] by b[i] (mod
// false) or its remainder (mod true): floored, 0 for a zero divisor, and
// MinInt32 // -1 wrapping to MinInt32. The AVX2 loop divides in float64,
// four at a time, which is exact for 32-bit operands: a quotient that is
// not an integer lies at least 1/|b| from one, far beyond float64's
// rounding of it, so its floor is the integer floor.
func FloorDivInt32(mod bool, d, a, b []int32) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 4)
	if n > 0 {
		floorDivI32(mod, d[:n], a[:n], b[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = floorDivGo(mod, a[i], b[i])
	}
}

// floorDivGo is FloorDivInt32 of one element in integer arithmetic.
func floorDivGo(mod bool, x, y int32) int32 {
	switch {
	case y == 0 || y == -1 && mod:
		return 0
	case y == -1:
		return -x // MinInt32 wraps to itself
	}
	q := x / y
	if x%y != 0 && (x < 0) != (y < 0) {
		q--
	}
	if mod {
		return x - q*y
	}
	return q
}
