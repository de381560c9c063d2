package scheduler

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Executor runs the tasks that keys need in a graph and returns their
// values in the order of keys. The local executor is the default; a
// distributed one implements the same interface.
type Executor interface {
	Run(ctx context.Context, g *Graph, keys []Key) ([]any, error)
}

// Progress reports how far a run has come: Done of Total tasks finished.
type Progress struct {
	Done, Total int
}

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
// The executor counts the bytes of every live value that reports them
// (NBytes() int). Above MemoryLimit it holds back root tasks — tasks that
// read no other task's output and so only add data — while other work is
// running, so that the live set drains before it grows again.
//
// # Errors
//
// The first error, or a panic inside a task, stops the run: no new task
// starts, running ones finish, and Run returns a *TaskError naming the
// key. Cancelling ctx stops the run the same way and returns ctx.Err().
type Local struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// MemoryLimit is the budget in bytes for live values; 0 means none.
	MemoryLimit int64
	// Progress, when set, is called after each finished task, from the
	// worker that finished it, outside any lock.
	Progress func(Progress)
}

// Run implements Executor.
func (e *Local) Run(ctx context.Context, g *Graph, keys []Key) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := g.plan(keys, true)
	if err != nil {
		return nil, err
	}
	r := newRun(p, e)
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
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
			go func() { defer wg.Done(); r.work() }()
		}
		r.work()
		wg.Wait()
	}
	if r.err != nil {
		return nil, r.err
	}
	out := make([]any, len(keys))
	for i, n := range p.outputs {
		out[i] = r.values[n]
	}
	return out, nil
}

type run struct {
	p        *plan
	progress func(Progress)
	limit    int64

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
	err      error
}

func newRun(p *plan, e *Local) *run {
	n := len(p.nodes)
	r := &run{p: p, progress: e.Progress, limit: e.MemoryLimit,
		values: make([]any, n), missing: make([]int32, n), waiters: make([]int32, n),
		depStart: make([]int32, n+1)}
	r.cond.L = &r.mu
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
	case ot && (r.over() || r.p.nodes[r.others.s[0]].priority < r.p.nodes[r.roots.s[0]].priority):
		return r.others.pop()
	case r.over() && r.running > 0:
		return -1 // hold back new data until running work releases some
	}
	return r.roots.pop()
}

func (r *run) over() bool { return r.limit > 0 && r.live > r.limit }

// fail records the first error and wakes every worker. Callers hold mu.
func (r *run) fail(err error) {
	if r.err == nil && r.pending > 0 {
		r.err = err
	}
	r.cond.Broadcast()
}

func (r *run) work() {
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
		args = args[:0]
		for _, in := range nd.inputs {
			args = append(args, r.values[in])
		}
		r.running++
		r.mu.Unlock()

		v, err := call(nd, args)
		clear(args)

		r.mu.Lock()
		r.running--
		if err != nil {
			r.fail(err)
			continue
		}
		r.finish(i, v)
		if r.progress != nil {
			pr := Progress{Done: r.done, Total: r.total}
			r.mu.Unlock()
			r.progress(pr)
			r.mu.Lock()
		}
	}
}

// finish stores node i's value, readies its dependents and releases the
// inputs no other task needs. Callers hold mu.
func (r *run) finish(i int32, v any) {
	r.values[i] = v
	r.live += sizeOf(v)
	r.done++
	r.pending--
	woke := 0
	for _, d := range r.deps[r.depStart[i]:r.depStart[i+1]] {
		if r.missing[d]--; r.missing[d] == 0 {
			r.push(d)
			woke++
		}
	}
	for _, in := range r.p.nodes[i].inputs {
		if r.waiters[in]--; r.waiters[in] == 0 && !r.p.nodes[in].output && r.p.nodes[in].fn != nil {
			r.live -= sizeOf(r.values[in])
			r.values[in] = nil
		}
	}
	switch {
	case r.pending == 0 || woke > 1 || r.limit > 0:
		r.cond.Broadcast()
	case woke == 1:
		r.cond.Signal()
	}
}

func call(nd *node, args []any) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &TaskError{Key: nd.key, Err: fmt.Errorf("panic in kernel %s: %v\n%s", nd.kernel, p, debug.Stack())}
		}
	}()
	v, err = nd.fn(nd.block, args)
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
// typed so that pushing and popping neither boxes nor calls interfaces.
type readyHeap struct {
	p *plan
	s []int32
}

func (h *readyHeap) Len() int { return len(h.s) }

func (h *readyHeap) less(a, b int32) bool { return h.p.nodes[a].priority < h.p.nodes[b].priority }

func (h *readyHeap) push(x int32) {
	h.s = append(h.s, x)
	i := len(h.s) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !h.less(h.s[i], h.s[parent]) {
			break
		}
		h.s[i], h.s[parent] = h.s[parent], h.s[i]
		i = parent
	}
}

func (h *readyHeap) pop() int32 {
	top := h.s[0]
	last := len(h.s) - 1
	h.s[0] = h.s[last]
	h.s = h.s[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.less(h.s[l], h.s[m]) {
			m = l
		}
		if r < last && h.less(h.s[r], h.s[m]) {
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
