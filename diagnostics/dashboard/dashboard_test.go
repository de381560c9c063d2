package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/dashboard"
	"github.com/chunkwise/chunkwise/internal/browsertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}

// TestDashboardLive opens the dashboard in Chromium while a computation
// of 60 tasks of ~50 ms runs, and sees the task count grow to 60.
func TestDashboardLive(t *testing.T) {
	p := diagnostics.StartProfiler(50 * time.Millisecond)
	defer p.Stop()
	srv := httptest.NewServer(dashboard.Handler(dashboard.Profiler(p)))
	t.Cleanup(srv.Close) // after the page's tab closes, which ends its event stream
	pg := browsertest.Open(t, srv.URL+"/", 60*time.Second)

	slow := delayed.Func1("dashboardtest.slow", func(x int) int { time.Sleep(50 * time.Millisecond); return x })
	vals := make([]*delayed.Value[int], 60)
	for i := range vals {
		vals[i] = slow(delayed.Lit(i))
	}
	done := make(chan error, 1)
	go func() {
		_, err := delayed.ComputeAll(context.Background(), vals, delayed.WithProfiler(p), delayed.WithWorkers(2))
		done <- err
	}()
	var seen []int
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		n := browsertest.Eval[int](pg, `+document.getElementById("tasks-done").textContent`)
		if len(seen) == 0 || n != seen[len(seen)-1] {
			seen = append(seen, n)
		}
		if n == 60 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(seen) < 3 || seen[len(seen)-1] != 60 {
		t.Fatalf("the page showed task counts %v; want a count growing to 60", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("the task count went back: %v", seen)
		}
	}
	if n := browsertest.Eval[int](pg, `document.querySelectorAll("#workers tr").length`); n != 3 {
		t.Errorf("%d worker rows for 2 workers", n-1)
	}
	ops := browsertest.Eval[string](pg, `document.getElementById("ops").textContent`)
	if !strings.Contains(ops, "delayed.call60") {
		t.Errorf("the operations table reads %q", ops)
	}
	pg.Screenshot(t, "dashboard")
	if errs := pg.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}

	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "chunkwise_tasks_done 60") || !strings.Contains(string(b), "chunkwise_rss_bytes") {
		t.Errorf("/metrics lacks the task count: %.500s", b)
	}
}
