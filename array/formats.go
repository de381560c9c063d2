package array

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
)

func init() {
	RegisterOpener("zarr", func(ctx context.Context, src Source) (store.Reader, error) {
		s, err := kv.Open(src.Path)
		if err != nil {
			return nil, err
		}
		return zarr.Open(ctx, s, src.Name)
	})
	RegisterOpener("npy", func(ctx context.Context, src Source) (store.Reader, error) {
		var sizes []int
		if src.Chunks != "" {
			for _, f := range strings.Split(src.Chunks, ",") {
				n, err := strconv.Atoi(f)
				if err != nil || n <= 0 {
					return nil, fmt.Errorf("array: npy source %s: bad chunk sizes %q", src.Path, src.Chunks)
				}
				sizes = append(sizes, n)
			}
		}
		return npy.OpenChunked(src.Path, sizes)
	})
}

// FromZarr opens the Zarr array (v2 or v3) stored in the directory path,
// or at an s3://bucket/prefix or http(s):// URL (kv.Open), lazily; see FromStore for spec (nil keeps the store's chunks; for a
// sharded array those are the inner chunks). A missing directory, a
// directory holding no array, or unsupported metadata is an error naming
// the path.
func FromZarr(ctx context.Context, path string, spec chunk.Spec) (*Array, error) {
	return FromZarrArray(ctx, path, "", spec)
}

// FromZarrArray opens the array at name inside the Zarr hierarchy in the
// directory or URL root ("a/b" for array b of group a; "" for the root).
func FromZarrArray(ctx context.Context, root, name string, spec chunk.Spec) (*Array, error) {
	if !kv.IsURL(root) {
		if _, err := os.Stat(root); err != nil {
			return nil, fmt.Errorf("array: from_zarr: %w", err)
		}
	}
	s, err := kv.Open(root)
	if err != nil {
		return nil, fmt.Errorf("array: from_zarr: %w", err)
	}
	z, err := zarr.Open(ctx, s, name)
	if err != nil {
		return nil, err
	}
	a := FromStoreSource(z, spec, Source{Format: "zarr", Path: root, Name: name})
	return a, a.Err()
}

// FromNPY opens the .npy file at path lazily. With a nil spec the file is
// read in chunks of about chunk.DefaultTarget bytes along its slowest
// axis; a regular spec (chunk.Regular) reads exactly those chunks, and any
// other spec is planned over the file's default chunks. The file stays
// open for as long as the process runs. A missing or malformed file is an
// error naming it.
func FromNPY(path string, spec chunk.Spec) (*Array, error) {
	src := Source{Format: "npy", Path: path}
	sizes, ok := regularSizes(spec)
	if ok {
		fs := make([]string, len(sizes))
		for i, n := range sizes {
			fs[i] = strconv.Itoa(n)
		}
		src.Chunks = strings.Join(fs, ",")
		spec = nil
	}
	f, err := npy.OpenChunked(path, sizes)
	if err != nil {
		return nil, err
	}
	a := FromStoreSource(f, spec, src)
	return a, a.Err()
}

// regularSizes returns the sizes of a spec made only of fixed sizes.
func regularSizes(spec chunk.Spec) ([]int, bool) {
	if len(spec) == 0 {
		return nil, false
	}
	s := make([]int, len(spec))
	for i, ax := range spec {
		n, ok := axisSize(ax)
		if !ok {
			return nil, false
		}
		s[i] = n
	}
	return s, true
}

// axisSize returns n for chunk.Size(n).
func axisSize(ax chunk.Axis) (int, bool) {
	var n int
	if _, err := fmt.Sscan(ax.String(), &n); err != nil || n <= 0 || ax.String() != fmt.Sprint(n) {
		return 0, false
	}
	return n, true
}

// ToZarr writes x as a new Zarr array at the root of the directory path,
// or of an s3://bucket/prefix URL (kv.Open; WithResume needs a directory).
// o describes the array (format, codec, order, fill value, shards…); its
// DType and Shape default to x's and must equal them when set, and its
// Chunks default to x's chunk shape (the first chunk along each axis).
// The chunks are written in parallel as x.Store does, so any chunking of
// x is safe. An existing array at path is replaced only with o.Overwrite.
func (x *Array) ToZarr(ctx context.Context, path string, o zarr.CreateOptions, opts ...Option) error {
	if x.err != nil {
		return x.err
	}
	if o.DType == chunk.Invalid {
		o.DType = x.dtype
	}
	if o.Shape == nil {
		o.Shape = x.Shape()
	}
	if !chunk.EqualShapes(o.Shape, x.Shape()) {
		return fmt.Errorf("array: to_zarr: options give shape %v for an array of shape %v", o.Shape, x.Shape())
	}
	if o.Chunks == nil {
		o.Chunks = x.chunkSize()
		for i, c := range o.Chunks {
			o.Chunks[i] = max(c, 1)
		}
	}
	s, err := kv.Open(path)
	if err != nil {
		return fmt.Errorf("array: to_zarr: %w", err)
	}
	if d, ok := s.(*kv.Dir); ok {
		if err := os.MkdirAll(path, 0o755); err != nil {
			return fmt.Errorf("array: to_zarr: %w", err)
		}
		if configOf(opts).resume {
			if z, ok := resumable(ctx, d, o); ok {
				return x.Store(ctx, z, append(opts, func(c *config) { c.stored = storedIn(path, z) })...)
			}
		}
	} else if configOf(opts).resume {
		return fmt.Errorf("array: to_zarr: resuming a write needs a local directory, not %s", path)
	}
	z, err := zarr.Create(ctx, s, "", o)
	if err != nil {
		return err
	}
	// With the source, workers of a cluster reopen the store at path.
	return storeTargets(ctx, []target{{x: x, w: z, src: &Source{Format: "zarr", Path: path}}}, opts)
}

// resumable opens the Zarr array in d when it has o's dtype, shape,
// chunks and shards: an interrupted write to continue.
func resumable(ctx context.Context, d *kv.Dir, o zarr.CreateOptions) (*zarr.Array, bool) {
	z, err := zarr.Open(ctx, d, "")
	if err != nil {
		return nil, false
	}
	m := z.Meta()
	return z, m.DType == o.DType && chunk.EqualShapes(m.Shape, o.Shape) && chunk.EqualShapes(m.Chunks, o.Chunks) &&
		chunk.EqualShapes(z.ShardShape(), o.Shard)
}

// ToNPY writes x to the .npy file at path (little-endian, C order,
// version 1.0 unless the header needs more), in parallel, one task per
// chunk of the file's layout. The file is created or truncated.
func (x *Array) ToNPY(ctx context.Context, path string, opts ...Option) error {
	if x.err != nil {
		return x.err
	}
	var chunks []int
	if x.NDim() > 0 && x.Size() > 0 {
		chunks = make([]int, x.NDim())
		for i, c := range x.chunkSize() {
			chunks[i] = max(c, 1)
		}
	}
	f, err := npy.CreateWith(path, x.dtype, x.Shape(), chunks, npy.Options{})
	if err != nil {
		return err
	}
	err = x.Store(ctx, f, opts...)
	return errors.Join(err, f.Close())
}
