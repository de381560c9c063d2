package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTanhFloat64 checks TanhFloat64 against math.Tanh: within 2 ulp in
// the exp branch (0.625 ≤ |x| ≤ 44), bit for bit elsewhere (near 0, the
// saturated tails, ±Inf, NaN, subnormals, ±0), over lengths around the
// block size, and in place.
func TestTanhFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, n := range []int{0, 1, 7, 255, 256, 257, 3000} {
		x := make([]float64, n)
		for i := range x {
			switch i % 4 {
			case 0:
				x[i] = math.Float64frombits(r.Uint64())
			case 1:
				x[i] = r.NormFloat64() * 3
			case 2:
				x[i] = []float64{0, math.Copysign(0, -1), 0.625, -0.625, 44, -44, 44.5, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, 1e-300}[r.IntN(12)]
			default:
				x[i] = (r.Float64()*2 - 1) * 50
			}
		}
		d := make([]float64, n)
		TanhFloat64(d, x)
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
}
