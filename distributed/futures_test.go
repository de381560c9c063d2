package distributed

import (
	"testing"
	"time"
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
