package array_test

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func ExampleArray_Rechunk() {
	x := array.Arange(0, 24, 1, chunk.Float64, chunk.Regular(4)).Reshape(4, 6)
	y := x.Rechunk(chunk.Spec{chunk.Whole(), chunk.Size(2)}) // rows → column pairs
	fmt.Println(y.Chunks())
	s, _ := y.Sum().Compute(context.Background())
	fmt.Println(s.Float(0))
	// Output:
	// [[4] [2 2 2]]
	// 276
}

func ExampleMapOverlap() {
	// A 3-point moving sum over chunks of 3, with the array repeated
	// periodically at its ends.
	x := array.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7}, []int{7}, chunk.Regular(3))
	sum3 := func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		v := chunk.Values[float64](in[0])
		out := make([]float64, len(v))
		for i := 1; i < len(v)-1; i++ {
			out[i] = v[i-1] + v[i] + v[i+1]
		}
		return chunk.FromSlice(in[0].Shape(), out)
	}
	y := array.MapOverlap(sum3, chunk.Float64, []int{1}, []array.Boundary{array.BoundaryPeriodic()}, x)
	v, _ := array.ToSlice[float64](context.Background(), y)
	fmt.Println(v)
	// Output:
	// [10 6 9 12 15 18 14]
}
