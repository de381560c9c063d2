package scheduler

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
)

// waitFor is a kernel whose tasks wait until want of them run at once
// (as reads waiting on the network would), or give up after a while; it
// records the most that ran at once.
var waitFor struct {
	mu         sync.Mutex
	cond       *sync.Cond
	now, most  int
	want       int
	giveUpTime time.Duration
}

func init() {
	waitFor.cond = sync.NewCond(&waitFor.mu)
	RegisterFunc("test.remote", func([]int, []any) (any, error) {
		w := &waitFor
		w.mu.Lock()
		defer w.mu.Unlock()
		w.now++
		w.most = max(w.most, w.now)
		w.cond.Broadcast()
		t := time.AfterFunc(w.giveUpTime, func() { w.mu.Lock(); w.cond.Broadcast(); w.mu.Unlock() })
		defer t.Stop()
		for deadline := time.Now().Add(w.giveUpTime); w.most < w.want && time.Now().Before(deadline); {
			w.cond.Wait()
		}
		w.now--
		return 1, nil
	})
}

// TestRemoteWorkers checks that a Local executor with the default worker
// count runs RemoteWorkers tasks at once in a graph of Task.Remote tasks,
// and one per core (or as many as asked) otherwise.
func TestRemoteWorkers(t *testing.T) {
	// Tasks wait until want run at once: a run that starts fewer takes
	// 20 s per task and fails; one that starts more shows in most.
	run := func(remote bool, workers, want int) int {
		t.Helper()
		waitFor.mu.Lock()
		waitFor.now, waitFor.most, waitFor.want = 0, 0, want
		waitFor.giveUpTime = 20 * time.Second
		waitFor.mu.Unlock()
		l := &testLayer{name: "remote", n: 2 * RemoteWorkers, task: func(int) Task { return Task{Kernel: "test.remote", Remote: remote} }}
		if _, err := (&Local{Workers: workers}).Run(context.Background(), NewGraph(l), Keys(l)); err != nil {
			t.Fatal(err)
		}
		return waitFor.most
	}
	if got := run(true, 0, RemoteWorkers); got != RemoteWorkers {
		t.Errorf("remote tasks: %d ran at once, want %d", got, RemoteWorkers)
	}
	want := min(runtime.GOMAXPROCS(0), 2*RemoteWorkers)
	if got := run(false, 0, want); got != want {
		t.Errorf("local tasks: %d ran at once, want GOMAXPROCS = %d", got, want)
	}
	if got := run(true, 3, 3); got != 3 {
		t.Errorf("remote tasks with Workers 3: %d ran at once", got)
	}
}
