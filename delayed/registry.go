package delayed

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"

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
		e, ok := registry.Load(string(params))
		if !ok {
			return nil, fmt.Errorf("delayed: no function registered as %q (wrap it under that name in the binary that runs the task)", params)
		}
		return *e.(*entry).run.Load(), nil
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

// entry is one registered function.
type entry struct {
	name   string
	code   uintptr      // the function's code pointer
	typ    reflect.Type // the function's type
	params []byte       // name, shared by all its tasks
	run    atomic.Pointer[scheduler.Func]
}

var (
	registry sync.Map   // name → *entry
	regMu    sync.Mutex // serialises registrations and replacements
)

// register returns the entry for f under name, registering it on first
// use. Registering the same function again (the same function literal,
// perhaps a closure re-created with other captured values) makes the
// new f the one that runs from then on. It panics if name is empty or
// already registered with a different function.
func register(name string, f any, run func(in []any) (any, error)) *entry {
	if name == "" {
		panic("delayed: empty function name")
	}
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
	regMu.Lock()
	defer regMu.Unlock()
	if x, ok := registry.Load(name); ok {
		e := x.(*entry)
		if fv.Type() != e.typ || fv.Pointer() != e.code {
			panic(fmt.Sprintf("delayed: function name %q registered twice with different functions (%v, then another %T); a name must mean one function in every process", name, e.typ, f))
		}
		e.run.Store(&wrapped)
		return e
	}
	e := &entry{name: name, code: fv.Pointer(), typ: fv.Type(), params: []byte(name)}
	e.run.Store(&wrapped)
	registry.Store(name, e)
	return e
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
