package main

import (
	"os"

	"github.com/chunkwise/chunkwise/array"
)

// progress returns the options that draw a progress bar of the work on
// stderr when it is a terminal.
func progress() []array.Option {
	return []array.Option{array.WithProgressBar(os.Stderr)}
}
