package vec

import "math"

// The functions of this file are built by identities from the vector
// kernels (ExpFloat64, LogFloat64, AtanFloat64, SinFloat64, CosFloat64,
// SqrtFloat64 and the vector division), run over tiles of tile elements
// on the stack, with Go's scalar additions and products between them.
// Each sets d[i] = f(x[i]) for i < len(d) (x is at least as long; d may
// be x), and each leaves to math's function what its identity does not
// cover (NaN, infinities, the ends of the domain, overflow), so special
// values are math's. Log2Float64 and Log10Float64 give math's bits; the
// others stay within a few ulp of math's (TestDerived bounds each), as
// NumPy's vector functions do of the C library's. Kernels are called
// directly, never through func values (that would move the tiles to the
// heap), and never in place: ExpFloat64, LogFloat64 and the sine and
// cosine read x again for the elements they leave to math.
//
// With AVX-512 (F and DQ), CbrtFloat64, Log1pFloat64, Expm1Float64,
// SinhFloat64, AsinhFloat64, AsinFloat64, AcosFloat64, Exp2Float64 and
// Log2Float64 run instead one pass of eight lanes each
// (derived_amd64.s, on PowFloat64's logarithm and exponential and
// CbrtFloat32's refinements): special values set by masks, d may be x,
// the tail padded to eight on the stack, and results within 0.5 ulp of
// the exact value (∛x, log1p, expm1, arsinh: 0.505) or 0.7 (sinh), so not
// the bits of the tiles' path.

// tile is the length of the stack tiles.
const tile = 512

// fixOutside sets d[i] = f(x[i]) where x[i] is outside [lo, hi] or NaN:
// the elements a function's vector steps do not cover, left to math's
// function f (the scan is skipped when the range check finds none).
func fixOutside(d, x []float64, lo, hi float64, f func(float64) float64) {
	if within(x, lo, hi) {
		return
	}
	for i, v := range x {
		if !(v >= lo && v <= hi) {
			d[i] = f(v)
		}
	}
}

// Log2Float64 is log₂ x = ln f/ln 2 + e for x = f·2^e with f in [√2/2,
// √2): exact for powers of two, and without the cancellation of
// math.Log2's split (f in [½, 1)) just above 1, where math.Log2 loses up
// to 7 digits (log₂(1+10⁻¹⁰): 1.4426959627e-10 against 1.4426951602e-10).
// Zeros, negatives, subnormals, infinities and NaN are math.Log2's. With
// AVX-512 (log2F64x8) it is PowFloat64's logarithm (hi + lo) times 1/ln 2
// in two parts: within about 0.5 ulp, exact for powers of two, subnormals
// scaled to normal numbers first.
func Log2Float64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opLog2)
		return
	}
	var f, e, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, fb, eb, lb := x[lo:lo+n], f[:n], e[:n], l[:n]
		splitLog2(fb, eb, xb)
		LogFloat64(lb, fb)
		affine(lb, lb, 1/math.Ln2, 0)
		Float64(Add, lb, lb, eb)
		fixOutside(lb, xb, 0x1p-1022, math.MaxFloat64, math.Log2)
		copy(d[lo:lo+n], lb)
	}
}

// Log10Float64 is log₁₀ x = ln x · (1/ln 10), math.Log10's formula with
// LogFloat64: math.Log10's bits (subnormals right, see logOne).
func Log10Float64(d, x []float64) {
	x = x[:len(d)]
	var l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		LogFloat64(l[:n], x[lo:lo+n])
		affine(d[lo:lo+n], l[:n], 1/math.Ln10, 0)
	}
}

// Exp2Float64 is 2ˣ = 2ᵏ·e^((x−k)·ln2) for k = ⌊x⌋: exact for integers x;
// x outside [-1022, 1024) (subnormal or infinite results) and NaN are
// math.Exp2's. With AVX-512 (exp2F64x8) it is PowFloat64's exponential
// of x·ln 2 as a high and a low part: within 0.6 ulp as it, exact for
// integers x, subnormal results within an ulp.
func Exp2Float64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opExp2)
		return
	}
	var k, t, e [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, kb, tb, eb := x[lo:lo+n], k[:n], t[:n], e[:n]
		RoundFloat64(RoundFloor, kb, xb)
		Float64(Sub, tb, xb, kb)
		affine(tb, tb, math.Ln2, 0)
		ExpFloat64(eb, tb)
		pow2(tb, kb)
		Float64(Mul, eb, eb, tb)
		fixOutside(eb, xb, -1022, exp2Hi, math.Exp2)
		copy(d[lo:lo+n], eb)
	}
}

// exp2Hi is the greatest x whose 2ˣ the vector steps compute.
var exp2Hi = math.Nextafter(1024, 0)

// Expm1Float64 is eˣ − 1 as (u − 1) + u·(x − ln u) for u = eˣ rounded:
// the product corrects the rounding of u (and of ExpFloat64) to first
// order, so the result is accurate near 0 too, with x's sign. x outside
// [-708, 709] and NaN are math.Expm1's. With AVX-512 (expm1F64x8) it is
// PowFloat64's reduction with the −1 and the low-order terms kept exact:
// within about 0.5 ulp.
func Expm1Float64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opExpm1)
		return
	}
	var u, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		expm1Tile(d[lo:lo+n], x[lo:lo+n], &u, &l)
	}
}

// expm1Tile is Expm1Float64 of one tile, with u and l for scratch.
func expm1Tile(d, x []float64, u, l *[tile]float64) {
	n := len(d)
	uu, ll := u[:n], l[:n]
	ExpFloat64(uu, x)
	LogFloat64(ll, uu)
	Float64(Sub, ll, x, ll)
	Float64(Mul, ll, uu, ll)
	affine(uu, uu, 1, -1)
	Float64(Add, ll, uu, ll)
	copySign(ll, x) // −0 stays −0
	fixOutside(ll, x, expLo, expHi, math.Expm1)
	copy(d, ll)
}

// Log1pFloat64 is ln(1 + x) as ln u + c/u for u = 1 + x rounded and c =
// x − (u − 1) its rounding error, so the result is accurate near 0 too,
// with x's sign. x ≤ −1, +Inf and NaN are math.Log1p's. With AVX-512
// (log1pF64x8) ln u is PowFloat64's logarithm, within 2⁻⁶⁸, and the
// result within about 0.5 ulp.
func Log1pFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opLog1p)
		return
	}
	var u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		log1pTile(d[lo:lo+n], x[lo:lo+n], &u, &c, &l)
	}
}

// log1pLo is the least x whose log1p the vector steps compute.
var log1pLo = math.Nextafter(-1, 0)

// log1pTile is Log1pFloat64 of one tile, with u, c and l for scratch:
// with AVX-512 log1pF64x8's one pass, which the functions built on it
// (AcoshFloat64, AtanhFloat64, LogAddExpFloat64) take too.
func log1pTile(d, x []float64, u, c, l *[tile]float64) {
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opLog1p)
		return
	}
	n := len(d)
	uu, cc, ll := u[:n], c[:n], l[:n]
	affine(uu, x, 1, 1)
	affine(cc, uu, 1, -1)
	Float64(Sub, cc, x, cc)
	LogFloat64(ll, uu)
	Float64(Div, cc, cc, uu)
	Float64(Add, cc, ll, cc)
	copySign(cc, x) // −0 stays −0
	fixOutside(cc, x, log1pLo, math.MaxFloat64, math.Log1p)
	copy(d, cc)
}

// TanFloat64 is tan x: with AVX-512F one pass within 1 ulp (tan64),
// else sin x / cos x.
func TanFloat64(d, x []float64) {
	if useAVX512F {
		tan64(d, x)
		return
	}
	x = x[:len(d)]
	var s, c [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb := x[lo : lo+n]
		SinFloat64(s[:n], xb)
		CosFloat64(c[:n], xb)
		Float64(Div, d[lo:lo+n], s[:n], c[:n])
	}
}

// AsinFloat64 is arcsin x = arctan(x / √((1−x)(1+x))); ±1 give ±π/2 and
// |x| > 1 NaN through the square root. With AVX-512 (asinF64x8) it is
// AsinFloat32's polynomial form with asinPoly64 and π/2 in two parts.
func AsinFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opAsin)
		return
	}
	var a, b [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, ab, bb := x[lo:lo+n], a[:n], b[:n]
		affine(ab, xb, -1, 1)
		affine(bb, xb, 1, 1)
		Float64(Mul, ab, ab, bb)
		SqrtFloat64(ab, ab)
		Float64(Div, ab, xb, ab)
		AtanFloat64(d[lo:lo+n], ab)
	}
}

// AcosFloat64 is arccos x = 2·arctan √((1−x)/(1+x)); −1 gives π and
// |x| > 1 NaN through the square root. With AVX-512 (acosF64x8) it is
// AcosFloat32's form as AsinFloat64's.
func AcosFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opAcos)
		return
	}
	var a, b [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, ab, bb := x[lo:lo+n], a[:n], b[:n]
		affine(ab, xb, -1, 1)
		affine(bb, xb, 1, 1)
		Float64(Div, ab, ab, bb)
		SqrtFloat64(ab, ab)
		AtanFloat64(ab, ab)
		affine(d[lo:lo+n], ab, 2, 0)
	}
}

// CoshFloat64 is cosh x = (eˣ + e⁻ˣ)/2, a sum of positive terms; |x| >
// 708 and NaN are math.Cosh's.
func CoshFloat64(d, x []float64) {
	x = x[:len(d)]
	var t, e, f [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, tb, eb, fb := x[lo:lo+n], t[:n], e[:n], f[:n]
		ExpFloat64(eb, xb)
		affine(tb, xb, -1, 0)
		ExpFloat64(fb, tb)
		Float64(Add, eb, eb, fb)
		affine(eb, eb, 0.5, 0)
		fixOutside(eb, xb, expLo, -expLo, math.Cosh)
		copy(d[lo:lo+n], eb)
	}
}

// SinhFloat64 is sinh x = ±(E + E/(E+1))/2 for E = expm1|x| (fdlibm's
// form): a sum of positive terms, accurate near 0 too. |x| > 708 and NaN
// are math.Sinh's, but finite up to ±710.48 (sinhOne). With AVX-512 (sinhF64x8) it is the Taylor series
// below |x| = 1 and (e^|x| − e^−|x|)/2 beyond by PowFloat64's
// exponential: within about 0.6 ulp.
func SinhFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opSinh)
		return
	}
	var a, e, q, u, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, ab, eb, qb := x[lo:lo+n], a[:n], e[:n], q[:n]
		AbsFloat(ab, xb)
		expm1Tile(eb, ab, &u, &l)
		affine(qb, eb, 1, 1)
		Float64(Div, qb, eb, qb)
		Float64(Add, eb, eb, qb)
		affine(eb, eb, 0.5, 0)
		copySign(eb, xb)
		fixOutside(eb, xb, expLo, -expLo, sinhOne)
		copy(d[lo:lo+n], eb)
	}
}

// sinhOne is math.Sinh but finite up to sinh's own overflow (x = ±710.48;
// math.Sinh is e^|x|/2, +Inf from 709.79): ±h·(h/2) for h = e^(|x|/2).
func sinhOne(x float64) float64 {
	if a := math.Abs(x); a > 709 && a <= 711 {
		h := math.Exp(a / 2)
		return math.Copysign(h*(h/2), x)
	}
	return math.Sinh(x)
}

// AsinhFloat64 is arsinh x = ±log1p(|x| + x²/(1 + √(1+x²))) (fdlibm's
// form near 0, exact in the limit of large |x| too); |x| > 2²⁸ and NaN
// are math.Asinh's. With AVX-512 (asinhF64x8) it is ±ln W for W = |x| +
// √(1+x²) in two float64 (ln 2 + ln(|x| + 1/(4|x|)) above 2²⁶, the
// Taylor series below 1/16) by PowFloat64's logarithm: within about 0.5
// ulp.
func AsinhFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opAsinh)
		return
	}
	var a, q, s, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, ab, qb, sb := x[lo:lo+n], a[:n], q[:n], s[:n]
		AbsFloat(ab, xb)
		Float64(Mul, qb, ab, ab)
		affine(sb, qb, 1, 1)
		SqrtFloat64(sb, sb)
		affine(sb, sb, 1, 1)
		Float64(Div, qb, qb, sb)
		Float64(Add, qb, ab, qb)
		log1pTile(qb, qb, &u, &c, &l)
		copySign(qb, xb)
		fixOutside(qb, xb, -1<<28, 1<<28, math.Asinh)
		copy(d[lo:lo+n], qb)
	}
}

// AcoshFloat64 is arcosh x = log1p(t + √(t(t+2))) for t = x − 1 (fdlibm's
// form near 1, exact in the limit of large x too); x < 1, x > 2²⁸ and NaN
// are math.Acosh's.
func AcoshFloat64(d, x []float64) {
	x = x[:len(d)]
	var t, w, s, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, tb, wb, sb := x[lo:lo+n], t[:n], w[:n], s[:n]
		affine(tb, xb, 1, -1)
		affine(wb, tb, 1, 2)
		Float64(Mul, sb, tb, wb)
		SqrtFloat64(sb, sb)
		Float64(Add, sb, sb, tb)
		log1pTile(sb, sb, &u, &c, &l)
		fixOutside(sb, xb, 1, 1<<28, math.Acosh)
		copy(d[lo:lo+n], sb)
	}
}

// AtanhFloat64 is artanh x = ±log1p(2|x|/(1−|x|))/2; ±1 give ±Inf, and
// |x| > 1 and NaN are math.Atanh's. With AVX-512 (atanhF64x8) it is one
// pass that keeps the quotient's rounding error for log1p: within 0.51
// ulp of the exact value (TestDerived64); else the passes below, the
// quotient rounded, within 1.75 ulp.
func AtanhFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opAtanh)
		return
	}
	var a, b, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, ab, bb := x[lo:lo+n], a[:n], b[:n]
		AbsFloat(ab, xb)
		affine(bb, ab, -1, 1)
		affine(ab, ab, 2, 0)
		Float64(Div, ab, ab, bb)
		log1pTile(ab, ab, &u, &c, &l)
		affine(ab, ab, 0.5, 0)
		copySign(ab, xb)
		fixOutside(ab, xb, -1, 1, math.Atanh)
		copy(d[lo:lo+n], ab)
	}
}

// CbrtFloat64 is ∛x. With AVX-512 (cbrtF64x8) it is a Newton step from
// |x|^(−1/3) by CbrtFloat32's refinements, c³ − |x| exact: correctly
// rounded but within about 2⁻¹⁰⁰ of a tie, so exact for exact cubes.
// Otherwise it is t = e^(ln|x|/3) by one Newton step, t − (t − |x|/t²)/3
// (the error of t squared), with x's sign; a result of 17 significant
// bits or fewer whose cube is a normal x (8 → 2) is returned exactly.
// Zeros, infinities and NaN are math.Cbrt's.
func CbrtFloat64(d, x []float64) {
	x = x[:len(d)]
	if useAVX512F && usePowAVX512 {
		unary64(d, x, opCbrt)
		return
	}
	var a, t, q [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i] = math.Abs(v)
		}
		LogFloat64(q[:n], a[:n])
		for i := range n {
			q[i] *= 1.0 / 3
		}
		ExpFloat64(t[:n], q[:n])
		for i := range n {
			q[i] = t[i] * t[i]
		}
		Float64(Div, q[:n], a[:n], q[:n])
		for i, v := range xb {
			if !(a[i] > 0 && a[i] <= math.MaxFloat64) {
				db[i] = math.Cbrt(v)
				continue
			}
			c := t[i] - (t[i]-q[i])*(1.0/3)
			// An exact cube root has at most 17 significant bits: round
			// c to 17 and keep that when it cubes to |x| exactly.
			if y := math.Float64frombits((math.Float64bits(c) + 1<<35) &^ (1<<36 - 1)); a[i] >= 0x1p-1022 && y*y*y == a[i] {
				c = y
			}
			db[i] = math.Copysign(c, v)
		}
	}
}

// unary64 runs op's AVX-512 kernel (derived_amd64.s) over the multiple
// of eight elements and over the rest padded to eight on the stack.
func unary64(d, x []float64, op int) {
	n := len(d) &^ 7
	if n > 0 {
		kernel64(d[:n], x[:n], op)
	}
	if n < len(d) {
		var t [8]float64
		copy(t[:], x[n:])
		kernel64(t[:], t[:], op)
		copy(d[n:], t[:])
	}
}

// kernel64 calls op's AVX-512 loop, directly: a func value would move
// the callers' tiles to the heap.
func kernel64(d, x []float64, op int) {
	switch op {
	case opCbrt:
		cbrtF64x8(d, x)
	case opLog1p:
		log1pF64x8(d, x)
	case opAtanh:
		atanhF64x8(d, x)
	case opSinh:
		sinhF64x8(d, x)
	case opExpm1:
		expm1F64x8(d, x)
	case opAsinh:
		asinhF64x8(d, x)
	case opAsin:
		asinF64x8(d, x)
	case opAcos:
		acosF64x8(d, x)
	case opExp2:
		exp2F64x8(d, x)
	case opLog2:
		log2F64x8(d, x)
	}
}

// derivedConsts64 holds the constants of derived_amd64.s: the sign bit,
// ½, 1, 3, cbrt's scaling of tiny x (below 2⁻⁹⁰⁰ by 2⁶⁰⁰, the root by
// 2⁻²⁰⁰), sinh's clamp 711 and its Taylor coefficients 1/3!, 1/5!, …,
// 1/19!, then ln MaxFloat64, −746, +Inf, 709, 1/8! and 1/9! (expm1), 2²⁶
// (asinh's bound for ln 2 + ln|x|) and arsinh's Taylor coefficients of
// x³, x⁵, …, x¹⁹: (−1)ᵏ(2k)!/(4ᵏ(k!)²(2k+1)).
var derivedConsts64 = func() (t [33]float64) {
	t[17], t[18], t[19], t[20], t[21], t[22], t[23] = math.Log(math.MaxFloat64), -746, math.Inf(1), 709, 1./40320, 1./362880, 0x1p26
	copy(t[:], []float64{math.Copysign(0, -1), 0.5, 1, 3, 0x1p-900, 0x1p600, 0x1p-200, 711})
	c := 1.0
	for k := 1; k <= 9; k++ {
		c *= -float64(2*k-1) / float64(2*k) // (−1)ᵏ(2k)!/(4ᵏ(k!)²)
		t[23+k] = c / float64(2*k+1)
	}
	f := 1.0
	for k := 2; k <= 19; k++ {
		f *= float64(k)
		if k%2 == 1 {
			t[8+(k-3)/2] = 1 / f
		}
	}
	return t
}()

// LogAddExpFloat64 sets d[i] = ln(e^a[i] + e^b[i]) (a and b are at least
// as long as d; d may be either) without overflow, as NumPy's logaddexp:
// max(a, b) + log1p(e^−|a−b|), and a + ln 2 where a = b (infinities
// included).
func LogAddExpFloat64(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	var t, e, m, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		ab, bb, tb, eb, mb := a[lo:lo+n], b[lo:lo+n], t[:n], e[:n], m[:n]
		Float64(Sub, tb, ab, bb)
		AbsFloat(tb, tb)
		affine(tb, tb, -1, 0)
		ExpFloat64(eb, tb)
		log1pTile(eb, eb, &u, &c, &l)
		MaxElems(mb, ab, bb)
		Float64(Add, eb, mb, eb)
		if !within(ab, -math.MaxFloat64, math.MaxFloat64) || !within(bb, -math.MaxFloat64, math.MaxFloat64) {
			for i, v := range ab { // infinities and NaN by NumPy's steps
				switch w := bb[i]; {
				case v == w:
					eb[i] = v + math.Ln2
				case v != v || w != w:
					eb[i] = v + w
				case v > w:
					eb[i] = v + math.Log1p(math.Exp(w-v))
				default:
					eb[i] = w + math.Log1p(math.Exp(v-w))
				}
			}
		}
		copy(d[lo:lo+n], eb)
	}
}

// asinConsts64 holds asinF64x8's and acosF64x8's constants: the magnitude
// mask, the sign bit, ½, π/2 and π each as a high and a low part, a clamp
// of 1/√z (2⁶⁰⁰), then asinPoly64.
var asinConsts64 = func() (t [21]float64) {
	copy(t[:], []float64{math.Float64frombits(1<<63 - 1), math.Float64frombits(1 << 63), 0.5,
		math.Pi / 2, 6.123233995736766e-17, math.Pi, 1.2246467991473532e-16, 0x1p600})
	copy(t[8:], asinPoly64[:])
	return t
}()

// asinPoly64 is P of arcsin s = s + s·z·P(z), z = s², on s ≤ ½ (as
// asinPoly32): the degree-12 least-squares fit of (arcsin s − s)/s³ at
// 300 Chebyshev nodes of z in [0, ¼] (50-digit mpmath, weighted by z),
// within 2⁻⁵⁸ of arcsin s (checked on a 2000-point grid).
var asinPoly64 = [13]float64{0.1666666666666676, 0.07499999999970997, 0.04464285717430074, 0.030381942726351436,
	0.02237221439686639, 0.017351623457583357, 0.013980676388246932, 0.011400132004304689, 0.010773256451690326,
	0.0037332587328423017, 0.021641408484405354, -0.020904939185592837, 0.03256950285085093}

// exp2Consts64 holds exp2F64x8's constants: the clamps of x (beyond
// them 2ˣ is +Inf or 0) and ln 2 as a high and a low part.
var exp2Consts64 = [4]float64{1025, -1080, math.Ln2, 2.3190468138462996e-17}

// log2Consts64 holds log2F64x8's constants: 1/ln 2 as a high and a low
// part, the least normal number, and 2⁵⁴ and 54 (the scaling of
// subnormals).
var log2Consts64 = [5]float64{math.Log2E, 2.0355273740931033e-17, 0x1p-1022, 0x1p54, 54}
