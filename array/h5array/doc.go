// Package h5array connects HDF5 files to chunkwise arrays: FromHDF5 opens
// a dataset as a lazy *array.Array and ToHDF5 writes an array as a
// chunked dataset.
//
// It is a package of its own because it needs both package array and the
// cgo package store/hdf5: store/hdf5 must not import array (stores sit
// below arrays and import only package chunk), and array must not import
// store/hdf5 (programs that never touch HDF5 build with CGO_ENABLED=0).
// Importing h5array links libhdf5; everything else stays pure Go.
//
// Importing the package also registers the "hdf5" opener with
// array.RegisterOpener, so a worker running the same binary can reopen a
// dataset a task names by file and dataset path.
//
// The package needs cgo: a build with CGO_ENABLED=0 leaves it empty, so
// a program importing it fails to compile rather than failing at run time.
package h5array
