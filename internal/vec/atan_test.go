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
