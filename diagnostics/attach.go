package diagnostics

import (
	"context"

	"github.com/chunkwise/chunkwise/scheduler"
)

// Executor returns e watched by bar and p, either of which may be nil:
// its runs draw on bar, record into p, and finish bar when they end, so
// a run that fails before its last task leaves no half-drawn bar behind.
// e must be scheduler.Observable (the local executor and the
// distributed client are); any other executor is returned as it is,
// drawing and recording nothing. An executor that can also Persist
// (array.RemotePersister) keeps that method.
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
	w := o.Observe(progress, trace)
	if bar == nil {
		return w
	}
	if ps, ok := w.(persister); ok {
		return barPersist{barRun{w, bar}, ps}
	}
	return barRun{w, bar}
}

type persister interface {
	Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error)
}

type barRun struct {
	e   scheduler.Executor
	bar *ProgressBar
}

func (b barRun) Run(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	defer b.bar.Finish()
	return b.e.Run(ctx, g, keys)
}

type barPersist struct {
	barRun
	ps persister
}

func (b barPersist) Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	defer b.bar.Finish()
	return b.ps.Persist(ctx, g, keys)
}
