package array_test

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func ExampleArray_Take() {
	x := array.Arange(0, 10, 1, chunk.Int64, chunk.Regular(4))
	y := x.Take([]int{7, -1, 2, 2}, 0)
	v, err := array.ToSlice[int64](context.Background(), y)
	fmt.Println(v, err)
	// Output: [7 9 2 2] <nil>
}

func ExampleArray_Mask() {
	ctx := context.Background()
	x := array.Arange(0, 10, 1, chunk.Float64, chunk.Regular(4))
	y := x.Mask(x.Mod(3).Eq(0)) // x[x % 3 == 0]
	fmt.Println(y.KnownChunks(), y.Shape())
	v, _ := array.ToSlice[float64](ctx, y)
	fmt.Println(v)
	_, err := y.Reshape(2, 2).Compute(ctx)
	fmt.Println(err)
	z, _ := y.ComputeChunkSizes(ctx)
	fmt.Println(z.Shape(), z.Chunks())
	// Output:
	// false [-1]
	// [0 3 6 9]
	// array: reshape: chunk sizes are unknown; call ComputeChunkSizes
	// [4] [[2 1 1]]
}

func ExampleArray_Reshape() {
	x := array.Arange(0, 12, 1, chunk.Int64, chunk.Regular(6))
	y := x.Reshape(3, -1)
	v, _ := array.ToSlice[int64](context.Background(), y)
	fmt.Println(y.Shape(), y.Chunks(), v)
	fmt.Println(x.Reshape(5).Err())
	// Output:
	// [3 4] [[2 1] [4]] [0 1 2 3 4 5 6 7 8 9 10 11]
	// array: reshape: cannot reshape array of size 12 into shape (5,)
}

func ExampleConcatenate() {
	a := array.FromSlice([]int32{1, 2, 3, 4}, []int{2, 2}, nil)
	b := array.FromSlice([]float64{5, 6}, []int{1, 2}, nil)
	c := array.Concatenate([]*array.Array{a, b}, 0)
	d, _ := c.Compute(context.Background())
	fmt.Println(c.DType(), d.Shape(), d.Data())
	// Output: float64 [3 2] [1 2 3 4 5 6]
}

func ExampleBlock() {
	a := array.Ones([]int{2, 2}, chunk.Int64, nil)
	b := array.Zeros([]int{2, 1}, chunk.Int64, nil)
	c := array.Full([]int{1, 3}, 7, chunk.Int64, nil)
	y := array.Block(array.BlockList(
		array.BlockList(array.BlockLeaf(a), array.BlockLeaf(b)),
		array.BlockList(array.BlockLeaf(c)),
	))
	v, _ := array.ToSlice[int64](context.Background(), y)
	fmt.Println(y.Shape(), v)
	// Output: [3 3] [1 1 0 1 1 0 7 7 7]
}

func ExampleArray_Pad() {
	x := array.FromSlice([]int64{1, 2, 3}, []int{3}, nil)
	for _, m := range []array.PadMode{array.PadConstant, array.PadEdge, array.PadReflect, array.PadSymmetric, array.PadWrap} {
		v, _ := array.ToSlice[int64](context.Background(), x.Pad([][2]int{{2, 2}}, m, 0))
		fmt.Println(m, v)
	}
	// Output:
	// constant [0 0 1 2 3 0 0]
	// edge [1 1 1 2 3 3 3]
	// reflect [3 2 1 2 3 2 1]
	// symmetric [2 1 1 2 3 3 2]
	// wrap [2 3 1 2 3 1 2]
}

func ExampleArray_Roll() {
	ctx := context.Background()
	x := array.Arange(0, 6, 1, chunk.Int64, chunk.Regular(4)).Reshape(2, 3)
	a, _ := array.ToSlice[int64](ctx, x.Roll(1))
	b, _ := array.ToSlice[int64](ctx, x.Roll(-1, 1))
	c, _ := array.ToSlice[int64](ctx, x.Flip(0))
	d, _ := array.ToSlice[int64](ctx, x.Repeat(2, 0))
	e, _ := array.ToSlice[int64](ctx, x.Tile(1, 2))
	fmt.Println(a, b, c)
	fmt.Println(d, e)
	// Output:
	// [5 0 1 2 3 4] [1 2 0 4 5 3] [3 4 5 0 1 2]
	// [0 1 2 0 1 2 3 4 5 3 4 5] [0 1 2 0 1 2 3 4 5 3 4 5]
}

func ExampleStack() {
	a := array.Arange(0, 3, 1, chunk.Int64, nil)
	b := array.Arange(3, 6, 1, chunk.Int64, nil)
	s := array.Stack([]*array.Array{a, b}, 1)
	v, _ := array.ToSlice[int64](context.Background(), s)
	fmt.Println(s.Shape(), v)
	fmt.Println(s.ExpandDims(0).Shape(), s.MoveAxis(1, 0).Shape(), s.SwapAxes(0, 1).Ravel().Shape())
	// Output:
	// [3 2] [0 3 1 4 2 5]
	// [1 3 2] [2 3] [6]
}
