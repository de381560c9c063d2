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
// as long; d may be x). With AVX-512F one loop computes sixteen float32
// lanes at a time (tanhF32x16), in float32 with the errors that matter
// kept as second parts. For a = |x| < 0.3, a + a³·Q(a²) (Q a minimax
// fit, within 2⁻²⁹·⁵ of tanh a); beyond, 1 − g for g = 2/(E + 1), E =
// e^(2a): 2a = (16m + j)·ln2/16 + r (ln2/16 in two parts, the first
// product exact), E = 2ᵐ·(Th + (Th·(eʳ − 1) + Tl)) for 2^(j/16) = Th +
// Tl from a table, E = Eh + El and E + 1 = Dh + Dl by Fast2Sum, g/2 = h
// + hl by the quotient's residual (FMAs), 1 − 2h exact (Sterbenz: 2h ≤
// 0.71) and the rest added before the one rounding; a is capped at 10
// first (tanh rounds to 1 from 9.02), so ±Inf give ±1. With x's sign:
// within 0.561 ulp of tanh x (every float32 checked against math.Tanh,
// where 1 ulp is the float32 spacing at the exact value); NaN stays NaN,
// ±0 itself. Other CPUs take float32(TanhFloat64) over widened blocks
// (TanhFloat64 is within 2 ulp: float32(tanh x) but within 2⁻⁵¹ of a
// tie).
func TanhFloat32(d, x []float32) {
	x = x[:len(d)]
	if !useAVX512F {
		viaFloat64(d, x, opTanh)
		return
	}
	tanhF32x16(d, x)
}

// tanhMax32 capped 2|x| in the float64 lanes TanhFloat32 ran before
// tanhF32x16; powConsts32 keeps its slot, so that the offsets its other
// readers use stay.
const tanhMax32 = 40

// tanh16Q is Q of tanh a = a + a³·Q(a²), a < 0.3: the minimax fit
// (relative error) rounded to float32, within 2⁻²⁹·⁵ of tanh a.
var tanh16Q = [4]float32{-0.333333283662796, 0.13332930207252502, -0.053831782191991806, 0.02003210224211216}

// tanh16Tab holds 2^(j/16), j = 0…15, in two float32 parts.
var tanh16Tab = [2][16]float32{
	{1.0, 1.0442737340927124, 1.0905077457427979, 1.1387885808944702, 1.1892070770263672, 1.2418577671051025, 1.2968395948410034, 1.3542555570602417,
		1.4142135381698608, 1.4768261909484863, 1.5422108173370361, 1.610490322113037, 1.6817928552627563, 1.7562521696090698, 1.8340080976486206, 1.9152065515518188},
	{0.0, 4.8334701574503924e-08, -1.3077539939843064e-08, 5.386222312608879e-08, 3.797635272917432e-08, 4.496838101886169e-08, -4.018999533172973e-08, -1.0123349269974824e-08,
		2.4203234971764687e-08, -4.500898853621038e-08, 8.070904833346049e-09, 9.836217174097328e-09, -2.4755326677450284e-08, -9.235770370707996e-09, -1.1239277952768134e-08, 9.845328108326612e-09},
}

// tanhF32x16's other constants: the cap on |x|, the bound of the
// polynomial, 16/ln2, ln2/16 in two parts (the first with 15 significant
// bits, so that k·L1 is exact for k < 2⁹). 2ᵐ scales Th and its second
// part by adding m·2²³ to their bits, m·2²³ being kd's bits·2¹⁹ with j's
// bits masked off (kd = trig16Shift + 16m + j; trig16Shift's bits·2¹⁹
// are 0 mod 2³²).
const (
	tanh16Cap    = float32(10)
	tanh16Poly   = float32(0.3)
	tanh16InvLn2 = float32(23.083120346069336)
	tanh16L1     = float32(0.04332160949707031)
	tanh16L2     = float32(8.928792283313669e-08)
)

// tanh16Consts holds tanhF32x16's constants as float32 bits, in the order
// its assembly reads them.
var tanh16Consts = func() [18]uint32 {
	f := math.Float32bits
	return [18]uint32{1<<31 - 1, 1 << 31, f(tanh16Cap), f(tanh16Poly), f(tanh16InvLn2), f(trig16Shift), f(tanh16L1), f(tanh16L2),
		f(1. / 24), f(1. / 6), f(0.5), 0x7f800000,
		f(tanh16Q[3]), f(tanh16Q[2]), f(tanh16Q[1]), f(tanh16Q[0]), f(1), f(2)}
}()
