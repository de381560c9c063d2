package distributed

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

var (
	boom = delayed.Wrap("distributed_test.boom", func(x int) int {
		if x < 0 {
			panic("negative input")
		}
		return x
	})
	takesChan = delayed.Wrap("distributed_test.takesChan", func(c chan int) int { return 0 })
	// clientOnly is registered in the test process only, not in the
	// worker processes it starts: a worker built from another binary.
	clientOnly = func() *delayed.Function {
		if os.Getenv(envNATS) != "" {
			return nil
		}
		return delayed.Wrap("distributed_test.clientOnly", func(x int) int { return x })
	}()
)

// wantErr fails unless err is non-nil and mentions every part.
func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("error %q does not mention %q", err, p)
		}
	}
}

func TestConnectUnreachable(t *testing.T) {
	start := time.Now()
	_, err := Connect(context.Background(), "nats://127.0.0.1:1", Options{Timeout: time.Second})
	wantErr(t, err, "127.0.0.1:1")
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("failing to connect took %v", d)
	}
}

func TestTaskErrors(t *testing.T) {
	lc := cluster(t, Options{Workers: 1, MemoryLimit: 1 << 20})
	c := lc.Client()
	ctx := testCtx(t, 30*time.Second)

	f := c.Submit(ctx, boom, -1)
	_, err := f.Result(ctx)
	var te *scheduler.TaskError
	if !errors.As(err, &te) || te.Key != f.Key() {
		t.Fatalf("panic came back as %v, want a TaskError naming %v", err, f.Key())
	}
	wantErr(t, err, "negative input")
	// Its dependents fail with it.
	_, err = c.Submit(ctx, inc, f).Result(ctx)
	wantErr(t, err, "negative input")

	f = c.Submit(ctx, takesChan, make(chan int))
	wantErr(t, f.Err(), "argument 0", "chan int")
	_, err = f.Result(ctx)
	wantErr(t, err, "chan int")

	// A task whose inputs exceed every worker's memory limit.
	big := chunk.NewDense(chunk.Float64, []int{1 << 18}) // 2 MiB
	futs, err := c.Scatter(ctx, []any{big})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Submit(ctx, firstOf, futs[0]).Result(ctx)
	wantErr(t, err, "memory limit")

	// A result larger than the client's memory.
	defer func(f func() int64) { availableMemory = f }(availableMemory)
	availableMemory = func() int64 { return 1 << 10 }
	_, err = c.Gather(ctx, futs)
	wantErr(t, err, "memory this process may use")
}

func TestUnknownFunctionOnWorker(t *testing.T) {
	lc := cluster(t, Options{Workers: 1, NThreads: 1, Processes: true})
	ctx := testCtx(t, 30*time.Second)
	_, err := lc.Client().Submit(ctx, clientOnly, 1).Result(ctx)
	wantErr(t, err, "no function registered", "distributed_test.clientOnly")
}

func TestIncompatibleWorker(t *testing.T) {
	ctx := testCtx(t, 30*time.Second)
	urls := make(chan string, 1)
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() {
		served <- ServeScheduler(sctx, "127.0.0.1:0", t.TempDir(), Options{}, func(u string) { urls <- u })
	}()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	url := <-urls
	c, err := Connect(ctx, url, Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	kv, err := c.js.KeyValue(ctx, workersBucket)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := json.Marshal(workerInfo{Name: "old", URL: "http://127.0.0.1:1", Slots: 1, Version: protocolVersion + 1})
	if _, err := kv.Put(ctx, "old", info); err != nil {
		t.Fatal(err)
	}
	_, err = c.Submit(ctx, inc, 1).Result(ctx)
	wantErr(t, err, "protocol version", "old")
}
