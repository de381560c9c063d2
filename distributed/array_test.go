package distributed

import (
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
)

// equalDense reports whether a and b have the same dtype, shape and bytes.
func equalDense(a, b *chunk.Dense) bool {
	return a.DType() == b.DType() && chunk.EqualShapes(a.Shape(), b.Shape()) && string(a.Bytes()) == string(b.Bytes())
}

func TestArrayCompute(t *testing.T) {
	lc := cluster(t, Options{Workers: 2, NThreads: 2})
	ctx := testCtx(t, 60*time.Second)
	x := array.NewRNG(7).Random([]int{300, 200}, chunk.Regular(70, 90))
	y := x.Mul(x).Add(x.Sqrt())
	for _, a := range []*array.Array{y, y.Sum(array.Axis(0)), y.Mean(), x.Add(1)} {
		want, err := a.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.Compute(ctx, array.WithExecutor(lc.Client()))
		if err != nil {
			t.Fatal(err)
		}
		if !equalDense(got, want) {
			t.Fatalf("%s differs on the cluster", a.Name())
		}
	}
}

var square = delayed.Func1("distributed_test.square", func(x float64) float64 { return x * x })

func TestDelayedRun(t *testing.T) {
	lc := cluster(t, Options{Workers: 2})
	ctx := testCtx(t, 30*time.Second)
	var parts []*delayed.Value[float64]
	for i := range 20 {
		parts = append(parts, square(delayed.Lit(float64(i))))
	}
	total := delayed.Call("distributed_test.total", func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s
	}, parts)
	got, err := total.Compute(ctx, delayed.WithExecutor(lc.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if got != 2470.0 {
		t.Fatalf("sum of squares = %v, want 2470", got)
	}
}
