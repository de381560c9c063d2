package distributed

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/internal/browsertest"
)

var slowInc = delayed.Wrap("distributed_test.slowInc", func(x int) int {
	time.Sleep(60 * time.Millisecond)
	return x + 1
})

// TestClusterDashboard opens a LocalCluster's dashboard in Chromium
// while 40 tasks of ~60 ms run on two worker processes, and sees both
// workers with their memory, the task count grow to 40 and the
// operation's progress; /metrics has the same figures.
func TestClusterDashboard(t *testing.T) {
	ctx := testCtx(t, 90*time.Second)
	lc := cluster(t, Options{Workers: 2, NThreads: 1, Processes: true, Dashboard: "127.0.0.1:0"})
	c := lc.Client()
	url := lc.DashboardURL()
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("dashboard URL %q", url)
	}
	pg := browsertest.Open(t, url, 80*time.Second)
	for browsertest.Eval[int](pg, `document.querySelectorAll("#workers tr").length`) < 3 {
		if ctx.Err() != nil {
			t.Fatal("the page never showed the two workers")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(2 * statusEvery) // the client has been asked for its status: it traces

	items := make([]any, 40)
	for i := range items {
		items[i] = i
	}
	futs := c.Map(ctx, slowInc, items)
	done := make(chan error, 1)
	go func() { _, err := c.Gather(ctx, futs); done <- err }()
	var seen []int
	var progress string
	for ctx.Err() == nil {
		n := browsertest.Eval[int](pg, `+document.getElementById("tasks-done").textContent`)
		if len(seen) == 0 || n != seen[len(seen)-1] {
			seen = append(seen, n)
		}
		if n > 5 && n < 35 && progress == "" {
			progress = browsertest.Eval[string](pg, `document.getElementById("ops").textContent`)
			pg.Screenshot(t, "cluster-dashboard-running")
		}
		if n == 40 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(seen) < 3 || seen[len(seen)-1] != 40 {
		t.Fatalf("the page showed task counts %v; want a count growing to 40", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("the task count went back: %v", seen)
		}
	}
	if !strings.Contains(progress, "delayed.call") {
		t.Errorf("while running, the operations table read %q", progress)
	}
	workers := browsertest.Eval[string](pg, `document.getElementById("workers").textContent`)
	for _, w := range c.Workers() {
		if !strings.Contains(workers, w.Name) {
			t.Errorf("worker %s is not in the table %q", w.Name, workers)
		}
	}
	if !strings.Contains(workers, "MiB") {
		t.Errorf("the workers table shows no memory: %q", workers)
	}
	if n := browsertest.Eval[int](pg, `tasks.length`); n != 40 {
		t.Errorf("the task stream holds %d tasks, want 40", n)
	}
	pg.Screenshot(t, "cluster-dashboard")
	if errs := pg.Errors(); len(errs) > 0 {
		t.Errorf("page errors: %v", errs)
	}

	resp, err := http.Get(url + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"chunkwise_tasks_done 40", `chunkwise_op_tasks_done{op="delayed.call"} 40`,
		`chunkwise_worker_rss_bytes{worker="` + c.Workers()[0].Name + `"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s: %.1500s", want, b)
		}
	}
}
