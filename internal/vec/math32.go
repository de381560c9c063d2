package vec

import "math"

// The float32 functions of this file compute in float64 lanes with what
// float32 needs, eight at a time with AVX-512 (math32_amd64.s): PowFloat32's
// exponential (2^(n/16) by a table and scaling, eʳ − 1 to degree 5) and
// logarithm (log32), each within 2⁻⁴⁰, polynomials for arcsin and a
// refinement for ∛, and the identities of derived.go on them. The float64
// result rounds to float32(f(x)) but within 2⁻³⁷ of a tie between two
// float32 (then to the other one: 1 ulp); TestMath32Exhaustive finds 0
// to 726 of the 2³² inputs so, by function, and none further. Special
// values are those of math's function of float64(x) (NaN, ±Inf and ±0
// propagate, out of the domain is NaN), set in the registers, so d may be
// x. Each sets d[i] = f(x[i]) for i < len(d) (x is at least as long).
// Other CPUs widen tiles to float64 and take the float64 function's
// result, rounded (viaFloat64).

// ExpFloat32 is eˣ.
func ExpFloat32(d, x []float32) { unary32(d, x, opExp) }

// Exp2Float32 is 2ˣ, exact for integers x.
func Exp2Float32(d, x []float32) { unary32(d, x, opExp2) }

// Expm1Float32 is eˣ − 1, accurate near 0 too.
func Expm1Float32(d, x []float32) { unary32(d, x, opExpm1) }

// Log2Float32 is log₂ x = ln x/ln 2, exact for powers of two.
func Log2Float32(d, x []float32) { unary32(d, x, opLog2) }

// Log10Float32 is log₁₀ x = ln x/ln 10.
func Log10Float32(d, x []float32) { unary32(d, x, opLog10) }

// Log1pFloat32 is ln(1 + x), accurate near 0 too.
func Log1pFloat32(d, x []float32) { unary32(d, x, opLog1p) }

// SinhFloat32 is sinh x = ±(m + m/(m+1))/2 for m = e^|x| − 1.
func SinhFloat32(d, x []float32) { unary32(d, x, opSinh) }

// CoshFloat32 is cosh x = (e^|x| + e^−|x|)/2.
func CoshFloat32(d, x []float32) { unary32(d, x, opCosh) }

// AsinFloat32 is arcsin x: ±t for t = arcsin |x| by a polynomial up to
// |x| = ½, beyond ±(π/2 − 2t) for t = arcsin √((1−|x|)/2).
func AsinFloat32(d, x []float32) { unary32(d, x, opAsin) }

// AcosFloat32 is arccos x: π/2 − arcsin x up to |x| = ½, beyond 2t or π −
// 2t for t = arcsin √((1−|x|)/2).
func AcosFloat32(d, x []float32) { unary32(d, x, opAcos) }

// AsinhFloat32 is arsinh x = ±log1p(|x| + (√(1+x²) − 1)), and ±(|x| −
// |x|³/6) for |x| < 2⁻¹⁰.
func AsinhFloat32(d, x []float32) { unary32(d, x, opAsinh) }

// AcoshFloat32 is arcosh x = log1p(t + √(t(t+2))) for t = x − 1.
func AcoshFloat32(d, x []float32) { unary32(d, x, opAcosh) }

// AtanhFloat32 is artanh x = ±log1p(2|x|/(1−|x|))/2.
func AtanhFloat32(d, x []float32) { unary32(d, x, opAtanh) }

// CbrtFloat32 is ∛x = ±|x|·y² for y = |x|^(−1/3) by two refinements of
// a guess from |x|'s bits, without division; a cube root that is a
// float32 comes out exact.
func CbrtFloat32(d, x []float32) { unary32(d, x, opCbrt) }

// TanFloat32 is tan x = sin r/cos r or −cos r/sin r by the parity of
// the quadrant of x (SinFloat32's reduction and polynomials); |x| >
// trigMax32 is float32(math.Tan(x)).
func TanFloat32(d, x []float32) {
	x = x[:len(d)]
	if !usePowAVX512 {
		viaFloat64(d, x, opTan)
		return
	}
	// Blocks through a buffer, so that x is there to recompute.
	var buf [256]float32
	for lo := 0; lo < len(d); lo += len(buf) {
		xb := x[lo:min(lo+len(buf), len(d))]
		b := buf[:(len(xb)+7)&^7]
		copy(b, xb)
		if tanF32x8(b, b) != 0 {
			for i, v := range xb {
				if !(math.Abs(float64(v)) <= trigMax32) {
					b[i] = float32(math.Tan(float64(v)))
				}
			}
		}
		copy(d[lo:], b[:len(xb)])
	}
}

// LogAddExpFloat32 is LogAddExpFloat64 for float32: max(a, b) +
// log1p(e^−|a−b|) in float64 lanes, a + ln 2 where a = b, NaN where
// either is.
func LogAddExpFloat32(d, a, b []float32) { binary32(d, a, b, opLogAddExp) }

// Atan2Float32 is Atan2Float64 for float32: θ = atan(|y|/|x|) in float64
// lanes (AtanFloat32's reduction of the ratio), π − θ for negative x,
// with y's sign; math.Atan2's values where both are zero or infinite.
func Atan2Float32(d, y, x []float32) { binary32(d, y, x, opAtan2) }

// binary32 is unary32 for the two-operand functions: LogAddExpFloat32
// and Atan2Float32 (binaryViaFloat64 without AVX-512).
func binary32(d, a, b []float32, op int) {
	a, b = a[:len(d)], b[:len(d)]
	if !usePowAVX512 {
		binaryViaFloat64(d, a, b, op)
		return
	}
	n := len(d) &^ 7
	if n > 0 {
		kernel2x32(d[:n], a[:n], b[:n], op)
	}
	if n < len(d) {
		var ta, tb [8]float32
		copy(ta[:], a[n:])
		copy(tb[:], b[n:])
		kernel2x32(ta[:], ta[:], tb[:], op)
		copy(d[n:], ta[:])
	}
}

// kernel2x32 calls op's AVX-512 loop directly.
func kernel2x32(d, a, b []float32, op int) {
	if op == opAtan2 {
		atan2F32x8(d, a, b)
		return
	}
	logAddExpF32x8(d, a, b)
}

// unary32 runs op's kernel over the multiple of eight elements and over
// the rest padded to eight on the stack, or viaFloat64 without AVX-512.
func unary32(d, x []float32, op int) {
	x = x[:len(d)]
	if !usePowAVX512 {
		viaFloat64(d, x, op)
		return
	}
	n := len(d) &^ 7
	if n > 0 {
		kernel32(d[:n], x[:n], op)
	}
	if n < len(d) {
		var t [8]float32
		copy(t[:], x[n:])
		kernel32(t[:], t[:], op)
		copy(d[n:], t[:])
	}
}

// kernel32 calls op's AVX-512 loop, directly: a func value would move
// the callers' tiles to the heap.
func kernel32(d, x []float32, op int) {
	switch op {
	case opExp:
		expF32x8(d, x)
	case opExp2:
		exp2F32x8(d, x)
	case opExpm1:
		expm1F32x8(d, x)
	case opLog2:
		logF32x8(d, x, 1/math.Ln2)
	case opLog10:
		logF32x8(d, x, 1/math.Ln10)
	case opLog1p:
		log1pF32x8(d, x)
	case opSinh:
		sinhF32x8(d, x)
	case opCosh:
		coshF32x8(d, x)
	case opAsin:
		asinF32x8(d, x)
	case opAcos:
		acosF32x8(d, x)
	case opAsinh:
		asinhF32x8(d, x)
	case opAcosh:
		acoshF32x8(d, x)
	case opAtanh:
		atanhF32x8(d, x)
	case opCbrt:
		cbrtF32x8(d, x)
	}
}

// math32Consts holds the kernels' constants beside powConsts32: the
// clamps of eˣ (90, −104), 1/ln 2, 1/ln 10, 1/3, π, 16, the clamps of 2ˣ
// (129, −151), −1, the cap of |a − b| in logaddexp, LOG1P32's 2⁻⁶, and
// cbrt's magic number (the bits of the guess of a^(−1/3) are magic −
// bits(a)/3, within 3.5%), 2/9, 14/81, π/2, asinPoly32, then −1/6 and
// 2⁻¹⁰ (arsinh near 0).
var math32Consts = func() (t [27]float64) {
	copy(t[:], []float64{90, -104, 1 / math.Ln2, 1 / math.Ln10, 1. / 3, math.Pi, 16, 129, -151, -1, 200, 0x1p-6,
		0x553ef102363b2571, 2. / 9, 14. / 81, math.Pi / 2})
	copy(t[16:], asinPoly32[:])
	t[25], t[26] = -1./6, 0x1p-10
	return t
}()

// asinPoly32 is P of arcsin s = s + s·z·P(z), z = s², on s ≤ ½: the
// degree-8 least-squares fit of (arcsin s − s)/s³ at 200 Chebyshev nodes
// of z in [0, ¼] (50-digit mpmath, weighted by z), within 2⁻⁴³ of
// arcsin s (checked on a 2000-point grid).
var asinPoly32 = [9]float64{0.1666666666964564, 0.07499999535100968, 0.04464310752582684, 0.030375349095543274,
	0.022469847910223693, 0.016488257649933613, 0.018586907307069512, -0.002762321421101234, 0.031871728710931566}
