//go:build cgo

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chunkwise/chunkwise/array/h5array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/hdf5"
)

// The survey's HDF5 entries (they need cgo): writes with gzip level 1 and
// unfiltered, and lazy reads of each with a mean along axis 0.
func init() {
	for _, f := range []struct {
		name string
		gzip int
	}{{"gzip1", 1}, {"nofilter", 0}} {
		o := h5array.Options{Chunks: []int{1000, 1000}, Options: hdf5.Options{Gzip: f.gzip}}
		addRun("hdf5-write-"+f.name, func(ctx context.Context) ([]*chunk.Dense, error) {
			path := surveyPath("w-"+f.name+".h5", true)
			if err := h5array.ToHDF5(ctx, in("a"), path, "x", o); err != nil {
				return nil, err
			}
			stopClock()
			x, err := h5array.FromHDF5(path, "x", nil)
			if err != nil {
				return nil, err
			}
			return readBack(ctx, x)
		})
		addRun("hdf5-read-"+f.name, func(ctx context.Context) ([]*chunk.Dense, error) {
			path := surveyPath("r-"+f.name+".h5", false)
			if _, err := os.Stat(path); err != nil {
				if err := h5array.ToHDF5(ctx, in("a"), path, "x", o); err != nil {
					return nil, err
				}
			}
			startClock()
			x, err := h5array.FromHDF5(path, "x", nil)
			if err != nil {
				return nil, err
			}
			return readBack(ctx, x)
		})
	}
	// A file of many small chunks, as h5py users often have: 62,500
	// chunks of 16x16, gzip level 1, read in blocks of 1000x1000.
	small := h5array.Options{Chunks: []int{16, 16}, Options: hdf5.Options{Gzip: 1}}
	addRun("hdf5-read-16x16-gzip1", func(ctx context.Context) ([]*chunk.Dense, error) {
		path := surveyPath("r-16x16-gzip1.h5", false)
		if _, err := os.Stat(path); err != nil {
			if err := h5array.ToHDF5(ctx, in("a"), path, "x", small); err != nil {
				return nil, err
			}
		}
		startClock()
		x, err := h5array.FromHDF5(path, "x", chunk.Regular(1000, 1000))
		if err != nil {
			return nil, err
		}
		return readBack(ctx, x)
	})
	// Files h5py wrote for the Dask twin, read by both sides in blocks of
	// 1000x1000: a contiguous dataset (chunkwise writes chunked ones
	// only), and one compressed with h5py's own lzf filter.
	for _, name := range []string{"contiguous", "lzf"} {
		addRun("hdf5-read-"+name+"-py", func(ctx context.Context) ([]*chunk.Dense, error) {
			path := filepath.Join(cacheDir(), "survey_dask", "r-"+name+".h5")
			if _, err := os.Stat(path); err != nil {
				return nil, fmt.Errorf("%s: run bench/survey_dask.py first (it writes the file): %w", path, err)
			}
			x, err := h5array.FromHDF5(path, "x", chunk.Regular(1000, 1000))
			if err != nil {
				return nil, err
			}
			return readBack(ctx, x)
		})
	}
}
