// Package distributed runs chunkwise computations on a cluster of
// machines: Dask's distributed for Go, on NATS JetStream.
//
// # Overview
//
// A cluster is one NATS server (embedded in a program by NewLocalCluster
// or ServeScheduler, or an operator's own nats-server cluster), workers
// (RunWorker, `chunkwise worker`, or the same binary started with
// RunWorkerIfRequested at the top of main) and clients (Connect). The
// scheduler runs inside each client: it lowers graphs into units of
// work, tracks where every value lives, places work near its input bytes
// and recomputes what a dead worker held from lineage.
//
//	lc, err := distributed.NewLocalCluster(ctx, distributed.Options{Workers: 2})
//	c := lc.Client()
//	futs := c.Map(ctx, inc, items)          // inc = delayed.Wrap("inc", ...)
//	total := c.Reduce(ctx, sum, futs, 8)    // a tree of sum calls
//	v, err := total.Result(ctx)
//	m, err := x.Mean().Compute(ctx, array.WithExecutor(c))
//
// Functions are delayed.Functions: the binary that runs the workers must
// register them under the same names (package-level
// delayed.Wrap("name", f)), which is why a program and its workers are
// the same binary.
//
// # Tasks as data
//
// Client.Run lowers a graph with scheduler.Graph.Lower: the culled
// tasks, with inline tasks fused into their only dependent exactly as
// the local executor fuses them. A unit is one task that runs on its own
// plus the tasks fused into it; it travels as data (kernel names,
// parameters, input keys) and runs on the worker as one pass
// (scheduler.RunUnit), so a fused elementwise chain never materialises
// its intermediates. Literal values of a graph (small chunks, a delayed
// call's arguments) are encoded and sent with the task when under
// 64 KiB, uploaded to a worker otherwise.
//
// Values travel as their encodings: a chunk.Dense or a value with a
// decoder registered with scheduler.RegisterDecoder (reductions'
// partials, delayed call arguments) as its MarshalBinary bytes, any
// other Go value with encoding/gob (types behind interfaces must be
// registered with gob.Register). A value that cannot be encoded is an
// error naming it.
//
// See the further sections (added with the failure and security work)
// for the state machine, the NATS mapping and failure handling.
package distributed
