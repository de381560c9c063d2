// Package delayed turns ordinary Go functions into lazy, parallel tasks:
// Dask's delayed for Go.
//
// # Overview
//
// Wrap an existing function once, under a name, and call the wrapper
// instead: it returns a *Value[R] describing the call instead of making
// it. Values feed other wrapped calls, building a task graph; computing
// one or many values runs the whole graph on all cores, each task as soon
// as its inputs are ready.
//
//	inc := delayed.Func1("inc", func(x int) int { return x + 1 })
//	add := delayed.Func2("add", func(a, b int) int { return a + b })
//	v := add(inc(delayed.Lit(1)), inc(delayed.Lit(2)))
//	n, err := v.Compute(ctx) // 5
//
// The typed wrappers Func0 … Func4 and FuncN (variadic) take and return
// typed values and call the function without reflection; the E forms
// (Func1E, …) take functions returning (R, error). Plain values become
// delayed values with Lit. Wrap and Call handle any other signature
// through reflection, accept plain values and delayed values mixed, and
// walk slices, arrays, maps and structs for delayed values the way Dask
// walks lists and dicts. Results splits a function's several results
// into separate values (Dask's nout). As retypes a value, Slice gathers
// values into a lazy slice.
//
// # Names, keys and purity
//
// Every task is data (scheduler.Task): the kernel "delayed.call", the
// function's registered name as its parameters, and the keys of its
// inputs; literal arguments are inputs too, held in the call's own layer.
// This is how a worker in another process finds the function: wrap it
// under the same name in the binary the workers run. A name means one
// function: wrapping another function under a name already in use
// panics, as does an empty name. Wrapping the same function literal
// again is fine; if it is a closure, the newest one (with its captured
// values) is the one that runs.
//
// Functions are taken to be pure: a call's key is a hash of the
// function's name and its arguments (the keys of delayed arguments, a
// canonical encoding of plain ones), so equal calls made anywhere get
// equal keys and, in one computation, run once. Plain arguments are
// encoded by content (maps by sorted keys, pointers by what they point
// to); arguments with no stable encoding (functions, channels) get a
// fresh key. Mark functions that read clocks, random numbers or changing
// files with Impure: each of their calls gets a fresh key.
//
// # Computing
//
// Compute, ComputeAll and Value.Compute run values together on one graph
// (shared dependencies run once); Persist keeps results for later
// computations. Options pick the executor (WithExecutor; a
// scheduler.Local by default) or configure the local one (WithWorkers,
// WithMemoryLimit, WithProgress). NumTasks and WriteDOT inspect the
// graph.
//
// # Errors
//
// Construction errors — a function given the wrong number or types of
// arguments, a nil *Value — do not panic: the value records the error,
// Err returns it, values built from it inherit it, and every Compute
// returns it without running anything. At run time, an error returned by
// a function or a panic inside it stops the computation and comes back
// as a *scheduler.TaskError naming the task's key (which starts with the
// function's name), wrapping a *CallError or *PanicError naming the
// function. Cancelling the context stops new tasks from starting.
//
// # Concurrency
//
// Wrappers, values and the package's functions are safe for concurrent
// use. Wrapped functions run on several goroutines at once and must not
// modify their arguments, which may be shared with other tasks.
//
// # Other packages
//
// A Value exposes its Key and Layer, so other packages (array's
// FromDelayed) can use delayed values as inputs of their own layers, and
// FromLayer turns a key of another package's layer into a Value.
package delayed
