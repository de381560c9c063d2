// Package distributed runs chunkwise computations on a cluster of
// machines: Dask's distributed for Go, on NATS JetStream.
//
// # Overview
//
// A cluster is one NATS server with JetStream (embedded in a program by
// NewLocalCluster or ServeScheduler, or an operator's own nats-server
// cluster), workers (RunWorker, `chunkwise worker`, or the program's own
// binary started with RunWorkerIfRequested at the top of main) and
// clients (Connect, LocalCluster.Client). The scheduler runs inside each
// client: it lowers graphs into units of work, tracks where each value
// lives, places work near its input bytes and recomputes what a dead
// worker held from lineage. NATS carries control messages only; values
// travel between workers and clients over HTTP.
//
//	lc, err := distributed.NewLocalCluster(ctx, distributed.Options{Workers: 2})
//	defer lc.Close()
//	c := lc.Client()
//	futs := c.Map(ctx, inc, items)       // inc = delayed.Wrap("inc", f)
//	total := c.Reduce(ctx, sum, futs, 8) // a tree of sum calls
//	v, err := total.Result(ctx)
//	m, err := x.Mean().Compute(ctx, array.WithExecutor(c))
//
// Functions are delayed.Functions: the binary the workers run must
// register them under the same names (package-level delayed.Wrap), which
// is why a program and its workers are the same binary. A task naming a
// function or kernel a worker does not know fails with an error saying
// so.
//
// # Tasks as data
//
// Client.Run lowers a graph with scheduler.Graph.Lower: the culled
// tasks, with inline tasks marked as fused into their only dependent
// exactly as the local executor fuses them. A unit is a task that runs
// on its own plus the tasks fused into it; it travels as data (kernel
// names, parameters, input keys) and runs on the worker as one pass
// (scheduler.RunUnit), so a fused elementwise chain never materialises
// its intermediates. Keys the client already holds or computes (from an
// earlier Submit, a Future passed as an argument, a persisted array) are
// shared, not recomputed.
//
// Values travel as their encodings: a chunk.Dense or a value whose
// decoder is registered with scheduler.RegisterDecoder (reductions'
// partials, delayed call arguments) as its MarshalBinary bytes, slices
// of numbers or bools ([]float64 …) as their raw bytes, ints, floats,
// strings and bools in a compact form, any other Go value with
// encoding/gob (a type behind an interface must be registered with
// gob.Register). A value that cannot be encoded is an error naming it.
// Values under 64 KiB travel inside the NATS messages and the client
// keeps a copy; larger ones stay on the worker that made them and are
// fetched over HTTP (GET /chunk, the buffer preallocated from
// Content-Length), never through NATS.
//
// # The NATS mapping
//
//	stream CHUNKWISE_TASKS    work queue; subjects cw.tasks.w.<worker> (pinned) and cw.tasks.any
//	consumer w-<worker>       durable pull consumer of one worker's subject
//	consumer any              durable pull consumer shared by all workers
//	stream CHUNKWISE_EVENTS   results, subject cw.events.<client>; the client reads it with an ordered consumer
//	KV chunkwise_workers      heartbeats {name, data-plane URL, slots, memory, protocol version}
//	KV chunkwise_clients      client heartbeats; a client's entry gone means its values go
//	KV chunkwise_cluster      the data plane's token
//	subject cw.ctl.<worker>   releases of values (core NATS)
//	subject cw.status         status requests of dashboards (workers and clients reply) and profilers (workers reply) (core NATS)
//
// A task message holds up to 64 units of one client. Workers pull one
// message per free slot (plus one), run its units on their slots, send
// InProgress every AckWait/3 (AckWait is 6 s), publish the results on
// the events stream (a large one at once, small ones together within a
// millisecond of the first) and only then ack the message; MaxAckPending is far
// above the default 1000, which stalls silently. Streams live in memory
// by default and on disk (no fsync per message) under ServeScheduler;
// the client creates them when connecting to a server that lacks them.
//
// # The client's state machine
//
// Every key the client knows is in one of these states:
//
//	           need                      result
//	(idle) ──────────▶ waiting ───────────────────────▶ memory
//	   ▲                 │   └── error ──▶ erred          │
//	   │                 │                                │ its workers die
//	   └─────────────────┴────────────────────────────────┘ (lost: idle, needed again)
//	                  last holder gone: released
//
// A waiting key's unit waits for its inputs, then is held by the client,
// then published. Holders are futures, runs and the units that still
// need the key; when the last one goes the key is released and the
// workers holding it are told to drop it. A released key keeps its
// lineage (its unit and inputs), so a later need recomputes it.
//
// Placement: a ready unit goes to the live worker holding most of its
// input bytes (small inputs ride along and do not count); a unit with no
// large inputs goes on the shared subject. Each worker gets at most its
// window of pinned units outstanding — enough for 50 ms of work at the
// rate it has been finishing them, from 16×slots+16 to 8 times that, and
// a quarter of the least while another worker has nothing to do — in
// messages of a quarter of it (units for a busy worker that come one at
// a time wait up to half a millisecond to go out together); the rest
// stay with the client, and a worker running low takes units held for
// others (work stealing as a scheduler decision, the stream is never
// rewritten). Map and Reduce submit all their calls in one graph. Units on the
// shared subject go out at most two messages per slot at a time, so
// under load small tasks gather into larger messages by themselves.
//
// # Memory
//
// A worker keeps its budget (WorkerOptions.MemoryLimit, by default
// scheduler.DefaultMemoryLimit): the values it holds for clients
// (scattered data, persisted chunks, results) and the inputs its running
// units fetched stay within it, the values used longest ago being
// spilled to the worker's spill directory in the local executor's file
// format (scheduler.WriteSpillFile) when they do not. A spilled value is
// read back when a unit uses it and served to others straight from its
// file; its file goes when the value is released, the directory when
// the worker stops. Each unit runs under the same budget as a local run.
//
// # Addresses
//
// A worker's data plane listens on WorkerOptions.Listen and is
// advertised at WorkerOptions.Advertise; a worker listening on all
// interfaces advertises the first address of an interface that is up
// and not loopback. The NATS URL may list several servers separated by
// commas (an operator's cluster); connections use any that answers.
//
// # Failure
//
// A worker that misses its heartbeats for 3 s (or whose entry is
// deleted) is dead to the client: its subject is purged and its consumer
// deleted, the units sent or held for it are scheduled again, and every
// value it alone held is lost and, if still wanted, recomputed from
// lineage (recursively) or, for scattered data, uploaded again. Units a
// dead worker took from the shared subject come back after AckWait;
// a worker that cannot fetch an input reports it missing and the client
// recomputes it. A unit whose worker dies each time it is sent fails
// after MaxDeliver (5) tries instead of killing workers forever.
// Delivery is at least once: kernels are deterministic, and the client
// takes the first result of each key.
//
// Scattered data has no lineage. Values under 64 KiB live in the client;
// for larger ones the client keeps a reference to the value (Scatter's
// callers must not modify it) and uploads it again when its worker dies,
// so losing any worker loses none of it. The same holds for large
// literal values of a graph.
//
// A client going away (Close, or its process dying: its heartbeat entry
// expires) takes its values with it: workers drop everything stored for
// it, and its queued messages are skipped. A new worker is used as soon
// as its first heartbeat arrives.
//
// # Errors
//
// Nothing waits without bound: connecting fails within Options.Timeout
// (default 5 s); a computation with no worker of this client's protocol
// version fails within a timeout (naming the other versions seen) or
// three when no worker joins. A failing or panicking task comes back as
// a *scheduler.TaskError naming its key, and fails every key depending
// on it. A task whose inputs exceed every worker's MemoryLimit fails
// before it is sent; gathering more bytes than this machine has
// available fails before fetching.
//
// # Watching
//
// Client.Observe (so array.WithProgressBar and WithProfiler with
// WithExecutor(c)) reports each unit a worker finishes with its kernel,
// worker and the worker's start and end times, and each of the client's
// values a worker spilled or read back (a spill or load event with its
// key, the worker and the encoded bytes, as the local executor reports
// its own), which workers send with results only while someone watches. Options.Dashboard serves the live
// page of package diagnostics/dashboard: every 500 ms it asks on
// cw.status for the workers' figures (tasks running and queued, memory,
// CPU, bytes held and spilled) and the clients' waiting and running
// units per operation, and it reads finished tasks from the events
// stream. Client.WatchWorkers (so WithProfiler with WithExecutor(c))
// asks the workers alone for the same figures while a profiled run
// lasts, as samples for the profile's per-worker memory and CPU charts.
//
// # Security
//
// The control plane is NATS's: Options.User/Password, NKeySeedFile (an
// NKey seed file) or CredsFile (JWT credentials for an operator's
// cluster), and TLS; ServeScheduler requires the same user or NKey of
// every connection and serves TLS with Options.TLS. The HTTP data plane
// requires "Authorization: Bearer <token>" on every request and answers
// 401 otherwise; the token is Options.Token or one generated by
// ServeScheduler/NewLocalCluster and handed to workers and clients
// through the cluster KV bucket, so it is as safe as the NATS
// credentials. The data plane speaks plain HTTP: across untrusted
// networks run it inside a private network or VPN.
package distributed
