package distributed

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/internal/browsertest"
)

func TestMain(m *testing.M) {
	RunWorkerIfRequested()
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}

// Functions the tests run on workers: registered at init in this binary,
// which the worker processes run too.
var (
	inc = delayed.Wrap("distributed_test.inc", func(x int) int { return x + 1 })
	sum = delayed.Wrap("distributed_test.sum", func(xs []int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
)

// cluster starts an in-process cluster for one test, closed at its end.
func cluster(t *testing.T, opts Options) *LocalCluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	lc, err := NewLocalCluster(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := lc.Close(); err != nil {
			t.Error(err)
		}
	})
	return lc
}

func testCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// waitWorkers waits until c sees n workers, failing the test when ctx
// ends first.
func waitWorkers(t *testing.T, ctx context.Context, c *Client, n int) {
	t.Helper()
	for len(c.Workers()) < n {
		select {
		case <-ctx.Done():
			t.Fatalf("%d of %d workers joined", len(c.Workers()), n)
		case <-time.After(5 * time.Millisecond):
		}
	}
}
