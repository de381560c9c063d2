// Package dashboard serves a live page of a profiled computation on
// this machine: tasks done per worker and per operation, memory and CPU,
// updated four times a second by polling (no external assets), and the same
// figures as Prometheus metrics at /metrics.
//
// It watches a diagnostics.Profiler; a cluster's workers are not shown
// yet.
package dashboard

import (
	"encoding/json"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chunkwise/chunkwise/diagnostics"
)

// Handler returns the dashboard of p: the page at /, its data as JSON at
// /state, and Prometheus metrics at /metrics. A nil p is an error of
// the caller's and panics at once, not at the first request.
func Handler(p *diagnostics.Profiler) http.Handler {
	if p == nil {
		panic("dashboard: nil profiler")
	}
	reg := prometheus.NewRegistry()
	gauge := func(name, help string, f func(diagnostics.Live) float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "chunkwise", Name: name, Help: help},
			func() float64 { return f(p.Live()) }))
	}
	gauge("tasks_done", "Tasks finished since the profiler started.", func(l diagnostics.Live) float64 { return float64(l.Tasks) })
	gauge("spills", "Values spilled to disk since the profiler started.", func(l diagnostics.Live) float64 { return float64(l.Spills) })
	gauge("rss_bytes", "Resident memory at the last sample.", func(l diagnostics.Live) float64 { return float64(l.Last.RSS) })
	gauge("heap_bytes", "Go heap objects at the last sample.", func(l diagnostics.Live) float64 { return float64(l.Last.Heap) })
	gauge("cpu_cores", "Cores busy between the last two samples.", func(l diagnostics.Live) float64 { return l.Last.CPU })
	gauge("spilled_bytes", "Bytes written to spill files so far.", func(l diagnostics.Live) float64 { return float64(l.Last.Spilled) })
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		l := p.Live()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"elapsed": l.Elapsed.Seconds(), "tasks": l.Tasks, "ops": l.Ops, "workers": l.Workers,
			"spills": l.Spills, "rss": l.Last.RSS, "heap": l.Last.Heap, "cpu": l.Last.CPU, "spilled": l.Last.Spilled,
		})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})
	return mux
}

const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>chunkwise dashboard</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; margin-bottom: 1.5em; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.bar { display: inline-block; height: 10px; background: #4e79a7; }
</style></head>
<body>
<h1>chunkwise dashboard</h1>
<p><b id="tasks-done">0</b> tasks done in <span id="elapsed">0</span> s; memory <span id="rss">0</span> MiB RSS,
<span id="heap">0</span> MiB heap, CPU <span id="cpu">0</span> cores, <span id="spills">0</span> spills.</p>
<h2>Workers</h2><table id="workers"><tr><th>worker</th><th>tasks</th><th></th></tr></table>
<h2>Operations</h2><table id="ops"><tr><th>operation</th><th>tasks</th><th></th></tr></table>
<script>
function rows(id, m, label) {
  var t = document.getElementById(id), top = 1;
  for (var k in m) top = Math.max(top, m[k]);
  while (t.rows.length > 1) t.deleteRow(1);
  Object.keys(m).sort().forEach(function (k) {
    var r = t.insertRow();
    r.insertCell().textContent = label(k);
    r.insertCell().textContent = m[k];
    var b = document.createElement("span"); b.className = "bar"; b.style.width = (200 * m[k] / top) + "px";
    r.insertCell().appendChild(b);
  });
}
function update() {
  fetch("state").then(function (r) { return r.json(); }).then(function (s) {
    document.getElementById("tasks-done").textContent = s.tasks;
    document.getElementById("elapsed").textContent = s.elapsed.toFixed(1);
    document.getElementById("rss").textContent = (s.rss / 1048576).toFixed(1);
    document.getElementById("heap").textContent = (s.heap / 1048576).toFixed(1);
    document.getElementById("cpu").textContent = s.cpu.toFixed(2);
    document.getElementById("spills").textContent = s.spills;
    rows("workers", s.workers, function (k) { return "worker " + k; });
    rows("ops", s.ops, function (k) { return k; });
  }).catch(function () {}).finally(function () { setTimeout(update, 250); });
}
update();
</script>
</body></html>
`
