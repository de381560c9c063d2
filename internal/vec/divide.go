package vec

import (
	mbits "math/bits"
	"unsafe"
)

// FloorDivByInt64 sets d[i] to x[i] // y (mod false) or x[i] % y (mod
// true), floored as NumPy's floor_divide and remainder, for one divisor
// y ≥ 1, and reports whether it did (false for y ≤ 0: the caller's loop
// computes those). It divides without a division instruction, by
// invariant-integer multiplication (Granlund and Montgomery, 1994, the
// round-up method): with l = ⌈log₂ y⌉ and m = ⌊2⁶⁴·(2ˡ − y)/y⌋ + 1, the
// unsigned quotient of u is (t + (u − t)>>1) >> (l − 1) for t = the high
// half of m·u, exact for every 64-bit u. A negative x is floored through
// its complement: ⌊x/y⌋ = ^⌊^x/y⌋ for x < 0 (^x = −x − 1 ≥ 0). With
// AVX-512DQ and y < 2⁵³, groups of eight dividends within 2⁵³ go through
// float64 quotients instead (floorDivQ512), the same results.
func FloorDivByInt64(mod bool, d, x []int64, y int64) bool {
	if y < 1 {
		return false
	}
	x = x[:len(d)]
	uy := uint64(y)
	l := uint(mbits.Len64(uy - 1))
	sh1, sh2 := min(l, 1), l-min(l, 1)
	m, _ := mbits.Div64(1<<l-uy, 0, uy)
	m++
	n := 0
	if useAVX512DQ && y < 1<<53 { // the float64 quotient's loop, up to an |x| above 2⁵³
		n = floorDivQ512(mod, d, x, y)
	}
	for i := n; i < len(d); i++ {
		v := x[i]
		s := uint64(v >> 63)
		u := uint64(v) ^ s
		t, _ := mbits.Mul64(m, u)
		q := int64(((t + (u-t)>>sh1) >> sh2) ^ s)
		if mod {
			q = v - q*y
		}
		d[i] = q
	}
	return true
}

// FloorModFloat64 sets d[i] to NumPy's remainder (mod true) or
// floor_divide of a[i] by b[i] four at a time (AVX2 with FMA): with
// q = a/b, t = trunc(q) and r = a - t·b by an FMA, corrected once when t
// is one too far from zero, as the caller's scalar loop computes them, for
// groups whose four quotients are below lim in magnitude and pass its
// other checks. Each group that does not, the tail, and every element
// where the vector loop cannot run, go to slow, the caller's loop, which
// must give the same bits for the groups the vector loop takes.
func FloorModFloat64(mod bool, d, a, b []float64, lim float64, slow func(d, a, b []float64)) {
	floorModVec(mod, d, a, b, lim, floorModF64, slow)
}

// FloorModFloat32 is FloorModFloat64 for float32, computed in float64
// and rounded once per element.
func FloorModFloat32(mod bool, d, a, b []float32, lim float64, slow func(d, a, b []float32)) {
	floorModVec(mod, d, a, b, lim, floorModF32, slow)
}

func floorModVec[T float32 | float64](mod bool, d, a, b []T, lim float64,
	loop func(mod bool, d, a, b []T, lim float64) int, slow func(d, a, b []T)) {
	a, b = a[:len(d)], b[:len(d)]
	n := 0
	if hasFMA {
		n = prefix(len(d), 4)
	}
	for i := 0; i < len(d); {
		if i < n {
			i += loop(mod, d[i:n], a[i:n], b[i:n], lim)
		}
		j := len(d)
		if i < n {
			j = i + 4 // the group the vector loop stopped at
		}
		slow(d[i:j], a[i:j], b[i:j])
		i = j
	}
}

// FloorDivBy is FloorDivByInt64 for integers of one to four bytes. With
// AVX-512DQ they are divided sixteen a pass as floating-point numbers,
// exactly (floorDivD512 in float64 for 4-byte ones, floorDivS512 in
// float32 for the narrower); without it, and in the tail, they are
// widened to int64 a block at a time, divided, and narrowed back (a
// quotient lies between 0 and x, a remainder below y: both fit).
func FloorDivBy[T int8 | uint8 | int16 | uint16 | int32 | uint32](mod bool, d, x []T, y int64) bool {
	if y < 1 || int64(T(y)) != y {
		return false
	}
	x = x[:len(d)]
	var zero T
	size := int(unsafe.Sizeof(zero))
	if n := len(d) &^ 15; useAVX512DQ && n > 0 {
		if size == 4 {
			floorDivD512(mod, ^zero > 0, words[uint32](d, n), words[uint32](x, n), y)
		} else {
			floorDivS512(mod, size, ^zero > 0, bytesOf(d[:n]), bytesOf(x[:n]), y)
		}
		d, x = d[n:], x[n:]
	}
	var buf [512]int64
	for len(d) > 0 {
		w := buf[:min(len(d), len(buf))]
		for i := range w {
			w[i] = int64(x[i])
		}
		FloorDivByInt64(mod, w, w, y)
		for i, q := range w {
			d[i] = T(q)
		}
		d, x = d[len(w):], x[len(w):]
	}
	return true
}
