package array

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestReductionErrors checks that the errors NumPy raises come back as
// Array errors (or Compute errors for data-dependent ones) naming the
// operation and the bad value, and that nothing panics.
func TestReductionErrors(t *testing.T) {
	ctx := context.Background()
	x := FromSlice([]float64{1, 2, 3, 4, 5, 6}, []int{2, 3}, chunk.Regular(1, 2))
	empty := FromDense(chunk.NewDense(chunk.Float64, []int{0, 3}), nil)
	nan := math.NaN()
	allNaN := FromSlice([]float64{nan, 1, nan, 2}, []int{2, 2}, chunk.Regular(1, 1))
	cases := []struct {
		name string
		a    *Array
		want string
	}{
		{"axis out of range", x.Sum(Axis(2)), "sum: axis 2 is out of bounds for array of dimension 2"},
		{"negative axis out of range", x.Var(Axis(-3)), "var: axis -3 is out of bounds"},
		{"duplicate axis", x.Mean(Axis(0, -2)), "mean: duplicate value in axis [0 -2]"},
		{"split_every", x.Std(SplitEvery(1)), "std: split_every 1 must be at least 2"},
		{"split_every per axis", x.Sum(SplitEveryAxes(2)), "split_every has 1 entries for 2 axes"},
		{"ddof", x.Var(Ddof(-1)), "var: ddof -1 must be non-negative"},
		{"zero-size min", empty.Min(Axis(0)), "zero-size array to reduction operation min which has no identity"},
		{"zero-size nanmax", empty.NanMax(), "zero-size array to reduction operation nanmax"},
		{"empty argmin", empty.ArgMin(), "attempt to get argmin of an empty sequence"},
		{"argmax over two of three axes", FromDense(chunk.NewDense(chunk.Int8, []int{2, 2, 2}), nil).ArgMax(Axis(0, 1)), "argmax: axis [0 1] must be a single axis"},
		{"cumsum axis", x.CumProd(-3), "cumprod: axis -3 is out of bounds"},
		{"topk k", x.TopK(4, 1), "topk: k=4 is out of range for an axis of length 3"},
		{"topk axis", x.ArgTopK(1, 2), "argtopk: axis 2 is out of bounds"},
		{"quantile range", x.Quantile([]float64{-0.1}, 0), "quantile: quantiles must be in the range [0, 1]"},
		{"percentile range", x.Percentile([]float64{101}, 0), "percentile: percentiles must be in the range [0, 100]"},
		{"histogram edges", x.HistogramEdges([]float64{1}), "histogram: 1 bin edges"},
		{"nil input", (*Array)(nil).Sum(), "sum: nil *Array"},
		{"reduction dtype", Reduction(x, "test.sumsq", chunk.Invalid), "reduction: invalid dtype"},
	}
	for _, c := range cases {
		err := c.a.Err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Err() = %v, want %q", c.name, err, c.want)
		}
		if _, cerr := c.a.Compute(ctx); cerr == nil {
			t.Errorf("%s: Compute succeeded", c.name)
		}
	}
	// Data-dependent: an all-NaN slice fails at Compute, naming the op.
	if _, err := allNaN.NanArgMax(Axis(0)).Compute(ctx); err == nil || !strings.Contains(err.Error(), "nanargmax: All-NaN slice encountered") {
		t.Errorf("all-NaN nanargmax: %v", err)
	}
	if v, err := ToSlice[int64](ctx, allNaN.NanArgMax(Axis(1))); err != nil || v[0] != 1 || v[1] != 1 {
		t.Errorf("nanargmax by rows = %v, %v", v, err)
	}
	// Errors propagate through chains.
	if err := x.Sum(Axis(5)).Mean().Err(); err == nil || !strings.Contains(err.Error(), "sum: axis 5") {
		t.Errorf("chained: %v", err)
	}
}
