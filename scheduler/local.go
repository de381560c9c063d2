package scheduler

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

// Executor runs the tasks that keys need in a graph and returns their
// values in the order of keys. The local executor is the default; a
// distributed one implements the same interface.
type Executor interface {
	Run(ctx context.Context, g *Graph, keys []Key) ([]any, error)
}

// Streamer is an Executor that hands each value of keys to the caller as
// soon as it is computed, so that the caller can copy it where it
// belongs while the run goes on and its buffer can be reused by the
// tasks still to run. Local is a Streamer; see Stream.
type Streamer interface {
	Executor
	Stream(ctx context.Context, g *Graph, keys []Key, sink Sink) error
}

// Sink receives the value of keys[i]. It is called once for each i,
// from the goroutine that computed the value, possibly concurrently for
// different i. It must not keep v or memory shared with it after it
// returns unless it pins v (chunk.Dense.Pin): the executor may recycle
// v's buffers once its other dependents have run. An error stops the
// run as a task's error does.
type Sink func(i int, v any) error

// Stream runs keys on e and passes each value to sink: as it is computed
// when e is a Streamer, otherwise after e.Run returns, in the order of
// keys (a value from Run is the caller's to keep, so sink may keep it
// without pinning it).
func Stream(ctx context.Context, e Executor, g *Graph, keys []Key, sink Sink) error {
	if s, ok := e.(Streamer); ok {
		return s.Stream(ctx, g, keys, sink)
	}
	vals, err := e.Run(ctx, g, keys)
	if err != nil {
		return err
	}
	for i, v := range vals {
		if err := sink(i, v); err != nil {
			return err
		}
	}
	return nil
}

// Progress reports how far a run has come: Done of Total tasks finished.
type Progress struct {
	Done, Total int
}

// Event is what a traced run did (see Local.Trace): a task ran, or a
// value was spilled to disk or read back.
type Event struct {
	Kind   EventKind
	Key    Key
	Kernel string // the task's kernel; empty for spill and load events
	// Worker is the worker goroutine (0 to Workers-1) that ran the
	// task, or on a cluster the index of WorkerName among the workers
	// the client has seen; spill and load events have -1.
	Worker int
	// WorkerName names the cluster worker that ran the task, spilled
	// or loaded the value; empty on the local executor.
	WorkerName string
	Start, End time.Time
	// BytesIn is the bytes of the task's inputs (those that report
	// NBytes), BytesOut of its value; for spill and load events the
	// value's bytes are in both.
	BytesIn, BytesOut int64
	// Value is a task's value, for a Trace that looks at what tasks
	// return; it must not be kept or modified. Nil for spills and loads.
	Value any
}

// EventKind says what an Event records.
type EventKind uint8

// The kinds of Event.
const (
	EventTask  EventKind = iota // a task ran
	EventSpill                  // a value was written to a spill file
	EventLoad                   // a value was read back from its spill file
)

// Local runs graphs on this machine with a pool of worker goroutines.
//
// # Algorithm
//
// The needed tasks are materialised once into a flat plan (culling),
// inline tasks are fused into their only dependent, and each task gets a
// static priority: its position in a depth-first post-order from the
// outputs. Workers take the ready task of lowest priority from a shared
// heap, so one subtree completes before the next starts. When a task
// finishes, every dependent whose inputs are all done becomes ready and
// every input whose dependents have all run is released at once, so an
// intermediate chunk lives only as long as it must.
//
// # Memory
//
// Every run has a memory budget for the whole process while it lasts:
// MemoryLimit, or DefaultMemoryLimit (a share of the cgroup limit or of
// physical memory). The budget is split (see the package doc): the
// decoded-chunk cache is capped at its share while the run lasts, the Go
// runtime's soft memory limit (debug.SetMemoryLimit) is set to the budget
// and restored afterwards, a third is left as heap headroom, and live
// values — every value that reports its bytes (NBytes() int) — get the
// rest. A run that allocated collectAfter bytes or more collects garbage
// when it ends, so that the next run reuses that memory instead of
// faulting in new pages. A value larger than the whole budget fails the run at once with
// an error wrapping ErrBudget that names its key and both sizes.
//
// Above the live share the executor holds back root tasks — tasks that
// read no other task's output and so only add data — while other work is
// running, so that the live set drains before it grows again; running
// tasks count for the largest value seen each, since their outputs are
// not yet live. And it sheds values: those that can be recomputed more
// cheaply than spilled are dropped, the others spilled to disk.
//
// # Spilling and recomputing
//
// Without a budget (a negative MemoryLimit) none of this exists: no spill
// state is allocated and the per-task path is unchanged. With one, every
// computed value is in one of these states:
//
//	               finish           shed (live > limit)
//	(computing) ─────────▶ memory ────────────────────▶ spilling
//	                       ▲  ▲ │ ╲ shed, cheaper to         │ file written
//	     recomputed by its │  │ │  ╲ recompute              ▼
//	     task ─── dropped ─┘  │ │   ╲──▶ dropped          spilled
//	                          │ │ last dependent ran       │
//	          file read back  │ ▼                          │ a dependent is
//	                      loading ◀────────────────────────┘ about to run
//	                         │
//	                         ▼
//	                      released (memory freed, file removed)
//
// A value is a shedding candidate when it is in memory, reports its
// bytes, is not an output, still has dependents to run, and either can
// be encoded (a *chunk.Dense, or an encoding.BinaryMarshaler whose first
// byte has a decoder registered with RegisterDecoder) or was made by a
// task marked Recompute; other values always stay in memory. After
// finishing a task, a worker that finds the live bytes above the limit
// sheds candidates until they fit, least soon needed first: the one
// whose earliest dependent still to run has the largest priority. A
// Recompute value whose task took less time than spilling its bytes
// would (the cost model in the package doc) is dropped; the others are
// spilled. Before a task runs, its worker pins the task's inputs (a
// pinned value is never chosen), reads back those on disk and recomputes
// those dropped, first shedding others to make room. Shed bytes do not
// count as live; values being written still do. Live bytes may therefore
// exceed the limit by about the largest value times Workers (outputs
// being stored before their workers shed), plus outputs and values that
// cannot be shed.
//
// A spill file holds the lz4 frame (with block and content checksums) of
// the value's MarshalBinary bytes — the same bytes a cluster sends
// between processes. Files live in a directory per run under SpillDir
// and are written and read with the mutex released: a value being
// written is in state spilling and one being read in loading, so no
// other worker reads or writes it meanwhile; a task that needs it waits.
// A file read back is kept while the value has dependents to run, so
// spilling it again only drops it from memory; it is removed when the
// value is released, and the run's directory when the run ends, on
// success, error or cancellation alike. A spill file that fails
// to read back (truncated, checksum mismatch, wrong content) fails the
// run with a *TaskError naming the value's key. LastStats reports the
// peak live bytes and what was spilled.
//
// # Locking
//
// One mutex, run.mu, guards all run state; workers hold it except while
// a kernel runs and during spill I/O. Progress is called without it.
//
// # Errors
//
// The first error, or a panic inside a task, stops the run: no new task
// starts, running ones finish, and Run returns a *TaskError naming the
// key. Cancelling ctx stops the run the same way and returns ctx.Err().
// RemoteWorkers is the default worker count of a Local executor for a
// graph that reads from the network (Task.Remote): enough requests in
// flight to hide the round trips, which leave the cores idle.
const RemoteWorkers = 16

type Local struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS, or at
	// least RemoteWorkers for a graph with Task.Remote tasks.
	Workers int
	// MemoryLimit is the run's memory budget in bytes (see Memory
	// above); 0 means DefaultMemoryLimit(), from the machine, and a
	// negative value no budget at all. Values beyond the live share are
	// recomputed or spilled to SpillDir.
	MemoryLimit int64
	// SpillDir is where values are spilled under MemoryLimit; each run
	// writes into its own directory below it and removes it when it
	// ends. Empty means os.TempDir()/chunkwise-spill-PID.
	SpillDir string
	// HeldBudget says MemoryLimit is part of a budget the caller holds
	// with HoldMemory (a cluster worker's): the run keeps its live
	// values within MemoryLimit but leaves the soft memory limit and the
	// chunk cache to that hold.
	HeldBudget bool
	// Progress, when set, is called after each finished task, from the
	// worker that finished it, outside the run's lock. Calls do not
	// overlap and Done grows from call to call: a report overtaken by a
	// later one is dropped, so the last call of a run says Done == Total.
	Progress func(Progress)
	// Trace, when set, is called with an Event for each task run (a
	// dropped value's task again too) and each value spilled or read
	// back, from the worker concerned; it
	// must be quick, safe for concurrent use, and must not call into
	// the executor (spill events come with the run's lock held). Nil,
	// the default, costs one comparison per task.
	Trace func(Event)

	last atomic.Pointer[Stats]
}

// LastStats returns the figures of the run that finished last (with or
// without an error), or zero Stats before the first.
func (e *Local) LastStats() Stats {
	if s := e.last.Load(); s != nil {
		return *s
	}
	return Stats{}
}

// Observable is an Executor whose runs can be watched: Observe returns
// an Executor that runs as this one does and also calls progress after
// each task it finishes and trace with each Event (either may be nil),
// with the same contract as Local's Progress and Trace. Local and the
// distributed client are Observable.
type Observable interface {
	Executor
	Observe(progress func(Progress), trace func(Event)) Executor
}

// Observe implements Observable: the returned Executor's runs call
// progress and trace besides e's own Progress and Trace.
func (e *Local) Observe(progress func(Progress), trace func(Event)) Executor {
	return observedLocal{e, chain(e.Progress, progress), chain(e.Trace, trace)}
}

type observedLocal struct {
	e        *Local
	progress func(Progress)
	trace    func(Event)
}

func (o observedLocal) Run(ctx context.Context, g *Graph, keys []Key) ([]any, error) {
	return o.e.run(ctx, g, keys, o.progress, o.trace, nil)
}

// Stream implements Streamer.
func (o observedLocal) Stream(ctx context.Context, g *Graph, keys []Key, sink Sink) error {
	_, err := o.e.run(ctx, g, keys, o.progress, o.trace, sink)
	return err
}

// chain returns a function calling f then g, either of which may be nil.
func chain[T any](f, g func(T)) func(T) {
	if f == nil {
		return g
	}
	if g == nil {
		return f
	}
	return func(x T) { f(x); g(x) }
}

// Run implements Executor.
func (e *Local) Run(ctx context.Context, g *Graph, keys []Key) ([]any, error) {
	return e.run(ctx, g, keys, e.Progress, e.Trace, nil)
}

// Stream implements Streamer: each value goes to sink from the worker
// that computed it (a literal's before the first task runs), and is
// released, its buffers recycled unless a kernel or sink pinned them,
// once the sink and the value's dependents have all run.
func (e *Local) Stream(ctx context.Context, g *Graph, keys []Key, sink Sink) error {
	_, err := e.run(ctx, g, keys, e.Progress, e.Trace, sink)
	return err
}

// run runs keys and returns their values, or with a sink passes each to
// it as it is computed and returns none.
func (e *Local) run(ctx context.Context, g *Graph, keys []Key, progress func(Progress), trace func(Event), sink Sink) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := g.plan(keys, true)
	if err != nil {
		return nil, err
	}
	r := newRun(p, e, progress, trace)
	if r.budget.total > 0 && !e.HeldBudget {
		defer holdMemory(r.budget)()
	}
	defer collectIfLarge(allocatedBytes())
	if sink != nil {
		if err := r.setSink(sink); err != nil {
			return nil, err
		}
	}
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		if p.remote {
			workers = max(workers, RemoteWorkers)
		}
	}
	if r.pending > 0 {
		stop := context.AfterFunc(ctx, func() {
			r.mu.Lock()
			r.fail(ctx.Err())
			r.mu.Unlock()
		})
		defer stop()
		var wg sync.WaitGroup
		for w := min(workers, r.pending); w > 1; w-- {
			wg.Add(1)
			go func() { defer wg.Done(); r.work(w - 1) }()
		}
		r.work(0)
		wg.Wait()
		r.mu.Lock()
		if r.err == nil && ctx.Err() != nil {
			// Cancelled while the last tasks ran, before the AfterFunc
			// (a goroutine of its own) got to fail the run; from now on
			// it finds nothing pending and leaves r.err alone.
			r.err = ctx.Err()
		}
		r.mu.Unlock()
	}
	stats := Stats{PeakLive: r.peak, Budget: r.budget.total, LiveLimit: r.limit}
	if r.sp != nil {
		sp := r.sp.stats
		stats.Spilled, stats.SpilledFile, stats.Spills, stats.Loads = sp.Spilled, sp.SpilledFile, sp.Spills, sp.Loads
		stats.Dropped, stats.Recomputed = sp.Dropped, sp.Recomputed
		if err := r.sp.cleanup(); err != nil && r.err == nil {
			r.err = fmt.Errorf("scheduler: removing spill files: %w", err)
		}
	}
	e.last.Store(&stats)
	if r.err != nil {
		return nil, r.err
	}
	if sink != nil {
		return nil, nil
	}
	out := make([]any, len(keys))
	for i, n := range p.outputs {
		out[i] = r.values[n]
		pin(out[i]) // the caller keeps it
	}
	return out, nil
}

type run struct {
	p        *plan
	progress func(Progress)
	trace    func(Event)
	budget   budget

	progressMu sync.Mutex
	reported   int   // the last Done passed to progress; guarded by progressMu
	limit      int64 // the live values' share of the budget; 0: none

	mu       sync.Mutex
	cond     sync.Cond
	values   []any   // guarded by mu
	missing  []int32 // inputs not yet computed, per node
	waiters  []int32 // dependents not yet run, per node
	depStart []int32 // node i's dependents are deps[depStart[i]:depStart[i+1]]
	deps     []int32
	roots    readyHeap // ready tasks with no task inputs
	others   readyHeap // ready tasks with task inputs
	running  int
	pending  int // tasks not yet finished
	total    int
	done     int
	live     int64
	peak     int64
	maxVal   int64 // the largest value seen, for tasks still running
	held     bool  // a worker waits because root tasks are held back
	err      error
	sp       *spiller // nil without a memory limit

	// With a sink (Stream), outputs are passed to it as they finish:
	// sinkFirst[n] is 1 + the first index of keys whose node is n (0:
	// none), sinkNext[k] 1 + the next index with keys[k]'s node. The
	// sink counts as one more waiter of each output node, so an output
	// is released like any other value once its dependents and the
	// sink have run.
	sink      Sink
	sinkFirst []int32
	sinkNext  []int32
}

func newRun(p *plan, e *Local, progress func(Progress), trace func(Event)) *run {
	n := len(p.nodes)
	r := &run{p: p, progress: progress, trace: trace,
		values: make([]any, n), missing: make([]int32, n), waiters: make([]int32, n),
		depStart: make([]int32, n+1)}
	r.cond.L = &r.mu
	total := e.MemoryLimit
	if total == 0 {
		total = DefaultMemoryLimit()
	}
	if total > 0 {
		r.budget = splitBudget(total)
		r.limit = r.budget.live
		r.sp = newSpiller(n, e.SpillDir)
	}
	r.roots.p, r.others.p = p, p
	for i := range p.nodes {
		nd := p.nodes[i]
		if nd.fused {
			continue
		}
		if nd.fn == nil {
			r.values[i] = nd.value
			continue
		}
		r.pending++
		for _, in := range nd.inputs {
			r.waiters[in]++
			if p.nodes[in].fn != nil {
				r.missing[i]++
			}
		}
	}
	// Dependents in one flat array (compressed rows), not a slice per node.
	for i := range n {
		r.depStart[i+1] = r.depStart[i] + r.waiters[i]
	}
	r.deps = make([]int32, r.depStart[n])
	fill := append([]int32(nil), r.depStart[:n]...)
	for i, nd := range p.nodes {
		if nd.fused || nd.fn == nil {
			continue
		}
		for _, in := range nd.inputs {
			r.deps[fill[in]] = int32(i)
			fill[in]++
		}
	}
	r.total = r.pending
	for i := range p.nodes {
		nd := p.nodes[i]
		if nd.fn != nil && !nd.fused && r.missing[i] == 0 {
			r.push(int32(i))
		}
	}
	return r
}

// push adds ready node i to its heap. Callers hold mu.
func (r *run) push(i int32) {
	for _, in := range r.p.nodes[i].inputs {
		if r.p.nodes[in].fn != nil {
			r.others.push(i)
			return
		}
	}
	r.roots.push(i)
}

// pop returns the next task to run, or -1 when the caller should wait.
// Callers hold mu.
func (r *run) pop() int32 {
	ro, ot := r.roots.Len() > 0, r.others.Len() > 0
	switch {
	case !ro && !ot:
		return -1
	case !ro:
		return r.others.pop()
	case ot && (r.over() || r.others.top().prio < r.roots.top().prio):
		return r.others.pop()
	case r.over() && r.running > 0:
		r.held = true
		return -1 // hold back new data until running work releases some
	}
	return r.roots.pop()
}

// over reports whether starting one more task could take the live
// values past the limit: the live bytes, with a value of the largest size
// seen for each running task and for the new one. Callers hold mu.
func (r *run) over() bool {
	return r.limit > 0 && r.live+r.coming()+r.maxVal > r.limit
}

// coming is the bytes the running tasks' values may add to the live
// ones: the largest value seen, for each. Callers hold mu.
func (r *run) coming() int64 { return int64(r.running) * r.maxVal }

// fail records the first error and wakes every worker. Callers hold mu.
func (r *run) fail(err error) {
	if r.err == nil && r.pending > 0 {
		r.err = err
	}
	r.cond.Broadcast()
}

func (r *run) work(worker int) {
	var args []any
	r.mu.Lock()
	for {
		var i int32 = -1
		for r.err == nil && r.pending > 0 {
			if i = r.pop(); i >= 0 {
				break
			}
			r.cond.Wait()
		}
		if i < 0 {
			r.mu.Unlock()
			return
		}
		nd := r.p.nodes[i]
		r.running++
		if r.sp != nil && !r.sp.acquire(r, i, worker) {
			r.running--
			continue
		}
		args = args[:0]
		for _, in := range nd.inputs {
			args = append(args, r.values[in])
		}
		owned := r.owned(nd)
		r.mu.Unlock()

		var start time.Time
		if (nd.recompute && r.sp != nil) || r.trace != nil {
			start = time.Now()
		}
		v, err := call(nd, args, owned)
		handed := owned && err == nil && handOver(args[0], v)
		var took time.Duration
		if nd.recompute && r.sp != nil {
			took = time.Since(start)
		}
		if r.trace != nil && err == nil {
			r.traceTask(nd, worker, start, args, v)
		}
		clear(args)

		r.mu.Lock()
		r.running--
		if r.sp != nil {
			r.sp.unpin(r, i)
			if nd.recompute && err == nil {
				r.sp.ran(nd.kernel, took, sizeOf(v), false)
			}
		}
		if err != nil {
			r.fail(err)
			continue
		}
		r.finish(i, v, handed)
		if r.sink != nil && nd.output && r.err == nil {
			r.sinkLocked(i)
		}
		if r.sp != nil {
			r.sp.collect(r)
			r.sp.shed(r, 0)
			r.sp.dropForRoot(r)
		}
		if r.progress != nil {
			r.reportLocked()
		}
	}
}

// reportLocked reports the run's progress with mu released. Callers
// hold mu. It stays out of line: inlined into the worker loop it cost
// many-chunks-sum ~15% more CPU without any progress function (the
// unlock and lock fast paths crowd the loop).
//
//go:noinline
func (r *run) reportLocked() {
	pr := Progress{Done: r.done, Total: r.total}
	r.mu.Unlock()
	r.report(pr)
	r.mu.Lock()
}

// report passes pr to the run's progress function unless a later
// report overtook it.
func (r *run) report(pr Progress) {
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	if pr.Done > r.reported {
		r.reported = pr.Done
		r.progress(pr)
	}
}

// traceTask reports a task that ran from start until now.
func (r *run) traceTask(nd *node, worker int, start time.Time, args []any, v any) {
	ev := Event{Kind: EventTask, Key: nd.key, Kernel: nd.kernel, Worker: worker, Start: start, End: time.Now(), BytesOut: sizeOf(v), Value: v}
	for _, a := range args {
		ev.BytesIn += sizeOf(a)
	}
	r.trace(ev)
}

// owned reports whether node nd, about to run, may take its first input:
// nd consumes (RegisterConsuming) and is that input's last waiter, the
// input is a task's chunk in memory, no output, and recyclable (from the
// pool, pinned by nobody), so nothing else refers to its buffer. Callers
// hold mu.
func (r *run) owned(nd *node) bool {
	if nd.consume == nil || len(nd.inputs) == 0 {
		return false
	}
	in := nd.inputs[0]
	d, ok := r.values[in].(*chunk.Dense)
	return ok && r.waiters[in] == 1 && !r.p.nodes[in].output && r.p.nodes[in].fn != nil &&
		(r.sp == nil || r.sp.state[in] == stateMem) && d.Recyclable()
}

// finish stores node i's value, readies its dependents and releases the
// inputs no other task needs; handed says that v took its first input's
// buffer (an owned consuming call), which is therefore not recycled.
// Callers hold mu.
func (r *run) finish(i int32, v any, handed bool) {
	r.values[i] = v
	size := sizeOf(v)
	if r.budget.total > 0 && size > r.budget.total {
		r.fail(budgetError(r.p.nodes[i].key, size, r.budget.total))
		return
	}
	r.live += size
	r.peak = max(r.peak, r.live)
	r.maxVal = max(r.maxVal, size)
	if r.sp != nil {
		r.sp.add(r, i, v, size)
	}
	r.done++
	r.pending--
	woke := 0
	for _, d := range r.deps[r.depStart[i]:r.depStart[i+1]] {
		if r.missing[d]--; r.missing[d] == 0 {
			r.push(d)
			woke++
		}
	}
	for j, in := range r.p.nodes[i].inputs {
		r.consumed(in, !(handed && j == 0))
	}
	switch {
	case r.pending == 0 || woke > 1 || r.held:
		r.held = false
		r.cond.Broadcast()
	case woke == 1:
		r.cond.Signal()
	}
}

// consumed counts one waiter of node in as done and releases its value
// when it was the last: every consumer has run, and those that keep
// their inputs pinned it. Outputs are kept for Run's caller, unless a
// sink took them. A value being written to disk is left to the GC (it
// cannot be recycled: its consumers held it pinned), and so is one whose
// buffer a consuming task took (reuse false). Callers hold mu.
func (r *run) consumed(in int32, reuse bool) {
	nd := r.p.nodes[in]
	if r.waiters[in]--; r.waiters[in] > 0 || nd.output && r.sink == nil || nd.fn == nil {
		return
	}
	r.live -= sizeOf(r.values[in])
	if reuse && (r.sp == nil || r.sp.state[in] == stateMem) {
		recycle(r.values[in])
	}
	if r.sp != nil {
		r.sp.release(in)
	}
	r.values[in] = nil
}

// setSink makes the run pass its outputs to sink, and passes those that
// are literals at once.
func (r *run) setSink(sink Sink) error {
	r.sink = sink
	n := len(r.p.nodes)
	r.sinkFirst = make([]int32, n)
	r.sinkNext = make([]int32, len(r.p.outputs))
	for k := len(r.p.outputs) - 1; k >= 0; k-- {
		o := r.p.outputs[k]
		r.sinkNext[k] = r.sinkFirst[o]
		r.sinkFirst[o] = int32(k) + 1
		if r.sinkNext[k] == 0 {
			r.waiters[o]++ // the sink, once per node
		}
	}
	for o, first := range r.sinkFirst {
		if first == 0 || r.p.nodes[o].fn != nil {
			continue
		}
		for k := first; k > 0; k = r.sinkNext[k-1] {
			if err := sink(int(k-1), r.values[o]); err != nil {
				return err
			}
		}
	}
	return nil
}

// sinkLocked passes output node i's value to the sink, once for each
// key it answers, with mu released, then counts the sink as done.
// Callers hold mu.
func (r *run) sinkLocked(i int32) {
	v := r.values[i]
	r.mu.Unlock()
	var err error
	for k := r.sinkFirst[i]; k > 0 && err == nil; k = r.sinkNext[k-1] {
		err = r.sink(int(k-1), v)
	}
	r.mu.Lock()
	if err != nil {
		if r.err == nil {
			r.err = err // even after the last task, when fail would not record it
		}
		r.cond.Broadcast()
		return
	}
	r.consumed(i, true)
}

// collectAfter is how many bytes a run must allocate for the executor to
// collect garbage when it ends. Go keeps garbage until its heap doubles,
// and with large persisted inputs that is gigabytes: each computation
// would land its chunks on pages the process never touched, which on a
// virtual machine costs more than the work on them, and the process
// would hold far more memory than it uses. A collection once a large run
// ends costs little (chunk buffers hold no pointers) and lets the next
// one reuse the memory.
const collectAfter = 64 << 20

// collectIfLarge runs the garbage collector if the process allocated
// collectAfter bytes or more since the total was since.
func collectIfLarge(since uint64) {
	if allocatedBytes()-since >= collectAfter {
		runtime.GC()
	}
}

// allocatedBytes returns the bytes the process has allocated on the heap
// so far.
func allocatedBytes() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func call(nd *node, args []any, owned bool) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &TaskError{Key: nd.key, Err: &PanicError{Kernel: nd.kernel, Value: p, Stack: debug.Stack()}}
		}
	}()
	if owned {
		v, err = nd.consume(nd.block, args, true)
	} else {
		v, err = nd.fn(nd.block, args)
	}
	if err != nil {
		if _, ok := err.(*TaskError); !ok {
			err = &TaskError{Key: nd.key, Err: err}
		}
	}
	return v, err
}

func sizeOf(v any) int64 {
	if s, ok := v.(interface{ NBytes() int }); ok {
		return int64(s.NBytes())
	}
	return 0
}

// readyHeap is a binary min-heap of ready node indices by priority,
// typed so that pushing and popping neither boxes nor calls interfaces;
// each entry carries its priority so comparisons touch no node.
type readyHeap struct {
	p *plan
	s []readyEntry
}

type readyEntry struct{ prio, node int32 }

func (h *readyHeap) Len() int { return len(h.s) }

// top returns the node with the lowest priority without removing it.
func (h *readyHeap) top() readyEntry { return h.s[0] }

func (h *readyHeap) push(x int32) {
	h.s = append(h.s, readyEntry{h.p.nodes[x].priority, x})
	i := len(h.s) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if h.s[i].prio >= h.s[parent].prio {
			break
		}
		h.s[i], h.s[parent] = h.s[parent], h.s[i]
		i = parent
	}
}

func (h *readyHeap) pop() int32 {
	top := h.s[0].node
	last := len(h.s) - 1
	h.s[0] = h.s[last]
	h.s = h.s[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.s[l].prio < h.s[m].prio {
			m = l
		}
		if r < last && h.s[r].prio < h.s[m].prio {
			m = r
		}
		if m == i {
			return top
		}
		h.s[i], h.s[m] = h.s[m], h.s[i]
		i = m
	}
}

// TaskError is a failure while computing a key: the task's error, or a
// panic inside it turned into an error.
type TaskError struct {
	Key Key
	Err error
}

func (e *TaskError) Error() string { return fmt.Sprintf("task %v: %v", e.Key, e.Err) }

// Unwrap returns the task's error.
func (e *TaskError) Unwrap() error { return e.Err }

// PanicError is a panic inside a kernel, recovered. Its message is one
// line; the stack of the panicking goroutine is in Stack.
type PanicError struct {
	Kernel string // the kernel's registered name
	Value  any    // the value passed to panic
	Stack  []byte // the panicking goroutine's stack
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic in kernel %s: %v", e.Kernel, e.Value) }

// Unwrap returns the panic value if it is an error, so that errors.Is
// sees through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
