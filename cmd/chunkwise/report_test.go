package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/internal/browsertest"
)

// TestReportFlag runs stats with --report and info with --svg, and looks
// at what they wrote in Chromium.
func TestReportFlag(t *testing.T) {
	src := interop(t, "npy/npy_v1_f4_F.npy")
	dir := t.TempDir()
	page := filepath.Join(dir, "stats.html")
	_, errs, code := run(t, "stats", "--report", page, src)
	if code != 0 || !strings.Contains(errs, "report written to "+page) {
		t.Fatalf("stats --report: exit %d: %s", code, errs)
	}
	pg := browsertest.Open(t, "file://"+page, 60*time.Second)
	summary := browsertest.Eval[string](pg, `document.getElementById("summary").textContent`)
	m := regexp.MustCompile(`^(\d+) tasks`).FindStringSubmatch(summary)
	if m == nil {
		t.Fatalf("summary %q", summary)
	}
	tasks, _ := strconv.Atoi(m[1])
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("#task-stream rect.task").length`); n != tasks || n == 0 {
		t.Errorf("%d bars for %d tasks", n, tasks)
	}
	if n := browsertest.Eval[int](pg, `document.querySelectorAll(".chunk-diagram").length`); n != 1 {
		t.Errorf("%d chunk diagrams for one input array", n)
	}
	if errs := pg.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}

	svg := filepath.Join(dir, "chunks.svg")
	out := mustRun(t, "info", "--svg", svg, src)
	if !strings.Contains(out, "order=F") {
		t.Errorf("info --svg lost the info text: %q", out)
	}
	pg = browsertest.Open(t, "file://"+svg, 30*time.Second)
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("line.chunk-line").length`); n < 4 {
		t.Errorf("the chunk picture has %d lines", n)
	}
	if _, errs, code := run(t, "info", "--svg", filepath.Join(dir, "no", "such", "dir.svg"), src); code == 0 || !strings.Contains(errs, "--svg") {
		t.Errorf("info --svg into a missing directory: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Error("a failed --svg made directories")
	}
}
