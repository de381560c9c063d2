//go:build !cgo

package main

import (
	"context"
	"errors"
	"io"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// A build without cgo (CGO_ENABLED=0, a static binary) has no HDF5; its
// help says so.
func init() {
	rootCmd.Long = rootCmd.Short + "\n\nThis binary was built without cgo: HDF5 files cannot be read or written\n(rebuild with CGO_ENABLED=1 and libhdf5-dev installed)."
}

// errNoHDF5 is what every HDF5 path of a binary built without cgo returns.
var errNoHDF5 = errors.New("this chunkwise was built without cgo and cannot read or write HDF5 (rebuild with CGO_ENABLED=1 and libhdf5-dev installed)")

func fromHDF5(string, string, chunk.Spec) (*array.Array, error) { return nil, errNoHDF5 }

func toHDF5(context.Context, *array.Array, string, string, []int, bool, ...array.Option) error {
	return errNoHDF5
}

func onlyHDF5Dataset(string) (string, error) { return "", errNoHDF5 }

func infoHDF5(io.Writer, string) error { return errNoHDF5 }
