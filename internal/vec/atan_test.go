package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAtanFloat64 checks AtanFloat64 against math.Atan bit for bit, at
// the branch bounds, special values and random bits, on each path.
func TestAtanFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	bounds := []float64{0.66, math.Nextafter(0.66, 1), 2.41421356237309504880, math.Nextafter(2.41421356237309504880, 3), 1, 0,
		math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, math.MaxFloat64, 1e-300, 1e300}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 100, 1024, 4099} {
			x := make([]float64, n)
			for i := range x {
				switch r.IntN(4) {
				case 0:
					x[i] = math.Float64frombits(r.Uint64())
				case 1:
					x[i] = bounds[r.IntN(len(bounds))] * float64(1-2*r.IntN(2))
				default:
					x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
				}
			}
			d, check := guard(n)
			AtanFloat64(d, x)
			for i := range d {
				if want := math.Atan(x[i]); math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("fast=%v: atan(%v) = %v, want %v", fast, x[i], d[i], want)
				}
			}
			check(t, "fast", fast)
		}
	})
}

// inputs32 returns n float32 inputs: random bits (NaN, ±Inf and
// subnormals among them), the special values with either sign, and
// typical ones.
func inputs32(r *rand.Rand, n int, special []float32, typical func() float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch r.IntN(4) {
		case 0:
			x[i] = math.Float32frombits(r.Uint32())
		case 1:
			x[i] = special[r.IntN(len(special))] * float32(1-2*r.IntN(2))
		default:
			x[i] = typical()
		}
	}
	return x
}

// checkFloat32 checks got = f(x) of a float32 kernel against its twin
// (bit for bit, when twin is set; one may be nil otherwise) and the
// float64 function ref: the nearest float32 of ref(x), but within
// tie·|ref(x)| of a tie between two float32 (NaN for NaN).
func checkFloat32(t *testing.T, what string, x, got []float32, one func(float32) float32, twin bool, ref func(float64) float64, tie float64) {
	t.Helper()
	for i, g := range got {
		e := ref(float64(x[i]))
		if twin {
			if o := one(x[i]); math.Float32bits(g) != math.Float32bits(o) && !(g != g && o != o) {
				t.Fatalf("%s(%v) = %v, its twin %v", what, x[i], g, o)
			}
		}
		if want := float32(e); math.Float32bits(g) != math.Float32bits(want) && !(g != g && want != want) {
			if mid := (float64(g) + float64(want)) / 2; math.Abs(e-mid) > tie*math.Abs(e) {
				t.Fatalf("%s(%v) = %v, want %v", what, x[i], g, want)
			}
		}
	}
}

// TestAtanFloat32 checks AtanFloat32: without AVX-512 with checkFloat32
// against math.Atan (ties within 2⁻⁵²); with it, bit for bit against
// atan16One and within atan16Ulps of math.Atan, over every length mod 16
// (the masked tail), the table's and the reciprocal's bounds, special
// values and random bits, inputs all within [−1, 1] (the loop's path
// without reciprocals) and mixed, and in place.
func TestAtanFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	special := []float32{0.0625, 0.0624999, 0.1875, 0.1875001, 1, math.Nextafter32(1, 2), math.Nextafter32(1, 0), 16, 16.000002, 0, float32(math.Inf(1)),
		float32(math.NaN()), 1e-45, 0x1p-126, atan16Cap, math.Nextafter32(atan16Cap, 0), math.MaxFloat32, 1e-20, 1e20}
	small := []float32{0, 1, math.Nextafter32(1, 0), 0.0625, 0.0624999, 0.9375, 0.9375001, 1e-45, 0x1p-126}
	typical := func() float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))) }
	within1 := func() float32 { return float32(r.Float64()*2 - 1) }
	paths(t, func(fast bool) {
		for n := range 160 {
			if n%80 > 40 {
				n = 16*r.IntN(300) + r.IntN(16)
			}
			x := inputs32(r, n, special, typical)
			if n%2 == 0 {
				x = make([]float32, n)
				for i := range x {
					if x[i] = within1(); r.IntN(8) == 0 {
						x[i] = small[r.IntN(len(small))] * float32(1-2*r.IntN(2))
					}
				}
			}
			d := make([]float32, n+1)
			d[n] = 7
			AtanFloat32(d[:n], x)
			if d[n] != 7 {
				t.Fatalf("n=%d: wrote past the end", n)
			}
			if !useAVX512F {
				checkFloat32(t, "atan", x, d[:n], nil, false, math.Atan, 0x1p-52)
			}
			for i, v := range x {
				if !useAVX512F {
					break
				}
				want := atan16One(v)
				if math.Float32bits(d[i]) != math.Float32bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("atan(%v) = %v, atan16One %v", v, d[i], want)
				}
				if e := ulpErr32(d[i], math.Atan(float64(v))); e > atan16Ulps {
					t.Fatalf("atan(%v) = %v, %.4f ulp from %v", v, d[i], e, math.Atan(float64(v)))
				}
			}
			in := append([]float32(nil), x...)
			AtanFloat32(in, in)
			for i := range in {
				if math.Float32bits(in[i]) != math.Float32bits(d[i]) && !(in[i] != in[i] && d[i] != d[i]) {
					t.Fatalf("in place: atan(%v) = %v, want %v", x[i], in[i], d[i])
				}
			}
		}
	})
}

// TestLogFloat32 checks LogFloat32 with checkFloat32 against logOne32 and
// math.Log (ties within 2⁻³⁶), with and without AVX-512.
func TestLogFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 30))
	special := []float32{0, float32(math.Inf(1)), float32(math.NaN()), 1e-45, 1.1754944e-38, 1, math.Nextafter32(1, 0),
		math.Nextafter32(1, 2), 0.984375, 0.9921875, 1.03125, math.MaxFloat32}
	typical := func() float32 {
		if r.IntN(2) == 0 {
			return 1 + float32(r.NormFloat64()*1e-3)
		}
		return float32(math.Exp(r.NormFloat64() * 20))
	}
	powPaths(func(avx bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 100, 1024, 4099} {
			x := inputs32(r, n, special, typical)
			d := make([]float32, n)
			LogFloat32(d, x)
			checkFloat32(t, "log", x, d, logOne32, avx, math.Log, 0x1p-36)
		}
	})
}

// TestSinCosFloat32 checks SinFloat32 and CosFloat32: without AVX-512
// with checkFloat32 against math.Sin/math.Cos (ties within 2⁻³⁴); with
// it, bit for bit against trig16One (trigOne32 for the lanes it flags)
// and within trig16Ulps of math.Sin/math.Cos (trigOne32's bound where
// flagged), over lengths around the blocks and the sixteen lanes, x near
// multiples of π/2 among them, and in place.
func TestSinCosFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	special := []float32{0, float32(math.Inf(1)), float32(math.NaN()), 1e-45, trigMax32, math.Nextafter32(trigMax32, 0),
		math.Nextafter32(trigMax32, 2e6), 1e10, math.MaxFloat32, float32(math.Pi / 4), float32(math.Pi / 2), float32(math.Pi), 355, 103993,
		102943, 102945, 0x1p-126}
	typical := func() float32 {
		if r.IntN(8) == 0 {
			k := float64(r.IntN(2*trig16N) - trig16N)
			return math.Nextafter32(float32(k*math.Pi/2), float32(r.NormFloat64()))
		}
		return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(8)-2)))
	}
	powPaths(func(avx bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 255, 256, 257, 1024, 4099} {
			x := inputs32(r, n, special, typical)
			for q, f := range []struct {
				vec func(d, x []float32)
				ref func(float64) float64
			}{{SinFloat32, math.Sin}, {CosFloat32, math.Cos}} {
				d := make([]float32, n)
				f.vec(d, x)
				if !avx {
					checkFloat32(t, "sin/cos", x, d, nil, false, f.ref, 0x1p-34)
				}
				for i, v := range x {
					if !avx {
						break
					}
					want, ok := trig16One(v, uint32(q))
					if !ok {
						checkFloat32(t, "sin/cos flagged", x[i:i+1], d[i:i+1], func(v float32) float32 { return trigOne32(v, uint64(q)) }, true, f.ref, 0x1p-34)
						continue
					}
					if math.Float32bits(d[i]) != math.Float32bits(want) {
						t.Fatalf("q=%d: %v gives %v, trig16One %v", q, v, d[i], want)
					}
					if e := ulpErr32(d[i], f.ref(float64(v))); e > trig16Ulps[q] {
						t.Fatalf("q=%d: %v gives %v, %.3f ulp from %v", q, v, d[i], e, f.ref(float64(v)))
					}
				}
				xc := append([]float32(nil), x...)
				f.vec(xc, xc)
				for i := range xc {
					if math.Float32bits(xc[i]) != math.Float32bits(d[i]) && !(xc[i] != xc[i] && d[i] != d[i]) {
						t.Fatalf("in place: %v, want %v", xc[i], d[i])
					}
				}
			}
		}
	})
}

// powPaths calls f with the vector math kernels' AVX-512 loops off, then
// on where the CPU has them (usePowAVX512), and restores the setting.
func powPaths(f func(avx bool)) {
	defer func(v bool) { usePowAVX512 = v }(usePowAVX512)
	for _, avx := range []bool{false, usePowAVX512} {
		usePowAVX512 = avx
		f(avx)
	}
}

// TestAtan2 compares Atan2Float64 and Atan2Float32 with math.Atan2 bit for
// bit over every quadrant, the axes, signed zeros, infinities, NaN,
// quotients that overflow or underflow and random bits, in place too, on
// every kernel path.
func TestAtan2(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	special := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324,
		1e300, -1e300, 1e-300, math.MaxFloat64, 0.66, 2.41421356237309504880}
	value := func() float64 {
		switch r.IntN(4) {
		case 0:
			return math.Float64frombits(r.Uint64())
		case 1:
			return special[r.IntN(len(special))]
		}
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
	}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 100, 513, 1100} {
			y, x := make([]float64, n), make([]float64, n)
			y32, x32 := make([]float32, n), make([]float32, n)
			for i := range y {
				y[i], x[i] = value(), value()
				y32[i], x32[i] = float32(y[i]), float32(x[i])
			}
			d, check := guard(n)
			Atan2Float64(d, y, x)
			d32 := make([]float32, n)
			Atan2Float32(d32, y32, x32)
			if usePowAVX512 { // the widened path gives the same values here
				w := make([]float32, n)
				usePowAVX512 = false
				Atan2Float32(w, y32, x32)
				usePowAVX512 = true
				for i := range w {
					if tieDistance32(w[i], math.Atan2(float64(y32[i]), float64(x32[i]))) > math32Tie {
						t.Fatalf("widened float32 atan2(%v, %v) = %v", y32[i], x32[i], w[i])
					}
				}
			}
			in := append([]float64(nil), y...)
			Atan2Float64(in, in, x)
			for i := range d {
				want := math.Atan2(y[i], x[i])
				for _, got := range []float64{d[i], in[i]} {
					if math.Float64bits(got) != math.Float64bits(want) && !(got != got && want != want) {
						t.Fatalf("fast=%v: atan2(%v, %v) = %v, want %v", fast, y[i], x[i], got, want)
					}
				}
				// Atan2Float32: float32 of math's but near a tie (math32.go).
				e32 := math.Atan2(float64(y32[i]), float64(x32[i]))
				if tieDistance32(d32[i], e32) > math32Tie {
					t.Fatalf("fast=%v: float32 atan2(%v, %v) = %v, want %v", fast, y32[i], x32[i], d32[i], float32(e32))
				}
			}
			check(t, "fast", fast)
		}
	})
}
