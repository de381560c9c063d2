package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestElemsFloat32 compares MaxElems, MinElems, NaNMaxElems and
// NaNMinElems on float32 with the scalar rules (pick; NaN-skipping:
// nanExtremeGo of the pair), bit for bit (any NaN for a NaN), over
// lengths around the sixteen-element pass, with ±0, ±Inf and NaN, in
// place too, with the vector loops on and off.
func TestElemsFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	vals := []float32{0, float32(math.Copysign(0, -1)), 1, -1, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 2.5}
	same := func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) || x != x && y != y }
	paths(t, func(avx bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 100, 1024} {
			a, b := make([]float32, n+1), make([]float32, n+2)
			for i := range a {
				a[i] = vals[r.IntN(len(vals))]
			}
			for i := range b {
				b[i] = vals[r.IntN(len(vals))]
			}
			for _, skipNaN := range []bool{false, true} {
				for _, greatest := range []bool{false, true} {
					d := make([]float32, n)
					c := append([]float32(nil), a[:n]...)
					f := map[[2]bool]func(d, a, b []float32){
						{false, false}: MinElems[float32], {false, true}: MaxElems[float32],
						{true, false}: NaNMinElems[float32], {true, true}: NaNMaxElems[float32]}[[2]bool{skipNaN, greatest}]
					f(d, a, b)
					f(c, c, b)
					for i := range d {
						want := pick(a[i], b[i], greatest)
						if skipNaN {
							want = nanExtremeGo([]float32{a[i], b[i]}, greatest)
							if a[i] != a[i] && b[i] != b[i] {
								want = a[i]
							}
						}
						if !same(d[i], want) || !same(c[i], want) {
							t.Fatalf("avx2=%v n=%d skipNaN=%v max=%v: (%v, %v) gave %v (in place %v), want %v", avx, n, skipNaN, greatest, a[i], b[i], d[i], c[i], want)
						}
					}
				}
			}
		}
	})
}
