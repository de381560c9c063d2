package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testLayer is a 1-d layer whose tasks come from a function.
type testLayer struct {
	name   string
	n      int
	inputs []Layer
	task   func(i int) Task
}

func (l *testLayer) Name() string        { return l.name }
func (l *testLayer) Inputs() []Layer     { return l.inputs }
func (l *testLayer) NumBlocks() []int    { return []int{l.n} }
func (l *testLayer) Task(idx []int) Task { return l.task(idx[0]) }

var calls atomic.Int64

func init() {
	RegisterFunc("test.leaf", func(block []int, _ []any) (any, error) {
		calls.Add(1)
		return block[0] + 1, nil
	})
	RegisterFunc("test.add", func(_ []int, in []any) (any, error) {
		calls.Add(1)
		s := 0
		for _, v := range in {
			s += v.(int)
		}
		return s, nil
	})
	RegisterFunc("test.fail", func(block []int, _ []any) (any, error) {
		if block[0] == 3 {
			return nil, errors.New("boom")
		}
		return 0, nil
	})
	RegisterFunc("test.panic", func(block []int, _ []any) (any, error) {
		if block[0] == 2 {
			var m map[string]int
			m["x"] = 1
		}
		return 0, nil
	})
	RegisterFunc("test.bigleaf", func([]int, []any) (any, error) { return make(sized, 1000), nil })
	RegisterFunc("test.size", func(_ []int, in []any) (any, error) {
		n := 0
		for _, v := range in {
			if s, ok := v.(sized); ok {
				n += len(s)
			} else {
				n += v.(int)
			}
		}
		return n, nil
	})
	RegisterFunc("test.slow", func(block []int, _ []any) (any, error) {
		time.Sleep(time.Millisecond)
		return 0, nil
	})
}

// treeSum builds n leaves (value i+1) reduced by a tree of fan-in k.
func treeSum(n, k int, inline bool) (Layer, int) {
	leaf := &testLayer{name: "leaf", n: n, task: func(i int) Task { return Task{Kernel: "test.leaf", Inline: inline} }}
	var l Layer = leaf
	level, width := 0, n
	for width > 1 {
		prev, pw := l, width
		width = (width + k - 1) / k
		level++
		l = &testLayer{name: fmt.Sprintf("sum-%d", level), n: width, inputs: []Layer{prev}, task: func(i int) Task {
			var in []Key
			for j := i * k; j < min((i+1)*k, pw); j++ {
				in = append(in, NewKey(prev.Name(), []int{j}))
			}
			return Task{Kernel: "test.add", Inputs: in}
		}}
	}
	return l, n * (n + 1) / 2
}

func TestTreeSum(t *testing.T) {
	for _, n := range []int{1, 2, 7, 64, 1000} {
		for _, workers := range []int{1, 2, 4} {
			root, want := treeSum(n, 8, false)
			g := NewGraph(root)
			vals, err := (&Local{Workers: workers}).Run(context.Background(), g, []Key{NewKey(root.Name(), []int{0})})
			if err != nil {
				t.Fatal(err)
			}
			if got := vals[0].(int); got != want {
				t.Errorf("n=%d workers=%d: got %d, want %d", n, workers, got, want)
			}
		}
	}
}

// Progress reports never overlap, Done grows from one to the next, and
// the last says Done == Total, however the workers race.
func TestProgressInOrder(t *testing.T) {
	root, _ := treeSum(2000, 4, false)
	for round := 0; round < 20; round++ {
		var busy atomic.Bool
		var got []Progress
		e := &Local{Workers: 8, Progress: func(p Progress) {
			if !busy.CompareAndSwap(false, true) {
				t.Error("two progress calls at once")
			}
			got = append(got, p)
			busy.Store(false)
		}}
		if _, err := e.Run(context.Background(), NewGraph(root), Keys(root)); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Done <= got[i-1].Done {
				t.Fatalf("round %d: progress went from %d to %d", round, got[i-1].Done, got[i].Done)
			}
		}
		if last := got[len(got)-1]; last.Done != last.Total || last.Total == 0 {
			t.Fatalf("round %d: the last report is %d of %d", round, last.Done, last.Total)
		}
	}
}

func TestSharedWorkRunsOnce(t *testing.T) {
	root, want := treeSum(100, 4, false)
	g := NewGraph(root)
	k := NewKey(root.Name(), []int{0})
	calls.Store(0)
	vals, err := (&Local{}).Run(context.Background(), g, []Key{k, k, NewKey("leaf", []int{5})})
	if err != nil {
		t.Fatal(err)
	}
	if vals[0].(int) != want || vals[1].(int) != want || vals[2].(int) != 6 {
		t.Fatalf("got %v", vals)
	}
	n, _ := g.NumTasks([]Key{k})
	if got := calls.Load(); got != int64(n) {
		t.Errorf("ran %d kernels, graph has %d tasks", got, n)
	}
}

func TestFusionAndCulling(t *testing.T) {
	root, _ := treeSum(64, 8, true)
	g := NewGraph(root)
	k := NewKey(root.Name(), []int{0})
	n, err := g.NumTasks([]Key{k})
	if err != nil {
		t.Fatal(err)
	}
	// Leaves fuse into their sum-1 dependents: 8 + 1 tasks remain.
	if n != 9 {
		t.Errorf("fused graph has %d tasks, want 9", n)
	}
	// Asking for one leaf culls everything else.
	if n, _ := g.NumTasks([]Key{NewKey("leaf", []int{3})}); n != 1 {
		t.Errorf("culled graph has %d tasks, want 1", n)
	}
	root2, want := treeSum(64, 8, true)
	vals, err := (&Local{}).Run(context.Background(), NewGraph(root2), []Key{k})
	if err != nil || vals[0].(int) != want {
		t.Fatalf("fused run: %v, %v; want %d", vals, err, want)
	}
}

// TestFusionMixedInputs fuses a task's inline inputs, some with inputs
// of their own, among inputs that run on their own.
func TestFusionMixedInputs(t *testing.T) {
	leaf := &testLayer{name: "leaf", n: 4, task: func(int) Task { return Task{Kernel: "test.leaf"} }}
	other := &testLayer{name: "other", n: 1, task: func(int) Task { return Task{Kernel: "test.leaf"} }}
	mid := &testLayer{name: "mid", n: 2, inputs: []Layer{leaf}, task: func(i int) Task {
		return Task{Kernel: "test.add", Inline: true, Inputs: []Key{NewKey("leaf", []int{2 * i}), NewKey("leaf", []int{2*i + 1})}}
	}}
	ileaf := &testLayer{name: "ileaf", n: 2, task: func(int) Task { return Task{Kernel: "test.leaf", Inline: true} }}
	root := &testLayer{name: "root", n: 1, inputs: []Layer{mid, other, ileaf}, task: func(int) Task {
		return Task{Kernel: "test.add", Inputs: []Key{NewKey("mid", []int{0}), NewKey("other", []int{0}),
			NewKey("ileaf", []int{0}), NewKey("mid", []int{1}), NewKey("ileaf", []int{1})}}
	}}
	g := NewGraph(root)
	k := NewKey("root", []int{0})
	// mid and ileaf fuse into root: 4 leaves, other and root remain.
	if n, err := g.NumTasks([]Key{k}); err != nil || n != 6 {
		t.Errorf("fused graph has %d tasks (%v), want 6", n, err)
	}
	vals, err := (&Local{}).Run(context.Background(), g, []Key{k})
	if want := (1 + 2) + 1 + 1 + (3 + 4) + 2; err != nil || vals[0].(int) != want {
		t.Fatalf("got %v, %v; want %d", vals, err, want)
	}
}

func TestErrorNamesKey(t *testing.T) {
	for _, kernel := range []string{"test.fail", "test.panic"} {
		l := &testLayer{name: "bad", n: 10, task: func(int) Task { return Task{Kernel: kernel} }}
		_, err := (&Local{Workers: 2}).Run(context.Background(), NewGraph(l), Keys(l))
		var te *TaskError
		if !errors.As(err, &te) {
			t.Fatalf("%s: error %v is not a *TaskError", kernel, err)
		}
		if te.Key.Name != "bad" {
			t.Errorf("%s: error names %v", kernel, te.Key)
		}
		var pe *PanicError
		if kernel == "test.panic" && (!errors.As(err, &pe) || !strings.Contains(err.Error(), "panic") ||
			strings.Contains(err.Error(), "\n") || !strings.Contains(string(pe.Stack), "goroutine")) {
			t.Errorf("panic not reported as a one-line error with the stack on a *PanicError: %v", err)
		}
	}
}

func TestUnknownKernel(t *testing.T) {
	l := &testLayer{name: "x", n: 1, task: func(int) Task { return Task{Kernel: "no.such"} }}
	_, err := (&Local{}).Run(context.Background(), NewGraph(l), Keys(l))
	if err == nil || !strings.Contains(err.Error(), "no.such") {
		t.Fatalf("got %v", err)
	}
	if _, err := (&Local{}).Run(context.Background(), NewGraph(l), []Key{NewKey("x", []int{5})}); err == nil {
		t.Fatal("out-of-range key accepted")
	}
}

func TestCancel(t *testing.T) {
	l := &testLayer{name: "slow", n: 100000, task: func(int) Task { return Task{Kernel: "test.slow"} }}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := (&Local{Workers: 2}).Run(ctx, NewGraph(l), Keys(l))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancellation took %v", d)
	}
}

type sized []byte

func (s sized) NBytes() int { return len(s) }

// TestRelease checks that intermediates are released: with a chain of
// leaves each summed right away, at most a few leaves are live at once.
func TestRelease(t *testing.T) {
	var maxLive atomic.Int64
	leaf := &testLayer{name: "big", n: 1000, task: func(int) Task { return Task{Kernel: "test.bigleaf"} }}
	sum := &testLayer{name: "bigsum", n: 125, inputs: []Layer{leaf}, task: func(i int) Task {
		var in []Key
		for j := i * 8; j < i*8+8; j++ {
			in = append(in, NewKey("big", []int{j}))
		}
		return Task{Kernel: "test.size", Inputs: in}
	}}
	total := &testLayer{name: "total", n: 1, inputs: []Layer{sum}, task: func(int) Task { return Task{Kernel: "test.size", Inputs: Keys(sum)} }}
	e := &Local{Workers: 2, MemoryLimit: 20000}
	var r *run
	_ = r
	e.Progress = func(Progress) {}
	vals, err := e.Run(context.Background(), NewGraph(total), Keys(total))
	if err != nil || vals[0].(int) != 1000*1000 {
		t.Fatalf("got %v %v", vals, err)
	}
	// Check the live set directly on a plan run single-threaded.
	p, _ := NewGraph(total).plan(Keys(total), true)
	rr := newRun(p, &Local{}, nil, nil)
	for rr.pending > 0 {
		i := rr.pop()
		nd := p.nodes[i]
		args := make([]any, len(nd.inputs))
		for j, in := range nd.inputs {
			args[j] = rr.values[in]
		}
		v, err := call(nd, args, false)
		if err != nil {
			t.Fatal(err)
		}
		rr.finish(i, v, false)
		if rr.live > maxLive.Load() {
			maxLive.Store(rr.live)
		}
	}
	if m := maxLive.Load(); m > 8*1000 {
		t.Errorf("peak live bytes %d: intermediates not released in depth-first order", m)
	}
}

func TestKeyRoundTrip(t *testing.T) {
	for _, idx := range [][]int{nil, {0}, {5, 300, 70000}, {1 << 40}} {
		k := NewKey("x", idx)
		got := k.Block()
		if len(got) != len(idx) {
			t.Fatalf("%v → %v", idx, got)
		}
		for i := range idx {
			if got[i] != idx[i] {
				t.Fatalf("%v → %v", idx, got)
			}
		}
	}
	if s := NewKey("x", []int{1, 2}).String(); s != "('x', 1, 2)" {
		t.Errorf("String = %q", s)
	}
}

func BenchmarkManyTasks(b *testing.B) {
	for b.Loop() {
		root, want := treeSum(100000, 8, true)
		vals, err := (&Local{}).Run(context.Background(), NewGraph(root), []Key{NewKey(root.Name(), []int{0})})
		if err != nil || vals[0].(int) != want {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(100000+14286)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
}
