package reductions

import (
	"math"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// BenchmarkTopLanesShort is a chunk's step of the top 3 along a short
// last axis (20 000 lanes of 60, the survey's tall-topk3-1).
func BenchmarkTopLanesShort(b *testing.B) {
	n, lanes := 60, 20000
	vs := make([]float64, n*lanes)
	for i := range vs {
		x := float64(i) * 0.6180339887498949
		vs[i] = x - math.Floor(x)
	}
	d, err := chunk.FromSlice([]int{lanes, n}, vs)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(8 * len(vs)))
	for b.Loop() {
		topLanes([]*chunk.Dense{d}, nil, []int64{0}, 1, 3)
	}
}
