package distributed

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Run implements scheduler.Executor: it sends the tasks keys need to the
// workers (keys the client already holds or computes are shared, literal
// values in the graph are uploaded), waits for them and gathers the
// values of keys. A failing task gives a *scheduler.TaskError naming its
// key; cancelling ctx gives ctx.Err(), and the tasks only this run
// wanted are dropped.
func (c *Client) Run(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	return c.run(ctx, g, keys, nil)
}

// run is Run, observed by ob when not nil.
func (c *Client) run(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key, ob *observer) ([]any, error) {
	kss, err := c.submitGraph(g, keys, nil)
	if err != nil {
		return nil, err
	}
	c.expect(ob, kss)
	defer c.drop(kss)
	// The graph's layers keep process-local resources alive (store
	// readers and writers that in-process workers look up by id).
	defer runtime.KeepAlive(g)
	return c.gather(ctx, kss)
}

// Persist computes keys like Run but leaves their values on the workers
// and returns, for each, a *Future holding it there. A graph that holds
// such a future as a literal (array.PersistAll stores them as its
// blocks) reads the value where it is when it runs on this client.
func (c *Client) Persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key) ([]any, error) {
	return c.persist(ctx, g, keys, nil)
}

// persist is Persist, observed by ob when not nil.
func (c *Client) persist(ctx context.Context, g *scheduler.Graph, keys []scheduler.Key, ob *observer) ([]any, error) {
	kss, err := c.submitGraph(g, keys, nil)
	if err != nil {
		return nil, err
	}
	c.expect(ob, kss)
	defer c.drop(kss)
	defer runtime.KeepAlive(g) // as in Run
	for _, ks := range kss {
		if err := c.wait(ctx, ks); err != nil {
			return nil, err
		}
	}
	out := make([]any, len(kss))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, ks := range kss {
		out[i] = c.newFuture(ks)
	}
	return out, nil
}

// submitGraph lowers the tasks keys need into units, shares those the
// client already knows, and schedules them; the returned states are
// referenced once each (drop them). A task fuse maps to its dependent
// runs in that dependent's unit when it is the only one that uses it and
// no key asks for it.
func (c *Client) submitGraph(g *scheduler.Graph, keys []scheduler.Key, fuse map[scheduler.Key]scheduler.Key) ([]*keyState, error) {
	low, outs, err := g.Lower(keys)
	if err != nil {
		return nil, err
	}
	index := make(map[scheduler.Key]int32, len(low))
	for i := range low {
		index[low[i].Key] = int32(i)
	}
	if len(fuse) > 0 {
		fuseUnits(low, outs, index, fuse)
	}
	members := make(map[int32][]int32)
	var order []int32
	for i := range low {
		if u := low[i].Unit; u != int32(i) {
			members[u] = append(members[u], int32(i))
		} else {
			order = append(order, int32(i))
		}
	}
	sort.Slice(order, func(a, b int) bool { return low[order[a]].Priority < low[order[b]].Priority })
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errClosed
	}
	base := c.prio
	c.prio += int64(len(low)) + 1
	made := make(map[int32]*keyState, len(order))
	var created []*keyState
	undo := func(err error) ([]*keyState, error) {
		for _, ks := range created {
			delete(c.keys, ks.key)
		}
		return nil, err
	}
	for _, i := range order {
		l := &low[i]
		if ks := c.keys[l.Key]; ks != nil {
			made[i] = ks
			continue
		}
		ks := &keyState{key: l.Key, ready: make(chan struct{}), finished: make(chan struct{})}
		if l.Task.Kernel == "" {
			if err := c.literal(ks, l.Task.Value); err != nil {
				return undo(err)
			}
		} else {
			u := &unit{out: ks, prio: base + int64(l.Priority)}
			mem := append(members[i], i)
			sort.Slice(mem, func(a, b int) bool { return low[mem[a]].Priority < low[mem[b]].Priority })
			in := make(map[scheduler.Key]bool, len(mem))
			for _, m := range mem {
				in[low[m].Key] = true
			}
			seen := make(map[scheduler.Key]bool)
			for _, m := range mem {
				t := &low[m].Task
				tw := taskWire{Key: toWire(low[m].Key), Kernel: t.Kernel, Params: t.Params, Inline: t.Inline}
				for _, k := range t.Inputs {
					tw.Inputs = append(tw.Inputs, toWire(k))
					if in[k] || seen[k] {
						continue
					}
					seen[k] = true
					dep := made[low[index[k]].Unit]
					if dep == nil {
						return undo(fmt.Errorf("distributed: input %v of %v was not lowered", k, low[m].Key))
					}
					u.inputs = append(u.inputs, dep)
				}
				u.tasks = append(u.tasks, tw)
			}
			ks.u = u
		}
		c.keys[ks.key] = ks
		created = append(created, ks)
		made[i] = ks
	}
	out := make([]*keyState, len(outs))
	for o, i := range outs {
		out[o] = made[i]
		out[o].refs++
	}
	for _, ks := range out {
		if ks.state == kReleased {
			ks.state = kIdle
			c.keys[ks.key] = ks
		}
		c.need(ks)
	}
	c.dispatch()
	return out, nil
}

// fuseUnits moves each task fuse maps to a dependent (and what was fused
// into it) into that dependent's unit, when the dependent is the only
// task using it and it is not one of outs.
func fuseUnits(low []scheduler.Lowered, outs []int32, index map[scheduler.Key]int32, fuse map[scheduler.Key]scheduler.Key) {
	users := make([]int32, len(low)) // the task using each, -1 for several
	for i := range users {
		users[i] = -2
	}
	for _, o := range outs {
		users[o] = -1
	}
	for i := range low {
		for _, k := range low[i].Task.Inputs {
			switch j := index[k]; users[j] {
			case -2:
				users[j] = int32(i)
			case int32(i):
			default:
				users[j] = -1
			}
		}
	}
	up := make(map[int32]int32)
	for child, parent := range fuse {
		ci, ok := index[child]
		pi, ok2 := index[parent]
		if ok && ok2 && users[ci] == pi && low[ci].Unit == ci {
			up[ci] = pi
		}
	}
	head := func(i int32) int32 {
		for {
			if p, ok := up[i]; ok {
				i = p
			} else if u := low[i].Unit; u != i {
				i = u
			} else {
				return i
			}
		}
	}
	for i := range low {
		low[i].Unit = head(int32(i))
	}
}

// literal fills in ks for a literal value of a graph. Callers hold mu.
func (c *Client) literal(ks *keyState, v any) error {
	if f, ok := v.(*Future); ok {
		if f.c != c {
			return fmt.Errorf("distributed: future %v belongs to another client", f.key)
		}
		return fmt.Errorf("distributed: future %v was cancelled", f.key)
	}
	parts, err := encodeValue(v)
	if err != nil {
		return fmt.Errorf("distributed: value %v cannot be sent to the workers: %w", ks.key, err)
	}
	ks.size = encodedSize(parts)
	if ks.size < smallValue {
		ks.small = joined(parts)
	} else {
		ks.data = v
	}
	return nil
}

// drop releases references taken by submitGraph.
func (c *Client) drop(kss []*keyState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ks := range kss {
		c.unref(ks)
	}
	c.dispatch()
}

// startUpload sends data ks to a worker, retrying on others while
// workers come and go. Callers hold mu; ks is waiting.
func (c *Client) startUpload(ks *keyState, _ string) {
	data := ks.data
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		parts, err := encodeValue(data)
		deadline := time.Now().Add(c.workerWait())
		for err == nil {
			select {
			case c.upload <- struct{}{}:
			case <-c.ctx.Done():
				return
			}
			c.mu.Lock()
			name, url := c.uploadTarget()
			c.mu.Unlock()
			if name != "" {
				err = upload(c.ctx, c.hc, url, c.token, c.id, ks.key, parts)
			}
			<-c.upload
			if name != "" && err == nil {
				c.mu.Lock()
				if ks.state == kWaiting && c.workers[name] != nil {
					ks.where = append(ks.where[:0], name)
					c.uploaded[name] += ks.size
					c.finish(ks)
					c.dispatch()
				}
				c.mu.Unlock()
				return
			}
			if c.ctx.Err() != nil {
				return
			}
			if time.Now().After(deadline) {
				if err == nil {
					err = errors.New("no worker to upload to")
				}
				break
			}
			err = nil
			time.Sleep(50 * time.Millisecond)
		}
		c.mu.Lock()
		if ks.state == kWaiting {
			c.fail(ks, fmt.Errorf("distributed: uploading %v: %w", ks.key, err))
		}
		c.mu.Unlock()
	}()
}

// uploadTarget returns the live worker that received the fewest
// uploaded bytes. Callers hold mu.
func (c *Client) uploadTarget() (name, url string) {
	var least int64 = -1
	for n, w := range c.workers {
		if b := c.uploaded[n]; least < 0 || b < least || b == least && n < name {
			name, url, least = n, w.info.URL, b
		}
	}
	return name, url
}

// workerWait is how long a computation waits for a worker to join.
func (c *Client) workerWait() time.Duration { return 3 * c.opts.timeout() }

// wait blocks until ks is in memory or failed.
func (c *Client) wait(ctx context.Context, ks *keyState) error {
	var tick *time.Ticker
	for {
		c.mu.Lock()
		st, ch, err := ks.state, ks.ready, ks.err
		closed, since, foreign := c.closed, c.noWorkers, maps(c.foreign)
		c.mu.Unlock()
		switch {
		case st == kMemory:
			return nil
		case st == kErr:
			return err
		case closed:
			return errClosed
		case st == kReleased:
			return fmt.Errorf("distributed: %v was released", ks.key)
		}
		if !since.IsZero() {
			if len(foreign) > 0 && time.Since(since) > c.opts.timeout() {
				return fmt.Errorf("distributed: no worker runs this client's protocol version %d (workers of other versions: %s)", protocolVersion, foreign)
			}
			if time.Since(since) > c.workerWait() {
				return fmt.Errorf("distributed: no worker joined the cluster within %v", c.workerWait())
			}
		}
		if tick == nil {
			tick = time.NewTicker(250 * time.Millisecond)
			defer tick.Stop()
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		case <-c.ctx.Done():
			return errClosed
		}
	}
}

func maps(m map[string]int) string {
	var parts []string
	for n, v := range m {
		parts = append(parts, n+" v"+strconv.Itoa(v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// gather waits for kss and returns their values: small ones from the
// client's copies, the others fetched from the workers, a few at once.
func (c *Client) gather(ctx context.Context, kss []*keyState) ([]any, error) {
	for _, ks := range kss {
		if err := c.wait(ctx, ks); err != nil {
			return nil, err
		}
	}
	var total int64
	c.mu.Lock()
	for _, ks := range kss {
		if ks.small == nil {
			total += ks.size
		}
	}
	c.mu.Unlock()
	if avail := availableMemory(); avail > 0 && total > avail {
		return nil, fmt.Errorf("distributed: the results take %s, more than the memory this process may use (%s); persist them on the cluster or store them instead",
			scheduler.FormatBytes(total), scheduler.FormatBytes(avail))
	}
	out := make([]any, len(kss))
	errs := make([]error, len(kss))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, ks := range kss {
		c.mu.Lock()
		small := ks.small
		c.mu.Unlock()
		if small != nil {
			if out[i], errs[i] = scheduler.DecodeValue(small); errs[i] != nil {
				return nil, fmt.Errorf("distributed: decoding %v: %w", ks.key, errs[i])
			}
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i], errs[i] = c.fetchValue(ctx, ks)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fetchValue gets the value of ks from a worker holding it; when none
// answers it is computed again and fetched then.
func (c *Client) fetchValue(ctx context.Context, ks *keyState) (any, error) {
	for {
		if err := c.wait(ctx, ks); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if ks.small != nil {
			small := ks.small
			c.mu.Unlock()
			return scheduler.DecodeValue(small)
		}
		var name, url string
		if len(ks.where) > 0 {
			name = ks.where[0]
			if w := c.workers[name]; w != nil {
				url = w.info.URL
			}
		}
		c.mu.Unlock()
		var v any
		err := errGone
		if url != "" {
			v, _, err = fetch(ctx, c.hc, url, c.token, c.id, ks.key)
			if err == nil {
				return v, nil
			}
			if !errors.Is(err, errGone) {
				return nil, err
			}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.mu.Lock()
		if i := indexOf(ks.where, name); i >= 0 && ks.state == kMemory {
			ks.where = append(ks.where[:i], ks.where[i+1:]...)
			if len(ks.where) == 0 {
				c.lost(ks)
				c.dispatch()
			}
		}
		c.mu.Unlock()
	}
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

// availableMemory is the memory this process may use
// (scheduler.MachineMemory, 0 when unknown); tests replace it.
var availableMemory = scheduler.MachineMemory

// Future is a value being computed (or scattered) on the cluster, named
// by its key. It holds the value there until Cancel, the client's Close,
// or until the Future is garbage collected. A Future passed to Submit or
// Map, or inside a delayed call's arguments, stands for its value.
type Future struct {
	c    *Client
	ks   *keyState
	key  scheduler.Key
	hold *hold
	err  error // a construction error (nothing submitted)
}

type hold struct {
	c    *Client
	ks   *keyState
	once sync.Once
}

func (h *hold) drop() {
	h.once.Do(func() {
		h.c.mu.Lock()
		defer h.c.mu.Unlock()
		h.c.unref(h.ks)
		h.c.dispatch()
	})
}

// newFuture returns a future holding ks. Callers hold mu.
func (c *Client) newFuture(ks *keyState) *Future {
	ks.refs++
	h := &hold{c: c, ks: ks}
	f := &Future{c: c, ks: ks, key: ks.key, hold: h}
	runtime.AddCleanup(f, func(h *hold) { h.drop() }, h)
	return f
}

func failedFuture(err error) *Future { return &Future{err: err} }

// Key returns the key naming the future's value.
func (f *Future) Key() scheduler.Key { return f.key }

// Layer returns a layer holding the future as a literal, so that a
// Future can be passed wherever a delayed value is taken (delayed.Lazy).
func (f *Future) Layer() scheduler.Layer { return futureLayer{f} }

// Err returns the error of a future that could not be submitted (an
// argument that cannot be encoded, say), or nil.
func (f *Future) Err() error { return f.err }

// Done returns a channel closed once the future's value is ready or has
// failed (or the future could not be submitted).
func (f *Future) Done() <-chan struct{} {
	if f.err != nil {
		ch := make(chan struct{})
		close(ch)
		return ch
	}
	return f.ks.finished
}

// Wait blocks until the value is ready; it returns its error (a
// *scheduler.TaskError naming the key) or ctx's.
func (f *Future) Wait(ctx context.Context) error {
	if f.err != nil {
		return f.err
	}
	defer runtime.KeepAlive(f) // the future holds the value while we wait
	return f.c.wait(ctx, f.ks)
}

// Result waits for the value and returns it, fetched from the worker
// holding it. A failed task gives a *scheduler.TaskError naming its key.
func (f *Future) Result(ctx context.Context) (any, error) {
	if f.err != nil {
		return nil, f.err
	}
	defer runtime.KeepAlive(f) // the future holds the value while we wait
	out, err := f.c.gather(ctx, []*keyState{f.ks})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// Cancel releases the future's value: its task is dropped if nothing
// else needs it, and the workers forget the value. Using the future
// afterwards is an error.
func (f *Future) Cancel() {
	if f.hold != nil {
		f.hold.drop()
	}
}

// futureLayer is a future seen as a one-block layer: the future itself
// is the literal value of its key, which the client finds in its state.
type futureLayer struct{ f *Future }

func (l futureLayer) Name() string              { return l.f.key.Name }
func (l futureLayer) Inputs() []scheduler.Layer { return nil }
func (l futureLayer) NumBlocks() []int {
	idx := l.f.key.Block()
	for i := range idx {
		idx[i]++
	}
	return idx
}
func (l futureLayer) Task([]int) scheduler.Task { return scheduler.Task{Value: l.f} }

// Scatter sends values to the workers and returns a future for each.
// Values under 64 KiB stay with the client and travel inside the task
// messages that use them; larger ones are uploaded to the workers
// (spread by bytes) over the data plane. The client keeps a reference to
// each value so that a value lost with its worker is uploaded again:
// values must not be modified afterwards. A value that cannot be encoded
// is an error naming its index.
func (c *Client) Scatter(ctx context.Context, values []any) ([]*Future, error) {
	futs := make([]*Future, len(values))
	kss := make([]*keyState, len(values))
	c.mu.Lock()
	for i, v := range values {
		ks := &keyState{key: scheduler.NewKey("scatter-"+randomID(12), nil), ready: make(chan struct{}),
			finished: make(chan struct{})}
		if err := c.literal(ks, v); err != nil {
			c.mu.Unlock()
			for _, f := range futs[:i] {
				f.Cancel()
			}
			return nil, fmt.Errorf("distributed: scatter: value %d: %w", i, err)
		}
		c.keys[ks.key] = ks
		futs[i] = c.newFuture(ks)
		kss[i] = ks
		c.need(ks)
	}
	c.mu.Unlock()
	for _, ks := range kss {
		if err := c.wait(ctx, ks); err != nil {
			for _, f := range futs {
				f.Cancel()
			}
			return nil, err
		}
	}
	return futs, nil
}

// Submit calls fn on args on the cluster and returns a future for the
// result at once. Arguments are plain values (encoded with the rules of
// delayed.Wrap's cluster encoding: gob into the function's parameter
// types) or futures, at any depth of slices, arrays, maps and structs.
// The call's key is a hash of fn's name and its arguments, so equal
// calls run once. A call that cannot be built or whose arguments cannot
// be encoded gives a future whose Err (and Result) says why.
func (c *Client) Submit(ctx context.Context, fn *delayed.Function, args ...any) *Future {
	if fn == nil {
		return failedFuture(errors.New("distributed: submit: nil function"))
	}
	return c.submitValues([]*delayed.Value[any]{fn.Call(args...)}, nil)[0]
}

// Map submits fn once per item (an item may be a *Future) and returns
// the futures in order.
func (c *Client) Map(ctx context.Context, fn *delayed.Function, items []any) []*Future {
	if fn == nil {
		return c.submitValues(make([]*delayed.Value[any], len(items)), nil)
	}
	vs := make([]*delayed.Value[any], len(items))
	for i, it := range items {
		vs[i] = fn.Call(it)
	}
	return c.submitValues(vs, nil)
}

// submitValues submits the calls vs (a nil one is a nil function's) in
// one graph, fusing tasks into their dependents as fuse says (see
// submitGraph), and returns a future for each; a call that could not be
// built gets a future whose Err says why.
func (c *Client) submitValues(vs []*delayed.Value[any], fuse map[scheduler.Key]scheduler.Key) []*Future {
	out := make([]*Future, len(vs))
	var roots []scheduler.Layer
	var keys []scheduler.Key
	var at []int
	for i, v := range vs {
		switch {
		case v == nil:
			out[i] = failedFuture(errors.New("distributed: submit: nil function"))
		case v.Err() != nil:
			out[i] = failedFuture(v.Err())
		default:
			roots, keys, at = append(roots, v.Layer()), append(keys, v.Key()), append(at, i)
		}
	}
	if len(keys) == 0 {
		return out
	}
	kss, err := c.submitGraph(scheduler.NewGraph(roots...), keys, fuse)
	c.mu.Lock()
	defer c.mu.Unlock()
	for j, i := range at {
		if err != nil {
			out[i] = failedFuture(err)
			continue
		}
		out[i] = c.newFuture(kss[j])
		c.unref(kss[j])
	}
	return out
}

// Reduce combines futs with fn, a function of a slice of values
// returning one value of the same type (fn([]T) T), as a tree: each
// call takes at most fanIn inputs (fanIn < 2 means 8) and runs where
// most of its input bytes are. When T is a small fixed-size type
// (numbers, bools, arrays and structs of them), the calls of each
// subtree of up to 8 inputs (three levels of a binary tree) run
// together on one worker. One future gives fn([]T{x}); none is an
// error.
func (c *Client) Reduce(ctx context.Context, fn *delayed.Function, futs []*Future, fanIn int) *Future {
	if fn == nil {
		return failedFuture(errors.New("distributed: reduce: nil function"))
	}
	if len(futs) == 0 {
		return failedFuture(errors.New("distributed: reduce of no futures"))
	}
	if fanIn < 2 {
		fanIn = 8
	}
	for i, f := range futs {
		if f == nil {
			return failedFuture(fmt.Errorf("distributed: reduce: future %d is nil", i))
		}
		if f.err != nil {
			return failedFuture(f.err)
		}
	}
	// The whole tree goes in one graph: only the root gets a future.
	// Calls of a small fixed-size value are grouped in subtrees of up to
	// fuseLeaves inputs, each run as one unit on one worker: a binary tree
	// of float64 sums then takes one round trip per three levels, not per
	// level, and a third of the units.
	depth := 1
	if t := fn.Type(); t != nil && t.NumOut() > 0 && smallFixed(t.Out(0)) {
		for n := fanIn; n*fanIn <= fuseLeaves; n *= fanIn {
			depth++
		}
	}
	var level []any
	for _, f := range futs {
		level = append(level, f)
	}
	fuse := make(map[scheduler.Key]scheduler.Key)
	for l := 1; ; l++ {
		var next []any
		for i := 0; i < len(level); i += fanIn {
			v := fn.Call(level[i:min(i+fanIn, len(level))])
			if (l-1)%depth != 0 {
				for _, in := range level[i:min(i+fanIn, len(level))] {
					fuse[in.(*delayed.Value[any]).Key()] = v.Key()
				}
			}
			next = append(next, v)
		}
		if len(next) == 1 {
			return c.submitValues([]*delayed.Value[any]{next[0].(*delayed.Value[any])}, fuse)[0]
		}
		level = next
	}
}

// fuseLeaves is the most inputs of a subtree of a Reduce run as one unit.
const fuseLeaves = 8

// smallFixed reports whether values of type t are small and of a fixed
// size: numbers and bools, and arrays and structs of them, of at most
// 256 bytes.
func smallFixed(t reflect.Type) bool {
	if t.Size() > 256 {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return smallFixed(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !smallFixed(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// Gather waits for futs and returns their values in order; the first
// failure is returned (a *scheduler.TaskError naming its key).
func (c *Client) Gather(ctx context.Context, futs []*Future) ([]any, error) {
	kss := make([]*keyState, len(futs))
	for i, f := range futs {
		if f == nil {
			return nil, fmt.Errorf("distributed: gather: future %d is nil", i)
		}
		if f.err != nil {
			return nil, f.err
		}
		if f.c != c {
			return nil, fmt.Errorf("distributed: gather: future %v belongs to another client", f.key)
		}
		kss[i] = f.ks
	}
	defer runtime.KeepAlive(futs) // the futures hold the values while we wait
	return c.gather(ctx, kss)
}

// AsCompleted returns a channel that yields each of futs as it
// finishes (successfully or not), and is closed after the last one or
// when ctx ends.
func AsCompleted(ctx context.Context, futs []*Future) <-chan *Future {
	out := make(chan *Future, len(futs))
	var wg sync.WaitGroup
	for _, f := range futs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-f.Done():
				out <- f
			case <-ctx.Done():
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
