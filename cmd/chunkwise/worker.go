package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chunkwise/chunkwise/distributed"
	"github.com/chunkwise/chunkwise/scheduler"
)

func init() {
	var sched, listen, advertise, dir, name string
	var nthreads int
	var memLimit string
	var cf clusterFlags
	cmd := &cobra.Command{
		Use:   "worker --scheduler nats://HOST:PORT [--nthreads N] [--memory-limit SIZE] [--listen HOST:PORT] [--advertise HOST]",
		Short: "Run one worker of a cluster with the built-in kernels (arrays, stores)",
		Long: `worker joins the cluster whose scheduler runs at --scheduler (the URL
"chunkwise scheduler" printed; several NATS servers separated by commas)
and runs its tasks until interrupted (SIGINT or SIGTERM). It knows the
kernels built into chunkwise — array operations, reductions, random
numbers, Zarr, HDF5 and .npy reads and writes — but not the functions of
your own programs: for those, run your program itself as the worker
(distributed.RunWorkerIfRequested).

--nthreads is the number of tasks run at once (default: one per core);
--memory-limit the budget for the chunks it holds and its running tasks
(their inputs and results), beyond which it spills held chunks to --dir
and reads them back when used: bytes with an optional unit (4GiB,
512MB) or a fraction of the machine's memory (0.5), as Dask's workers
take it (default: a share of the machine's or the cgroup's memory, as
the local executor has; -1: none); --listen the HOST:PORT of its
HTTP data plane, which other workers and clients fetch chunks from
(default 127.0.0.1 on a free port: give an address the other machines
can reach when the cluster spans several, or 0.0.0.0:PORT); --advertise
the host the others reach it at (default: the address listened on, and
for 0.0.0.0 or :PORT the first address of a network interface that is
up and not loopback). An unreachable scheduler is an error after
--timeout.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if sched == "" {
				return fmt.Errorf("--scheduler nats://HOST:PORT is required")
			}
			if nthreads < 0 {
				return fmt.Errorf("--nthreads %d: must be positive (or 0 for one per core)", nthreads)
			}
			limit, err := scheduler.ParseMemoryLimit(memLimit)
			if err != nil {
				return fmt.Errorf("--memory-limit %w", err)
			}
			opts, err := cf.options(false)
			if err != nil {
				return err
			}
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			return stopped(ctx, distributed.RunWorker(ctx, sched, distributed.WorkerOptions{
				NThreads: nthreads, MemoryLimit: limit, Listen: listen, Advertise: advertise, Dir: dir, Name: name,
				Token: opts.Token, User: opts.User, Password: opts.Password, NKeySeedFile: opts.NKeySeedFile,
				CredsFile: opts.CredsFile, TLS: opts.TLS, Timeout: opts.Timeout,
			}))
		},
	}
	cmd.Flags().StringVar(&sched, "scheduler", "", "the scheduler's URL, nats://HOST:PORT")
	cmd.Flags().IntVar(&nthreads, "nthreads", 0, "tasks run at once (default: one per core)")
	cmd.Flags().StringVar(&memLimit, "memory-limit", "0", "memory budget, e.g. 4GiB, 512MB or 0.5 of the machine's memory, spilling held chunks beyond it (0: from the machine, -1: none)")
	cmd.Flags().StringVar(&listen, "listen", "", "HOST:PORT of the HTTP data plane (default 127.0.0.1 on a free port)")
	cmd.Flags().StringVar(&advertise, "advertise", "", "host (or HOST:PORT) the others reach the data plane at (default: from --listen; for 0.0.0.0, a non-loopback interface address)")
	cmd.Flags().StringVar(&dir, "dir", "", "directory for spilled chunks (default: a temporary directory)")
	cmd.Flags().StringVar(&name, "name", "", "this worker's name in the cluster (default: generated)")
	cf.add(cmd)
	rootCmd.AddCommand(cmd)
}
