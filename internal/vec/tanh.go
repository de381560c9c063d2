package vec

import "math"

// TanhFloat64 sets d[i] = tanh x for x = x[i], i < len(d) (x is at least
// as long; d may be x). It is math.Tanh's algorithm with its exponential
// in a vector loop: for 0.625 ≤ |x| ≤ 44 (math.Tanh's exp branch) it is
// ±(1 − 2/(e²ˣ + 1)) with e²ˣ from ExpFloat64 over blocks, within 2 ulp of
// math.Tanh; near 0 it is math.Tanh's rational function inline (the same
// bits), and ±0, ±1 beyond 44 and NaN are math.Tanh's. With AVX-512F
// one loop computes all of it in registers, eight lanes at a time (the
// same bits).
func TanhFloat64(d, x []float64) {
	x = x[:len(d)]
	n := 0
	if useAVX512F {
		n = prefix(len(d), 8)
	}
	if n > 0 {
		tanhF64x8(d[:n], x[:n])
	}
	tanhBlocks(d[n:], x[n:])
}

// tanhBlocks is TanhFloat64 with ExpFloat64 over blocks and the rest in
// Go.
func tanhBlocks(d, x []float64) {
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

// tanhConsts holds tanhF64x8's constants: 1, 2, 0.625, math.Tanh's
// saturation bound (MAXLOG/2), the sign bit, then tanhP and tanhQ.
var tanhConsts = [...]float64{1, 2, 0.625, 0.5 * 8.8029691931113054295988e+01, math.Copysign(0, -1),
	tanhP[0], tanhP[1], tanhP[2], tanhQ[0], tanhQ[1], tanhQ[2]}

// tanhP and tanhQ are math.Tanh's coefficients (Cephes') of
// tanh x = x + x·s·P(s)/Q(s), s = x², for |x| < 0.625.
var (
	tanhP = [3]float64{-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3}
	tanhQ = [3]float64{1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3}
)

// TanhFloat32 sets d[i] = tanh x for x = x[i], i < len(d) (x is at least
// as long; d may be x), computed in float64 with what float32 needs:
// tanh |x| = m/(m + 2) for m = e^(2|x|) − 1, m by PowFloat32's exponential
// (2|x| = (16k + j)·ln2/16 + r, m = fma(2ᵏ·2^(j/16), eʳ − 1, 2ᵏ·2^(j/16) − 1),
// accurate near 0 too), 2|x| capped at tanhMax32 (tanh is 1 in float32
// far before), with x's sign. The result is float32(tanh x) but within
// 2⁻³⁶ of a tie between two float32 (then the other one, 1 ulp); NaN,
// ±0 and ±Inf are math.Tanh's. With AVX-512 one loop computes eight lanes
// at a time (tanhF32x8); tanhOne32 is its twin in Go, the same bits, for
// the tail. Other CPUs take float32(TanhFloat64) over widened blocks.
func TanhFloat32(d, x []float32) {
	x = x[:len(d)]
	if !useAVX512F {
		viaFloat64(d, x, opTanh)
		return
	}
	n := prefix(len(d), 8)
	if n > 0 {
		tanhF32x8(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = tanhOne32(x[i])
	}
}

// tanhMax32 caps 2|x|: tanh 20 rounds to 1 in float64 already.
const tanhMax32 = 40

// tanhOne32 is TanhFloat32's algorithm for one element, operation by
// operation as tanhF32x8 computes it.
func tanhOne32(x32 float32) float32 {
	x := float64(x32)
	u := 2 * math.Abs(x)
	if tanhMax32 < u {
		u = tanhMax32
	}
	n, em1, tj := expSplit32(u)
	e := tj * math.Float64frombits(uint64(1023+int64(math.Floor(n/16)))<<52)
	m := math.FMA(e, em1, e-1)
	t := m / (m + 2)
	return float32(math.Float64frombits(math.Float64bits(t) ^ math.Float64bits(x)&(1<<63)))
}
