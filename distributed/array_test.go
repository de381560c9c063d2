package distributed

import (
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
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
	N := array.None
	strided := x.Index(array.S(N, N, -1), array.S(3, N, 2)) // read through windows with steps
	for _, a := range []*array.Array{y, y.Sum(array.Axis(0)), y.Mean(), x.Add(1),
		strided.Sum(array.Axis(0)), strided.Index(array.S(1, N, 1)).Sub(x.Index(array.S(1, N, 1), array.S(N, -3, 2))).CumSum(1)} {
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

func TestArrayPersistAndZarr(t *testing.T) {
	lc := cluster(t, Options{Workers: 2, NThreads: 1})
	c := lc.Client()
	ctx := testCtx(t, 60*time.Second)
	x := array.NewRNG(3).Normal(0, 1, []int{256, 300}, chunk.Regular(64, 100))
	y := x.Mul(2).Add(1)
	p, err := y.Persist(ctx, array.WithExecutor(c))
	if err != nil {
		t.Fatal(err)
	}
	// The persisted chunks stay on the workers: a second computation
	// starts from them (the reference persists locally, so that both
	// sum the same chunks the same way).
	local, err := y.Persist(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := local.Sum(array.Axis(1)).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Sum(array.Axis(1)).Compute(ctx, array.WithExecutor(c))
	if err != nil {
		t.Fatal(err)
	}
	if !equalDense(got, want) {
		t.Fatal("sum of the persisted array differs")
	}
	if _, err := p.Compute(ctx); err == nil {
		t.Fatal("computing chunks persisted on the cluster locally did not fail")
	}
	// Zarr written by the workers, read back locally.
	dir := t.TempDir() + "/y.zarr"
	if err := p.ToZarr(ctx, dir, zarr.CreateOptions{}, array.WithExecutor(c)); err != nil {
		t.Fatal(err)
	}
	back, err := array.FromZarr(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	gotAll, err := back.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantAll, err := y.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !equalDense(gotAll, wantAll) {
		t.Fatal("the Zarr array the workers wrote differs")
	}
}

// TestStoreReadOnWorkerProcesses reads a Zarr array and a .npy file
// (in chunks of its own) in worker processes, which reopen them from
// the arrays' sources.
func TestStoreReadOnWorkerProcesses(t *testing.T) {
	ctx := testCtx(t, 60*time.Second)
	dir := t.TempDir()
	x := array.NewRNG(5).Random([]int{200, 120}, chunk.Regular(50, 60))
	if err := x.ToZarr(ctx, dir+"/x.zarr", zarr.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := x.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := npy.WriteFile(dir+"/x.npy", d); err != nil {
		t.Fatal(err)
	}
	lc := cluster(t, Options{Workers: 2, NThreads: 1, Processes: true})
	z, err := array.FromZarr(ctx, dir+"/x.zarr", nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := array.FromNPY(dir+"/x.npy", chunk.Regular(30, 70))
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*array.Array{"zarr": z, "npy": f} {
		m := a.Mean(array.Axis(0))
		want, err := m.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.Compute(ctx, array.WithExecutor(lc.Client()))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !equalDense(got, want) {
			t.Fatalf("mean of the %s array differs on worker processes", name)
		}
	}
}
