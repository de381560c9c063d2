package zarr

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/chunkwise/chunkwise/chunk"

	"github.com/chunkwise/chunkwise/store"
)

// emptyEntry marks an inner chunk absent from its shard (offset and
// nbytes both 2^64-1).
const emptyEntry = math.MaxUint64

// innerPos returns the position of block's inner chunk in its shard's
// index (C order over the inner chunks of a shard).
func (s *shardSpec) innerPos(block []int) int {
	p := 0
	for i, b := range block {
		p = p*s.perShard[i] + b%s.perShard[i]
	}
	return p
}

// decodeIndex decodes a shard index, checking its crc32c and that every
// entry lies inside a shard of size total (or is empty).
func (s *shardSpec) decodeIndex(b []byte, total int) ([]uint64, error) {
	if len(b) != s.indexSize() {
		return nil, fmt.Errorf("%w: shard index of %d bytes, want %d", ErrCorrupt, len(b), s.indexSize())
	}
	if s.indexCRC {
		var err error
		if b, err = (crc32cCodec{}).Decode(b); err != nil {
			return nil, fmt.Errorf("shard index: %w", err)
		}
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if s.indexBig {
		bo = binary.BigEndian
	}
	idx := make([]uint64, 2*s.n())
	for i := range idx {
		idx[i] = bo.Uint64(b[8*i:])
	}
	if total >= 0 && total < s.indexSize() {
		return nil, fmt.Errorf("%w: a %d-byte shard cannot hold its %d-byte index", ErrCorrupt, total, s.indexSize())
	}
	lo, hi := uint64(0), uint64(total)
	if s.atStart {
		lo = uint64(s.indexSize())
	} else {
		hi -= uint64(s.indexSize())
	}
	for i := 0; i < len(idx); i += 2 {
		off, n := idx[i], idx[i+1]
		if off == emptyEntry && n == emptyEntry {
			continue
		}
		if total >= 0 && (off < lo || off > hi || n > hi-off) {
			return nil, fmt.Errorf("%w: shard index entry %d (offset %d, %d bytes) outside the chunk data [%d, %d)", ErrCorrupt, i/2, off, n, lo, hi)
		}
	}
	return idx, nil
}

// encodeIndex encodes a shard index.
func (s *shardSpec) encodeIndex(idx []uint64) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	if s.indexBig {
		bo = binary.BigEndian
	}
	b := make([]byte, 16*s.n())
	for i, v := range idx {
		bo.PutUint64(b[8*i:], v)
	}
	if s.indexCRC {
		b, _ = (crc32cCodec{}).Encode(b)
	}
	return b
}

// readInner returns the encoded bytes of block's inner chunk from the
// shard at key, or nil when the shard or the inner chunk is absent. With
// a store that reads ranges it reads only the index and the chunk.
func (a *Array) readInner(ctx context.Context, key string, block []int) ([]byte, error) {
	s := a.m.shard
	isz := int64(s.indexSize())
	wrap := func(err error) error {
		return a.errorf("shard %q, inner chunk %v: %w", key, block, err)
	}
	rg, ok := a.s.(rangeGetter)
	if !ok {
		shard, err := get(ctx, a.s, key)
		if err != nil || shard == nil {
			return nil, err
		}
		idx, err := a.shardIndex(shard)
		if err != nil {
			return nil, wrap(err)
		}
		p := s.innerPos(block)
		off, n := idx[2*p], idx[2*p+1]
		if off == emptyEntry && n == emptyEntry {
			return nil, nil
		}
		return shard[off : off+n], nil
	}
	idx, err := a.rangeIndex(ctx, rg, key)
	if err != nil || idx == nil {
		return nil, err
	}
	p := s.innerPos(block)
	o, n := idx[2*p], idx[2*p+1]
	if o == emptyEntry && n == emptyEntry {
		return nil, nil
	}
	if o > math.MaxInt64 || n > math.MaxInt64 || (s.atStart && o < uint64(isz)) {
		return nil, wrap(fmt.Errorf("%w: index entry %d (offset %d, %d bytes)", ErrCorrupt, p, o, n))
	}
	b, err := rg.GetRange(ctx, key, int64(o), int64(n))
	if err != nil {
		return nil, wrap(fmt.Errorf("%w: inner chunk %d: %w", ErrCorrupt, p, err))
	}
	return b, nil
}

// remoteStore is the optional store method of stores where every request
// is a network round trip (kv.S3, kv.HTTP).
type remoteStore interface{ Remote() bool }

// Remote reports whether the array's store is remote (kv.S3, kv.HTTP):
// every read is a network round trip, so computations reading it run
// more reads at once than there are cores (scheduler.Task.Remote).
func (a *Array) Remote() bool {
	r, ok := a.s.(remoteStore)
	return ok && r.Remote()
}

// indexCache holds the decoded indices of the shards an Array read by
// ranges from a remote store, so that reading the inner chunks of a shard
// one by one (one request each) fetches its index once. The Array's own
// writes drop the shards they rewrite; shards rewritten by another Array
// or process are seen once the array is opened again. (From a local store
// the index is read afresh each time: a cheap read.)
type indexCache struct {
	mu    sync.Mutex
	m     map[string][]uint64 // guarded by mu
	bytes int                 // guarded by mu; 8 × the entries held
}

// maxIndexCache bounds the bytes of indices an Array keeps; past it the
// cache starts afresh.
const maxIndexCache = 32 << 20

func (c *indexCache) get(key string) []uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

func (c *indexCache) put(key string, idx []uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.bytes+8*len(idx) > maxIndexCache {
		c.m, c.bytes = map[string][]uint64{}, 0
	}
	c.m[key] = idx
	c.bytes += 8 * len(idx)
}

func (c *indexCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// rangeIndex returns the decoded index of the shard at key, read by a
// range request unless cached, or nil when the shard is absent.
func (a *Array) rangeIndex(ctx context.Context, rg rangeGetter, key string) ([]uint64, error) {
	if idx := a.idx.get(key); idx != nil {
		return idx, nil
	}
	s := a.m.shard
	isz := int64(s.indexSize())
	off := -isz
	if s.atStart {
		off = 0
	}
	ib, err := rg.GetRange(ctx, key, off, isz)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, a.errorf("shard %q: %w: reading the index: %w", key, ErrCorrupt, err)
	}
	idx, err := s.decodeIndex(ib, -1)
	if err != nil {
		return nil, a.errorf("shard %q: %w", key, err)
	}
	if a.Remote() {
		a.idx.put(key, idx)
	}
	return idx, nil
}

// shardIndex decodes the index of a whole shard.
func (a *Array) shardIndex(shard []byte) ([]uint64, error) {
	s := a.m.shard
	isz := s.indexSize()
	if len(shard) < isz {
		return nil, fmt.Errorf("%w: %d bytes, too short for the %d-byte index", ErrCorrupt, len(shard), isz)
	}
	ib := shard[len(shard)-isz:]
	if s.atStart {
		ib = shard[:isz]
	}
	return s.decodeIndex(ib, len(shard))
}

// writeInner stores the encoded inner chunk enc of block into the shard at
// key: read, modify and rewrite under the shard's lock.
func (a *Array) writeInner(ctx context.Context, key string, block []int, enc []byte) error {
	mu := &a.shards[hashKey(a, key)%uint64(len(a.shards))]
	mu.Lock()
	defer mu.Unlock()
	wrap := func(err error) error {
		return a.errorf("shard %q: %w", key, err)
	}
	s := a.m.shard
	old, err := get(ctx, a.s, key)
	if err != nil {
		return wrap(err)
	}
	n := s.n()
	chunks := make([][]byte, n)
	if old != nil {
		idx, err := a.shardIndex(old)
		if err != nil {
			return wrap(err)
		}
		for i := range n {
			if o, l := idx[2*i], idx[2*i+1]; !(o == emptyEntry && l == emptyEntry) {
				chunks[i] = old[o : o+l]
			}
		}
	}
	chunks[s.innerPos(block)] = enc
	a.idx.drop(key)
	if err := a.s.Set(ctx, key, a.assembleShard(chunks)); err != nil {
		return wrap(err)
	}
	return nil
}

// assembleShard lays out inner chunks (nil for absent ones) in index order
// with the index at the start or the end.
func (a *Array) assembleShard(chunks [][]byte) []byte {
	s := a.m.shard
	isz := s.indexSize()
	total := isz
	for _, c := range chunks {
		total += len(c)
	}
	out := make([]byte, 0, total)
	if s.atStart {
		out = out[:isz]
	}
	idx := make([]uint64, 2*len(chunks))
	for i, c := range chunks {
		if c == nil {
			idx[2*i], idx[2*i+1] = emptyEntry, emptyEntry
			continue
		}
		idx[2*i], idx[2*i+1] = uint64(len(out)), uint64(len(c))
		out = append(out, c...)
	}
	ib := s.encodeIndex(idx)
	if s.atStart {
		copy(out, ib)
		return out
	}
	return append(out, ib...)
}

// WriteShard stores d as the whole shard at shard grid index shard of a
// sharded array, replacing it in one write: d's shape is the shard's box
// clipped to the array's extent. It is the fast way to write a sharded
// array (WriteChunk rewrites the shard once per inner chunk). Inner
// chunks lying wholly outside the array are left empty. It returns an
// error for an array without sharding, a bad index or a bad shape.
func (a *Array) WriteShard(ctx context.Context, shard []int, d *chunk.Dense) error {
	s := a.m.shard
	if s == nil {
		return fmt.Errorf("zarr: %s: array %q is not sharded", a.where, a.path)
	}
	if d.DType() != a.m.dtype {
		return a.errorf("writing a %v shard to a %v array", d.DType(), a.m.dtype)
	}
	nd := len(a.m.shape)
	if len(shard) != nd {
		return a.errorf("shard %v for a %d-d array", shard, nd)
	}
	box := chunk.Box{Min: make([]int, nd), Max: make([]int, nd)}
	for i := range shard {
		box.Min[i] = shard[i] * a.m.grid[i]
		box.Max[i] = min(box.Min[i]+a.m.grid[i], a.m.shape[i])
		if shard[i] < 0 || box.Min[i] >= a.m.shape[i] && a.m.shape[i] > 0 {
			return a.errorf("shard %v outside the shard grid", shard)
		}
	}
	if !chunk.EqualShapes(d.Shape(), box.Shape()) {
		return a.errorf("shard %v has shape %v, want %v", shard, d.Shape(), box.Shape())
	}
	chunks := make([][]byte, s.n())
	var release [][]byte // pooled encodings, free once the shard is stored
	defer func() {
		for _, b := range release {
			chunk.PutBytes(b)
		}
	}()
	nb := a.grid.NumBlocks()
	var ferr error
	inner := make([]int, nd)
	chunk.EachIndex(s.perShard, func(local []int) {
		if ferr != nil {
			return
		}
		for i := range local {
			inner[i] = shard[i]*s.perShard[i] + local[i]
			if inner[i] >= nb[i] {
				return // wholly outside the array
			}
		}
		bb := a.grid.BlockBox(inner)
		enc, pooled, err := a.encodeChunk(d.Region(bb.Sub(box.Min)))
		if err != nil {
			ferr = a.errorf("chunk %v: %w", inner, err)
			return
		}
		if pooled {
			release = append(release, enc)
		}
		chunks[s.innerPos(inner)] = enc
	})
	if ferr != nil {
		return ferr
	}
	key := a.m.key.key(a.path, shard)
	mu := &a.shards[hashKey(a, key)%uint64(len(a.shards))]
	mu.Lock()
	defer mu.Unlock()
	a.idx.drop(key)
	if err := a.s.Set(ctx, key, a.assembleShard(chunks)); err != nil {
		return a.errorf("shard %q: %w", key, err)
	}
	return nil
}
