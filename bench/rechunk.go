package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

func init() { register("rechunk", []string{"rows-to-cols-sum"}, rechunkBench) }

// rechunkBench is SPEC's rechunk workload: x random (20000, 20000) in
// chunks of (200, 20000), persisted; timed: x.rechunk((20000, 200)).sum().
func rechunkBench(sub string, scale float64) (Result, error) {
	if sub != "rows-to-cols-sum" {
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	// Only the leading axis scales, as in the Dask reference (w_rechunk):
	// the shapes, and so the checksums, stay comparable at every scale.
	shape := []int{rows(20000, 200, scale), 20000}
	x, err := persistedRandom(shape, []int{200, shape[1]})
	if err != nil {
		return Result{}, err
	}
	nbytes := int64(shape[0]) * int64(shape[1]) * 8
	ctx := context.Background()
	start := time.Now()
	y := x.Rechunk(chunk.Regular(shape[0], 200))
	d, err := y.Sum().Compute(ctx)
	secs := time.Since(start).Seconds()
	if err != nil {
		return Result{}, err
	}
	plan, _ := x.RechunkPlan(chunk.Regular(shape[0], 200))
	tasks, _ := y.NumTasks()
	return Result{Seconds: secs, Checksum: d.Float(0),
		Params: map[string]any{"shape": shape, "chunks_in": []int{200, shape[1]}, "chunks_out": []int{shape[0], 200}, "scale": scale},
		Extra: map[string]any{"input_GB": float64(nbytes) / 1e9, "GBps": float64(nbytes) / 1e9 / secs,
			"stages": len(plan), "tasks_rechunk_graph": tasks}}, nil
}
