package diagnostics

import (
	"cmp"
	"runtime/metrics"
	"slices"
	"sync"
	"time"

	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/cache"
)

// DefaultInterval is how often a profiler samples the process when
// StartProfiler is given no interval.
const DefaultInterval = 100 * time.Millisecond

// Profiler records what traced executors do while it runs (see the
// package doc). Its methods are safe for concurrent use.
type Profiler struct {
	start    time.Time
	interval time.Duration
	cache0   cache.Stats
	stop     chan struct{}
	done     chan struct{}

	mu      sync.Mutex
	events  []scheduler.Event   // guarded by mu
	samples []Sample            // guarded by mu
	workers map[string][]Sample // guarded by mu: cluster workers' samples by name
	spilled int64               // guarded by mu: bytes written to spill files so far
	ended   *Profile            // guarded by mu: set by the first Stop
}

// Sample is the state of the process at one moment.
type Sample struct {
	Time time.Time
	// RSS is the resident memory in bytes (0 where the system does not
	// say).
	RSS int64
	// CPU is the processor time used since the previous sample, in
	// cores (2 means two cores busy all the time).
	CPU float64
	// Heap is the bytes of Go heap objects, live or not yet collected:
	// the chunks held plus everything else the program allocated.
	Heap int64
	// Spilled is the bytes written to spill files so far (by a cluster
	// worker: the bytes of the values it holds in spill files).
	Spilled int64
	// Held is the bytes of the values a cluster worker holds in memory;
	// 0 for this process.
	Held int64
}

// Profile is what a profiler recorded from StartProfiler to Stop.
type Profile struct {
	Start, End time.Time
	// Events are the task, spill and load events, by start time.
	Events []scheduler.Event
	// Samples are the process samples, in time order.
	Samples []Sample
	// WorkerSamples are the samples of the cluster workers that ran the
	// profiled runs, by worker name, in time order; nil for local runs
	// (see Executor).
	WorkerSamples map[string][]Sample
	// Cache is the chunk cache's (cache.Default) hits, misses and
	// evictions while the profiler ran, with its bytes and entries at
	// the end.
	Cache cache.Stats
}

// StartProfiler starts a profiler that samples the process every
// interval (DefaultInterval when interval ≤ 0) until Stop.
func StartProfiler(interval time.Duration) *Profiler {
	if interval <= 0 {
		interval = DefaultInterval
	}
	p := &Profiler{start: time.Now(), interval: interval, cache0: cache.Default().Stats(),
		stop: make(chan struct{}), done: make(chan struct{})}
	go p.sample()
	return p
}

// Trace records ev; it is the scheduler.Local.Trace of profiled runs.
// Events after Stop are dropped.
func (p *Profiler) Trace(ev scheduler.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended != nil {
		return
	}
	ev.Value = nil // a profile keeps no chunk alive
	p.events = append(p.events, ev)
	if ev.Kind == scheduler.EventSpill && ev.WorkerName == "" { // a worker's spills are in its samples
		p.spilled += ev.BytesOut
	}
}

// recordWorker records a sample of the cluster worker named worker.
// Samples after Stop are dropped.
func (p *Profiler) recordWorker(worker string, s Sample) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended != nil {
		return
	}
	if p.workers == nil {
		p.workers = make(map[string][]Sample)
	}
	p.workers[worker] = append(p.workers[worker], s)
}

func (p *Profiler) sample() {
	defer close(p.done)
	r := NewSampler()
	p.record(r)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			p.record(r)
			return
		case <-t.C:
			p.record(r)
		}
	}
}

func (p *Profiler) record(r *Sampler) {
	s := r.Sample()
	p.mu.Lock()
	s.Spilled = p.spilled
	p.samples = append(p.samples, s)
	p.mu.Unlock()
}

// Stop ends the profiler and returns its Profile; later calls return
// the same Profile.
func (p *Profiler) Stop() *Profile {
	p.mu.Lock()
	if p.ended != nil {
		defer p.mu.Unlock()
		return p.ended
	}
	p.mu.Unlock()
	close(p.stop)
	<-p.done
	c := cache.Default().Stats()
	c.Hits -= p.cache0.Hits
	c.Misses -= p.cache0.Misses
	c.Evictions -= p.cache0.Evictions
	p.mu.Lock()
	defer p.mu.Unlock()
	events := slices.Clone(p.events)
	slices.SortStableFunc(events, func(a, b scheduler.Event) int { return a.Start.Compare(b.Start) })
	p.ended = &Profile{Start: p.start, End: time.Now(), Events: events, Samples: slices.Clone(p.samples), Cache: c}
	for name, ss := range p.workers {
		if p.ended.WorkerSamples == nil {
			p.ended.WorkerSamples = make(map[string][]Sample)
		}
		ss = slices.Clone(ss)
		slices.SortStableFunc(ss, func(a, b Sample) int { return a.Time.Compare(b.Time) })
		p.ended.WorkerSamples[name] = ss
	}
	return p.ended
}

// OpStats sums the tasks of one operation (kernel).
type OpStats struct {
	Kernel            string
	Tasks             int
	Time              time.Duration // the tasks' run times added up
	BytesIn, BytesOut int64
}

// Operations sums the profile's task events per kernel, the most time
// first.
func (p *Profile) Operations() []OpStats {
	byKernel := map[string]*OpStats{}
	var out []*OpStats
	for _, ev := range p.Events {
		if ev.Kind != scheduler.EventTask {
			continue
		}
		s := byKernel[ev.Kernel]
		if s == nil {
			s = &OpStats{Kernel: ev.Kernel}
			byKernel[ev.Kernel] = s
			out = append(out, s)
		}
		s.Tasks++
		s.Time += ev.End.Sub(ev.Start)
		s.BytesIn += ev.BytesIn
		s.BytesOut += ev.BytesOut
	}
	slices.SortFunc(out, func(a, b *OpStats) int {
		return cmp.Or(cmp.Compare(b.Time, a.Time), cmp.Compare(a.Kernel, b.Kernel))
	})
	res := make([]OpStats, len(out))
	for i, s := range out {
		res[i] = *s
	}
	return res
}

// Workers returns the number of worker lanes the task events use: one
// more than the largest worker index, 0 without task events.
func (p *Profile) Workers() int {
	n := 0
	for _, ev := range p.Events {
		n = max(n, ev.Worker+1)
	}
	return n
}

// Sampler reads this process's resource use. It is not safe for
// concurrent use.
type Sampler struct {
	last    time.Time
	lastCPU time.Duration
	heap    []metrics.Sample
}

// NewSampler returns a Sampler whose first Sample measures CPU from now.
func NewSampler() *Sampler {
	return &Sampler{last: time.Now(), lastCPU: cpuTime(),
		heap: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

// Sample returns the process's resident memory, Go heap and the CPU
// used since the previous Sample (Spilled is left 0).
func (r *Sampler) Sample() Sample {
	now, cpu := time.Now(), cpuTime()
	s := Sample{Time: now, RSS: rss()}
	if wall := now.Sub(r.last); wall > 0 {
		s.CPU = float64(cpu-r.lastCPU) / float64(wall)
	}
	r.last, r.lastCPU = now, cpu
	metrics.Read(r.heap)
	if r.heap[0].Value.Kind() == metrics.KindUint64 {
		s.Heap = int64(r.heap[0].Value.Uint64())
	}
	return s
}

// Live returns, for a live view (see package diagnostics/dashboard),
// the events recorded so far from the from-th on, in the order they
// were recorded, the time the profiler started and its latest sample.
func (p *Profiler) Live(from int) (events []scheduler.Event, start time.Time, last Sample) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if from < len(p.events) {
		events = slices.Clone(p.events[max(from, 0):])
	}
	if n := len(p.samples); n > 0 {
		last = p.samples[n-1]
	}
	return events, p.start, last
}
