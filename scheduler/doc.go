// Package scheduler holds chunkwise's task graphs and runs them.
//
// # Overview
//
// A task is data (Task): the name of a registered kernel, its encoded
// parameters and the keys of its inputs. A Key is a layer name plus a
// block index. A Layer describes all the tasks of one name by a rule, so
// an operation over a million chunks costs one small value until it runs.
// A Graph is the DAG of layers reachable from some roots.
//
// Running keys lowers only the tasks they need (culling) into a flat
// plan, fuses inline tasks into their only dependent (one task per
// output chunk for a chain of blockwise layers), orders the tasks
// depth-first so that the live set stays small, and hands the plan to an
// Executor. Local is the in-process executor; see its documentation for
// the state machine, memory accounting and error handling.
//
// # Invariants
//
// Kernels are deterministic functions of their parameters, block index
// and inputs: a task may run twice, anywhere. They never modify their
// inputs. Equal keys name equal values, so layers shared by several
// outputs are computed once.
//
// # Recycled chunk buffers
//
// Fresh memory is expensive (page faults, zeroing), so a chunk that dies
// inside a computation lends its buffer to the next one. Producers that
// overwrite every element allocate with chunk.NewPooledDense. A kernel
// registered with RegisterBorrowing promises to keep none of its inputs
// and to return no memory shared with them; the executor pins (see
// chunk.Dense.Pin) the inputs of every other kernel and every value it
// returns, and recycles a value (a chunk, or any Recyclable made of
// chunks) once all its consumers have run — inside
// a fused task as soon as its consumer returns. Under a memory limit a
// value is recycled only while it is in memory and no spill is writing
// it.
//
// # Errors
//
// Failures come back as *TaskError naming the key; panics inside kernels
// are recovered into such errors and never cross the executor.
package scheduler
