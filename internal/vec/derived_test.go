package vec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ulpsApart is how many float64 values lie between got and want (0 for
// equal values and for two NaNs; a huge number for a NaN against a
// number or values of opposite signs).
func ulpsApart(got, want float64) float64 {
	switch {
	case got == want || got != got && want != want:
		return 0
	case got != got || want != want || math.Signbit(got) != math.Signbit(want):
		return math.Inf(1)
	}
	a, b := int64(math.Float64bits(math.Abs(got))), int64(math.Float64bits(math.Abs(want)))
	return math.Abs(float64(a - b))
}

// TestDerived checks each function of derived.go against math's on
// every path, with values spread over its domain and around its special
// points, in place and out of place, within an ulp bound (0: math's
// bits).
func TestDerived(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 72))
	mag := func(lo, hi int) float64 { // ± 10^[lo, hi), log-uniform
		v := math.Pow(10, float64(lo)+r.Float64()*float64(hi-lo))
		if r.IntN(2) == 0 {
			return -v
		}
		return v
	}
	uni := func(lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }
	any := func() float64 { return math.Float64frombits(r.Uint64()) }
	always := []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, 0.5, math.Inf(1), math.Inf(-1), math.NaN(), -5e-324,
		0x1p-1022, math.MaxFloat64, -math.MaxFloat64}
	cases := []struct {
		name    string
		f       func(d, x []float64)
		ref     func(float64) float64
		maxUlps float64
		special []float64
		value   func() float64
	}{
		{"log2", Log2Float64, func(x float64) float64 {
			if !(x >= 0x1p-1022 && x <= math.MaxFloat64) {
				return math.Log2(x)
			}
			// math.Log2 cancels just above 1: the reference is exact.
			l, _ := new(big.Float).Quo(bigLog(bigF(x)), bigLn2).Float64()
			return l
		}, 1, []float64{8, 1024, 0x1p-1074, 3, 1 + 1e-10, 1 - 1e-10, 1 + 0x1p-52, math.Sqrt2, math.Nextafter(math.Sqrt2, 0)}, func() float64 {
			switch r.IntN(3) {
			case 0:
				return any()
			case 1:
				return 1 + mag(-16, -1)
			}
			return math.Abs(mag(-310, 308))
		}},
		{"log10", Log10Float64, math.Log10, 0, []float64{10, 1000, 1e-300}, func() float64 { return math.Abs(mag(-307, 308)) }},
		{"log1p", Log1pFloat64, math.Log1p, 2, []float64{-0.5, -1 + 0x1p-53, 1e-20, -1e-20, 0x1p-53, 1e300}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-1, 2)
			}
			return math.Abs(mag(-320, 308)) * float64(1-2*r.IntN(2)) / 2
		}},
		{"exp2", Exp2Float64, math.Exp2, 2, []float64{1023, 1024, -1022, -1023, -1074, -1075, 1023.9999, 3, -7}, func() float64 {
			if r.IntN(4) == 0 {
				return float64(r.IntN(2100) - 1050)
			}
			return uni(-1080, 1030)
		}},
		{"expm1", Expm1Float64, math.Expm1, 2, []float64{709, 709.7, 710, -708, -709, -40, -37, 1e-20, -1e-20}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-720, 720)
			}
			return mag(-320, 1)
		}},
		{"tan", TanFloat64, func(x float64) float64 {
			if useAVX512F && x != 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
				hi, _ := bigTan(x) // tan64, more exact than math.Tan (11 ulps off at π/2)
				return hi
			}
			if math.Abs(x) < 1e-7 { // math.Tan returns x there, 6 ulps off near 1e-7
				return x + x*x*x/3
			}
			return math.Tan(x) // sin x / cos x follows math's
		}, 3, []float64{math.Pi / 2, -math.Pi / 2, math.Pi, 1e10, 1 << 29, 1 << 30}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-10, 10)
			}
			return mag(-300, 12)
		}},
		{"asin", AsinFloat64, func(x float64) float64 {
			if a := math.Abs(x); a > 0.5 && a <= 1 { // math.Asin cancels in 1 − x² near ±1
				return math.Copysign(math.Pi/2-2*math.Asin(math.Sqrt((1-a)/2)), x)
			}
			return math.Asin(x)
		}, 3, []float64{0.5, -0.5, 1 - 0x1p-53, -1 + 0x1p-53, 1.0000000000000002, 1e-300}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-1.1, 1.1)
			}
			return mag(-320, 0)
		}},
		{"acos", AcosFloat64, func(x float64) float64 {
			switch { // math.Acos is π/2 − math.Asin(x), which cancels near ±1
			case x > 0.5 && x <= 1:
				return 2 * math.Asin(math.Sqrt((1-x)/2))
			case x < -0.5 && x >= -1:
				return math.Pi - 2*math.Asin(math.Sqrt((1+x)/2))
			}
			return math.Acos(x)
		}, 3, []float64{0.5, -0.5, 1 - 0x1p-53, -1 + 0x1p-53, 1.0000000000000002, 1e-300}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-1.1, 1.1)
			}
			return mag(-320, 0)
		}},
		{"sinh", SinhFloat64, sinhOne, 3, []float64{708, 709, 710, 711, -708, -710, 1e-300}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-720, 720)
			}
			return mag(-320, 1)
		}},
		{"cosh", CoshFloat64, math.Cosh, 3, []float64{708, 709, 710, 711, -708, -710, 1e-300}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-720, 720)
			}
			return mag(-320, 1)
		}},
		{"asinh", AsinhFloat64, math.Asinh, 3, []float64{1 << 28, 1<<28 + 1, -1 << 28, 1e300, 1e-300}, func() float64 { return mag(-320, 308) }},
		{"acosh", AcoshFloat64, math.Acosh, 3, []float64{1 + 0x1p-52, 1 << 28, 1<<28 + 1, 0.999, 1e300}, func() float64 {
			if r.IntN(2) == 0 {
				return 1 + math.Abs(mag(-17, 1))
			}
			return mag(-2, 308)
		}},
		{"atanh", AtanhFloat64, math.Atanh, 3, []float64{1 - 0x1p-53, -1 + 0x1p-53, 1.0000000000000002, 1e-300}, func() float64 {
			if r.IntN(2) == 0 {
				return uni(-1.1, 1.1)
			}
			return mag(-320, 0)
		}},
		{"cbrt", CbrtFloat64, math.Cbrt, 1, []float64{8, -27, 1e300, 1e-310, 0.001, 1000, 0x1p-1074}, func() float64 {
			switch r.IntN(3) {
			case 0: // an exact cube of up to 17 significant bits
				k := math.Ldexp(float64(r.IntN(1<<17)), r.IntN(200)-100)
				return k * k * k
			case 1:
				return any()
			}
			return mag(-320, 308)
		}},
	}
	for _, c := range cases {
		worst := 0.0
		paths(t, func(fast bool) {
			for _, n := range []int{0, 1, 7, 16, 33, 600, 1100} {
				x := make([]float64, n)
				for i := range x {
					if r.IntN(4) == 0 {
						if r.IntN(2) == 0 {
							x[i] = always[r.IntN(len(always))]
						} else {
							x[i] = c.special[r.IntN(len(c.special))]
						}
						continue
					}
					x[i] = c.value()
				}
				d, check := guard(n)
				c.f(d, x)
				in := append([]float64(nil), x...)
				c.f(in, in)
				for i, v := range x {
					want := c.ref(v)
					for _, got := range []float64{d[i], in[i]} {
						u := ulpsApart(got, want)
						if u > c.maxUlps {
							t.Fatalf("fast=%v: %s(%v) = %v, want %v (%v ulps)", fast, c.name, v, got, want, u)
						}
						worst = max(worst, u)
					}
				}
				check(t, c.name, fast)
			}
		})
		t.Logf("%s: at most %v ulps from math's", c.name, worst)
	}
}

func benchUnary(b *testing.B, f func(d, x []float64)) {
	x := make([]float64, 4096)
	for i := range x {
		x[i] = math.Mod(float64(i)*0.6180339887498949, 1)
	}
	d := make([]float64, len(x))
	b.SetBytes(8 * int64(len(x)))
	for b.Loop() {
		f(d, x)
	}
}

func BenchmarkDerivedLog(b *testing.B)   { benchUnary(b, LogFloat64) }
func BenchmarkDerivedExp(b *testing.B)   { benchUnary(b, ExpFloat64) }
func BenchmarkDerivedLog2(b *testing.B)  { benchUnary(b, Log2Float64) }
func BenchmarkDerivedLog10(b *testing.B) { benchUnary(b, Log10Float64) }
func BenchmarkDerivedLog1p(b *testing.B) { benchUnary(b, Log1pFloat64) }
func BenchmarkDerivedExp2(b *testing.B)  { benchUnary(b, Exp2Float64) }
func BenchmarkDerivedExpm1(b *testing.B) { benchUnary(b, Expm1Float64) }
func BenchmarkDerivedTan(b *testing.B)   { benchUnary(b, TanFloat64) }
func BenchmarkDerivedAsin(b *testing.B)  { benchUnary(b, AsinFloat64) }
func BenchmarkDerivedAcos(b *testing.B)  { benchUnary(b, AcosFloat64) }
func BenchmarkDerivedSinh(b *testing.B)  { benchUnary(b, SinhFloat64) }
func BenchmarkDerivedCosh(b *testing.B)  { benchUnary(b, CoshFloat64) }
func BenchmarkDerivedAsinh(b *testing.B) { benchUnary(b, AsinhFloat64) }
func BenchmarkDerivedCbrt(b *testing.B)  { benchUnary(b, CbrtFloat64) }
func BenchmarkDerivedDiv(b *testing.B) {
	benchUnary(b, func(d, x []float64) { Float64(Div, d, x, x) })
}
func BenchmarkDerivedSqrt(b *testing.B) { benchUnary(b, SqrtFloat64) }

// TestLogSubnormal checks the logarithms of positive subnormal numbers,
// which math.Log gets wrong on amd64 (golang/go#56600), against log₂ x
// (math.Log2 normalizes them) times ln 2.
func TestLogSubnormal(t *testing.T) {
	r := rand.New(rand.NewPCG(73, 74))
	x := []float64{5e-324, 1e-310, 0x1p-1023, 0x1p-1022 - 5e-324}
	for range 200 {
		x = append(x, math.Float64frombits(r.Uint64N(1<<52-1)+1))
	}
	paths(t, func(fast bool) {
		for _, n := range []int{len(x), 7} {
			d, d10 := make([]float64, n), make([]float64, n)
			LogFloat64(d, x[:n])
			Log10Float64(d10, x[:n])
			for i, v := range x[:n] {
				if want := math.Log2(v) * math.Ln2; ulpsApart(d[i], want) > 2 {
					t.Fatalf("fast=%v: log(%v) = %v, want %v", fast, v, d[i], want)
				}
				if want := math.Log2(v) * (math.Ln2 / math.Ln10); ulpsApart(d10[i], want) > 2 {
					t.Fatalf("fast=%v: log10(%v) = %v, want %v", fast, v, d10[i], want)
				}
			}
		}
	})
}

// logAddExpRef is NumPy's npy_logaddexp with math's functions.
func logAddExpRef(x, y float64) float64 {
	if x == y { // infinities of one sign too
		return x + math.Ln2
	}
	switch d := x - y; {
	case d > 0:
		return x + math.Log1p(math.Exp(-d))
	case d <= 0:
		return y + math.Log1p(math.Exp(d))
	}
	return x + y // NaN
}

// TestLogAddExp checks LogAddExpFloat64 and LogAddExpFloat32 against
// NumPy's scalar steps, in place too.
func TestLogAddExp(t *testing.T) {
	r := rand.New(rand.NewPCG(75, 76))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1, -1, 1e300, -1e300, 5e-324, 745, -745, 40}
	value := func() float64 {
		switch r.IntN(4) {
		case 0:
			return special[r.IntN(len(special))]
		case 1:
			return math.Float64frombits(r.Uint64())
		}
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-2))
	}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 9, 600, 1100} {
			a, b := make([]float64, n), make([]float64, n)
			a32, b32 := make([]float32, n), make([]float32, n)
			for i := range a {
				a[i], b[i] = value(), value()
				if r.IntN(8) == 0 {
					b[i] = a[i]
				}
				a32[i], b32[i] = float32(a[i]), float32(b[i])
			}
			d, check := guard(n)
			LogAddExpFloat64(d, a, b)
			in := append([]float64(nil), a...)
			LogAddExpFloat64(in, in, b)
			d32 := make([]float32, n)
			LogAddExpFloat32(d32, a32, b32)
			for i := range d {
				want := logAddExpRef(a[i], b[i])
				// The sum of max(a, b) and a term below ln 2 can cancel:
				// within a few ulp of the larger of the two.
				tol := 4 * 0x1p-53 * max(math.Abs(max(a[i], b[i])), 1)
				for _, got := range []float64{d[i], in[i]} {
					if u := ulpsApart(got, want); u > 2 && !(math.Abs(got-want) <= tol) {
						t.Fatalf("fast=%v: logaddexp(%v, %v) = %v, want %v (%v ulps)", fast, a[i], b[i], got, want, u)
					}
				}
				w32 := float32(logAddExpRef(float64(a32[i]), float64(b32[i])))
				if u := ulpsApart(float64(d32[i]), float64(w32)); u > 1<<29 && !(math.Abs(float64(d32[i]-w32)) <= 0x1p-22*max(math.Abs(float64(max(a32[i], b32[i]))), 1)) {
					t.Fatalf("fast=%v: float32 logaddexp(%v, %v) = %v, want %v", fast, a32[i], b32[i], d32[i], w32)
				}
			}
			check(t, "logaddexp", fast)
		}
	})
}

func BenchmarkDerivedLogOnly12(b *testing.B) {
	x := make([]float64, 4096)
	for i := range x {
		x[i] = 1 + math.Mod(float64(i)*0.6180339887498949, 1)
	}
	d := make([]float64, len(x))
	for b.Loop() {
		LogFloat64(d, x)
	}
}

func BenchmarkDerivedAtan(b *testing.B) { benchUnary(b, AtanFloat64) }
func BenchmarkDerivedSin(b *testing.B)  { benchUnary(b, SinFloat64) }
