package distributed

import (
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestSubmitMapGatherReduce(t *testing.T) {
	lc := cluster(t, Options{Workers: 2, NThreads: 2})
	c := lc.Client()
	ctx := testCtx(t, 30*time.Second)
	const n = 200
	items := make([]any, n)
	for i := range items {
		items[i] = i
	}
	futs := c.Map(ctx, inc, items)
	got, err := c.Gather(ctx, futs)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i, v := range got {
		if v != i+1 {
			t.Fatalf("inc(%d) = %v", i, v)
		}
		want += i + 1
	}
	total := c.Reduce(ctx, sum, futs, 4)
	v, err := total.Result(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v != want {
		t.Fatalf("reduce = %v, want %d", v, want)
	}
	// A future as an argument.
	f := c.Submit(ctx, inc, c.Submit(ctx, inc, 41))
	if v, err := f.Result(ctx); err != nil || v != 43 {
		t.Fatalf("inc(inc(41)) = %v, %v", v, err)
	}
}

// TestLocality checks that a task is sent to the worker holding its
// large input, and that a task with only small inputs goes to any.
func TestLocality(t *testing.T) {
	lc := cluster(t, Options{Workers: 3, NThreads: 1})
	c := lc.Client()
	ctx := testCtx(t, 30*time.Second)
	values := make([]any, 6)
	for i := range values {
		d := chunk.NewDense(chunk.Float64, []int{1 << 17})
		chunk.Values[float64](d)[0] = float64(i)
		values[i] = d
	}
	futs, err := c.Scatter(ctx, values)
	if err != nil {
		t.Fatal(err)
	}
	holders := make(map[string]bool)
	for i, f := range futs {
		g := c.Submit(ctx, firstOf, f)
		c.mu.Lock()
		holder := f.ks.where[0]
		holders[holder] = true
		u := g.ks.u
		target, state := u.target, u.state
		c.mu.Unlock()
		if state != uPublished && state != uIdle || target != holder {
			t.Fatalf("task on scattered value %d went to %q (state %d), the value is on %q", i, target, state, holder)
		}
		if v, err := g.Result(ctx); err != nil || v != float64(i) {
			t.Fatalf("firstOf(value %d) = %v, %v", i, v, err)
		}
	}
	if len(holders) < 2 {
		t.Fatalf("scatter put all values on %v", holders)
	}
	g := c.Submit(ctx, inc, 5)
	c.mu.Lock()
	target := g.ks.u.target
	c.mu.Unlock()
	if target != "" {
		t.Fatalf("a task with only small inputs went to %q, not the shared subject", target)
	}
}
