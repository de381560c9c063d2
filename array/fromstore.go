package array

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"weak"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/cache"
)

// Source says how to reopen a store array in another process: the
// format of an opener registered with RegisterOpener ("zarr", "npy",
// "hdf5"), a path and the array's name inside it ("" for the root of a
// Zarr store, the dataset of an HDF5 file), and, for formats whose
// chunks are chosen on opening (.npy), the chunk shape it was opened
// with as sizes joined by commas ("" for the default; a string keeps
// Source comparable).
type Source struct {
	Format string `json:"format"`
	Path   string `json:"path"`
	Name   string `json:"name,omitempty"`
	Chunks string `json:"chunks,omitempty"`
}

// Opener opens the array that src names, for a worker that was handed a
// task reading it but holds no reader of its own.
type Opener func(ctx context.Context, src Source) (store.Reader, error)

var openers = registry.New[Opener]("array: opener for format")

// RegisterOpener makes format reopenable by name in this process
// (FromZarr's "zarr" and FromNPY's "npy" are registered by this package,
// "hdf5" by package array/h5array). Registering a format again with a
// different function panics (the rule of package internal/registry).
func RegisterOpener(format string, open Opener) {
	if _, err := openers.Add(format, registry.Code(open), open); err != nil {
		panic(err)
	}
}

// readerRegistry gives every reader a task may name a process-local id,
// so that tasks stay data (a kernel name and JSON parameters). It holds
// readers weakly: the layers of the arrays (and of stores in progress)
// that use a reader hold its readerRef, and once none is left the reader
// and its id are dropped, so a long-running process opening many stores
// does not keep them all.
var readerRegistry = struct {
	mu       sync.Mutex
	byID     map[string]weak.Pointer[readerRef] // guarded by mu
	byAddr   map[uintptr]string                 // guarded by mu; pointer readers, so that one reader keeps one id
	src      map[Source]string                  // guarded by mu; the id of a source's reader
	reopened map[Source]*readerRef              // guarded by mu; readers opened here from a Source, kept
	next     int                                // guarded by mu
}{byID: map[string]weak.Pointer[readerRef]{}, byAddr: map[uintptr]string{}, src: map[Source]string{},
	reopened: map[Source]*readerRef{}}

// readerRef is a registered reader and its id. Holding it keeps the
// reader registered.
type readerRef struct {
	r  store.Reader
	id string
}

// processNonce keeps names built from process-local reader ids from
// colliding with another process's.
var processNonce = func() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}()

// registerReader returns r's reference, registering r on first use: one
// reader keeps one id while anything holds its reference (so that stores
// into it invalidate the chunks cached under that id).
func registerReader(r store.Reader) *readerRef {
	var addr uintptr
	if v := reflect.ValueOf(r); v.Kind() == reflect.Pointer {
		addr = uintptr(v.UnsafePointer())
	}
	readerRegistry.mu.Lock()
	defer readerRegistry.mu.Unlock()
	if id, ok := readerRegistry.byAddr[addr]; ok && addr != 0 {
		if ref := readerRegistry.byID[id].Value(); ref != nil && ref.r == r {
			return ref
		}
	}
	readerRegistry.next++
	// The id carries the process nonce: a task's id from another process
	// (a client's, on a worker) must never name a reader of this one.
	ref := &readerRef{r: r, id: "r" + strconv.Itoa(readerRegistry.next) + "-" + processNonce}
	readerRegistry.byID[ref.id] = weak.Make(ref)
	if addr != 0 {
		readerRegistry.byAddr[addr] = ref.id
	}
	runtime.AddCleanup(ref, unregisterReader, readerKey{ref.id, addr})
	return ref
}

type readerKey struct {
	id   string
	addr uintptr
}

// unregisterReader forgets a reader nothing refers to any more.
func unregisterReader(k readerKey) {
	defer cache.Default().RemovePrefix(cachePrefix(k.id)) // after unlocking
	readerRegistry.mu.Lock()
	defer readerRegistry.mu.Unlock()
	delete(readerRegistry.byID, k.id)
	if readerRegistry.byAddr[k.addr] == k.id {
		delete(readerRegistry.byAddr, k.addr)
	}
	for s, id := range readerRegistry.src {
		if id == k.id {
			delete(readerRegistry.src, s)
		}
	}
}

// lookupReader finds the reader id names, or the one registered for src,
// or reopens src (and keeps the reader it opens).
func lookupReader(id string, src *Source) (*readerRef, error) {
	readerRegistry.mu.Lock()
	ref := readerRegistry.byID[id].Value()
	if ref == nil && src != nil {
		ref = readerRegistry.byID[readerRegistry.src[*src]].Value()
		if ref == nil {
			ref = readerRegistry.reopened[*src]
		}
	}
	readerRegistry.mu.Unlock()
	if ref != nil {
		return ref, nil
	}
	if src == nil {
		return nil, fmt.Errorf("store reader %s is not open in this process and cannot be reopened (no source)", id)
	}
	o, ok := openers.Get(src.Format)
	if !ok {
		return nil, fmt.Errorf("no opener registered for format %q (reopening %s)", src.Format, src.Path)
	}
	r, err := o(context.Background(), *src)
	if err != nil {
		return nil, err
	}
	ref = registerReader(r)
	readerRegistry.mu.Lock()
	if kept := readerRegistry.reopened[*src]; kept != nil {
		ref = kept // another task reopened it first
	} else {
		readerRegistry.reopened[*src] = ref
	}
	readerRegistry.mu.Unlock()
	return ref, nil
}

// cachePrefix is the prefix of the cache keys of reader id's chunks.
func cachePrefix(id string) string { return "array/" + id + "/" }

// readParams are the parameters of the "array.store_read" kernel.
type readParams struct {
	Reader      string  // process-local id
	Source      *Source // how to reopen it elsewhere
	DType       chunk.DType
	Shape       []int
	StoreChunks []int
	Chunks      [][]int
	// Copy hands out a copy of a cached chunk (a one-block array, whose
	// Compute result is the block itself and so reaches the user).
	Copy bool
	// Origin, when set, makes the array the region of the store's array
	// that starts there, of Chunks' extent: each block is read as one
	// box (store.RegionReader), not through the store chunks it touches.
	Origin []int
}

// FromStore returns a lazy array over the chunked array r in a store.
// With a nil spec the array's chunks are the store's; otherwise spec is
// resolved by chunk.Spec.Plan with the store's chunk shape as base, so
// automatic axes get multiples of the store chunks. Explicit sizes that
// do not align with the store chunks work too, but then a store chunk
// straddling two array chunks is read for both (the chunk cache makes
// the second read cheap).
//
// Nothing is read until the array is computed; each array chunk reads
// only the store chunks it covers, so slicing reads only the chunks the
// slice touches; a reader that reads any box at the cost of the box
// (store.RegionReader: a contiguous HDF5 dataset, a .npy file) reads a
// slice of step 1 as its own boxes instead, not through the cache.
// Decoded store chunks go through the process-wide cache
// (store/cache.Default), so computing the array again skips decoding: the
// chunks of an array up to half the cache's budget are kept when first
// read, those of a larger one when read a second time (a single pass
// over an array larger than the cache would only evict everything). r must stay usable for as long as the array is:
// it is kept in a process-local registry that tasks name by id.
//
// A nil reader, an invalid dtype or a bad spec gives an array carrying
// the error.
func FromStore(r store.Reader, spec chunk.Spec) *Array {
	return fromStore(r, spec, nil)
}

// FromStoreSource is FromStore for a reader that Source src can reopen
// in another process (a worker running the same binary): src becomes
// part of the tasks' parameters, and the array's name is a hash of src,
// so that it is the same in every process.
func FromStoreSource(r store.Reader, spec chunk.Spec, src Source) *Array {
	return fromStore(r, spec, &src)
}

func fromStore(r store.Reader, spec chunk.Spec, src *Source) *Array {
	if r == nil {
		return errorf("from_store", "nil reader")
	}
	m := r.Meta()
	if !m.DType.Valid() {
		return errorf("from_store", "invalid dtype %v", m.DType)
	}
	sg, err := m.Grid()
	if err != nil {
		return errorf("from_store", "store chunks: %v", err)
	}
	g := sg
	if spec != nil {
		g, err = spec.Plan(m.Shape, m.DType, 0, m.Chunks)
		if err != nil {
			return errorf("from_store", "%v", err)
		}
	}
	ref := registerReader(r)
	if src != nil {
		readerRegistry.mu.Lock()
		readerRegistry.src[*src] = ref.id
		readerRegistry.mu.Unlock()
	}
	p := readParams{Reader: ref.id, Source: src, DType: m.DType, Shape: m.Shape, StoreChunks: m.Chunks,
		Chunks: g.Chunks(), Copy: g.NumBlocksTotal() == 1}
	if rr, ok := r.(store.RegionReader); ok && rr.ReadsRegions() && !sameChunks(g, sg) {
		// Chunks across the store's (a contiguous HDF5 dataset's row
		// bands read in 1000×1000 blocks): each block is read as its
		// own box, as Dask's getter reads its slice, rather than every
		// band it touches once per block. The layer is still the whole
		// store array (not a region: a store-to-store copy reads it).
		p.Origin, p.Copy = make([]int, g.NDim()), false
	}
	params := scheduler.EncodeParams(p)
	rm, ok := r.(interface{ Remote() bool })
	l := &readLayer{name: readName("from-store", p, params), nb: g.NumBlocks(), params: params, ref: ref, remote: ok && rm.Remote()}
	return newLayerArray(l, g, m.DType)
}

// readName names a store read of parameters p (encoded as params): from
// p without its process-local reader id when a Source can reopen the
// store, so that the name is the same in every process; otherwise from
// params and this process's nonce.
func readName(op string, p readParams, params []byte) string {
	if p.Source == nil {
		return scheduler.Name(op, []byte(processNonce), params)
	}
	p.Reader = ""
	return scheduler.Name(op, scheduler.EncodeParams(p))
}

// readLayer reads each block from the store chunks it covers.
type readLayer struct {
	name   string
	nb     []int
	params []byte
	ref    *readerRef // keeps the reader registered while the array lives
	remote bool       // the reader is remote (an optional Remote() bool method)
	region bool       // a region of the store's array (readParams.Origin)
}

func (l *readLayer) Name() string              { return l.name }
func (l *readLayer) Inputs() []scheduler.Layer { return nil }
func (l *readLayer) NumBlocks() []int          { return l.nb }
func (l *readLayer) Task(idx []int) scheduler.Task {
	// Inline: a read feeding one consumer runs in that consumer's task,
	// so the decoded chunk never waits in the live set; one read by
	// several is dropped and read again rather than spilled, when that
	// is cheaper.
	// Remote: a read from an object store waits on the network.
	return scheduler.Task{Kernel: "array.store_read", Params: l.params, Inline: true, Recompute: true, Remote: l.remote}
}

// cacheGet is the way a read goes through the shared cache: Get, GetScan
// or GetAgain of cache.Default().
type cacheGet func(key string, load func() (*chunk.Dense, error)) (*chunk.Dense, error)

// readGet returns how a task reads its store chunks. A chunk of a local
// store is admitted to the cache only when read a second time
// (cache.GetScan): decoding again costs less than the fresh memory a
// kept chunk takes, and one pass over an array (a reduction over a file,
// say) then recycles its chunks' buffers instead of faulting in new ones
// for each. A remote store's chunks are kept from their first read
// (cache.Get; a second computation makes no request), unless the array
// is larger than half the cache, where one pass would only evict
// everything and hit nothing. A task run again in the same computation
// (again: the scheduler dropped its chunk rather than spill it) reads
// with cache.GetAgain, so that the recompute neither counts as the
// second read nor pins the chunk in the cache.
func readGet(keep, again bool) cacheGet {
	c := cache.Default()
	switch {
	case again:
		return c.GetAgain
	case keep:
		return c.Get
	}
	return c.GetScan
}

// readChunk reads store chunk idx of r through the shared cache with get.
// A non-nil batch reads the chunks it holds in one ReadChunks call.
func readChunk(r store.Reader, prefix string, idx []int, get cacheGet, batch *chunkBatch) (*chunk.Dense, error) {
	key := chunkKey(prefix, idx)
	load := func() (*chunk.Dense, error) { return r.ReadChunk(context.Background(), idx) }
	if batch != nil {
		load = func() (*chunk.Dense, error) { return batch.load(idx) }
	}
	return get(key, load)
}

// chunksReader is the optional reader method that reads many store
// chunks at once (zarr.Array: in parallel, and from an object store with
// one range request per run of adjacent inner chunks of a shard).
type chunksReader interface {
	ReadChunks(ctx context.Context, blocks [][]int) ([]*chunk.Dense, error)
}

// chunkKey is the cache key of store chunk idx of the reader whose keys
// start with prefix: the prefix and the index as fmt prints it ("[3 1]"),
// made without fmt (a file of small chunks makes one per chunk read).
func chunkKey(prefix string, idx []int) string {
	b := make([]byte, 0, len(prefix)+2+8*len(idx))
	b = append(b, prefix...)
	b = append(b, '[')
	for a, i := range idx {
		if a > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(i), 10)
	}
	return string(append(b, ']'))
}

// chunkBatch reads the store chunks an array chunk needs: at the first
// cache miss, that chunk and all after it in one ReadChunks call.
type chunkBatch struct {
	r    chunksReader
	todo [][]int        // the store chunks, in the order they are read
	got  []*chunk.Dense // todo's chunks from the first miss on, nil once handed out
	from int            // the index in todo of got[0]
	next int            // where in got the next chunk asked for usually is
}

func (b *chunkBatch) load(idx []int) (*chunk.Dense, error) {
	same := func(t []int) bool { return chunk.EqualShapes(t, idx) }
	if b.got == nil {
		b.from = slices.IndexFunc(b.todo, same)
		if b.from < 0 {
			return nil, fmt.Errorf("store chunk %v is not in its batch", idx) // a bug of ours
		}
		ds, err := b.r.ReadChunks(context.Background(), b.todo[b.from:])
		if err != nil {
			return nil, err
		}
		b.got = ds
	}
	todo := b.todo[b.from:]
	j := -1
	if b.next <= len(todo) { // at or after the last one handed out: those in between were in the cache
		if i := slices.IndexFunc(todo[b.next:], same); i >= 0 {
			j = b.next + i
		}
	}
	if j < 0 { // asked for out of order
		j = slices.IndexFunc(todo, same)
	}
	if j < 0 || j >= len(b.got) || b.got[j] == nil {
		return nil, fmt.Errorf("store chunk %v is not in its batch", idx) // a bug of ours
	}
	d := b.got[j]
	b.got[j], b.next = nil, j+1
	return d, nil
}

// release recycles the chunks read but not used (found in the cache).
func (b *chunkBatch) release() {
	for _, d := range b.got {
		if d != nil {
			d.Recycle()
		}
	}
}

func init() {
	scheduler.RegisterTyped("array.store_read", func(p readParams) (scheduler.Func, error) {
		ref, err := lookupReader(p.Reader, p.Source)
		if err != nil {
			return nil, err
		}
		r, id := ref.r, ref.id
		m := r.Meta()
		if m.DType != p.DType || !chunk.EqualShapes(m.Shape, p.Shape) || !chunk.EqualShapes(m.Chunks, p.StoreChunks) {
			return nil, fmt.Errorf("store array changed: now %v %v chunks %v, the graph expects %v %v chunks %v",
				m.DType, m.Shape, m.Chunks, p.DType, p.Shape, p.StoreChunks)
		}
		sg, err := m.Grid()
		if err != nil {
			return nil, err
		}
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		if p.Origin != nil {
			rr, ok := r.(store.RegionReader)
			if !ok || len(p.Origin) != g.NDim() {
				return nil, fmt.Errorf("store array cannot read regions")
			}
			return func(block []int, _ []any) (any, error) {
				box := g.BlockBox(block)
				for a, o := range p.Origin {
					box.Min[a] += o
					box.Max[a] += o
				}
				return rr.ReadRegion(context.Background(), box)
			}, nil
		}
		prefix := cachePrefix(id)
		rm, remote := r.(interface{ Remote() bool })
		keep := remote && rm.Remote() && int64(chunk.Prod(p.Shape))*int64(p.DType.Size()) <= cache.Default().Budget()/2
		var ran sync.Map // the blocks read so far in this computation (Prepare runs once per computation)
		return func(block []int, _ []any) (any, error) {
			_, again := ran.LoadOrStore(fmt.Sprint(block), struct{}{})
			get := readGet(keep, again)
			box := g.BlockBox(block)
			lo, span := overlap(sg, box)
			if chunk.Prod(span) == 1 && boxEqual(sg.BlockBox(lo), box) {
				d, err := readChunk(r, prefix, lo, get, nil)
				if err != nil {
					return nil, err
				}
				if p.Copy {
					c := d.Clone()
					d.Recycle() // ours unless the cache shares it (then pinned)
					d = c
				}
				return d, nil
			}
			dst := chunk.NewPooledDense(p.DType, box.Shape()) // the store chunks cover it
			si := make([]int, len(block))
			var batch *chunkBatch
			if br, ok := r.(chunksReader); ok {
				batch = &chunkBatch{r: br}
				chunk.EachIndex(span, func(off []int) {
					b := make([]int, len(block))
					for a := range b {
						b[a] = lo[a] + off[a]
					}
					if _, ok := sg.BlockBox(b).Intersect(box); ok {
						batch.todo = append(batch.todo, b)
					}
				})
				defer batch.release()
			}
			var rerr error
			chunk.EachIndex(span, func(off []int) {
				if rerr != nil {
					return
				}
				for a := range si {
					si[a] = lo[a] + off[a]
				}
				sb := sg.BlockBox(si)
				part, ok := sb.Intersect(box)
				if !ok {
					return
				}
				d, err := readChunk(r, prefix, si, get, batch)
				if err != nil {
					rerr = err
					return
				}
				chunk.CopyBox(dst, part.Sub(box.Min).Min, d, part.Sub(sb.Min))
				d.Recycle() // ours unless the cache shares it (then pinned)
			})
			if rerr != nil {
				return nil, rerr
			}
			return dst, nil
		}, nil
	})
}

// regionRead returns, for the basic selection p (of the indices full)
// of x when x reads a store whose reader reads any box at the cost of
// the box (store.RegionReader: a contiguous HDF5 dataset, a .npy file),
// the array that reads the selection's blocks as boxes of the store:
// x[100:200] of a dataset in one synthetic chunk of 4000 rows reads 100
// rows, not 4000, as Dask's getter reads only the slice it is fused
// with. Integer indices and new axes are applied to its blocks
// afterwards (views). It returns nil for any other array or selection
// (a step other than 1, an empty or whole selection).
func (x *Array) regionRead(p *sliceParams, full []Index) *Array {
	l, ok := x.layer.(*readLayer)
	if !ok {
		return nil
	}
	rr, ok := l.ref.r.(store.RegionReader)
	if !ok || !rr.ReadsRegions() {
		return nil
	}
	var rp readParams
	if err := scheduler.DecodeParams(l.params, &rp); err != nil {
		return nil
	}
	nd := x.NDim()
	origin, chunks := make([]int, nd), make([][]int, nd)
	whole := true
	o := 0 // p.Out's entry of axis a
	for a, s := range p.Sel {
		if s.Count == 0 || s.Step != 1 && s.Count > 1 {
			return nil
		}
		origin[a] = s.Start
		if rp.Origin != nil {
			origin[a] += rp.Origin[a]
		}
		whole = whole && s.Start == 0 && s.Count == x.Shape()[a]
		if s.Drop {
			chunks[a] = []int{1}
			continue
		}
		for p.Out[o].In != a {
			o++
		}
		for _, lc := range p.Out[o].Local {
			chunks[a] = append(chunks[a], lc[1])
		}
	}
	if whole {
		return nil
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil {
		return nil
	}
	rp.Chunks, rp.Origin, rp.Copy = g.Chunks(), origin, false
	params := scheduler.EncodeParams(rp)
	r := newLayerArray(&readLayer{name: readName("from-store-region", rp, params), nb: g.NumBlocks(), params: params, ref: l.ref, remote: l.remote, region: true}, g, x.dtype)
	post := make([]Index, len(full))
	reshaped := false
	for i, ix := range full {
		switch ix.kind {
		case idxNewAxis:
			post[i], reshaped = NewAxis(), true
		case idxAt:
			post[i], reshaped = At(0), true
		default:
			post[i] = All()
		}
	}
	if reshaped {
		return r.Index(post...)
	}
	return r
}

// sameChunks reports whether grids a and b chunk their axes alike.
func sameChunks(a, b chunk.Grid) bool {
	ca, cb := a.Chunks(), b.Chunks()
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if !chunk.EqualShapes(ca[i], cb[i]) {
			return false
		}
	}
	return true
}

// boxEqual reports whether a and b are the same box.
func boxEqual(a, b chunk.Box) bool {
	return chunk.EqualShapes(a.Min, b.Min) && chunk.EqualShapes(a.Max, b.Max)
}
