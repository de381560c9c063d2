package array

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Array is a lazy, chunked N-d array: a chunk grid, a dtype and the
// graph layer that computes its chunks. Arrays are immutable; every
// operation returns a new Array and builds graph, and nothing runs until
// Compute, Persist or a store call.
//
// An operation given bad input (shapes that do not broadcast, an axis out
// of range, bad chunks) returns an Array that carries the error: Err
// reports it, every later operation passes it on, and Compute returns it.
// Chains therefore stay fluent and never panic on user input.
type Array struct {
	layer scheduler.Layer
	grid  chunk.Grid
	dtype chunk.DType
	// expr is set when the array is elementwise: its program and inputs,
	// so that later elementwise operations and reductions merge with it.
	expr *expr
	// unknown marks axes whose chunk sizes are not known until computed
	// (after boolean-mask indexing; nil when every size is known). On
	// such an axis grid holds upper bounds of the chunk sizes and serves
	// only for the number of blocks; see unknown.go.
	unknown []bool
	// flatOf is set on the result of flattening an N-d array to one axis
	// (Reshape, Ravel): that array, before the rechunk that flattening
	// needs, so that a sparse slice gathers its points from it instead of
	// copying it whole (see sparseFlatSlice).
	flatOf *Array
	// maskOf is set on the result of a boolean mask over every axis
	// (x[m], one axis of unknown length): x and m, so that a sum of the
	// selected elements adds x where m holds instead of gathering them
	// (see reduceMasked).
	maskOf *masked
	// trimOf is set on the result of TrimOverlap: the array it trims, so
	// that a computed result copies each chunk's interior straight out of
	// it instead of through a trimmed copy (see ComputeAll).
	trimOf *trimmed
	// transposeOf is set on the result of Transpose (T, MoveAxis…) of an
	// array of known chunks: that array and the permutation, so that
	// products, reductions, rechunks and computed results read it in
	// place instead of a transposed copy (see transposedSource).
	transposeOf *transposed
	err         error
}

type expr struct {
	prog   *blockwise.Program
	inputs []blockwise.Input
	reads  int // the most bytes one block reads from its inputs' chunks (see readBytes); 0 when no more than the block
}

// readBytes returns the most bytes that producing one chunk of a reads
// from the chunks it is cut from: the chunk a slice or a window of it
// lies in, unless that is held in memory (a store read decodes it whole,
// an expression computes it whole); at least a's own largest chunk.
func (a *Array) readBytes() int {
	n := a.dtype.Size()
	for _, cs := range a.Chunks() {
		n *= slices.Max(cs)
	}
	if a.expr != nil {
		n = max(n, a.expr.reads)
	}
	if l, ok := a.layer.(*sliceLayer); ok && l.src != nil {
		n = max(n, l.src.sourceBytes())
	}
	return n
}

// sourceBytes is what reading a slice of a's chunks costs, in the bytes
// of readBytes: nothing more than the slice when a is held in memory.
func (a *Array) sourceBytes() int {
	if _, held := a.layer.(*dataLayer); held {
		return 0
	}
	return a.readBytes()
}

// errArray returns an Array carrying err.
func errArray(err error) *Array { return &Array{err: err} }

func errorf(op, format string, args ...any) *Array {
	return errArray(fmt.Errorf("array: "+op+": "+format, args...))
}

// Err returns the error recorded when a was built, or nil.
func (a *Array) Err() error { return a.err }

// Shape returns the length of each axis, -1 on an axis whose chunk sizes
// are unknown (Dask's NaN; see KnownChunks). The caller must not modify
// it.
func (a *Array) Shape() []int {
	if a.unknown != nil {
		return a.unknownShape()
	}
	return a.grid.Shape()
}

// NDim returns the number of axes.
func (a *Array) NDim() int { return a.grid.NDim() }

// Size returns the number of elements, or -1 when chunk sizes are
// unknown.
func (a *Array) Size() int {
	if a.unknown != nil {
		return -1
	}
	return a.grid.Size()
}

// Chunks returns the chunk sizes along each axis, each -1 on an axis
// whose sizes are unknown. The caller must not modify them.
func (a *Array) Chunks() [][]int {
	if a.unknown != nil {
		return a.unknownChunks()
	}
	return a.grid.Chunks()
}

// Grid returns the chunk grid. When chunk sizes are unknown its sizes
// on those axes are only upper bounds.
func (a *Array) Grid() chunk.Grid { return a.grid }

// DType returns the element type.
func (a *Array) DType() chunk.DType { return a.dtype }

// NBytes returns the size of the array's data in bytes, or -1 when chunk
// sizes are unknown.
func (a *Array) NBytes() int64 {
	if a.unknown != nil {
		return -1
	}
	return int64(a.grid.Size()) * int64(a.dtype.Size())
}

// NumBlocks returns the number of chunks along each axis.
func (a *Array) NumBlocks() []int { return a.grid.NumBlocks() }

// Name returns the array's deterministic name: the name of its graph
// layer, a hash of how it was made.
func (a *Array) Name() string {
	if a.layer == nil {
		return ""
	}
	return a.layer.Name()
}

// Layer returns the graph layer that computes a's chunks.
func (a *Array) Layer() scheduler.Layer { return a.layer }

// String describes a as Dask does.
func (a *Array) String() string {
	if a.err != nil {
		return "array<error: " + a.err.Error() + ">"
	}
	return fmt.Sprintf("array<%s, shape=%v, dtype=%v, chunksize=%v, numblocks=%v>",
		a.Name(), a.Shape(), a.dtype, a.chunkSize(), a.NumBlocks())
}

func (a *Array) chunkSize() []int {
	s := make([]int, a.NDim())
	for i, c := range a.grid.Chunks() {
		s[i] = c[0]
	}
	return s
}

// firstErr returns the first error carried by any of arrays.
func firstErr(arrays ...*Array) error {
	for _, x := range arrays {
		if x == nil {
			return errors.New("array: nil *Array")
		}
		if x.err != nil {
			return x.err
		}
	}
	return nil
}

// dataLayer holds chunks already in memory: each task is a literal.
type dataLayer struct {
	name   string
	nb     []int
	blocks []*chunk.Dense // C order of block index
}

func (l *dataLayer) Name() string              { return l.name }
func (l *dataLayer) Inputs() []scheduler.Layer { return nil }
func (l *dataLayer) NumBlocks() []int          { return l.nb }
func (l *dataLayer) Task(idx []int) scheduler.Task {
	return scheduler.Task{Value: l.blocks[chunk.Ravel(idx, l.nb)]}
}

func uniqueName(op string) string {
	var b [12]byte
	rand.Read(b[:])
	return op + "-" + hex.EncodeToString(b[:])
}

// FromDense returns an array over the buffer d split into chunks by spec
// (chunk.Regular(1000, 1000), or nil for automatic chunks). The chunks are
// copied out of d, so later changes to d do not show.
func FromDense(d *chunk.Dense, spec chunk.Spec) *Array {
	if d == nil {
		return errorf("from_array", "nil buffer")
	}
	g, err := spec.Plan(d.Shape(), d.DType(), 0, nil)
	if err != nil {
		return errorf("from_array", "%v", err)
	}
	blocks := make([]*chunk.Dense, 0, g.NumBlocksTotal())
	g.Blocks(func(idx []int) { blocks = append(blocks, d.Region(g.BlockBox(idx))) })
	return &Array{layer: &dataLayer{name: uniqueName("array"), nb: g.NumBlocks(), blocks: blocks}, grid: g, dtype: d.DType()}
}

// FromSlice returns an array of the given shape over data (C order),
// split into chunks by spec. len(data) must equal the product of shape.
func FromSlice[T chunk.Element](data []T, shape []int, spec chunk.Spec) *Array {
	d, err := chunk.FromSlice(shape, data)
	if err != nil {
		return errorf("from_slice", "%v", err)
	}
	return FromDense(d, spec)
}

// FromBlocks returns an array whose chunks are the given buffers, in C
// order of block index over grid g. Each buffer must have its block's
// shape and the dtype dt. The buffers are shared, not copied.
func FromBlocks(g chunk.Grid, dt chunk.DType, blocks []*chunk.Dense) *Array {
	if len(blocks) != g.NumBlocksTotal() {
		return errorf("from_blocks", "%d blocks for a grid of %d", len(blocks), g.NumBlocksTotal())
	}
	i := 0
	var err error
	g.Blocks(func(idx []int) {
		b := blocks[i]
		i++
		if err == nil && (b == nil || b.DType() != dt || !chunk.EqualShapes(b.Shape(), g.BlockShape(idx))) {
			err = fmt.Errorf("array: from_blocks: block %v must be a %v buffer of shape %v", idx, dt, g.BlockShape(idx))
		}
	})
	if err != nil {
		return errArray(err)
	}
	return &Array{layer: &dataLayer{name: uniqueName("array"), nb: g.NumBlocks(), blocks: blocks}, grid: g, dtype: dt}
}

// newLayerArray wraps a layer computing chunks of grid g and dtype dt.
func newLayerArray(l scheduler.Layer, g chunk.Grid, dt chunk.DType) *Array {
	return &Array{layer: l, grid: g, dtype: dt}
}

// identityAxes returns 0, 1, …, n-1.
func identityAxes(n int) []int {
	ax := make([]int, n)
	for i := range ax {
		ax[i] = i
	}
	return ax
}

// asExpr returns a's elementwise form: its own program when it has one,
// else the identity program over its chunks.
func (a *Array) asExpr() *expr {
	if a.expr != nil {
		return a.expr
	}
	b := blockwise.NewBuilder(1)
	return &expr{prog: b.Program(b.Input(0, a.dtype)), inputs: []blockwise.Input{{Layer: a.layer, Axes: identityAxes(a.NDim())}}}
}

// Option configures Compute, Persist and Store.
type Option func(*config)

type config struct {
	exec     scheduler.Executor
	workers  int
	memory   int64
	progress func(scheduler.Progress)
	bar      io.Writer
	prof     *diagnostics.Profiler
	resume   bool
	scratch  string
	stored   func(unit []int) bool // set by ToZarr under WithResume
}

func configOf(opts []Option) config {
	var c config
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithExecutor runs the computation on e instead of the local executor.
func WithExecutor(e scheduler.Executor) Option { return func(c *config) { c.exec = e } }

// WithWorkers sets the number of local worker goroutines (default
// GOMAXPROCS).
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }

// WithMemoryLimit sets the local executor's memory budget in bytes for
// the whole process while the computation runs (see scheduler.Local's
// MemoryLimit): live chunks beyond their share are re-read or spilled,
// the chunk cache is capped and the Go heap held to it. Without it the
// budget comes from the machine (scheduler.DefaultMemoryLimit); a
// negative value means none. A chunk larger than the budget fails the
// computation with an error wrapping scheduler.ErrBudget.
func WithMemoryLimit(bytes int64) Option { return func(c *config) { c.memory = bytes } }

// WithResume makes ToZarr continue an interrupted write: an existing
// array at the path with the same dtype, shape and chunks is opened
// instead of refused, and the chunks it already holds are not computed
// or written again. A store-to-store copy (see Array.Store) also keeps
// its intermediate file where a re-run finds it.
func WithResume() Option { return func(c *config) { c.resume = true } }

// WithScratchDir sets where store-to-store copies put their intermediate
// files (default os.TempDir()).
func WithScratchDir(dir string) Option { return func(c *config) { c.scratch = dir } }

// WithProgress calls f as tasks finish.
func WithProgress(f func(scheduler.Progress)) Option { return func(c *config) { c.progress = f } }

// WithProgressBar draws the computation's progress on w when w is a
// terminal (tasks done of total, bytes written to stores, rate, time
// left; see diagnostics.ProgressBar); elsewhere it draws nothing. It
// works with the local executor and with WithExecutor of any
// scheduler.Observable executor (a distributed Client).
func WithProgressBar(w io.Writer) Option { return func(c *config) { c.bar = w } }

// WithProfiler records the computation's tasks, spills and loads into p
// (see diagnostics.StartProfiler), on the local executor or with
// WithExecutor of any scheduler.Observable executor (a distributed
// Client: the events name the workers).
func WithProfiler(p *diagnostics.Profiler) Option { return func(c *config) { c.prof = p } }

func executor(opts []Option) scheduler.Executor {
	c := configOf(opts)
	e := c.exec
	if e == nil {
		e = &scheduler.Local{Workers: c.workers, MemoryLimit: c.memory, Progress: c.progress}
	}
	return diagnostics.Executor(e, diagnostics.NewProgressBar(c.bar, "compute"), c.prof)
}

// computeBlocks runs every block of every array together, so work they
// share runs once, and returns each array's blocks in C order.
func computeBlocks(ctx context.Context, arrays []*Array, opts []Option) ([][]*chunk.Dense, error) {
	out := make([][]*chunk.Dense, len(arrays))
	for i, a := range arrays {
		if a != nil {
			out[i] = make([]*chunk.Dense, a.grid.NumBlocksTotal())
		}
	}
	err := streamBlocks(ctx, arrays, opts, func(i, j int, _ []int, d *chunk.Dense) {
		d.Pin() // kept
		out[i][j] = d
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// streamBlocks runs every block of every array together and passes
// each, checked, to put with its array's index, its C-order position
// and block index, as soon as it is computed (see scheduler.Stream):
// put may run on several goroutines at once, and must pin a block it
// keeps.
func streamBlocks(ctx context.Context, arrays []*Array, opts []Option, put func(i, j int, idx []int, d *chunk.Dense)) error {
	if err := firstErr(arrays...); err != nil {
		return err
	}
	var keys []scheduler.Key
	roots := make([]scheduler.Layer, len(arrays))
	first := make([]int, len(arrays)+1) // keys[first[i]:first[i+1]] are array i's
	for i, a := range arrays {
		roots[i] = a.layer
		keys = append(keys, scheduler.Keys(a.layer)...)
		first[i+1] = len(keys)
	}
	return scheduler.Stream(ctx, executor(opts), scheduler.NewGraph(roots...), keys, func(k int, v any) error {
		i, _ := slices.BinarySearch(first, k+1)
		i--
		a, j, idx := arrays[i], k-first[i], keys[k].Block()
		d, ok := v.(*chunk.Dense)
		switch {
		case !ok:
			return fmt.Errorf("array: block %v of %s is a %T, not a chunk", idx, a.Name(), v)
		case d.DType() != a.dtype || !a.blockShapeOK(d.Shape(), idx):
			return fmt.Errorf("array: block %v of %s is a %v chunk of shape %v, want %v of shape %v",
				idx, a.Name(), d.DType(), d.Shape(), a.dtype, a.grid.BlockShape(idx))
		}
		put(i, j, idx, d)
		return nil
	})
}

// assemble copies blocks of grid g into one buffer on n goroutines.
func assemble(g chunk.Grid, dt chunk.DType, blocks []*chunk.Dense, n int) *chunk.Dense {
	out := newResult(dt, g.Shape())
	var boxes []chunk.Box
	g.Blocks(func(idx []int) { boxes = append(boxes, g.BlockBox(idx)) })
	inParallel(n, len(blocks), func(i int) {
		b := blocks[i]
		chunk.CopyBox(out, boxes[i].Min, b, chunk.Box{Min: make([]int, len(b.Shape())), Max: b.Shape()})
	})
	return out
}

// reclaimMin is the size of a result, or of the chunks Persist keeps,
// from which the garbage is reclaimed before it is made (reclaim): 1 MiB,
// whose fresh pages cost 0.3–2.5 ms to fault in here, more than the
// collection (0.2–1 ms of a heap of chunks). At 8 MiB, the row sums
// of a 1 000 000×40 table (a 7.6 MiB result) computed in a loop took 46
// ms each, faulting in each result afresh; they take 10 ms reusing the
// last one's pages.
const reclaimMin = 1 << 20

// newResult allocates a result buffer, first reclaiming the garbage
// (reclaim) when it is reclaimMin bytes or more, and has its pages made
// resident on every core when they are fresh (chunk.Prefault): writes
// into a result fault in its pages one at a time otherwise.
func newResult(dt chunk.DType, shape []int) *chunk.Dense {
	if n := chunk.Prod(shape) * dt.Size(); n >= reclaimMin {
		reclaim(n)
	}
	d := chunk.NewDense(dt, shape)
	chunk.Prefault(d.Bytes(), runtime.GOMAXPROCS(0))
	return d
}

// reclaim collects garbage when the heap holds n bytes or more, some of
// which may have died since the last collection (an input's source
// slice, an earlier result, chunks nobody pinned): what is then
// allocated, up to n bytes, reuses pages the process has instead of
// faulting in new ones, which on a virtual machine costs more than
// writing them (40–75 ms for 128 MB here, up to 15 µs a page on one
// that has just started; 115 ms of system time for 61 MB in 2 MiB pages
// the host had taken back). It collects only when the heap's scannable
// bytes are no more than reclaimScan times n: chunk buffers hold no
// pointers, so a collection of a heap of chunks costs about 1 ms, while
// in a program whose heap is full of pointers it could cost more than
// the faults it saves. (Counting only what was allocated since the last
// collection misses a result that died after it.)
func reclaim(n int) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/scan/heap:bytes"}}
	metrics.Read(s)
	if held, scan := s[0].Value.Uint64(), s[1].Value.Uint64(); held >= uint64(n) && scan <= reclaimScan*uint64(n) {
		runtime.GC()
	}
}

// reclaimScan bounds the scannable bytes of a heap reclaim collects, as a
// multiple of the bytes it is about to allocate. The runtime counts as
// scannable what was allocated with pointers since the last collection,
// dead or alive, and a collection marks only the live part: after the
// survey's delayed graphs had died, 63 MB were "scannable" and a
// collection took 1.5 ms of CPU, while the 61 MB it would have saved
// faulting in took 115 ms.
const reclaimScan = 4

// heldWrite is the write of a block into result at element at.
type heldWrite struct {
	result, at int
	write      func()
}

// inParallel calls f(k) for every k in [0, count) on n goroutines (the
// caller's among them), each taking one run of consecutive k: writes
// into a result in the order of its blocks then fault in pages of their
// own (pages faulted in by two threads at once, sharing page tables, cost
// more on this VM).
func inParallel(n, count int, f func(k int)) {
	each := func(w int) {
		for k := w * count / n; k < (w+1)*count/n; k++ {
			f(k)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Add(1)
		go func() { defer wg.Done(); each(w) }()
	}
	each(0)
	wg.Wait()
}

// assemblers is how many goroutines assemble uses for n blocks making a
// result of size bytes: one per 4 MiB of it, up to workers (0 means
// GOMAXPROCS). The copy is as big as the result, and the first touch of
// its fresh pages costs as much again.
func assemblers(workers, n, size int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, n, size>>22))
}

// Compute runs a's graph and returns its values as one buffer.
func (a *Array) Compute(ctx context.Context, opts ...Option) (*chunk.Dense, error) {
	ds, err := ComputeAll(ctx, []*Array{a}, opts...)
	if err != nil {
		return nil, err
	}
	return ds[0], nil
}

// ComputeAll computes several arrays in one run, so the work they share
// (a common input, a persisted array) is done once. Each result is
// allocated before the run and every block is copied into it as soon
// as it is computed, so that its buffer is reused by the blocks still to
// come; a result of one computed block is that block, and one of unknown
// shape is assembled at the end.
//
// A result may share memory with a persisted or literal input (a
// reshape or slice of one, a concatenation that is one input chunk), as
// NumPy's views and Dask's results do: clone it before writing into it.
func ComputeAll(ctx context.Context, arrays []*Array, opts ...Option) ([]*chunk.Dense, error) {
	if err := firstErr(arrays...); err != nil {
		return nil, err
	}
	out := make([]*chunk.Dense, len(arrays))
	blocks := make([][]*chunk.Dense, len(arrays))           // of arrays not filled in place
	run := slices.Clone(arrays)                             // what the run computes for each
	perms := make([][]int, len(arrays))                     // of arrays written from their transposed source
	interiors := make([]func([]int) chunk.Box, len(arrays)) // of arrays written from the untrimmed chunks
	var streamed []int                                      // the arrays the run computes
	var held []heldWrite                                    // permuted writes of blocks held in memory
	heldBytes := 0
	for i, a := range arrays {
		if _, literal := a.layer.(*dataLayer); a.unknown == nil && (literal || a.grid.NumBlocksTotal() != 1) {
			out[i] = newResult(a.dtype, a.Shape())
			if src, perm, ok := transposedSource(a); ok {
				run[i], perms[i] = src, perm
			} else if t := a.trimOf; t != nil {
				run[i], interiors[i] = t.src, t.interior
			} else if ws, n := a.sliceWrites(i, out[i]); ws != nil {
				held, heldBytes = append(held, ws...), heldBytes+n
				continue
			}
		} else {
			blocks[i] = make([]*chunk.Dense, a.grid.NumBlocksTotal())
			if a.unknown != nil { // its blocks, at most this big, are kept until assembled
				reclaim(a.grid.Size() * a.dtype.Size())
			}
		}
		streamed = append(streamed, i)
	}
	computed := make([]*Array, len(streamed))
	for k, i := range streamed {
		computed[k] = run[i]
	}
	err := streamBlocks(ctx, computed, opts, func(k, j int, idx []int, d *chunk.Dense) {
		i := streamed[k]
		switch {
		case out[i] == nil:
			d.Pin() // kept
			blocks[i][j] = d
		case perms[i] != nil:
			at := arrays[i].grid.BlockBox(permuted(idx, perms[i])).Min
			w := func() { chunk.PermuteInto(out[i], at, d, perms[i]) }
			if _, ok := run[i].layer.(*dataLayer); ok {
				// Passed before the run starts, on one goroutine: written
				// after it on several, in the order of the result.
				held = append(held, heldWrite{i, chunk.Ravel(at, arrays[i].Shape()), w})
				heldBytes += d.NBytes()
				return
			}
			w()
		case interiors[i] != nil:
			chunk.CopyBox(out[i], arrays[i].grid.BlockBox(idx).Min, d, interiors[i](idx))
		default:
			chunk.CopyBox(out[i], arrays[i].grid.BlockBox(idx).Min, d, chunk.Box{Min: make([]int, len(idx)), Max: d.Shape()})
		}
	})
	if err != nil {
		return nil, err
	}
	workers := configOf(opts).workers
	slices.SortFunc(held, func(a, b heldWrite) int { return cmp.Or(a.result-b.result, a.at-b.at) })
	inParallel(assemblers(workers, len(held), heldBytes), len(held), func(k int) { held[k].write() })
	for i, a := range arrays {
		switch {
		case out[i] != nil:
		case a.unknown != nil:
			g, err := gridOfBlocks(a, blocks[i])
			if err != nil {
				return nil, err
			}
			out[i] = assemble(g, a.dtype, blocks[i], assemblers(workers, len(blocks[i]), g.Size()*a.dtype.Size()))
		default:
			out[i], _ = blocks[i][0].Reshape(a.Shape())
		}
	}
	return out, nil
}

// ToSlice computes a and returns its values in C order as a []T. T must
// be a's element type; convert with AsType first otherwise.
func ToSlice[T chunk.Element](ctx context.Context, a *Array, opts ...Option) ([]T, error) {
	if a.err == nil && a.dtype != chunk.DTypeOf[T]() {
		var z T
		return nil, fmt.Errorf("array: to_slice: array has dtype %v, asked for []%T; use AsType(%v) first", a.dtype, z, chunk.DTypeOf[T]())
	}
	d, err := a.Compute(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return chunk.Values[T](d), nil
}

// Persist computes a's chunks and returns an array holding them in
// memory, with the same name, chunks and dtype: later operations start
// from the stored chunks.
func (a *Array) Persist(ctx context.Context, opts ...Option) (*Array, error) {
	ps, err := PersistAll(ctx, []*Array{a}, opts...)
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// PersistAll persists several arrays in one run.
func PersistAll(ctx context.Context, arrays []*Array, opts ...Option) ([]*Array, error) {
	if rp, ok := executor(opts).(RemotePersister); ok {
		return persistRemote(ctx, rp, arrays) // the chunks stay where they were computed
	}
	size := 0
	for _, a := range arrays {
		if a.err == nil && a.unknown == nil {
			size += a.grid.Size() * a.dtype.Size()
		}
	}
	if size >= reclaimMin { // the chunks kept: reuse the garbage's pages for them, as a result's
		reclaim(size)
	}
	blocks, err := computeBlocks(ctx, arrays, opts)
	if err != nil {
		return nil, err
	}
	out := make([]*Array, len(arrays))
	for i, a := range arrays {
		g := a.grid
		if a.unknown != nil { // the computed chunks tell their sizes; empty ones are dropped
			if g, err = gridOfBlocks(a, blocks[i]); err != nil {
				return nil, err
			}
			if chunks, index, ok := nonEmpty(g); ok {
				if g, err = chunk.NewGrid(chunks); err != nil {
					return nil, err
				}
				blocks[i] = keptBlocks(a.grid, index, blocks[i])
			}
		}
		out[i] = &Array{layer: &dataLayer{name: a.Name(), nb: g.NumBlocks(), blocks: blocks[i]}, grid: g, dtype: a.dtype}
	}
	return out, nil
}

// NumTasks returns how many tasks computing a takes after culling and
// fusion (chunks already in memory not counted).
func (a *Array) NumTasks() (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	return scheduler.NewGraph(a.layer).NumTasks(scheduler.Keys(a.layer))
}
