package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/zarr"
)

func init() {
	register("zarr-roundtrip", []string{"write", "read-sum"}, zarrRoundtrip)
}

// cacheDir holds the inputs that read benchmarks write untimed once.
func cacheDir() string {
	if d := os.Getenv("CHUNKWISE_BENCH_CACHE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "chunkwise_bench_cache")
}

func dirBytes(path string) int64 {
	var n int64
	filepath.Walk(path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

var lz4v2 = zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{1000, 1000}}

// zarrCached writes the read benchmark's store once (untimed).
func zarrCached(shape []int) (string, error) {
	path := filepath.Join(cacheDir(), fmt.Sprintf("zarr_%dx%d_1000.zarr", shape[0], shape[1]))
	if _, err := os.Stat(filepath.Join(path, ".done")); err == nil {
		return path, nil
	}
	os.RemoveAll(path)
	x := array.NewRNG(seed).Random(shape, chunk.Regular(1000, 1000))
	if err := x.ToZarr(context.Background(), path, lz4v2); err != nil {
		return "", err
	}
	return path, os.WriteFile(filepath.Join(path, ".done"), nil, 0o644)
}

func zarrRoundtrip(sub string, scale float64) (Result, error) {
	ctx := context.Background()
	shape := []int{rows(20000, 1000, scale), 10000}
	nbytes := float64(shape[0] * shape[1] * 8)
	params := map[string]any{"shape": shape, "chunks": []int{1000, 1000}, "compressor": "numcodecs LZ4 (acceleration 1)",
		"store": "zarr 2 directory on local disk", "scale": scale}
	extra := map[string]any{"uncompressed_GB": nbytes / 1e9}
	var secs, sum float64
	switch sub {
	case "write":
		os.MkdirAll(cacheDir(), 0o755)
		dir, err := os.MkdirTemp(cacheDir(), "write")
		if err != nil {
			return Result{}, err
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "a.zarr")
		x := array.NewRNG(seed).Random(shape, chunk.Regular(1000, 1000))
		start := time.Now()
		if err := x.ToZarr(ctx, path, lz4v2); err != nil {
			return Result{}, err
		}
		secs = time.Since(start).Seconds()
		extra["on_disk_GB"] = float64(dirBytes(dir)) / 1e9
		// Checksum as Dask's: the sum of the first 1000×1000 written.
		y, err := array.FromZarr(ctx, path, nil)
		if err != nil {
			return Result{}, err
		}
		d, err := y.Index(array.S(0, 1000, 1), array.S(0, 1000, 1)).Sum().Compute(ctx)
		if err != nil {
			return Result{}, err
		}
		sum = d.Float(0)
		params["generation_counted"] = true
	case "read-sum":
		path, err := zarrCached(shape)
		if err != nil {
			return Result{}, err
		}
		extra["on_disk_GB"] = float64(dirBytes(path)) / 1e9
		start := time.Now()
		x, err := array.FromZarr(ctx, path, nil)
		if err != nil {
			return Result{}, err
		}
		d, err := x.Sum().Compute(ctx)
		if err != nil {
			return Result{}, err
		}
		secs = time.Since(start).Seconds()
		sum = d.Float(0)
		params["page_cache"] = "warm (store written earlier)"
	default:
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	extra["GBps_uncompressed"] = nbytes / 1e9 / secs
	return Result{Seconds: secs, Checksum: sum, Params: params, Extra: extra}, nil
}
