package diagnostics

import (
	"context"

	"github.com/chunkwise/chunkwise/scheduler"
)

// Attach makes l draw on bar and record into p, either of which may be
// nil, besides calling whatever Progress and Trace l already has.
func Attach(l *scheduler.Local, bar *ProgressBar, p *Profiler) {
	if bar != nil {
		l.Progress = chain(l.Progress, bar.Progress)
		l.Trace = chain(l.Trace, bar.Trace)
	}
	if p != nil {
		l.Trace = chain(l.Trace, p.Trace)
	}
}

func chain[T any](f, g func(T)) func(T) {
	if f == nil {
		return g
	}
	return func(x T) { f(x); g(x) }
}

// Executor attaches bar and p to l (see Attach) and returns it as an
// Executor whose runs also finish bar when they end, so a run that fails
// before its last task leaves no half-drawn bar behind.
func Executor(l *scheduler.Local, bar *ProgressBar, p *Profiler) scheduler.Executor {
	Attach(l, bar, p)
	if bar == nil {
		return l
	}
	return barRun{l, bar}
}

type barRun struct {
	*scheduler.Local
	bar *ProgressBar
}

func (b barRun) Run(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	defer b.bar.Finish()
	return b.Local.Run(ctx, g, keys)
}
