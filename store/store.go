package store

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/chunkwise/chunkwise/chunk"
)

// ErrNotFound is returned by Store.Get for a key that holds no value.
var ErrNotFound = errors.New("store: key not found")

// Store is a key/value store of byte strings, the backend that Zarr keeps
// its metadata and chunks in. Implementations are safe for concurrent use;
// Get must not return a slice the store will later modify, and Set must not
// retain value after it returns unless it owns a copy.
type Store interface {
	// Get returns the value at key, or an error wrapping ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value at key, replacing any previous value.
	Set(ctx context.Context, key string, value []byte) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List returns the keys that start with prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
}

// PooledGetter is an optional upgrade of Store for readers that use a
// value only briefly (a compressed chunk on its way to being decoded):
// GetPooled returns the value in a buffer the store recycles once release
// is called, so reading many chunks does not allocate (and fault in) a
// fresh buffer per chunk. The caller must not use b after release, and
// must call release exactly once; errors are those of Get.
type PooledGetter interface {
	GetPooled(ctx context.Context, key string) (b []byte, release func(), err error)
}

// Opener is an optional upgrade of Store for readers that fetch parts of
// a value into buffers of their own: a chunk stored verbatim after a
// codec header (codec.Verbatim) is read straight into the decoded chunk.
// Open returns the value at key for positioned reads; errors are those
// of Get. The caller closes it.
type Opener interface {
	Open(ctx context.Context, key string) (Value, error)
}

// Value is a stored value open for positioned reads.
type Value interface {
	io.ReaderAt
	io.Closer
	Size() int64
}

// Meta describes a chunked array in a store.
type Meta struct {
	DType  chunk.DType
	Shape  []int
	Chunks []int // the store's chunk shape (the inner chunk shape of a sharded Zarr array)
}

// Grid returns the chunk grid of m (regular, edge chunks clipped).
func (m Meta) Grid() (chunk.Grid, error) { return chunk.RegularGrid(m.Shape, m.Chunks) }

// Reader is a chunked array in a store, read one store chunk at a time.
// ReadChunk is safe for concurrent use.
type Reader interface {
	Meta() Meta
	// ReadChunk returns the chunk at block index block, clipped to the
	// array's extent (shape Meta().Grid().BlockShape(block)). A chunk
	// missing from the store reads as the fill value; a corrupt one is an
	// error naming its key. A reader that keeps the chunk it returns must
	// not allocate it with chunk.NewPooledDense (or must Pin it).
	ReadChunk(ctx context.Context, block []int) (*chunk.Dense, error)
}

// RegionReader is a Reader that can read any box of its array at about
// the cost of the box alone, where ReadChunk reads whole store chunks: a
// contiguous HDF5 dataset (one hyperslab), a .npy file (its rows). A
// slice of such an array reads only its own boxes (see array.FromStore).
type RegionReader interface {
	Reader
	// ReadsRegions reports whether ReadRegion costs about the box: false
	// for data stored in chunks that are decoded whole.
	ReadsRegions() bool
	// ReadRegion returns the elements of box; a box not within the array
	// is an error.
	ReadRegion(ctx context.Context, box chunk.Box) (*chunk.Dense, error)
}

// Writer is a chunked array in a store that chunks can be written to.
// WriteChunk is safe for concurrent use on distinct blocks; callers never
// write one block from two goroutines at once.
type Writer interface {
	Reader
	// WriteChunk stores d, of shape Meta().Grid().BlockShape(block), as the
	// chunk at block. It must not keep d or its data after it returns:
	// the executor may reuse the buffer for another chunk.
	WriteChunk(ctx context.Context, block []int, d *chunk.Dense) error
}

// ChunksForShape returns chunks with each 0 on an axis of length 0
// replaced by 1: the chunk size zarr-python and h5py give an empty axis,
// where an array library's own chunk grid (Dask's, chunkwise's) says 0.
// Every other entry, and a chunks of another length than shape, is
// returned as it is, for the store to check; the result is a new slice.
func ChunksForShape(shape, chunks []int) []int {
	out := append([]int(nil), chunks...)
	if len(out) != len(shape) {
		return out
	}
	for a, n := range shape {
		if n == 0 && out[a] == 0 {
			out[a] = 1
		}
	}
	return out
}

// MaxChunksPerAxis bounds the number of chunks along one axis of an
// array read from a file. A chunk grid keeps one entry per chunk of each
// axis, so metadata claiming more (a hostile or damaged header: an axis
// of 2^60 elements in chunks of 1) is refused before anything is
// allocated.
const MaxChunksPerAxis = 1 << 24

// CheckGrid returns an error when shape and chunks, as a file's metadata
// gives them, cannot describe a chunk grid: lengths that differ, a
// negative length, a chunk size below 1, more than 2^53 elements, or more
// than MaxChunksPerAxis chunks along an axis.
func CheckGrid(shape, chunks []int) error {
	if len(shape) != len(chunks) {
		return fmt.Errorf("shape %v and chunk shape %v differ in length", shape, chunks)
	}
	total := 1.0
	for a, n := range shape {
		if n < 0 {
			return fmt.Errorf("shape %v has a negative length", shape)
		}
		if chunks[a] < 1 {
			return fmt.Errorf("chunk shape %v has a size below 1", chunks)
		}
		total *= float64(n)
		if k := (n-1)/chunks[a] + 1; k > MaxChunksPerAxis {
			return fmt.Errorf("%d chunks along axis %d (at most %d)", k, a, MaxChunksPerAxis)
		}
	}
	if total > 1<<53 {
		return fmt.Errorf("shape %v has more than 2^53 elements", shape)
	}
	return nil
}
