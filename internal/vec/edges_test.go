package vec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCountEdges checks CountEdges, with and without AVX2, against the
// insertion positions NaN-last ordering gives, over lengths around the
// passes, one to twelve edges (repeated ones, infinities and NaNs among
// them) and values on, between and beyond the edges, NaN and ±0
// included.
func TestCountEdges(t *testing.T) {
	less := func(a, b float64) bool { return a < b || (b != b && a == a) } // NaN last
	r := rand.New(rand.NewPCG(7, 8))
	eachAVX2(func(avx bool) {
		for trial := range 300 {
			ne := 1 + trial%12
			e := make([]float64, ne)
			for k := range e {
				switch r.IntN(12) {
				case 0:
					e[k] = math.Inf(-1)
				case 1:
					e[k] = math.Inf(1)
				case 2:
					if trial%3 == 0 {
						e[k] = math.NaN()
					}
				default:
					e[k] = float64(r.IntN(9)) - 4
				}
			}
			slices.SortFunc(e, func(a, b float64) int {
				switch {
				case less(a, b):
					return -1
				case less(b, a):
					return 1
				}
				return 0
			})
			n := []int{0, 1, 15, 16, 17, 31, 32, 33, 100, 1000}[trial%10]
			v := make([]float64, n)
			for i := range v {
				switch r.IntN(10) {
				case 0:
					v[i] = math.NaN()
				case 1:
					v[i] = e[r.IntN(ne)] // on an edge
				case 2:
					v[i] = math.Copysign(0, float64(r.IntN(2))-0.5)
				case 3:
					v[i] = math.Inf(2*r.IntN(2) - 1)
				default:
					v[i] = r.Float64()*12 - 6
				}
			}
			for _, right := range []bool{false, true} {
				got := make([]int64, n)
				CountEdges(got, v, e, right)
				for i, x := range v {
					want := int64(0)
					for _, b := range e {
						if right && !less(x, b) || !right && less(b, x) {
							want++
						}
					}
					if got[i] != want {
						t.Fatalf("avx2 %v right %v edges %v: value %v at %d of %d counted %d, want %d", avx, right, e, x, i, n, got[i], want)
					}
				}
			}
		}
	})
}
