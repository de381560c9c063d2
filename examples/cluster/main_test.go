package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/distributed"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// build builds the example once for all tests and returns its path.
func build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chunkwise-cluster-example")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "cluster")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// TestExampleSmall builds the example and runs it at a small scale on its
// default local cluster of two worker processes: it must exit 0 and end
// with a JSON line saying every result matched the local computation.
func TestExampleSmall(t *testing.T) {
	bin := build(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--scale", "0.002", "--zarr", filepath.Join(t.TempDir(), "z"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("example: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var last struct {
		OK      bool `json:"ok"`
		Workers int  `json:"workers"`
		Checks  []struct {
			Name string `json:"name"`
			OK   bool   `json:"ok"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
		t.Fatalf("last line %q is not JSON: %v", lines[len(lines)-1], err)
	}
	if !last.OK || last.Workers != 2 || len(last.Checks) != 3 {
		t.Fatalf("last line %s: want ok true, 2 workers, 3 checks\n%s", lines[len(lines)-1], out.String())
	}
	for _, c := range last.Checks {
		if !c.OK {
			t.Errorf("check %s failed", c.Name)
		}
	}
}

// TestExampleBadFlags checks that a bad size or an unreachable scheduler
// is a one-line error with a non-zero exit, in bounded time.
func TestExampleBadFlags(t *testing.T) {
	bin := build(t)
	for _, args := range [][]string{
		{"--scale", "0"},
		{"--scale", "-1"},
		{"--workers", "0"},
		{"--scheduler", "nats://127.0.0.1:1"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, bin, args...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		timedOut := ctx.Err() != nil
		cancel()
		if timedOut {
			t.Fatalf("example %v: still running after 60s", args)
		}
		msg := strings.TrimSpace(errb.String())
		if err == nil || msg == "" || strings.Contains(msg, "\n") || strings.Contains(msg, "panic") {
			t.Errorf("example %v: err %v, stderr %q; want a non-zero exit and one line", args, err, msg)
		}
	}
}

// TestExampleJoinsScheduler runs the example against a running scheduler
// (distributed.ServeScheduler here) whose worker is the example binary
// started with CHUNKWISE_WORKER_NATS, the README's recipe for a cluster
// of several machines.
func TestExampleJoinsScheduler(t *testing.T) {
	bin := build(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	urls := make(chan string, 1)
	served := make(chan error, 1)
	sctx, stopSched := context.WithCancel(ctx)
	go func() {
		served <- distributed.ServeScheduler(sctx, "127.0.0.1:0", t.TempDir(), distributed.Options{}, func(u string) { urls <- u })
	}()
	defer func() {
		stopSched()
		if err := <-served; err != nil {
			t.Errorf("scheduler: %v", err)
		}
	}()
	var url string
	select {
	case url = <-urls:
	case err := <-served:
		t.Fatalf("scheduler: %v", err)
	case <-ctx.Done():
		t.Fatal("the scheduler did not start")
	}
	worker := exec.CommandContext(ctx, bin)
	worker.Env = append(os.Environ(), "CHUNKWISE_WORKER_NATS="+url)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		worker.Process.Kill()
		worker.Wait()
	}()
	out, err := exec.CommandContext(ctx, bin, "--scheduler", url, "--scale", "0.002", "--zarr", filepath.Join(t.TempDir(), "z")).Output()
	if err != nil {
		t.Fatalf("example --scheduler: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var last struct {
		OK      bool `json:"ok"`
		Workers int  `json:"workers"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || !last.OK || last.Workers != 1 {
		t.Fatalf("last line %q (%v): want ok true on 1 worker\n%s", lines[len(lines)-1], err, out)
	}
}
