package vec

import (
	"math"
	mbits "math/bits"
)

// tan64 sets d[i] = tan x[i] for i < len(d) (x is at least as long; d
// may be x) within 0.53 ulp of the exact value for every finite x (at
// most 0.527 over TestTan64's 2²⁰ inputs); ±0 keep their sign, ±Inf and
// NaN give NaN. It is meant to be TanFloat64 (sin x/cos x over tiles,
// which is math.Sin's and math.Cos's reduction: 11 ulps off at π/2,
// thousands beyond 2²⁹), which does not call it yet: derived_test.go's
// TestDerived wants TanFloat64 within 3 ulps of math.Tan, which is 11
// ulps from tan(π/2) itself and 7 from tan(π).
//
// x = k·π/4 + r, |r| ≤ π/8 + 2⁻²¹, k the integer nearest x·(4/π) (an
// FMA with 1.5·2⁵² leaves it in the low bits of kd). Up to |x| =
// tan64Max = 2³² r = rh + rl is a three-part (Cody–Waite) reduction with
// π/4 = C1 + C2 + C3 (each the float64 nearest what is left): x − k·C1
// is exact in one FMA (a multiple of 2⁻⁵⁴ below ½), k·C2 = ph + pl
// exactly by an FMA, rh = (x − k·C1) − ph by Fast2Sum (x − k·C1 is a
// multiple of ulp(ph)), and rl = its error − pl − k·C3. C1 + C2 + C3
// leave 2⁻¹⁶⁴·⁶ of π/4 out, and k·2⁻¹⁶⁴·⁶ is below 2⁻⁷⁹·⁴·|r| for every
// float64 below 2³² near a multiple of π/2 (|r| ≥ 2⁻⁶⁰·⁵ there; `tan64_fit.py
// hard` prints the least |r| of each binade from the continued fraction
// of 2^(e−52)·2/π); near the odd multiples of π/4 tan x is near ±1 and
// only r's absolute error counts. Finite x beyond take tanOne64's
// Payne–Hanek reduction by 2/π's bits (tanBig64).
//
// t = tan r = rh + r³/3 + r⁵·P(r²) + rl·(1 + t²) (to 2⁻¹²⁰ of t) in two
// float64, th + tl: rh³ = s + sl and s/3 = ch + cl exactly (FMAs, 1/3 =
// third + thirdLo), u = rh + ch by Fast2Sum, tl its error plus cl, sl/3,
// s·thirdLo, s·z·P(z) and rl·(1 + u²), then th + tl = u + tl by
// Fast2Sum. P is the degree-7 minimax polynomial of tan64_fit.py, within
// 2⁻⁵⁸·³ of t, by Horner's rule; r⁵·P is 0.3% of t at most, so its
// roundings hardly count. tan x = n/d for n = t + σ and d = 1 − σ·t,
// σ = 0, 1, −1 for k mod 4 = 0, 1, 3 (tan(π/4 + r) = (1 + t)/(1 − t)),
// each in two float64 (Fast2Sum with σ; 1 − d and the error of d exact),
// and n = −1, d = t for k mod 4 = 2. With y = 1/dh rounded and n' =
// nh·y, n/d = n' + ρ·y to 2⁻¹⁰⁴ for ρ = nh − n'·dh + nl − n'·dl (FMAs):
// within about 2⁻⁵⁷ of tan x before the last rounding.
//
// tanF64x8 (tan64_amd64.s, AVX-512F) runs eight lanes of these steps a
// pass and stops before a vector with a finite |x| > tan64Max, which
// tanOne64 then computes: so d may be x. tanOne64 is the same steps in Go
// (the same bits), the path without AVX-512.
func tan64(d, x []float64) {
	x = x[:len(d)]
	if !useAVX512F {
		for i, v := range x {
			d[i] = tanOne64(v)
		}
		return
	}
	n := len(d) &^ 7
	for i := 0; i < n; i += 8 {
		if i += tanF64x8(d[i:n], x[i:n]); i == n {
			break
		}
		for j := i; j < i+8; j++ { // the vector the loop stopped before
			d[j] = tanOne64(x[j])
		}
	}
	if n < len(d) {
		var t [8]float64
		copy(t[:], x[n:])
		if tanF64x8(t[:], t[:]) == 0 {
			for j, v := range t {
				t[j] = tanOne64(v)
			}
		}
		copy(d[n:], t[:])
	}
}

// tan64Max bounds the |x| the three-part reduction takes (see tan64).
const tan64Max = 0x1p32

// π/4 in three parts, each the float64 nearest what is left (the halves
// of π/2's), and 1/3 in two.
const (
	tanC1      = 0x1.921fb54442d18p-1
	tanC2      = 0x1.1a62633145c07p-55
	tanC3      = -0x1.f1976b7ed8fbcp-111
	tanThird   = 0x1.5555555555555p-2
	tanThirdLo = 0x1.5555555555555p-56
)

// tan64Poly is P of tan r = r + r³/3 + r⁵·P(r²), |r| ≤ π/8 + 2⁻²⁰:
// tan64_fit.py's minimax polynomial (within 2⁻⁵⁸·³ of tan r).
var tan64Poly = [8]float64{
	0x1.111111110fb58p-3,
	0x1.ba1ba1bd14eeep-5,
	0x1.664f4741a7a8dp-6,
	0x1.226e7b82d0baep-7,
	0x1.d6c220c14c9c1p-9,
	0x1.7ef8d16c29b04p-10,
	0x1.263d50d9801e6p-11,
	0x1.55a11a3de0c06p-12,
}

// tan64TwoOverPi is 2/π's first 1280 bits after the point (tan64_fit.py),
// enough for x·(2/π) mod 2 to 2⁻¹³⁸ up to MaxFloat64.
var tan64TwoOverPi = [20]uint64{
	0xa2f9836e4e441529, 0xfc2757d1f534ddc0, 0xdb6295993c439041, 0xfe5163abdebbc561,
	0xb7246e3a424dd2e0, 0x06492eea09d1921c, 0xfe1deb1cb129a73e, 0xe88235f52ebb4484,
	0xe99c7026b45f7e41, 0x3991d639835339f4, 0x9c845f8bbdf9283b, 0x1ff897ffde05980f,
	0xef2f118b5a0a6d1f, 0x6d367ecf27cb09b7, 0x4f463f669e5fea2d, 0x7527bac7ebe5f17b,
	0x3d0739f78a5292ea, 0x6bfb5fb11f8d5d08, 0x56033046fc7b6bab, 0xf0cfbc209af4361d,
}

// tan64Consts holds tanF64x8's constants: the magnitude mask, tan64Max,
// +Inf, 4/π, 1.5·2⁵², C1, C2, C3, third, thirdLo, 1, −1, the
// VFIXUPIMMPD table (±0 themselves, ±Inf and NaN NaN), the integers 1
// and 2, then tan64Poly.
var tan64Consts = func() (t [23]float64) {
	copy(t[:], []float64{math.Float64frombits(1<<63 - 1), tan64Max, math.Inf(1), 4 / math.Pi, powShift,
		tanC1, tanC2, tanC3, tanThird, tanThirdLo, 1, -1, math.Float64frombits(0x00330122),
		math.Float64frombits(1), math.Float64frombits(2)})
	copy(t[15:], tan64Poly[:])
	return t
}()

// tanOne64 is tan64 for one element, operation by operation as tanF64x8
// computes it (conversions keep products from fusing into additions).
func tanOne64(x float64) float64 {
	if a := math.Abs(x); !(a <= tan64Max) {
		if !(a <= math.MaxFloat64) {
			return math.NaN()
		}
		rh, rl, q := tanBig64(a)
		if t := tanCore64(rh, rl, q); x > 0 {
			return t
		} else {
			return -t
		}
	}
	if x == 0 {
		return x
	}
	kd := math.FMA(x, 4/math.Pi, powShift)
	k := kd - powShift
	r1 := math.FMA(-k, tanC1, x)
	ph := float64(k * tanC2)
	pl := math.FMA(k, tanC2, -ph)
	rh := r1 - ph
	e := float64(r1-rh) - ph
	rl := math.FMA(-k, tanC3, e-pl)
	return tanCore64(rh, rl, math.Float64bits(kd)&3)
}

// tanCore64 is tan(q·π/4 + rh + rl) for q < 4 (see tan64).
func tanCore64(rh, rl float64, q uint64) float64 {
	z := float64(rh * rh)
	zl := math.FMA(rh, rh, -z)
	s := float64(z * rh)
	sl := math.FMA(z, rh, -s)
	sl = math.FMA(zl, rh, sl)
	p := tanPoly64(z)
	ch := float64(s * tanThird)
	low := math.FMA(s, tanThird, -ch)
	low = math.FMA(s, tanThirdLo, low)
	low = math.FMA(sl, tanThird, low)
	low = math.FMA(float64(s*z), p, low)
	u := rh + ch
	e1 := float64(rh-u) + ch
	tl := e1 + (low + math.FMA(float64(rl*u), u, rl))
	th := u + tl
	tl = tl - float64(th-u)
	sigma := 0.0 // the numerator t + σ, the denominator 1 − σ·t
	switch q {
	case 1:
		sigma = 1
	case 3:
		sigma = -1
	}
	nh := sigma + th
	nl := float64(float64(sigma-nh)+th) + tl
	dh := math.FMA(-sigma, th, 1)
	dl := math.FMA(-sigma, tl, math.FMA(-sigma, th, 1-dh))
	if q == 2 {
		nh, nl, dh, dl = -1, 0, th, tl
	}
	y := 1 / dh
	n := float64(nh * y)
	rho := math.FMA(-n, dh, nh)
	rho = math.FMA(-n, dl, rho+nl)
	return math.FMA(rho, y, n)
}

// tanPoly64 is tan64Poly at z by Horner's rule (fewer operations than
// Estrin's scheme; the loop's iterations overlap its latency).
func tanPoly64(z float64) float64 {
	p := tan64Poly[7]
	for i := 6; i >= 0; i-- {
		p = math.FMA(p, z, tan64Poly[i])
	}
	return p
}

// tanBig64 reduces a finite a > tan64Max: a·(4/π) = k + f, |f| ≤ ½, by
// Payne and Hanek's method — a = m·2ᵉ, and m times the 192 bits of 2/π
// from 2⁻ᵉ on (those before give even integers) is a·(2/π) mod 2 to
// 2⁻¹³⁸, twice that a·(4/π) mod 4 — and returns r = f·π/4 in two float64
// and k mod 4.
func tanBig64(a float64) (rh, rl float64, q uint64) {
	b := math.Float64bits(a)
	e := int(b>>52) - 1075
	m := b&(1<<52-1) | 1<<52
	w0, w1, w2 := tanPiBits(e-1), tanPiBits(e+63), tanPiBits(e+127)
	h2, p3 := mbits.Mul64(m, w2)
	h1, l1 := mbits.Mul64(m, w1)
	_, l0 := mbits.Mul64(m, w0)
	p2, c := mbits.Add64(l1, h2, 0)
	p1 := l0 + h1 + c // a·(4/π) mod 4 in bits 63 and 62, its fraction below
	p1 += 1 << 61     // + ½: k mod 4 in bits 63 and 62, f + ½ below
	q = p1 >> 62
	p1 &= 1<<62 - 1
	neg := p1 < 1<<61
	if neg { // |f|·2¹⁹⁰ = 2¹⁸⁹ − (p1, p2, p3)
		var bw uint64
		p3, bw = mbits.Sub64(0, p3, 0)
		p2, bw = mbits.Sub64(0, p2, bw)
		p1, _ = mbits.Sub64(1<<61, p1, bw)
	} else {
		p1 -= 1 << 61
	}
	lz := mbits.LeadingZeros64(p1) // 3 or more; |f| ≥ 2⁻⁶², so p1 ≠ 0
	hi := p1<<lz | p2>>(64-lz)
	mid := p2<<lz | p3>>(64-lz)
	// |f| = hi·2^(−62−lz) + mid·2^(−126−lz) to 2⁻¹⁹⁰: fh its first 53
	// bits, fl the next 64 (rounded)
	fh := math.Ldexp(float64(hi>>11), 11-62-lz)
	fl := math.Ldexp(float64(hi&0x7ff<<53|mid>>11), -53-62-lz)
	rh = float64(fh * tanC1)
	rl = math.FMA(fl, tanC1, math.FMA(fh, tanC2, math.FMA(fh, tanC1, -rh)))
	if neg {
		return -rh, -rl, q
	}
	return rh, rl, q
}

// tanPiBits is the 64 bits of 2/π after the point from bit off + 1 on
// (bits before the point are 0).
func tanPiBits(off int) uint64 {
	switch {
	case off <= -64:
		return 0
	case off < 0:
		return tan64TwoOverPi[0] >> -off
	}
	w, sh := off/64, uint(off%64)
	v := tan64TwoOverPi[w] << sh
	if sh != 0 {
		v |= tan64TwoOverPi[w+1] >> (64 - sh)
	}
	return v
}
