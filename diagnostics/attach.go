package diagnostics

import (
	"context"
	"time"

	"github.com/chunkwise/chunkwise/scheduler"
)

// Executor returns e watched by bar and p, either of which may be nil:
// its runs draw on bar, record into p, and finish bar when they end, so
// a run that fails before its last task leaves no half-drawn bar behind.
// e must be scheduler.Observable (the local executor and the
// distributed client are); any other executor is returned as it is,
// drawing and recording nothing. When e is also a WorkerWatcher (the
// distributed client), p records its workers' samples while each run
// lasts. An executor that can also Persist (array.RemotePersister)
// keeps that method.
func Executor(e scheduler.Executor, bar *ProgressBar, p *Profiler) scheduler.Executor {
	o, ok := e.(scheduler.Observable)
	if !ok || bar == nil && p == nil {
		return e
	}
	var progress func(scheduler.Progress)
	var trace func(scheduler.Event)
	if bar != nil {
		progress, trace = bar.Progress, bar.Trace
	}
	if p != nil {
		if trace == nil {
			trace = p.Trace
		} else {
			trace = func(ev scheduler.Event) { bar.Trace(ev); p.Trace(ev) }
		}
	}
	ww, _ := e.(WorkerWatcher)
	h := hooked{e: o.Observe(progress, trace), start: func() func() {
		var stop func()
		if p != nil && ww != nil {
			stop = ww.WatchWorkers(p.interval, p.recordWorker)
		}
		return func() {
			if stop != nil {
				stop()
			}
			bar.Finish()
		}
	}}
	if ps, ok := h.e.(persister); ok {
		return hookedPersist{h, ps}
	}
	return h
}

// WorkerWatcher is an executor whose tasks run in other processes (a
// cluster's workers) and that can sample them: WatchWorkers calls f with
// a sample of each worker about every interval (taking one at once),
// from one goroutine, until stop is called; stop takes a last sample of
// the workers seen and returns once f is no longer called.
type WorkerWatcher interface {
	WatchWorkers(interval time.Duration, f func(worker string, s Sample)) (stop func())
}

type persister interface {
	Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error)
}

// hooked calls start before each run and the function it returns after.
type hooked struct {
	e     scheduler.Executor
	start func() (end func())
}

func (h hooked) Run(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	defer h.start()()
	return h.e.Run(ctx, g, keys)
}

// Stream implements scheduler.Streamer, streaming when e does.
func (h hooked) Stream(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key, sink scheduler.Sink) error {
	defer h.start()()
	return scheduler.Stream(ctx, h.e, g, keys, sink)
}

type hookedPersist struct {
	hooked
	ps persister
}

func (h hookedPersist) Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	defer h.start()()
	return h.ps.Persist(ctx, g, keys)
}
