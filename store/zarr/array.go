package zarr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/codec"
	"github.com/chunkwise/chunkwise/store/kv"
)

// Array is a Zarr v2 or v3 array in a store. It implements store.Reader
// and store.Writer; its metadata is fixed when it is opened or created.
// Methods are safe for concurrent use.
type Array struct {
	s     store.Store
	where string // the store, for errors: a directory's root, or the store's type
	path  string
	m     *arrayMeta
	meta  store.Meta // Chunks is the stored (inner) chunk shape
	grid  chunk.Grid // grid of stored (inner) chunks over the array
	chunk []int      // full stored (inner) chunk shape
	// fill is the fill element little-endian; fillStored in the stored
	// byte order.
	fill, fillStored []byte

	seed   maphash.Seed
	shards [64]sync.Mutex // serialise read-modify-write of one shard
	idx    indexCache     // shard indices read by ranges
}

// rangeGetter is the optional store method that reads part of a value
// (kv.Dir and kv.Memory implement it): offset < 0 counts from the end,
// length < 0 reads to the end.
type rangeGetter interface {
	GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error)
}

// cleanPath normalises an array or group path: no leading or trailing
// slashes; "" or "/" is the root.
func cleanPath(p string) (string, error) {
	p = strings.Trim(p, "/")
	if p == "" {
		return "", nil
	}
	if err := kv.CheckKey(p); err != nil {
		return "", fmt.Errorf("zarr: path %q: %w", p, err)
	}
	return p, nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "/" + name
}

// get returns the value at key, or (nil, nil) when it is missing.
func get(ctx context.Context, s store.Store, key string) ([]byte, error) {
	b, err := s.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return b, err
}

// Open opens the Zarr array at path in s ("" for the store's root),
// reading its metadata: zarr.json (v3) or .zarray and .zattrs (v2). It
// returns an error naming the path when there is no array there, and one
// wrapping ErrUnsupported or ErrCorrupt, naming the path and the feature,
// for metadata it cannot read.
func Open(ctx context.Context, s store.Store, path string) (*Array, error) {
	path, err := cleanPath(path)
	if err != nil {
		return nil, err
	}
	if b, err := get(ctx, s, join(path, "zarr.json")); err != nil {
		return nil, fmt.Errorf("zarr: %s: array %q: %w", storeName(s), path, err)
	} else if b != nil {
		if f := formatOf(b); f != 3 {
			return nil, fmt.Errorf("zarr: %s: array %q: %w: zarr_format %d", storeName(s), path, ErrUnsupported, f)
		}
		if nodeType(b) == "group" {
			return nil, fmt.Errorf("zarr: %q is a group, not an array", path)
		}
		m, err := parseV3Metadata(b)
		if err != nil {
			return nil, fmt.Errorf("zarr: %s: array %q: %w", storeName(s), path, err)
		}
		return newArray(s, path, m)
	}
	b, err := get(ctx, s, join(path, ".zarray"))
	if err != nil {
		return nil, fmt.Errorf("zarr: %s: array %q: %w", storeName(s), path, err)
	}
	if b == nil {
		if g, _ := get(ctx, s, join(path, ".zgroup")); g != nil {
			return nil, fmt.Errorf("zarr: %q is a group, not an array", path)
		}
		return nil, fmt.Errorf("zarr: no array at %q (no zarr.json or .zarray): %w", path, store.ErrNotFound)
	}
	attrs, err := readAttrs(ctx, s, path)
	if err != nil {
		return nil, err
	}
	return openV2(s, path, b, attrs)
}

// openV2 opens a v2 array from its .zarray document and attributes.
func openV2(s store.Store, path string, zarray []byte, attrs map[string]any) (*Array, error) {
	m, err := parseV2Metadata(zarray)
	if err != nil {
		return nil, fmt.Errorf("zarr: %s: array %q: %w", storeName(s), path, err)
	}
	m.attrs = attrs
	return newArray(s, path, m)
}

// readAttrs reads a v2 .zattrs (nil when absent).
func readAttrs(ctx context.Context, s store.Store, path string) (map[string]any, error) {
	b, err := get(ctx, s, join(path, ".zattrs"))
	if err != nil || b == nil {
		return nil, err
	}
	var attrs map[string]any
	if err := json.Unmarshal(b, &attrs); err != nil {
		return nil, fmt.Errorf("zarr: %q: %w: .zattrs: %v", path, ErrCorrupt, err)
	}
	return attrs, nil
}

func nodeType(b []byte) string {
	var v struct {
		NodeType string `json:"node_type"`
	}
	json.Unmarshal(b, &v)
	return v.NodeType
}

// OpenPath opens the Zarr array stored in the directory dir (a kv.Dir).
func OpenPath(ctx context.Context, dir string) (*Array, error) {
	return Open(ctx, kv.NewDir(dir), "")
}

func newArray(s store.Store, path string, m *arrayMeta) (*Array, error) {
	a := &Array{s: s, where: storeName(s), path: path, m: m, seed: maphash.MakeSeed()}
	a.chunk = m.grid
	if m.shard != nil {
		a.chunk = m.shard.inner
	}
	g, err := chunk.RegularGrid(m.shape, a.chunk)
	if err != nil {
		return nil, fmt.Errorf("zarr: %s: array %q: %w: %v", storeName(s), path, ErrCorrupt, err)
	}
	a.grid = g
	a.meta = store.Meta{DType: m.dtype, Shape: slices.Clone(m.shape), Chunks: slices.Clone(a.chunk)}
	a.fill = m.fill
	a.fillStored = m.fill
	if m.pipe.big {
		if m.dtype.IsComplex() {
			return nil, fmt.Errorf("zarr: %s: array %q: %w: big-endian %v", storeName(s), path, ErrUnsupported, m.dtype)
		}
		a.fillStored = swapped(m.fill)
	}
	if a.attrs() == nil {
		m.attrs = map[string]any{}
	}
	return a, nil
}

func (a *Array) attrs() map[string]any { return a.m.attrs }

// errorf returns an error naming the store and the array, then the
// message; %w in format wraps as in fmt.Errorf.
func (a *Array) errorf(format string, args ...any) error {
	return fmt.Errorf("zarr: %s: array %q: "+format, append([]any{a.where, a.path}, args...)...)
}

// storeName describes s in errors: a directory store's root, the
// store's String, or its type.
func storeName(s store.Store) string {
	switch v := s.(type) {
	case interface{ Root() string }:
		return v.Root()
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprintf("%T", s)
}

// Meta returns the array's dtype, shape and stored chunk shape (the inner
// chunk shape of a sharded array).
func (a *Array) Meta() store.Meta {
	return store.Meta{DType: a.meta.DType, Shape: slices.Clone(a.meta.Shape), Chunks: slices.Clone(a.meta.Chunks)}
}

// Path returns the array's path in its store ("" for the root).
func (a *Array) Path() string { return a.path }

// Format returns the Zarr format version, 2 or 3.
func (a *Array) Format() int { return a.m.format }

// Attrs returns the array's user attributes (.zattrs or the attributes of
// zarr.json), never nil. The map is shared; callers must not modify it.
func (a *Array) Attrs() map[string]any { return a.m.attrs }

// FillValue returns the fill value as a bool, int64, uint64 or float64.
func (a *Array) FillValue() any { return fillValue(a.fill, a.m.dtype) }

// Codecs returns the codec entries of the metadata as decoded JSON: for
// v2 the filters followed by the compressor (numcodecs configurations),
// for v3 the codecs list. The result is shared; do not modify it.
func (a *Array) Codecs() []any { return a.m.codecs }

// ShardShape returns the shard shape of a sharded v3 array, and nil for
// an array without sharding. Writers should group writes by shard: every
// WriteChunk into a shard rewrites the whole shard.
func (a *Array) ShardShape() []int {
	if a.m.shard == nil {
		return nil
	}
	return slices.Clone(a.m.grid)
}

// checkBlock validates a block index against the chunk grid.
func (a *Array) checkBlock(block []int) error {
	nb := a.grid.NumBlocks()
	if len(block) != len(nb) {
		return a.errorf("block %v for a %d-d array", block, len(nb))
	}
	for i, b := range block {
		if b < 0 || b >= nb[i] {
			return a.errorf("block %v outside the chunk grid %v", block, nb)
		}
	}
	return nil
}

// ChunkKey returns the store key of the chunk at block index block: for a
// sharded array, the key of the shard holding it.
func (a *Array) ChunkKey(block []int) string {
	if s := a.m.shard; s != nil {
		sh := make([]int, len(block))
		for i := range block {
			sh[i] = block[i] / s.perShard[i]
		}
		return a.m.key.key(a.path, sh)
	}
	return a.m.key.key(a.path, block)
}

// ShardKey returns the store key of the shard at shard grid index shard
// of a sharded array (see ShardShape), and of the chunk at that block
// index for an array without sharding.
func (a *Array) ShardKey(shard []int) string { return a.m.key.key(a.path, shard) }

// ReadChunk returns the chunk at block index block, clipped to the array's
// extent, as a new buffer the caller owns. A chunk missing from the store
// (or an empty inner chunk of a shard) reads as the fill value; a chunk
// that does not decode, or decodes to the wrong size, is an error wrapping
// ErrCorrupt (or the codec's error) that names its key.
func (a *Array) ReadChunk(ctx context.Context, block []int) (*chunk.Dense, error) {
	if err := a.checkBlock(block); err != nil {
		return nil, err
	}
	key := a.ChunkKey(block)
	var raw []byte
	var err error
	what := fmt.Sprintf("chunk %q", key)
	if a.m.shard != nil {
		what = fmt.Sprintf("shard %q, inner chunk %v", key, block)
		raw, err = a.readInner(ctx, key, block)
	} else if op, ok := a.s.(store.Opener); ok {
		return a.readOpened(ctx, op, key, block)
	} else if pg, ok := a.s.(store.PooledGetter); ok {
		// The stored bytes live only until decoded: read them into a
		// recycled buffer.
		var release func()
		raw, release, err = pg.GetPooled(ctx, key)
		if errors.Is(err, store.ErrNotFound) {
			raw, err = nil, nil
		}
		if release != nil {
			defer release()
		}
	} else {
		raw, err = get(ctx, a.s, key)
	}
	if err != nil {
		if a.m.shard != nil {
			return nil, err // readInner names the shard
		}
		return nil, a.errorf("%s: %w", what, err)
	}
	shape := a.grid.BlockShape(block)
	out := chunk.NewPooledDense(a.m.dtype, shape) // decoding or filling writes all of it
	if raw == nil {
		fillPattern(out.Bytes(), a.fill)
		return out, nil
	}
	if err := a.decodeInto(out, raw, what); err != nil {
		return nil, err
	}
	return out, nil
}

// readOpened reads the chunk at key through positioned reads, in order
// (a remote value streams them from one request). A chunk the codec
// stored verbatim after a header (codec.Verbatim: data LZ4 or Blosc could
// not compress, or no codec at all) is read straight into the chunk's
// buffer, sparing the decoder's copy; any other is read into a recycled
// buffer and decoded.
func (a *Array) readOpened(ctx context.Context, op store.Opener, key string, block []int) (*chunk.Dense, error) {
	v, err := op.Open(ctx, key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	// Taken once open: a remote store admits a bounded number of values at
	// once, and a read waiting for its turn holds no buffer.
	out := chunk.NewPooledDense(a.m.dtype, a.grid.BlockShape(block)) // written in full below
	if err != nil {
		fillPattern(out.Bytes(), a.fill)
		return out, nil
	}
	defer v.Close()
	head, off, ok := a.verbatimAt(v, out)
	if ok {
		b := out.Bytes()
		if k := copy(b, head[off:]); k < len(b) {
			if _, err := v.ReadAt(b[k:], int64(off+k)); err != nil {
				return nil, a.errorf("chunk %q: %w", key, err)
			}
		}
		return out, nil
	}
	raw := chunk.GetBytes(int(v.Size()))
	defer chunk.PutBytes(raw)
	if k := copy(raw, head); k < len(raw) {
		if _, err := v.ReadAt(raw[k:], int64(k)); err != nil { // the rest of it
			return nil, a.errorf("chunk %q: %w", key, err)
		}
	}
	if err := a.decodeInto(out, raw, fmt.Sprintf("chunk %q", key)); err != nil {
		return nil, err
	}
	return out, nil
}

// verbatimAt reports whether the stored chunk v holds out's bytes
// unchanged, and at which offset: out must be a full chunk whose layout
// (little-endian, C order) is the stored one, under at most one codec,
// which stored this chunk verbatim. It returns the codec's header, which
// it read from v's start (nothing when out cannot be verbatim), so that
// the chunk is read on from there either way.
func (a *Array) verbatimAt(v store.Value, out *chunk.Dense) (head []byte, off int, ok bool) {
	p := a.m.pipe
	n, size := out.NBytes(), int(v.Size())
	if n == 0 || p.big || len(p.bb) > 1 || !chunk.EqualShapes(out.Shape(), a.chunk) ||
		!slices.Equal(cStrides(out.Shape()), storedStrides(a.chunk, p.perm)) {
		return nil, 0, false
	}
	if len(p.bb) == 0 {
		return nil, 0, size == n
	}
	vc, ok := p.bb[0].(codec.Verbatim)
	if !ok {
		return nil, 0, false
	}
	head = make([]byte, min(vc.VerbatimHead(n), size))
	if _, err := v.ReadAt(head, 0); err != nil {
		return nil, 0, false // the full read that follows reports it
	}
	off, ok = vc.VerbatimAt(head, size, n)
	return head, off, ok
}

// decodeInto decodes the stored chunk raw into out (the chunk clipped to
// the array): one decode and one strided copy. what names the chunk in
// errors.
func (a *Array) decodeInto(out *chunk.Dense, raw []byte, what string) error {
	es := a.m.dtype.Size()
	n := chunk.Prod(a.chunk) * es
	dst := out.Bytes()
	// A full, little-endian, C-ordered chunk decodes straight into out.
	direct := n > 0 && len(dst) == n && !a.m.pipe.big && len(a.m.pipe.bb) > 0 &&
		slices.Equal(cStrides(out.Shape()), storedStrides(a.chunk, a.m.pipe.perm))
	var into []byte
	if direct {
		into = dst
	}
	buf, err := a.m.pipe.decodeTo(into, raw, n)
	if err != nil {
		return a.errorf("%s: %w", what, err)
	}
	if !direct || &buf[0] != &dst[0] {
		copyStrided(dst, cStrides(out.Shape()), buf, storedStrides(a.chunk, a.m.pipe.perm), out.Shape(), es, a.m.pipe.big)
		if len(a.m.pipe.bb) > 0 {
			chunk.PutBytes(buf) // the codecs' output is ours, never raw
		}
	}
	if a.m.dtype == chunk.Bool {
		for i, b := range dst {
			if b > 1 {
				dst[i] = 1
			}
		}
	}
	return nil
}

// WriteChunk encodes d, of shape Meta().Grid().BlockShape(block) and the
// array's dtype, and stores it as the chunk at block. Edge chunks are
// padded with the fill value to the full chunk shape, as Zarr stores them.
// For a sharded array the shard holding the chunk is read, modified and
// rewritten under a per-shard lock inside the Array, so concurrent
// WriteChunk calls to chunks of one shard are serialised and safe (but
// each rewrites the shard: group writes by ShardShape).
func (a *Array) WriteChunk(ctx context.Context, block []int, d *chunk.Dense) error {
	_, err := a.WriteChunkOver(ctx, block, d, "")
	return err
}

// overSetter is the optional store method that writes a value over a
// file it moves into the store (kv.Dir.SetOver).
type overSetter interface {
	SetOver(ctx context.Context, key string, value []byte, path string) (bool, error)
}

// WriteChunkOver is WriteChunk writing the encoded chunk over the file
// at path, which moves into the store as the chunk's file, when the
// store can take it (a directory store on path's file system,
// kv.Dir.SetOver) and the array has no shards: the page-cache pages and
// disk blocks of that file are reused instead of new ones. It reports
// whether the file moved; if not, the chunk is written as by
// WriteChunk and the file is untouched. An empty path is no file.
func (a *Array) WriteChunkOver(ctx context.Context, block []int, d *chunk.Dense, path string) (bool, error) {
	if err := a.checkBlock(block); err != nil {
		return false, err
	}
	if d.DType() != a.m.dtype {
		return false, a.errorf("writing a %v chunk to a %v array", d.DType(), a.m.dtype)
	}
	if want := a.grid.BlockShape(block); !chunk.EqualShapes(d.Shape(), want) {
		return false, a.errorf("chunk %v has shape %v, want %v", block, d.Shape(), want)
	}
	enc, pooled, err := a.encodeChunk(d)
	if err != nil {
		return false, a.errorf("chunk %v: %w", block, err)
	}
	if pooled {
		defer chunk.PutBytes(enc)
	}
	key := a.ChunkKey(block)
	if a.m.shard != nil {
		return false, a.writeInner(ctx, key, block, enc)
	}
	if o, ok := a.s.(overSetter); ok && path != "" {
		moved, err := o.SetOver(ctx, key, enc, path)
		if err != nil {
			return moved, a.errorf("chunk %q: %w", key, err)
		}
		if moved {
			return true, nil
		}
	}
	if err := a.s.Set(ctx, key, enc); err != nil {
		return false, a.errorf("chunk %q: %w", key, err)
	}
	return false, nil
}

// encodeChunk returns the encoded bytes of the full stored chunk holding
// d: padded, permuted and byte-swapped as the metadata says, then run
// through the bytes codecs. pooled reports that enc is a pooled buffer,
// for chunk.PutBytes once stored (stores never retain a value).
func (a *Array) encodeChunk(d *chunk.Dense) (enc []byte, pooled bool, err error) {
	es := a.m.dtype.Size()
	p := &a.m.pipe
	if p.perm == nil && !p.big && chunk.EqualShapes(d.Shape(), a.chunk) {
		return p.encode(d.Bytes()) // codecs never modify or retain their input
	}
	stored := chunk.GetBytes(chunk.Prod(a.chunk) * es)
	if !chunk.EqualShapes(d.Shape(), a.chunk) {
		fillPattern(stored, a.fillStored)
	}
	copyStrided(stored, storedStrides(a.chunk, p.perm), d.Bytes(), cStrides(d.Shape()), d.Shape(), es, p.big)
	if len(p.bb) == 0 {
		return stored, true, nil
	}
	enc, pooled, err = p.encode(stored)
	chunk.PutBytes(stored)
	return enc, pooled, err
}

var (
	_ store.Reader = (*Array)(nil)
	_ store.Writer = (*Array)(nil)
)

func hashKey(a *Array, key string) uint64 { return maphash.String(a.seed, key) }
