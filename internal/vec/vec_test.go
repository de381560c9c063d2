package vec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

var ops = []Op{Add, Sub, Mul, Div}

// special values every op must treat exactly as the scalar loop does.
var specials = []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, math.MaxFloat64}

// paths runs f on each path of the AVX2-gated kernels this CPU has: the
// scalar loops, then the vector ones; it restores the default after.
func paths(t *testing.T, f func(fast bool)) {
	t.Helper()
	defer func() { useAVX2, useAVX512F = hasAVX2, hasAVX512F }()
	for level := range 3 { // Go, AVX2, AVX-512F
		if level == 1 && !hasAVX2 || level == 2 && !(hasAVX2 && hasAVX512F) {
			continue
		}
		useAVX2, useAVX512F = level > 0, level > 1
		f(level > 0)
	}
}

// guard returns n elements between two guard values, and a check that
// fails the test when a kernel wrote outside them.
func guard(n int) ([]float64, func(t *testing.T, path string, fast bool)) {
	buf := make([]float64, n+2)
	buf[0], buf[n+1] = -7, -7
	return buf[1 : 1+n], func(t *testing.T, path string, fast bool) {
		t.Helper()
		if buf[0] != -7 || buf[n+1] != -7 {
			t.Fatalf("%s=%v n=%d: guard overwritten", path, fast, n)
		}
	}
}

// bits returns x's bit pattern, for exact comparisons.
func bits[T float32 | float64](x T) uint64 {
	if f, ok := any(x).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(float64(x))
}

func TestFloat64MatchesScalar(t *testing.T) { testArith(t, 1, Float64) }

func TestFloat32MatchesScalar(t *testing.T) { testArith(t, 3, Float32) }

// testArith checks a vector arithmetic kernel against Arith, bit for bit,
// with special values among the operands.
func testArith[T float32 | float64](t *testing.T, seed uint64, kernel func(Op, []T, []T, []T)) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1024, 1031} {
			for _, op := range ops {
				// Guard regions around d catch writes past its end; a and b
				// are longer than d, as the evaluator's tiles may be.
				buf := make([]T, n+4)
				for i := range buf {
					buf[i] = -7
				}
				d, want := buf[2:2+n], make([]T, n)
				a, b := make([]T, n+3), make([]T, n+5)
				for i := range a {
					a[i] = T(r.NormFloat64() * 1e3)
					if r.IntN(8) == 0 {
						a[i] = T(specials[r.IntN(len(specials))])
					}
				}
				for i := range b {
					b[i] = T(r.NormFloat64())
					if r.IntN(8) == 0 {
						b[i] = T(specials[r.IntN(len(specials))])
					}
				}
				kernel(op, d, a, b)
				Arith(op, want, a, b)
				for i := range want {
					if bits(d[i]) != bits(want[i]) {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v, want %v", fast, n, op, i, d[i], want[i])
					}
				}
				if buf[0] != -7 || buf[1] != -7 || buf[n+2] != -7 || buf[n+3] != -7 {
					t.Fatalf("avx2=%v n=%d op=%d: guard region overwritten", fast, n, op)
				}
			}
		}
	})
}

// TestInPlace checks d may alias a or b, as the evaluator's buffers may.
func TestInPlace(t *testing.T) {
	a := make([]float64, 100)
	for i := range a {
		a[i] = float64(i)
	}
	Float64(Mul, a, a, a)
	for i, v := range a {
		if v != float64(i*i) {
			t.Fatalf("a[%d] = %v, want %v", i, v, i*i)
		}
	}
}

func BenchmarkAddF64(b *testing.B) {
	x, y, d := make([]float64, 1024), make([]float64, 1024), make([]float64, 1024)
	b.SetBytes(3 * 8 * 1024)
	for b.Loop() {
		Float64(Add, d, x, y)
	}
}

func BenchmarkAddF64Go(b *testing.B) {
	x, y, d := make([]float64, 1024), make([]float64, 1024), make([]float64, 1024)
	b.SetBytes(3 * 8 * 1024)
	for b.Loop() {
		Arith(Add, d, x, y)
	}
}

func TestUniformMatchesScalar(t *testing.T) {
	for _, fast := range []bool{false, true} {
		if fast && !hasAVX512DQ {
			continue
		}
		useAVX512DQ = fast
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 1000, 1024} {
			for _, c := range []uint64{0, 42, 1<<64 - 5, 0x123456789abcdef} {
				buf := make([]float64, n+2)
				buf[0], buf[n+1] = -7, -7
				d, want := buf[1:1+n], make([]float64, n)
				Uniform(d, c)
				uniformGo(want, c)
				for i := range want {
					if d[i] != want[i] || d[i] < 0 || d[i] >= 1 {
						t.Fatalf("avx512=%v n=%d c=%d: d[%d] = %v, want %v in [0, 1)", fast, n, c, i, d[i], want[i])
					}
				}
				if buf[0] != -7 || buf[n+1] != -7 {
					t.Fatalf("avx512=%v n=%d: guard overwritten", fast, n)
				}
			}
		}
	}
	useAVX512DQ = hasAVX512DQ
}

// TestUniformRuns checks that a stream cut into runs gives the values of
// the whole stream, which is what makes random arrays independent of
// their chunking.
func TestUniformRuns(t *testing.T) {
	whole := make([]float64, 100)
	Uniform(whole, 7)
	for _, cut := range []int{1, 16, 37} {
		a := make([]float64, 100)
		Uniform(a[:cut], 7)
		Uniform(a[cut:], 7+uint64(cut)*Golden)
		for i := range a {
			if a[i] != whole[i] {
				t.Fatalf("cut %d: a[%d] = %v, want %v", cut, i, a[i], whole[i])
			}
		}
	}
}

func BenchmarkUniform(b *testing.B) {
	d := make([]float64, 1024)
	b.SetBytes(8 * 1024)
	for b.Loop() {
		Uniform(d, 1)
	}
}

func BenchmarkUniformGo(b *testing.B) {
	d := make([]float64, 1024)
	b.SetBytes(8 * 1024)
	for b.Loop() {
		uniformGo(d, 1)
	}
}

func TestAddMomentsMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	paths(t, func(avx bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 1003} {
			x, k := make([]float64, n), make([]float64, n+2)
			c, s1, s2 := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
			wc, w1, w2 := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
			for i := range x {
				x[i] = 1e9 + r.Float64()
				if r.IntN(10) == 0 {
					x[i] = specials[r.IntN(len(specials))]
				}
			}
			for i := range k {
				k[i] = 1e9 + r.Float64()
			}
			for i := range s1 {
				c[i], s1[i], s2[i] = float64(r.IntN(100)), r.NormFloat64(), r.Float64()
				wc[i], w1[i], w2[i] = c[i], s1[i], s2[i]
			}
			AddMoments(c, s1, s2, x, k)
			addMomentsGo(wc, w1, w2, x, k)
			for i := range s1 {
				if c[i] != wc[i] || math.Float64bits(s1[i]) != math.Float64bits(w1[i]) || math.Float64bits(s2[i]) != math.Float64bits(w2[i]) {
					t.Fatalf("avx2=%v n=%d: [%d] = %v, %v, %v, want %v, %v, %v", avx, n, i, c[i], s1[i], s2[i], wc[i], w1[i], w2[i])
				}
			}
		}
	})
}

// TestAddMomentsNaNMatchesScalar checks AddMomentsNaN against its Go
// reference bit for bit on both paths: NaN skipped, infinities counted,
// shifts set where the count is 0 (and only there), over the loop's steps
// and tails and a second row after the first.
func TestAddMomentsNaNMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(27, 28))
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b }
	paths(t, func(avx bool) {
		for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 17, 100, 1003} {
			c, k, s1, s2 := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
			for i := range c {
				if r.IntN(3) > 0 { // counted already: a shift and sums
					c[i], k[i], s1[i], s2[i] = float64(1+r.IntN(100)), 1e9+r.Float64(), r.NormFloat64(), r.Float64()
				}
			}
			wc, wk, w1, w2 := slices.Clone(c), slices.Clone(k), slices.Clone(s1), slices.Clone(s2)
			for range 2 {
				x := make([]float64, n)
				for i := range x {
					x[i] = 1e9 + r.Float64()
					if r.IntN(4) == 0 {
						x[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}[r.IntN(5)]
					}
				}
				AddMomentsNaN(c, s1, s2, x, k)
				addMomentsNaNGo(wc, w1, w2, x, wk)
				for i := range c {
					if !same(c[i], wc[i]) || !same(k[i], wk[i]) || !same(s1[i], w1[i]) || !same(s2[i], w2[i]) {
						t.Fatalf("avx2=%v n=%d: [%d] = %v, %v, %v, %v, want %v, %v, %v, %v", avx, n, i, c[i], k[i], s1[i], s2[i], wc[i], wk[i], w1[i], w2[i])
					}
				}
			}
		}
	})
}

// TestExtremeMatchesScalar checks Max and Min against one sequential
// pass, with NaN, infinities and zeros of both signs placed at random
// (a NaN result must be NaN; otherwise the bits must agree).
func TestExtremeMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	vals := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 3.5, -3.5}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
	}
	paths(t, func(avx bool) {
		if nan := slices.Repeat([]float64{math.NaN()}, 80); NaNMaxFloat64(nan) != math.Inf(-1) || NaNMinFloat64(nan) != math.Inf(1) {
			t.Fatalf("avx2=%v: NaN-skipping extremes of NaN only are %v, %v; want -Inf, +Inf", avx, NaNMaxFloat64(nan), NaNMinFloat64(nan))
		}
		for _, n := range []int{1, 2, 15, 16, 40, 63, 64, 65, 100, 1024, 1031} {
			for trial := 0; trial < 40; trial++ {
				x := make([]float64, n)
				for i := range x {
					switch trial % 4 {
					case 0:
						x[i] = r.NormFloat64() // no specials
					case 1:
						x[i] = vals[r.IntN(2)] // zeros of both signs only
					case 2:
						x[i] = vals[r.IntN(len(vals))]
					case 3:
						x[i] = vals[r.IntN(6)] // no NaN
					}
				}
				if got, want := MaxFloat64(x), extremeGo(x, true); !same(got, want) {
					t.Fatalf("avx2=%v n=%d: MaxFloat64 = %v, want %v (%v)", avx, n, got, want, x)
				}
				if got, want := MinFloat64(x), extremeGo(x, false); !same(got, want) {
					t.Fatalf("avx2=%v n=%d: MinFloat64 = %v, want %v", avx, n, got, want)
				}
				x32 := make([]float32, n)
				for i, v := range x {
					x32[i] = float32(v)
				}
				if got, want := MaxFloat32(x32), extremeGo(x32, true); !same(float64(got), float64(want)) {
					t.Fatalf("avx2=%v n=%d: MaxFloat32 = %v, want %v", avx, n, got, want)
				}
				if got, want := MinFloat32(x32), extremeGo(x32, false); !same(float64(got), float64(want)) {
					t.Fatalf("avx2=%v n=%d: MinFloat32 = %v, want %v", avx, n, got, want)
				}
				if got, want := NaNMaxFloat64(x), nanExtremeGo(x, true); !same(got, want) {
					t.Fatalf("avx2=%v n=%d: NaNMaxFloat64 = %v, want %v (%v)", avx, n, got, want, x)
				}
				if got, want := NaNMinFloat64(x), nanExtremeGo(x, false); !same(got, want) {
					t.Fatalf("avx2=%v n=%d: NaNMinFloat64 = %v, want %v (%v)", avx, n, got, want, x)
				}
				if got, want := NaNMaxFloat32(x32), nanExtremeGo(x32, true); !same(float64(got), float64(want)) {
					t.Fatalf("avx2=%v n=%d: NaNMaxFloat32 = %v, want %v", avx, n, got, want)
				}
				if got, want := NaNMinFloat32(x32), nanExtremeGo(x32, false); !same(float64(got), float64(want)) {
					t.Fatalf("avx2=%v n=%d: NaNMinFloat32 = %v, want %v", avx, n, got, want)
				}
				// Elementwise, against x reversed: NaN only where both are.
				y := slices.Clone(x)
				slices.Reverse(y)
				for _, greatest := range []bool{true, false} {
					d := make([]float64, n)
					if greatest {
						NaNMaxElems(d, x, y)
					} else {
						NaNMinElems(d, x, y)
					}
					for i := range d {
						if want := nanExtremeGo([]float64{x[i], y[i]}, greatest); !same(d[i], want) && !(x[i] != x[i] && y[i] != y[i] && d[i] != d[i]) {
							t.Fatalf("avx2=%v n=%d greatest=%v: element %d of (%v, %v) = %v, want %v", avx, n, greatest, i, x[i], y[i], d[i], want)
						}
					}
				}
			}
		}
	})
}

// nanExtremeGo is the reference of the NaN-skipping folds: one
// sequential pass over the elements that are not NaN, from the identity.
func nanExtremeGo[T float32 | float64](v []T, greatest bool) T {
	r := T(math.Inf(1))
	if greatest {
		r = T(math.Inf(-1))
	}
	for _, x := range v {
		if x == x {
			r = pick(r, x, greatest)
		}
	}
	return r
}

func BenchmarkMaxFloat64(b *testing.B) {
	x := make([]float64, 1024)
	for i := range x {
		x[i] = float64(i % 17)
	}
	b.SetBytes(8 * 1024)
	for b.Loop() {
		MaxFloat64(x)
	}
}

func TestSqrtFloat64MatchesMath(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	paths(t, func(avx bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024} {
			x := make([]float64, n+1)
			for i := range x {
				x[i] = math.Abs(r.NormFloat64()) * math.Pow(10, float64(r.IntN(40)-20))
				if r.IntN(6) == 0 {
					x[i] = specials[r.IntN(len(specials))] // negatives give NaN
				}
			}
			d, check := guard(n)
			SqrtFloat64(d, x)
			for i := range d {
				want := math.Sqrt(x[i])
				if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("avx2=%v n=%d: sqrt(%v) = %v, want %v", avx, n, x[i], d[i], want)
				}
			}
			check(t, "avx2", avx)
		}
	})
}

func TestElemsMatchScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	vals := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.NaN(), 2.5}
	paths(t, func(avx bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024} {
			a, b := make([]float64, n+1), make([]float64, n+2)
			for i := range a {
				a[i] = vals[r.IntN(len(vals))]
			}
			for i := range b {
				b[i] = vals[r.IntN(len(vals))]
			}
			for _, greatest := range []bool{false, true} {
				d, check := guard(n)
				if greatest {
					MaxElems(d, a, b)
				} else {
					MinElems(d, a, b)
				}
				for i := range d {
					want := pick(a[i], b[i], greatest)
					if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
						t.Fatalf("avx2=%v n=%d max=%v: (%v, %v) gave %v, want %v", avx, n, greatest, a[i], b[i], d[i], want)
					}
				}
				check(t, "avx2", avx)
			}
		}
	})
}

// TestExpFloat64 checks the vector exp against math.Exp: within 2 ulp
// over the whole range, exact where math.Exp takes over (overflow,
// subnormal results, NaN, infinities).
func TestExpFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 3, 4, 5, 100, 1024, 4099} {
			x := make([]float64, n)
			for i := range x {
				switch r.IntN(5) {
				case 0:
					x[i] = r.Float64()*1460 - 750 // the whole range and beyond
				case 1:
					x[i] = specials[r.IntN(len(specials))]
				case 2:
					x[i] = []float64{709, 709.78, 710, -708, -708.5, -745.2, -746, 0.5 * math.Ln2, -0.5 * math.Ln2}[r.IntN(9)]
				default:
					x[i] = r.NormFloat64() * 3
				}
			}
			d, check := guard(n)
			ExpFloat64(d, x)
			for i := range d {
				want := math.Exp(x[i])
				switch {
				case want != want || math.IsInf(want, 0) || want == 0 || want < 0x1p-1022:
					if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
						t.Fatalf("fast=%v: exp(%v) = %v, want %v", fast, x[i], d[i], want)
					}
				case math.Abs(d[i]-want) > 2*ulp(want):
					t.Fatalf("fast=%v: exp(%v) = %v, want %v (%.1f ulp)", fast, x[i], d[i], want, math.Abs(d[i]-want)/ulp(want))
				}
			}
			check(t, "fast", fast)
		}
	})
}

// TestExpFloat64Lanes checks the eight-lane exp against the four-lane one
// bit for bit, and that both flag the same out-of-range blocks.
func TestExpFloat64Lanes(t *testing.T) {
	if !hasAVX512F || !hasAVX2 {
		t.Skip("no AVX-512F on this CPU")
	}
	r := rand.New(rand.NewPCG(25, 26))
	for range 200 {
		x := make([]float64, 64)
		for i := range x {
			x[i] = r.Float64()*1417 - 708
		}
		if r.IntN(4) == 0 {
			x[r.IntN(len(x))] = specials[r.IntN(len(specials))]
		}
		d4, d8 := make([]float64, len(x)), make([]float64, len(x))
		f4, f8 := expF64(d4, x), expF64x8(d8, x)
		if (f4 != 0) != (f8 != 0) {
			t.Fatalf("out-of-range flags %d (four lanes) and %d (eight)", f4, f8)
		}
		for i, v := range x {
			if v >= expLo && v <= expHi && math.Float64bits(d4[i]) != math.Float64bits(d8[i]) {
				t.Fatalf("exp(%v): %v on eight lanes, %v on four", v, d8[i], d4[i])
			}
		}
	}
}

// TestLogFloat64 checks the vector log against math.Log bit for bit,
// over the whole range, subnormals (scaled first) and special values
// included.
func TestLogFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 3, 4, 5, 100, 1024, 4099} {
			x := make([]float64, n)
			for i := range x {
				switch r.IntN(5) {
				case 0:
					x[i] = math.Float64frombits(r.Uint64() &^ (1 << 63)) // any positive bits, NaN and Inf included
				case 1:
					x[i] = specials[r.IntN(len(specials))]
				case 2:
					x[i] = []float64{1, math.Sqrt2, math.Nextafter(math.Sqrt2, 0), 2, 0.5, 0x1p-1022, 5e-324, -1, math.MaxFloat64, 1 + 1e-16}[r.IntN(10)]
				default:
					x[i] = math.Exp(r.NormFloat64() * 5)
				}
			}
			d, check := guard(n)
			LogFloat64(d, x)
			for i := range d {
				want := math.Log(x[i])
				if x[i] > 0 && x[i] < 0x1p-1022 { // math.Log is wrong there on amd64 (TestLogSubnormal)
					want = math.Log(x[i]*0x1p54) - 54*math.Ln2
				}
				if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("fast=%v: log(%v) = %v, want %v", fast, x[i], d[i], want)
				}
			}
			check(t, "fast", fast)
		}
	})
}

// TestSinCosFloat64 checks the vector sine and cosine against math.Sin
// and math.Cos bit for bit, near octant boundaries, past the reduction
// threshold and at special values.
func TestSinCosFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 3, 4, 5, 100, 1024, 4099} {
			x := make([]float64, n)
			for i := range x {
				switch r.IntN(5) {
				case 0:
					x[i] = math.Float64frombits(r.Uint64()) // any bits, NaN and Inf included
				case 1:
					x[i] = specials[r.IntN(len(specials))]
				case 2:
					x[i] = float64(r.IntN(64)-32)*math.Pi/4 + float64(r.IntN(3)-1)*1e-9
				case 3:
					x[i] = []float64{1 << 29, math.Nextafter(1<<29, 0), -(1 << 29), 1e300, 5e-324, math.Copysign(0, -1)}[r.IntN(6)]
				default:
					x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(10)))
				}
			}
			for _, f := range []struct {
				name string
				vec  func(d, x []float64)
				ref  func(float64) float64
			}{{"sin", SinFloat64, math.Sin}, {"cos", CosFloat64, math.Cos}} {
				d, check := guard(n)
				f.vec(d, x)
				for i := range d {
					if want := f.ref(x[i]); math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
						t.Fatalf("fast=%v: %s(%v) = %v, want %v", fast, f.name, x[i], d[i], want)
					}
				}
				check(t, "fast", fast)
			}
		}
	})
}

func BenchmarkSinFloat64(b *testing.B) {
	x, d := make([]float64, 1024), make([]float64, 1024)
	for i := range x {
		x[i] = float64(i)/100 - 5
	}
	b.SetBytes(8 * 1024)
	for b.Loop() {
		SinFloat64(d, x)
	}
}

// TestFloat32To64 checks the widening against Go's conversion, bit for
// bit, NaNs and infinities included, with guards around d.
func TestFloat32To64(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024, 4099} {
			s := make([]float32, n)
			for i := range s {
				s[i] = math.Float32frombits(r.Uint32())
			}
			d, check := guard(n)
			Float32To64(d, s)
			for i := range d {
				if want := float64(s[i]); math.Float64bits(d[i]) != math.Float64bits(want) {
					t.Fatalf("fast=%v: float64(%v) = %v, want %v", fast, s[i], d[i], want)
				}
			}
			check(t, "fast", fast)
		}
	})
}

// TestIntToFloat checks the conversions of IntToFloat against Go's, for
// every source type into float32 and float64, the extremes included, over
// lengths around the loops' sixteen, on both paths, with guards around d.
func TestIntToFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024, 4099} {
			bits := make([]uint64, n)
			for i := range bits {
				bits[i] = r.Uint64()
				if r.IntN(8) == 0 {
					bits[i] = []uint64{0, 1, ^uint64(0), 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 1<<31 - 1, 1 << 31, 1<<24 + 1}[r.IntN(12)]
				}
			}
			checkIntToFloat(t, fast, bits, func(v uint64) int8 { return int8(v) })
			checkIntToFloat(t, fast, bits, func(v uint64) uint8 { return uint8(v) })
			checkIntToFloat(t, fast, bits, func(v uint64) int16 { return int16(v) })
			checkIntToFloat(t, fast, bits, func(v uint64) uint16 { return uint16(v) })
			checkIntToFloat(t, fast, bits, func(v uint64) int32 { return int32(v) })
		}
	})
}

func checkIntToFloat[S int8 | uint8 | int16 | uint16 | int32](t *testing.T, fast bool, bits []uint64, conv func(uint64) S) {
	t.Helper()
	s := make([]S, len(bits))
	for i, v := range bits {
		s[i] = conv(v)
	}
	d64, check := guard(len(s))
	IntToFloat(d64, s)
	check(t, "fast", fast)
	buf := make([]float32, len(s)+2)
	d32 := buf[1 : 1+len(s)]
	IntToFloat(d32, s)
	if buf[0] != 0 || buf[len(s)+1] != 0 {
		t.Fatalf("fast=%v %T: guard overwritten", fast, s)
	}
	for i, v := range s {
		if d64[i] != float64(v) || math.Float32bits(d32[i]) != math.Float32bits(float32(v)) {
			t.Fatalf("fast=%v %T: %v converts to %v and %v, want %v and %v", fast, s, v, d64[i], d32[i], float64(v), float32(v))
		}
	}
}

// TestInt64ToFloat64 checks the conversion against Go's, bit for bit
// (rounded to nearest even beyond 2⁵³), the extremes included, with and
// without the AVX-512DQ loop, with guards around d.
func TestInt64ToFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	defer func(v bool) { useAVX512DQ = v }(useAVX512DQ)
	for _, dq := range []bool{false, hasAVX512DQ} {
		useAVX512DQ = dq
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024, 4099} {
			s := make([]int64, n)
			for i := range s {
				s[i] = int64(r.Uint64()) >> r.IntN(64)
				if r.IntN(8) == 0 {
					s[i] = []int64{math.MinInt64, math.MaxInt64, -1, 0, 1, 1<<53 + 1, -(1<<53 + 3)}[r.IntN(7)]
				}
			}
			d, check := guard(n)
			Int64ToFloat64(d, s)
			for i := range d {
				if want := float64(s[i]); d[i] != want {
					t.Fatalf("dq=%v: float64(%v) = %v, want %v", dq, s[i], d[i], want)
				}
			}
			check(t, "dq", dq)
		}
	}
}

func BenchmarkLogFloat64(b *testing.B) {
	x, d := make([]float64, 1024), make([]float64, 1024)
	for i := range x {
		x[i] = float64(i)/100 + 0.01
	}
	b.SetBytes(8 * 1024)
	for b.Loop() {
		LogFloat64(d, x)
	}
}

func ulp(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }

func BenchmarkExpFloat64(b *testing.B) {
	x, d := make([]float64, 1024), make([]float64, 1024)
	for i := range x {
		x[i] = float64(i)/100 - 5
	}
	b.SetBytes(8 * 1024)
	for b.Loop() {
		ExpFloat64(d, x)
	}
}

func TestCompareFloat64MatchesScalar(t *testing.T) { testCompare(t, 9, CompareFloat64) }

func TestCompareFloat32MatchesScalar(t *testing.T) { testCompare(t, 17, CompareFloat32) }

// testCompare checks a vector comparison kernel against Compare, with
// special values (NaN among them) and many equal pairs.
func testCompare[T float32 | float64](t *testing.T, seed uint64, kernel func(Cmp, []bool, []T, []T)) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 33, 100, 1024} {
			for op := Eq; op <= Ge; op++ {
				a, b := make([]T, n+1), make([]T, n+2)
				for i := range a {
					a[i] = T(specials[r.IntN(len(specials))])
				}
				for i := range b {
					b[i] = T(specials[r.IntN(len(specials))])
					if r.IntN(3) == 0 && i < len(a) {
						b[i] = a[i] // equal values often
					}
				}
				buf := make([]bool, n+2)
				buf[0], buf[n+1] = true, true
				d, want := buf[1:1+n], make([]bool, n)
				for i := range d {
					d[i] = r.IntN(2) == 0 // garbage that must be overwritten
				}
				kernel(op, d, a, b)
				Compare(op, want, a, b)
				for i := range want {
					if d[i] != want[i] {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v for %v vs %v, want %v", fast, n, op, i, d[i], a[i], b[i], want[i])
					}
				}
				if !buf[0] || !buf[n+1] {
					t.Fatalf("avx2=%v n=%d: guard overwritten", fast, n)
				}
			}
		}
	})
}

func TestSqrtFloat32MatchesMath(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	paths(t, func(avx bool) {
		for _, n := range []int{0, 1, 31, 32, 33, 100, 1024} {
			x := make([]float32, n)
			for i := range x {
				x[i] = math.Float32frombits(r.Uint32()) // every bit pattern: negatives, NaN, subnormals
			}
			d := make([]float32, n)
			SqrtFloat32(d, x)
			for i := range d {
				want := float32(math.Sqrt(float64(x[i])))
				if math.Float32bits(d[i]) != math.Float32bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("avx2=%v: sqrt(%v) = %v, want %v", avx, x[i], d[i], want)
				}
			}
		}
	})
}
