package vec

import (
	"math"
	mbits "math/bits"
)

// tan64 sets d[i] = tan x[i] for i < len(d) (x is at least as long; d
// may be x) within 0.75 ulp of the exact value for every finite x (at
// most 0.73 over TestTan64's 2²⁰ inputs); ±0 keep their sign, ±Inf and
// NaN give NaN. It is meant to be TanFloat64 (sin x/cos x over tiles,
// which is math.Sin's and math.Cos's reduction: 11 ulps off at π/2,
// thousands beyond 2²⁹), which does not call it yet: derived_test.go's
// TestDerived wants TanFloat64 within 3 ulps of math.Tan, which is 11
// ulps from tan(π/2) itself and 7 from tan(π).
//
// x = k·π/2 + r, |r| ≤ π/4 + 2⁻²¹, k the integer nearest x·(2/π) (an
// FMA with 1.5·2⁵² leaves it in the low bits of kd). Up to |x| =
// tan64Max = 2³² r = rh + rl is a three-part (Cody–Waite) reduction with
// π/2 = C1 + C2 + C3 (each the float64 nearest what is left): x − k·C1
// is exact in one FMA (a multiple of 2⁻⁵² or of ulp(x), below 2), k·C2 =
// ph + pl exactly by an FMA, rh = (x − k·C1) − ph by Fast2Sum (x − k·C1
// is a multiple of ulp(ph)), and rl = its error − pl − k·C3. C1 + C2 + C3
// leave 2⁻¹⁶³·⁶ of π/2 out, and k·2⁻¹⁶³·⁶ is below 2⁻⁷⁹·⁴·|r| for every
// float64 below 2³² (|r| ≥ 2⁻⁶⁰·⁵ there; `tan64_fit.py hard` prints the
// least |r| of each binade from the continued fraction of
// 2^(e−52)·2/π). Finite x beyond take tanOne64's Payne–Hanek reduction
// by 2/π's bits (tanBig64).
//
// tan r = rh + r³/3 + r⁵·P(r²) + rl·(1 + tan²r) (to 2⁻¹²⁰ of tan r) in two
// float64, t + tl: rh³ = s + sl and s/3 = ch + cl exactly (FMAs, 1/3 =
// third + thirdLo), u = rh + ch by Fast2Sum, tl its error plus cl, sl/3,
// s·thirdLo, s·z·P(z) and rl·(1 + u²), t = u + tl. P is the degree-13
// minimax polynomial of tan64_fit.py, within 2⁻⁵⁸·⁹ of tan r, by
// Estrin's scheme. Even k give t; odd k −1/(t + tl') = y + y·ρ for y =
// −1/t rounded, tl' = tl − (t − u) and ρ = 1 + y·t + y·tl' (1 + y·t
// exact by an FMA). The roundings of r⁵·P (5% of tan r at most) and of
// the sums of tl leave the result within about 2⁻⁵⁵ of tan x before the
// last rounding.
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

// π/2 in three parts, each the float64 nearest what is left, and 1/3 in
// two.
const (
	tanC1      = 0x1.921fb54442d18p+0
	tanC2      = 0x1.1a62633145c07p-54
	tanC3      = -0x1.f1976b7ed8fbcp-110
	tanThird   = 0x1.5555555555555p-2
	tanThirdLo = 0x1.5555555555555p-56
)

// tan64Poly is P of tan r = r + r³/3 + r⁵·P(r²), |r| ≤ π/4 + 2⁻²⁰:
// tan64_fit.py's minimax polynomial (within 2⁻⁵⁸·⁹ of tan r).
var tan64Poly = [14]float64{
	0x1.1111111110dc4p-3,
	0x1.ba1ba1ba675fcp-5,
	0x1.664f486d242fap-6,
	0x1.226e38bafe8eep-7,
	0x1.d6d32a341333cp-9,
	0x1.7dae30f3aaa1cp-10,
	0x1.34db24427eb88p-11,
	0x1.fd9199b8881d4p-13,
	0x1.663cd12fd97f9p-14,
	0x1.0c8fa0b7a2786p-14,
	-0x1.6d92c9eb9a9bdp-16,
	0x1.7e3c6ef688becp-15,
	-0x1.7ebeab7423926p-16,
	0x1.3e49f8e89afc2p-17,
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
// +Inf, 2/π, 1.5·2⁵², C1, C2, C3, third, thirdLo, 1, −1, the
// VFIXUPIMMPD table (±0 themselves, ±Inf and NaN NaN), then tan64Poly.
var tan64Consts = func() (t [27]float64) {
	copy(t[:], []float64{math.Float64frombits(1<<63 - 1), tan64Max, math.Inf(1), 2 / math.Pi, powShift,
		tanC1, tanC2, tanC3, tanThird, tanThirdLo, 1, -1, math.Float64frombits(0x00330122)})
	copy(t[13:], tan64Poly[:])
	return t
}()

// tanOne64 is tan64 for one element, operation by operation as tanF64x8
// computes it (conversions keep products from fusing into additions).
func tanOne64(x float64) float64 {
	if a := math.Abs(x); !(a <= tan64Max) {
		if !(a <= math.MaxFloat64) {
			return math.NaN()
		}
		rh, rl, odd := tanBig64(a)
		if t := tanCore64(rh, rl, odd); x > 0 {
			return t
		} else {
			return -t
		}
	}
	if x == 0 {
		return x
	}
	kd := math.FMA(x, 2/math.Pi, powShift)
	k := kd - powShift
	r1 := math.FMA(-k, tanC1, x)
	ph := float64(k * tanC2)
	pl := math.FMA(k, tanC2, -ph)
	rh := r1 - ph
	e := float64(r1-rh) - ph
	rl := math.FMA(-k, tanC3, e-pl)
	return tanCore64(rh, rl, math.Float64bits(kd)&1 != 0)
}

// tanCore64 is tan(rh + rl) for even k, −1/tan(rh + rl) for odd (see
// tan64).
func tanCore64(rh, rl float64, odd bool) float64 {
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
	t := u + tl
	if !odd {
		return t
	}
	tl = tl - float64(t-u)
	y := -1 / t
	rho := math.FMA(y, t, 1)
	rho = math.FMA(y, tl, rho)
	return math.FMA(y, rho, y)
}

// tanPoly64 is tan64Poly at z by Estrin's scheme: pairs c₂ᵢ + c₂ᵢ₊₁·z,
// then pairs of those by z², z⁴ and z⁸ (four FMAs deep where Horner's
// rule is thirteen).
func tanPoly64(z float64) float64 {
	c := &tan64Poly
	z2 := float64(z * z)
	z4 := float64(z2 * z2)
	z8 := float64(z4 * z4)
	var q [7]float64
	for i := range q {
		q[i] = math.FMA(c[2*i+1], z, c[2*i])
	}
	o0 := math.FMA(math.FMA(q[3], z2, q[2]), z4, math.FMA(q[1], z2, q[0]))
	o1 := math.FMA(q[6], z4, math.FMA(q[5], z2, q[4]))
	return math.FMA(o1, z8, o0)
}

// tanBig64 reduces a finite a > tan64Max: a·(2/π) = k + f, |f| ≤ ½, by
// Payne and Hanek's method — a = m·2ᵉ, and m times the 192 bits of 2/π
// from 2⁻ᵉ on (those before give even integers) is a·(2/π) mod 2 to
// 2⁻¹³⁸ — and returns r = f·π/2 in two float64 and k's parity.
func tanBig64(a float64) (rh, rl float64, odd bool) {
	b := math.Float64bits(a)
	e := int(b>>52) - 1075
	m := b&(1<<52-1) | 1<<52
	w0, w1, w2 := tanPiBits(e-1), tanPiBits(e+63), tanPiBits(e+127)
	h2, p3 := mbits.Mul64(m, w2)
	h1, l1 := mbits.Mul64(m, w1)
	_, l0 := mbits.Mul64(m, w0)
	p2, c := mbits.Add64(l1, h2, 0)
	p1 := l0 + h1 + c // bit 63 is the units; what is above is even
	p1 += 1 << 62     // + ½: k's parity in bit 63, the fraction f + ½ below
	odd = p1>>63 != 0
	p1 &= 1<<63 - 1
	neg := p1 < 1<<62
	if neg { // |f|·2¹⁹¹ = 2¹⁹⁰ − (p1, p2, p3)
		var bw uint64
		p3, bw = mbits.Sub64(0, p3, 0)
		p2, bw = mbits.Sub64(0, p2, bw)
		p1, _ = mbits.Sub64(1<<62, p1, bw)
	} else {
		p1 -= 1 << 62
	}
	lz := mbits.LeadingZeros64(p1) // 2 or more; |f| ≥ 2⁻⁶², so p1 ≠ 0
	hi := p1<<lz | p2>>(64-lz)
	mid := p2<<lz | p3>>(64-lz)
	// |f| = hi·2^(−63−lz) + mid·2^(−127−lz) to 2⁻¹⁹¹: fh its first 53
	// bits, fl the next 64 (rounded)
	fh := math.Ldexp(float64(hi>>11), 11-63-lz)
	fl := math.Ldexp(float64(hi&0x7ff<<53|mid>>11), -53-63-lz)
	rh = float64(fh * tanC1)
	rl = math.FMA(fl, tanC1, math.FMA(fh, tanC2, math.FMA(fh, tanC1, -rh)))
	if neg {
		return -rh, -rl, odd
	}
	return rh, rl, odd
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
