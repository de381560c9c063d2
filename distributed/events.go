package distributed

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/scheduler"
)

// What the cluster tells about its work, for progress bars, profilers
// and dashboards: small control messages only, never data.
//
//	resultMsg.Trace   a unit's kernel and start and end times (the worker's clock), sent
//	                  with its result when the task message asks (taskMsg.Trace), and the
//	                  client's values the worker spilled or read back since its last result
//	subject cw.status core NATS requests; every worker and client replies with a statusMsg
//
// A client asks for traces while one of its runs is observed (Observe)
// or while a dashboard asked for statuses in the last traceFor; nobody
// watching costs a comparison per task message.
const subjStatus = "cw.status"

// workersOnly is the body of a status request that only workers answer
// (clients ignore it, and keep their tracing as it was).
const workersOnly = "workers"

// traceFor is how long a status request keeps a client tracing.
const traceFor = 3 * time.Second

// taskTrace is what a worker ran for one unit and when.
type taskTrace struct {
	Kernel string `json:"k"`
	Start  int64  `json:"s"` // Unix nanoseconds
	End    int64  `json:"e"`
	// IO are the spills and loads of the client's values on the worker
	// since its previous result to the client (a spill can happen
	// while another unit runs, or another client's).
	IO []spillIO `json:"io,omitempty"`
}

// traceUnit is the trace of u, run from start until now.
func traceUnit(u *unitMsg, start time.Time) *taskTrace {
	tr := &taskTrace{Start: start.UnixNano(), End: time.Now().UnixNano()}
	out := u.Out.key()
	for _, t := range u.Tasks {
		if t.Key.key() == out {
			tr.Kernel = t.Kernel
		}
	}
	return tr
}

// statusMsg answers a status request: a worker's or a client's.
type statusMsg struct {
	Worker *workerStatus `json:"worker,omitempty"`
	Client *clientStatus `json:"client,omitempty"`
}

type workerStatus struct {
	Name    string  `json:"name"`
	Time    int64   `json:"t"` // when sampled, Unix nanoseconds
	Slots   int     `json:"slots"`
	Running int     `json:"running"`
	Queued  int     `json:"queued"`
	Limit   int64   `json:"limit"`
	Held    int64   `json:"held"`
	Spilled int64   `json:"spilled"`
	RSS     int64   `json:"rss"`
	Heap    int64   `json:"heap"`
	CPU     float64 `json:"cpu"`
}

// clientStatus counts a client's units that are not finished, by the
// kernel of their output task.
type clientStatus struct {
	ID  string              `json:"id"`
	Ops map[string]opStatus `json:"ops"`
}

type opStatus struct {
	Waiting int `json:"waiting"` // for inputs or a worker
	Running int `json:"running"` // sent to a worker
	Erred   int `json:"erred"`
}

// workerEvents is a worker's side: the units waiting for a slot and the
// sampler of its process.
type workerEvents struct {
	queued atomic.Int64

	mu      sync.Mutex
	sampler *diagnostics.Sampler // guarded by mu
}

// serveStatus answers status requests until the connection closes.
func (w *worker) serveStatus() (*nats.Subscription, error) {
	return w.nc.Subscribe(subjStatus, func(m *nats.Msg) {
		w.ev.mu.Lock()
		if w.ev.sampler == nil {
			w.ev.sampler = diagnostics.NewSampler()
		}
		s := w.ev.sampler.Sample()
		w.ev.mu.Unlock()
		held, spilled := w.st.held()
		b, _ := json.Marshal(statusMsg{Worker: &workerStatus{Name: w.name, Time: s.Time.UnixNano(), Slots: cap(w.slots), Running: len(w.slots),
			Queued: int(w.ev.queued.Load()), Limit: max(w.opts.MemoryLimit, 0), Held: held, Spilled: spilled,
			RSS: s.RSS, Heap: s.Heap, CPU: s.CPU}})
		m.Respond(b)
	})
}

// held returns the bytes of the values the store keeps in memory and of
// those in spill files.
func (s *store) held() (mem, spilled int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.byCli {
		for _, st := range m {
			if !st.inMem && st.path != "" {
				spilled += st.size
			}
		}
	}
	return s.bytes, spilled
}

// clientEvents is a client's side: its observed runs and whether a
// dashboard watches. Guarded by Client.mu.
type clientEvents struct {
	observers    map[*observer]struct{}
	watchedUntil time.Time
	workerIndex  map[string]int // lanes of the workers seen in traces
}

// tracing reports whether task messages should ask for traces. Callers
// hold mu.
func (c *Client) tracing() bool {
	return len(c.ev.observers) > 0 || !c.ev.watchedUntil.IsZero() && time.Now().Before(c.ev.watchedUntil)
}

// serveStatus answers status requests until the connection closes, and
// asks for traces for a while after each.
func (c *Client) serveStatus() error {
	_, err := c.nc.Subscribe(subjStatus, func(m *nats.Msg) {
		if string(m.Data) == workersOnly {
			return
		}
		st := &clientStatus{ID: c.id, Ops: map[string]opStatus{}}
		c.mu.Lock()
		c.ev.watchedUntil = time.Now().Add(traceFor)
		for _, ks := range c.keys {
			if ks.u == nil || ks.state != kWaiting && ks.state != kErr {
				continue
			}
			k := unitKernel(ks.u)
			o := st.Ops[k]
			switch {
			case ks.state == kErr:
				o.Erred++
			case ks.u.state == uPublished:
				o.Running++
			default:
				o.Waiting++
			}
			st.Ops[k] = o
		}
		c.mu.Unlock()
		b, _ := json.Marshal(statusMsg{Client: st})
		m.Respond(b)
	})
	return err
}

var _ diagnostics.WorkerWatcher = (*Client)(nil)

// minWatch is the shortest interval WatchWorkers samples at.
const minWatch = 50 * time.Millisecond

// WatchWorkers implements diagnostics.WorkerWatcher: it sends the
// cluster's workers a status request about every interval (at least
// 50 ms) and passes each reply on to f, sampled on the worker's clock
// (RSS, CPU, Go heap, bytes held in memory and in spill files). Only
// workers answer these requests. stop asks once more and waits up to
// 2 s for the workers seen so far and those the client knows to answer.
// A client that cannot subscribe samples nothing.
func (c *Client) WatchWorkers(interval time.Duration, f func(worker string, s diagnostics.Sample)) (stop func()) {
	replies := make(chan *nats.Msg, 256)
	inbox := c.nc.NewRespInbox()
	sub, err := c.nc.ChanSubscribe(inbox, replies)
	if err != nil {
		return func() {}
	}
	ask := func(to string) { c.nc.PublishRequest(subjStatus, to, []byte(workersOnly)) }
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer sub.Unsubscribe()
		t := time.NewTicker(max(interval, minWatch))
		defer t.Stop()
		ask(inbox)
		seen := map[string]bool{}
		var last map[string]bool // the workers yet to answer the last request
		var lastInbox string     // where the answers to the last request come
		var deadline <-chan time.Time
		stopping := quit
		for {
			select {
			case m := <-replies:
				var st statusMsg
				if json.Unmarshal(m.Data, &st) != nil || st.Worker == nil {
					continue
				}
				ws := st.Worker
				at := time.Now()
				if ws.Time != 0 {
					at = time.Unix(0, ws.Time)
				}
				f(ws.Name, diagnostics.Sample{Time: at, RSS: ws.RSS, CPU: ws.CPU, Heap: ws.Heap, Spilled: ws.Spilled, Held: ws.Held})
				seen[ws.Name] = true
				if last != nil && m.Subject == lastInbox { // not a late answer to an earlier request
					delete(last, ws.Name)
					if len(last) == 0 {
						return
					}
				}
			case <-t.C:
				if last == nil {
					ask(inbox)
				}
			case <-stopping:
				stopping = nil
				last = make(map[string]bool, len(seen))
				for n := range seen {
					last[n] = true
				}
				for _, w := range c.Workers() {
					last[w.Name] = true
				}
				if len(last) == 0 {
					return
				}
				lastInbox = c.nc.NewRespInbox()
				fsub, err := c.nc.ChanSubscribe(lastInbox, replies)
				if err != nil {
					return
				}
				defer fsub.Unsubscribe()
				ask(lastInbox)
				deadline = time.After(2 * time.Second)
			case <-deadline:
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// unitKernel is the kernel of u's output task.
func unitKernel(u *unit) string {
	for _, t := range u.tasks {
		if t.Key.key() == u.out.key {
			return t.Kernel
		}
	}
	return ""
}

// Observe implements scheduler.Observable: the returned executor runs on
// the cluster as c does (Run and Persist), and while each run lasts
// calls trace with an Event for each unit a worker finishes for this
// client (the kernel of its output task, its key, the worker by name
// and by lane index, the worker's start and end times, the encoded bytes
// of its inputs and of its value; Value is nil, or for a store write a
// value whose WrittenBytes method says the bytes written), an EventSpill
// or EventLoad for each of the client's values a worker wrote to its
// spill file or read back (reported with the worker's next result to
// the client: its key, the worker by name, the worker's times, the
// encoded bytes in BytesIn and BytesOut), and progress with the
// run's units done of those it had to compute. They are called in
// order from one goroutine per run, and all have been called when the
// run returns.
func (c *Client) Observe(progress func(scheduler.Progress), trace func(scheduler.Event)) scheduler.Executor {
	return observedClient{c, progress, trace}
}

type observedClient struct {
	c        *Client
	progress func(scheduler.Progress)
	trace    func(scheduler.Event)
}

func (o observedClient) Run(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	ob := o.c.observe(o.progress, o.trace)
	defer ob.close(o.c)
	return o.c.run(ctx, g, keys, ob)
}

func (o observedClient) Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	ob := o.c.observe(o.progress, o.trace)
	defer ob.close(o.c)
	return o.c.persist(ctx, g, keys, ob)
}

// observer delivers one run's events, in order, from a goroutine of its
// own, so that the client never waits for a slow progress bar.
type observer struct {
	progress func(scheduler.Progress)
	trace    func(scheduler.Event)

	// pending holds the keys the run computes, total their number and
	// done those finished; guarded by Client.mu.
	pending     map[*keyState]struct{}
	total, done int

	mu    sync.Mutex
	queue []any // Events and Progresses to deliver; guarded by mu
	wake  chan struct{}
	ended chan struct{}
	quit  bool // guarded by mu
}

// observe registers an observer: from now on task messages ask for
// traces.
func (c *Client) observe(progress func(scheduler.Progress), trace func(scheduler.Event)) *observer {
	ob := &observer{progress: progress, trace: trace, wake: make(chan struct{}, 1), ended: make(chan struct{})}
	go ob.deliver()
	c.mu.Lock()
	if c.ev.observers == nil {
		c.ev.observers = make(map[*observer]struct{})
	}
	c.ev.observers[ob] = struct{}{}
	c.mu.Unlock()
	return ob
}

// expect sets ob's run's keys to compute: those of kss and,
// recursively, their inputs that are being computed. A nil ob does
// nothing.
func (c *Client) expect(ob *observer, kss []*keyState) {
	if ob == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ob.pending = make(map[*keyState]struct{})
	var walk func(ks *keyState)
	walk = func(ks *keyState) {
		if ks.u == nil || ks.state != kWaiting {
			return
		}
		if _, ok := ob.pending[ks]; ok {
			return
		}
		ob.pending[ks] = struct{}{}
		for _, in := range ks.u.inputs {
			walk(in)
		}
	}
	for _, ks := range kss {
		walk(ks)
	}
	ob.total = len(ob.pending)
}

// observeResult passes a worker's result for ks to the observers.
// Callers hold mu.
func (c *Client) observeResult(worker string, r *resultMsg, ks *keyState) {
	if len(c.ev.observers) == 0 || r.Trace == nil {
		return
	}
	for _, io := range r.Trace.IO {
		kind := scheduler.EventSpill
		if io.Load {
			kind = scheduler.EventLoad
		}
		c.observeEvent(scheduler.Event{Kind: kind, Key: io.Key.key(), Worker: -1, WorkerName: worker,
			Start: time.Unix(0, io.Start), End: time.Unix(0, io.End), BytesIn: io.Size, BytesOut: io.Size})
	}
	if r.Err != "" || r.Missing != nil {
		return
	}
	if c.ev.workerIndex == nil {
		c.ev.workerIndex = make(map[string]int)
	}
	idx, ok := c.ev.workerIndex[worker]
	if !ok {
		idx = len(c.ev.workerIndex)
		c.ev.workerIndex[worker] = idx
	}
	ev := scheduler.Event{Kind: scheduler.EventTask, Key: ks.key, Kernel: r.Trace.Kernel, Worker: idx, WorkerName: worker,
		Start: time.Unix(0, r.Trace.Start), End: time.Unix(0, r.Trace.End), BytesOut: r.Size}
	if r.Written > 0 {
		ev.Value = written(r.Written)
	}
	if ks.u != nil {
		for _, in := range ks.u.inputs {
			ev.BytesIn += in.size
		}
	}
	c.observeEvent(ev)
}

// observeEvent passes ev to the observers that trace. Callers hold mu.
func (c *Client) observeEvent(ev scheduler.Event) {
	for ob := range c.ev.observers {
		if ob.trace != nil {
			ob.push(ev)
		}
	}
}

// written stands for the value of a store write on a worker in an
// Event: the bytes it wrote, for progress bars.
type written int64

// WrittenBytes returns the bytes written.
func (w written) WrittenBytes() int64 { return int64(w) }

// observeFinished counts ks, now in memory, for the runs computing it.
// Callers hold mu.
func (c *Client) observeFinished(ks *keyState) {
	for ob := range c.ev.observers {
		if _, ok := ob.pending[ks]; ok {
			delete(ob.pending, ks)
			ob.done++
			if ob.progress != nil {
				ob.push(scheduler.Progress{Done: ob.done, Total: ob.total})
			}
		}
	}
}

func (ob *observer) push(x any) {
	ob.mu.Lock()
	ob.queue = append(ob.queue, x)
	ob.mu.Unlock()
	select {
	case ob.wake <- struct{}{}:
	default:
	}
}

func (ob *observer) deliver() {
	defer close(ob.ended)
	for {
		ob.mu.Lock()
		q, quit := ob.queue, ob.quit
		ob.queue = nil
		ob.mu.Unlock()
		for _, x := range q {
			switch x := x.(type) {
			case scheduler.Event:
				ob.trace(x)
			case scheduler.Progress:
				ob.progress(x)
			}
		}
		if quit && len(q) == 0 {
			return
		}
		if !quit {
			<-ob.wake
		}
	}
}

// close unregisters ob and returns once everything it queued was
// delivered.
func (ob *observer) close(c *Client) {
	c.mu.Lock()
	delete(c.ev.observers, ob)
	c.mu.Unlock()
	ob.mu.Lock()
	ob.quit = true
	ob.mu.Unlock()
	select {
	case ob.wake <- struct{}{}:
	default:
	}
	<-ob.ended
}
