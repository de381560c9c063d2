// Package registry is the one rule every name registry in chunkwise
// follows — scheduler kernels and value decoders, array block functions,
// reductions and store openers, delayed functions: a name means one
// function in every process, because tasks travel as names.
//
// Registering a name again with the same function (the same code; a
// closure made again may capture other values) is allowed, and the value
// registered last is the one used from then on. Registering it with a
// different function, or registering an empty name, is an error naming
// the registry and the name. Registration functions that return an error
// return it; those meant for init time (scheduler.Register,
// scheduler.RegisterDecoder, array.RegisterOpener, delayed's wrappers)
// panic with it, since it is a bug in the program, found at start-up.
package registry

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// Map is a registry of values of type V by name. It is safe for
// concurrent use.
type Map[V any] struct {
	what string     // what a name names, for errors: "kernel", "block function"
	mu   sync.Mutex // serialises Add
	m    sync.Map   // name → *Entry[V]
}

// New returns an empty registry of what (a noun for error messages).
func New[V any](what string) *Map[V] { return &Map[V]{what: what} }

// Entry is one registered name. Its value changes when the same function
// is registered again; holders of the entry see the newest.
type Entry[V any] struct {
	name string
	code any
	v    atomic.Pointer[V]
}

// Name returns the entry's name.
func (e *Entry[V]) Name() string { return e.name }

// Load returns the value registered last under the entry's name.
func (e *Entry[V]) Load() V { return *e.v.Load() }

// Add registers v, whose function has the given code (Code of it, or a
// comparable value of several codes for a value holding several
// functions), under name and returns its entry. A name registered before
// with the same code keeps its entry, now holding v; with other code, Add
// returns an error and changes nothing.
func (m *Map[V]) Add(name string, code any, v V) (*Entry[V], error) {
	if name == "" {
		return nil, fmt.Errorf("%s: empty name", m.what)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if x, ok := m.m.Load(name); ok {
		e := x.(*Entry[V])
		if e.code != code {
			return nil, fmt.Errorf("%s %q is already registered with a different function; a name must mean one function in every process", m.what, name)
		}
		e.v.Store(&v)
		return e, nil
	}
	e := &Entry[V]{name: name, code: code}
	e.v.Store(&v)
	m.m.Store(name, e)
	return e, nil
}

// Get returns the value registered under name.
func (m *Map[V]) Get(name string) (V, bool) {
	if x, ok := m.m.Load(name); ok {
		return x.(*Entry[V]).Load(), true
	}
	var zero V
	return zero, false
}

// Delete forgets name (a function that lived only as long as an array).
func (m *Map[V]) Delete(name string) { m.m.Delete(name) }

// Code returns the identity of function f: its code pointer, shared by
// every closure made from one function literal. It is 0 for nil or a
// value that is not a function.
func Code(f any) uintptr {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func || v.IsNil() {
		return 0
	}
	return v.Pointer()
}
