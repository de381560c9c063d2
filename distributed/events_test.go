package distributed

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/report"
	"github.com/chunkwise/chunkwise/internal/browsertest"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestProfilerOnCluster profiles an array computation run on worker
// processes: one task event per unit, naming the worker that ran it,
// progress reaching its total, and a report with a lane per worker and
// each worker's memory and CPU; a store's written bytes reach observers.
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
	ran := map[string]bool{} // the workers that ran tasks: how the scheduler spreads 24 tasks over two varies with load
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
		ran[ev.WorkerName] = true
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
	for n := range ran {
		if !strings.Contains(b.String(), n[:9]) {
			t.Errorf("the report has no lane for worker %s, which ran tasks", n)
		}
	}

	// The same through array's options, which also samples the workers.
	p2 := diagnostics.StartProfiler(0)
	if _, err := y.Compute(ctx, array.WithExecutor(c), array.WithProfiler(p2)); err != nil {
		t.Fatal(err)
	}
	prof2 := p2.Stop()
	if n := len(prof2.Events); n != len(prof.Events) {
		t.Errorf("array.WithProfiler with WithExecutor recorded %d events, want %d", n, len(prof.Events))
	}
	if len(prof2.WorkerSamples) != len(names) {
		t.Fatalf("samples of %d workers, want %d", len(prof2.WorkerSamples), len(names))
	}
	for name, ss := range prof2.WorkerSamples {
		if !names[name] || len(ss) < 2 {
			t.Fatalf("worker %q has %d samples", name, len(ss))
		}
		for i, s := range ss {
			if s.RSS <= 0 || s.Heap <= 0 || s.CPU < 0 || s.Time.Before(prof2.Start.Add(-time.Second)) ||
				s.Time.After(prof2.End.Add(time.Second)) || i > 0 && s.Time.Before(ss[i-1].Time) {
				t.Fatalf("worker %s sample %d is %+v (profile %v to %v)", name, i, s, prof2.Start, prof2.End)
			}
		}
	}
	b.Reset()
	if err := report.WriteHTML(ctx, &b, prof2, y); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pg := browsertest.Open(t, "file://"+path, 30*time.Second)
	// This process's charts and a memory and CPU chart per worker, with
	// RSS, heap, held and spilled lines, every one drawn with a real size.
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("svg.chart").length`); n != 2+2*len(names) {
		t.Errorf("%d charts for %d workers", n, len(names))
	}
	for i := range len(names) {
		id := "#memory-chart-w" + strconv.Itoa(i)
		if n := browsertest.Eval[int](pg, `document.querySelectorAll("`+id+` polyline.series").length`); n != 4 {
			t.Errorf("%s has %d lines", id, n)
		}
		if w := browsertest.Eval[float64](pg, `document.querySelector("#cpu-chart-w`+strconv.Itoa(i)+`").getBoundingClientRect().width`); w < 100 {
			t.Errorf("worker %d's CPU chart is %g px wide", i, w)
		}
	}
	for name := range names {
		if !browsertest.Eval[bool](pg, `[...document.querySelectorAll("p.note")].some(p => p.textContent == "worker `+name+`")`) {
			t.Errorf("no charts titled worker %s", name)
		}
	}
	pg.Screenshot(t, "cluster-report")
	if errs := pg.Errors(); len(errs) > 0 {
		t.Errorf("the report logged errors: %v", errs)
	}

	// A store written by the workers tells an observer (a progress bar)
	// the bytes each write task wrote.
	var written atomic.Int64
	obsW := c.Observe(nil, func(ev scheduler.Event) {
		if w, ok := ev.Value.(interface{ WrittenBytes() int64 }); ok {
			written.Add(w.WrittenBytes())
		}
	})
	if err := x.ToZarr(ctx, filepath.Join(t.TempDir(), "x.zarr"), zarr.CreateOptions{Format: 2}, array.WithExecutor(obsW)); err != nil {
		t.Fatal(err)
	}
	if n := written.Load(); n != 300*200*8 {
		t.Errorf("the workers reported %d bytes written, want %d", n, 300*200*8)
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
