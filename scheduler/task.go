package scheduler

import (
	"fmt"
	"sync"
)

// Task is the recipe for one key's value, as data: a registered kernel's
// name, its encoded parameters and the keys of its inputs. A task whose
// Kernel is empty is a literal: its value is Value (a persisted chunk, a
// scalar).
type Task struct {
	Kernel string
	Params []byte
	Inputs []Key
	// Value is the literal value of a task with no kernel.
	Value any
	// Inline says the task is cheap and may be fused into its only
	// dependent (blockwise work: elementwise, generation, transposition),
	// saving a scheduling step and keeping the chunk out of the live set.
	Inline bool
}

// Func computes one task: block is the output key's block index, inputs
// the values of the task's input keys in order. It must not modify its
// inputs and must be safe to call from several goroutines at once.
type Func func(block []int, inputs []any) (any, error)

// PrepareFunc decodes a kernel's parameters into the Func that runs it. It
// is called once per distinct parameter string in a computation, so
// decoding is off the per-task path.
type PrepareFunc func(params []byte) (Func, error)

var kernels sync.Map // name → PrepareFunc

// Register makes the kernel name available to every executor in this
// process. Kernels are registered at init time by the packages that own
// them; registering a name twice panics, because two meanings for one
// name would make keys lie.
func Register(name string, prepare PrepareFunc) {
	if _, dup := kernels.LoadOrStore(name, prepare); dup {
		panic("scheduler: kernel " + name + " registered twice")
	}
}

// RegisterFunc registers a kernel that takes no parameters.
func RegisterFunc(name string, f Func) {
	Register(name, func([]byte) (Func, error) { return f, nil })
}

// Lookup returns the kernel registered as name.
func Lookup(name string) (PrepareFunc, error) {
	p, ok := kernels.Load(name)
	if !ok {
		return nil, fmt.Errorf("scheduler: no kernel registered as %q (register it by name in the binary that runs the task)", name)
	}
	return p.(PrepareFunc), nil
}
