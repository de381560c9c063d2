package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/distributed"
	"github.com/chunkwise/chunkwise/reductions"
)

// The distributed-map-reduce workload's functions, registered by name so
// that the worker processes (this binary, re-executed) know them.
var (
	// NumPy's a.sum() in Dask's twin; SumFloat64 is the same SIMD sum
	// a float64 array's Sum uses per chunk.
	distSum = delayed.Wrap("bench.dist.sum", func(a *chunk.Dense) float64 {
		return reductions.SumFloat64(chunk.Values[float64](a))
	})
	distAdd = delayed.Wrap("bench.dist.add", func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s
	})
	distInc = delayed.Wrap("bench.dist.inc", func(i int) int { return i + 1 })
)

func init() {
	registerMulti("distributed-map-reduce", distributedMapReduce)
}

// distributedMapReduce runs the distributed-map-reduce workload of
// SPEC.md as Dask's w_distributed does, in one process and one cluster:
// a local cluster of 2 worker processes with one task slot each
// (cluster-startup), the scatter of 1000 × scale arrays of 100 000
// float64 (scatter), a map of sum over them and a binary tree reduction
// (map-tree-reduce), 10 000 × scale Submit(inc, i) and a Gather
// (submit-inc-gather), the same through Map (map-inc-gather), and the sum
// of the first three timed phases (total-excl-startup).
func distributedMapReduce(scale float64) ([]Result, error) {
	ctx := context.Background()
	nArrays, nInc := max(8, int(1000*scale)), max(10, int(10_000*scale))
	params := map[string]any{"n_workers": 2, "threads_per_worker": 1, "processes": true,
		"n_arrays": nArrays, "array_len": 100_000, "n_inc": nInc, "scale": scale}
	rs := rand.New(rand.NewPCG(seed, 0))
	arrays := make([]any, nArrays)
	expected := 0.0
	for i := range arrays {
		d := chunk.NewDense(chunk.Float64, []int{100_000}) // NumPy's float64 array: a chunk
		a := chunk.Values[float64](d)
		for j := range a {
			a[j] = rs.Float64()
			expected += a[j]
		}
		arrays[i] = d
	}
	var out []Result
	add := func(sub string, secs, checksum float64, extra map[string]any) {
		out = append(out, Result{Sub: sub, Seconds: secs, Checksum: checksum, Params: params, Extra: extra})
	}

	t0 := time.Now()
	cl, err := distributed.NewLocalCluster(ctx, distributed.Options{Workers: 2, Processes: true, NThreads: 1})
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	c := cl.Client()
	add("cluster-startup", time.Since(t0).Seconds(), 0, map[string]any{})
	// Warm-up, untimed, as Dask's: one task through the whole path.
	if _, err := c.Submit(ctx, distInc, -1).Result(ctx); err != nil {
		return nil, err
	}

	t1 := time.Now()
	futs, err := c.Scatter(ctx, arrays)
	if err != nil {
		return nil, err
	}
	if err := waitAll(ctx, futs); err != nil {
		return nil, err
	}
	s1 := time.Since(t1).Seconds()
	gb := float64(nArrays) * 8e5 / 1e9
	add("scatter", s1, 0, map[string]any{"GB": gb, "GBps": gb / s1})

	t2 := time.Now()
	items := make([]any, len(futs))
	for i, f := range futs {
		items[i] = f
	}
	root := c.Reduce(ctx, distAdd, c.Map(ctx, distSum, items), 2)
	v, err := root.Result(ctx)
	s2 := time.Since(t2).Seconds()
	if err != nil {
		return nil, err
	}
	r, _ := v.(float64)
	if d := r - expected; d > 1e-9*expected || d < -1e-9*expected {
		return nil, fmt.Errorf("map-tree-reduce: %v, want %v", v, expected)
	}
	tasks := 2*nArrays - 1 // the sums and the combines of a binary tree, counted as Dask counts them
	add("map-tree-reduce", s2, r, map[string]any{"tasks": tasks, "tasks_per_s": float64(tasks) / s2,
		"expected": expected, "fan_in": 2})

	incs := func(from int, submit func([]any) []*distributed.Future) (float64, float64, error) {
		args := make([]any, nInc)
		for i := range args {
			args[i] = from + i
		}
		t := time.Now()
		vals, err := c.Gather(ctx, submit(args))
		secs := time.Since(t).Seconds()
		if err != nil {
			return 0, 0, err
		}
		sum := 0
		for i, v := range vals {
			if v != from+i+1 {
				return 0, 0, fmt.Errorf("inc(%d) = %v", from+i, v)
			}
			sum += v.(int)
		}
		return secs, float64(sum), nil
	}
	s3, sum3, err := incs(0, func(args []any) []*distributed.Future {
		fs := make([]*distributed.Future, len(args))
		for i, a := range args {
			fs[i] = c.Submit(ctx, distInc, a)
		}
		return fs
	})
	if err != nil {
		return nil, err
	}
	add("submit-inc-gather", s3, sum3, map[string]any{"tasks": nInc, "tasks_per_s": float64(nInc) / s3})
	s4, sum4, err := incs(nInc, func(args []any) []*distributed.Future { return c.Map(ctx, distInc, args) })
	if err != nil {
		return nil, err
	}
	add("map-inc-gather", s4, sum4, map[string]any{"tasks": nInc, "tasks_per_s": float64(nInc) / s4})
	add("total-excl-startup", s1+s2+s3, r, map[string]any{"phases": "scatter + map-tree-reduce + submit-inc-gather"})
	return out, nil
}

// waitAll waits for every future.
func waitAll(ctx context.Context, futs []*distributed.Future) error {
	for _, f := range futs {
		if err := f.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

func init() {
	register("distributed-out-of-core", []string{"mean0"}, distributedOutOfCore)
}

// distributedOutOfCore computes x.mean(axis 0) of out-of-core's 8 GB
// random array (generation counted, never persisted) on a local cluster
// of 2 worker processes, for bench/distributed_dask.py's run of the same
// expression on Dask's LocalCluster(n_workers=2). Cluster start-up is
// not timed.
func distributedOutOfCore(sub string, scale float64) (Result, error) {
	if sub != "mean0" {
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	ctx := context.Background()
	shape, chunks := []int{rows(50000, 2500, scale), 20000}, []int{2500, 2500}
	cl, err := distributed.NewLocalCluster(ctx, distributed.Options{Workers: 2, Processes: true})
	if err != nil {
		return Result{}, err
	}
	defer cl.Close()
	y := array.NewRNG(seed).Random(shape, chunk.Regular(chunks...)).Mean(array.Axis(0))
	start := time.Now()
	d, err := y.Compute(ctx, array.WithExecutor(cl.Client()))
	secs := time.Since(start).Seconds()
	if err != nil {
		return Result{}, err
	}
	sum := checksum(d)
	nbytes := float64(shape[0] * shape[1] * 8)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": chunks, "expr": "x.mean(axis=0)", "generation_counted": true,
			"n_workers": 2, "processes": true, "scale": scale},
		Extra: map[string]any{"array_GB": nbytes / 1e9, "GBps_generated": nbytes / 1e9 / secs}}, nil
}

// distMake64 makes a chunk of n float64 on a worker, for the transfer
// workload.
var distMake64 = delayed.Wrap("bench.dist.make", func(n, seed int) *chunk.Dense {
	d := chunk.NewDense(chunk.Float64, []int{n})
	for i, v := 0, chunk.Values[float64](d); i < len(v); i++ {
		v[i] = float64(i ^ seed)
	}
	return d
})

func init() {
	register("distributed-transfer", []string{"gather-64MB", "scatter-64MB"}, distributedTransfer)
}

// distributedTransfer times the HTTP data plane on one 64 MB × scale
// chunk between two processes of a local cluster: gather-64MB fetches a
// chunk a worker made into the client (the GET workers also use between
// themselves), scatter-64MB uploads one from the client to a worker.
// Seconds is the median of 7 transfers after a warm-up; extra has MB/s.
func distributedTransfer(sub string, scale float64) (Result, error) {
	ctx := context.Background()
	n := max(1, int(8<<20*scale)) // float64s: 64 MiB at scale 1
	cl, err := distributed.NewLocalCluster(ctx, distributed.Options{Workers: 2, Processes: true, NThreads: 1})
	if err != nil {
		return Result{}, err
	}
	defer cl.Close()
	c := cl.Client()
	var times []float64
	sum := 0.0
	for rep := range 8 {
		var secs float64
		switch sub {
		case "gather-64MB":
			f := c.Submit(ctx, distMake64, n, rep)
			if err := f.Wait(ctx); err != nil {
				return Result{}, err
			}
			t := time.Now()
			vs, err := c.Gather(ctx, []*distributed.Future{f})
			secs = time.Since(t).Seconds()
			if err != nil {
				return Result{}, err
			}
			d, ok := vs[0].(*chunk.Dense)
			if !ok || d.Len() != n || d.Float(n-1) != float64((n-1)^rep) {
				return Result{}, fmt.Errorf("gather: got a %T that is not the chunk made", vs[0])
			}
			sum = d.Float(n - 1)
			f.Cancel()
		case "scatter-64MB":
			d := chunk.NewDense(chunk.Float64, []int{n})
			chunk.Values[float64](d)[n-1] = float64(rep)
			t := time.Now()
			fs, err := c.Scatter(ctx, []any{d})
			if err == nil {
				err = fs[0].Wait(ctx)
			}
			secs = time.Since(t).Seconds()
			if err != nil {
				return Result{}, err
			}
			fs[0].Cancel()
		default:
			return Result{}, fmt.Errorf("unknown sub-result %q", sub)
		}
		if rep > 0 {
			times = append(times, secs)
		}
	}
	sort.Float64s(times)
	med := times[len(times)/2]
	mb := float64(n*8) / 1e6
	return Result{Seconds: med, Checksum: sum,
		Params: map[string]any{"MB": mb, "processes": 2, "transfers": len(times), "scale": scale},
		Extra:  map[string]any{"MBps": mb / med, "MBps_best": mb / times[0], "MBps_worst": mb / times[len(times)-1]}}, nil
}
