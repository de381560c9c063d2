package vec

import "math"

// TanhFloat64 sets d[i] = tanh x for x = x[i], i < len(d) (x is at least
// as long; d may be x). It is math.Tanh's algorithm with its exponential
// in a vector loop: for 0.625 ≤ |x| ≤ 44 (math.Tanh's exp branch) it is
// ±(1 − 2/(e²ˣ + 1)) with e²ˣ from ExpFloat64 over blocks, within 2 ulp of
// math.Tanh; every other element (the rational function near 0, ±1
// beyond, NaN) is math.Tanh's exactly.
func TanhFloat64(d, x []float64) {
	x = x[:len(d)]
	const block = 256
	var t, e [block]float64
	for lo := 0; lo < len(d); lo += block {
		n := min(block, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			t[i] = 2 * math.Abs(v)
		}
		ExpFloat64(e[:n], t[:n])
		for i, v := range xb {
			if z := math.Abs(v); z >= 0.625 && z <= 44 {
				db[i] = math.Copysign(1-2/(e[i]+1), v)
			} else {
				db[i] = math.Tanh(v)
			}
		}
	}
}
