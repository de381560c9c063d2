package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

const seed = 42

func init() {
	register("sum-persisted", []string{"sum", "mean0", "std1"}, sumPersisted)
	register("fused-elementwise", []string{"fused"}, fusedElementwise)
	register("transpose-add", []string{"xplusxt-mean0"}, transposeAdd)
	register("random-sum", []string{"gen-sum"}, randomSum)
	register("many-chunks-sum", []string{"sum-split8"}, manyChunksSum)
}

// timed computes a and returns the seconds it took and the checksum of
// the result.
func timed(a *array.Array) (float64, float64, error) {
	ctx := context.Background()
	start := time.Now()
	d, err := a.Compute(ctx)
	s := time.Since(start).Seconds()
	if err != nil {
		return 0, 0, err
	}
	sum := checksum(d)
	return s, sum, nil
}

// checksum is the sum of d's values as float64: the result_checksum of
// SPEC.md.
func checksum(d *chunk.Dense) float64 {
	sum := 0.0
	for i := range d.Len() {
		sum += d.Float(i)
	}
	return sum
}

func persistedRandom(shape, chunks []int) (*array.Array, error) {
	x, err := array.NewRNG(seed).Random(shape, chunk.Regular(chunks...)).Persist(context.Background())
	// Settle the garbage collector's debt from allocating the persisted
	// chunks (part of the setup, like Dask's persist) so that it does not
	// run inside the timed region.
	runtime.GC()
	return x, err
}

func sumPersisted(sub string, scale float64) (Result, error) {
	shape := []int{rows(20000, 2000, scale), 10000}
	x, err := persistedRandom(shape, []int{2000, 2000})
	if err != nil {
		return Result{}, err
	}
	var y *array.Array
	switch sub {
	case "sum":
		y = x.Sum()
	case "mean0":
		y = x.Mean(array.Axis(0))
	case "std1":
		y = x.Std(array.Axis(1))
	default:
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	secs, sum, err := timed(y)
	nbytes := float64(shape[0] * shape[1] * 8)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": []int{2000, 2000}, "dtype": "float64", "scale": scale},
		Extra:  map[string]any{"input_GB": nbytes / 1e9, "GBps": nbytes / 1e9 / secs}}, err
}

func fusedElementwise(sub string, scale float64) (Result, error) {
	shape := []int{rows(20000, 2000, scale), 10000}
	x, err := persistedRandom(shape, []int{2000, 2000})
	if err != nil {
		return Result{}, err
	}
	secs, sum, err := timed(x.Add(1).Mul(2).Sub(x.Pow(2)).Sum())
	nbytes := float64(shape[0] * shape[1] * 8)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": []int{2000, 2000}, "expr": "((x + 1) * 2 - x ** 2).sum()", "scale": scale},
		Extra:  map[string]any{"input_GB": nbytes / 1e9, "GBps": nbytes / 1e9 / secs}}, err
}

func transposeAdd(sub string, scale float64) (Result, error) {
	n := rows(10000, 1000, scale)
	x, err := persistedRandom([]int{n, n}, []int{1000, 1000})
	if err != nil {
		return Result{}, err
	}
	secs, sum, err := timed(x.Add(x.T()).Mean(array.Axis(0)))
	nbytes := float64(n * n * 8)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": []int{n, n}, "chunks": []int{1000, 1000}, "expr": "(x + x.T).mean(axis=0)", "scale": scale},
		Extra:  map[string]any{"input_GB": nbytes / 1e9, "GBps_of_x": nbytes / 1e9 / secs}}, err
}

func randomSum(sub string, scale float64) (Result, error) {
	shape := []int{rows(20000, 2000, scale), 20000}
	x := array.NewRNG(seed).Random(shape, chunk.Regular(2000, 2000))
	secs, sum, err := timed(x.Sum())
	nbytes := float64(shape[0] * shape[1] * 8)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": []int{2000, 2000}, "seed": seed, "generation_counted": true,
			"rng": "counter-based splitmix64 keyed by element index", "scale": scale},
		Extra: map[string]any{"generated_GB": nbytes / 1e9, "GBps_generated": nbytes / 1e9 / secs}}, err
}

func manyChunksSum(sub string, scale float64) (Result, error) {
	n := int(100_000_000 * scale)
	n -= n % 1000
	x := array.Ones([]int{n}, chunk.Float64, chunk.Regular(1000))
	start := time.Now()
	d, err := x.Sum(array.SplitEvery(8)).Compute(context.Background())
	secs := time.Since(start).Seconds()
	if err != nil {
		return Result{}, err
	}
	tasks, _ := array.Ones([]int{n}, chunk.Float64, chunk.Regular(1000)).Sum(array.SplitEvery(8)).NumTasks()
	return Result{Seconds: secs, Checksum: d.Float(0),
		Params: map[string]any{"n": n, "chunks": 1000, "nchunks": n / 1000, "split_every": 8, "scale": scale},
		Extra: map[string]any{"tasks_after_fusion": tasks, "tasks_per_s": float64(tasks) / secs,
			"chunks_per_s": float64(n/1000) / secs,
			"note":         "timed region = build sum graph + cull + fuse + schedule + execute"}}, nil
}
