package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/report"
	"github.com/chunkwise/chunkwise/internal/browsertest"
	"github.com/chunkwise/chunkwise/scheduler"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}

// TestReportInBrowser profiles a known small computation, writes its
// report and looks at it in Chromium: one bar per task, every picture
// drawn, nothing fetched, no script error, zooming narrows the view.
func TestReportInBrowser(t *testing.T) {
	ctx := context.Background()
	x := array.NewRNG(7).Random([]int{300, 200}, chunk.Regular(100, 50))
	y := x.Mul(x).Sum(array.Axis(1))
	tasks, err := y.NumTasks()
	if err != nil {
		t.Fatal(err)
	}
	p := diagnostics.StartProfiler(10 * time.Millisecond)
	if _, err := y.Compute(ctx, array.WithProfiler(p), array.WithWorkers(2)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	prof := p.Stop()
	var buf bytes.Buffer
	if err := report.WriteHTML(ctx, &buf, prof, x, y); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{"http://", "https://", "<link", "src="} {
		if i := strings.Index(html, bad); i >= 0 && !strings.Contains(html[max(0, i-30):i], "xmlns") && !strings.Contains(html[i:min(len(html), i+40)], "www.w3.org") {
			t.Errorf("the report refers to something outside it: %q", html[max(0, i-40):min(len(html), i+60)])
		}
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pg := browsertest.Open(t, "file://"+path, 60*time.Second)

	if n := browsertest.Eval[int](pg, `document.querySelectorAll("#task-stream rect.task").length`); n != tasks {
		t.Errorf("the task stream draws %d bars for %d tasks", n, tasks)
	}
	// Bars lie inside the stream, each at least half a pixel wide.
	bad := browsertest.Eval[int](pg, `(() => { const s = document.getElementById("task-stream").getBoundingClientRect();
		return [...document.querySelectorAll("#task-stream rect.task")].filter(r => { const b = r.getBoundingClientRect();
		return b.width <= 0 || b.left < s.left - 1 || b.right > s.right + 1 || b.top < s.top - 1 || b.bottom > s.bottom + 1; }).length })()`)
	if bad != 0 {
		t.Errorf("%d task bars are empty or outside the stream", bad)
	}
	if n := browsertest.Eval[int](pg, `new Set([...document.querySelectorAll("#task-stream rect.task")].map(r => r.getAttribute("fill"))).size`); n != len(prof.Operations()) {
		t.Errorf("%d bar colours for %d operations", n, len(prof.Operations()))
	}
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("#operations tr").length`); n != len(prof.Operations())+1 {
		t.Errorf("the operations table has %d rows for %d operations", n, len(prof.Operations()))
	}
	// Every picture is drawn with a real size.
	empty := browsertest.Eval[[]string](pg, `[...document.querySelectorAll("svg")].filter(s => { const b = s.getBoundingClientRect();
		return !(b.width > 20 && b.height > 20 && b.width < 5000 && b.height < 5000); }).map(s => s.id || s.getAttribute("class") || "svg")`)
	if len(empty) > 0 {
		t.Errorf("pictures with no sane size: %v", empty)
	}
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("svg").length`); n != 6 { // stream, 2 charts, graph, 2 chunk grids
		t.Errorf("%d pictures, want 6", n)
	}
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("#graph svg g.node").length`); n < 2 {
		t.Errorf("the graph has %d nodes", n)
	}
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("#memory-chart polyline.series").length`); n != 3 {
		t.Errorf("the memory chart has %d lines", n)
	}
	if n := browsertest.Eval[int](pg, `performance.getEntriesByType("resource").length`); n != 0 {
		t.Errorf("the page fetched %d resources", n)
	}
	// The wheel zooms into the stream.
	before := browsertest.Eval[float64](pg, `document.getElementById("task-stream").viewBox.baseVal.width`)
	after := browsertest.Eval[float64](pg, `(() => { const s = document.getElementById("task-stream"), b = s.getBoundingClientRect();
		s.dispatchEvent(new WheelEvent("wheel", {deltaY: -100, clientX: b.left + b.width / 2, clientY: b.top + 5, bubbles: true, cancelable: true}));
		return s.viewBox.baseVal.width })()`)
	if !(after < before*0.9) {
		t.Errorf("zooming in left the view %g wide (was %g)", after, before)
	}
	pg.Screenshot(t, "report")
	if errs := pg.Errors(); len(errs) > 0 {
		t.Errorf("the page logged errors: %v", errs)
	}
}

func TestReportWithoutProfile(t *testing.T) {
	var buf bytes.Buffer
	x := array.NewRNG(1).Random([]int{10}, chunk.Regular(5))
	if err := report.WriteHTML(context.Background(), &buf, nil, x); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `<svg id="task-stream"`) || !strings.Contains(buf.String(), "chunk-diagram") {
		t.Fatal("a report without a profile should show the arrays and no task stream")
	}
	bad := array.NewRNG(1).Random([]int{10}, chunk.Regular(5)).Reshape(3, 4)
	buf.Reset()
	if err := report.WriteHTML(context.Background(), &buf, nil, bad); err == nil || buf.Len() != 0 {
		t.Fatalf("a bad array gave %v and %d bytes", err, buf.Len())
	}
}

// TestStreamLanesPerSlot draws a cluster worker that ran two tasks at
// once on two lanes of its own, and one that ran them in turn on one.
func TestStreamLanesPerSlot(t *testing.T) {
	t0 := time.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	task := func(w int, name string, start, end int) scheduler.Event {
		return scheduler.Event{Kind: scheduler.EventTask, Kernel: "k", Key: scheduler.NewKey("x", []int{start}),
			Worker: w, WorkerName: name, Start: at(start), End: at(end)}
	}
	prof := &diagnostics.Profile{Start: t0, End: at(100), Events: []scheduler.Event{
		task(0, "wa", 0, 50), task(1, "wb", 0, 40), task(0, "wa", 10, 60), task(1, "wb", 40, 80), task(0, "wa", 60, 90)}}
	var b bytes.Buffer
	if err := report.WriteHTML(context.Background(), &b, prof); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, m := range regexp.MustCompile(`class="lane-label"[^>]*>([^<]*)<`).FindAllStringSubmatch(b.String(), -1) {
		labels = append(labels, m[1])
	}
	if want := []string{"wa·0", "wa·1", "wb"}; !slices.Equal(labels, want) {
		t.Errorf("lanes %q, want %q", labels, want)
	}
}
