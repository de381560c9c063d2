package delayed

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"

	"github.com/chunkwise/chunkwise/internal/registry"
	"github.com/chunkwise/chunkwise/scheduler"
)

// The scheduler kernels behind every delayed value. A call task's
// Params are the registered function's name; a literal argument is an
// input of its own (a task with a Value and no kernel).
const (
	kernelCall = "delayed.call"
	kernelItem = "delayed.item"
	kernelFail = "delayed.fail"
)

func init() {
	scheduler.Register(kernelCall, func(params []byte) (scheduler.Func, error) {
		f, err := lookup(string(params))
		return f.run, err
	})
	scheduler.Register(kernelItem, func(params []byte) (scheduler.Func, error) {
		i, n := binary.Uvarint(params)
		if n <= 0 {
			return nil, errors.New("delayed: bad result index")
		}
		return func(_ []int, in []any) (any, error) { return in[0].([]any)[i], nil }, nil
	})
	scheduler.Register(kernelFail, func(params []byte) (scheduler.Func, error) {
		msg := string(params)
		return func([]int, []any) (any, error) { return nil, errors.New(msg) }, nil
	})
}

// fn is what a name registers: the function's type and the task
// function that calls it.
type fn struct {
	typ reflect.Type
	run scheduler.Func
}

// funcs are the registered functions by name, under the rule of package
// internal/registry: the same function again (a closure re-created with
// other captured values) replaces the one that runs; another function
// under a name in use is refused.
var funcs = registry.New[fn]("delayed: function")

// entry is one registered function as its wrappers hold it: the registry
// entry (whose value is the newest registration), and the name, which is
// the task parameters of its calls.
type entry struct {
	*registry.Entry[fn]
	name   string
	typ    reflect.Type
	params []byte
}

// register returns the entry for f under name, registering it on first
// use. Registering the same function again (the same function literal,
// perhaps a closure re-created with other captured values) makes the
// new f the one that runs from then on. It panics if name is empty or
// already registered with a different function.
func register(name string, f any, run func(in []any) (any, error)) *entry {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		panic(fmt.Sprintf("delayed: %s: %T is not a function", name, f))
	}
	wrapped := scheduler.Func(func(_ []int, in []any) (v any, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = &PanicError{Func: name, Value: p, Stack: debug.Stack()}
			}
		}()
		v, err = run(in)
		if err != nil {
			var pe *PanicError
			if !errors.As(err, &pe) {
				err = &CallError{Func: name, Err: err}
			}
		}
		return v, err
	})
	e, err := funcs.Add(name, registry.Code(f), fn{typ: fv.Type(), run: wrapped})
	if err != nil {
		panic(err)
	}
	return &entry{Entry: e, name: name, typ: fv.Type(), params: []byte(name)}
}

// lookup returns the function registered as name, or an error saying how
// to register it.
func lookup(name string) (fn, error) {
	f, ok := funcs.Get(name)
	if !ok {
		return fn{}, fmt.Errorf("delayed: no function registered as %q (wrap it under that name in the binary that runs the task)", name)
	}
	return f, nil
}

// CallError is an error returned by a delayed function, with the name it
// was registered under. The scheduler wraps it in a *scheduler.TaskError
// naming the task's key.
type CallError struct {
	Func string // the function's registered name
	Err  error  // the error it returned
}

// Error returns the function's name and its error.
func (e *CallError) Error() string { return e.Func + ": " + e.Err.Error() }

// Unwrap returns the function's error.
func (e *CallError) Unwrap() error { return e.Err }

// PanicError is a panic inside a delayed function, recovered into an
// error: the function's registered name, the value passed to panic and
// the stack of the goroutine that panicked. The scheduler wraps it in a
// *scheduler.TaskError naming the task's key.
type PanicError struct {
	Func  string // the function's registered name
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack
}

// Error returns the function's name and the panic value, on one line;
// the stack is in Stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("%s panicked: %v", e.Func, e.Value)
}

// Unwrap returns the panic value if it is an error, so that errors.Is
// sees through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// FuncOption configures a wrapped function.
type FuncOption func(*funcConfig)

type funcConfig struct {
	impure bool
}

// Impure marks a function as impure: every call gets a fresh key, so two
// equal calls run twice and are never merged. Use it for functions that
// read the clock, random numbers or changing files.
func Impure() FuncOption { return func(c *funcConfig) { c.impure = true } }

func funcConfigOf(opts []FuncOption) funcConfig {
	var c funcConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}
