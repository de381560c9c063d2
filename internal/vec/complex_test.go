package vec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// complexParts are parts that exercise the special cases of the complex
// kernels: signed zeros, infinities, NaN, subnormals, the extremes, and
// the scaling thresholds of abs128.
var complexParts = []float64{
	0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(),
	5e-324, -5e-324, 0x1p-1022, math.MaxFloat64, -math.MaxFloat64,
	absBig, math.Nextafter(absBig, 0), math.Nextafter(absBig, math.Inf(1)),
	absSmall, math.Nextafter(absSmall, 0), -absSmall, 0x1p-537, 0x1p-1000, 0x1p600, 3e-160,
	float64(math.MaxFloat32), float64(math.SmallestNonzeroFloat32), 0x1p-126,
}

// randPart returns a special part, or a random one of any magnitude.
func randPart(r *rand.Rand) float64 {
	switch r.IntN(4) {
	case 0:
		return complexParts[r.IntN(len(complexParts))]
	case 1:
		return math.Ldexp(r.Float64()*2-1, r.IntN(2100)-1075)
	}
	return r.NormFloat64()
}

func randComplex128(r *rand.Rand, n int) []complex128 {
	x := make([]complex128, n)
	for i := range x {
		x[i] = complex(randPart(r), randPart(r))
		if r.IntN(4) == 0 { // nearly equal parts, or one far smaller
			x[i] = complex(real(x[i]), real(x[i])*(1+r.Float64()*0x1p-20)*math.Ldexp(1, -r.IntN(60)))
		}
	}
	return x
}

func randComplex64(r *rand.Rand, n int) []complex64 {
	x := make([]complex64, n)
	for i, v := range randComplex128(r, n) {
		x[i] = complex64(v)
	}
	return x
}

// guarded returns n zero values between two guard values g, and a check
// that the guards are intact.
func guarded[T comparable](n int, g T) ([]T, func() bool) {
	buf := make([]T, n+2)
	buf[0], buf[n+1] = g, g
	return buf[1 : n+1], func() bool { return buf[0] == g && buf[n+1] == g }
}

// sameBits reports whether a and b are the same float64 or float32 bits,
// or both NaN.
func sameBits[F float32 | float64](a, b F) bool {
	return a == b && math.Signbit(float64(a)) == math.Signbit(float64(b)) || a != a && b != b
}

// ulps is the distance in units in the last place between two
// non-negative floats of the same type (0 for two NaNs).
func ulps[F float32 | float64](a, b F) int64 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxInt64
	}
	var ia, ib int64
	if _, ok := any(a).(float32); ok {
		ia, ib = int64(math.Float32bits(float32(a))), int64(math.Float32bits(float32(b)))
	} else {
		ia, ib = int64(math.Float64bits(float64(a))), int64(math.Float64bits(float64(b)))
	}
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

// bigHypot is √(a²+b²) to 256 bits (+Inf for an infinite part, NaN
// otherwise for a NaN part).
func bigHypot(a, b float64) *big.Float {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return new(big.Float).SetInf(false)
	}
	if a != a || b != b {
		return nil
	}
	s := new(big.Float).SetPrec(bigPrec).Mul(bigF(a), bigF(a))
	s.Add(s, new(big.Float).SetPrec(bigPrec).Mul(bigF(b), bigF(b)))
	return s.Sqrt(s)
}

func TestAbsComplex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	var worst128, worst64 int64
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 16, 31, 64, 67, 1000} {
		for range 20 {
			x, x32 := randComplex128(r, n), randComplex64(r, n)
			paths(t, func(fast bool) {
				d, ok := guarded(n, -7.0)
				AbsComplex128(d, x)
				d32, ok32 := guarded(n, float32(-7))
				AbsComplex64(d32, x32)
				if !ok() || !ok32() {
					t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
				}
				for i, z := range x {
					if want := abs128(real(z), imag(z)); !sameBits(d[i], want) {
						t.Fatalf("fast=%v: |%v| = %v; reference %v", fast, z, d[i], want)
					}
					var want float64
					if h := bigHypot(real(z), imag(z)); h == nil {
						want = math.NaN()
					} else {
						want, _ = h.Float64()
					}
					u := ulps(d[i], want)
					if u > 1 {
						t.Fatalf("fast=%v: |%v| = %v; want %v (%d ulps)", fast, z, d[i], want, u)
					}
					worst128 = max(worst128, u)
				}
				for i, z := range x32 {
					if want := abs64(z); !sameBits(d32[i], want) {
						t.Fatalf("fast=%v: |%v| = %v; reference %v", fast, z, d32[i], want)
					}
					var want float32
					if h := bigHypot(float64(real(z)), float64(imag(z))); h == nil {
						want = float32(math.NaN())
					} else {
						want, _ = h.Float32()
					}
					u := ulps(d32[i], want)
					if u > 1 {
						t.Fatalf("fast=%v: |%v| = %v; want %v (%d ulps)", fast, z, d32[i], want, u)
					}
					worst64 = max(worst64, u)
				}
			})
		}
	}
	t.Logf("worst error against the correctly rounded hypot: complex128 %d ulp, complex64 %d ulp", worst128, worst64)
}

// TestAbsComplexSpecial checks hypot's rules for infinities and NaN on
// every path and in every position of a vector block.
func TestAbsComplexSpecial(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		z    complex128
		want float64
	}{
		{complex(inf, nan), inf}, {complex(nan, -inf), inf}, {complex(-inf, 0), inf},
		{complex(nan, 0), nan}, {complex(0, nan), nan}, {complex(nan, nan), nan},
		{0, 0}, {complex(math.Copysign(0, -1), math.Copysign(0, -1)), 0},
		{complex(3, -4), 5}, {complex(-5e-324, 0), 5e-324},
		{complex(math.MaxFloat64, math.MaxFloat64), inf},
		{complex(0x1p1000, 0x1p1000), 0x1p1000 * math.Sqrt2},
		{complex(3e-320, 4e-320), 5e-320},
	} {
		paths(t, func(fast bool) {
			for at := range 8 {
				x := make([]complex128, 8)
				x[at] = c.z
				d := make([]float64, 8)
				AbsComplex128(d, x)
				if !sameBits(d[at], c.want) {
					t.Errorf("fast=%v: |%v| = %v; want %v", fast, c.z, d[at], c.want)
				}
				x32, d32 := make([]complex64, 8), make([]float32, 8)
				x32[at] = complex64(c.z)
				AbsComplex64(d32, x32)
				want32 := abs64(complex64(c.z))
				if c.want != c.want || math.IsInf(c.want, 0) || c.want == 0 {
					want32 = float32(c.want)
				}
				if !sameBits(d32[at], want32) {
					t.Errorf("fast=%v: |%v| = %v; want %v", fast, complex64(c.z), d32[at], want32)
				}
			}
		})
	}
}

func TestPartMulConj(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 26))
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 100} {
		a, b := randComplex128(r, n), randComplex128(r, n)
		a32, b32 := randComplex64(r, n), randComplex64(r, n)
		paths(t, func(fast bool) {
			for _, im := range []bool{false, true} {
				d, ok := guarded(n, -7.0)
				PartComplex128(d, a, im)
				d32, ok32 := guarded(n, float32(-7))
				PartComplex64(d32, a32, im)
				if !ok() || !ok32() {
					t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
				}
				for i := range n {
					w, w32 := real(a[i]), real(a32[i])
					if im {
						w, w32 = imag(a[i]), imag(a32[i])
					}
					if !sameBits(d[i], w) || !sameBits(d32[i], w32) {
						t.Fatalf("fast=%v im=%v: part of %v, %v = %v, %v", fast, im, a[i], a32[i], d[i], d32[i])
					}
				}
			}
			d, ok := guarded(n, complex(-7, -7))
			MulComplex128(d, a, b)
			d32, ok32 := guarded(n, complex64(complex(-7, -7)))
			MulComplex64(d32, a32, b32)
			if !ok() || !ok32() {
				t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
			}
			for i := range n {
				if w := mul128(a[i], b[i]); !sameComplex(d[i], w) {
					t.Fatalf("fast=%v: %v·%v = %v; want %v", fast, a[i], b[i], d[i], w)
				}
				if w := complex64(mul128(complex128(a32[i]), complex128(b32[i]))); !sameComplex(complex128(d32[i]), complex128(w)) {
					t.Fatalf("fast=%v: %v·%v = %v; want %v", fast, a32[i], b32[i], d32[i], w)
				}
			}
			for _, neg := range []bool{false, true} {
				d, ok := guarded(n, complex(-7, -7))
				ConjComplex128(d, a, neg)
				d32, ok32 := guarded(n, complex64(complex(-7, -7)))
				ConjComplex64(d32, a32, neg)
				if !ok() || !ok32() {
					t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
				}
				for i := range n {
					w, w32 := complex(real(a[i]), -imag(a[i])), complex(real(a32[i]), -imag(a32[i]))
					if neg {
						w, w32 = -a[i], -a32[i]
					}
					if math.Float64bits(real(d[i])) != math.Float64bits(real(w)) || math.Float64bits(imag(d[i])) != math.Float64bits(imag(w)) ||
						math.Float32bits(real(d32[i])) != math.Float32bits(real(w32)) || math.Float32bits(imag(d32[i])) != math.Float32bits(imag(w32)) {
						t.Fatalf("fast=%v neg=%v: conj of %v, %v = %v, %v", fast, neg, a[i], a32[i], d[i], d32[i])
					}
				}
			}
		})
	}
}

// TestMulIsGo checks that the reference multiplication is Go's own for
// complex128 and complex64 (whose products Go computes in float64).
func TestMulIsGo(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for range 10000 {
		a, b := complex(r.NormFloat64(), r.NormFloat64()), complex(r.NormFloat64(), r.NormFloat64())
		if got, want := mul128(a, b), a*b; !sameComplex(got, want) {
			t.Fatalf("mul128(%v, %v) = %v; Go says %v", a, b, got, want)
		}
		a32, b32 := complex64(a), complex64(b)
		if got, want := complex64(mul128(complex128(a32), complex128(b32))), a32*b32; got != want {
			t.Fatalf("mul128(%v, %v) = %v; Go says %v", a32, b32, got, want)
		}
	}
}

func sameComplex(a, b complex128) bool {
	return sameBits(real(a), real(b)) && sameBits(imag(a), imag(b))
}

func BenchmarkComplex(b *testing.B) {
	const n = 1024 // blockwise's tile
	r := rand.New(rand.NewPCG(1, 2))
	x, y := randComplex128(r, n), randComplex128(r, n)
	for i := range x { // ordinary values: the specials take the same time
		x[i], y[i] = complex(r.NormFloat64(), r.NormFloat64()), complex(r.NormFloat64(), r.NormFloat64())
	}
	x32, y32 := make([]complex64, n), make([]complex64, n)
	for i := range x {
		x32[i], y32[i] = complex64(x[i]), complex64(y[i])
	}
	d, d32, dc, dc32 := make([]float64, n), make([]float32, n), make([]complex128, n), make([]complex64, n)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"abs128/naive", func() {
			for i, z := range x {
				d[i] = math.Hypot(real(z), imag(z))
			}
		}},
		{"abs128", func() { AbsComplex128(d, x) }},
		{"abs64", func() { AbsComplex64(d32, x32) }},
		{"real128/naive", func() {
			for i, z := range x {
				d[i] = real(z)
			}
		}},
		{"real128", func() { PartComplex128(d, x, false) }},
		{"imag64", func() { PartComplex64(d32, x32, true) }},
		{"mul128/naive", func() {
			for i := range dc {
				dc[i] = x[i] * y[i]
			}
		}},
		{"mul128", func() { MulComplex128(dc, x, y) }},
		{"mul64", func() { MulComplex64(dc32, x32, y32) }},
		{"scale128/naive", func() {
			f := complex(0.25, 0)
			for i, z := range x {
				dc[i] = z * f
			}
		}},
		{"scale128", func() { ScaleComplex128(dc, x, 0.25, 0.25) }},
		{"div128/naive", func() {
			for i := range dc {
				dc[i] = x[i] / y[i]
			}
		}},
		{"div128", func() { DivComplex128(dc, x, y) }},
		{"div64", func() { DivComplex64(dc32, x32, y32) }},
		{"conj128/naive", func() {
			for i, z := range x {
				dc[i] = complex(real(z), -imag(z))
			}
		}},
		{"conj128", func() { ConjComplex128(dc, x, false) }},
		{"conj64", func() { ConjComplex64(dc32, x32, false) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(n * 16)
			for b.Loop() {
				c.f()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/elem")
		})
	}
}

func TestScale(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	for _, n := range []int{0, 1, 3, 4, 5, 8, 9, 15, 16, 17, 100} {
		x := randComplex128(r, n)
		f := []float64{randPart(r), r.NormFloat64(), 0.25}[r.IntN(3)]
		paths(t, func(fast bool) {
			for _, im := range []float64{f, -f} {
				d, ok := guarded(n, complex(-7, -7))
				ScaleComplex128(d, x, f, im)
				if !ok() {
					t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
				}
				for i, z := range x {
					if w := complex(real(z)*f, imag(z)*im); !sameComplex(d[i], w) {
						t.Fatalf("fast=%v: %v scaled by (%v, %v) = %v; want %v", fast, z, f, im, d[i], w)
					}
				}
			}
			for _, m := range []int{2 * n, 2*n + 1} {
				v := make([]float64, m)
				for i := range v {
					v[i] = randPart(r)
				}
				d, ok := guarded(m, -7.0)
				ScaleFloat64(d, v, f)
				if !ok() {
					t.Fatalf("fast=%v n=%d: guard overwritten", fast, m)
				}
				for i := range v {
					if w := v[i] * f; !sameBits(d[i], w) {
						t.Fatalf("fast=%v: %v·%v = %v; want %v", fast, v[i], f, d[i], w)
					}
				}
				ScaleFloat64(v, v, f) // in place
				for i := range v {
					if !sameBits(v[i], d[i]) {
						t.Fatalf("fast=%v: in place %v; want %v", fast, v[i], d[i])
					}
				}
			}
		})
	}
}

// TestDiv checks the division against Go's, bit for bit, on every path,
// with the special values that take C99's fix-up in every lane.
func TestDiv(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	inf, nan := math.Inf(1), math.NaN()
	special := []complex128{0, complex(math.Copysign(0, -1), 0), complex(inf, 0), complex(0, -inf), complex(inf, nan),
		complex(nan, nan), complex(nan, 1), complex(1, 1e-320), complex(1e308, 1e308), complex(-3, 4)}
	for _, n := range []int{0, 1, 3, 4, 5, 8, 13, 16, 100, 400, 2*divTile + 5} {
		a, b := randComplex128(r, n), randComplex128(r, n)
		for i := range n {
			if r.IntN(3) == 0 {
				a[i] = special[r.IntN(len(special))]
			}
			if r.IntN(3) == 0 {
				b[i] = special[r.IntN(len(special))]
			}
		}
		a32, b32 := make([]complex64, n), make([]complex64, n)
		for i := range n {
			a32[i], b32[i] = complex64(a[i]), complex64(b[i])
		}
		paths(t, func(fast bool) {
			d, ok := guarded(n, complex(-7, -7))
			DivComplex128(d, a, b)
			d32, ok32 := guarded(n, complex64(complex(-7, -7)))
			DivComplex64(d32, a32, b32)
			if !ok() || !ok32() {
				t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
			}
			for i := range n {
				if w := a[i] / b[i]; !sameComplex(d[i], w) {
					t.Fatalf("fast=%v: %v/%v = %v; Go says %v", fast, a[i], b[i], d[i], w)
				}
				if w := a32[i] / b32[i]; !sameComplex(complex128(d32[i]), complex128(w)) {
					t.Fatalf("fast=%v: %v/%v = %v; Go says %v", fast, a32[i], b32[i], d32[i], w)
				}
			}
			// In place, over a's and then b's values.
			for _, first := range []bool{true, false} {
				c, c32 := slices.Clone(a), slices.Clone(a32)
				if first {
					DivComplex128(c, c, b)
					DivComplex64(c32, c32, b32)
				} else {
					c, c32 = slices.Clone(b), slices.Clone(b32)
					DivComplex128(c, a, c)
					DivComplex64(c32, a32, c32)
				}
				for i := range n {
					if !sameComplex(c[i], d[i]) || !sameComplex(complex128(c32[i]), complex128(d32[i])) {
						t.Fatalf("fast=%v: in place %v/%v = %v, %v; want %v, %v", fast, a[i], b[i], c[i], c32[i], d[i], d32[i])
					}
				}
			}
		})
	}
}
