package array

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/cache"
)

// ShardWriter is implemented by writers whose store chunks are grouped
// into shards that are rewritten as a whole (zarr.Array with sharding).
// Store writes such a writer one whole shard per task with WriteShard.
type ShardWriter interface {
	store.Writer
	// ShardShape returns the shard shape, or nil when there are no shards.
	ShardShape() []int
	// WriteShard stores d, the shard's box clipped to the array's extent,
	// as the whole shard at shard grid index shard.
	WriteShard(ctx context.Context, shard []int, d *chunk.Dense) error
}

// Store computes x and writes it into w, which must have x's shape; x is
// converted to w's dtype first when they differ (as NumPy assignment
// does). See StoreAll.
//
// When x is a store array, however rechunked (FromZarr(…).Rechunk(…)),
// the write is a store-to-store copy planned under the memory budget as
// rechunker plans one: x's own chunks do not matter; the source is read
// in blocks that fit the budget and written directly, or, when the two
// chunkings cross (rows into columns), through an intermediate file in
// the scratch directory (WithScratchDir), removed at the end.
func (x *Array) Store(ctx context.Context, w store.Writer, opts ...Option) error {
	return storeTargets(ctx, []target{{x: x, w: w}}, opts)
}

// StoreRegion computes x and writes it into the box of w that starts at
// origin and has x's shape (NumPy's w[origin:origin+shape] = x); the rest
// of w is left as it is. Store chunks the region covers only in part are
// read, updated and rewritten, each by one task. A region that does not
// fit inside w is an error.
func (x *Array) StoreRegion(ctx context.Context, w store.Writer, origin []int, opts ...Option) error {
	if origin == nil {
		origin = make([]int, x.NDim())
	}
	return storeTargets(ctx, []target{{x: x, w: w, origin: origin}}, opts)
}

// StoreAll computes the arrays and writes arrays[i] into writers[i], all
// in one computation, so that work the arrays share runs once.
//
// Writes are safe by construction: there is one task per store chunk (per
// shard for a ShardWriter), which assembles that whole chunk from the
// array chunks it overlaps and writes it once. However the array is
// chunked, no two tasks ever write one store chunk, so misaligned
// chunkings cannot lose updates (the race that corrupts Dask's to_zarr,
// dask#12583, zarr-python#3682). Writers are called from the executor's
// worker goroutines, in parallel on distinct chunks. The same writer may
// appear more than once only with regions that share no store chunk.
//
// Errors: mismatched lengths, shapes or bad regions are returned before
// anything is written; a failed write aborts the computation and returns
// a *scheduler.TaskError naming the chunk's task.
func StoreAll(ctx context.Context, arrays []*Array, writers []store.Writer, opts ...Option) error {
	if len(arrays) != len(writers) {
		return fmt.Errorf("array: store: %d arrays for %d writers", len(arrays), len(writers))
	}
	ts := make([]target, len(arrays))
	for i := range arrays {
		ts[i] = target{x: arrays[i], w: writers[i]}
	}
	return storeTargets(ctx, ts, opts)
}

type target struct {
	x      *Array
	w      store.Writer
	src    *Source // how another process (a worker) reopens w; nil: this process only
	origin []int   // nil: the whole writer
	// stored, when set, reports write units (store chunks) the writer
	// already holds, which are skipped (WithResume).
	stored func(unit []int) bool
	// planned marks a store copy's stage (copyStore), written as is.
	planned bool
}

// writeParams are the parameters of the "array.store_write" kernel.
type writeParams struct {
	Writer string // process-local id of the writer
	DType  chunk.DType
	In     [][]int // the array's chunks
	Units  [][]int // the write units' grid (store chunks or shards) over the store
	Lo     []int   // unit index of the layer's block 0
	Origin []int   // where the array starts in the store
	Shard  bool    // units are shards, written with WriteShard
	Source *Source // how a worker reopens the writer
}

// writeLayer has one task per write unit the region touches.
type writeLayer struct {
	name   string
	in     scheduler.Layer
	inGrid chunk.Grid
	units  chunk.Grid
	lo, nb []int
	origin []int
	params []byte
	ref    *readerRef // keeps the writer registered while the store runs
	stored func(unit []int) bool
}

func (l *writeLayer) Name() string              { return l.name }
func (l *writeLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.in} }
func (l *writeLayer) NumBlocks() []int          { return l.nb }

func (l *writeLayer) Task(idx []int) scheduler.Task {
	if l.stored != nil {
		u := make([]int, len(idx))
		for a := range u {
			u[a] = l.lo[a] + idx[a]
		}
		if l.stored(u) {
			return scheduler.Task{Value: storeDone{}} // written by an earlier run
		}
	}
	box := unitInArray(l.units, l.lo, idx, l.origin, l.inGrid.Shape())
	lo, span := overlap(l.inGrid, box)
	var keys []scheduler.Key
	in := make([]int, len(idx))
	chunk.EachIndex(span, func(off []int) {
		for a := range in {
			in[a] = lo[a] + off[a]
		}
		keys = append(keys, scheduler.NewKey(l.in.Name(), in))
	})
	return scheduler.Task{Kernel: "array.store_write", Params: l.params, Inputs: keys}
}

// inputOrder returns the keys of l's write units in C order of the first
// array chunk each reads. The executor's priorities follow the order of
// the keys it is given, so units that read one chunk run together and
// the chunk is released early: writing columns from row chunks, C order
// of the units would read every row chunk before finishing any.
func inputOrder(l *writeLayer) []scheduler.Key {
	keys := scheduler.Keys(l)
	first := make([]int, len(keys))
	nb := l.inGrid.NumBlocks()
	i := 0
	chunk.EachIndex(l.nb, func(idx []int) {
		lo, _ := overlap(l.inGrid, unitInArray(l.units, l.lo, idx, l.origin, l.inGrid.Shape()))
		first[i] = chunk.Ravel(lo, nb)
		i++
	})
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return first[order[a]] < first[order[b]] })
	out := make([]scheduler.Key, len(keys))
	for i, o := range order {
		out[i] = keys[o]
	}
	return out
}

// unitInArray returns the part of write unit lo+idx that the array
// covers, in the array's coordinates.
func unitInArray(units chunk.Grid, lo, idx, origin, shape []int) chunk.Box {
	u := make([]int, len(idx))
	for a := range u {
		u[a] = lo[a] + idx[a]
	}
	ub := units.BlockBox(u)
	b := chunk.Box{Min: make([]int, len(u)), Max: make([]int, len(u))}
	for a := range u {
		b.Min[a] = max(ub.Min[a]-origin[a], 0)
		b.Max[a] = min(ub.Max[a]-origin[a], shape[a])
	}
	return b
}

// storeDone is the value of a finished write task: n bytes written (0
// when not known, as after a trip through the wire), or the error of the
// write when it failed. A failed write does not stop the run, so that
// every unit is tried and the error lists all that failed (WriteError).
type storeDone struct {
	n      int64
	failed error
}

// WriteError is the error of a store whose writes of some chunks (or
// shards) failed after the writer's own retries, while the others were
// written: Failed holds each failed write's error, naming its key.
type WriteError struct {
	Failed []error
	Writes int // the writes tried
}

// maxListed bounds the failures WriteError.Error lists.
const maxListed = 10

func (e *WriteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "array: store: %d of %d chunk writes failed", len(e.Failed), e.Writes)
	for i, err := range e.Failed[:min(len(e.Failed), maxListed)] {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		b.WriteString(sep + err.Error())
	}
	if n := len(e.Failed) - maxListed; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	return b.String()
}

// Unwrap returns the failures, for errors.Is and errors.As.
func (e *WriteError) Unwrap() []error { return e.Failed }

// WrittenBytes returns the bytes the task wrote, for progress bars (see
// diagnostics.ProgressBar).
func (s storeDone) WrittenBytes() int64 { return s.n }

func storeTargets(ctx context.Context, ts []target, opts []Option) error {
	c := configOf(opts)
	var layers []scheduler.Layer
	var copies []int // targets that are store-to-store copies
	var keys []scheduler.Key
	type span struct {
		id     string
		lo, hi []int
	}
	var spans []span
	var ids []string
	for i, t := range ts {
		if t.x == nil || t.w == nil {
			return fmt.Errorf("array: store: nil array or writer (target %d)", i)
		}
		if t.x.err != nil {
			return t.x.err
		}
		x := t.x
		m := t.w.Meta()
		if x.NDim() != len(m.Shape) {
			return fmt.Errorf("array: store: array of shape %v into a store array of shape %v", x.Shape(), m.Shape)
		}
		origin := t.origin
		if origin == nil {
			if !chunk.EqualShapes(x.Shape(), m.Shape) {
				return fmt.Errorf("array: store: array of shape %v into a store array of shape %v (use StoreRegion to write part of it)", x.Shape(), m.Shape)
			}
			origin = make([]int, x.NDim())
		}
		if len(origin) != x.NDim() {
			return fmt.Errorf("array: store: region origin %v for %d axes", origin, x.NDim())
		}
		for a := range origin {
			if origin[a] < 0 || origin[a]+x.Shape()[a] > m.Shape[a] {
				return fmt.Errorf("array: store: region at %v of shape %v does not fit the store array of shape %v", origin, x.Shape(), m.Shape)
			}
		}
		if t.stored == nil && t.origin == nil {
			ts[i].stored = c.stored
			t = ts[i]
		}
		if rl := storeCopySource(x); rl != nil && !t.planned && t.origin == nil && x.dtype == m.DType && x.Size() > 0 {
			copies = append(copies, i)
			continue
		}
		if x.dtype != m.DType {
			x = x.AsType(m.DType)
			if x.err != nil {
				return x.err
			}
		}
		unitShape := m.Chunks
		shard := false
		if sw, ok := t.w.(ShardWriter); ok && sw.ShardShape() != nil {
			unitShape, shard = sw.ShardShape(), true
		}
		units, err := chunk.RegularGrid(m.Shape, unitShape)
		if err != nil {
			return fmt.Errorf("array: store: %v", err)
		}
		if x.Size() == 0 {
			continue
		}
		// The units the region touches.
		lo, nb := make([]int, x.NDim()), make([]int, x.NDim())
		hi := make([]int, x.NDim())
		for a := range lo {
			lo[a] = units.BlockOf(a, origin[a])
			hi[a] = units.BlockOf(a, origin[a]+x.Shape()[a]-1) + 1
			nb[a] = hi[a] - lo[a]
		}
		ref := registerReader(t.w)
		id := ref.id
		for _, s := range spans {
			if s.id != id {
				continue
			}
			disjoint := false
			for a := range lo {
				if hi[a] <= s.lo[a] || s.hi[a] <= lo[a] {
					disjoint = true
				}
			}
			if !disjoint {
				return errors.New("array: store: one writer is the target of two regions that share a store chunk")
			}
		}
		spans = append(spans, span{id, lo, hi})
		ids = append(ids, id)
		p := writeParams{Writer: id, DType: m.DType, In: x.Chunks(), Units: units.Chunks(), Lo: lo, Origin: origin, Shard: shard, Source: t.src}
		params := scheduler.EncodeParams(p)
		l := &writeLayer{name: scheduler.Name("store", []byte(processNonce), params, []byte(x.Name())),
			in: x.layer, inGrid: x.grid, units: units, lo: lo, nb: nb, origin: origin, params: params, ref: ref,
			stored: t.stored}
		layers = append(layers, l)
		keys = append(keys, inputOrder(l)...)
	}
	for _, i := range copies {
		t := ts[i]
		ref := registerReader(t.w)
		cache.Default().RemovePrefix(cachePrefix(ref.id))
		err := copyStore(ctx, storeCopySource(t.x), t, c, opts)
		cache.Default().RemovePrefix(cachePrefix(ref.id))
		if err != nil {
			return err
		}
	}
	// Cached chunks of the targets go stale: drop them before and after.
	for _, id := range ids {
		cache.Default().RemovePrefix(cachePrefix(id))
	}
	if len(keys) == 0 {
		return ctx.Err()
	}
	vals, err := executor(opts).Run(ctx, scheduler.NewGraph(layers...), keys)
	for _, id := range ids {
		cache.Default().RemovePrefix(cachePrefix(id))
	}
	if err != nil {
		return err
	}
	var failed []error
	for _, v := range vals {
		if d, ok := v.(storeDone); ok && d.failed != nil {
			failed = append(failed, d.failed)
		}
	}
	if failed != nil {
		return &WriteError{Failed: failed, Writes: len(vals)}
	}
	return nil
}

func init() {
	scheduler.RegisterBorrowing("array.store_write", func(b []byte) (scheduler.Func, error) {
		var p writeParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, err
		}
		ref, err := lookupReader(p.Writer, p.Source)
		if err != nil {
			return nil, err
		}
		w, ok := ref.r.(store.Writer)
		if !ok {
			return nil, fmt.Errorf("store %s is not writable", p.Writer)
		}
		var sw ShardWriter
		if p.Shard {
			if sw, ok = w.(ShardWriter); !ok {
				return nil, fmt.Errorf("store %s does not write shards", p.Writer)
			}
		}
		in, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		units, err := chunk.NewGrid(p.Units)
		if err != nil {
			return nil, err
		}
		m := w.Meta()
		sg, err := m.Grid()
		if err != nil {
			return nil, err
		}
		return func(block []int, inputs []any) (any, error) {
			ctx := context.Background()
			ds, err := denses(inputs)
			if err != nil {
				return nil, err
			}
			u := make([]int, len(block))
			for a := range u {
				u[a] = p.Lo[a] + block[a]
			}
			ub := units.BlockBox(u) // in store coordinates
			ab := unitInArray(units, p.Lo, block, p.Origin, in.Shape())
			covered := ab.Shape()
			full := chunk.EqualShapes(covered, ub.Shape())
			lo, span := overlap(in, ab)
			var buf *chunk.Dense
			switch {
			case full && len(ds) == 1 && boxEqual(in.BlockBox(lo), ab):
				buf = ds[0] // aligned: the array chunk is the store chunk
			default:
				if full {
					buf = chunk.NewPooledDense(p.DType, ub.Shape()) // the array chunks cover it
					defer buf.Recycle()                             // writers keep nothing
				} else if buf, err = readUnit(ctx, w, sg, ub); err != nil {
					return nil, fmt.Errorf("reading store chunk %v to update part of it: %w", u, err)
				}
				// Copy each array chunk's part into the unit buffer.
				bi := make([]int, len(block))
				i := 0
				dstOff := make([]int, len(block))
				chunk.EachIndex(span, func(off []int) {
					for a := range bi {
						bi[a] = lo[a] + off[a]
					}
					ib := in.BlockBox(bi)
					part, ok := ib.Intersect(ab)
					if ok {
						for a := range dstOff {
							dstOff[a] = part.Min[a] + p.Origin[a] - ub.Min[a]
						}
						chunk.CopyBox(buf, dstOff, ds[i], part.Sub(ib.Min))
					}
					i++
				})
			}
			if p.Shard {
				err = sw.WriteShard(ctx, u, buf)
			} else {
				err = w.WriteChunk(ctx, u, buf)
			}
			if err != nil {
				return storeDone{failed: err}, nil // the others are still written
			}
			return storeDone{n: int64(buf.NBytes())}, nil
		}, nil
	})
}

// readUnit reads the store box ub (a store chunk, or a shard made of
// whole store chunks) from w.
func readUnit(ctx context.Context, w store.Writer, sg chunk.Grid, ub chunk.Box) (*chunk.Dense, error) {
	lo, span := overlap(sg, ub)
	if chunk.Prod(span) == 1 {
		return w.ReadChunk(ctx, lo)
	}
	buf := chunk.NewDense(w.Meta().DType, ub.Shape())
	return buf, fillBox(ctx, buf, w, sg, ub)
}

// fillBox copies into dst, which holds box of grid g, the chunks of g
// that box covers, as r reads them; each is recycled once copied (a
// reader hands over the chunks it returns, see store.Reader).
func fillBox(ctx context.Context, dst *chunk.Dense, r store.Reader, g chunk.Grid, box chunk.Box) error {
	lo, span := overlap(g, box)
	b := make([]int, len(lo))
	var rerr error
	chunk.EachIndex(span, func(off []int) {
		if rerr != nil {
			return
		}
		for a := range b {
			b[a] = lo[a] + off[a]
		}
		c, err := r.ReadChunk(ctx, b)
		if err != nil {
			rerr = err
			return
		}
		chunk.CopyBox(dst, g.BlockBox(b).Sub(box.Min).Min, c, chunk.Box{Min: make([]int, len(b)), Max: c.Shape()})
		c.Recycle()
	})
	return rerr
}

// denses converts task inputs to chunks.
func denses(in []any) ([]*chunk.Dense, error) {
	ds := make([]*chunk.Dense, len(in))
	for i, v := range in {
		d, ok := v.(*chunk.Dense)
		if !ok {
			return nil, fmt.Errorf("input %d is a %T, not a chunk", i, v)
		}
		ds[i] = d
	}
	return ds, nil
}
