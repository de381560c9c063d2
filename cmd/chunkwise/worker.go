package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chunkwise/chunkwise/distributed"
)

func init() {
	var sched, listen, advertise, dir, name string
	var nthreads int
	var memLimit int64
	var cf clusterFlags
	cmd := &cobra.Command{
		Use:   "worker --scheduler nats://HOST:PORT [--nthreads N] [--memory-limit BYTES] [--listen HOST:PORT] [--advertise HOST]",
		Short: "Run one worker of a cluster with the built-in kernels (arrays, stores)",
		Long: `worker joins the cluster whose scheduler runs at --scheduler (the URL
"chunkwise scheduler" printed; several NATS servers separated by commas)
and runs its tasks until interrupted (SIGINT or SIGTERM). It knows the
kernels built into chunkwise — array operations, reductions, random
numbers, Zarr, HDF5 and .npy reads and writes — but not the functions of
your own programs: for those, run your program itself as the worker
(distributed.RunWorkerIfRequested).

--nthreads is the number of tasks run at once (default: one per core);
--memory-limit the budget in bytes for the chunks it holds and the inputs
of its running tasks, beyond which it spills held chunks to --dir and
reads them back when used (default: a share of the machine's or the
cgroup's memory, as the local executor has; -1: none); --listen the HOST:PORT of its
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
			if memLimit < -1 {
				return fmt.Errorf("--memory-limit %d: must be positive (0 for the machine's default, -1 for none)", memLimit)
			}
			opts, err := cf.options(false)
			if err != nil {
				return err
			}
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			return stopped(ctx, distributed.RunWorker(ctx, sched, distributed.WorkerOptions{
				NThreads: nthreads, MemoryLimit: memLimit, Listen: listen, Advertise: advertise, Dir: dir, Name: name,
				Token: opts.Token, User: opts.User, Password: opts.Password, NKeySeedFile: opts.NKeySeedFile,
				CredsFile: opts.CredsFile, TLS: opts.TLS, Timeout: opts.Timeout,
			}))
		},
	}
	cmd.Flags().StringVar(&sched, "scheduler", "", "the scheduler's URL, nats://HOST:PORT")
	cmd.Flags().IntVar(&nthreads, "nthreads", 0, "tasks run at once (default: one per core)")
	cmd.Flags().Int64Var(&memLimit, "memory-limit", 0, "memory budget in bytes, spilling held chunks beyond it (0: from the machine, -1: none)")
	cmd.Flags().StringVar(&listen, "listen", "", "HOST:PORT of the HTTP data plane (default 127.0.0.1 on a free port)")
	cmd.Flags().StringVar(&advertise, "advertise", "", "host (or HOST:PORT) the others reach the data plane at (default: from --listen; for 0.0.0.0, a non-loopback interface address)")
	cmd.Flags().StringVar(&dir, "dir", "", "directory for spilled chunks (default: a temporary directory)")
	cmd.Flags().StringVar(&name, "name", "", "this worker's name in the cluster (default: generated)")
	cf.add(cmd)
	rootCmd.AddCommand(cmd)
}
