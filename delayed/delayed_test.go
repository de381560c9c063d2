package delayed_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

var ctx = context.Background()

func TestArities(t *testing.T) {
	f0 := delayed.Func0("t.f0", func() int { return 7 })
	f1 := delayed.Func1("t.f1", func(a int) int { return a + 1 })
	f2 := delayed.Func2("t.f2", func(a int, b string) string { return fmt.Sprint(a, b) })
	f3 := delayed.Func3("t.f3", func(a, b, c int) int { return a*100 + b*10 + c })
	f4 := delayed.Func4("t.f4", func(a, b, c, d float64) float64 { return a + b + c + d })
	fn := delayed.FuncN("t.fn", func(xs ...int) int { return len(xs) })
	e1 := delayed.Func1E("t.e1", func(a int) (int, error) { return a * 2, nil })
	e2 := delayed.Func2E("t.e2", func(a, b int) (int, error) { return a - b, nil })
	e3 := delayed.Func3E("t.e3", func(a, b, c int) (int, error) { return a + b + c, nil })
	e4 := delayed.Func4E("t.e4", func(a, b, c, d int) (int, error) { return a * b * c * d, nil })
	e0 := delayed.Func0E("t.e0", func() (string, error) { return "ok", nil })
	en := delayed.FuncNE("t.en", func(xs ...string) (string, error) { return strings.Join(xs, ","), nil })
	L := delayed.Lit[int]
	tests := []struct {
		name string
		v    delayed.Lazy
		want any
	}{
		{"0", f0(), 7},
		{"1", f1(f0()), 8},
		{"2", f2(L(1), delayed.Lit("x")), "1x"},
		{"3", f3(L(1), f1(L(1)), L(3)), 123},
		{"4", f4(delayed.Lit(1.0), delayed.Lit(2.0), delayed.Lit(3.0), delayed.Lit(4.5)), 10.5},
		{"N0", fn(), 0},
		{"N9", fn(L(1), L(2), L(3), L(4), L(5), L(6), L(7), L(8), L(9)), 9},
		{"0E", e0(), "ok"},
		{"1E", e1(L(4)), 8},
		{"2E", e2(L(4), L(1)), 3},
		{"3E", e3(L(4), L(1), L(1)), 6},
		{"4E", e4(L(1), L(2), L(3), L(4)), 24},
		{"NE", en(delayed.Lit("a"), delayed.Lit("b")), "a,b"},
		{"call0", delayed.Call("t.c0", func() int { return 5 }), 5},
		{"call5", delayed.Call("t.c5", func(a, b, c, d, e int) int { return a + b + c + d + e }, 1, 2, f0(), 4, f1(L(4))), 19},
		{"callvar", delayed.Call("t.cv", func(p string, xs ...int) string { return fmt.Sprint(p, xs) }, "p", 1, f0()), "p[1 7]"},
		{"slice", delayed.Slice(L(1), f0(), f1(L(2))), []int{1, 7, 3}},
		{"lit", delayed.Lit(map[string]int{"a": 1}), map[string]int{"a": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := delayed.Compute(ctx, []delayed.Lazy{tt.v})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got[0]) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got[0], tt.want)
			}
		})
	}
}

type pair struct {
	A any
	B int
}

func TestNestedContainers(t *testing.T) {
	one := delayed.Func0("t.one", func() int { return 1 })
	two := delayed.Func0("t.two", func() int { return 2 })
	tests := []struct {
		name string
		f    any
		args []any
		want string
	}{
		{"slice of values", func(xs []int) int { return xs[0] + xs[1] + xs[2] }, []any{[]*delayed.Value[int]{one(), two(), one()}}, "4"},
		{"slice of any", func(xs []any) string { return fmt.Sprint(xs...) }, []any{[]any{one(), "x", two()}}, "1x2"},
		{"map", func(m map[string]int) int { return m["a"]*10 + m["b"] }, []any{map[string]*delayed.Value[int]{"a": one(), "b": two()}}, "12"},
		{"map of any", func(m map[string]any) string { return fmt.Sprint(m) }, []any{map[string]any{"a": one(), "b": "lit"}}, "map[a:1 b:lit]"},
		{"nested", func(xs [][]int) string { return fmt.Sprint(xs) }, []any{[][]*delayed.Value[int]{{one()}, {two(), one()}}}, "[[1] [2 1]]"},
		{"deep any", func(x []any) string { return fmt.Sprint(x) }, []any{[]any{map[int]any{1: []any{two()}}}}, "[map[1:[2]]]"},
		{"array", func(x [2]int) int { return x[0] - x[1] }, []any{[2]*delayed.Value[int]{two(), one()}}, "1"},
		{"struct", func(p pair) string { return fmt.Sprint(p.A, p.B) }, []any{pair{A: two(), B: 5}}, "2 5"},
		{"untyped value", func(x int) int { return x * 3 }, []any{delayed.As[any](two())}, "6"},
		{"empty", func(xs []int) int { return len(xs) }, []any{[]*delayed.Value[int]{}}, "0"},
		{"plain", func(xs []int, s string) string { return fmt.Sprint(xs, s) }, []any{[]int{1}, "s"}, "[1]s"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := delayed.Call(fmt.Sprintf("t.nested%d", i), tt.f, tt.args...)
			got, err := v.Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprint(got); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}

func TestConstructionErrors(t *testing.T) {
	one := delayed.Func0("t.cone", func() int { return 1 })
	type typed struct{ V *delayed.Value[int] }
	tests := []struct {
		name string
		v    *delayed.Value[any]
		want string
	}{
		{"not a function", delayed.Call("t.notfunc", 3), "is not a function"},
		{"arg count", delayed.Call("t.argc", func(a, b int) int { return a }, 1), "called with 1 arguments"},
		{"arg type", delayed.Call("t.argt", func(a int) int { return a }, "x"), "argument 0 is string"},
		{"delayed arg type", delayed.Call("t.dargt", func(a string) string { return a }, one()), "argument 0 is int"},
		{"typed struct field", delayed.Call("t.field", func(x typed) int { return 0 }, typed{V: one()}), "field V"},
		{"nil value", delayed.Call("t.nilv", func(x int) int { return x }, (*delayed.Value[int])(nil)), "nil delayed value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.v.Err() == nil || !strings.Contains(tt.v.Err().Error(), tt.want) {
				t.Fatalf("Err() = %v, want it to contain %q", tt.v.Err(), tt.want)
			}
			// Dependents inherit the error, and Compute returns it.
			dep := delayed.Call("t.dep", func(x any) any { return x }, tt.v)
			if _, err := dep.Compute(ctx); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compute = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	inc := delayed.Func1("t.cinc", func(x int) int { return x })
	if v := inc(nil); v.Err() == nil {
		t.Error("nil argument to a typed wrapper: no error")
	}
}

func TestSharedComputedOnce(t *testing.T) {
	var calls atomic.Int64
	load := delayed.Func1("t.load", func(i int) []int { calls.Add(1); return []int{i, i} })
	sum := delayed.Func1("t.sum", func(xs []int) int { return xs[0] + xs[1] })
	L := delayed.Lit[int]
	// Equal calls built independently have equal keys.
	a, b := load(L(3)), load(L(3))
	if a.Key() != b.Key() {
		t.Fatalf("keys differ: %v %v", a.Key(), b.Key())
	}
	if load(L(4)).Key() == a.Key() {
		t.Fatal("different arguments, same key")
	}
	vals := []delayed.Lazy{sum(a), sum(b), a, delayed.Call("t.len", func(x []int) int { return len(x) }, b)}
	for i := 0; i < 10; i++ {
		vals = append(vals, sum(load(L(i%3))))
	}
	if _, err := delayed.Compute(ctx, vals, delayed.WithWorkers(4)); err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 4 { // load(3), load(0), load(1), load(2)
		t.Errorf("load ran %d times, want 4", got)
	}
	n, err := delayed.NumTasks(vals...)
	if err != nil || n != 4+4+1 {
		t.Errorf("NumTasks = %d, %v; want 9", n, err)
	}
}

func TestErrorsAndPanics(t *testing.T) {
	boom := errors.New("boom")
	fail := delayed.Func1E("t.fail", func(x int) (int, error) { return 0, boom })
	panicky := delayed.Func1("t.panicky", func(x int) int { panic("kaboom") })
	inc := delayed.Func1("t.einc", func(x int) int { return x + 1 })
	failCall := delayed.Call("t.failcall", func() (int, error) { return 0, boom })
	tests := []struct {
		name     string
		v        delayed.Lazy
		fn       string
		wantBoom bool
		panicked bool
	}{
		{"error", fail(delayed.Lit(1)), "t.fail", true, false},
		{"error upstream", inc(fail(delayed.Lit(1))), "t.fail", true, false},
		{"panic", inc(panicky(delayed.Lit(1))), "t.panicky", false, true},
		{"call error", failCall, "t.failcall", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := delayed.Compute(ctx, []delayed.Lazy{tt.v})
			if err == nil {
				t.Fatal("no error")
			}
			var te *scheduler.TaskError
			if !errors.As(err, &te) || !strings.HasPrefix(te.Key.Name, tt.fn+"-") {
				t.Errorf("error %v does not name a task of %s", err, tt.fn)
			}
			if errors.Is(err, boom) != tt.wantBoom {
				t.Errorf("errors.Is(err, boom) = %v", !tt.wantBoom)
			}
			var pe *delayed.PanicError
			if errors.As(err, &pe) != tt.panicked {
				t.Errorf("PanicError: %v, want %v (%v)", !tt.panicked, tt.panicked, err)
			}
			if tt.panicked && (strings.Contains(err.Error(), "\n") || !strings.Contains(string(pe.Stack), "goroutine")) {
				t.Errorf("a panic's message is not one line, or its stack is missing: %q", err)
			}
			if !strings.Contains(err.Error(), tt.fn) {
				t.Errorf("error %q does not name the function %s", err, tt.fn)
			}
		})
	}
}

func TestCancellation(t *testing.T) {
	var started atomic.Int64
	slow := delayed.Func1E("t.slow", func(i int) (int, error) {
		started.Add(1)
		time.Sleep(5 * time.Millisecond)
		return i, nil
	})
	var vs []*delayed.Value[int]
	for i := 0; i < 1000; i++ {
		vs = append(vs, slow(delayed.Lit(i)))
	}
	c, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := delayed.ComputeAll(c, vs, delayed.WithWorkers(4))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("cancelled computation took %v", d)
	}
	if n := started.Load(); n > 200 {
		t.Errorf("%d of 1000 tasks started after cancellation", n)
	}
}

func TestImpure(t *testing.T) {
	var calls atomic.Int64
	tick := delayed.Func0("t.tick", func() int64 { return calls.Add(1) }, delayed.Impure())
	a, b := tick(), tick()
	if a.Key() == b.Key() {
		t.Fatal("impure calls share a key")
	}
	got, err := delayed.ComputeAll(ctx, []*delayed.Value[int64]{a, b, a})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || got[0] == got[1] || got[0] != got[2] {
		t.Errorf("got %v after %d calls; want two distinct calls", got, calls.Load())
	}
	r := delayed.Wrap("t.rand", func(x int) int64 { return calls.Add(1) }, delayed.Impure())
	if r.Call(1).Key() == r.Call(1).Key() {
		t.Error("impure Call shares a key")
	}
}

func TestResults(t *testing.T) {
	var calls atomic.Int64
	divmod := delayed.Wrap("t.divmod", func(a, b int) (int, int, error) {
		calls.Add(1)
		return a / b, a % b, nil
	})
	qr := divmod.Results(17, delayed.Lit(5))
	if len(qr) != 2 {
		t.Fatalf("%d results, want 2", len(qr))
	}
	add := delayed.Func2("t.radd", func(a, b int) int { return a*10 + b })
	v := add(delayed.As[int](qr[0]), delayed.As[int](qr[1]))
	got, err := delayed.Compute(ctx, []delayed.Lazy{v, qr[0], qr[1]})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[32 3 2]" || calls.Load() != 1 {
		t.Errorf("got %v with %d calls", got, calls.Load())
	}
}

func TestPersist(t *testing.T) {
	var calls atomic.Int64
	sq := delayed.Func1("t.sq", func(x int) int { calls.Add(1); return x * x })
	inc := delayed.Func1("t.pinc", func(x int) int { return x + 1 })
	v := sq(delayed.Lit(3))
	p, err := v.Persist(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Key() != v.Key() {
		t.Errorf("persisted key %v, want %v", p.Key(), v.Key())
	}
	got, err := inc(p).Compute(ctx)
	if err != nil || got != 10 || calls.Load() != 1 {
		t.Errorf("got %d, %v after %d calls", got, err, calls.Load())
	}
	ps, err := delayed.Persist(ctx, []delayed.Lazy{inc(v)})
	if err != nil {
		t.Fatal(err)
	}
	if x, err := ps[0].(*delayed.Value[int]).Compute(ctx); err != nil || x != 10 {
		t.Errorf("got %d, %v", x, err)
	}
}

func TestConcurrentBuildAndCompute(t *testing.T) {
	var calls atomic.Int64
	inc := delayed.Func1("t.cinc2", func(x int) int { calls.Add(1); return x + 1 })
	add := delayed.FuncN("t.cadd", func(xs ...int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var vs []*delayed.Value[int]
			for i := 0; i < 200; i++ {
				vs = append(vs, inc(delayed.Lit(i)))
			}
			got, err := add(vs...).Compute(ctx, delayed.WithWorkers(3))
			if err != nil || got != 200*201/2 {
				t.Errorf("got %d, %v", got, err)
			}
		}()
	}
	wg.Wait()
}

func TestRegistrationConflict(t *testing.T) {
	delayed.Func1("t.conflict", func(x int) int { return x })
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), `"t.conflict" is already registered with a different function`) {
			t.Errorf("recover() = %v, want a panic naming the conflict", p)
		}
	}()
	delayed.Func1("t.conflict", func(x int) int { return -x })
}

func TestOptions(t *testing.T) {
	inc := delayed.Func1("t.oinc", func(x int) int { return x + 1 })
	v := inc(inc(delayed.Lit(1)))
	var last atomic.Int64
	got, err := v.Compute(ctx, delayed.WithWorkers(1), delayed.WithProgress(func(p scheduler.Progress) { last.Store(int64(p.Done*100 + p.Total)) }))
	if err != nil || got != 3 || last.Load() != 202 {
		t.Errorf("got %d, %v, progress %d", got, err, last.Load())
	}
	if got, err := v.Compute(ctx, delayed.WithExecutor(&scheduler.Local{Workers: 2})); err != nil || got != 3 {
		t.Errorf("WithExecutor: %d, %v", got, err)
	}
	if _, err := v.Compute(ctx, delayed.WithExecutor(&scheduler.Local{}), delayed.WithWorkers(2)); err == nil {
		t.Error("WithExecutor with WithWorkers: no error")
	}
	var sb strings.Builder
	if err := delayed.WriteDOT(&sb, v); err != nil || !strings.Contains(sb.String(), "t.oinc-") {
		t.Errorf("WriteDOT: %v\n%s", err, sb.String())
	}
}

func TestLitKeys(t *testing.T) {
	type point struct{ X, Y float64 }
	tests := []struct {
		a, b any
		same bool
	}{
		{1, 1, true},
		{1, 2, false},
		{1, int64(1), false},
		{"a", "a", true},
		{[]float64{1, 2}, []float64{1, 2}, true},
		{map[string]int{"a": 1, "b": 2}, map[string]int{"b": 2, "a": 1}, true},
		{point{1, 2}, point{1, 2}, true},
		{point{1, 2}, point{2, 1}, false},
		{&point{1, 2}, &point{1, 2}, true},
		{func() {}, func() {}, false},
	}
	for i, tt := range tests {
		ka, kb := delayed.Lit(tt.a).Key(), delayed.Lit(tt.b).Key()
		if (ka == kb) != tt.same {
			t.Errorf("%d: Lit(%v) and Lit(%v): same key = %v", i, tt.a, tt.b, !tt.same)
		}
	}
}

// blocks is a foreign 1-d layer of literal blocks, standing in for an
// array's chunks.
type blocks []int

func (b blocks) Name() string                  { return "blocks-test" }
func (b blocks) Inputs() []scheduler.Layer     { return nil }
func (b blocks) NumBlocks() []int              { return []int{len(b)} }
func (b blocks) Task(idx []int) scheduler.Task { return scheduler.Task{Value: b[idx[0]]} }

func TestFromLayer(t *testing.T) {
	l := blocks{10, 20, 30}
	x := delayed.FromLayer[int](l, scheduler.NewKey(l.Name(), []int{1}))
	dbl := delayed.Func1("t.dbl", func(x int) int { return 2 * x })
	got, err := dbl(x).Compute(ctx)
	if err != nil || got != 40 {
		t.Errorf("got %d, %v; want 40", got, err)
	}
	p, err := x.Persist(ctx)
	if err != nil || p.Key() == x.Key() {
		t.Fatalf("persisted foreign block: key %v, %v", p.Key(), err)
	}
	if got, err := delayed.As[string](x).Compute(ctx); err == nil {
		t.Errorf("As[string] of an int: got %q, no error", got)
	}
	if v := delayed.As[int](nil); v.Err() == nil {
		t.Error("As(nil): no error")
	}
	bad := delayed.Wrap("t.twores", func(a int) (int, int) { return a, a }).Results("x")
	if len(bad) != 2 || bad[1].Err() == nil {
		t.Errorf("Results with a bad argument: %v", bad)
	}
}
