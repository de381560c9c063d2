package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

func init() {
	register("out-of-core", []string{"mean0", "twopass-std0"}, outOfCore)
}

// outOfCore reduces an 8 GB random array that is never persisted. The
// local executor runs with a memory budget (CHUNKWISE_MEMORY_LIMIT bytes,
// default 1 GiB; 0 for none) and spills to disk beyond it; its figures
// (peak live bytes, bytes spilled) go into extra.
func outOfCore(sub string, scale float64) (Result, error) {
	shape, chunks := []int{rows(50000, 2500, scale), 20000}, []int{2500, 2500}
	limit := int64(1 << 30)
	if s := os.Getenv("CHUNKWISE_MEMORY_LIMIT"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return Result{}, fmt.Errorf("CHUNKWISE_MEMORY_LIMIT: %w", err)
		}
		limit = v
	}
	x := array.NewRNG(seed).Random(shape, chunk.Regular(chunks...))
	var y *array.Array
	var expr string
	switch sub {
	case "mean0":
		y, expr = x.Mean(array.Axis(0)), "x.mean(axis=0)"
	case "twopass-std0":
		y, expr = x.Sub(x.Mean(array.Axis(0))).Std(array.Axis(0)), "(x - x.mean(axis=0)).std(axis=0)"
	default:
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	exec := &scheduler.Local{MemoryLimit: limit}
	tasks, err := y.NumTasks()
	if err != nil {
		return Result{}, err
	}
	secs, sum, err := timedSum(time.Now(), y, array.WithExecutor(exec))
	if err != nil {
		return Result{}, err
	}
	st := exec.LastStats()
	nbytes := float64(shape[0] * shape[1] * 8)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": chunks, "expr": expr, "generation_counted": true,
			"memory_limit": limit, "scale": scale},
		Extra: map[string]any{"array_GB": nbytes / 1e9, "GBps_generated": nbytes / 1e9 / secs, "tasks": tasks,
			"peak_live_MB": float64(st.PeakLive) / 1e6, "spilled_MB": float64(st.Spilled) / 1e6,
			"spill_file_MB": float64(st.SpilledFile) / 1e6, "spills": st.Spills, "loads": st.Loads}}, nil
}

// timedSum computes y and returns the seconds since start and the sum of
// its elements, the workloads' checksum.
func timedSum(start time.Time, y *array.Array, opts ...array.Option) (secs, sum float64, err error) {
	d, err := y.Compute(context.Background(), opts...)
	secs = time.Since(start).Seconds()
	if err != nil {
		return 0, 0, err
	}
	sum = checksum(d)
	return secs, sum, nil
}
