package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

func init() { register("graph-million", []string{"plan", "compute"}, graphMillion) }

// graphMillion is issue 14's graph-construction target: an expression over
// a million chunks, ((x + 1) * 2 - x).sum(axis 0) of ones (1000, 1000) in
// (1, 1) chunks. Sub plan times building the expression and planning it
// (culling and fusion: the tasks a compute would run); compute times the
// whole compute from an unbuilt expression. Its twin is bench/graph_dask.py.
func graphMillion(sub string, scale float64) (Result, error) {
	n := rows(1000, 10, scale)
	build := func() *array.Array {
		x := array.Ones([]int{n, 1000}, chunk.Float64, chunk.Regular(1, 1))
		return x.Add(1).Mul(2).Sub(x).Sum(array.Axis(0))
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	y := build()
	var tasks int
	var sum float64
	var err error
	switch sub {
	case "plan":
		tasks, err = y.NumTasks()
		sum = float64(n * 1000) // the chunks planned, as the twin's
	case "compute":
		var d *chunk.Dense
		if d, err = y.Compute(context.Background()); err == nil {
			sum = checksum(d)
		}
	default:
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	secs := time.Since(start).Seconds()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": []int{n, 1000}, "chunks": []int{1, 1}, "scale": scale},
		Extra: map[string]any{"chunks": n * 1000, "tasks": tasks,
			"allocated_MB": float64(after.TotalAlloc-before.TotalAlloc) / 1e6}}, err
}
