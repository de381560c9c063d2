package vec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigUlps is the error of got against exact in ulp of exact (of the
// float64 nearest it): 0.5 at most when got is correctly rounded.
func bigUlps(got float64, exact *big.Float) float64 {
	near, _ := exact.Float64()
	u := ulp(math.Abs(near))
	if near == 0 || math.IsInf(near, 0) {
		return math.Inf(1)
	}
	diff := new(big.Float).SetPrec(bigPrec).Sub(bigF(got), exact)
	f, _ := diff.Quo(diff.Abs(diff), bigF(u)).Float64()
	return f
}

// bigCbrt is ∛x for finite x ≠ 0 by Newton's steps in big floats from
// math.Cbrt.
func bigCbrt(x float64) *big.Float {
	a := bigF(x)
	y := bigF(math.Cbrt(x))
	for range 4 { // 2⁻⁵² to far below 2⁻²⁵⁶
		y2 := new(big.Float).SetPrec(bigPrec).Mul(y, y)
		r := new(big.Float).SetPrec(bigPrec).Mul(y2, y)
		r.Sub(r, a)
		r.Quo(r, y2.Mul(y2, bigF(3)))
		y.Sub(y, r)
	}
	return y
}

// bigLog1p is ln(1 + x) for x > −1: x − x²/2 + x³/3 − x⁴/4 below 2⁻⁶⁰
// (bigLog's error is absolute), bigLog(1 + x) beyond.
func bigLog1p(x float64) *big.Float {
	if math.Abs(x) < 0x1p-60 {
		s, p := bigF(0), bigF(1)
		for k := 1; k <= 4; k++ {
			p.Mul(p, bigF(x))
			t := new(big.Float).SetPrec(bigPrec).Quo(p, bigF(float64(k)))
			if k%2 == 0 {
				t.Neg(t)
			}
			s.Add(s, t)
		}
		return s
	}
	return bigLog(new(big.Float).SetPrec(bigPrec).Add(bigF(1), bigF(x)))
}

// sinhMax is the greatest x whose sinh is finite.
const sinhMax = 710.4758600739439

// bigSinh is sinh x: x + x³/6 + x⁵/120 + x⁷/5040 below 2⁻²⁰ (bigExp's
// difference would cancel), (eˣ − e⁻ˣ)/2 beyond.
func bigSinh(x float64) *big.Float {
	if math.Abs(x) < 0x1p-20 {
		s, p, f := bigF(0), bigF(x), 1.0
		x2 := bigF(x * x) // exact enough: below 2⁻⁴⁰ relative to x's terms
		for k := 1; k <= 7; k += 2 {
			t := new(big.Float).SetPrec(bigPrec).Quo(p, bigF(f))
			s.Add(s, t)
			p.Mul(p, x2)
			f *= float64((k + 1) * (k + 2))
		}
		return s
	}
	e := bigExp(bigF(x))
	e.Sub(e, bigExp(bigF(-x)))
	return e.Quo(e, bigF(2))
}

// bigExpm1 is eˣ − 1: its Taylor series to x⁶ below 2⁻²⁰ (bigExp's
// difference would cancel), bigExp(x) − 1 beyond.
func bigExpm1(x float64) *big.Float {
	if math.Abs(x) < 0x1p-20 {
		s, p, f := bigF(0), bigF(x), 1.0
		for k := 1; k <= 6; k++ {
			f *= float64(k)
			s.Add(s, new(big.Float).SetPrec(bigPrec).Quo(p, bigF(f)))
			p.Mul(p, bigF(x))
		}
		return s
	}
	e := bigExp(bigF(x))
	return e.Sub(e, bigF(1))
}

// bigAsinh is arsinh x: x − x³/6 + 3x⁵/40 − 5x⁷/112 below 2⁻²⁰
// (bigLog's error is absolute), ±ln(|x| + √(1+x²)) beyond.
func bigAsinh(x float64) *big.Float {
	if math.Abs(x) < 0x1p-20 {
		s, p := bigF(0), bigF(x)
		x2 := new(big.Float).SetPrec(bigPrec).Mul(bigF(x), bigF(x))
		for _, c := range []float64{1, -1. / 6, 3. / 40, -5. / 112} {
			s.Add(s, new(big.Float).SetPrec(bigPrec).Mul(p, bigF(c)))
			p.Mul(p, x2)
		}
		return s
	}
	a := bigF(math.Abs(x))
	w := new(big.Float).SetPrec(bigPrec).Mul(a, a)
	w.Add(w, bigF(1))
	w.Sqrt(w)
	w = bigLog(w.Add(w, a))
	if x < 0 {
		w.Neg(w)
	}
	return w
}

// bigAsin is arcsin x by its series Σ (2k)!/(4ᵏ(k!)²(2k+1))·x²ᵏ⁺¹ up to
// |x| = ½, beyond ±(π/2 − 2·arcsin √((1−|x|)/2)), π = 6·arcsin ½.
func bigAsin(x float64) *big.Float {
	if a := math.Abs(x); a > 0.5 {
		s := new(big.Float).SetPrec(bigPrec).Sub(bigF(1), bigF(a))
		s.Sqrt(s.Quo(s, bigF(2)))
		t := bigAsinSeries(s)
		t.Sub(new(big.Float).SetPrec(bigPrec).Quo(bigPi, bigF(2)), t.Mul(t, bigF(2)))
		if x < 0 {
			t.Neg(t)
		}
		return t
	}
	return bigAsinSeries(bigF(x))
}

// bigAcos is arccos x = π/2 − arcsin x.
func bigAcos(x float64) *big.Float {
	t := new(big.Float).SetPrec(bigPrec).Quo(bigPi, bigF(2))
	return t.Sub(t, bigAsin(x))
}

var bigPi = func() *big.Float { p := bigAsinSeries(bigF(0.5)); return p.Mul(p, bigF(6)) }()

// bigAsinSeries is arcsin s for |s| ≤ ½ by its series.
func bigAsinSeries(s *big.Float) *big.Float {
	sum, term := new(big.Float).SetPrec(bigPrec).Set(s), new(big.Float).SetPrec(bigPrec).Set(s)
	s2 := new(big.Float).SetPrec(bigPrec).Mul(s, s)
	eps := new(big.Float).SetPrec(bigPrec).SetMantExp(bigF(1), -bigPrec-8)
	for k := 1; s.Sign() != 0; k++ {
		term.Mul(term, s2) // term = (2k)!/(4ᵏ(k!)²)·s²ᵏ⁺¹
		term.Mul(term, bigF(float64(2*k-1)/float64(2*k)))
		q := new(big.Float).SetPrec(bigPrec).Quo(term, bigF(float64(2*k+1)))
		if new(big.Float).Abs(q).Cmp(new(big.Float).Mul(eps, new(big.Float).Abs(sum))) < 0 {
			break
		}
		sum.Add(sum, q)
	}
	return sum
}

// derived64Case is one function of the AVX-512 float64 kernels: its
// big-float reference on finite inputs it computes (ok), the ulp bound
// against it, the special values that must be math's bits, and random
// inputs across its domain.
type derived64Case struct {
	name    string
	f       func(d, x []float64)
	ref     func(x float64) (*big.Float, bool)
	math    func(float64) float64
	maxUlps float64 // AVX-512
	oldUlps float64 // the fallback
	special []float64
	value   func(r *rand.Rand) float64
}

var derived64Cases = []derived64Case{
	{"cbrt", CbrtFloat64, func(x float64) (*big.Float, bool) {
		if x == 0 || math.IsInf(x, 0) || x != x {
			return nil, false
		}
		return bigCbrt(x), true
	}, math.Cbrt, 0.5, 1, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		0x1p-1022, 0x1p-900, math.Nextafter(0x1p-900, 0), -0x1p-900, math.MaxFloat64, -math.MaxFloat64, 8, -27, 1, -1}, func(r *rand.Rand) float64 {
		switch r.IntN(3) {
		case 0:
			return math.Float64frombits(r.Uint64())
		case 1:
			return math.Float64frombits(r.Uint64N(1 << 52)) // subnormal
		}
		return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
	}},
	{"log1p", Log1pFloat64, func(x float64) (*big.Float, bool) {
		if !(x > -1 && x <= math.MaxFloat64) || x == 0 {
			return nil, false
		}
		return bigLog1p(x), true
	}, math.Log1p, 0.501, 2, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), -1, -1 - 0x1p-52,
		math.Nextafter(-1, 0), -0.5, 5e-324, -5e-324, 0x1p-1022, 0x1p-53, -0x1p-54, 0x1p52, 0x1p53, math.MaxFloat64, -math.MaxFloat64}, func(r *rand.Rand) float64 {
		switch r.IntN(4) {
		case 0:
			return math.Float64frombits(r.Uint64() >> 1) // positive
		case 1:
			return -r.Float64()
		case 2:
			return (r.Float64() - 0.5) * math.Pow(2, float64(-r.IntN(70)))
		}
		return r.Float64() * math.Pow(10, float64(r.IntN(20)))
	}},
	{"sinh", SinhFloat64, func(x float64) (*big.Float, bool) {
		if !(math.Abs(x) <= sinhMax) || x == 0 {
			return nil, false
		}
		return bigSinh(x), true
	}, sinhOne, 0.8, 3, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		1, -1, math.Nextafter(1, 0), 708, 709.7, -709.8, 710, sinhMax, -sinhMax, math.Nextafter(sinhMax, 800), 711, -712, 1e300, 0x1p-30}, func(r *rand.Rand) float64 {
		switch r.IntN(3) {
		case 0:
			return (r.Float64()*2 - 1) * 2
		case 1:
			return (r.Float64()*2 - 1) * 712
		}
		return (r.Float64() - 0.5) * math.Pow(2, float64(-r.IntN(80)))
	}},
	{"expm1", Expm1Float64, func(x float64) (*big.Float, bool) {
		if !(x >= -800 && x < 709.78) || x == 0 { // math.Expm1(ln MaxFloat64) is +Inf

			return nil, false
		}
		return bigExpm1(x), true
	}, math.Expm1, 0.51, 3, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		709.78, math.Nextafter(math.Log(math.MaxFloat64), 800), 710, -37, -38, -745, -746, -800, 1e300, -1e300,
		0x1p-54, -0x1p-54, math.Ln2 / 32}, func(r *rand.Rand) float64 {
		switch r.IntN(3) {
		case 0:
			return (r.Float64()*2 - 1) * 2
		case 1:
			return r.Float64()*760 - 750
		}
		return (r.Float64() - 0.5) * math.Pow(2, float64(-r.IntN(80)))
	}},
	{"asinh", AsinhFloat64, func(x float64) (*big.Float, bool) {
		if !(math.Abs(x) >= 0x1p-1022 && math.Abs(x) <= math.MaxFloat64) { // subnormals: math's x
			return nil, false
		}
		return bigAsinh(x), true
	}, math.Asinh, 0.51, 3, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		0x1p-1022, -0x1p-1022, 0x1p-26, 0x1p-27, 1, -1, 0x1p26, math.Nextafter(0x1p26, 0), math.Nextafter(0x1p26, 1e9), 0x1p28, math.Nextafter(0x1p28, 0), math.Nextafter(0x1p28, 1e9), -0x1p28,
		0x1p511, 1e154, 1e155, 1e300, math.MaxFloat64, -math.MaxFloat64}, func(r *rand.Rand) float64 {
		switch r.IntN(4) {
		case 0:
			return math.Float64frombits(r.Uint64()) // sign, exponent and mantissa at random
		case 1:
			return (r.Float64()*2 - 1) * 4
		case 2:
			return (r.Float64() - 0.5) * math.Pow(2, float64(-r.IntN(80)))
		}
		return (r.Float64() - 0.5) * math.Pow(2, float64(r.IntN(40)))
	}},
	{"atanh", AtanhFloat64, func(x float64) (*big.Float, bool) {
		if !(math.Abs(x) < 1) || math.Abs(x) < 0x1p-100 { // tiny x: x itself, math's bits
			return nil, false
		}
		q := new(big.Float).SetPrec(bigPrec).Quo(new(big.Float).SetPrec(bigPrec).Add(bigF(1), bigF(x)), new(big.Float).SetPrec(bigPrec).Sub(bigF(1), bigF(x)))
		l := bigLog(q)
		return l.Quo(l, bigF(2)), true
	}, math.Atanh, 0.51, 3, asinSpecial, asinValue},
	{"log2", Log2Float64, func(x float64) (*big.Float, bool) {
		if !(x > 0 && x <= math.MaxFloat64) || x == 1 {
			return nil, false
		}
		return new(big.Float).SetPrec(bigPrec).Quo(bigLog(bigF(x)), bigLn2), true
	}, math.Log2, 0.52, 2, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		1, -1, 2, 0.5, 1024, 0x1p-1022, 0x1p-1074, 0x1p-1030, math.MaxFloat64, 1 + 0x1p-52, 1 - 0x1p-53, math.Sqrt2}, func(r *rand.Rand) float64 {
		switch r.IntN(4) {
		case 0:
			return math.Float64frombits(r.Uint64() >> 1) // positive, subnormals too
		case 1:
			return 1 + (r.Float64()-0.5)*math.Pow(2, float64(-r.IntN(50)))
		case 2:
			return math.Ldexp(1, r.IntN(2098)-1074) // powers of two: exact
		}
		return r.Float64() * 4
	}},
	{"exp2", Exp2Float64, func(x float64) (*big.Float, bool) {
		if !(x >= -1022 && x < 1024) || x == math.Trunc(x) { // integers: math's exact powers
			return nil, false
		}
		return bigExp(new(big.Float).SetPrec(bigPrec).Mul(bigF(x), bigLn2)), true
	}, math.Exp2, 0.6, 2, []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		1, -1, 0.5, 1023, math.Nextafter(1024, 0), 1024, 1025, 2000, -1022, -1023, -1074, -1075, -1080, -2000,
		math.MaxFloat64, -math.MaxFloat64}, func(r *rand.Rand) float64 {
		switch r.IntN(4) {
		case 0:
			return float64(r.IntN(2046) - 1022)
		case 1:
			return (r.Float64() - 0.5) * math.Pow(2, float64(-r.IntN(60)))
		}
		return r.Float64()*2046 - 1022
	}},
	{"asin", AsinFloat64, func(x float64) (*big.Float, bool) {
		if !(math.Abs(x) <= 1) || x == 0 {
			return nil, false
		}
		return bigAsin(x), true
	}, math.Asin, 1.2, 3, asinSpecial, asinValue},
	{"acos", AcosFloat64, func(x float64) (*big.Float, bool) {
		if !(math.Abs(x) < 1) { // arccos 1 = 0: math's bits
			return nil, false
		}
		return bigAcos(x), true
	}, math.Acos, 1.2, 3, asinSpecial, asinValue},
}

// TestDerived64 checks the float64 functions with AVX-512 kernels on
// both paths and in place against big-float references over random
// inputs (each path's bound) and against math's bits at special values.
func TestDerived64(t *testing.T) {
	r := rand.New(rand.NewPCG(81, 82))
	for _, c := range derived64Cases {
		worst := map[bool]float64{}
		paths(t, func(fast bool) {
			avx := useAVX512F && usePowAVX512
			for _, n := range []int{1, 7, 8, 23, 1000, 20000} {
				x := make([]float64, n)
				for i := range x {
					if r.IntN(8) == 0 {
						x[i] = c.special[r.IntN(len(c.special))]
					} else {
						x[i] = c.value(r)
					}
				}
				d, check := guard(n)
				c.f(d, x)
				in := append([]float64(nil), x...)
				c.f(in, in)
				check(t, c.name, fast)
				for i, v := range x {
					if math.Float64bits(d[i]) != math.Float64bits(in[i]) && !(d[i] != d[i] && in[i] != in[i]) {
						t.Fatalf("fast=%v: %s(%v) = %v, in place %v", fast, c.name, v, d[i], in[i])
					}
					exact, ok := c.ref(v)
					if !ok {
						want := c.math(v)
						if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
							t.Fatalf("fast=%v: %s(%v) = %v, want math's %v", fast, c.name, v, d[i], want)
						}
						continue
					}
					u := bigUlps(d[i], exact)
					worst[avx] = max(worst[avx], u)
					if avx && u > c.maxUlps || u > c.oldUlps {
						e, _ := exact.Float64()
						t.Fatalf("AVX-512=%v: %s(%v) = %v, want %v (%v ulps)", avx, c.name, v, d[i], e, u)
					}
				}
			}
		})
		t.Logf("%s: at most %.3g ulps (AVX-512), %.3g (fallback) from the exact value", c.name, worst[true], worst[false])
	}
}

// TestCbrtExactCubes checks that ∛(k³·2^(3j)) is k·2^j exactly, down to
// subnormal cubes, on both paths.
func TestCbrtExactCubes(t *testing.T) {
	r := rand.New(rand.NewPCG(83, 84))
	var x, want []float64
	for k := 1; k < 200; k++ {
		x = append(x, math.Ldexp(float64(k*k*k), -1074), -float64(k*k*k))
		want = append(want, math.Ldexp(float64(k), -358), -float64(k))
	}
	for range 2000 {
		k := math.Ldexp(float64(r.Uint64N(1<<17)+1), r.IntN(600)-300)
		x = append(x, k*k*k)
		want = append(want, k)
	}
	paths(t, func(fast bool) {
		d := make([]float64, len(x))
		CbrtFloat64(d, x)
		for i, v := range x {
			if d[i] != want[i] && v >= 0x1p-1022 || useAVX512F && usePowAVX512 && d[i] != want[i] {
				t.Fatalf("fast=%v: cbrt(%v) = %v, want %v", fast, v, d[i], want[i])
			}
		}
	})
}

// asinSpecial and asinValue are the arcsine's and arccosine's special and
// random inputs: ±½ and ±1 and their neighbours, |x| > 1, and values
// spread over [−1, 1] and near 0.
var asinSpecial = []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324, 0x1p-1022,
	0.5, -0.5, math.Nextafter(0.5, 1), math.Nextafter(0.5, 0), 1, -1, math.Nextafter(1, 0), math.Nextafter(-1, 0),
	math.Nextafter(1, 2), -1.5, 0.975, -0.975}

func asinValue(r *rand.Rand) float64 {
	switch r.IntN(3) {
	case 0:
		return r.Float64()*2 - 1
	case 1:
		return (1 - math.Pow(2, -float64(r.IntN(53)))*r.Float64()) * float64(1-2*r.IntN(2)) // near ±1
	}
	return (r.Float64() - 0.5) * math.Pow(2, float64(-r.IntN(80)))
}
