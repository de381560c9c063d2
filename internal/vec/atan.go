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
// as long; d may be x), computed in float64 with what float32 needs: t =
// |x|, (|x|−1)/(|x|+1) beyond tan(π/8) or −1/|x| beyond tan(3π/8), then
// atan t by a degree-15 odd polynomial (|t| ≤ tan(π/8): within 2⁻⁴³), plus
// 0, π/4 or π/2, with x's sign. The result is float32(atan x) but within
// 2⁻³⁶ of a tie between two float32 (then the other one, 1 ulp); NaN,
// ±0 and ±Inf are math.Atan's. With AVX-512 one loop computes eight
// lanes at a time (atanF32x8); atanOne32 is its twin in Go, the same bits,
// for the tail. Other CPUs take float32(AtanFloat64) over widened blocks
// (atanOne32 alone is bound by its latency).
func AtanFloat32(d, x []float32) {
	x = x[:len(d)]
	if !useAVX512F {
		viaFloat64(d, x, opAtan)
		return
	}
	n := prefix(len(d), 8)
	if n > 0 {
		atanF32x8(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = atanOne32(x[i])
	}
}

// atanPoly32 is P of atan t = t + t·z·P(z), z = t², on |t| ≤ tan(π/8):
// the degree-7 polynomial through (atan t − t)/t³ at the Chebyshev nodes
// of z in [0, tan²(π/8)] (50-digit mpmath), within 2⁻⁴³ of atan t
// (checked on a 2000-point grid), with 8 terms where its Taylor series
// needs 12.
var atanPoly32 = [8]float64{-0.33333333333266196, 0.19999999949854794, -0.142857081103604, 0.11110819716745676,
	-0.09084101895346429, 0.07604800046078292, -0.06027307460946675, 0.03295679541870136}

// atanTanPi8 and atanTan3Pi8 are tan(π/8) and tan(3π/8).
const atanTanPi8, atanTan3Pi8 = 0.41421356237309504880, 2.41421356237309504880

// atanOne32 is AtanFloat32's algorithm for one element, operation by
// operation as atanF32x8 computes it.
func atanOne32(x32 float32) float32 {
	x := float64(x32)
	a := math.Abs(x)
	num, den, base := a, 1.0, 0.0
	switch {
	case a > atanTan3Pi8:
		num, den, base = -1, a, math.Pi/2
	case a > atanTanPi8:
		num, den, base = a-1, a+1, math.Pi/4
	}
	t := num / den
	z := t * t
	p := atanPoly32[7]
	for k := 6; k >= 0; k-- {
		p = math.FMA(p, z, atanPoly32[k])
	}
	r := base + math.FMA(float64(t*z), p, t)
	return float32(math.Float64frombits(math.Float64bits(r) ^ math.Float64bits(x)&(1<<63)))
}

// atanConsts32 holds atanF32x8's (and ATAN2P32's) constants: the
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
