package scheduler

import (
	"fmt"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
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
	// Recompute says the task reads no other task's output and is
	// cheap to run again (a store read, a generator): under memory
	// pressure the executor may drop its value and run the task again
	// when a dependent needs it, instead of spilling it to disk.
	Recompute bool
	// Remote says the task waits on network round trips (a read from an
	// object store): the cores are idle while it waits, so a Local
	// executor with the default worker count runs up to RemoteWorkers
	// tasks at once in a graph that has such tasks.
	Remote bool
}

// Func computes one task: block is the output key's block index, inputs
// the values of the task's input keys in order. It must not modify its
// inputs and must be safe to call from several goroutines at once.
type Func func(block []int, inputs []any) (any, error)

// PrepareFunc decodes a kernel's parameters into the Func that runs it. It
// is called once per distinct parameter string in a computation, so
// decoding is off the per-task path.
type PrepareFunc func(params []byte) (Func, error)

var kernels = registry.New[kernel]("scheduler: kernel")

type kernel struct {
	prepare  PrepareFunc
	consume  ConsumingPrepareFunc // RegisterConsuming's; prepare wraps it
	borrows  bool
	forwards bool
}

// Register makes the kernel name available to every executor in this
// process. Kernels are registered at init time by the packages that own
// them. Registering a name again with a different function panics (the
// rule of package internal/registry), because two meanings for one name
// would make keys lie.
//
// The executor assumes such a kernel may keep its inputs or return
// memory shared with them, and pins every chunk it is given (see
// chunk.Dense.Pin); RegisterBorrowing is for kernels that do neither.
func Register(name string, prepare PrepareFunc) {
	register(name, registry.Code(prepare), kernel{prepare: prepare})
}

// RegisterBorrowing is Register for a kernel that only reads its inputs
// while it runs: it keeps no reference to them and returns no memory
// shared with them, or pins the inputs it returns memory of, or gives
// the view it returns its own hold on the input's buffer
// (chunk.Dense.Share, as a slice does) (a reduction's chunk step, an
// elementwise evaluation into a fresh chunk, a store write, a block
// function). An input chunk whose consumers all
// borrow is recycled once the last has run (chunk.NewPooledDense), which
// spares the next chunk's page faults.
func RegisterBorrowing(name string, prepare PrepareFunc) {
	register(name, registry.Code(prepare), kernel{prepare: prepare, borrows: true})
}

// RegisterForwarding is Register for a kernel that keeps none of its
// inputs but may return a view of its first input's buffer (a reshape):
// run on its own its inputs are pinned, as Register's are; fused after
// the task that made its first input, which then has no other consumer,
// that buffer is recycled with the view instead of never.
func RegisterForwarding(name string, prepare PrepareFunc) {
	register(name, registry.Code(prepare), kernel{prepare: prepare, forwards: true})
}

// ConsumingFunc is a Func that may write into its first input and
// return it (or a view of its buffer) as its result when own is true:
// the executor passes own only when that input is a chunk nothing else
// reads any more (every other consumer has run, it is no output, nobody
// pinned it), so the kernel needs no fresh chunk. When own is false it
// must borrow, as a RegisterBorrowing kernel does.
type ConsumingFunc func(block []int, inputs []any, own bool) (any, error)

// ConsumingPrepareFunc decodes a consuming kernel's parameters.
type ConsumingPrepareFunc func(params []byte) (ConsumingFunc, error)

// RegisterConsuming is RegisterBorrowing for a kernel that can work in
// place (the apply step of a scan): the Local executor lets it take its
// first input when it is that input's last consumer; other executors,
// and a task whose input others still read, run it with own false.
func RegisterConsuming(name string, prepare ConsumingPrepareFunc) {
	register(name, registry.Code(prepare), kernel{prepare: func(params []byte) (Func, error) {
		f, err := prepare(params)
		if err != nil {
			return nil, err
		}
		return borrowing(f), nil
	}, consume: prepare, borrows: true})
}

// borrowing returns f run with own false.
func borrowing(f ConsumingFunc) Func {
	return func(block []int, inputs []any) (any, error) { return f(block, inputs, false) }
}

func register(name string, code uintptr, k kernel) {
	if _, err := kernels.Add(name, code, k); err != nil {
		panic(err)
	}
}

// RegisterFunc registers a kernel that takes no parameters.
func RegisterFunc(name string, f Func) {
	register(name, registry.Code(f), kernel{prepare: func([]byte) (Func, error) { return f, nil }})
}

// Lookup returns the kernel registered as name.
func Lookup(name string) (PrepareFunc, error) {
	k, err := lookup(name)
	return k.prepare, err
}

func lookup(name string) (kernel, error) {
	k, ok := kernels.Get(name)
	if !ok {
		return kernel{}, fmt.Errorf("scheduler: no kernel registered as %q (register it by name in the binary that runs the task)", name)
	}
	return k, nil
}

// pinInputs wraps the Func of a kernel that may keep its inputs: it pins
// every chunk it is given, so that none is recycled under it.
func pinInputs(f Func) Func {
	return func(block []int, inputs []any) (any, error) {
		for _, in := range inputs {
			pin(in)
		}
		return f(block, inputs)
	}
}

// Recyclable is a value whose buffers may be recycled: a *chunk.Dense, or
// a kernel's value made of chunks (a reduction's partial result), whose
// Pin and Recycle pass on to each of its chunks.
type Recyclable interface {
	Pin()
	Recycle()
}

var _ Recyclable = (*chunk.Dense)(nil)

// pin marks v as kept, if it holds chunks.
func pin(v any) {
	if r, ok := v.(Recyclable); ok {
		r.Pin()
	}
}

// recycle hands v's buffers back for reuse, if v holds chunks that came
// from chunk.NewPooledDense and nobody pinned: a value whose consumers
// have all run and all borrowed it.
func recycle(v any) {
	if r, ok := v.(Recyclable); ok {
		r.Recycle()
	}
}
