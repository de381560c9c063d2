package dashboard

// page is the dashboard: one file, no external assets. It listens to
// /events and redraws the figures, the tables and the task stream (the
// last window seconds on a canvas, a lane per worker) at each state.
const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>chunkwise dashboard</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5em; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.bar { display: inline-block; height: 10px; background: #4e79a7; vertical-align: middle; }
.track { display: inline-block; text-align: left; width: 200px; height: 10px; background: #eee; vertical-align: middle; }
#status { color: #888; font-size: 90%; }
canvas { border: 1px solid #ddd; }
</style></head>
<body>
<h1>chunkwise dashboard</h1>
<p><b id="tasks-done">0</b> tasks done in <span id="elapsed">0</span> s; this process: memory <span id="rss">0</span> MiB RSS,
<span id="heap">0</span> MiB heap, CPU <span id="cpu">0</span> cores, <span id="spills">0</span> spills. <span id="status">connecting</span></p>
<h2>Workers</h2>
<table id="workers"><tr><th>worker</th><th>tasks done</th><th>running</th><th>queued</th><th>memory</th><th>CPU</th><th>held</th><th>spilled</th><th></th></tr></table>
<h2>Task stream</h2>
<p id="stream-note">The last 20 seconds, a lane per worker, a bar per task coloured by operation.</p>
<canvas id="stream" width="1000" height="60"></canvas>
<h2>Operations</h2>
<table id="ops"><tr><th>operation</th><th>done</th><th>running</th><th>waiting</th><th>progress</th><th>time (s)</th><th>bytes</th></tr></table>
<script>
"use strict";
var windowSec = 20, tasks = [], colours = {}, palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
function mib(n) { return (n / 1048576).toFixed(1) + " MiB"; }
function colour(op) {
  if (!(op in colours)) colours[op] = palette[Object.keys(colours).length % palette.length];
  return colours[op];
}
function bar(frac, col) {
  var t = document.createElement("span"); t.className = "track";
  var b = document.createElement("span"); b.className = "bar"; b.style.width = Math.round(200 * Math.min(1, frac)) + "px";
  if (col) b.style.background = col;
  t.appendChild(b); return t;
}
function fill(id, items, cells) {
  var t = document.getElementById(id);
  while (t.rows.length > 1) t.deleteRow(1);
  items.forEach(function (it) {
    var r = t.insertRow();
    cells(it).forEach(function (c) {
      var td = r.insertCell();
      if (c instanceof Node) td.appendChild(c); else td.textContent = c;
    });
  });
}
function draw(s) {
  var cv = document.getElementById("stream"), lanes = s.workers.map(function (w) { return w.name; });
  tasks.forEach(function (t) { if (lanes.indexOf(t.worker) < 0) lanes.push(t.worker); });
  var lh = 18, left = 160, h = Math.max(1, lanes.length) * lh + 16;
  if (cv.height !== h) cv.height = h;
  var g = cv.getContext("2d"), w = cv.width - left, t0 = s.elapsed - windowSec;
  g.clearRect(0, 0, cv.width, cv.height);
  g.font = "11px Helvetica, Arial, sans-serif";
  lanes.forEach(function (name, i) {
    g.fillStyle = i % 2 ? "#efefef" : "#f7f7f7"; g.fillRect(left, i * lh, w, lh);
    g.fillStyle = "#222"; g.fillText(name.length > 24 ? name.slice(0, 23) + "…" : name, 2, i * lh + 13);
  });
  tasks.forEach(function (t) {
    var i = lanes.indexOf(t.worker), x0 = left + w * (t.start - t0) / windowSec, x1 = left + w * (t.end - t0) / windowSec;
    if (x1 < left) return;
    g.fillStyle = colour(t.op); g.fillRect(Math.max(left, x0), i * lh + 2, Math.max(1, x1 - Math.max(left, x0)), lh - 4);
  });
  g.fillStyle = "#888";
  for (var k = 0; k <= 4; k++) g.fillText(k === 4 ? "now" : "-" + (windowSec * (4 - k) / 4) + " s", left + w * k / 4 - (k === 4 ? 30 : 0), h - 3);
}
function update(s) {
  document.getElementById("tasks-done").textContent = s.tasks;
  document.getElementById("elapsed").textContent = s.elapsed.toFixed(1);
  document.getElementById("rss").textContent = (s.rss / 1048576).toFixed(1);
  document.getElementById("heap").textContent = (s.heap / 1048576).toFixed(1);
  document.getElementById("cpu").textContent = s.cpu.toFixed(2);
  document.getElementById("spills").textContent = s.spills;
  var top = 1;
  s.workers.forEach(function (w) { top = Math.max(top, w.tasks); });
  fill("workers", s.workers, function (w) {
    return [w.name, w.tasks, w.running + (w.slots ? " / " + w.slots : ""), w.queued, w.rss ? mib(w.rss) : "",
      w.rss ? w.cpu.toFixed(2) : "", w.held || w.limit ? mib(w.held) + (w.limit ? " of " + mib(w.limit) : "") : "",
      w.spilled ? mib(w.spilled) : "", bar(w.tasks / top)];
  });
  fill("ops", s.ops, function (o) {
    var all = o.done + o.running + o.waiting;
    return [o.name, o.done, o.running, o.waiting, bar(all ? o.done / all : 0, colour(o.name)), o.time.toFixed(2), mib(o.bytes)];
  });
  (s.stream || []).forEach(function (t) { tasks.push(t); });
  tasks = tasks.filter(function (t) { return t.end >= s.elapsed - windowSec; }).slice(-5000);
  draw(s);
}
var es = new EventSource("events");
es.onmessage = function (e) {
  document.getElementById("status").textContent = "live";
  update(JSON.parse(e.data));
};
es.onerror = function () { document.getElementById("status").textContent = "reconnecting"; };
</script>
</body></html>
`
