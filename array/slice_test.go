package array

import (
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestContiguous checks contiguous (which selections getitem returns as
// views) against listing the selected positions.
func TestContiguous(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 15))
	for range 5000 {
		nd := 1 + rng.IntN(4)
		shape, first, step, count := make([]int, nd), make([]int, nd), make([]int, nd), make([]int, nd)
		for a := range shape {
			shape[a] = 1 + rng.IntN(4)
			step[a] = []int{1, 1, 1, 2, -1}[rng.IntN(5)]
			count[a] = 1 + rng.IntN(shape[a])
			span := (count[a] - 1) * max(step[a], -step[a]) // from the first to the last position
			if span >= shape[a] {
				count[a], span = 1, 0
			}
			first[a] = rng.IntN(shape[a] - span)
			if step[a] < 0 {
				first[a] += span
			}
		}
		st := chunk.Strides(shape)
		var pos []int
		chunk.EachIndex(count, func(i []int) {
			p := 0
			for a := range i {
				p += (first[a] + i[a]*step[a]) * st[a]
			}
			pos = append(pos, p)
		})
		want := true
		for k := 1; k < len(pos); k++ {
			want = want && pos[k] == pos[k-1]+1
		}
		lo, ok := contiguous(shape, first, step, count)
		if ok != want || ok && lo != pos[0] {
			t.Fatalf("shape %v first %v step %v count %v: contiguous = %d, %v; positions %v", shape, first, step, count, lo, ok, pos)
		}
	}
}
