package report

import "html/template"

// tmpl is the page: every style and script inline, nothing fetched.
var tmpl = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
#stream-box { overflow: hidden; border: 1px solid #ccc; width: 100%; max-width: 1070px; }
#task-stream { width: 100%; height: auto; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
.array { display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }
.note { color: #666; font-size: 0.9em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="note">Written {{.Generated}}.</p>
{{if .Profile}}
<p id="summary">{{.Tasks}} tasks on {{.Workers}} workers in {{.Duration}}; chunk cache: {{.Cache.Hits}} hits, {{.Cache.Misses}} misses, {{.Cache.Evictions}} evictions.</p>
<h2>Task stream</h2>
<p class="note">A lane per worker, a bar per task coloured by operation; hover a bar for its key. Wheel to zoom, drag to pan, double-click to reset.</p>
<div id="stream-box">{{.Stream}}</div>
<h2>Memory and CPU</h2>
{{range .Resources}}<p class="note">{{.Name}}</p>
<div class="charts">{{.Memory}}{{.CPU}}</div>
{{end}}
<h2>Operations</h2>
<table id="operations">
<tr><th>operation</th><th>tasks</th><th>time</th><th>mean</th><th>bytes in</th><th>bytes out</th></tr>
{{range .Ops}}<tr><td><span class="swatch" style="background:{{.Color}}"></span>{{.Kernel}}</td><td>{{.Tasks}}</td><td>{{.Total}}</td><td>{{.Mean}}</td><td>{{.In}}</td><td>{{.Out}}</td></tr>
{{end}}</table>
{{end}}
{{if .Graph}}<h2>Graph of operations</h2>
<div id="graph">{{.Graph}}</div>{{end}}
{{if .Arrays}}<h2>Arrays</h2>
{{range .Arrays}}<div class="array"><p class="note">{{.Name}}</p>{{.SVG}}</div>
{{end}}{{end}}
<script>
(function () {
  var svg = document.getElementById("task-stream");
  if (!svg) return;
  var vb = svg.viewBox.baseVal, full = {x: vb.x, w: vb.width};
  function set(x, w) {
    w = Math.min(Math.max(w, full.w / 1000), full.w);
    x = Math.min(Math.max(x, full.x), full.x + full.w - w);
    vb.x = x; vb.width = w;
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    var at = vb.x + vb.width * (e.clientX - r.left) / r.width;
    var w = vb.width * (e.deltaY < 0 ? 0.8 : 1.25);
    set(at - (at - vb.x) * w / vb.width, w);
  }, {passive: false});
  var drag = null;
  svg.addEventListener("mousedown", function (e) { drag = {x: e.clientX, vx: vb.x}; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    set(drag.vx - (e.clientX - drag.x) * vb.width / r.width, vb.width);
  });
  svg.addEventListener("dblclick", function () { set(full.x, full.w); });
})();
</script>
</body>
</html>
`))
