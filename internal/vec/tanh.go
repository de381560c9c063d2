package vec

import "math"

// TanhFloat64 sets d[i] = tanh x for x = x[i], i < len(d) (x is at least
// as long; d may be x). It is math.Tanh's algorithm with its exponential
// in a vector loop: for 0.625 ≤ |x| ≤ 44 (math.Tanh's exp branch) it is
// ±(1 − 2/(e²ˣ + 1)) with e²ˣ from ExpFloat64 over blocks, within 2 ulp of
// math.Tanh; near 0 it is math.Tanh's rational function inline (the same
// bits), and ±0, ±1 beyond 44 and NaN are math.Tanh's.
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
			switch z := math.Abs(v); {
			case z >= 0.625 && z <= 44:
				db[i] = math.Copysign(1-2/(e[i]+1), v)
			case z < 0.625 && v != 0: // math.Tanh's rational function, its operations in its order
				s := v * v
				db[i] = v + v*s*((tanhP[0]*s+tanhP[1])*s+tanhP[2])/(((s+tanhQ[0])*s+tanhQ[1])*s+tanhQ[2])
			default:
				db[i] = math.Tanh(v)
			}
		}
	}
}

// tanhP and tanhQ are math.Tanh's coefficients (Cephes') of
// tanh x = x + x·s·P(s)/Q(s), s = x², for |x| < 0.625.
var (
	tanhP = [3]float64{-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3}
	tanhQ = [3]float64{1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3}
)
