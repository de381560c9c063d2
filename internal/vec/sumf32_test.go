package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSumFloat32 checks that SumFloat32 returns the bits of Sum over the
// widened values and of its Go reference, and AddToFloat32 those of the
// plain loop, over lengths around the passes, values of every magnitude
// and specials, with and without the vector loops.
func TestSumFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	eachAVX2(func(avx bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 64, 100, 1023} {
			x := make([]float32, n)
			for i := range x {
				x[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-10)))
				switch r.IntN(40) {
				case 0:
					x[i] = float32(math.NaN())
				case 1:
					x[i] = float32(math.Inf(1 - 2*r.IntN(2)))
				}
			}
			w := make([]float64, n)
			for i, v := range x {
				w[i] = float64(v)
			}
			want := Sum(w)
			if got := SumFloat32(x); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("avx2 %v n %d: SumFloat32 %v, Sum of the widened %v", avx, n, got, want)
			}
			if got := sumF32Go(x); math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("n %d: sumF32Go %v, Sum of the widened %v", n, got, want)
			}
			d, ref := make([]float64, n), make([]float64, n)
			for i := range d {
				d[i] = r.NormFloat64()
				ref[i] = d[i] + float64(x[i])
			}
			AddToFloat32(d, x)
			for i := range d {
				if math.Float64bits(d[i]) != math.Float64bits(ref[i]) && !(math.IsNaN(d[i]) && math.IsNaN(ref[i])) {
					t.Fatalf("avx2 %v n %d: AddToFloat32 [%d] = %v, want %v", avx, n, i, d[i], ref[i])
				}
			}
		}
	})
}
