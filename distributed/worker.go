package distributed

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chunkwise/chunkwise/scheduler"
)

// WorkerOptions configures a worker (RunWorker, `chunkwise worker`).
type WorkerOptions struct {
	// NThreads is the number of task slots (default GOMAXPROCS).
	NThreads int
	// MemoryLimit is the worker's budget in bytes: 0 means
	// scheduler.DefaultMemoryLimit() (a share of the machine's or the
	// cgroup's memory), a negative value none. The values the worker
	// holds (persisted chunks, scattered data, results) and the inputs
	// of its running tasks are kept within it by spilling held values,
	// least recently used first, to Dir and reading them back when
	// used; clients send it no task whose inputs exceed it, and a task
	// spills within it as the local executor does.
	MemoryLimit int64
	// Listen is the data plane's address, host:port (default
	// 127.0.0.1:0, a free port on loopback).
	Listen string
	// Advertise is the host (or host:port) other workers and clients
	// reach the data plane at. By default it is the address listened
	// on, and for a listener on all interfaces (0.0.0.0:PORT, :PORT)
	// the first address of an interface that is up and not loopback.
	Advertise string
	// Dir is where the worker and its tasks spill under MemoryLimit,
	// each in a directory of its own removed when done; default the
	// system's temporary directory.
	Dir string
	// Name names the worker in the cluster (default host-pid-random);
	// characters other than letters, digits, '-' and '_' become '-'.
	Name string
	// Token is the data plane's token; by default the one the cluster
	// publishes in its KV bucket.
	Token string
	// User, Password, NKeySeedFile, CredsFile, TLS and Timeout are the
	// NATS credentials and timeout, as in Options.
	User, Password string
	NKeySeedFile   string
	CredsFile      string
	TLS            *tls.Config
	Timeout        time.Duration
}

func (o WorkerOptions) conn() Options {
	return Options{User: o.User, Password: o.Password, NKeySeedFile: o.NKeySeedFile, CredsFile: o.CredsFile,
		TLS: o.TLS, Timeout: o.Timeout, Token: o.Token}
}

var badName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// RunWorker runs a worker in this process until ctx ends: it connects to
// the NATS server at natsURL, serves its data plane, and runs the tasks
// clients send with the kernels and functions registered in this binary.
// An unreachable server, bad credentials or a data-plane address that
// cannot be bound are errors returned at once.
func RunWorker(ctx context.Context, natsURL string, opts WorkerOptions) error {
	return runWorker(ctx, natsURL, nil, opts, nil)
}

type worker struct {
	name  string
	opts  WorkerOptions
	nc    *nats.Conn
	js    jetstream.JetStream
	token string
	st    *store
	ds    *dataServer
	hc    *http.Client
	slots chan struct{}    // a unit holds one while it runs
	msgs  chan struct{}    // a task message holds one until it is acked (2×slots+2: the next messages are fetched while results await their acks)
	local *scheduler.Local // the memory limit and spill directory of units
	ev    workerEvents     // status and traces (events.go)

	mu   sync.Mutex
	seen map[string]time.Time // clients' last heartbeat; guarded by mu
	gone map[string]bool      // clients that went away; guarded by mu
}

// runWorker runs a worker connected to url, or in-process to s when s is
// not nil; started, if not nil, is called once it is registered.
func runWorker(ctx context.Context, url string, s *server.Server, opts WorkerOptions, started func(*worker)) error {
	if opts.NThreads <= 0 {
		opts.NThreads = runtime.GOMAXPROCS(0)
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = scheduler.DefaultMemoryLimit()
	}
	if opts.MemoryLimit < 0 {
		opts.MemoryLimit = -1
	}
	if opts.Name == "" {
		host, _ := os.Hostname()
		opts.Name = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), randomID(3))
	}
	name := badName.ReplaceAllString(opts.Name, "-")
	w := &worker{name: name, opts: opts, st: newStore(opts.MemoryLimit, opts.Dir, name), hc: newHTTPClient(),
		slots: make(chan struct{}, opts.NThreads), msgs: make(chan struct{}, 2*opts.NThreads+2),
		seen: make(map[string]time.Time), gone: make(map[string]bool),
		local: &scheduler.Local{MemoryLimit: opts.MemoryLimit, SpillDir: opts.Dir, HeldBudget: true}}
	// The worker's budget holds the process's soft memory limit (added
	// to others in the same process) for its life; its units' runs
	// share it.
	defer scheduler.HoldMemory(opts.MemoryLimit)()
	nc, js, err := connect(ctx, url, s, opts.conn(), "chunkwise worker "+w.name)
	if err != nil {
		return err
	}
	defer nc.Close()
	w.nc, w.js = nc, js
	tctx, cancel := context.WithTimeout(ctx, opts.conn().timeout())
	defer cancel()
	if w.token = opts.Token; w.token == "" {
		if w.token, err = readToken(tctx, js); err != nil {
			return err
		}
	}
	defer w.st.close()
	if w.ds, err = startDataServer(opts.Listen, opts.Advertise, w.token, w.st); err != nil {
		return err
	}
	defer w.ds.close()
	pinned, err := w.consumer(tctx, "w-"+w.name, subjWorker(w.name))
	if err != nil {
		return err
	}
	shared, err := w.consumer(tctx, anyConsumer, subjAny)
	if err != nil {
		return err
	}
	wkv, err := js.KeyValue(tctx, workersBucket)
	if err != nil {
		return err
	}
	ckv, err := js.KeyValue(tctx, clientsBucket)
	if err != nil {
		return err
	}
	sub, err := nc.Subscribe(subjCtl(w.name), func(m *nats.Msg) {
		var r releaseMsg
		if json.Unmarshal(m.Data, &r) == nil {
			keys := make([]scheduler.Key, len(r.Keys))
			for i, k := range r.Keys {
				keys[i] = k.key()
			}
			w.st.release(r.Client, keys)
		}
	})
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	ssub, err := w.serveStatus()
	if err != nil {
		return err
	}
	defer ssub.Unsubscribe()
	info, _ := json.Marshal(workerInfo{Name: w.name, URL: w.ds.url, Slots: opts.NThreads,
		Memory: max(opts.MemoryLimit, 0), Version: protocolVersion})
	if _, err := wkv.Put(tctx, w.name, info); err != nil {
		return fmt.Errorf("distributed: registering worker %s: %w", w.name, err)
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		wkv.Delete(dctx, w.name)
		js.DeleteConsumer(dctx, tasksStream, "w-"+w.name)
	}()
	if started != nil {
		started(w)
	}
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); w.pull(ctx, pinned, "w-"+w.name, subjWorker(w.name)) }()
	go func() { defer wg.Done(); w.pull(ctx, shared, anyConsumer, subjAny) }()
	go func() { defer wg.Done(); w.watchClients(ctx, ckv) }()
	go func() {
		defer wg.Done()
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				pctx, cancel := context.WithTimeout(ctx, deadAfter)
				wkv.Put(pctx, w.name, info)
				cancel()
			}
		}
	}()
	wg.Wait()
	// Let running task messages finish their acks.
	for range cap(w.msgs) {
		w.msgs <- struct{}{}
	}
	return nil
}

func (w *worker) consumer(ctx context.Context, durable, subject string) (jetstream.Consumer, error) {
	c, err := w.js.CreateOrUpdateConsumer(ctx, tasksStream, jetstream.ConsumerConfig{Durable: durable,
		FilterSubject: subject, AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait,
		MaxDeliver: maxDeliver, MaxAckPending: maxAckPending})
	if err != nil {
		return nil, fmt.Errorf("distributed: consumer %s: %w", durable, err)
	}
	return c, nil
}

// pull takes task messages from one consumer, one at a time while a
// message slot is free, and runs each on its own goroutine.
func (w *worker) pull(ctx context.Context, c jetstream.Consumer, durable, subject string) {
	for ctx.Err() == nil {
		select {
		case w.msgs <- struct{}{}:
		case <-ctx.Done():
			return
		}
		fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		batch, err := c.Fetch(1, jetstream.FetchContext(fctx))
		var msg jetstream.Msg
		if err == nil {
			for m := range batch.Messages() {
				msg = m
			}
			err = batch.Error()
		}
		cancel()
		if msg == nil {
			<-w.msgs
			if err != nil && ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
				if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) {
					// A client took this worker for dead and removed
					// its consumer: make it again.
					rctx, cancel := context.WithTimeout(ctx, time.Second)
					if nc, err := w.consumer(rctx, durable, subject); err == nil {
						c = nc
					}
					cancel()
				}
				select {
				case <-time.After(100 * time.Millisecond):
				case <-ctx.Done():
				}
			}
			continue
		}
		go func() {
			defer func() { <-w.msgs }()
			w.handle(ctx, msg)
		}()
	}
}

// handle runs the units of one task message, publishes their results
// and then acks the message; until then it keeps the lease alive.
func (w *worker) handle(ctx context.Context, msg jetstream.Msg) {
	var tm taskMsg
	if err := json.Unmarshal(msg.Data(), &tm); err != nil {
		msg.Term()
		return
	}
	w.mu.Lock()
	gone := w.gone[tm.Client]
	if _, ok := w.seen[tm.Client]; !ok && !gone {
		w.seen[tm.Client] = time.Now()
	}
	w.mu.Unlock()
	if gone {
		msg.Ack() // its client went away: nobody wants the results
		return
	}
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(ackWait / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	}()
	defer close(stop)
	out := &doneBatcher{w: w, client: tm.Client, batch: tm.Batch}
	if md, err := msg.Metadata(); err == nil && md.NumDelivered >= uint64(maxDeliver) {
		b, _ := json.Marshal(doneMsg{Worker: w.name, Batch: tm.Batch, LastTry: true})
		w.js.Publish(ctx, subjEvents(tm.Client), b)
	}
	var wg sync.WaitGroup
	w.ev.queued.Add(int64(len(tm.Units)))
	for i := range tm.Units {
		select {
		case w.slots <- struct{}{}:
		case <-ctx.Done():
			w.ev.queued.Add(-int64(len(tm.Units) - i))
			return // not acked: redelivered elsewhere
		}
		w.ev.queued.Add(-1)
		wg.Add(1)
		go func(u *unitMsg) {
			defer wg.Done()
			start := time.Now()
			r := w.runUnit(ctx, tm.Client, u)
			io := w.st.takeIO(tm.Client)
			if tm.Trace {
				r.Trace = traceUnit(u, start)
				r.Trace.IO = io
			}
			<-w.slots
			out.add(r)
		}(&tm.Units[i])
	}
	wg.Wait()
	if ctx.Err() != nil {
		return
	}
	if err := out.flush(true); err != nil {
		return // not acked: redelivered, the results published again
	}
	msg.Ack()
}

// doneBatcher collects a task message's results and publishes them in
// done messages: at once when a large result is ready (its dependents
// wait for it), in groups otherwise, a group going at most resultDelay
// after its first result (the client waits for them to send more work,
// and the message's other units may share the slots with other
// messages' for a long while).
type doneBatcher struct {
	w      *worker
	client string
	batch  uint64

	mu      sync.Mutex
	pending []resultMsg
	bytes   int
	acks    []jetstream.PubAckFuture
	err     error
}

const resultDelay = time.Millisecond

func (d *doneBatcher) add(r resultMsg) {
	d.mu.Lock()
	d.pending = append(d.pending, r)
	d.bytes += len(r.Data) + len(r.Err) + 64
	now := r.Size >= smallValue || d.bytes > maxMessage/2
	if !now && len(d.pending) == 1 {
		time.AfterFunc(resultDelay, func() { d.flush(false) })
	}
	d.mu.Unlock()
	if now {
		d.flush(false)
	}
}

// flush publishes the pending results; with wait it also waits for
// every publish so far to be stored.
func (d *doneBatcher) flush(wait bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.pending) > 0 {
		b, _ := json.Marshal(doneMsg{Worker: d.w.name, Batch: d.batch, Results: d.pending})
		d.pending, d.bytes = nil, 0
		f, err := d.w.js.PublishAsync(subjEvents(d.client), b)
		if err != nil && d.err == nil {
			d.err = err
		}
		if f != nil {
			d.acks = append(d.acks, f)
		}
	}
	if !wait {
		return nil
	}
	timeout := time.After(10 * time.Second)
	for _, f := range d.acks {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			if d.err == nil {
				d.err = err
			}
		case <-timeout:
			if d.err == nil {
				d.err = errors.New("distributed: publishing results timed out")
			}
		}
	}
	d.acks = nil
	return d.err
}

// runUnit fetches a unit's inputs, runs its tasks and keeps or returns
// the result.
func (w *worker) runUnit(ctx context.Context, client string, u *unitMsg) resultMsg {
	out := u.Out.key()
	res := resultMsg{Key: u.Out}
	fail := func(k scheduler.Key, err error) resultMsg {
		var te *scheduler.TaskError
		if errors.As(err, &te) {
			k, err = te.Key, te.Err
		}
		wk := toWire(k)
		res.Err, res.ErrKey = err.Error(), &wk
		return res
	}
	inputs := make(map[scheduler.Key]any, len(u.Inputs))
	for _, in := range u.Inputs {
		k := in.Key.key()
		if len(in.Data) > 0 {
			v, err := scheduler.DecodeValue(in.Data)
			if err != nil {
				return fail(out, fmt.Errorf("decoding input %v: %w", k, err))
			}
			inputs[k] = v
			continue
		}
		v, done, ok, err := w.st.acquire(client, k)
		if err != nil {
			return fail(out, fmt.Errorf("input %v: %w", k, err))
		}
		if ok {
			defer done()
			inputs[k] = v
			continue
		}
		var n int64
		err = errGone
		for _, url := range in.URLs {
			if url == w.ds.url {
				continue
			}
			if v, n, err = fetch(ctx, w.hc, url, w.token, client, k); err == nil {
				break
			}
		}
		if err != nil {
			if errors.Is(err, errGone) {
				wk := toWire(k)
				res.Missing = &wk
				return res
			}
			return fail(out, fmt.Errorf("fetching input %v: %w", k, err))
		}
		inputs[k] = v
		// Fetched inputs count against the budget while the unit runs.
		w.st.reserve(n)
		defer w.st.unreserve(n)
	}
	// The result to be counts against the budget while the unit runs.
	done := w.st.coming()
	defer done()
	tasks := make([]scheduler.KeyTask, len(u.Tasks))
	for i, t := range u.Tasks {
		ins := make([]scheduler.Key, len(t.Inputs))
		for j, k := range t.Inputs {
			ins[j] = k.key()
		}
		tasks[i] = scheduler.KeyTask{Key: t.Key.key(), Task: scheduler.Task{Kernel: t.Kernel, Params: t.Params,
			Inputs: ins, Inline: t.Inline}}
	}
	v, err := scheduler.RunUnit(ctx, w.local, tasks, inputs, out)
	if err != nil {
		return fail(out, err)
	}
	parts, err := encodeValue(v)
	if err != nil {
		return fail(out, fmt.Errorf("the result cannot be sent: %w", err))
	}
	res.Size = encodedSize(parts)
	if wb, ok := v.(interface{ WrittenBytes() int64 }); ok {
		res.Written = wb.WrittenBytes()
	}
	done() // the result itself counts from here
	if res.Size < smallValue {
		res.Data = joined(parts)
	} else {
		w.st.put(client, out, v, parts)
	}
	return res
}

// watchClients follows clients' heartbeats and drops the values of a
// client that went away (deleted its entry or stopped beating).
func (w *worker) watchClients(ctx context.Context, kv jetstream.KeyValue) {
	watch, err := kv.WatchAll(ctx)
	if err != nil {
		return
	}
	defer watch.Stop()
	t := time.NewTicker(heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-watch.Updates():
			if !ok {
				return
			}
			if e == nil {
				continue
			}
			w.mu.Lock()
			if e.Operation() == jetstream.KeyValuePut {
				w.seen[e.Key()] = time.Now()
			} else {
				delete(w.seen, e.Key())
				w.gone[e.Key()] = true
				w.st.dropClient(e.Key())
			}
			w.mu.Unlock()
		case <-t.C:
			now := time.Now()
			for _, c := range w.st.clients() {
				w.mu.Lock()
				last, ok := w.seen[c]
				if !ok {
					w.seen[c] = now
				} else if now.Sub(last) > 2*deadAfter {
					delete(w.seen, c)
					w.gone[c] = true
					w.st.dropClient(c)
				}
				w.mu.Unlock()
			}
		}
	}
}
