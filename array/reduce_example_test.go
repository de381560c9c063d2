package array_test

import (
	"context"
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func ExampleArray_Std() {
	ctx := context.Background()
	x := array.FromSlice([]float64{1, 2, 3, 4, 10, 20, 30, 40}, []int{2, 4}, chunk.Regular(1, 2))
	std, _ := array.ToSlice[float64](ctx, x.Std(array.Axis(1)))
	sample, _ := array.ToSlice[float64](ctx, x.Var(array.Axis(1), array.Ddof(1)))
	fmt.Printf("%.4f\n%.4f\n", std, sample)
	// Output:
	// [1.1180 11.1803]
	// [1.6667 166.6667]
}

func ExampleArray_ArgMax() {
	ctx := context.Background()
	x := array.FromSlice([]int32{3, 9, 2, 9, 1, 7}, []int{2, 3}, chunk.Regular(1, 2))
	flat, _ := array.ToSlice[int64](ctx, x.ArgMax())
	cols, _ := array.ToSlice[int64](ctx, x.ArgMax(array.Axis(0)))
	fmt.Println(flat, cols)
	// Output: [1] [1 0 1]
}

func ExampleArray_NanArgMin() {
	ctx := context.Background()
	nan := float64(0)
	nan = nan / nan
	x := array.FromSlice([]float64{nan, 4, 2, nan}, []int{4}, chunk.Regular(2))
	i, _ := array.ToSlice[int64](ctx, x.NanArgMin())
	j, _ := array.ToSlice[int64](ctx, x.ArgMin())
	_, err := array.FromSlice([]float64{nan, nan}, []int{2}, nil).NanArgMin().Compute(ctx)
	fmt.Println(i, j, err != nil)
	// Output: [2] [0] true
}

func ExampleArray_CumSum() {
	ctx := context.Background()
	x := array.Arange(1, 7, 1, chunk.Int32, chunk.Regular(4))
	v, _ := array.ToSlice[int64](ctx, x.CumSum(0))
	fmt.Println(v)
	// Output: [1 3 6 10 15 21]
}

func ExampleArray_TopK() {
	ctx := context.Background()
	x := array.FromSlice([]float64{5, 1, 8, 3, 9, 2}, []int{6}, chunk.Regular(2))
	top, _ := array.ToSlice[float64](ctx, x.TopK(2, 0))
	bottom, _ := array.ToSlice[float64](ctx, x.TopK(-2, 0))
	where, _ := array.ToSlice[int64](ctx, x.ArgTopK(2, 0))
	fmt.Println(top, bottom, where)
	// Output: [9 8] [1 2] [4 2]
}

func ExampleArray_Histogram() {
	ctx := context.Background()
	x := array.FromSlice([]float64{0, 0.5, 1, 1.5, 2, 3, 4}, []int{7}, chunk.Regular(3))
	counts, edges := x.Histogram(4, 0, 4)
	c, _ := array.ToSlice[int64](ctx, counts)
	fmt.Println(c, edges)
	// Output: [2 2 1 2] [0 1 2 3 4]
}

func ExampleArray_Quantile() {
	ctx := context.Background()
	x := array.FromSlice([]float64{1, 2, 3, 4, 10, 20, 30, 40}, []int{2, 4}, chunk.Regular(1, 2))
	q, _ := x.Quantile([]float64{0.5, 1}, 1).Compute(ctx)
	fmt.Println(q.Shape(), chunk.Values[float64](q))
	// Output: [2 2] [2.5 25 4 40]
}

func ExampleArray_Unique() {
	ctx := context.Background()
	x := array.FromSlice([]int64{3, 1, 3, 2, 1, 3}, []int{6}, chunk.Regular(4))
	v, c := x.Unique() // lazy, of unknown length until computed
	out, _ := array.ComputeAll(ctx, []*array.Array{v, c})
	fmt.Println(chunk.Values[int64](out[0]), chunk.Values[int64](out[1]))
	// Output: [1 2 3] [2 1 3]
}

func ExampleReduction() {
	// A user tree reduction: the range (max - min) along an axis. Partials
	// are 2-element buffers (min, max); register once, at init time in
	// real code, so workers running the same binary know it.
	_ = array.RegisterReduction("example.range", array.ReduceFuncs{
		Chunk: func(c *chunk.Dense, axes []int) (any, error) {
			v := chunk.Values[float64](c)
			lo, hi := v[0], v[0]
			for _, x := range v {
				lo, hi = min(lo, x), max(hi, x)
			}
			return chunk.FromSlice([]int{2}, []float64{lo, hi})
		},
		Combine: func(parts []any, axes []int) (any, error) {
			lo, hi := parts[0].(*chunk.Dense).Float(0), parts[0].(*chunk.Dense).Float(1)
			for _, p := range parts[1:] {
				lo, hi = min(lo, p.(*chunk.Dense).Float(0)), max(hi, p.(*chunk.Dense).Float(1))
			}
			return chunk.FromSlice([]int{2}, []float64{lo, hi})
		},
		Aggregate: func(parts []any, axes []int) (*chunk.Dense, error) {
			lo, hi := parts[0].(*chunk.Dense).Float(0), parts[0].(*chunk.Dense).Float(1)
			for _, p := range parts[1:] {
				lo, hi = min(lo, p.(*chunk.Dense).Float(0)), max(hi, p.(*chunk.Dense).Float(1))
			}
			return chunk.FromSlice([]int{1}, []float64{hi - lo})
		},
	})
	x := array.FromSlice([]float64{4, -1, 7, 3, 2}, []int{5}, chunk.Regular(2))
	v, err := array.ToSlice[float64](context.Background(), array.Reduction(x, "example.range", chunk.Float64, array.SplitEvery(2)))
	fmt.Println(v, err)
	// Output: [8] <nil>
}
