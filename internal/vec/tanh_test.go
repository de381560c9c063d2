package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTanhFloat64 checks TanhFloat64 against math.Tanh: within 2 ulp in
// the exp branch (0.625 ≤ |x| ≤ 44), bit for bit elsewhere (near 0, the
// saturated tails, ±Inf, NaN, subnormals, ±0), over lengths around the
// block size, and in place; on every path (Go, AVX2, AVX-512F), each
// bit for bit with tanhBlocks (the AVX2 and Go code).
func TestTanhFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	edges := []float64{0, math.Copysign(0, -1), 0.625, -0.625, math.Nextafter(0.625, 0), 44, -44, 44.5,
		44.014845965556525, 44.01484596555653, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324, 1e-300, 1e-160}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 15, 255, 256, 257, 3000, 40000} {
			x := make([]float64, n)
			for i := range x {
				switch r.IntN(5) {
				case 0:
					x[i] = math.Float64frombits(r.Uint64())
				case 1:
					x[i] = r.NormFloat64() * 3
				case 2:
					x[i] = edges[r.IntN(len(edges))]
				case 3:
					x[i] = (r.Float64()*2 - 1) * 0.625 // the rational function's band
				default:
					x[i] = (r.Float64()*2 - 1) * 50
				}
			}
			d, check := guard(n)
			TanhFloat64(d, x)
			check(t, "fast", fast)
			blocks := make([]float64, n)
			tanhBlocks(blocks, x)
			for i, v := range x {
				if math.Float64bits(d[i]) != math.Float64bits(blocks[i]) && !(d[i] != d[i] && blocks[i] != blocks[i]) {
					t.Fatalf("fast=%v: tanh(%v) = %v, %v by blocks", fast, v, d[i], blocks[i])
				}
			}
			for i, v := range x {
				want := math.Tanh(v)
				if z := math.Abs(v); z >= 0.625 && z <= 44 {
					if math.Abs(d[i]-want) > 2*ulp(math.Abs(want)) || math.Signbit(d[i]) != math.Signbit(want) {
						t.Fatalf("tanh(%v) = %v, math.Tanh %v", v, d[i], want)
					}
				} else if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("tanh(%v) = %v, want math.Tanh's %v", v, d[i], want)
				}
			}
			TanhFloat64(x, x)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(d[i]) && !(x[i] != x[i] && d[i] != d[i]) {
					t.Fatalf("in place: %v, want %v", x[i], d[i])
				}
			}
		}
	})
}

// TestTanhFloat32 checks TanhFloat32: without AVX-512 with checkFloat32
// against math.Tanh (ties within 2⁻⁵¹); with it, bit for bit against
// tanh16One and within tanh16Ulps of math.Tanh, over every length mod 16
// (the masked tail), the bounds of the polynomial and of the cap,
// special values and random bits, and in place.
func TestTanhFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(27, 28))
	special := []float32{0, float32(math.Inf(1)), float32(math.NaN()), 1e-45, 1e-30, 0x1p-126, 0.3, math.Nextafter32(0.3, 0), 0.2546148, 0.5625,
		9, 9.01, 9.02, 10, math.Nextafter32(10, 0), 10.000001, 20, 44, math.MaxFloat32, 0.0433, 0.0434}
	typical := func() float32 { return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-4))) }
	paths(t, func(fast bool) {
		for n := range 80 {
			if n > 40 {
				n = 16*r.IntN(300) + r.IntN(16)
			}
			x := inputs32(r, n, special, typical)
			d := make([]float32, n+1)
			d[n] = 7
			TanhFloat32(d[:n], x)
			if d[n] != 7 {
				t.Fatalf("n=%d: wrote past the end", n)
			}
			if !useAVX512F {
				checkFloat32(t, "tanh", x, d[:n], nil, false, math.Tanh, 0x1p-51)
			}
			for i, v := range x {
				if !useAVX512F {
					break
				}
				want := tanh16One(v)
				if math.Float32bits(d[i]) != math.Float32bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("tanh(%v) = %v, tanh16One %v", v, d[i], want)
				}
				if e := ulpErr32(d[i], math.Tanh(float64(v))); e > tanh16Ulps {
					t.Fatalf("tanh(%v) = %v, %.4f ulp from %v", v, d[i], e, math.Tanh(float64(v)))
				}
			}
			in := append([]float32(nil), x...)
			TanhFloat32(in, in)
			for i := range in {
				if math.Float32bits(in[i]) != math.Float32bits(d[i]) && !(in[i] != in[i] && d[i] != d[i]) {
					t.Fatalf("in place: tanh(%v) = %v, want %v", x[i], in[i], d[i])
				}
			}
		}
	})
}
