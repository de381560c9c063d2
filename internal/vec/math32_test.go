package vec

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// math32Cases are the functions of math32.go with math's reference, the
// values each must meet (domain ends, overflow thresholds, exact
// results) and the inputs typical of its domain.
var math32Cases = []struct {
	name    string
	f       func(d, x []float32)
	ref     func(float64) float64
	special []float32
	typical func(r *rand.Rand) float32
}{
	{"exp", ExpFloat32, math.Exp, []float32{88.72283, 88.72284, -87.33654, -103.97208, -103.97209, -104, 89, 1, 20},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * 30) }},
	{"exp2", Exp2Float32, math.Exp2, []float32{128, 127.99999, -126, -149, -149.5, -150, -150.00002, -151, 3, 0.5, 100},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * 40) }},
	{"expm1", Expm1Float32, math.Expm1, []float32{88.72283, 88.72284, -17, -104, 1e-30, 1e-10, 0.3, 0.35, 1e-45},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(8)-6))) }},
	{"log2", Log2Float32, func(x float64) float64 {
		if x > 0 && x < math.Inf(1) {
			return math.Log(x) / math.Ln2 // math.Log2 cancels just above 1
		}
		return math.Log2(x)
	}, []float32{1, 2, 1024, 0x1p-149, 0x1p-126, math.Nextafter32(1, 2), math.Nextafter32(1, 0), math.MaxFloat32, 3},
		func(r *rand.Rand) float32 { return float32(math.Exp(r.NormFloat64() * 20)) }},
	{"log10", Log10Float32, math.Log10, []float32{1, 10, 100, 1e-45, 1e30, math.Nextafter32(1, 2), math.MaxFloat32},
		func(r *rand.Rand) float32 { return float32(math.Exp(r.NormFloat64() * 20)) }},
	{"log1p", Log1pFloat32, math.Log1p, []float32{-1, math.Nextafter32(-1, 0), -1.0000001, 1e-45, 1e-30, 1e-8, 0x1p-25, math.MaxFloat32},
		func(r *rand.Rand) float32 { return float32(math.Expm1(r.NormFloat64() * 5)) }},
	{"tan", TanFloat32, math.Tan, []float32{trigMax32, math.Nextafter32(trigMax32, 2e6), 1e10, math.MaxFloat32, float32(math.Pi / 2),
		float32(math.Pi / 4), 1.5707963, 1.5707964, 355, 103993, 1e-45},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(8)-3))) }},
	{"arcsin", AsinFloat32, math.Asin, []float32{1, math.Nextafter32(1, 0), math.Nextafter32(1, 2), 0.5, 0.70710677, 0.9238795, 0.38268343, 1e-45},
		func(r *rand.Rand) float32 { return float32(2*r.Float64() - 1) }},
	{"arccos", AcosFloat32, math.Acos, []float32{1, math.Nextafter32(1, 0), math.Nextafter32(1, 2), 0.5, 0.70710677, 0.9238795, 0.38268343, 1e-45},
		func(r *rand.Rand) float32 { return float32(2*r.Float64() - 1) }},
	{"sinh", SinhFloat32, math.Sinh, []float32{89.41598, 89.41599, 88.72283, 1e-45, 1e-20, 0.5, 90, 100},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(5)-3))) }},
	{"cosh", CoshFloat32, math.Cosh, []float32{89.41598, 89.41599, 1e-45, 1e-4, 0.5, 90, 100},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(5)-3))) }},
	{"arcsinh", AsinhFloat32, math.Asinh, []float32{1e-45, 1e-20, 0.5, 1, 1e10, 1e30, math.MaxFloat32},
		func(r *rand.Rand) float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(10)-4))) }},
	{"arccosh", AcoshFloat32, math.Acosh, []float32{1, math.Nextafter32(1, 2), math.Nextafter32(1, 0), 2, 1e10, 1e30, math.MaxFloat32},
		func(r *rand.Rand) float32 {
			return float32(1 + math.Abs(r.NormFloat64())*math.Pow(10, float64(r.IntN(10)-6)))
		}},
	{"arctanh", AtanhFloat32, math.Atanh, []float32{1, math.Nextafter32(1, 0), math.Nextafter32(1, 2), 0.5, 1e-45, 1e-10, 2},
		func(r *rand.Rand) float32 { return float32(math.Tanh(r.NormFloat64() * 4)) }},
	{"cbrt", CbrtFloat32, math.Cbrt, []float32{8, 27, 1e-45, 0x1p-126, 0.001, 1000, 3.375, math.MaxFloat32, 343, 1e-30},
		func(r *rand.Rand) float32 {
			if r.IntN(4) == 0 { // exact cubes
				c := float32(r.IntN(600)) / 8
				return c * c * c
			}
			return float32(math.Exp(r.NormFloat64() * 20))
		}},
}

// math32Tie is how near a tie between two float32 the float64 result of
// math32.go may round to the other one (TestMath32Exhaustive: 2⁻³⁷·², for
// expm1).
const math32Tie = 0x1p-36

// TestMath32 checks each function of math32.go against float32 of math's
// function on every path (AVX-512, and the float64 kernels' AVX2 and Go
// paths): the nearest float32 but within math32Tie of a tie (then 1
// ulp), zeros with their sign, NaN for NaN; in place and out of place,
// with guards around d.
func TestMath32(t *testing.T) {
	always := []float32{0, float32(math.Inf(1)), float32(math.NaN()), 1e-45, 0x1p-126, math.MaxFloat32, 1, 0.5, 2}
	for _, c := range math32Cases {
		r := rand.New(rand.NewPCG(81, uint64(len(c.name))))
		special := append(append([]float32(nil), always...), c.special...)
		worst := 0.0
		paths(t, func(fast bool) {
			powPaths(func(avx bool) {
				for _, n := range []int{0, 1, 7, 8, 9, 100, 257, 1024, 4099} {
					x := inputs32(r, n, special, func() float32 { return c.typical(r) })
					d, check := guard32(n)
					c.f(d, x)
					check(t, c.name, avx)
					in := append([]float32(nil), x...)
					c.f(in, in)
					for i, v := range x {
						if math.Float32bits(in[i]) != math.Float32bits(d[i]) && !(in[i] != in[i] && d[i] != d[i]) {
							t.Fatalf("avx=%v fast=%v: %s(%v) in place = %v, want %v", avx, fast, c.name, v, in[i], d[i])
						}
						if tie := tieDistance32(d[i], c.ref(float64(v))); tie > math32Tie {
							t.Fatalf("avx=%v fast=%v: %s(%v) = %v, want %v", avx, fast, c.name, v, d[i], float32(c.ref(float64(v))))
						} else {
							worst = max(worst, tie)
						}
					}
				}
			})
		})
		t.Logf("%s: misrounded within %.3g of a tie", c.name, worst)
	}
}

// tieDistance32 is 0 when got is float32(e) (zeros with their sign, any
// NaN for NaN), else how far e lies from the midpoint between got and
// float32(e) relative to |e| when they are neighbours, else +Inf.
func tieDistance32(got float32, e float64) float64 {
	want := float32(e)
	switch {
	case math.Float32bits(got) == math.Float32bits(want) || got != got && want != want:
		return 0
	case got != got || want != want || got == 0 && want == 0 || math.IsInf(float64(got), 0) && math.IsInf(float64(want), 0):
		return math.Inf(1)
	}
	ord := func(f float32) int64 { // ordered integers of the float32 values
		b := int64(math.Float32bits(f) &^ (1 << 31))
		if math.Signbit(float64(f)) {
			return -b
		}
		return b
	}
	if d := ord(got) - ord(want); d != 1 && d != -1 {
		return math.Inf(1)
	}
	mid := (float64(got) + float64(want)) / 2
	if math.IsInf(float64(got), 0) || math.IsInf(float64(want), 0) { // the tie is at MaxFloat32 + ulp/2
		mid = math.Copysign(0x1.ffffffp127, e)
	}
	return math.Abs(e-mid) / math.Abs(e)
}

// guard32 is guard for float32.
func guard32(n int) ([]float32, func(t *testing.T, name string, avx bool)) {
	buf := make([]float32, n+16)
	for i := range buf {
		buf[i] = -7
	}
	return buf[8 : 8+n], func(t *testing.T, name string, avx bool) {
		t.Helper()
		for i, v := range buf {
			if (i < 8 || i >= 8+n) && v != -7 {
				t.Fatalf("%s avx=%v n=%d: guard overwritten", name, avx, n)
			}
		}
	}
}

// TestLogAddExpFloat32 checks LogAddExpFloat32 against float32 of NumPy's
// steps in float64 on both paths, in place too: the nearest float32 but
// near a tie, or within 2⁻³⁶ of max(|a|, |b|, 1) where the sum cancels.
func TestLogAddExpFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(83, 84))
	special := []float32{0, float32(math.Inf(1)), float32(math.NaN()), 1, 1e30, 1e-45, 100, 0.6931472, 200}
	typical := func() float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-2))) }
	paths(t, func(fast bool) {
		powPaths(func(avx bool) {
			for _, n := range []int{0, 1, 7, 8, 9, 100, 600, 1100} {
				a, b := inputs32(r, n, special, typical), inputs32(r, n, special, typical)
				for i := range b {
					if r.IntN(8) == 0 {
						b[i] = a[i]
					}
				}
				d := make([]float32, n)
				LogAddExpFloat32(d, a, b)
				in := append([]float32(nil), a...)
				LogAddExpFloat32(in, in, b)
				for i := range d {
					e := logAddExpRef(float64(a[i]), float64(b[i]))
					if math.Float32bits(in[i]) != math.Float32bits(d[i]) && !(in[i] != in[i] && d[i] != d[i]) {
						t.Fatalf("in place: %v, want %v", in[i], d[i])
					}
					if tieDistance32(d[i], e) > math32Tie && !(math.Abs(float64(d[i])-e) <= 0x1p-36*max(math.Abs(float64(a[i])), math.Abs(float64(b[i])), 1)) {
						t.Fatalf("avx=%v fast=%v: logaddexp(%v, %v) = %v, want %v", avx, fast, a[i], b[i], d[i], float32(e))
					}
				}
			}
		})
	})
}

// math32Bench are the benchmark domains of math32.go's functions, beside
// their float64 twins; the NumPy figures in the package's history use
// the same ones.
var math32Bench = []struct {
	name   string
	f32    func(d, x []float32)
	f64    func(d, x []float64)
	lo, hi float64
}{
	{"exp", ExpFloat32, ExpFloat64, -10, 10},
	{"exp2", Exp2Float32, Exp2Float64, -10, 10},
	{"expm1", Expm1Float32, Expm1Float64, -10, 10},
	{"log2", Log2Float32, Log2Float64, 1e-3, 1000},
	{"log10", Log10Float32, Log10Float64, 1e-3, 1000},
	{"log1p", Log1pFloat32, Log1pFloat64, -0.999, 1000},
	{"tan", TanFloat32, TanFloat64, -10, 10},
	{"arcsin", AsinFloat32, AsinFloat64, -1, 1},
	{"arccos", AcosFloat32, AcosFloat64, -1, 1},
	{"sinh", SinhFloat32, SinhFloat64, -10, 10},
	{"cosh", CoshFloat32, CoshFloat64, -10, 10},
	{"arcsinh", AsinhFloat32, AsinhFloat64, -1000, 1000},
	{"arccosh", AcoshFloat32, AcoshFloat64, 1, 1001},
	{"arctanh", AtanhFloat32, AtanhFloat64, -1, 1},
	{"cbrt", CbrtFloat32, CbrtFloat64, -1000, 1000},
	{"log", LogFloat32, LogFloat64, 1e-3, 1000},
}

// BenchmarkMath32 times each function of math32.go over 4096 elements of
// its domain (ns/elem): f32 the native loop, widened the path of CPUs
// without AVX-512 (float32 of the float64 kernel over stack tiles, what
// blockwise did before), f64 the float64 kernel.
func BenchmarkMath32(b *testing.B) {
	const n = 4096
	perElem := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/elem")
	}
	for _, c := range math32Bench {
		x := make([]float32, n)
		x64 := make([]float64, n)
		for i := range x {
			x[i] = float32(c.lo + (c.hi-c.lo)*math.Mod(float64(i)*0.6180339887498949, 1))
			x64[i] = float64(x[i])
		}
		d, d64 := make([]float32, n), make([]float64, n)
		b.Run(c.name+"/f32", func(b *testing.B) {
			b.SetBytes(4 * n)
			for b.Loop() {
				c.f32(d, x)
			}
			perElem(b)
		})
		b.Run(c.name+"/widened", func(b *testing.B) {
			defer func(v bool) { usePowAVX512 = v }(usePowAVX512)
			usePowAVX512 = false
			b.SetBytes(4 * n)
			for b.Loop() {
				c.f32(d, x)
			}
			perElem(b)
		})
		b.Run(c.name+"/f64", func(b *testing.B) {
			b.SetBytes(8 * n)
			for b.Loop() {
				c.f64(d64, x64)
			}
			perElem(b)
		})
	}
	for _, f := range []struct {
		name string
		f    func(d, a, b []float32)
	}{{"logaddexp", LogAddExpFloat32}, {"atan2", Atan2Float32}} {
		b.Run(f.name, func(b *testing.B) {
			x, y, d := make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range x {
				x[i] = float32(-10 + 20*math.Mod(float64(i)*0.6180339887498949, 1))
				y[i] = x[n-1-i]
			}
			for _, widened := range []bool{false, true} {
				name := "f32"
				if widened {
					name = "widened"
				}
				b.Run(name, func(b *testing.B) {
					defer func(v bool) { usePowAVX512 = v }(usePowAVX512)
					usePowAVX512 = usePowAVX512 && !widened
					for b.Loop() {
						f.f(d, x, y)
					}
					perElem(b)
				})
			}
		})
	}
}

// TestMath32Exhaustive checks every float32 input of each function of
// math32.go on the AVX-512 path against float32 of math's function and
// logs how many results differ, the most ulps apart (1 at most: it fails
// beyond) and the nearest a misrounded result lies to a tie; then
// logaddexp and atan2 over 2²⁶ random pairs. It takes minutes: it runs
// with VEC_EXHAUSTIVE=1 (VEC_EXHAUSTIVE=exp,log2 for some, logaddexp for
// the pairs).
func TestMath32Exhaustive(t *testing.T) {
	only := os.Getenv("VEC_EXHAUSTIVE")
	if only == "" {
		t.Skip("VEC_EXHAUSTIVE is not set")
	}
	if !usePowAVX512 {
		t.Skip("no AVX-512")
	}
	for _, c := range math32Cases {
		if only != "1" && !slices.Contains(strings.Split(only, ","), c.name) {
			continue
		}
		type result struct {
			differ   int
			maxUlps  int64
			nearTie  float64
			worstArg float32
		}
		const workers = 2
		results := make([]result, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := &results[w]
				x, d := make([]float32, 1<<16), make([]float32, 1<<16)
				for hi := uint32(w); hi < 1<<16; hi += workers {
					for i := range x {
						x[i] = math.Float32frombits(hi<<16 | uint32(i))
					}
					c.f(d, x)
					for i, v := range x {
						e := c.ref(float64(v))
						want := float32(e)
						if math.Float32bits(d[i]) == math.Float32bits(want) || d[i] != d[i] && want != want {
							continue
						}
						res.differ++
						tie := tieDistance32(d[i], e)
						if math.IsInf(tie, 1) {
							res.maxUlps = max(res.maxUlps, 2)
							res.worstArg = v
							continue
						}
						res.maxUlps = max(res.maxUlps, 1)
						if tie > res.nearTie {
							res.nearTie = tie
						}
					}
				}
			}()
		}
		wg.Wait()
		var all result
		for _, r := range results {
			all.differ += r.differ
			all.maxUlps = max(all.maxUlps, r.maxUlps)
			all.nearTie = max(all.nearTie, r.nearTie)
			if r.maxUlps > 1 {
				all.worstArg = r.worstArg
			}
		}
		if all.maxUlps > 1 {
			t.Errorf("%s(%v) is more than 1 ulp from float32 of math's", c.name, all.worstArg)
		}
		t.Logf("%s: %d of 2³² differ from float32 of math's, each by 1 ulp, within %.3g of a tie", c.name, all.differ, all.nearTie)
	}
	if only != "1" && !slices.Contains(strings.Split(only, ","), "logaddexp") {
		return
	}
	// The two-operand functions over 2²⁶ pairs of random bits and of
	// random values in [−100, 100]; logaddexp with TestLogAddExpFloat32's
	// bound where its sum cancels.
	r := rand.New(rand.NewPCG(85, 86))
	for _, c := range []struct {
		name string
		f    func(d, a, b []float32)
		ref  func(a, b float64) float64
	}{{"logaddexp", LogAddExpFloat32, logAddExpRef}, {"atan2", Atan2Float32, math.Atan2}} {
		a, b, d := make([]float32, 1<<16), make([]float32, 1<<16), make([]float32, 1<<16)
		differ, nearTie := 0, 0.0
		for range 1 << 10 {
			for i := range a {
				if i&1 == 0 {
					a[i], b[i] = math.Float32frombits(r.Uint32()), math.Float32frombits(r.Uint32())
				} else {
					a[i], b[i] = float32(200*r.Float64()-100), float32(200*r.Float64()-100)
				}
			}
			c.f(d, a, b)
			for i := range d {
				e := c.ref(float64(a[i]), float64(b[i]))
				tie := tieDistance32(d[i], e)
				if tie == 0 {
					continue
				}
				differ++
				cancels := c.name == "logaddexp" && math.Abs(float64(d[i])-e) <= 0x1p-36*max(math.Abs(float64(a[i])), math.Abs(float64(b[i])), 1)
				if tie > math32Tie && !cancels {
					t.Fatalf("%s(%v, %v) = %v, want %v", c.name, a[i], b[i], d[i], float32(e))
				}
				if tie <= math32Tie {
					nearTie = max(nearTie, tie)
				}
			}
		}
		t.Logf("%s: %d of 2²⁶ pairs differ from float32 of the reference, by 1 ulp within %.3g of a tie (or where logaddexp's sum cancels)", c.name, differ, nearTie)
	}
}

// TestMath32AllocatesNothing checks that math32.go's functions keep their
// tiles on the stack on both paths (a kernel called through a func value
// would move them to the heap).
func TestMath32AllocatesNothing(t *testing.T) {
	x, d := make([]float32, 1003), make([]float32, 1003)
	for i := range x {
		x[i] = float32(i) / 1100
	}
	powPaths(func(avx bool) {
		for _, c := range math32Cases {
			if n := testing.AllocsPerRun(10, func() { c.f(d, x) }); n != 0 {
				t.Errorf("avx=%v %s: %v allocations a call, want 0", avx, c.name, n)
			}
		}
		if n := testing.AllocsPerRun(10, func() { LogAddExpFloat32(d, x, d) }); n != 0 {
			t.Errorf("avx=%v logaddexp: %v allocations a call, want 0", avx, n)
		}
	})
}
