//go:build cgo

package h5array

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/hdf5"
)

func init() {
	array.RegisterOpener("hdf5", func(ctx context.Context, src array.Source) (store.Reader, error) {
		return openDataset(src.Path, src.Name)
	})
}

// files keeps read-only files open for the life of the process, one
// *hdf5.File per path, since arrays read from them lazily.
// files are the HDF5 files open for reading, by path, with the datasets
// opened in them by name: opening a dataset again reuses its handle (and
// so its reader id and cached chunks), so that a process opening arrays
// repeatedly holds one handle per dataset.
var files = struct {
	sync.Mutex
	m map[string]*openFile
}{m: map[string]*openFile{}}

type openFile struct {
	f  *hdf5.File
	ds map[string]*hdf5.Dataset
}

func openDataset(path, dataset string) (*hdf5.Dataset, error) {
	files.Lock()
	defer files.Unlock()
	of, ok := files.m[path]
	if !ok {
		f, err := hdf5.Open(path)
		if err != nil {
			return nil, err
		}
		of = &openFile{f: f, ds: map[string]*hdf5.Dataset{}}
		files.m[path] = of
	}
	if d, ok := of.ds[dataset]; ok {
		return d, nil
	}
	d, err := of.f.Dataset(dataset)
	if err != nil {
		return nil, err
	}
	of.ds[dataset] = d
	return d, nil
}

// FromHDF5 opens the dataset at path dataset (e.g. "/group/data") of the
// HDF5 file at path as a lazy array; see array.FromStore for spec (nil
// keeps the dataset's chunks; contiguous datasets get synthetic chunks
// along their first axis). Chunked datasets filtered by shuffle and
// deflate are decompressed in Go in the executor's workers, in parallel.
// The file stays open for reading for the life of the process, with one
// handle per dataset however often it is opened; a missing
// file or dataset, or an unsupported type, is an error naming it.
func FromHDF5(path, dataset string, spec chunk.Spec) (*array.Array, error) {
	d, err := openDataset(path, dataset)
	if err != nil {
		return nil, err
	}
	a := array.FromStoreSource(d, spec, array.Source{Format: "hdf5", Path: path, Name: dataset})
	return a, a.Err()
}

// Options describe the dataset ToHDF5 writes.
type Options struct {
	// Chunks is the dataset's chunk shape; nil means x's chunk shape (its
	// first chunk along each axis).
	Chunks []int
	// Filters are gzip level and shuffle (see hdf5.Options).
	hdf5.Options
}

// ToHDF5 computes x and writes it as the chunked dataset named dataset of
// the HDF5 file at path, one task per dataset chunk, compressing in
// parallel (see array.Array.Store; misaligned chunkings are regrouped so
// each dataset chunk is written once). The file is created or truncated
// (arrays still reading an earlier version of it through FromHDF5 fail
// afterwards). An unwritable path, an existing dataset or bad
// options are errors naming them.
func ToHDF5(ctx context.Context, x *array.Array, path, dataset string, o Options, opts ...array.Option) error {
	if err := x.Err(); err != nil {
		return err
	}
	if x.NDim() == 0 {
		return fmt.Errorf("h5array: to_hdf5: 0-d arrays are not supported (dataset %s)", dataset)
	}
	chunks := o.Chunks
	if chunks == nil {
		chunks = make([]int, x.NDim())
		for i, c := range x.Chunks() {
			chunks[i] = max(c[0], 1)
		}
	}
	files.Lock()
	if old, ok := files.m[path]; ok { // the file is replaced: arrays reading it stop working
		old.f.Close()
		delete(files.m, path)
	}
	files.Unlock()
	f, err := hdf5.Create(path)
	if err != nil {
		return err
	}
	d, err := f.CreateDataset(dataset, x.DType(), x.Shape(), chunks, o.Options)
	if err != nil {
		return errors.Join(err, f.Close())
	}
	err = x.Store(ctx, d, opts...)
	return errors.Join(err, f.Close())
}
