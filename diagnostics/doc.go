// Package diagnostics lets a person watch a computation: a terminal
// progress bar and an opt-in profiler.
//
// # Progress
//
// NewProgressBar draws tasks done of total, bytes written by store
// writes, the task rate and the time left on a terminal; on anything
// else (a file, a pipe, a buffer) it draws nothing. array.WithProgressBar
// and delayed.WithProgressBar attach one to a computation.
//
// # Profiling
//
// StartProfiler records, until Stop, every task a traced executor runs
// (operation, key, start, end, worker, bytes in and out), every value it
// spills to disk or reads back, and every ~100 ms a Sample of the
// process (resident memory, CPU use, Go heap, bytes spilled so far).
// Stop returns the Profile, which also holds the chunk cache's hits and
// misses while the profiler ran. array.WithProfiler and
// delayed.WithProfiler attach a profiler to a computation, on the local
// executor or on a cluster (array.WithExecutor with a distributed
// Client); Executor does it for an executor of one's own. Without a
// profiler nothing is recorded and the executor's only cost is a nil
// check per task.
//
// On a cluster, each task event names the worker that ran it
// (Event.WorkerName) and its times are that worker's clock; so do the
// spill and load events of the values a worker wrote to its spill file
// or read back. Samples are of this process (a worker's spills do not
// count in them), and Profile.WorkerSamples has each worker's (a
// WorkerWatcher such as the distributed Client takes them while a run
// lasts), on the worker's clock too.
//
// Package diagnostics/report turns a Profile into a self-contained HTML
// page, package diagnostics/picture draws graphs and chunk grids, and
// package diagnostics/dashboard serves a cluster's live page.
package diagnostics
