// Package dashboard serves a live page of running computations: the
// workers (tasks done, running and queued, memory, CPU, bytes held and
// spilled), the task stream of the last seconds (a lane per worker) and
// each operation's progress, updated by server-sent events with no
// external assets, and the same figures as Prometheus metrics at
// /metrics.
//
// A page shows a Source: Profiler watches a diagnostics.Profiler on this
// machine; package distributed implements one for a cluster (served by
// `chunkwise scheduler --dashboard` and distributed.Options.Dashboard).
package dashboard

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Source is what a dashboard shows. State must be safe for concurrent
// use and quick: the page calls it four times a second per viewer.
type Source interface {
	// State returns the state now, with the tasks finished after the
	// one numbered since (-1: all those still kept) in Stream.
	State(since int64) State
}

// State is a Source's state at one moment.
type State struct {
	Elapsed float64 `json:"elapsed"` // seconds since the source started
	Tasks   int     `json:"tasks"`   // tasks finished
	Spills  int     `json:"spills"`  // values spilled to disk
	// RSS, Heap, CPU and Spilled are the serving process's resident
	// memory, Go heap, cores busy and bytes spilled so far.
	RSS     int64    `json:"rss"`
	Heap    int64    `json:"heap"`
	CPU     float64  `json:"cpu"`
	Spilled int64    `json:"spilled"`
	Workers []Worker `json:"workers"`
	Ops     []Op     `json:"ops"`
	// Stream holds the tasks finished after the caller's since, oldest
	// first; Seq numbers the last of all tasks (pass it as the next
	// since).
	Stream []Task `json:"stream"`
	Seq    int64  `json:"seq"`
}

// Worker is one worker's figures; those a source does not know are 0.
type Worker struct {
	Name    string  `json:"name"`
	Tasks   int     `json:"tasks"`   // tasks finished
	Slots   int     `json:"slots"`   // tasks it runs at once
	Running int     `json:"running"` // tasks running now
	Queued  int     `json:"queued"`  // tasks received, waiting for a slot
	RSS     int64   `json:"rss"`     // resident memory of its process
	CPU     float64 `json:"cpu"`     // cores its process keeps busy
	Held    int64   `json:"held"`    // bytes of values held in memory
	Spilled int64   `json:"spilled"` // bytes of values spilled to disk
	Limit   int64   `json:"limit"`   // memory budget (0: none)
}

// Op is one operation's (kernel's) progress.
type Op struct {
	Name    string  `json:"name"`
	Done    int     `json:"done"`    // tasks finished
	Running int     `json:"running"` // tasks sent to workers, not finished
	Waiting int     `json:"waiting"` // tasks waiting for inputs or a worker
	Erred   int     `json:"erred"`
	Time    float64 `json:"time"`  // seconds the finished tasks ran, added up
	Bytes   int64   `json:"bytes"` // bytes the finished tasks made
}

// Task is one finished task of the stream.
type Task struct {
	Op     string  `json:"op"`
	Key    string  `json:"key"`
	Worker string  `json:"worker"`
	Start  float64 `json:"start"` // seconds since the source started
	End    float64 `json:"end"`
	Bytes  int64   `json:"bytes"`
}

// Interval is how often the page is sent a new state.
const Interval = 250 * time.Millisecond

// Handler returns the dashboard of src: the page at /, its updates as
// server-sent events at /events (a State as JSON every Interval), and
// Prometheus metrics at /metrics. A nil src is an error of the caller's
// and panics at once, not at the first request.
func Handler(src Source) http.Handler {
	if src == nil {
		panic("dashboard: nil source")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{src})
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
		f, ok := w.(http.Flusher)
		if !ok {
			http.Error(w, "streaming unsupported", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		since := int64(-1)
		t := time.NewTicker(Interval)
		defer t.Stop()
		for {
			st := src.State(since)
			since = st.Seq
			b, err := json.Marshal(st)
			if err != nil {
				return
			}
			if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
				return
			}
			f.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-t.C:
			}
		}
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	return mux
}

// collector turns a State into Prometheus metrics at each scrape.
type collector struct{ src Source }

var (
	descs = map[string]*prometheus.Desc{}
	gauge = func(name, help string, labels ...string) *prometheus.Desc {
		d := prometheus.NewDesc("chunkwise_"+name, help, labels, nil)
		descs[name] = d
		return d
	}
	mTasks    = gauge("tasks_done", "Tasks finished since the source started.")
	mSpills   = gauge("spills", "Values spilled to disk.")
	mRSS      = gauge("rss_bytes", "Resident memory of the serving process.")
	mHeap     = gauge("heap_bytes", "Go heap objects of the serving process.")
	mCPU      = gauge("cpu_cores", "Cores the serving process keeps busy.")
	mSpilled  = gauge("spilled_bytes", "Bytes the serving process spilled so far.")
	mWTasks   = gauge("worker_tasks_done", "Tasks a worker finished.", "worker")
	mWRunning = gauge("worker_tasks_running", "Tasks a worker runs now.", "worker")
	mWQueued  = gauge("worker_tasks_queued", "Tasks a worker received and has not started.", "worker")
	mWRSS     = gauge("worker_rss_bytes", "Resident memory of a worker's process.", "worker")
	mWCPU     = gauge("worker_cpu_cores", "Cores a worker's process keeps busy.", "worker")
	mWHeld    = gauge("worker_held_bytes", "Bytes of values a worker holds in memory.", "worker")
	mWSpilled = gauge("worker_spilled_bytes", "Bytes of values a worker holds on disk.", "worker")
	mODone    = gauge("op_tasks_done", "Tasks of an operation finished.", "op")
	mORunning = gauge("op_tasks_running", "Tasks of an operation sent to workers.", "op")
	mOWaiting = gauge("op_tasks_waiting", "Tasks of an operation waiting.", "op")
)

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range descs {
		ch <- d
	}
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	st := c.src.State(math.MaxInt64)
	m := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	m(mTasks, float64(st.Tasks))
	m(mSpills, float64(st.Spills))
	m(mRSS, float64(st.RSS))
	m(mHeap, float64(st.Heap))
	m(mCPU, st.CPU)
	m(mSpilled, float64(st.Spilled))
	for _, w := range st.Workers {
		m(mWTasks, float64(w.Tasks), w.Name)
		m(mWRunning, float64(w.Running), w.Name)
		m(mWQueued, float64(w.Queued), w.Name)
		m(mWRSS, float64(w.RSS), w.Name)
		m(mWCPU, w.CPU, w.Name)
		m(mWHeld, float64(w.Held), w.Name)
		m(mWSpilled, float64(w.Spilled), w.Name)
	}
	for _, o := range st.Ops {
		m(mODone, float64(o.Done), o.Name)
		m(mORunning, float64(o.Running), o.Name)
		m(mOWaiting, float64(o.Waiting), o.Name)
	}
}
