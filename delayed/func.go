package delayed

import (
	"fmt"
	"reflect"

	"github.com/chunkwise/chunkwise/scheduler"
)

// callBuilder collects the arguments of one call.
type callBuilder struct {
	keys   []scheduler.Key
	layers []scheduler.Layer
	lits   []any // literal arguments, held in the call's own layer
	litPos []int // their positions in keys
	err    error
}

func newBuilder(n int) callBuilder {
	return callBuilder{keys: make([]scheduler.Key, 0, n), layers: make([]scheduler.Layer, 0, n)}
}

func addArg[A any](b *callBuilder, i int, v *Value[A]) {
	if v == nil {
		if b.err == nil {
			b.err = fmt.Errorf("argument %d: %w", i, errNilValue)
		}
		return
	}
	if v.err != nil && b.err == nil {
		b.err = v.err
	}
	b.keys = append(b.keys, v.key)
	if n, ok := v.layer.(*node); ok && n.literal {
		b.lits = append(b.lits, n.task.Value)
		b.litPos = append(b.litPos, len(b.keys)-1)
		return
	}
	b.layers = append(b.layers, v.layer)
}

// build returns the value of calling e on b's arguments.
func build[R any](e *entry, impure bool, b *callBuilder) *Value[R] {
	if b.err != nil {
		return failed[R](e.name, b.err)
	}
	var name string
	if impure {
		name = freshName(e.name)
	} else {
		var buf [256]byte
		h := append(buf[:0], "call\x00"...)
		h = append(h, e.name...)
		h = append(h, 0)
		for _, k := range b.keys {
			h = appendKey(h, k)
		}
		name = hashName(e.name, h)
	}
	n := &node{name: name, op: e.name, task: scheduler.Task{Kernel: kernelCall, Params: e.params, Inputs: b.keys},
		inputs: b.layers}
	key := scheduler.Key{Name: name}
	if len(b.lits) > 0 {
		n.lits, n.nb = b.lits, []int{1 + len(b.lits)}
		for j, pos := range b.litPos {
			b.keys[pos] = scheduler.NewKey(name, []int{j + 1})
		}
		key = scheduler.NewKey(name, []int{0})
	}
	return &Value[R]{key: key, layer: n}
}

// failed returns a value carrying err; its task fails with err too.
func failed[R any](fname string, err error) *Value[R] {
	err = fmt.Errorf("delayed: %s: %w", fname, err)
	name := freshName(fname)
	return &Value[R]{key: scheduler.Key{Name: name}, err: err,
		layer: &node{name: name, task: scheduler.Task{Kernel: kernelFail, Params: []byte(err.Error())}}}
}

// get returns v as an A; nil gives A's zero value.
func get[A any](v any, i int) (A, error) {
	a, ok := v.(A)
	if !ok && v != nil {
		return a, fmt.Errorf("argument %d is %T, the function takes %v", i, v, reflect.TypeFor[A]())
	}
	return a, nil
}

// Func0 registers f under name and returns its delayed form: a function
// that returns a lazy value of f's result instead of calling f.
//
// Name must be unique in the program: it is how the task is found again
// (also by a remote worker running the same binary) and it is part of
// every key. Wrapping the same function again under its name is allowed:
// for a closure re-created with other captured values, the newest one is
// what runs from then on, also for values made by earlier wrappers. With
// a different function (another function literal, another type) it
// panics, because one name must mean one function and keys would lie.
//
// Calls are pure unless Impure is given: equal arguments give the same
// key, and the call runs once however many values depend on it.
func Func0[R any](name string, f func() R, opts ...FuncOption) func() *Value[R] {
	e := register(name, f, func([]any) (any, error) { return f(), nil })
	c := funcConfigOf(opts)
	return func() *Value[R] {
		b := newBuilder(0)
		return build[R](e, c.impure, &b)
	}
}

// Func0E is Func0 for a function that can fail: a non-nil error fails
// the computation with a *CallError naming the function, inside a
// *scheduler.TaskError naming the task's key.
func Func0E[R any](name string, f func() (R, error), opts ...FuncOption) func() *Value[R] {
	e := register(name, f, func([]any) (any, error) { return f() })
	c := funcConfigOf(opts)
	return func() *Value[R] {
		b := newBuilder(0)
		return build[R](e, c.impure, &b)
	}
}

// Func1 registers f under name and returns its delayed form, which takes
// delayed arguments (results of other delayed calls, or plain values
// made lazy with Lit) and returns a lazy value of f's result. See Func0
// for the rules on names and purity.
//
// A nil argument, or an argument carrying a construction error, gives a
// value whose Err reports it.
func Func1[A, R any](name string, f func(A) R, opts ...FuncOption) func(*Value[A]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, err := get[A](in[0], 0)
		if err != nil {
			return nil, err
		}
		return f(a), nil
	})
	c := funcConfigOf(opts)
	return func(a *Value[A]) *Value[R] {
		b := newBuilder(1)
		addArg(&b, 0, a)
		return build[R](e, c.impure, &b)
	}
}

// Func1E is Func1 for a function that can fail; see Func0E.
func Func1E[A, R any](name string, f func(A) (R, error), opts ...FuncOption) func(*Value[A]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, err := get[A](in[0], 0)
		if err != nil {
			return nil, err
		}
		return f(a)
	})
	c := funcConfigOf(opts)
	return func(a *Value[A]) *Value[R] {
		b := newBuilder(1)
		addArg(&b, 0, a)
		return build[R](e, c.impure, &b)
	}
}

// Func2 is Func1 for a function of two arguments.
func Func2[A, B, R any](name string, f func(A, B) R, opts ...FuncOption) func(*Value[A], *Value[B]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, err := get[A](in[0], 0)
		if err != nil {
			return nil, err
		}
		b, err := get[B](in[1], 1)
		if err != nil {
			return nil, err
		}
		return f(a, b), nil
	})
	c := funcConfigOf(opts)
	return func(a *Value[A], b *Value[B]) *Value[R] {
		cb := newBuilder(2)
		addArg(&cb, 0, a)
		addArg(&cb, 1, b)
		return build[R](e, c.impure, &cb)
	}
}

// Func2E is Func2 for a function that can fail; see Func0E.
func Func2E[A, B, R any](name string, f func(A, B) (R, error), opts ...FuncOption) func(*Value[A], *Value[B]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, err := get[A](in[0], 0)
		if err != nil {
			return nil, err
		}
		b, err := get[B](in[1], 1)
		if err != nil {
			return nil, err
		}
		return f(a, b)
	})
	c := funcConfigOf(opts)
	return func(a *Value[A], b *Value[B]) *Value[R] {
		cb := newBuilder(2)
		addArg(&cb, 0, a)
		addArg(&cb, 1, b)
		return build[R](e, c.impure, &cb)
	}
}

// Func3 is Func1 for a function of three arguments.
func Func3[A, B, C, R any](name string, f func(A, B, C) R, opts ...FuncOption) func(*Value[A], *Value[B], *Value[C]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, b, c, err := get3[A, B, C](in)
		if err != nil {
			return nil, err
		}
		return f(a, b, c), nil
	})
	cfg := funcConfigOf(opts)
	return func(a *Value[A], b *Value[B], c *Value[C]) *Value[R] {
		cb := newBuilder(3)
		addArg(&cb, 0, a)
		addArg(&cb, 1, b)
		addArg(&cb, 2, c)
		return build[R](e, cfg.impure, &cb)
	}
}

// Func3E is Func3 for a function that can fail; see Func0E.
func Func3E[A, B, C, R any](name string, f func(A, B, C) (R, error), opts ...FuncOption) func(*Value[A], *Value[B], *Value[C]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, b, c, err := get3[A, B, C](in)
		if err != nil {
			return nil, err
		}
		return f(a, b, c)
	})
	cfg := funcConfigOf(opts)
	return func(a *Value[A], b *Value[B], c *Value[C]) *Value[R] {
		cb := newBuilder(3)
		addArg(&cb, 0, a)
		addArg(&cb, 1, b)
		addArg(&cb, 2, c)
		return build[R](e, cfg.impure, &cb)
	}
}

func get3[A, B, C any](in []any) (a A, b B, c C, err error) {
	if a, err = get[A](in[0], 0); err != nil {
		return
	}
	if b, err = get[B](in[1], 1); err != nil {
		return
	}
	c, err = get[C](in[2], 2)
	return
}

// Func4 is Func1 for a function of four arguments. For more, use FuncN
// (arguments of one type), Call, or pass a struct.
func Func4[A, B, C, D, R any](name string, f func(A, B, C, D) R, opts ...FuncOption) func(*Value[A], *Value[B], *Value[C], *Value[D]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, b, c, err := get3[A, B, C](in)
		if err != nil {
			return nil, err
		}
		d, err := get[D](in[3], 3)
		if err != nil {
			return nil, err
		}
		return f(a, b, c, d), nil
	})
	cfg := funcConfigOf(opts)
	return func(a *Value[A], b *Value[B], c *Value[C], d *Value[D]) *Value[R] {
		cb := newBuilder(4)
		addArg(&cb, 0, a)
		addArg(&cb, 1, b)
		addArg(&cb, 2, c)
		addArg(&cb, 3, d)
		return build[R](e, cfg.impure, &cb)
	}
}

// Func4E is Func4 for a function that can fail; see Func0E.
func Func4E[A, B, C, D, R any](name string, f func(A, B, C, D) (R, error), opts ...FuncOption) func(*Value[A], *Value[B], *Value[C], *Value[D]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		a, b, c, err := get3[A, B, C](in)
		if err != nil {
			return nil, err
		}
		d, err := get[D](in[3], 3)
		if err != nil {
			return nil, err
		}
		return f(a, b, c, d)
	})
	cfg := funcConfigOf(opts)
	return func(a *Value[A], b *Value[B], c *Value[C], d *Value[D]) *Value[R] {
		cb := newBuilder(4)
		addArg(&cb, 0, a)
		addArg(&cb, 1, b)
		addArg(&cb, 2, c)
		addArg(&cb, 3, d)
		return build[R](e, cfg.impure, &cb)
	}
}

// FuncN registers a variadic function f under name and returns its
// delayed form, which takes any number of delayed arguments of type A:
// the shape of a reduction step, add(xs ...int) int. See Func0 for the
// rules on names and purity.
func FuncN[A, R any](name string, f func(...A) R, opts ...FuncOption) func(...*Value[A]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		xs, err := getN[A](in)
		if err != nil {
			return nil, err
		}
		return f(xs...), nil
	})
	c := funcConfigOf(opts)
	return func(xs ...*Value[A]) *Value[R] {
		b := newBuilder(len(xs))
		for i, x := range xs {
			addArg(&b, i, x)
		}
		return build[R](e, c.impure, &b)
	}
}

// FuncNE is FuncN for a function that can fail; see Func0E.
func FuncNE[A, R any](name string, f func(...A) (R, error), opts ...FuncOption) func(...*Value[A]) *Value[R] {
	e := register(name, f, func(in []any) (any, error) {
		xs, err := getN[A](in)
		if err != nil {
			return nil, err
		}
		return f(xs...)
	})
	c := funcConfigOf(opts)
	return func(xs ...*Value[A]) *Value[R] {
		b := newBuilder(len(xs))
		for i, x := range xs {
			addArg(&b, i, x)
		}
		return build[R](e, c.impure, &b)
	}
}

func getN[A any](in []any) ([]A, error) {
	xs := make([]A, len(in))
	for i, v := range in {
		var err error
		if xs[i], err = get[A](v, i); err != nil {
			return nil, err
		}
	}
	return xs, nil
}

// Slice returns a lazy slice of the values of xs, in order: the way to
// hand many delayed results to a typed function of a slice.
func Slice[T any](xs ...*Value[T]) *Value[[]T] {
	e := sliceEntry[T]()
	b := newBuilder(len(xs))
	for i, x := range xs {
		addArg(&b, i, x)
	}
	return build[[]T](e, false, &b)
}

func sliceEntry[T any]() *entry {
	name := "delayed.Slice[" + reflect.TypeFor[T]().String() + "]"
	return register(name, sliceOf[T], func(in []any) (any, error) { return getN[T](in) })
}

func sliceOf[T any](xs ...T) []T { return xs }
