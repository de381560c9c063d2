package delayed

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Option configures a computation: its executor and the local
// executor's settings.
type Option func(*config)

type config struct {
	exec        scheduler.Executor
	workers     int
	memoryLimit int64
	progress    func(scheduler.Progress)
	bar         io.Writer
	prof        *diagnostics.Profiler
	local       bool // a local-executor setting was given
}

// WithExecutor runs the computation on e instead of a fresh
// scheduler.Local. It cannot be combined with WithWorkers,
// WithMemoryLimit or WithProgress, which configure the local executor:
// configure e itself.
func WithExecutor(e scheduler.Executor) Option { return func(c *config) { c.exec = e } }

// WithWorkers sets the number of worker goroutines of the local
// executor; n ≤ 0 means GOMAXPROCS, the default.
func WithWorkers(n int) Option { return func(c *config) { c.workers, c.local = n, true } }

// WithMemoryLimit sets the local executor's budget in bytes for live
// values that report their size; 0 means none, the default.
func WithMemoryLimit(bytes int64) Option {
	return func(c *config) { c.memoryLimit, c.local = bytes, true }
}

// WithProgress calls f after each finished task, from the worker that
// finished it; f must be quick and safe for concurrent use.
func WithProgress(f func(scheduler.Progress)) Option {
	return func(c *config) { c.progress, c.local = f, true }
}

// WithProgressBar draws the computation's progress on w when w is a
// terminal (see diagnostics.ProgressBar); elsewhere it draws nothing. It
// works with the local executor and with WithExecutor of any
// scheduler.Observable executor (a distributed Client).
func WithProgressBar(w io.Writer) Option { return func(c *config) { c.bar = w } }

// WithProfiler records the computation's tasks, spills and loads into p
// (see diagnostics.StartProfiler), on the local executor or with
// WithExecutor of any scheduler.Observable executor.
func WithProfiler(p *diagnostics.Profiler) Option { return func(c *config) { c.prof = p } }

func executor(opts []Option) (scheduler.Executor, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	e := c.exec
	if e == nil {
		e = &scheduler.Local{Workers: c.workers, MemoryLimit: c.memoryLimit, Progress: c.progress}
	} else if c.local {
		return nil, errors.New("delayed: WithWorkers, WithMemoryLimit and WithProgress configure the local executor and cannot be combined with WithExecutor")
	}
	return diagnostics.Executor(e, diagnostics.NewProgressBar(c.bar, "compute"), c.prof), nil
}

// graph returns the graph and keys of values, or the first construction
// error among them.
func graph(values []Lazy) (*scheduler.Graph, []scheduler.Key, error) {
	layers := make([]scheduler.Layer, len(values))
	keys := make([]scheduler.Key, len(values))
	for i, v := range values {
		if v == nil {
			return nil, nil, fmt.Errorf("delayed: value %d is nil", i)
		}
		if e, ok := v.(errer); ok {
			if err := e.Err(); err != nil {
				return nil, nil, err
			}
		}
		layers[i], keys[i] = v.Layer(), v.Key()
		if layers[i] == nil {
			return nil, nil, fmt.Errorf("delayed: value %d is nil", i)
		}
	}
	return scheduler.NewGraph(layers...), keys, nil
}

// Compute computes values together and returns their results in order.
// Work they share (equal keys) runs once, and every independent task
// runs in parallel. The first failing task stops the computation: the
// error is a *scheduler.TaskError naming the task's key, wrapping a
// *CallError or *PanicError naming the function. Cancelling ctx stops
// starting tasks and returns ctx.Err() once running ones finish.
func Compute(ctx context.Context, values []Lazy, opts ...Option) ([]any, error) {
	g, keys, err := graph(values)
	if err != nil {
		return nil, err
	}
	e, err := executor(opts)
	if err != nil {
		return nil, err
	}
	return e.Run(ctx, g, keys)
}

// Compute computes v; see the package-level Compute.
func (v *Value[T]) Compute(ctx context.Context, opts ...Option) (T, error) {
	var zero T
	out, err := Compute(ctx, []Lazy{v}, opts...)
	if err != nil {
		return zero, err
	}
	return result[T](v.key, out[0])
}

// ComputeAll computes values of one type together, like Compute, and
// returns their results typed.
func ComputeAll[T any](ctx context.Context, values []*Value[T], opts ...Option) ([]T, error) {
	ls := make([]Lazy, len(values))
	for i, v := range values {
		if v == nil {
			return nil, fmt.Errorf("delayed: value %d is nil", i)
		}
		ls[i] = v
	}
	out, err := Compute(ctx, ls, opts...)
	if err != nil {
		return nil, err
	}
	res := make([]T, len(out))
	for i, x := range out {
		if res[i], err = result[T](values[i].key, x); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func result[T any](k scheduler.Key, x any) (T, error) {
	t, ok := x.(T)
	if !ok && x != nil {
		var zero T
		return zero, fmt.Errorf("delayed: value %v is %T, not %T", k, x, zero)
	}
	return t, nil
}

// Persist computes v and returns a value with the same key (a new one if
// v is a block of another package's layer) that holds
// the result, so that later computations using it start from there
// instead of recomputing its graph.
func (v *Value[T]) Persist(ctx context.Context, opts ...Option) (*Value[T], error) {
	x, err := v.Compute(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return persisted(v.layer, v.key, x), nil
}

// Persist computes values together, like Compute, and returns values
// that hold their results: a *Value[T] comes back as a *Value[T] with
// the same key, any other Lazy as a *Value[any].
func Persist(ctx context.Context, values []Lazy, opts ...Option) ([]Lazy, error) {
	out, err := Compute(ctx, values, opts...)
	if err != nil {
		return nil, err
	}
	res := make([]Lazy, len(out))
	for i, x := range out {
		if p, ok := values[i].(persister); ok {
			res[i] = p.withResult(x)
		} else {
			res[i] = persisted[any](values[i].Layer(), values[i].Key(), x)
		}
	}
	return res, nil
}

// NumTasks returns the number of tasks computing values takes, after
// shared work is merged and cheap steps fused; literals do not count.
func NumTasks(values ...Lazy) (int, error) {
	g, keys, err := graph(values)
	if err != nil {
		return 0, err
	}
	return g.NumTasks(keys)
}

// WriteDOT writes the task graph of values to w in Graphviz's DOT
// language (render it with `dot -Tsvg`): a box per task labelled with
// its key and kernel, an arrow from each input to its dependent.
func WriteDOT(w io.Writer, values ...Lazy) error {
	g, keys, err := graph(values)
	if err != nil {
		return err
	}
	return g.WriteDOT(w, keys)
}
