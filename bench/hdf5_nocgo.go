//go:build !cgo

package main

func init() {
	unsupported["hdf5-read"] = "this bench was built without cgo; HDF5 needs CGO_ENABLED=1 and libhdf5-dev"
}
