package diagnostics_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/zarr"
)

func TestProfilerRecordsEveryTask(t *testing.T) {
	ctx := context.Background()
	x := array.NewRNG(3).Random([]int{600, 400}, chunk.Regular(100, 100))
	y := x.Mul(2).Sum(array.Axis(0))
	want, err := y.NumTasks()
	if err != nil {
		t.Fatal(err)
	}
	p := diagnostics.StartProfiler(20 * time.Millisecond)
	if _, err := y.Compute(ctx, array.WithProfiler(p), array.WithWorkers(3)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	prof := p.Stop()
	if got := len(prof.Events); got != want {
		t.Fatalf("%d events for %d tasks", got, want)
	}
	ops := prof.Operations()
	sum, kernels := 0, map[string]bool{}
	for _, o := range ops {
		sum += o.Tasks
		kernels[o.Kernel] = true
		if o.Time <= 0 {
			t.Errorf("operation %s took %v", o.Kernel, o.Time)
		}
	}
	if sum != want {
		t.Errorf("operations sum to %d tasks, want %d", sum, want)
	}
	if !kernels["reductions.chunkgroup"] || !kernels["reductions.aggregate"] {
		t.Errorf("no reduction chunk or aggregate step among %v", kernels)
	}
	var out int64
	for i, ev := range prof.Events {
		if ev.Kind != scheduler.EventTask || ev.End.Before(ev.Start) || ev.Worker < 0 || ev.Worker >= 3 || ev.Value != nil {
			t.Fatalf("event %d is %+v", i, ev)
		}
		if i > 0 && ev.Start.Before(prof.Events[i-1].Start) {
			t.Fatalf("events out of order at %d", i)
		}
		if ev.Start.Before(prof.Start) || ev.End.After(prof.End) {
			t.Fatalf("event %d outside the profile's span", i)
		}
		out += ev.BytesOut
	}
	// Every chunk step reads a 100×100 float64 chunk it generated itself
	// (fused): the chunk steps' outputs are 1×100 partial sums.
	if out <= 0 {
		t.Errorf("no bytes out recorded")
	}
	if w := prof.Workers(); w < 1 || w > 3 {
		t.Errorf("%d worker lanes with 3 workers", w)
	}
	if len(prof.Samples) < 3 {
		t.Fatalf("%d samples over %v at 20 ms", len(prof.Samples), prof.End.Sub(prof.Start))
	}
	for i, s := range prof.Samples {
		if s.RSS <= 0 || s.Heap <= 0 || s.CPU < 0 {
			t.Fatalf("sample %d is %+v", i, s)
		}
	}
	if again := p.Stop(); again != prof {
		t.Error("a second Stop returned another profile")
	}
}

func TestProfilerCacheHits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.zarr")
	src := array.NewRNG(4).Random([]int{200, 200}, chunk.Regular(50, 50))
	if err := src.ToZarr(ctx, path, zarr.CreateOptions{Format: 2, Chunks: []int{50, 50}}); err != nil {
		t.Fatal(err)
	}
	x, err := array.FromZarr(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := diagnostics.StartProfiler(0)
	for range 3 {
		if _, err := x.Sum().Compute(ctx, array.WithProfiler(p)); err != nil {
			t.Fatal(err)
		}
	}
	c := p.Stop().Cache
	// 16 chunks: read twice (misses; kept from the second read), then
	// found in the cache (hits).
	if c.Misses < 32 || c.Hits < 16 {
		t.Fatalf("cache stats %+v after reading 16 chunks three times", c)
	}
}

// BenchmarkProfilerOff and BenchmarkProfilerOn run the same small-chunk
// sum (many cheap tasks, where per-task cost shows most) without and
// with a profiler: off must cost nothing beyond a nil check.
func BenchmarkProfilerOff(b *testing.B) { benchProfiler(b, false) }
func BenchmarkProfilerOn(b *testing.B)  { benchProfiler(b, true) }

func benchProfiler(b *testing.B, on bool) {
	ctx := context.Background()
	x := array.NewRNG(5).Random([]int{1000, 1000}, chunk.Regular(50, 50)).Add(1).Sum()
	for b.Loop() {
		var opts []array.Option
		var p *diagnostics.Profiler
		if on {
			p = diagnostics.StartProfiler(0)
			opts = append(opts, array.WithProfiler(p))
		}
		if _, err := x.Compute(ctx, opts...); err != nil {
			b.Fatal(err)
		}
		if p != nil {
			p.Stop()
		}
	}
}

// TestProfilerRecordsSpills profiles reductions under a memory budget
// small enough that the executor spills their partials: the spill and
// load events match the executor's counts, carry their bytes, and the
// last sample holds the bytes spilled.
func TestProfilerRecordsSpills(t *testing.T) {
	ctx := context.Background()
	x := array.NewRNG(5).Normal(3, 2, []int{64, 48}, chunk.Regular(8, 8))
	ys := []*array.Array{x.Std(array.Axis(0), array.SplitEvery(2)), x.NanMean(array.Axis(1)),
		x.ArgMax(array.Axis(0), array.SplitEvery(3)), x.TopK(3, 0, array.SplitEvery(2))}
	ex := &scheduler.Local{Workers: 2, MemoryLimit: 2048}
	p := diagnostics.StartProfiler(10 * time.Millisecond)
	if _, err := array.ComputeAll(ctx, ys, array.WithExecutor(ex), array.WithProfiler(p)); err != nil {
		t.Fatal(err)
	}
	prof := p.Stop()
	st := ex.LastStats()
	var spills, loads int
	var spilled int64
	for i, ev := range prof.Events {
		if ev.Kind == scheduler.EventTask {
			continue
		}
		if ev.Worker != -1 || ev.BytesOut <= 0 || ev.End.Before(ev.Start) || ev.Kernel != "" {
			t.Fatalf("event %d is %+v", i, ev)
		}
		if ev.Kind == scheduler.EventSpill {
			spills++
			spilled += ev.BytesOut
		} else {
			loads++
		}
	}
	if spills == 0 || loads == 0 || spills != st.Spills || loads != st.Loads {
		t.Errorf("%d spill and %d load events; the executor counted %d and %d (%+v)", spills, loads, st.Spills, st.Loads, st)
	}
	if last := prof.Samples[len(prof.Samples)-1]; last.Spilled != spilled {
		t.Errorf("the last sample says %d bytes spilled, the events %d", last.Spilled, spilled)
	}
}
