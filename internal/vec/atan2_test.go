package vec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Atan2Float64 gives math.Atan2's bits on tiles whose every pair the
// vector loop takes (finite, non-zero: no element left to math), and on
// tiles with a few special pairs among them, in place on y or x too, on
// both paths.
func TestAtan2Tiles(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64}
	paths(t, func(fast bool) {
		for _, withSpecial := range []bool{false, true} {
			for _, n := range []int{0, 3, 4, 5, 511, 512, 513, 1500} {
				y, x := make([]float64, n), make([]float64, n)
				for i := range y {
					y[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
					x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
					if withSpecial && r.IntN(50) == 0 {
						y[i] = special[r.IntN(len(special))]
					}
					if withSpecial && r.IntN(50) == 0 {
						x[i] = special[r.IntN(len(special))]
					}
				}
				for alias := range 3 { // d fresh, d = y, d = x
					ys, xs := slices.Clone(y), slices.Clone(x)
					d := make([]float64, n)
					switch alias {
					case 1:
						d = ys
					case 2:
						d = xs
					}
					Atan2Float64(d, ys, xs)
					for i := range d {
						want := math.Atan2(y[i], x[i])
						if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
							t.Fatalf("fast=%v alias %d: atan2(%v, %v) = %v, want %v", fast, alias, y[i], x[i], d[i], want)
						}
					}
				}
			}
		}
	})
}
