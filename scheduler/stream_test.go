package scheduler

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestStream checks that Stream passes each key's value to the sink once
// (a key asked for twice, a literal, a value other tasks also read), that
// a pooled output is recycled once the sink and its consumers are done,
// and that a sink's error stops the run, even on the last task; an
// executor that cannot stream gets the same calls after Run.
func TestStream(t *testing.T) {
	const n = 6
	lit := &testLayer{name: "lit", n: 1, task: func(int) Task { return Task{Value: 7} }}
	for _, streaming := range []bool{true, false} {
		src, outs := recycleGraph(n, false, "test.borrowsum")
		keys := append(Keys(src), Keys(outs[0])...)
		keys = append(keys, NewKey("src", []int{2}), NewKey("lit", []int{0}))
		made.Lock()
		made.ds = nil
		made.Unlock()
		var mu sync.Mutex
		got := make(map[int]float64)
		sink := func(i int, v any) error {
			var x float64
			switch v := v.(type) {
			case *chunk.Dense:
				x = chunk.Values[float64](v)[pooledLen-1] // read now: it may be recycled later
			case float64:
				x = v
			case int:
				x = float64(v)
			}
			mu.Lock()
			defer mu.Unlock()
			if _, dup := got[i]; dup {
				t.Errorf("streaming=%v: key %d sunk twice", streaming, i)
			}
			got[i] = x
			return nil
		}
		var e Executor = &Local{Workers: 2}
		if !streaming {
			e = runOnly{e}
		}
		if err := Stream(context.Background(), e, NewGraph(outs[0], src, lit), keys, sink); err != nil {
			t.Fatal(err)
		}
		for i := range keys {
			want := float64(i)
			switch {
			case i >= n && i < 2*n:
				want = float64((i - n) * pooledLen)
			case i == 2*n:
				want = 2
			case i == 2*n+1:
				want = 7
			}
			if x, ok := got[i]; !ok || x != want {
				t.Errorf("streaming=%v: key %d (%v): sunk %v (%v), want %v", streaming, i, keys[i], x, ok, want)
			}
		}
		made.Lock()
		for i, d := range made.ds {
			if recycled := d.Len() == 0; recycled != streaming {
				t.Errorf("streaming=%v: chunk %d recycled %v", streaming, i, recycled)
			}
		}
		made.Unlock()
	}

	boom := errors.New("boom")
	for _, at := range []int{0, n - 1} {
		_, outs := recycleGraph(n, false, "test.borrowsum")
		keys := Keys(outs[0])
		err := Stream(context.Background(), &Local{Workers: 1}, NewGraph(outs[0]), keys, func(i int, _ any) error {
			if i == at {
				return boom
			}
			return nil
		})
		if !errors.Is(err, boom) {
			t.Errorf("sink failing at key %d: Stream returned %v, want %v", at, err, boom)
		}
	}
}

// runOnly hides every method of an Executor but Run.
type runOnly struct{ e Executor }

func (r runOnly) Run(ctx context.Context, g *Graph, keys []Key) ([]any, error) {
	return r.e.Run(ctx, g, keys)
}
