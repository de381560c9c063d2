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

// TestTanhFloat32 checks TanhFloat32 against tanhOne32 (bit for bit) and
// math.Tanh: the nearest float32 but within 2⁻³⁶ of a tie; NaN, ±0 and
// ±Inf as math.Tanh's.
func TestTanhFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(27, 28))
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
		1e-45, 1e-30, 0.625, 9, 9.1, 20, 44, math.MaxFloat32, 0.0433, 0.0434}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 100, 1024, 4099} {
			x := make([]float32, n)
			for i := range x {
				switch r.IntN(4) {
				case 0:
					x[i] = math.Float32frombits(r.Uint32())
				case 1:
					x[i] = special[r.IntN(len(special))] * float32(1-2*r.IntN(2))
				default:
					x[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(6)-4)))
				}
			}
			d := make([]float32, n)
			TanhFloat32(d, x)
			for i, got := range d {
				e := math.Tanh(float64(x[i]))
				if one := tanhOne32(x[i]); useAVX512F && math.Float32bits(got) != math.Float32bits(one) && !(got != got && one != one) {
					t.Fatalf("fast=%v: tanh(%v) = %v, tanhOne32 %v", fast, x[i], got, one)
				}
				if want := float32(e); math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
					mid := (float64(got) + float64(want)) / 2
					if math.Abs(e-mid) > 0x1p-36*math.Abs(e) {
						t.Fatalf("fast=%v: tanh(%v) = %v, want %v", fast, x[i], got, want)
					}
				}
			}
		}
	})
}
