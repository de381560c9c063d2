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
// inputs, except a consuming kernel's first input when the executor
// hands it over (below). Equal keys name equal values, so layers shared by several
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
// it. A kernel registered with RegisterConsuming (a scan's carry step)
// is handed its first input to write into when the executor would
// recycle it right after the task: it is the last consumer of a chunk
// that is no output and that nobody pinned.
//
// # Memory budget
//
// Every Local run keeps a memory budget for the whole process (see
// Local.MemoryLimit): by default DefaultBudgetFraction of the cgroup
// memory limit (v2 memory.max, v1 memory.limit_in_bytes) or, without
// one, of physical memory. The budget is split while the run lasts:
//
//   - the process-wide decoded-chunk cache (store/cache.Default) is
//     capped at an eighth of it, or its own budget if smaller;
//   - a third is headroom for the Go heap: garbage between
//     collections, kernels' scratch buffers, spill and store I/O
//     buffers, pooled chunk buffers; the runtime's soft memory limit is
//     set to nine tenths of the budget (debug.SetMemoryLimit; the last
//     tenth is memory the runtime does not count, such as the binary's
//     pages), so the collector works harder instead of letting garbage
//     grow past it;
//   - live values get the rest (at least half), and a running task
//     counts as the largest value seen so far, its output to be.
//
// Both caps are restored when the run ends. Runs at the same time in one
// process each may use their budget, so their soft limits add up (never
// above nine tenths of the machine's memory); a cluster worker holds its
// budget for its life with HoldMemory and its runs set HeldBudget. A value that alone is larger
// than the whole budget cannot run in it: the run fails at once with an
// error wrapping ErrBudget naming the chunk and both sizes.
//
// # Recompute or spill: the cost model
//
// Above the live share the executor sheds values, least soon needed
// first. A value whose task is marked Task.Recompute (store reads and
// generators: no task inputs, deterministic) can be dropped and its task
// run again when a dependent needs it; any other encodable value can be
// spilled to disk and read back. Dropping costs the task's run time once
// more; spilling costs writing the value (lz4 compression and the write)
// and reading it back (the read and decompression). The executor times
// both in each run: the time per byte of each Recompute kernel's tasks
// (a store read includes its I/O and decoding: that of its runs again
// once some were timed, before that its fastest first run, since first
// runs also pay for fresh memory and cold caches), and the time per byte
// of its spill writes and reads. A value is dropped when
//
//	kernel ns/byte × bytes ≤ 50 µs + (write ns/byte + read ns/byte) × bytes
//
// Until the run has timed a spill write, writing costs 1.0 ns/byte;
// until it has timed a read, reading costs what writing did (one file,
// one disk) and at least 0.6 ns/byte. Decoding an lz4 store chunk from
// the page cache (about 0.3–1 ns/byte) or generating random numbers
// (about 0.5 ns/byte) is so cheaper than a spill round trip, and a
// second pass over a store reads it again rather than writing it out; a
// costly kernel (heavy decompression, a slow network store) spills.
//
// # Errors
//
// Failures come back as *TaskError naming the key; panics inside kernels
// are recovered into such errors and never cross the executor.
package scheduler
