package vec

import "math"

// AtanFloat64 sets d[i] = atan x for x = x[i], i < len(d) (x is at least
// as long; d may be x). The AVX-512 loop is math.Atan's algorithm
// (Cephes': |x| ≤ 0.66 directly, beyond tan(3π/8) by π/2 − atan(1/|x|),
// between by π/4 + atan((|x|−1)/(|x|+1)), a rational function of x²)
// with the same operations in the same order, the three arguments
// blended into one division: it returns math.Atan's bits (NaN, ±0 and
// ±Inf included). Without AVX-512 it is math.Atan.
func AtanFloat64(d, x []float64) {
	x = x[:len(d)]
	n := 0
	if useAVX512F {
		n = prefix(len(d), 8)
	}
	if n > 0 {
		atanF64x8(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = math.Atan(x[i])
	}
}

// atanConsts holds atanF64x8's constants: the magnitude mask, 0.66,
// tan(3π/8), 1, math.Atan's P0…P4 and Q0…Q4, π/2, its low part
// (Morebits), π/4, half the low part and the sign bit.
var atanConsts = [...]float64{
	math.Float64frombits(1<<63 - 1), 0.66, 2.41421356237309504880, 1,
	-8.750608600031904122785e-01, -1.615753718733365076637e+01, -7.500855792314704667340e+01,
	-1.228866684490136173410e+02, -6.485021904942025371773e+01,
	+2.485846490142306297962e+01, +1.650270098316988542046e+02, +4.328810604912902668951e+02,
	+4.853903996359136964868e+02, +1.945506571482613964425e+02,
	math.Pi / 2, 6.123233995736765886130e-17, math.Pi / 4, 0.5 * 6.123233995736765886130e-17,
	math.Float64frombits(1 << 63),
}

// AtanFloat32 sets d[i] = atan x for x = x[i], i < len(d) (x is at least
// as long; d may be x). With AVX-512F one loop computes sixteen float32
// lanes at a time (atanF32x16), in float32 with the errors that matter
// kept as second parts: b = |x|, or 1/|x| as bh + bl where |x| > 1
// (|x| capped at 2⁶⁰ first, so that ±Inf gives π/2; bl = (1 − bh·|x|)·bh,
// the FMA's residual exact), c = k/8 nearest b, and by atan b = atan c +
// atan u, u = (b − c)/(1 + b·c) as q + ul (b − c exact, the denominator
// in two parts, the quotient's residual by FMAs times its reciprocal),
// atan u = q + q³·P(q²) + ul for |q| ≤ 1/16 (P a minimax fit of degree 1,
// within 2⁻³¹ of atan q), then atan c (or π/2 − atan c where |x| > 1,
// with u's sign flipped) in two parts from a table, the sum of its first
// part and q exact by Fast2Sum, and x's sign: within 0.5068 ulp of atan x
// (every float32 checked against math.Atan, where 1 ulp is the float32
// spacing at the exact value); NaN stays NaN, ±0 itself. Other CPUs take
// float32(AtanFloat64) over widened blocks: float32(atan x) but within
// 2⁻⁵² of a tie between two float32.
func AtanFloat32(d, x []float32) {
	x = x[:len(d)]
	if !useAVX512F {
		viaFloat64(d, x, opAtan)
		return
	}
	atanF32x16(d, x)
}

// atan16P is P of atanF32x16's atan q = q + q³·P(q²), |q| ≤ 1/16: the
// minimax fit (relative error) rounded to float32.
var atan16P = [2]float32{-0.3333323895931244, 0.19921797513961792}

// atan16Tab holds atan(k/8) and π/2 − atan(k/8), k = 0…8, each in two
// float32 parts: rows first parts, first parts, second parts, second
// parts (16 lanes each for VPERMPS).
var atan16Tab = [4][16]float32{
	{0, 0.12435499578714371, 0.244978666305542, 0.3587706685066223, 0.46364760398864746, 0.5585992932319641, 0.6435011029243469, 0.7188299894332886, 0.7853981852531433},
	{1.5707963705062866, 1.4464412927627563, 1.3258177042007446, 1.2120256423950195, 1.1071487665176392, 1.0121970176696777, 0.9272952079772949, 0.8519663214683533, 0.7853981852531433},
	{0, -1.240382241363136e-09, -3.1786777654474463e-09, 1.7639498750554594e-09, 5.01215868808913e-09, 2.2111597886009804e-08, 5.868937336117597e-09, 1.0188335508587443e-08, -2.1855694143368964e-08},
	{-4.371138828673793e-08, 3.948537852238587e-08, -4.05327114094689e-08, 1.4129304837240397e-08, -4.872354963936232e-08, -6.218343617803157e-09, 1.002431737617826e-08, 5.704918759619204e-09, -2.1855694143368964e-08},
}

// atan16Cap caps |x| in atanF32x16: atan x rounds to float32(π/2) far
// below it, and 1/x stays normal.
const atan16Cap = 0x1p60

// atan16Consts holds atanF32x16's other constants as float32 bits: the
// magnitude mask, the sign bit, 1, atan16Cap, 8, trig16Shift, 1/8 and
// atan16P.
var atan16Consts = func() [9]uint32 {
	f := math.Float32bits
	return [9]uint32{1<<31 - 1, 1 << 31, f(1), f(atan16Cap), f(8), f(trig16Shift), f(0.125), f(atan16P[0]), f(atan16P[1])}
}()

// atanPoly32 is P of atan t = t + t·z·P(z), z = t², on |t| ≤ tan(π/8):
// the degree-7 polynomial through (atan t − t)/t³ at the Chebyshev nodes
// of z in [0, tan²(π/8)] (50-digit mpmath), within 2⁻⁴³ of atan t
// (checked on a 2000-point grid), with 8 terms where its Taylor series
// needs 12.
var atanPoly32 = [8]float64{-0.33333333333266196, 0.19999999949854794, -0.142857081103604, 0.11110819716745676,
	-0.09084101895346429, 0.07604800046078292, -0.06027307460946675, 0.03295679541870136}

// atanTanPi8 and atanTan3Pi8 are tan(π/8) and tan(3π/8).
const atanTanPi8, atanTan3Pi8 = 0.41421356237309504880, 2.41421356237309504880

// atanConsts32 holds ATAN2P32's constants: the
// magnitude mask, tan(π/8), tan(3π/8), 1, π/4, π/2, the sign bit, then
// atanPoly32.
var atanConsts32 = func() (t [15]float64) {
	copy(t[:], []float64{math.Float64frombits(1<<63 - 1), atanTanPi8, atanTan3Pi8, 1, math.Pi / 4, math.Pi / 2, math.Float64frombits(1 << 63)})
	copy(t[7:], atanPoly32[:])
	return t
}()

// The float64 kernels viaFloat64 computes float32 through.
const (
	opAtan = iota
	opTanh
	opLog
	opSin // opCos follows
	opCos
	opExp
	opExp2
	opExpm1
	opLog2
	opLog10
	opLog1p
	opTan
	opAsin
	opAcos
	opSinh
	opCosh
	opAsinh
	opAcosh
	opAtanh
	opCbrt
)

// viaFloat64 sets d[i] = float32(f(float64(x[i]))) for the float64 kernel
// f of op, over blocks widened on the stack (direct calls keep them there).
func viaFloat64(d, x []float32, op int) {
	var wx, wd [512]float64
	for off := 0; off < len(d); off += len(wx) {
		n := min(len(wx), len(d)-off)
		Float32To64(wx[:n], x[off:off+n])
		switch op {
		case opAtan:
			AtanFloat64(wd[:n], wx[:n])
		case opTanh:
			TanhFloat64(wd[:n], wx[:n])
		case opLog:
			LogFloat64(wd[:n], wx[:n])
		case opSin:
			SinFloat64(wd[:n], wx[:n])
		case opCos:
			CosFloat64(wd[:n], wx[:n])
		case opExp:
			ExpFloat64(wd[:n], wx[:n])
		case opExp2:
			Exp2Float64(wd[:n], wx[:n])
		case opExpm1:
			Expm1Float64(wd[:n], wx[:n])
		case opLog2:
			Log2Float64(wd[:n], wx[:n])
		case opLog10:
			Log10Float64(wd[:n], wx[:n])
		case opLog1p:
			Log1pFloat64(wd[:n], wx[:n])
		case opTan:
			TanFloat64(wd[:n], wx[:n])
		case opAsin:
			AsinFloat64(wd[:n], wx[:n])
		case opAcos:
			AcosFloat64(wd[:n], wx[:n])
		case opSinh:
			SinhFloat64(wd[:n], wx[:n])
		case opCosh:
			CoshFloat64(wd[:n], wx[:n])
		case opAsinh:
			AsinhFloat64(wd[:n], wx[:n])
		case opAcosh:
			AcoshFloat64(wd[:n], wx[:n])
		case opAtanh:
			AtanhFloat64(wd[:n], wx[:n])
		case opCbrt:
			CbrtFloat64(wd[:n], wx[:n])
		}
		Float64To32(d[off:off+n], wd[:n])
	}
}

// Atan2Float64 sets d[i] = atan2(y[i], x[i]) for i < len(d) (y and x are
// at least as long; d may be either): math.Atan2's bits, by its own
// steps — AtanFloat64 of y/x, moved by ±π where x < 0 (an AVX2 loop,
// atan2FixF64, then the tail one at a time) — with NaN, zeros and
// infinities left to math.Atan2.
func Atan2Float64(d, y, x []float64) {
	y, x = y[:len(d)], x[:len(d)]
	var t [512]float64
	for off := 0; off < len(d); off += len(t) {
		n := min(len(t), len(d)-off)
		ys, xs, ds, q := y[off:off+n], x[off:off+n], d[off:off+n], t[:n]
		Float64(Div, q, ys, xs)
		AtanFloat64(q, q)
		if m := prefix(n, 4); m > 0 {
			if atan2FixF64(ds[:m], q[:m], ys[:m], xs[:m]) {
				for i, v := range q[:m] { // the loop's NaN marks the elements math.Atan2 computes
					if v != v {
						ds[i] = math.Atan2(ys[i], xs[i])
					}
				}
			}
			q, ys, xs, ds = q[m:], ys[m:], xs[m:], ds[m:] // the tail is left
		}
		for i, v := range q {
			yi, xi := ys[i], xs[i]
			switch ay, ax := math.Abs(yi), math.Abs(xi); {
			case !(ay > 0 && ay <= math.MaxFloat64 && ax > 0 && ax <= math.MaxFloat64):
				v = math.Atan2(yi, xi)
			case xi < 0 && v <= 0:
				v += math.Pi
			case xi < 0:
				v -= math.Pi
			}
			ds[i] = v
		}
	}
}

// The float64 kernels binaryViaFloat64 computes float32 through.
const (
	opAtan2 = iota
	opLogAddExp
)

// binaryViaFloat64 sets d[i] = float32(f(float64(a[i]), float64(b[i])))
// for the float64 kernel f of op, over blocks widened on the stack
// (direct calls keep them there).
func binaryViaFloat64(d, a, b []float32, op int) {
	a, b = a[:len(d)], b[:len(d)]
	var wa, wb [512]float64
	for off := 0; off < len(d); off += len(wa) {
		n := min(len(wa), len(d)-off)
		Float32To64(wa[:n], a[off:off+n])
		Float32To64(wb[:n], b[off:off+n])
		switch op {
		case opAtan2:
			Atan2Float64(wa[:n], wa[:n], wb[:n])
		case opLogAddExp:
			LogAddExpFloat64(wa[:n], wa[:n], wb[:n])
		}
		Float64To32(d[off:off+n], wa[:n])
	}
}
