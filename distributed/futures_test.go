package distributed

import (
	"reflect"
	"slices"
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

// TestReduceFused checks Reduce's subtrees of calls of small fixed-size
// values, run as one unit each: the totals over trees of every shape, a
// call shared by two subtrees (it stays a unit of its own), and the
// types that are fused.
func TestReduceFused(t *testing.T) {
	lc := cluster(t, Options{Workers: 2, NThreads: 1})
	c := lc.Client()
	ctx := testCtx(t, 30*time.Second)
	for _, n := range []int{1, 2, 3, 5, 8, 9, 17, 64, 100} {
		items := make([]any, n)
		for i := range items {
			items[i] = i
		}
		total := c.Reduce(ctx, sum, c.Map(ctx, inc, items), 2)
		if v, err := total.Result(ctx); err != nil || v != n*(n+1)/2 {
			t.Fatalf("reduce of %d: %v, %v; want %d", n, v, err, n*(n+1)/2)
		}
		c.mu.Lock()
		tasks := len(total.ks.u.tasks)
		c.mu.Unlock()
		// The root of 8 or 64 inputs tops a subtree of three levels.
		if want := map[int]int{8: 7, 64: 7, 2: 1}[n]; want > 0 && tasks != want {
			t.Errorf("reduce of %d: the root's unit runs %d calls, want %d", n, tasks, want)
		}
	}
	// inc(0) … inc(7), then again in another order: sum(1, 2) is one call
	// used by calls of two subtrees.
	fs := c.Map(ctx, inc, []any{0, 1, 2, 3, 4, 5, 6, 7})
	dup := append(slices.Clone(fs), fs[0], fs[1], fs[7], fs[6], fs[5], fs[4], fs[3], fs[2])
	if v, err := c.Reduce(ctx, sum, dup, 2).Result(ctx); err != nil || v != 72 {
		t.Fatalf("reduce with a shared call: %v, %v; want 72", v, err)
	}
	for _, c := range []struct {
		v     any
		fused bool
	}{
		{1.5, true}, {int8(1), true}, {true, true}, {complex(1, 2), true}, {[4]float64{}, true},
		{struct {
			A int
			B [2]float32
		}{}, true},
		{[]float64{}, false}, {"s", false}, {new(int), false}, {[64]float64{}, false}, {map[int]int{}, false},
		{struct{ S []int }{}, false},
	} {
		if got := smallFixed(reflect.TypeOf(c.v)); got != c.fused {
			t.Errorf("smallFixed(%T) = %v", c.v, got)
		}
	}
}
