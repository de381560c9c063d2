package array

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/reductions"
)

// TestReduceStackedAgainstTree checks sums, means, maxima, minima,
// variances and standard deviations, and their NaN-skipping variants,
// over the axis of a Stack (2 to 6
// arrays, and 70, more than reduceStacked combines) against the same
// reduction of the stack persisted, which the reduction tree computes:
// random shapes (zero-length too), stacking axes, chunkings, float64 and
// float32 with NaN, ±Inf and signed zeros, ddof, keepdims, and a second
// reduced axis. It also checks that the eligible cases are rewritten.
func TestReduceStackedAgainstTree(t *testing.T) {
	r := rand.New(rand.NewSource(83))
	ctx := context.Background()
	ops := []string{"sum", "mean", "max", "min", "var", "std", "nansum", "nanmean", "nanmax", "nanmin", "nanvar", "nanstd"}
	moreAxes := map[string]bool{"sum": true, "mean": true, "max": true, "min": true, "nansum": true, "nanmax": true, "nanmin": true}
	rewritten := 0
	for it := range 300 {
		nd := 1 + r.Intn(3)
		shape := make([]int, nd)
		for a := range shape {
			shape[a] = r.Intn(7)
		}
		k := 2 + r.Intn(5)
		if it%40 == 0 {
			k = 70
		}
		dt := []chunk.DType{chunk.Float64, chunk.Float32}[r.Intn(2)]
		spec := randSpec(r, shape)
		xs := make([]*Array, k)
		for i := range xs {
			xs[i] = FromDense(randDense(r, dt, shape), spec)
		}
		cat := r.Intn(nd + 1)
		stacked := Stack(xs, cat)
		op := ops[r.Intn(len(ops))]
		axes := []int{cat}
		if r.Intn(3) == 0 && moreAxes[op] {
			axes = append(axes, (cat+1+r.Intn(nd))%(nd+1))
			slices.Sort(axes)
			axes = slices.Compact(axes)
		}
		opts := []ReduceOption{Axis(axes...), Ddof(r.Intn(3))}
		if r.Intn(2) == 0 {
			opts = append(opts, KeepDims())
		}
		name := fmt.Sprintf("%d: %s over %v of %d %v arrays of shape %v stacked at %d", it, op, axes, k, dt, shape, cat)
		var c reduceConfig
		for _, o := range opts {
			o(&c)
		}
		l, ok := stacked.layer.(*gatherLayer)
		if !ok {
			t.Fatalf("%s: the stack is a %T", name, stacked.layer)
		}
		rop := map[string]reductions.Op{"sum": reductions.Sum, "mean": reductions.Mean, "max": reductions.Max,
			"min": reductions.Min, "var": reductions.Var, "std": reductions.Std, "nansum": reductions.NanSum,
			"nanmean": reductions.NanMean, "nanmax": reductions.NanMax, "nanmin": reductions.NanMin,
			"nanvar": reductions.NanVar, "nanstd": reductions.NanStd}[op]
		if reduceStacked(l, rop, c, axes) != nil {
			rewritten++
		} else if k <= maxStacked && (moreAxes[op] || len(axes) == 1 && (op == "nanmean" || k-c.ddof > 0)) {
			t.Fatalf("%s: not rewritten", name)
		}
		got, gerr := redApply(stacked, op, opts...).Compute(ctx)
		held, err := stacked.Persist(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := redApply(held, op, opts...).Compute(ctx)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%s: error %v, the tree's %v", name, gerr, werr)
		}
		if gerr != nil {
			continue
		}
		if got.DType() != want.DType() || !chunk.EqualShapes(got.Shape(), want.Shape()) {
			t.Fatalf("%s: %v %v, the tree's %v %v", name, got.DType(), got.Shape(), want.DType(), want.Shape())
		}
		for i := range want.Len() {
			if g, w := got.Float(i), want.Float(i); !redClose(g, w, dt) {
				t.Fatalf("%s: element %d = %v, the tree's %v", name, i, g, w)
			}
		}
	}
	if rewritten < 150 {
		t.Errorf("only %d cases rewritten", rewritten)
	}
}
