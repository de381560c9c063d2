package distributed

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/report"
	"github.com/chunkwise/chunkwise/scheduler"
)

// TestProfilerOnCluster profiles an array computation run on worker
// processes: one task event per unit, naming the worker that ran it,
// progress reaching its total, and a report with a lane per worker.
func TestProfilerOnCluster(t *testing.T) {
	ctx := testCtx(t, 60*time.Second)
	lc := cluster(t, Options{Workers: 2, NThreads: 1, Processes: true})
	c := lc.Client()
	x := array.NewRNG(5).Random([]int{300, 200}, chunk.Regular(50, 50))
	y := x.Mul(2).Add(1).Sum(array.Axis(0))
	want, err := y.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}

	p := diagnostics.StartProfiler(20 * time.Millisecond)
	var mu sync.Mutex
	var progress []scheduler.Progress
	obs := c.Observe(func(pr scheduler.Progress) {
		mu.Lock()
		progress = append(progress, pr)
		mu.Unlock()
	}, p.Trace)
	got, err := y.Compute(ctx, array.WithExecutor(obs))
	if err != nil {
		t.Fatal(err)
	}
	prof := p.Stop()
	if !slices.Equal(chunk.Values[float64](got), chunk.Values[float64](want)) {
		t.Fatal("the cluster's result differs from the local one")
	}
	names := map[string]bool{}
	for _, w := range c.Workers() {
		names[w.Name] = true
	}
	keys := map[string]bool{}
	kernels := map[string]bool{}
	for i, ev := range prof.Events {
		if ev.Kind != scheduler.EventTask || ev.Kernel == "" || !names[ev.WorkerName] || ev.Worker < 0 || ev.Worker > 1 ||
			ev.End.Before(ev.Start) || ev.BytesOut <= 0 || ev.Value != nil {
			t.Fatalf("event %d is %+v", i, ev)
		}
		if keys[ev.Key.String()] {
			t.Fatalf("key %v traced twice", ev.Key)
		}
		keys[ev.Key.String()] = true
		kernels[ev.Kernel] = true
	}
	if len(prof.Events) == 0 || !kernels["reductions.aggregate"] {
		t.Fatalf("%d events, kernels %v", len(prof.Events), kernels)
	}
	mu.Lock()
	last := progress[len(progress)-1]
	mu.Unlock()
	if last.Done != last.Total || last.Total != len(prof.Events) {
		t.Errorf("progress ended at %+v for %d task events", last, len(prof.Events))
	}
	var b bytes.Buffer
	if err := report.WriteHTML(ctx, &b, prof, y); err != nil {
		t.Fatal(err)
	}
	for n := range names {
		if !strings.Contains(b.String(), n[:9]) {
			t.Errorf("the report has no lane for worker %s", n)
		}
	}

	// The same through array's options.
	p2 := diagnostics.StartProfiler(0)
	if _, err := y.Compute(ctx, array.WithExecutor(c), array.WithProfiler(p2)); err != nil {
		t.Fatal(err)
	}
	if n := len(p2.Stop().Events); n != len(prof.Events) {
		t.Errorf("array.WithProfiler with WithExecutor recorded %d events, want %d", n, len(prof.Events))
	}

	// Unobserved runs ask for no traces.
	c.mu.Lock()
	tracing := c.tracing()
	c.mu.Unlock()
	if tracing {
		t.Error("the client still asks for traces after the observed run")
	}
}

// TestObservedCancel checks that an observed run that is cancelled
// returns, with its observer gone.
func TestObservedCancel(t *testing.T) {
	lc := cluster(t, Options{Workers: 1, NThreads: 1})
	c := lc.Client()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := array.NewRNG(1).Random([]int{100}, chunk.Regular(10))
	if _, err := x.Sum().Compute(ctx, array.WithExecutor(c.Observe(func(scheduler.Progress) {}, func(scheduler.Event) {}))); err == nil {
		t.Fatal("a cancelled run succeeded")
	}
	c.mu.Lock()
	n := len(c.ev.observers)
	c.mu.Unlock()
	if n != 0 {
		t.Errorf("%d observers left", n)
	}
}
