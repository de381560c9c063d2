package dashboard

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Tally adds up finished tasks for a Source: the totals per operation
// and per worker, and the latest tasks for the stream. Its methods are
// safe for concurrent use; the zero Tally is ready.
type Tally struct {
	mu      sync.Mutex
	seq     int64          // tasks added; guarded by mu
	ring    []Task         // the latest tasks, the one numbered seq-1 at (seq-1) % keep; guarded by mu
	ops     map[string]*Op // guarded by mu
	workers map[string]int // tasks per worker; guarded by mu
}

// keep is how many of the latest tasks a Tally keeps for the stream.
const keep = 4000

// Add counts a finished task.
func (t *Tally) Add(task Task) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ops == nil {
		t.ops, t.workers = map[string]*Op{}, map[string]int{}
	}
	if len(t.ring) < keep {
		t.ring = append(t.ring, task)
	} else {
		t.ring[t.seq%keep] = task
	}
	t.seq++
	o := t.ops[task.Op]
	if o == nil {
		o = &Op{Name: task.Op}
		t.ops[task.Op] = o
	}
	o.Done++
	o.Time += task.End - task.Start
	o.Bytes += task.Bytes
	t.workers[task.Worker]++
}

// Fill sets st's task count, operations (Done, Time, Bytes), the task
// counts of its workers (adding those it lacks) and the stream of tasks
// numbered after since; workers and operations end sorted by name.
func (t *Tally) Fill(st *State, since int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st.Tasks, st.Seq = int(t.seq), t.seq-1
	for from := max(since+1, t.seq-int64(len(t.ring)), 0); from < t.seq; from++ {
		st.Stream = append(st.Stream, t.ring[from%keep])
	}
	for _, o := range t.ops {
		op := st.Op(o.Name)
		op.Done, op.Time, op.Bytes = o.Done, o.Time, o.Bytes
	}
	for name, n := range t.workers {
		st.Worker(name).Tasks = n
	}
	if st.Ops == nil {
		st.Ops = []Op{}
	}
	if st.Workers == nil {
		st.Workers = []Worker{}
	}
	slices.SortFunc(st.Ops, func(a, b Op) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(st.Workers, func(a, b Worker) int { return cmp.Compare(a.Name, b.Name) })
}

// Op returns st's operation name, added if missing.
func (st *State) Op(name string) *Op {
	for i := range st.Ops {
		if st.Ops[i].Name == name {
			return &st.Ops[i]
		}
	}
	st.Ops = append(st.Ops, Op{Name: name})
	return &st.Ops[len(st.Ops)-1]
}

// Worker returns st's worker name, added if missing.
func (st *State) Worker(name string) *Worker {
	for i := range st.Workers {
		if st.Workers[i].Name == name {
			return &st.Workers[i]
		}
	}
	st.Workers = append(st.Workers, Worker{Name: name})
	return &st.Workers[len(st.Workers)-1]
}

// Profiler returns the Source of a profiler on this machine: its task
// events (a worker per executor goroutine, or per cluster worker for
// runs on a cluster), spills, and this process's latest sample. A nil p
// panics at once.
func Profiler(p *diagnostics.Profiler) Source {
	if p == nil {
		panic("dashboard: nil profiler")
	}
	return &profilerSource{p: p}
}

type profilerSource struct {
	p *diagnostics.Profiler

	mu     sync.Mutex
	next   int // events read so far; guarded by mu
	spills int // guarded by mu
	tally  Tally
}

func (s *profilerSource) State(since int64) State {
	s.mu.Lock()
	evs, start, last := s.p.Live(s.next)
	s.next += len(evs)
	for _, ev := range evs {
		switch ev.Kind {
		case scheduler.EventTask:
			w := ev.WorkerName
			if w == "" {
				w = fmt.Sprintf("worker %d", ev.Worker)
			}
			s.tally.Add(Task{Op: ev.Kernel, Key: ev.Key.String(), Worker: w, Start: ev.Start.Sub(start).Seconds(),
				End: ev.End.Sub(start).Seconds(), Bytes: ev.BytesOut})
		case scheduler.EventSpill:
			s.spills++
		}
	}
	st := State{Elapsed: time.Since(start).Seconds(), Spills: s.spills, RSS: last.RSS, Heap: last.Heap,
		CPU: last.CPU, Spilled: last.Spilled}
	s.mu.Unlock()
	s.tally.Fill(&st, since)
	return st
}
