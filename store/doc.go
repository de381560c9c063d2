// Package store is the boundary between chunked arrays and the formats
// they live in: a small key/value Store interface with backends, and the
// Reader and Writer interfaces every format (store/zarr, store/hdf5,
// store/npy) implements for one array, chunk by chunk.
//
// The array package reaches every format through Reader and Writer, so a
// program that never imports store/hdf5 builds without cgo.
package store
