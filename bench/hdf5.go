//go:build cgo

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/array/h5array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/hdf5"
)

func init() {
	register("hdf5-read", []string{"gzip1-mean0", "nofilter-mean0"}, hdf5Read)
}

// h5Cached writes the HDF5 benchmark's file once (untimed): the same
// random data as a gzip-1 dataset and an unfiltered one, both chunked
// (1000, 1000), as the Dask reference does with h5py.
func h5Cached(shape []int) (string, error) {
	path := filepath.Join(cacheDir(), fmt.Sprintf("h5_%dx%d.h5", shape[0], shape[1]))
	if _, err := os.Stat(path + ".done"); err == nil {
		return path, nil
	}
	os.MkdirAll(cacheDir(), 0o755)
	ctx := context.Background()
	x, err := array.NewRNG(seed).Random(shape, chunk.Regular(1000, 1000)).Persist(ctx)
	if err != nil {
		return "", err
	}
	f, err := hdf5.Create(path)
	if err != nil {
		return "", err
	}
	for _, ds := range []struct {
		name string
		gzip int
	}{{"gzip1", 1}, {"nofilter", 0}} {
		d, err := f.CreateDataset(ds.name, chunk.Float64, shape, []int{1000, 1000}, hdf5.Options{Gzip: ds.gzip})
		if err == nil {
			err = x.Store(ctx, d)
		}
		if err != nil {
			f.Close()
			return "", err
		}
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return path, os.WriteFile(path+".done", nil, 0o644)
}

func hdf5Read(sub string, scale float64) (Result, error) {
	ctx := context.Background()
	shape := []int{rows(20000, 1000, scale), 10000}
	var dset string
	switch sub {
	case "gzip1-mean0":
		dset = "gzip1"
	case "nofilter-mean0":
		dset = "nofilter"
	default:
		return Result{}, fmt.Errorf("unknown sub-result %q", sub)
	}
	path, err := h5Cached(shape)
	if err != nil {
		return Result{}, err
	}
	nbytes := float64(shape[0] * shape[1] * 8)
	start := time.Now()
	x, err := h5array.FromHDF5(path, dset, nil)
	if err != nil {
		return Result{}, err
	}
	d, err := x.Mean(array.Axis(0)).Compute(ctx)
	if err != nil {
		return Result{}, err
	}
	secs := time.Since(start).Seconds()
	sum := checksum(d)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": shape, "chunks": []int{1000, 1000}, "dataset": dset,
			"page_cache": "warm (file written earlier)", "scale": scale,
			"how": "raw chunks via H5Dread_chunk, inflated in Go in parallel"},
		Extra: map[string]any{"uncompressed_GB": nbytes / 1e9, "GBps_uncompressed": nbytes / 1e9 / secs}}, nil
}
