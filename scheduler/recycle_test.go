package scheduler

import (
	"context"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// made records the chunks test.pooled produced, to inspect after a run.
var made struct {
	sync.Mutex
	ds []*chunk.Dense
}

const pooledLen = 1 << 16 // 512 KiB of float64: large enough to be pooled

func init() {
	RegisterFunc("test.pooled", func(block []int, _ []any) (any, error) {
		d := chunk.NewPooledDense(chunk.Float64, []int{pooledLen})
		v := chunk.Values[float64](d)
		for i := range v {
			v[i] = float64(block[0])
		}
		made.Lock()
		made.ds = append(made.ds, d)
		made.Unlock()
		return d, nil
	})
	RegisterBorrowing("test.borrowsum", func([]byte) (Func, error) {
		return func(_ []int, in []any) (any, error) {
			s := 0.0
			for _, x := range chunk.Values[float64](in[0].(*chunk.Dense)) {
				s += x
			}
			return s, nil
		}, nil
	})
	RegisterFunc("test.passthrough", func(_ []int, in []any) (any, error) { return in[0], nil })
}

// recycleGraph builds n pooled chunks, each consumed by the kernels
// named, one layer per kernel.
func recycleGraph(n int, inline bool, consumers ...string) (src Layer, outs []Layer) {
	src = &testLayer{name: "src", n: n, task: func(int) Task { return Task{Kernel: "test.pooled", Inline: inline} }}
	for _, k := range consumers {
		outs = append(outs, &testLayer{name: "c-" + k, n: n, inputs: []Layer{src}, task: func(i int) Task {
			return Task{Kernel: k, Inputs: []Key{NewKey("src", []int{i})}}
		}})
	}
	return src, outs
}

func runRecycle(t *testing.T, want []Layer, roots ...Layer) ([]any, []*chunk.Dense) {
	t.Helper()
	return runRecycleOn(t, 2, want, roots...)
}

// runRecycleOn is runRecycle with the given number of workers (with one,
// tasks run in priority order, which follows the order of want).
func runRecycleOn(t *testing.T, workers int, want []Layer, roots ...Layer) ([]any, []*chunk.Dense) {
	t.Helper()
	made.Lock()
	made.ds = nil
	made.Unlock()
	var keys []Key
	for _, l := range want {
		keys = append(keys, Keys(l)...)
	}
	vals, err := (&Local{Workers: workers}).Run(context.Background(), NewGraph(roots...), keys)
	if err != nil {
		t.Fatal(err)
	}
	made.Lock()
	defer made.Unlock()
	return vals, append([]*chunk.Dense(nil), made.ds...)
}

// TestRecycleAfterBorrowingConsumers checks that a pooled chunk whose
// consumers all borrow is recycled once they have run, fused or not.
func TestRecycleAfterBorrowingConsumers(t *testing.T) {
	for _, inline := range []bool{false, true} {
		_, outs := recycleGraph(6, inline, "test.borrowsum")
		vals, ds := runRecycle(t, outs, outs...)
		for i, v := range vals {
			if v.(float64) != float64(i*pooledLen) {
				t.Fatalf("inline=%v: sum %d = %v, want %v", inline, i, v, i*pooledLen)
			}
		}
		if len(ds) != 6 {
			t.Fatalf("inline=%v: %d chunks made, want 6", inline, len(ds))
		}
		for i, d := range ds {
			if d.Len() != 0 || d.Recyclable() {
				t.Errorf("inline=%v: chunk %d not recycled (len %d)", inline, i, d.Len())
			}
		}
	}
}

// TestNoRecycleWhenKept checks that a chunk a non-borrowing kernel saw,
// or that the caller asked for, is pinned and left intact.
func TestNoRecycleWhenKept(t *testing.T) {
	check := func(name string, ds []*chunk.Dense) {
		t.Helper()
		for _, d := range ds {
			if d.Len() != pooledLen || d.Recyclable() {
				t.Errorf("%s: chunk recycled or still recyclable (len %d, recyclable %v)", name, d.Len(), d.Recyclable())
			}
		}
	}
	// One borrowing and one keeping consumer: the kept chunk is the
	// pass-through's output.
	_, outs := recycleGraph(4, false, "test.borrowsum", "test.passthrough")
	vals, ds := runRecycle(t, outs, outs...)
	check("shared with a pass-through", ds)
	for i, v := range vals[4:] {
		if got := chunk.Values[float64](v.(*chunk.Dense))[pooledLen-1]; got != float64(i) {
			t.Errorf("pass-through output %d holds %v, want %v", i, got, i)
		}
	}
	// The chunks themselves requested alongside a borrowing consumer.
	src, outs := recycleGraph(4, false, "test.borrowsum")
	_, ds = runRecycle(t, []Layer{src, outs[0]}, outs[0])
	check("requested", ds)
}

// TestRecycleUnderMemoryLimit runs pooled chunks with two borrowing
// consumers each under a budget: under one chunk's every value is
// spilled and must come back intact; under four, none needs to be, and
// those released in memory must be recycled.
func TestRecycleUnderMemoryLimit(t *testing.T) {
	const n = 12
	for _, chunks := range []int64{1, 4} {
		_, outs := recycleGraph(n, false, "test.borrowsum")
		second := &testLayer{name: "c-again", n: n, inputs: []Layer{&testLayer{name: "src", n: n,
			task: func(int) Task { return Task{Kernel: "test.pooled"} }}}, task: func(i int) Task {
			return Task{Kernel: "test.borrowsum", Inputs: []Key{NewKey("src", []int{i})}}
		}}
		made.Lock()
		made.ds = nil
		made.Unlock()
		keys := append(Keys(outs[0]), Keys(second)...)
		e := &Local{Workers: 2, MemoryLimit: chunks * pooledLen * 8, SpillDir: t.TempDir()}
		vals, err := e.Run(context.Background(), NewGraph(outs[0], second), keys)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if want := float64((i % n) * pooledLen); v.(float64) != want {
				t.Fatalf("budget of %d chunks: sum %d = %v, want %v", chunks, i, v, want)
			}
		}
		st := e.LastStats()
		made.Lock()
		recycled := 0
		for _, d := range made.ds {
			if d.Len() == 0 {
				recycled++
			}
		}
		made.Unlock()
		if chunks == 1 && st.Spills == 0 {
			t.Errorf("no value was spilled under a budget of one chunk (stats %+v)", st)
		}
		if chunks == 4 && recycled == 0 {
			t.Errorf("none of %d chunks released in memory was recycled (stats %+v)", len(made.ds), st)
		}
	}
}

// flattened records the views test.flatten returned.
var flattened struct {
	sync.Mutex
	ds []*chunk.Dense
}

func init() {
	RegisterForwarding("test.flatten", func([]byte) (Func, error) {
		return func(_ []int, in []any) (any, error) {
			d := in[0].(*chunk.Dense)
			v, err := d.Reshape([]int{d.Len()})
			flattened.Lock()
			flattened.ds = append(flattened.ds, v)
			flattened.Unlock()
			return v, err
		}, nil
	})
}

// TestRecycleThroughForwarding checks that a pooled chunk fused into a
// forwarding kernel (a reshape) is recycled with its view once the
// view's borrowing consumer has run, and that one the forwarding kernel
// reads unfused (it has another consumer) is pinned and left intact.
func TestRecycleThroughForwarding(t *testing.T) {
	for _, shared := range []bool{false, true} {
		src := &testLayer{name: "src", n: 4, task: func(int) Task { return Task{Kernel: "test.pooled", Inline: true} }}
		flat := &testLayer{name: "flat", n: 4, inputs: []Layer{src}, task: func(i int) Task {
			return Task{Kernel: "test.flatten", Inline: true, Inputs: []Key{NewKey("src", []int{i})}}
		}}
		sum := &testLayer{name: "sum", n: 4, inputs: []Layer{flat}, task: func(i int) Task {
			return Task{Kernel: "test.borrowsum", Inputs: []Key{NewKey("flat", []int{i})}}
		}}
		want := []Layer{sum}
		if shared { // src also read by a second consumer: not fused
			_, outs := recycleGraph(4, true, "test.borrowsum")
			want = append(want, outs[0])
		}
		flattened.Lock()
		flattened.ds = nil
		flattened.Unlock()
		vals, ds := runRecycle(t, want, want...)
		for i, v := range vals[:4] {
			if v.(float64) != float64(i*pooledLen) {
				t.Fatalf("shared=%v: sum %d = %v, want %v", shared, i, v, i*pooledLen)
			}
		}
		for i, d := range ds {
			if d.Recyclable() || d.Len() != pooledLen {
				t.Errorf("shared=%v: chunk %d still recyclable %v or emptied (len %d): its view replaces it or it is pinned",
					shared, i, d.Recyclable(), d.Len())
			}
		}
		flattened.Lock()
		for i, v := range flattened.ds {
			if recycled := v.Len() == 0; recycled == shared {
				t.Errorf("shared=%v: view %d recycled %v", shared, i, recycled)
			}
		}
		flattened.Unlock()
	}
}
