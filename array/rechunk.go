package array

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Rechunk returns x with new chunks: spec is resolved by chunk.Spec.Plan
// (chunk.Size, chunk.Sizes, chunk.Whole for Dask's -1, chunk.Auto; nil
// means automatic on every axis). Bad specs, and unknown chunk sizes
// (ErrUnknownChunks), are recorded on the result.
//
// # Plan
//
// A rechunk is planned as one or more stages through intermediate
// chunkings (see RechunkPlan). Each stage from chunking A to chunking B
// cuts the array along the union of A's and B's chunk boundaries into
// pieces. "Split" tasks cut pieces out of A's chunks, one small task per
// piece, and "merge" tasks assemble each B chunk from the pieces it
// covers, so that no task holds more than one A chunk and a piece, or one
// B chunk's worth of pieces and the chunk itself; the executor releases
// each piece as soon as its merge has run. A piece that is a whole A chunk
// is read as is, and a B chunk that lies inside one A chunk is cut from it
// directly.
//
// When x's chunks are already in memory (a persisted array, FromDense,
// FromBlocks) the first stage copies straight from them instead: they are
// resident anyway, so reading them costs no memory, and each element is
// copied once.
//
// A direct stage costs a task and a copy per piece, so when the two
// chunkings cross (rows into columns, say), the number of pieces is the
// product of both chunk counts. The planner then goes through one or two
// intermediate chunkings whose chunk sizes lie geometrically between x's
// and the target's, never larger in bytes than the larger of the two, and
// picks the number of stages with the lowest estimated cost (tasks and
// copy calls against bytes copied).
func (x *Array) Rechunk(spec chunk.Spec) *Array {
	if x == nil {
		return errorf("rechunk", "nil *Array")
	}
	if e := requireKnown("rechunk", x); e != nil {
		return e
	}
	g, err := spec.Plan(x.Shape(), x.dtype, 0, nil)
	if err != nil {
		return errorf("rechunk", "%v", err)
	}
	return x.rechunkTo(g)
}

// rechunkTo returns x rechunked to grid g, which has x's shape.
func (x *Array) rechunkTo(g chunk.Grid) *Array {
	if g.Equal(x.grid) {
		return x
	}
	if src, perm, ok := transposedSource(x); ok {
		// Rechunk the source, whose chunks are contiguous, and keep
		// reading it transposed: no transposed copy is made to be cut up.
		chunks := make([][]int, len(perm))
		for o, a := range perm {
			chunks[a] = g.Chunks()[o]
		}
		if sg, err := chunk.NewGrid(chunks); err == nil {
			return src.rechunkTo(sg).Transpose(perm...)
		}
	}
	_, resident := x.layer.(*dataLayer)
	stages := planRechunk(x.grid, g, x.dtype.Size(), resident)
	cur := x
	for s, next := range stages {
		cur = cur.rechunkStage(next, s == 0 && resident, s == len(stages)-1)
	}
	return cur
}

// RechunkPlan returns the chunkings a rechunk of x to spec goes through,
// the target last: one grid for a direct rechunk, more when the planner
// chose intermediate chunkings (see Rechunk). It returns the error Rechunk
// would record.
func (x *Array) RechunkPlan(spec chunk.Spec) ([]chunk.Grid, error) {
	if x == nil {
		return nil, fmt.Errorf("array: rechunk: nil *Array")
	}
	if e := requireKnown("rechunk", x); e != nil {
		return nil, e.err
	}
	g, err := spec.Plan(x.Shape(), x.dtype, 0, nil)
	if err != nil {
		return nil, fmt.Errorf("array: rechunk: %v", err)
	}
	if g.Equal(x.grid) {
		return []chunk.Grid{g}, nil
	}
	_, resident := x.layer.(*dataLayer)
	return planRechunk(x.grid, g, x.dtype.Size(), resident), nil
}

// Cost model of the planner, in nanoseconds: a scheduled task (lowering,
// queueing, a small allocation), one contiguous-box copy call, one byte
// copied. Only their ratios matter.
const (
	costTask = 3000.0
	costCall = 150.0
	costByte = 0.25
)

// planRechunk returns the grids to go through from old to new, new last.
func planRechunk(old, new chunk.Grid, itemsize int, resident bool) []chunk.Grid {
	best := []chunk.Grid{new}
	bestCost := stageCost(old, new, itemsize, resident)
	limit := max(maxChunkBytes(old, itemsize), maxChunkBytes(new, itemsize))
	for k := 2; k <= 3; k++ {
		var plan []chunk.Grid
		cost, prev := 0.0, old
		ok := true
		for i := 1; i < k; i++ {
			mid, good := intermediate(old, new, float64(i)/float64(k), itemsize, limit)
			if !good {
				ok = false
				break
			}
			cost += stageCost(prev, mid, itemsize, resident && i == 1)
			plan = append(plan, mid)
			prev = mid
		}
		if !ok {
			continue
		}
		cost += stageCost(prev, new, itemsize, false)
		if cost < bestCost*0.9 { // a clear gain only: every stage copies the data once more
			best, bestCost = append(plan, new), cost
		}
	}
	return best
}

// stageCost estimates a direct stage from a to b.
func stageCost(a, b chunk.Grid, itemsize int, resident bool) float64 {
	pieces, wholes, inside := 1.0, 1.0, true
	for ax := range a.Shape() {
		n, w, in := refineAxis(a.Chunks()[ax], b.Chunks()[ax])
		pieces *= float64(n)
		wholes *= float64(w)
		inside = inside && in
	}
	size := float64(a.Size()) * float64(itemsize)
	cost := float64(b.NumBlocksTotal())*costTask + pieces*costCall + size*costByte
	if split := pieces - wholes; !resident && !inside && split > 0 {
		// Split tasks, and a second copy of the bytes they cut.
		cost += split*(costTask+costCall) + size*costByte*split/pieces
	}
	return cost
}

// refineAxis returns the number of pieces the union of the boundaries of
// chunkings a and b makes on one axis, how many of them are whole a
// chunks, and whether every b chunk lies inside one a chunk.
func refineAxis(a, b []int) (n, whole int, inside bool) {
	ca, cb := cumulative(a), cumulative(b)
	i, j, start := 1, 1, 0
	inside = true
	for i < len(ca) && j < len(cb) {
		n++
		end := min(ca[i], cb[j])
		if start == ca[i-1] && end == ca[i] {
			whole++
		}
		switch {
		case ca[i] == cb[j]:
			i++
			j++
		case ca[i] < cb[j]:
			inside = false
			i++
		default:
			j++
		}
		start = end
	}
	return max(n, 1), max(whole, 1), inside
}

func cumulative(cs []int) []int {
	c := make([]int, len(cs)+1)
	for i, v := range cs {
		c[i+1] = c[i] + v
	}
	return c
}

func maxChunkBytes(g chunk.Grid, itemsize int) float64 {
	b := float64(itemsize)
	for _, cs := range g.Chunks() {
		m := 0
		for _, c := range cs {
			m = max(m, c)
		}
		b *= float64(max(m, 1))
	}
	return b
}

// intermediate returns the regular chunking whose chunk size on each axis
// lies at fraction t of the way from old's to new's on a log scale,
// rounded to a multiple of the smaller of the two so that boundaries line
// up, and shrunk if needed to stay within limit bytes per chunk. It
// reports false when that chunking is old's or new's.
func intermediate(old, new chunk.Grid, t float64, itemsize int, limit float64) (chunk.Grid, bool) {
	nd := old.NDim()
	sizes := make([]int, nd)
	for a := 0; a < nd; a++ {
		n := old.Shape()[a]
		o, w := float64(typical(old.Chunks()[a])), float64(typical(new.Chunks()[a]))
		m := math.Exp((1-t)*math.Log(o) + t*math.Log(w))
		unit := min(o, w)
		c := int(math.Round(m/unit)) * int(unit)
		sizes[a] = min(max(c, 1), max(n, 1))
	}
	// Shrink the largest axes until a chunk fits the limit.
	for boxBytes(sizes, itemsize) > limit {
		a := 0
		for i := range sizes {
			if sizes[i] > sizes[a] {
				a = i
			}
		}
		if sizes[a] <= 1 {
			break
		}
		sizes[a] = max(sizes[a]/2, 1)
	}
	chunks := make([][]int, nd)
	for a := range sizes {
		chunks[a] = chunk.SplitAxis(old.Shape()[a], sizes[a])
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil || g.Equal(old) || g.Equal(new) {
		return chunk.Grid{}, false
	}
	return g, true
}

func boxBytes(sizes []int, itemsize int) float64 {
	b := float64(itemsize)
	for _, s := range sizes {
		b *= float64(s)
	}
	return b
}

// typical returns the size of an axis's first chunk (the regular size),
// or 1 for an empty axis.
func typical(cs []int) int { return max(cs[0], 1) }

// rechunkStage returns x rechunked directly to grid g. direct copies from
// x's chunks in place (they are resident); final marks the last stage,
// whose tasks may fuse into their consumer.
func (x *Array) rechunkStage(g chunk.Grid, direct, final bool) *Array {
	st := newStage(x.grid, g)
	p := rechunkParams{In: x.Chunks(), Pieces: st.pieces.Chunks(), Out: g.Chunks(), DType: x.dtype, Direct: direct}
	params := scheduler.EncodeParams(p)
	name := scheduler.Name("rechunk-merge", params, []byte(x.Name()))
	l := &rechunkLayer{name: name, in: x.layer, src: x, st: st, params: params, direct: direct, inline: final}
	if !direct {
		sp := scheduler.EncodeParams(splitParams{In: x.Chunks(), Target: st.pieces.Chunks(), DType: x.dtype})
		l.split = &splitLayer{name: scheduler.Name("rechunk-split", sp, []byte(x.Name())), in: x.layer, st: st, params: sp}
		// A merge task that is one piece cuts it from its input chunk
		// itself: the split kernel with the output grid as target.
		l.cutParams = scheduler.EncodeParams(splitParams{In: x.Chunks(), Target: g.Chunks(), DType: x.dtype})
	}
	return newLayerArray(l, g, x.dtype)
}

// stage holds the index maps of one direct rechunk from grid in to grid
// out through their common refinement, the piece grid.
type stage struct {
	in, out, pieces chunk.Grid
	// Per axis and piece: the in block and out block that hold it, and
	// whether the piece is the whole in block along that axis.
	inBlock, outBlock [][]int
	wholeIn           [][]bool
	// Per axis and out block: its first piece and number of pieces.
	first, count [][]int
}

func newStage(in, out chunk.Grid) *stage {
	nd := in.NDim()
	st := &stage{in: in, out: out, inBlock: make([][]int, nd), outBlock: make([][]int, nd),
		wholeIn: make([][]bool, nd), first: make([][]int, nd), count: make([][]int, nd)}
	pc := make([][]int, nd)
	for a := 0; a < nd; a++ {
		ci, co := in.Offsets(a), out.Offsets(a)
		st.first[a] = make([]int, len(co)-1)
		st.count[a] = make([]int, len(co)-1)
		if ci[len(ci)-1] == 0 { // an empty axis: one empty piece
			pc[a] = []int{0}
			st.inBlock[a], st.outBlock[a], st.wholeIn[a] = []int{0}, []int{0}, []bool{true}
			st.count[a][0] = 1
			continue
		}
		i, j, pos := 0, 0, 0
		for pos < ci[len(ci)-1] {
			end := min(ci[i+1], co[j+1])
			if st.count[a][j] == 0 {
				st.first[a][j] = len(pc[a])
			}
			st.count[a][j]++
			pc[a] = append(pc[a], end-pos)
			st.inBlock[a] = append(st.inBlock[a], i)
			st.outBlock[a] = append(st.outBlock[a], j)
			st.wholeIn[a] = append(st.wholeIn[a], pos == ci[i] && end == ci[i+1])
			pos = end
			if end == ci[i+1] {
				i++
			}
			if end == co[j+1] {
				j++
			}
		}
	}
	st.pieces, _ = chunk.NewGrid(pc)
	return st
}

type rechunkParams struct {
	In, Pieces, Out [][]int
	DType           chunk.DType
	Direct          bool
}

type splitParams struct {
	In, Target [][]int
	DType      chunk.DType
}

// rechunkLayer computes the chunks of a stage's output grid: merge tasks
// over pieces, or (direct) copies from the overlapping input chunks.
type rechunkLayer struct {
	name      string
	in        scheduler.Layer
	src       *Array // the rechunked array (not encoded: for reductions, see reduceThrough)
	split     *splitLayer
	st        *stage
	params    []byte
	cutParams []byte
	direct    bool
	inline    bool
}

func (l *rechunkLayer) Name() string { return l.name }
func (l *rechunkLayer) Inputs() []scheduler.Layer {
	if l.split != nil {
		return []scheduler.Layer{l.in, l.split}
	}
	return []scheduler.Layer{l.in}
}
func (l *rechunkLayer) NumBlocks() []int { return l.st.out.NumBlocks() }

func (l *rechunkLayer) Task(idx []int) scheduler.Task {
	st := l.st
	nd := len(idx)
	if l.direct {
		lo, span := overlap(st.in, st.out.BlockBox(idx))
		var keys []scheduler.Key
		in := make([]int, nd)
		chunk.EachIndex(span, func(off []int) {
			for a := range in {
				in[a] = lo[a] + off[a]
			}
			keys = append(keys, scheduler.NewKey(l.in.Name(), in))
		})
		return scheduler.Task{Kernel: "array.rechunk", Params: l.params, Inputs: keys, Inline: l.inline}
	}
	single := true
	for a := 0; a < nd; a++ {
		single = single && st.count[a][idx[a]] == 1
	}
	if single {
		// One piece: it lies inside one input chunk.
		in := make([]int, nd)
		whole := true
		for a := 0; a < nd; a++ {
			p := st.first[a][idx[a]]
			in[a] = st.inBlock[a][p]
			whole = whole && st.wholeIn[a][p]
		}
		k := scheduler.NewKey(l.in.Name(), in)
		if whole {
			return scheduler.Task{Kernel: "array.rechunk.identity", Inputs: []scheduler.Key{k}, Inline: true}
		}
		return scheduler.Task{Kernel: "array.rechunk.split", Params: l.cutParams, Inputs: []scheduler.Key{k}, Inline: l.inline}
	}
	span := make([]int, nd)
	for a := range span {
		span[a] = st.count[a][idx[a]]
	}
	keys := make([]scheduler.Key, 0, chunk.Prod(span))
	p := make([]int, nd)
	in := make([]int, nd)
	chunk.EachIndex(span, func(off []int) {
		whole := true
		for a := range p {
			p[a] = st.first[a][idx[a]] + off[a]
			in[a] = st.inBlock[a][p[a]]
			whole = whole && st.wholeIn[a][p[a]]
		}
		if whole {
			keys = append(keys, scheduler.NewKey(l.in.Name(), in))
		} else {
			keys = append(keys, scheduler.NewKey(l.split.name, p))
		}
	})
	return scheduler.Task{Kernel: "array.rechunk.merge", Params: l.params, Inputs: keys, Inline: l.inline}
}

// splitLayer cuts pieces out of input chunks: block p of the piece grid
// is read from the one input chunk that holds it.
type splitLayer struct {
	name   string
	in     scheduler.Layer
	st     *stage
	params []byte
}

func (l *splitLayer) Name() string              { return l.name }
func (l *splitLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.in} }
func (l *splitLayer) NumBlocks() []int          { return l.st.pieces.NumBlocks() }

func (l *splitLayer) Task(idx []int) scheduler.Task {
	in := make([]int, len(idx))
	for a, p := range idx {
		in[a] = l.st.inBlock[a][p]
	}
	return scheduler.Task{Kernel: "array.rechunk.split", Params: l.params, Inputs: []scheduler.Key{scheduler.NewKey(l.in.Name(), in)}}
}

// overlap returns the first block and the number of blocks of g along
// each axis that intersect box.
func overlap(g chunk.Grid, box chunk.Box) (lo, span []int) {
	nd := len(box.Min)
	lo, span = make([]int, nd), make([]int, nd)
	for a := 0; a < nd; a++ {
		if box.Max[a] <= box.Min[a] {
			span[a] = 1 // an empty axis still has its one (empty) block
			continue
		}
		lo[a] = g.BlockOf(a, box.Min[a])
		span[a] = g.BlockOf(a, box.Max[a]-1) - lo[a] + 1
	}
	return lo, span
}

func init() {
	scheduler.RegisterFunc("array.rechunk.identity", func(_ []int, in []any) (any, error) {
		if len(in) != 1 {
			return nil, fmt.Errorf("array: rechunk: identity of %d inputs", len(in))
		}
		return in[0], nil
	})
	// array.rechunk.split cuts block `block` of the Target grid out of
	// the one input chunk of the In grid that holds it.
	scheduler.RegisterBorrowing("array.rechunk.split", func(b []byte) (scheduler.Func, error) {
		var p splitParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, err
		}
		in, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		target, err := chunk.NewGrid(p.Target)
		if err != nil {
			return nil, err
		}
		return func(block []int, inputs []any) (any, error) {
			ds, err := blockwise.Denses(inputs)
			if err != nil {
				return nil, err
			}
			if len(ds) != 1 {
				return nil, fmt.Errorf("array: rechunk: split of %d inputs", len(ds))
			}
			box := target.BlockBox(block)
			lo, _ := overlap(in, box)
			ib := in.BlockBox(lo)
			if !chunk.EqualShapes(ds[0].Shape(), ib.Shape()) {
				return nil, fmt.Errorf("array: rechunk: input chunk of shape %v, want %v", ds[0].Shape(), ib.Shape())
			}
			return ds[0].Region(box.Sub(ib.Min)), nil
		}, nil
	})
	// array.rechunk.merge assembles an output chunk from the pieces it
	// covers, in C order of piece index; array.rechunk (direct) from the
	// input chunks it overlaps.
	prepare := func(b []byte) (scheduler.Func, error) {
		var p rechunkParams
		if err := scheduler.DecodeParams(b, &p); err != nil {
			return nil, err
		}
		in, err := chunk.NewGrid(p.In)
		if err != nil {
			return nil, err
		}
		pieces, err := chunk.NewGrid(p.Pieces)
		if err != nil {
			return nil, err
		}
		out, err := chunk.NewGrid(p.Out)
		if err != nil {
			return nil, err
		}
		src := pieces
		if p.Direct {
			src = in
		}
		return func(block []int, inputs []any) (any, error) {
			ds, err := blockwise.Denses(inputs)
			if err != nil {
				return nil, err
			}
			box := out.BlockBox(block)
			dst := chunk.NewPooledDense(p.DType, box.Shape()) // the pieces cover it
			lo, span := overlap(src, box)
			i := 0
			bi := make([]int, len(block))
			var cerr error
			var copies []pieceCopy
			chunk.EachIndex(span, func(off []int) {
				for a := range bi {
					bi[a] = lo[a] + off[a]
				}
				if i >= len(ds) {
					i++
					return
				}
				sb := src.BlockBox(bi)
				d := ds[i]
				i++
				if d.DType() != p.DType || !chunk.EqualShapes(d.Shape(), sb.Shape()) {
					if cerr == nil {
						cerr = fmt.Errorf("array: rechunk: piece %v is a %v chunk of shape %v, want %v of shape %v", bi, d.DType(), d.Shape(), p.DType, sb.Shape())
					}
					return
				}
				if part, ok := sb.Intersect(box); ok {
					copies = append(copies, pieceCopy{part.Sub(box.Min).Min, d, part.Sub(sb.Min)})
				}
			})
			if cerr != nil {
				return nil, cerr
			}
			copyPieces(dst, copies)
			if i != len(ds) {
				return nil, fmt.Errorf("array: rechunk: %d inputs, expected %d", len(ds), i)
			}
			return dst, nil
		}, nil
	}
	scheduler.RegisterBorrowing("array.rechunk", prepare)
	scheduler.RegisterBorrowing("array.rechunk.merge", prepare)
}

// pieceCopy is one piece of a rechunked chunk: region from of src goes
// to dst at offset at.
type pieceCopy struct {
	at   []int
	src  *chunk.Dense
	from chunk.Box
}

// parallelCopyMin is the size in bytes from which a chunk assembled from
// several pieces is copied by every core: one task merging small chunks
// into one of 128 MB would otherwise copy it on one core while the
// others wait for it.
const parallelCopyMin = 16 << 20

// copyPieces copies the pieces into dst (they cover disjoint regions of
// it), on every core when dst is large.
func copyPieces(dst *chunk.Dense, copies []pieceCopy) {
	workers := min(runtime.GOMAXPROCS(0), len(copies))
	if dst.NBytes() < parallelCopyMin || workers < 2 {
		for _, c := range copies {
			chunk.CopyBox(dst, c.at, c.src, c.from)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { // a run of pieces each: bands of dst's rows
			for _, c := range copies[w*len(copies)/workers : (w+1)*len(copies)/workers] {
				chunk.CopyBox(dst, c.at, c.src, c.from)
			}
		})
	}
	wg.Wait()
}
