package main

import (
	"os"

	"github.com/chunkwise/chunkwise/array"
)

// progress returns the options that draw a progress bar of the work on
// stderr when it is a terminal and, with --report, profile it for the
// report, which shows the chunk grids of arrays.
func progress(arrays ...*array.Array) []array.Option {
	opts := []array.Option{array.WithProgressBar(os.Stderr)}
	if p := reporting(arrays...); p != nil {
		opts = append(opts, array.WithProfiler(p))
	}
	return opts
}
