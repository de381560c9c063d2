package distributed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chunkwise/chunkwise/scheduler"
)

// Client is a program's handle on a cluster: it holds the scheduler
// state of everything the program computes there (see the package
// documentation) and implements scheduler.Executor, so that
// array.WithExecutor(c) and delayed.WithExecutor(c) run on the cluster.
// Its methods are safe for concurrent use.
type Client struct {
	id     string
	opts   Options
	nc     *nats.Conn
	js     jetstream.JetStream
	token  string
	hc     *http.Client
	ctx    context.Context // ends when the client closes
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	keys      map[scheduler.Key]*keyState // every key wanted or held; guarded by mu
	workers   map[string]*workerState     // live workers of our version; guarded by mu
	foreign   map[string]int              // live workers of another version; guarded by mu
	held      map[string]*unitQueue       // ready units not yet published, by target ("" any); guarded by mu
	batches   map[uint64]*batch           // published task messages; guarded by mu
	nextBatch uint64
	prio      int64                // priority base of the next submission
	anyOut    int                  // task messages on the shared subject not done
	release   map[string][]wireKey // keys to drop, by worker
	noWorkers time.Time            // since when no worker is live (zero: some are)
	uploaded  map[string]int64     // bytes uploaded to each worker; guarded by mu
	upload    chan struct{}        // bounds concurrent uploads
	kick      chan struct{}        // wakes the dispatcher (units wait to be gathered)
	closed    bool
	ev        clientEvents // observed runs and dashboards (events.go); guarded by mu
	dash      *dashServer  // Options.Dashboard's server, or nil
	closeOnce sync.Once
}

// WorkerInfo describes a live worker.
type WorkerInfo struct {
	Name   string // the worker's name
	URL    string // its data plane
	Slots  int    // task slots
	Memory int64  // budget in bytes (0: none)
}

type workerState struct {
	info        workerInfo
	seen        time.Time
	outstanding int       // units published to its subject, not done
	rate        float64   // pinned units it finishes per second (finished)
	count       int       // pinned units finished since since
	since       time.Time // start of the span counted
}

type kstate uint8

const (
	kIdle     kstate = iota // known, not (or no longer) available and not scheduled
	kWaiting                // being computed or uploaded
	kMemory                 // available: small copy here or held by workers
	kErr                    // failed
	kReleased               // nobody wants it any more
)

// keyState is the client's record of one key.
type keyState struct {
	key      scheduler.Key
	u        *unit // the unit computing it; nil for data (scattered or a literal)
	state    kstate
	where    []string // workers holding it (values of smallValue bytes or more)
	small    []byte   // the encoded value, when small
	size     int64    // encoded bytes
	data     any      // data too large to keep encoded: kept to upload again
	err      error
	refs     int           // futures and runs holding it, and units waiting for it
	waiting  []*unit       // units waiting for it
	ready    chan struct{} // closed when it is in memory or failed; remade when lost
	finished chan struct{} // closed the first time it is in memory or failed
}

type ustate uint8

const (
	uIdle      ustate = iota // not needed (or finished)
	uWaiting                 // waits for inputs
	uHeld                    // ready, held by the client
	uPublished               // sent to a worker
)

// unit is the work that computes one key: a fused chain of tasks.
type unit struct {
	out     *keyState
	tasks   []taskWire
	inputs  []*keyState
	prio    int64
	missing int
	state   ustate
	target  string // held[target] / the subject it was published to
	batch   uint64
	pos     int // index in its held queue
	tries   int // times a worker died while it had the unit
}

type batch struct {
	lastTry string // the worker running the message's last delivery
	target  string // "" for the shared subject
	units   []*unit
	pending map[scheduler.Key]struct{} // units without a result yet
}

// Connect joins the cluster whose NATS server is at url (a
// comma-separated list for a NATS cluster). An unreachable address, bad
// credentials or a cluster without a data-plane token are errors
// returned within opts.Timeout.
func Connect(ctx context.Context, url string, opts Options) (*Client, error) {
	return connectClient(ctx, url, nil, opts)
}

func connectClient(ctx context.Context, url string, s *server.Server, opts Options) (*Client, error) {
	id := "c" + randomID(8)
	nc, js, err := connect(ctx, url, s, opts, "chunkwise client "+id)
	if err != nil {
		return nil, err
	}
	c := &Client{id: id, opts: opts, nc: nc, js: js, hc: newHTTPClient(),
		keys: make(map[scheduler.Key]*keyState), workers: make(map[string]*workerState),
		foreign: make(map[string]int), held: make(map[string]*unitQueue), batches: make(map[uint64]*batch),
		release: make(map[string][]wireKey), noWorkers: time.Now(), uploaded: make(map[string]int64),
		upload: make(chan struct{}, 4), kick: make(chan struct{}, 1)}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	fail := func(err error) (*Client, error) {
		c.cancel()
		c.dash.close()
		nc.Close()
		return nil, err
	}
	tctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	if c.token = opts.Token; c.token == "" {
		if c.token, err = readToken(tctx, js); err != nil {
			return fail(err)
		}
	}
	ckv, err := js.KeyValue(tctx, clientsBucket)
	if err != nil {
		return fail(err)
	}
	if _, err := ckv.Put(tctx, c.id, []byte("{}")); err != nil {
		return fail(err)
	}
	wkv, err := js.KeyValue(tctx, workersBucket)
	if err != nil {
		return fail(err)
	}
	if err := c.serveStatus(); err != nil {
		return fail(err)
	}
	if opts.Dashboard != "" {
		if c.dash, err = startDashboard(tctx, opts.Dashboard, nc, js); err != nil {
			return fail(err)
		}
	}
	watch, err := wkv.WatchAll(c.ctx)
	if err != nil {
		return fail(err)
	}
	cons, err := js.OrderedConsumer(tctx, eventsStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subjEvents(c.id)}})
	if err != nil {
		return fail(err)
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		var d doneMsg
		if json.Unmarshal(m.Data(), &d) == nil {
			c.onDone(&d)
		}
	})
	if err != nil {
		return fail(err)
	}
	c.wg.Add(2)
	go c.dispatcher()
	go func() {
		defer c.wg.Done()
		defer cc.Stop()
		defer watch.Stop()
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-c.ctx.Done():
				return
			case e, ok := <-watch.Updates():
				if !ok {
					return
				}
				if e != nil {
					c.onWorker(e)
				}
			case <-t.C:
				pctx, cancel := context.WithTimeout(c.ctx, deadAfter)
				ckv.Put(pctx, c.id, []byte("{}"))
				cancel()
				c.sweep()
			}
		}
	}()
	return c, nil
}

// Close cancels the client's tasks and releases its values on the
// workers (they drop everything of a client whose entry is gone);
// futures fail afterwards. Closing twice is harmless.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		for _, ks := range c.keys {
			if ks.state == kWaiting {
				ks.err = errClosed
				ks.state = kErr
				close(ks.ready)
				closeOnce(ks.finished)
			}
		}
		c.mu.Unlock()
		c.cancel()
		c.wg.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if kv, err := c.js.KeyValue(ctx, clientsBucket); err == nil {
			kv.Delete(ctx, c.id)
		}
		cancel()
		c.dash.close()
		c.nc.Close()
	})
	return nil
}

var errClosed = errors.New("distributed: client closed")

func closeOnce(ch chan struct{}) {
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// Workers returns the live workers of this client's version, by name.
func (c *Client) Workers() []WorkerInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]WorkerInfo, 0, len(c.workers))
	for _, w := range c.workers {
		out = append(out, WorkerInfo{Name: w.info.Name, URL: w.info.URL, Slots: w.info.Slots, Memory: w.info.Memory})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// onWorker handles a heartbeat or the departure of a worker.
func (c *Client) onWorker(e jetstream.KeyValueEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	name := e.Key()
	if e.Operation() != jetstream.KeyValuePut {
		c.workerGone(name)
		return
	}
	var info workerInfo
	if json.Unmarshal(e.Value(), &info) != nil || info.Name != name {
		return
	}
	if info.Version != protocolVersion {
		c.foreign[name] = info.Version
		return
	}
	w := c.workers[name]
	if w == nil {
		w = &workerState{}
		c.workers[name] = w
		defer c.dispatch() // a new worker gets work
	}
	w.info, w.seen = info, time.Now()
	c.noWorkers = time.Time{}
}

// sweep takes workers that stopped beating for dead and sends pending
// releases.
func (c *Client) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	for name, w := range c.workers {
		if now.Sub(w.seen) > deadAfter {
			c.workerGone(name)
		}
	}
	c.flushReleases()
}

// workerGone forgets a worker: what it held is lost (recomputed or
// uploaded again when still wanted), the units sent to its subject and
// held for it go elsewhere, its queue and consumer are removed. Callers
// hold mu.
func (c *Client) workerGone(name string) {
	delete(c.foreign, name)
	w := c.workers[name]
	if w == nil {
		return
	}
	delete(c.workers, name)
	if len(c.workers) == 0 {
		c.noWorkers = time.Now()
	}
	delete(c.release, name)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(c.ctx, 2*time.Second)
		defer cancel()
		if s, err := c.js.Stream(ctx, tasksStream); err == nil {
			s.Purge(ctx, jetstream.WithPurgeSubject(subjWorker(name)))
		}
		c.js.DeleteConsumer(ctx, tasksStream, "w-"+name)
	}()
	var again []*unit
	for id, b := range c.batches {
		if b.lastTry == name {
			// JetStream will not deliver the message again.
			for _, u := range b.units {
				if u.state == uPublished && u.batch == id {
					c.fail(u.out, &scheduler.TaskError{Key: u.out.key, Err: fmt.Errorf(
						"its worker died on each of %d deliveries", maxDeliver)})
				}
			}
			if b.target == "" {
				c.anyOut--
			}
			delete(c.batches, id)
			continue
		}
		if b.target != name {
			continue
		}
		for _, u := range b.units {
			if u.state == uPublished && u.batch == id {
				u.state = uIdle
				again = append(again, u)
			}
		}
		delete(c.batches, id)
	}
	if q := c.held[name]; q != nil {
		for _, u := range q.s {
			u.state = uIdle
			again = append(again, u)
		}
		delete(c.held, name)
	}
	for _, ks := range c.keys {
		if i := slices.Index(ks.where, name); i >= 0 {
			ks.where = slices.Delete(ks.where, i, i+1)
			if len(ks.where) == 0 && ks.small == nil && ks.state == kMemory {
				c.lost(ks)
			}
		}
	}
	for _, u := range again {
		if u.tries++; u.tries >= maxDeliver {
			c.fail(u.out, &scheduler.TaskError{Key: u.out.key, Err: fmt.Errorf(
				"its worker died each of %d times it was sent", u.tries)})
			continue
		}
		c.schedule(u)
	}
	c.dispatch()
}

// lost marks a value that no longer exists anywhere; if it is still
// wanted it is computed (or uploaded) again. Callers hold mu.
func (c *Client) lost(ks *keyState) {
	ks.state = kIdle
	ks.ready = make(chan struct{})
	if ks.refs > 0 {
		c.need(ks)
	}
}

// need makes sure ks becomes available: it schedules its unit (and,
// recursively, whatever of its inputs is missing) or uploads its data.
// Callers hold mu.
func (c *Client) need(ks *keyState) {
	if ks.state != kIdle {
		return
	}
	if ks.u == nil {
		if ks.small != nil {
			ks.state = kMemory
			close(ks.ready)
			closeOnce(ks.finished)
			return
		}
		if ks.data == nil {
			c.fail(ks, fmt.Errorf("distributed: value %v was lost and cannot be made again", ks.key))
			return
		}
		ks.state = kWaiting
		c.startUpload(ks, "")
		return
	}
	ks.state = kWaiting
	u := ks.u
	for _, in := range u.inputs {
		in.refs++
	}
	c.schedule(u)
}

// schedule readies u once its inputs are available. Callers hold mu;
// u's inputs are referenced.
func (c *Client) schedule(u *unit) {
	if u.out.state != kWaiting {
		return
	}
	u.missing = 0
	u.state = uWaiting
	for _, in := range u.inputs {
		switch in.state {
		case kMemory:
			continue
		case kErr:
			c.fail(u.out, in.err)
			return
		case kIdle, kReleased:
			if in.state == kReleased {
				in.state = kIdle
				c.keys[in.key] = in
			}
			c.need(in)
		}
		if in.state == kErr {
			c.fail(u.out, in.err)
			return
		}
		if in.state != kMemory {
			u.missing++
			if !slices.Contains(in.waiting, u) {
				in.waiting = append(in.waiting, u)
			}
		}
	}
	if u.missing == 0 {
		c.ready(u)
	}
}

// ready queues u for the worker holding most of its input bytes, or for
// any worker. Callers hold mu.
func (c *Client) ready(u *unit) {
	var need int64
	bytes := make(map[string]int64)
	for _, in := range u.inputs {
		if in.small == nil {
			need += in.size
			for _, w := range in.where {
				bytes[w] += in.size
			}
		}
	}
	if need > 0 && len(c.workers) > 0 {
		var most int64 = -1
		for _, w := range c.workers {
			most = max(most, budget(w))
		}
		if most > 0 && need > most {
			c.fail(u.out, &scheduler.TaskError{Key: u.out.key, Err: fmt.Errorf(
				"its inputs take %d bytes, more than any worker's memory limit (%d)", need, most)})
			return
		}
	}
	target := ""
	var best int64
	for w, n := range bytes {
		if c.workers[w] == nil {
			continue
		}
		if n > best || n == best && target != "" && c.load(w) < c.load(target) {
			target, best = w, n
		}
	}
	q := c.held[target]
	if q == nil {
		q = &unitQueue{}
		c.held[target] = q
	}
	u.state, u.target = uHeld, target
	q.push(u)
}

func budget(w *workerState) int64 {
	if w.info.Memory <= 0 {
		return 1 << 62
	}
	return w.info.Memory
}

func (c *Client) load(w string) int {
	n := c.workers[w].outstanding
	if q := c.held[w]; q != nil {
		n += q.Len()
	}
	return n
}

// fail records err as ks's outcome and fails every unit waiting for it.
// Callers hold mu.
func (c *Client) fail(ks *keyState, err error) {
	if ks.state == kErr || ks.state == kReleased {
		return
	}
	c.cancelUnit(ks.u)
	ks.state, ks.err = kErr, err
	close(ks.ready)
	closeOnce(ks.finished)
	waiting := ks.waiting
	ks.waiting = nil
	for _, u := range waiting {
		if u.state == uWaiting {
			c.fail(u.out, err)
		}
	}
}

// cancelUnit stops waiting for u (nil: none) if it has not finished:
// it leaves its queue, a result still to come is ignored, and its
// inputs lose a holder. Callers hold mu.
func (c *Client) cancelUnit(u *unit) {
	if u == nil || u.state == uIdle {
		return
	}
	if u.state == uHeld {
		c.held[u.target].remove(u)
	}
	u.state = uIdle
	for _, in := range u.inputs {
		c.unref(in)
	}
}

// finish records ks in memory, from a worker's result. Callers hold mu.
func (c *Client) finish(ks *keyState) {
	ks.state = kMemory
	c.observeFinished(ks)
	close(ks.ready)
	closeOnce(ks.finished)
	if u := ks.u; u != nil && u.state != uIdle {
		u.state = uIdle
		defer func() {
			for _, in := range u.inputs {
				c.unref(in)
			}
		}()
	}
	waiting := ks.waiting
	ks.waiting = nil
	for _, u := range waiting {
		if u.state == uWaiting {
			if u.missing--; u.missing == 0 {
				c.ready(u)
			}
		}
	}
}

// unref drops one holder of ks; the last one releases it. Callers hold
// mu.
func (c *Client) unref(ks *keyState) {
	if ks.refs--; ks.refs > 0 {
		return
	}
	c.cancelUnit(ks.u)
	for _, w := range ks.where {
		c.release[w] = append(c.release[w], toWire(ks.key))
	}
	ks.where = nil
	if ks.u != nil {
		ks.small = nil // computed again if wanted again; data keeps its copy
	}
	ks.state = kReleased
	ks.ready = make(chan struct{})
	delete(c.keys, ks.key)
}

func (c *Client) flushReleases() {
	for w, keys := range c.release {
		if len(keys) > 0 {
			b, _ := json.Marshal(releaseMsg{Client: c.id, Keys: keys})
			c.nc.Publish(subjCtl(w), b)
		}
		delete(c.release, w)
	}
}

// onDone handles a worker's results.
func (c *Client) onDone(d *doneMsg) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.batches[d.Batch]
	now := time.Now()
	if d.LastTry && b != nil {
		b.lastTry = d.Worker
	}
	for i := range d.Results {
		r := &d.Results[i]
		k := r.Key.key()
		if b == nil {
			// A batch already settled (the units went elsewhere).
		} else if _, ok := b.pending[k]; ok {
			delete(b.pending, k)
			if w := c.workers[b.target]; w != nil {
				w.outstanding--
				w.finished(now)
			}
		}
		ks := c.keys[k]
		if ks == nil {
			if r.Data == nil && r.Err == "" && r.Missing == nil {
				c.release[d.Worker] = append(c.release[d.Worker], r.Key) // nobody wants it
			}
			continue
		}
		c.observeResult(d.Worker, r, ks)
		u := ks.u
		current := u != nil && u.state == uPublished && u.batch == d.Batch
		switch {
		case r.Missing != nil:
			if !current {
				continue
			}
			u.state = uIdle
			if m := c.keys[r.Missing.key()]; m != nil && m.state == kMemory && m.small == nil {
				m.where = nil // no location answered
				c.lost(m)
			}
			c.schedule(u)
		case r.Err != "":
			if ks.state == kMemory || !current && ks.state != kWaiting {
				continue
			}
			ek := k
			if r.ErrKey != nil {
				ek = r.ErrKey.key()
			}
			c.fail(ks, &scheduler.TaskError{Key: ek, Err: errors.New(r.Err)})
		default:
			if r.Data == nil && c.workers[d.Worker] == nil {
				continue // held by a worker taken for dead
			}
			if ks.state == kMemory {
				if r.Data == nil && !slices.Contains(ks.where, d.Worker) {
					ks.where = append(ks.where, d.Worker)
				}
				continue
			}
			if ks.state != kWaiting {
				continue
			}
			ks.size = r.Size
			if r.Data != nil {
				ks.small = r.Data
			} else {
				ks.where = append(ks.where[:0], d.Worker)
			}
			c.finish(ks)
		}
	}
	if b != nil && len(b.pending) == 0 {
		if b.target == "" {
			c.anyOut--
		}
		delete(c.batches, d.Batch)
	}
	c.dispatch()
}

// window is how many units w may have outstanding on its own subject:
// enough for windowAhead of work at the rate it has been finishing them
// (a unit's round trip — publish, fetch, result publish, the done event,
// the next dispatch — takes a millisecond or more, several on a loaded
// machine, longer than many short tasks over local data: the sum of an
// 800 KB chunk takes 0.1 ms), and at least minWindow. The bound keeps a
// worker of long tasks from taking units another could steal.
func (w *workerState) window() int {
	slots := max(w.info.Slots, 1)
	return min(max(minWindow(slots), int(w.rate*windowAhead.Seconds())), 8*minWindow(slots))
}

// minWindow is the least pinned window of a worker with slots task slots.
func minWindow(slots int) int { return 16*slots + 16 }

// windowAhead is how much work, at its current rate, a worker's window
// holds.
const windowAhead = 50 * time.Millisecond

// finished records a pinned unit w finished at now, updating its rate
// (units per second, averaged over spans of at least 5 ms).
func (w *workerState) finished(now time.Time) {
	w.count++
	if dt := now.Sub(w.since); dt >= 5*time.Millisecond {
		w.rate = (w.rate + float64(w.count)/dt.Seconds()) / 2
		w.count, w.since = 0, now
	}
}

// gatherDelay is how long units for a busy worker wait to be published
// together when they come one at a time (Submit in a loop, Map, results
// readying dependents): each in a task message of its own, the
// messages, not the tasks, took the workers' time.
const gatherDelay = 500 * time.Microsecond

// dispatcher publishes what dispatch left to gather, gatherDelay after
// it asked (on kick), until the client closes.
func (c *Client) dispatcher() {
	defer c.wg.Done()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.kick:
		}
		time.Sleep(gatherDelay)
		c.mu.Lock()
		c.publishHeld(true)
		c.mu.Unlock()
	}
}

// dispatch publishes held units (see publishHeld), leaving a few for a
// busy worker to the dispatcher. Callers hold mu.
func (c *Client) dispatch() { c.publishHeld(false) }

// publishHeld publishes held units: to each worker's subject up to
// its window outstanding, in messages of at most a quarter of it so
// that a worker always has the next one while it runs one (fewer units
// for a worker with 2×slots outstanding wait for more, unless all is
// true, the dispatcher sending them within gatherDelay),
// idle workers taking units held for busy ones (work stealing), and
// units without a preferred worker on the shared subject in batches.
// Callers hold mu.
func (c *Client) publishHeld(all bool) {
	if c.closed || len(c.workers) == 0 {
		return
	}
	names := make([]string, 0, len(c.workers))
	slots := 0
	for n, w := range c.workers {
		names = append(names, n)
		slots += max(w.info.Slots, 1)
	}
	sort.Strings(names)
	// While a worker has nothing to do, the others keep to a quarter of
	// their least window, so that what they leave held is there to steal.
	idle := false
	for n, w := range c.workers {
		idle = idle || w.outstanding == 0 && (c.held[n] == nil || c.held[n].Len() == 0)
	}
	// Each worker first takes the units held for it; then a worker
	// running low takes from the longest queue held for another (or for
	// one that is gone).
	for _, steal := range []bool{false, true} {
		for _, n := range names {
			w := c.workers[n]
			slots := max(w.info.Slots, 1)
			window := w.window()
			if idle && !steal {
				window = minWindow(slots) / 4
			}
			if q := c.held[n]; !steal && !all && q != nil && w.outstanding >= 2*slots &&
				min(q.Len(), window-w.outstanding) < window/4 {
				select { // a few for a busy worker: gather more first
				case c.kick <- struct{}{}:
				default:
				}
				continue
			}
			var take []*unit
			for w.outstanding+len(take) < window {
				q := c.held[n]
				if steal {
					if w.outstanding+len(take) >= slots {
						break
					}
					q = c.longestOther(n)
				}
				if q == nil || q.Len() == 0 {
					break
				}
				take = append(take, q.pop())
			}
			if len(take) > 0 {
				w.outstanding += len(take)
				c.publish(n, take, max(window/4, 1))
			}
		}
	}
	q := c.held[""]
	if q == nil || q.Len() == 0 {
		c.flushReleases()
		return
	}
	// Task messages on the shared subject: at most two per slot in
	// flight; what waits meanwhile goes out in larger messages (up to 64
	// units), so that small tasks batch themselves under load.
	for q.Len() > 0 && c.anyOut < 2*slots {
		n := min(64, q.Len(), (q.Len()+len(names)-1)/len(names))
		take := make([]*unit, n)
		for i := range take {
			take[i] = q.pop()
		}
		c.anyOut += c.publish("", take, n)
	}
	c.flushReleases()
}

func (c *Client) longestOther(name string) *unitQueue {
	var best *unitQueue
	for n, q := range c.held {
		if n != name && n != "" && q.Len() > 0 && (best == nil || q.Len() > best.Len()) {
			best = q
		}
	}
	return best
}

// publish sends units to target's subject ("" the shared one), in as
// many messages as their size and maxUnits per message need, and returns
// how many. Callers hold mu.
func (c *Client) publish(target string, units []*unit, maxUnits int) int {
	subj := subjAny
	if target != "" {
		subj = subjWorker(target)
	}
	msg := taskMsg{Trace: c.tracing()}
	var us []*unit
	size, sent := 0, 0
	send := func() {
		if len(msg.Units) == 0 {
			return
		}
		c.nextBatch++
		sent++
		msg.Client, msg.Batch = c.id, c.nextBatch
		b := &batch{target: target, pending: make(map[scheduler.Key]struct{}, len(msg.Units))}
		for _, u := range us {
			u.state, u.batch, u.target = uPublished, msg.Batch, target
			b.units = append(b.units, u)
			b.pending[u.out.key] = struct{}{}
		}
		c.batches[msg.Batch] = b
		data, _ := json.Marshal(&msg)
		// An error here (the connection is down) leaves the units
		// published: if the message was lost, the worker's death or
		// the client's Close settles them.
		c.js.PublishAsync(subj, data)
		msg.Units, us, size = nil, nil, 0
	}
	for _, u := range units {
		um := unitMsg{Out: toWire(u.out.key), Tasks: u.tasks}
		n := 256
		for _, t := range u.tasks {
			n += len(t.Params)*4/3 + 64
		}
		for _, in := range u.inputs {
			im := inputMsg{Key: toWire(in.key), Data: in.small}
			if in.small == nil {
				for _, w := range in.where {
					if ws := c.workers[w]; ws != nil {
						im.URLs = append(im.URLs, ws.info.URL)
					}
				}
			}
			n += len(in.small)*4/3 + 128
			um.Inputs = append(um.Inputs, im)
		}
		if size+n > maxMessage || len(msg.Units) >= maxUnits {
			send()
		}
		msg.Units = append(msg.Units, um)
		us = append(us, u)
		size += n
	}
	send()
	return sent
}

// unitQueue is a min-heap of units by priority.
type unitQueue struct{ s []*unit }

func (q *unitQueue) Len() int { return len(q.s) }

func (q *unitQueue) push(u *unit) {
	u.pos = len(q.s)
	q.s = append(q.s, u)
	q.up(u.pos)
}

func (q *unitQueue) pop() *unit {
	u := q.s[0]
	q.remove(u)
	return u
}

func (q *unitQueue) remove(u *unit) {
	i := u.pos
	if i >= len(q.s) || q.s[i] != u {
		return
	}
	last := len(q.s) - 1
	q.swap(i, last)
	q.s = q.s[:last]
	if i < last {
		q.down(i)
		q.up(i)
	}
}

func (q *unitQueue) swap(i, j int) {
	q.s[i], q.s[j] = q.s[j], q.s[i]
	q.s[i].pos, q.s[j].pos = i, j
}

func (q *unitQueue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if q.s[p].prio <= q.s[i].prio {
			return
		}
		q.swap(i, p)
		i = p
	}
}

func (q *unitQueue) down(i int) {
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q.s) && q.s[l].prio < q.s[m].prio {
			m = l
		}
		if r < len(q.s) && q.s[r].prio < q.s[m].prio {
			m = r
		}
		if m == i {
			return
		}
		q.swap(i, m)
		i = m
	}
}
