package vec

import mbits "math/bits"

// FloorDivByInt64 sets d[i] to x[i] // y (mod false) or x[i] % y (mod
// true), floored as NumPy's floor_divide and remainder, for one divisor
// y ≥ 1, and reports whether it did (false for y ≤ 0: the caller's loop
// computes those). It divides without a division instruction, by
// invariant-integer multiplication (Granlund and Montgomery, 1994, the
// round-up method): with l = ⌈log₂ y⌉ and m = ⌊2⁶⁴·(2ˡ − y)/y⌋ + 1, the
// unsigned quotient of u is (t + (u − t)>>1) >> (l − 1) for t = the high
// half of m·u, exact for every 64-bit u. A negative x is floored through
// its complement: ⌊x/y⌋ = ^⌊^x/y⌋ for x < 0 (^x = −x − 1 ≥ 0).
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
	for i, v := range x {
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
