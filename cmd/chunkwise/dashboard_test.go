package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/distributed"
)

// TestSchedulerDashboard runs `chunkwise scheduler --dashboard` and a
// worker process, computes on the worker, and reads the tasks and the
// worker's memory from the dashboard's /metrics.
func TestSchedulerDashboard(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	_, lines, schedErr := start(t, "scheduler", "--listen", "127.0.0.1:0", "--dashboard", "127.0.0.1:0")
	var url, dash string
	for _, p := range []*string{&url, &dash} {
		select {
		case *p = <-lines:
		case <-time.After(20 * time.Second):
			t.Fatalf("scheduler printed no URLs in 20s; stderr: %s", schedErr)
		}
	}
	dash, ok := strings.CutPrefix(dash, "dashboard: ")
	if !ok || !strings.HasPrefix(dash, "http://127.0.0.1:") {
		t.Fatalf("scheduler printed %q, want dashboard: http://127.0.0.1:PORT/", dash)
	}
	_, _, workerErr := start(t, "worker", "--scheduler", url, "--nthreads", "2", "--name", "dw")
	c, err := distributed.Connect(ctx, url, distributed.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for len(c.Workers()) < 1 {
		select {
		case <-ctx.Done():
			t.Fatalf("the worker never joined; its stderr: %s", workerErr)
		case <-time.After(50 * time.Millisecond):
		}
	}
	time.Sleep(time.Second) // the dashboard has asked the client for its status: it traces
	x := array.NewRNG(4).Random([]int{400, 300}, chunk.Regular(100, 100))
	if _, err := x.Mul(2).Sum().Compute(ctx, array.WithExecutor(c)); err != nil {
		t.Fatal(err)
	}
	var metrics string
	for ctx.Err() == nil {
		resp, err := http.Get(dash + "metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		metrics = string(b)
		if strings.Contains(metrics, `chunkwise_worker_rss_bytes{worker="dw"}`) && !strings.Contains(metrics, "chunkwise_tasks_done 0") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("/metrics never showed the tasks and the worker: %.2000s", metrics)
}
