package array_test

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func ExampleFromSlice() {
	ctx := context.Background()
	x := array.FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3}, chunk.Regular(1, 2))
	s, err := array.ToSlice[float64](ctx, x.Sum())
	fmt.Println(x.Shape(), x.Chunks(), s, err)
	// Output: [2 3] [[1 1] [2 1]] [21] <nil>
}

func ExampleArray_Add() {
	ctx := context.Background()
	x := array.Arange(0, 6, 1, chunk.Float64, chunk.Regular(4))
	// One fused pass per chunk: no intermediate array is built.
	y := x.Add(1).Mul(2).Sub(x.Mul(x))
	v, _ := array.ToSlice[float64](ctx, y)
	fmt.Println(v)
	s, _ := array.ToSlice[float64](ctx, y.Sum())
	fmt.Println(s)
	// Output:
	// [2 3 2 -1 -6 -13]
	// [-13]
}

func ExampleArray_Index() {
	ctx := context.Background()
	m := array.Arange(0, 12, 1, chunk.Int64, chunk.Regular(5)).
		Rechunk(chunk.Regular(4)).Index(array.S(array.None, array.None, -2))
	v, _ := array.ToSlice[int64](ctx, m)
	fmt.Println(v)
	x := array.FromSlice([]int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, []int{3, 4}, chunk.Regular(2, 3))
	r := x.Index(array.At(-1), array.NewAxis(), array.S(1, array.None, 2))
	d, _ := r.Compute(ctx)
	fmt.Println(d.Shape(), d.Data())
	// Output:
	// [11 9 7 5 3 1]
	// [1 2] [9 11]
}

func ExampleArray_Mean() {
	ctx := context.Background()
	x := array.FromSlice([]int32{1, 2, 3, 4, 5, 6}, []int{2, 3}, chunk.Regular(1, 2))
	rows, _ := x.Mean(array.Axis(1)).Compute(ctx)
	cols, _ := x.Mean(array.Axis(0), array.KeepDims()).Compute(ctx)
	fmt.Println(rows.DType(), rows.Shape(), rows.Data())
	fmt.Println(cols.Shape(), cols.Data())
	// Output:
	// float64 [2] [2 5]
	// [1 3] [2.5 3.5 4.5]
}

func ExampleRNG() {
	ctx := context.Background()
	// The same seed gives the same values whatever the chunking.
	a := array.NewRNG(42).Integers(0, 100, []int{8}, chunk.Regular(3))
	b := array.NewRNG(42).Integers(0, 100, []int{8}, chunk.Regular(8))
	va, _ := array.ToSlice[int64](ctx, a)
	vb, _ := array.ToSlice[int64](ctx, b)
	fmt.Println(fmt.Sprint(va) == fmt.Sprint(vb), len(va))
	// Output: true 8
}
