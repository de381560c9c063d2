package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/zarr"
)

func init() {
	register("ooc-store-twopass", []string{"std0-1GiB"}, oocStoreTwoPass)
	register("ooc-store-rechunk", []string{"rows-to-cols-512MiB"}, oocStoreRechunk)
}

// oocStore is the out-of-core store workloads' input: a 4.1 GB Zarr v2
// store, 32000 × 16000 float64 (rows scaled by --scale), lz4, in row
// chunks of 250 × 16000, written once (untimed) by the workload itself
// into the bench cache, where outofcore_dask.py finds it too.
func oocStore(scale float64) (string, []int, error) {
	shape := []int{rows(32000, 250, scale), 16000}
	path := filepath.Join(cacheDir(), fmt.Sprintf("ooc_%dx%d_250.zarr", shape[0], shape[1]))
	if _, err := os.Stat(filepath.Join(path, ".done")); err == nil {
		return path, shape, nil
	}
	os.RemoveAll(path)
	x := array.NewRNG(seed).Random(shape, chunk.Regular(250, 16000))
	err := x.ToZarr(context.Background(), path, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{250, 16000}},
		array.WithMemoryLimit(1<<30))
	if err != nil {
		return "", nil, err
	}
	return path, shape, os.WriteFile(filepath.Join(path, ".done"), nil, 0o644)
}

// oocBudget is a workload's memory budget: def, or the bytes that
// CHUNKWISE_OOC_BUDGET gives (a count with an optional KiB, MiB or GiB
// suffix, e.g. 2GiB for the 16 GB runs at --scale 4). A value it cannot
// parse is an error naming it.
func oocBudget(def int64) (int64, error) {
	v := os.Getenv("CHUNKWISE_OOC_BUDGET")
	if v == "" {
		return def, nil
	}
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if strings.HasSuffix(v, u.suffix) {
			v, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("CHUNKWISE_OOC_BUDGET=%q: want a positive byte count, optionally with KiB, MiB or GiB", os.Getenv("CHUNKWISE_OOC_BUDGET"))
	}
	return n * mult, nil
}

// resetPeakRSS makes the kernel forget this process's peak RSS so far
// (the untimed store write), so that the emitted peak is the timed run's.
func resetPeakRSS() {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func oocParams(shape []int, budget int64, expr string, scale float64) map[string]any {
	return map[string]any{"shape": shape, "chunks": []int{250, 16000}, "codec": "lz4 (zarr v2)", "expr": expr,
		"memory_limit": budget, "page_cache": "warm (store written earlier)", "scale": scale}
}

// oocStoreTwoPass times (x - x.mean(axis=0)).std(axis=0) over the store
// under a 1 GiB budget (CHUNKWISE_OOC_BUDGET overrides it).
func oocStoreTwoPass(sub string, scale float64) (Result, error) {
	path, shape, err := oocStore(scale)
	if err != nil {
		return Result{}, err
	}
	budget, err := oocBudget(1 << 30)
	if err != nil {
		return Result{}, err
	}
	resetPeakRSS()
	ctx := context.Background()
	ex := &scheduler.Local{MemoryLimit: budget}
	start := time.Now()
	x, err := array.FromZarr(ctx, path, nil)
	if err != nil {
		return Result{}, err
	}
	secs, sum, err := timedSum(start, x.Sub(x.Mean(array.Axis(0))).Std(array.Axis(0)), array.WithExecutor(ex))
	if err != nil {
		return Result{}, err
	}
	st := ex.LastStats()
	return Result{Seconds: secs, Checksum: sum, Params: oocParams(shape, budget, "(x - x.mean(axis=0)).std(axis=0)", scale),
		Extra: map[string]any{"array_GB": float64(shape[0]*shape[1]*8) / 1e9, "peak_live_MB": float64(st.PeakLive) / 1e6,
			"live_limit_MB": float64(st.LiveLimit) / 1e6, "spilled_MB": float64(st.Spilled) / 1e6,
			"dropped": st.Dropped, "recomputed": st.Recomputed}}, nil
}

// oocStoreRechunk times x.rechunk((16000, 250)).to_zarr(out) from the
// store to a new lz4 store under a 512 MiB budget (CHUNKWISE_OOC_BUDGET
// overrides it); out is removed after.
func oocStoreRechunk(sub string, scale float64) (Result, error) {
	path, shape, err := oocStore(scale)
	if err != nil {
		return Result{}, err
	}
	out, err := os.MkdirTemp(cacheDir(), "ooc-rechunk-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(out)
	budget, err := oocBudget(512 << 20)
	if err != nil {
		return Result{}, err
	}
	resetPeakRSS()
	ctx := context.Background()
	target := []int{min(16000, shape[0]), 250}
	start := time.Now()
	x, err := array.FromZarr(ctx, path, nil)
	if err != nil {
		return Result{}, err
	}
	err = x.Rechunk(chunk.Regular(target...)).ToZarr(ctx, filepath.Join(out, "y.zarr"),
		zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: target}, array.WithMemoryLimit(budget), array.WithScratchDir(out))
	secs := time.Since(start).Seconds()
	if err != nil {
		return Result{}, err
	}
	// Checksum: the sum of the output's first column chunk, read back.
	y, err := array.FromZarr(ctx, filepath.Join(out, "y.zarr"), nil)
	if err != nil {
		return Result{}, err
	}
	s, err := y.Slice([2]int{0, target[0]}, [2]int{0, 250}).Sum().Compute(ctx)
	if err != nil {
		return Result{}, err
	}
	return Result{Seconds: secs, Checksum: s.Float(0),
		Params: oocParams(shape, budget, fmt.Sprintf("x.rechunk((%d, 250)).to_zarr(out)", target[0]), scale),
		Extra:  map[string]any{"array_GB": float64(shape[0]*shape[1]*8) / 1e9, "out_GB": float64(dirBytes(out)) / 1e9}}, nil
}
