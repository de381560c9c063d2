package reductions

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectAt checks the multi-quickselect against a sort, over random
// lengths (to 3000: sampled pivots), few or many distinct values (runs of equal values), sorted and
// reversed inputs, and random sets of wanted positions.
func TestSelectAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	for it := range 3000 {
		n := 1 + rng.IntN(300)
		if it%10 == 0 { // long enough for pivotNear's sample
			n = 1 + rng.IntN(3000)
		}
		v := make([]float64, n)
		distinct := 1 + rng.IntN(n+1)
		for i := range v {
			v[i] = float64(rng.IntN(distinct)) - float64(distinct)/2
		}
		switch it % 5 {
		case 0:
			slices.Sort(v)
		case 1:
			slices.Sort(v)
			slices.Reverse(v)
		}
		want := slices.Clone(v)
		slices.Sort(want)
		var ks []int
		for range 1 + rng.IntN(6) {
			ks = append(ks, rng.IntN(n))
		}
		slices.Sort(ks)
		ks = slices.Compact(ks)
		got := slices.Clone(v)
		selectAt(got, 0, n, ks, 0, make([]float64, n+8))
		for _, k := range ks {
			if got[k] != want[k] {
				t.Fatalf("n=%d distinct=%d ks=%v: v[%d] = %v, sorted %v", n, distinct, ks, k, got[k], want[k])
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d: selectAt lost or changed values", n)
		}
	}
}
