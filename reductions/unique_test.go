package reductions

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestUniqueCounted checks uniqueOf's counting path against sorting, over
// narrow ranges anywhere in int64 and uint64 (at both ends included),
// ranges just below and above the counting limit, and ranges whose
// difference wraps around, which must sort.
func TestUniqueCounted(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for it := range 300 {
		n := r.IntN(3000)
		span := []uint64{0, 1, 255, maxCountedSpan - 1, maxCountedSpan, uint64(n), 1 << 40, math.MaxUint64}[r.IntN(8)]
		var lo int64
		switch r.IntN(3) {
		case 0:
			lo = math.MinInt64
		case 1:
			lo = math.MaxInt64 - int64(min(span, math.MaxInt64))
		default:
			lo = r.Int64N(2000) - 1000
		}
		v := make([]int64, n)
		u := make([]uint64, n)
		for i := range v {
			off := r.Uint64()
			if span < math.MaxUint64 {
				off %= span + 1
			}
			v[i] = lo + int64(off)
			u[i] = uint64(v[i]) - uint64(lo) + uint64(r.IntN(2))*(math.MaxUint64-span) // near 0 or near the top
		}
		checkUnique(t, it, v)
		checkUnique(t, it, u)
	}
}

func checkUnique[T int64 | uint64](t *testing.T, it int, v []T) {
	t.Helper()
	s := slices.Clone(v)
	slices.Sort(s)
	var vals []T
	var counts []int64
	for i, x := range s {
		if i > 0 && x == s[i-1] {
			counts[len(counts)-1]++
			continue
		}
		vals, counts = append(vals, x), append(counts, 1)
	}
	p := uniqueOf(slices.Clone(v), true)
	gv, gc := chunk.Values[T](p.Parts[0]), chunk.Values[int64](p.Parts[1])
	if !slices.Equal(gv, vals) || !slices.Equal(gc, counts) {
		t.Fatalf("%d: unique of %d %T values: %d values %v…, want %d %v…", it, len(v), v, len(gv), gv[:min(len(gv), 5)], len(vals), vals[:min(len(vals), 5)])
	}
}
