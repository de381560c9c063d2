package distributed

import (
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
)

// slowTwice returns 2·d (as large as d, so it stays on the worker that
// computed it) after a short sleep.
var slowTwice = delayed.Wrap("distributed_test.slowTwice", func(d *chunk.Dense) *chunk.Dense {
	time.Sleep(30 * time.Millisecond)
	out := chunk.NewDense(chunk.Float64, d.Shape())
	for j, v := range chunk.Values[float64](d) {
		chunk.Values[float64](out)[j] = 2 * v
	}
	return out
})

// TestWorkStealing puts every input on one worker and then adds an idle
// one: locality sends all tasks to the first, and the idle worker takes
// some of those not yet published (it fetches their inputs). Where each
// result lives says where its task ran.
func TestWorkStealing(t *testing.T) {
	lc := cluster(t, Options{Workers: 1, NThreads: 1})
	c := lc.Client()
	ctx := testCtx(t, 60*time.Second)
	const n = 24
	values := make([]any, n)
	for i := range values {
		d := chunk.NewDense(chunk.Float64, []int{1 << 14}) // 128 KiB: held by a worker
		d.Fill(float64(i))
		values[i] = d
	}
	futs, err := c.Scatter(ctx, values)
	if err != nil {
		t.Fatal(err)
	}
	first := c.Workers()[0].Name
	goWorker(t, ctx, lc.URL(), WorkerOptions{NThreads: 1, Name: "idle"})
	waitWorkers(t, ctx, c, 2)
	for i, f := range futs {
		c.mu.Lock()
		where := f.ks.where
		c.mu.Unlock()
		if len(where) != 1 || where[0] != first {
			t.Fatalf("scattered value %d is on %v, want only %s", i, where, first)
		}
	}
	doubled := c.Map(ctx, slowTwice, futs2any(futs))
	ran := make(map[string]int)
	for i, f := range doubled {
		v, err := f.Result(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range chunk.Values[float64](v.(*chunk.Dense)) {
			if x != float64(2*i) {
				t.Fatalf("result %d holds %v, want %v", i, x, 2*i)
			}
		}
		c.mu.Lock()
		for _, w := range f.ks.where {
			ran[w]++
		}
		c.mu.Unlock()
	}
	if ran["idle"] == 0 || ran[first] == 0 || ran["idle"]+ran[first] != n {
		t.Fatalf("tasks ran %v; want all %d on %s and idle, some on each", ran, n, first)
	}
	t.Logf("tasks ran %v", ran)
}

func futs2any(futs []*Future) []any {
	out := make([]any, len(futs))
	for i, f := range futs {
		out[i] = f
	}
	return out
}

// TestWindow checks a worker's pinned window: the least before its rate
// is known, growing with the rate it finishes units, at most 8 times the
// least, and shrinking after an idle spell.
func TestWindow(t *testing.T) {
	w := &workerState{info: workerInfo{Slots: 1}}
	if got := w.window(); got != minWindow(1) {
		t.Fatalf("window of a new worker = %d, want %d", got, minWindow(1))
	}
	now := time.Now()
	w.finished(now)
	for i := 1; i <= 100; i++ { // 10 000 units/s for 10 ms
		w.finished(now.Add(time.Duration(i) * 100 * time.Microsecond))
	}
	if got := w.window(); got != 8*minWindow(1) {
		t.Fatalf("window at 10 000 units/s = %d, want %d", got, 8*minWindow(1))
	}
	w.finished(now.Add(10 * time.Second))
	if got := w.window(); got <= minWindow(1) || got >= 8*minWindow(1) {
		t.Fatalf("window after an idle spell = %d, want between %d and %d", got, minWindow(1), 8*minWindow(1))
	}
}
