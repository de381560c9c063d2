package vec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPartitionLess checks PartitionLess on each path this CPU has over
// lengths around the passes, values with repeats and NaNs, and pivots
// below, inside and above them: the count is that of the elements less
// than the pivot, those are in front, the rest behind, and nothing is
// lost or changed.
func TestPartitionLess(t *testing.T) {
	saved := useCompress
	defer func() { useCompress = saved }()
	r := rand.New(rand.NewPCG(3, 5))
	for _, vector := range []bool{false, true} {
		if vector && !saved {
			continue
		}
		useCompress = vector
		for _, n := range []int{0, 1, 7, 15, 16, 17, 23, 24, 31, 64, 65, 100, 1000, 4099} {
			for _, pivot := range []float64{-1, 0, 3, 5.5, 9, 20, math.NaN()} {
				v := make([]float64, n)
				for i := range v {
					v[i] = float64(r.IntN(10))
					if r.IntN(20) == 0 {
						v[i] = math.NaN()
					}
				}
				want := 0
				for _, x := range v {
					if x < pivot {
						want++
					}
				}
				got := slices.Clone(v)
				l := PartitionLess(got, pivot, make([]float64, n+8))
				if l != want {
					t.Fatalf("vector %v n %d pivot %v: %d less, want %d", vector, n, pivot, l, want)
				}
				for i, x := range got {
					if (i < l) != (x < pivot) {
						t.Fatalf("vector %v n %d pivot %v: %v at %d of %d lesser", vector, n, pivot, x, i, l)
					}
				}
				if !sameMultiset(got, v) {
					t.Fatalf("vector %v n %d pivot %v: values lost or changed", vector, n, pivot)
				}
			}
		}
	}
}

func sameMultiset(a, b []float64) bool {
	key := func(v []float64) []uint64 {
		k := make([]uint64, len(v))
		for i, x := range v {
			k[i] = math.Float64bits(x)
		}
		slices.Sort(k)
		return k
	}
	return slices.Equal(key(a), key(b))
}
