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

// TestAtanFloat32 checks AtanFloat32 against atanOne32 (bit for bit) and
// the float64 arctangent: the nearest float32 but within 2⁻³⁶ of a tie;
// NaN, ±0 and ±Inf as math.Atan's.
func TestAtanFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	bounds := []float32{0.41421356, 0.41421357, 2.4142137, 2.4142134, 1, 0, float32(math.Copysign(0, -1)),
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-45, math.MaxFloat32}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 100, 1024, 4099} {
			x := make([]float32, n)
			for i := range x {
				switch r.IntN(4) {
				case 0:
					x[i] = math.Float32frombits(r.Uint32())
				case 1:
					x[i] = bounds[r.IntN(len(bounds))] * float32(1-2*r.IntN(2))
				default:
					x[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3)))
				}
			}
			d := make([]float32, n)
			AtanFloat32(d, x)
			for i, got := range d {
				e := math.Atan(float64(x[i]))
				if one := atanOne32(x[i]); useAVX512F && math.Float32bits(got) != math.Float32bits(one) {
					t.Fatalf("fast=%v: atan(%v) = %v, atanOne32 %v", fast, x[i], got, one)
				}
				if want := float32(e); math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
					mid := (float64(got) + float64(want)) / 2
					if math.Abs(e-mid) > 0x1p-36*math.Abs(e) {
						t.Fatalf("fast=%v: atan(%v) = %v, want %v", fast, x[i], got, want)
					}
				}
			}
		}
	})
}

// TestLogFloat32 checks LogFloat32 against logOne32 (bit for bit, with
// AVX-512) and math.Log: the nearest float32 but within 2⁻³⁶ of a tie;
// 0, negative x, +Inf and NaN as math.Log's.
func TestLogFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 30))
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
		1e-45, 1.1754944e-38, 1, math.Nextafter32(1, 0), math.Nextafter32(1, 2), 0.984375, 0.9921875, 1.03125, math.MaxFloat32, -1}
	for _, avx := range []bool{false, usePowAVX512} {
		defer func(v bool) { usePowAVX512 = v }(usePowAVX512)
		usePowAVX512 = avx
		for _, n := range []int{0, 1, 7, 8, 9, 100, 1024, 4099} {
			x := make([]float32, n)
			for i := range x {
				switch r.IntN(4) {
				case 0:
					x[i] = math.Float32frombits(r.Uint32())
				case 1:
					x[i] = special[r.IntN(len(special))]
				case 2:
					x[i] = 1 + float32(r.NormFloat64()*1e-3)
				default:
					x[i] = float32(math.Exp(r.NormFloat64() * 20))
				}
			}
			d := make([]float32, n)
			LogFloat32(d, x)
			for i, got := range d {
				e := math.Log(float64(x[i]))
				if one := logOne32(x[i]); avx && math.Float32bits(got) != math.Float32bits(one) && !(got != got && one != one) {
					t.Fatalf("avx=%v: log(%v) = %v, logOne32 %v", avx, x[i], got, one)
				}
				if want := float32(e); math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
					mid := (float64(got) + float64(want)) / 2
					if math.Abs(e-mid) > 0x1p-36*math.Abs(e) {
						t.Fatalf("avx=%v: log(%v) = %v, want %v", avx, x[i], got, want)
					}
				}
			}
		}
	}
}

// TestSinCosFloat32 checks SinFloat32 and CosFloat32 against trigOne32
// (bit for bit, with AVX-512) and math.Sin/math.Cos: the nearest float32
// but within 2⁻³⁴ of a tie; beyond trigMax32, ±Inf and NaN as math's.
func TestSinCosFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
		1e-45, trigMax32, math.Nextafter32(trigMax32, 0), math.Nextafter32(trigMax32, 2e6), 1e10, math.MaxFloat32,
		float32(math.Pi / 4), float32(math.Pi / 2), float32(math.Pi), 355, 103993}
	for _, avx := range []bool{false, usePowAVX512} {
		defer func(v bool) { usePowAVX512 = v }(usePowAVX512)
		usePowAVX512 = avx
		for _, n := range []int{0, 1, 7, 8, 9, 100, 255, 256, 257, 1024, 4099} {
			x := make([]float32, n)
			for i := range x {
				switch r.IntN(4) {
				case 0:
					x[i] = math.Float32frombits(r.Uint32())
				case 1:
					x[i] = special[r.IntN(len(special))] * float32(1-2*r.IntN(2))
				default:
					x[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(8)-2)))
				}
			}
			for q, f := range []struct {
				vec func(d, x []float32)
				ref func(float64) float64
			}{{SinFloat32, math.Sin}, {CosFloat32, math.Cos}} {
				d := make([]float32, n)
				f.vec(d, x)
				for i, got := range d {
					e := f.ref(float64(x[i]))
					if one := trigOne32(x[i], uint64(q)); avx && math.Float32bits(got) != math.Float32bits(one) && !(got != got && one != one) {
						t.Fatalf("avx=%v q=%d: f(%v) = %v, trigOne32 %v", avx, q, x[i], got, one)
					}
					if want := float32(e); math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
						mid := (float64(got) + float64(want)) / 2
						if math.Abs(e-mid) > 0x1p-34*math.Abs(e) {
							t.Fatalf("avx=%v q=%d: f(%v) = %v, want %v", avx, q, x[i], got, want)
						}
					}
				}
				// In place.
				xc := append([]float32(nil), x...)
				f.vec(xc, xc)
				for i := range xc {
					if math.Float32bits(xc[i]) != math.Float32bits(d[i]) && !(xc[i] != xc[i] && d[i] != d[i]) {
						t.Fatalf("in place: %v, want %v", xc[i], d[i])
					}
				}
			}
		}
	}
}
