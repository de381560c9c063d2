package blockwise

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// TileSize is the number of elements an expression is evaluated over at a
// time: small enough that every intermediate of a typical chain stays in
// L1/L2, large enough that per-tile dispatch is noise.
const TileSize = 1024

// Frame places one output chunk in its array: the chunk's shape, the
// global index of its first element and the whole array's shape. Leaves
// that depend on position (index, random) read it.
type Frame struct {
	Shape  []int
	Origin []int
	Global []int
}

// FrameOf returns the frame of block idx of grid g.
func FrameOf(g chunk.Grid, idx []int) Frame {
	b := g.BlockBox(idx)
	return Frame{Shape: b.Shape(), Origin: b.Min, Global: g.Shape()}
}

// FrameOfInput is FrameOf, except that when shapeFromInput the frame has
// the shape of the first input chunk: g only bounds the blocks of an
// array whose chunk sizes are not known until computed (a boolean
// mask's selection), whose programs read no element positions.
func FrameOfInput(g chunk.Grid, idx []int, in []*chunk.Dense, shapeFromInput bool) Frame {
	f := FrameOf(g, idx)
	if shapeFromInput && len(in) > 0 {
		f.Shape = in[0].Shape()
	}
	return f
}

// Evaluator evaluates a Program over one chunk, one tile at a time. It is
// not safe for concurrent use; make one per task.
type Evaluator struct {
	p      *Program
	f      Frame
	n      int    // elements in the chunk
	inputs []view // per input read in place: its tile view
	bufs   []any  // per instruction: a tile buffer of TileSize (nil for inputs)
	tails  []any  // per instruction: its buffer cut to the tail (the chunk's last, partial tile, or a row's)
	tail   int    // the length of the tails
	row    int    // when > 0, tiles end where rows of this length end (see TileLen)
	views  []any  // per instruction: the current tile's values
	keys   []uint64
	bcast  []*bcastInput // per input: set when it broadcasts to the frame
	gstr   []int64       // global strides
	idx    []int         // scratch multi-index
	scan   scanner       // set by ScanAlong
	band   int           // when > 0, tiles end where bands of this many elements end (see transposedBands)
	err    error
}

// NewEvaluator prepares p over a chunk placed by f, with the given input
// chunks. An input whose shape differs from f.Shape is broadcast to it
// (NumPy rules, right-aligned); an input whose dtype differs from what p
// reads is an error.
func NewEvaluator(p *Program, f Frame, inputs []*chunk.Dense) (*Evaluator, error) {
	if len(inputs) != p.NIn {
		return nil, fmt.Errorf("blockwise: program reads %d inputs, got %d", p.NIn, len(inputs))
	}
	ni, np := len(inputs), len(p.Instrs)
	slots := make([]any, 3*np) // one allocation for the three slices
	e := &Evaluator{p: p, f: f, n: chunk.Prod(f.Shape), inputs: make([]view, ni),
		bufs: slots[:np], views: slots[np : 2*np], tails: slots[2*np:],
		idx: make([]int, len(f.Shape))}
	for k, in := range inputs {
		var perm []int
		if p.Perms != nil {
			perm = p.Perms[k]
		}
		origin, steps, err := p.windowOrigin(k, f, in.Shape(), perm)
		if err != nil {
			return nil, err
		}
		if perm == nil && origin == nil && chunk.EqualShapes(in.Shape(), f.Shape) {
			e.inputs[k] = viewOf(in.Data())
			continue
		}
		st, base, err := readStrides(in.Shape(), f.Shape, perm, origin, steps)
		if err != nil {
			return nil, err
		}
		if contiguous(st, f.Shape) {
			// A window of whole rows (or a chunk read through an axis map
			// that moves no axis of length > 1): read in place.
			e.inputs[k] = viewOf(sliceOf(in.Data(), base, base+e.n))
			continue
		}
		if e.bcast == nil {
			e.bcast = make([]*bcastInput, len(inputs))
		}
		tile := chunk.NewDense(in.DType(), []int{min(TileSize, e.n)})
		b := &bcastInput{src: in, strides: st, base: base, tile: tile, full: tile.Data()}
		if len(p.Instrs) > 1 { // a lone input read transposed is EvalTo's copyTransposed
			b.bandAxis, b.bandRows = transposedBands(f.Shape, st)
		}
		if last := len(f.Shape) - 1; last >= 0 && st[last] == 1 {
			// Rows lie consecutive in the source: a tile within one row
			// is read in place, and tiles end at row ends when rows are
			// long enough for that to beat gathering them.
			b.rows = viewOf(in.Data())
			if f.Shape[last] >= minRowTile {
				e.row = f.Shape[last]
			}
		}
		e.bcast[k] = b
	}
	e.band = e.setBands()
	e.tail = e.n % TileSize
	if e.row > 0 {
		e.tail = e.row % TileSize
	}
	for i := range p.Instrs {
		in := &p.Instrs[i]
		switch in.Op {
		case OpInput:
			if got := inputs[in.K].DType(); got != in.DType {
				return nil, fmt.Errorf("blockwise: input %d has dtype %v, program reads %v", in.K, got, in.DType)
			}
			continue
		case OpRandom, OpRandInt:
			e.keys = append(e.keys, streamKey(in.K, 0))
		case OpNormal:
			e.keys = append(e.keys, streamKey(in.K, 1), streamKey(in.K, 2))
		}
		e.bufs[i] = tileBuffer(in.DType)
		if in.Op == OpConst {
			fillConst(in, sliceOf(e.bufs[i], 0, min(TileSize, e.n))) // constants fill their tile once
		}
		if e.tail != 0 {
			// Boxed once here: re-slicing per tile would allocate.
			e.tails[i] = sliceOf(e.bufs[i], 0, e.tail)
		}
	}
	e.gstr = make([]int64, len(f.Global))
	s := int64(1)
	for a := len(f.Global) - 1; a >= 0; a-- {
		e.gstr[a] = s
		s *= int64(f.Global[a])
	}
	return e, nil
}

// tilePools recycle tile buffers across tasks, one pool per dtype.
var tilePools [256]sync.Pool // indexed by chunk.DType

func tileBuffer(dt chunk.DType) any {
	if b := tilePools[dt].Get(); b != nil {
		return b
	}
	return chunk.NewDense(dt, []int{TileSize}).Data()
}

// Release returns the evaluator's scratch buffers for reuse by later
// evaluators; e must not be used afterwards.
func (e *Evaluator) Release() {
	if e.scan != nil {
		e.scan.release()
	}
	for _, b := range e.bcast {
		if b != nil && b.band != nil {
			b.band.Recycle()
			b.band = nil
		}
	}
	for i, b := range e.bufs {
		if b != nil {
			tilePools[e.p.Instrs[i].DType].Put(b)
			e.bufs[i] = nil
			e.tails[i] = nil
		}
	}
}

// Len returns the number of elements of the chunk.
func (e *Evaluator) Len() int { return e.n }

// minRowTile is the shortest row that tiles end at (see TileLen): below
// it, gathering rows into whole tiles costs less than more, shorter tiles.
const minRowTile = 256

// TileLen returns the length of the tile to evaluate at off (C order):
// TileSize, or less at the chunk's end, or where a row of the frame ends
// when an input is read from rows that do not follow each other in its
// chunk (a window of a larger chunk, a broadcast row), so that each tile
// reads them in place instead of gathering them. Callers step through
// the chunk with it; any other tiling is correct, only slower.
func (e *Evaluator) TileLen(off int) int {
	m := min(TileSize, e.n-off)
	if e.row > 0 {
		m = min(m, e.row-off%e.row)
	}
	if e.band > 0 {
		m = min(m, e.band-off%e.band)
	}
	return m
}

// Err returns the first error met while evaluating (an integer raised to
// a negative power, say).
func (e *Evaluator) Err() error { return e.err }

// Tile evaluates elements [off, off+n) of the chunk (C order, n ≤
// TileSize) and returns the result, valid until the next call, as a typed
// slice of length n or a pointer to one (read it with Slice). When dst is
// not nil (a typed slice, or a pointer to one) the result is written
// there.
func (e *Evaluator) Tile(off, n int, dst any) any {
	if e.scan == nil {
		return e.tile(off, n, dst)
	}
	into := dst
	if len(e.p.Instrs) == 1 && e.p.Instrs[0].Op == OpInput {
		into = nil // scan the input's values straight into dst, not a copy of them in place
	}
	v := e.tile(off, n, into)
	s, err := e.scan.scan(dst, v, off, n)
	if err != nil {
		if e.err == nil {
			e.err = err // a caller's bug: tiles out of order
		}
		return v
	}
	return s
}

// tile is Tile before any scan.
func (e *Evaluator) tile(off, n int, dst any) any {
	last := len(e.p.Instrs) - 1
	keyAt := 0 // leaves consume their stream keys in instruction order
	for i := range e.p.Instrs {
		in := &e.p.Instrs[i]
		if in.Op == OpInput {
			if e.bcast != nil && e.bcast[in.K] != nil {
				e.views[i] = e.bcast[in.K].gather(e.f.Shape, e.idx, off, n)
			} else {
				v := &e.inputs[in.K]
				v.set(off, off+n)
				e.views[i] = v.box
			}
			if i == last && dst != nil {
				Convert(dst, e.views[i])
				return dst
			}
			continue
		}
		var out any
		switch {
		case i == last && dst != nil:
			out = dst
		case n == TileSize:
			out = e.bufs[i]
		case n == e.tail:
			out = e.tails[i]
		default:
			out = sliceOf(e.bufs[i], 0, n)
		}
		if i == last && dst != nil {
			out = dst
		}
		var err error
		switch op := in.Op; {
		case op == OpConst:
			if i == last && dst != nil {
				fillConst(in, out)
			}
		case op == OpIndex || op == OpAxisIndex || op == OpRandom || op == OpNormal || op == OpRandInt || op == OpTri:
			e.leaf(in, out, off, n, &keyAt)
		case op == OpCast:
			Convert(out, e.views[in.A])
		case op.isBinaryArith() || op.isBitwise():
			err = binary(op, in.DType, out, e.views[in.A], e.views[in.B])
		case op.isCompare():
			compare(op, e.p.Instrs[in.A].DType, Slice[bool](out), e.views[in.A], e.views[in.B])
		case op.isPredicate():
			predicate(op, e.p.Instrs[in.A].DType, Slice[bool](out), e.views[in.A])
		case op == OpWhere:
			where(in.DType, out, Slice[bool](e.views[in.A]), e.views[in.B], e.views[in.C])
		case op == OpComplex:
			complexFrom(in.DType, out, e.views[in.A], e.views[in.B])
		case e.p.Instrs[in.A].DType.IsComplex() && !in.DType.IsComplex():
			err = complexToReal(op, e.p.Instrs[in.A].DType, out, e.views[in.A])
		default:
			err = unary(op, in.DType, out, e.views[in.A])
		}
		if err != nil && e.err == nil {
			e.err = err
		}
		e.views[i] = out
	}
	return e.views[last]
}

// leaf fills out with the values of a position-dependent leaf for
// elements [off, off+n), one contiguous row run at a time.
func (e *Evaluator) leaf(in *Instr, out any, off, n int, keyAt *int) {
	k := *keyAt
	switch in.Op {
	case OpRandom, OpRandInt:
		*keyAt += 1
	case OpNormal:
		*keyAt += 2
	}
	nd := len(e.f.Shape)
	rowRuns(e.f.Shape, e.idx, off, n, func(pos, run int, idx []int) {
		var g int64
		for a := range idx {
			g += int64(e.f.Origin[a]+idx[a]) * e.gstr[a]
		}
		switch in.Op {
		case OpIndex:
			d := Slice[int64](out)[pos : pos+run]
			for j := range d {
				d[j] = g + int64(j)
			}
		case OpAxisIndex:
			d := Slice[int64](out)[pos : pos+run]
			a := int(in.K)
			v := int64(e.f.Origin[a] + idx[a])
			if a == nd-1 { // the run's own axis counts up
				for j := range d {
					d[j] = v + int64(j)
				}
				break
			}
			for j := range d {
				d[j] = v
			}
		case OpTri: // a prefix of the run is on or below the diagonal
			d := Slice[bool](out)[pos : pos+run]
			row := int64(0)
			if nd > 1 {
				row = int64(e.f.Origin[nd-2] + idx[nd-2])
			}
			col := int64(e.f.Origin[nd-1] + idx[nd-1])
			s := int(min(max(row+in.K-col+1, 0), int64(run)))
			for j := range d[:s] {
				d[j] = true
			}
			clear(d[s:])
		case OpRandom:
			uniformRun(Slice[float64](out)[pos:pos+run], e.keys[k], g)
		case OpNormal:
			normalRun(Slice[float64](out)[pos:pos+run], e.keys[k], e.keys[k+1], g)
		case OpRandInt:
			randIntRun(Slice[int64](out)[pos:pos+run], e.keys[k], g, in.F, in.G)
		}
	})
}

// rowRuns splits elements [off, off+n) of a C-order array of the given
// shape into runs that stay within one row of the last axis, and calls f
// with each run's position in the tile, its length and the multi-index of
// its first element (idx is scratch of len(shape), reused).
func rowRuns(shape, idx []int, off, n int, f func(pos, run int, idx []int)) {
	nd := len(shape)
	chunk.Unravel(idx, off, shape)
	for pos := 0; pos < n; {
		run := n - pos
		if nd > 0 {
			run = min(run, shape[nd-1]-idx[nd-1])
		}
		f(pos, run, idx)
		pos += run
		if nd > 0 {
			idx[nd-1] += run
			for a := nd - 1; a > 0 && idx[a] >= shape[a]; a-- {
				idx[a] = 0
				idx[a-1]++
			}
		}
	}
}

// EvalTo evaluates the whole chunk into dst, which has the program's
// dtype and the frame's shape.
func (e *Evaluator) EvalTo(dst *chunk.Dense) error {
	if e.scan == nil && e.copyTransposed(dst) {
		return nil
	}
	v := viewOf(dst.Data())
	for off, n := 0, 0; off < e.n; off += n {
		n = e.TileLen(off)
		v.set(off, off+n)
		e.Tile(off, n, v.box)
	}
	return e.err
}

// copyTransposed writes a program that only reads one input through an
// axis map, and reads it transposed (its contiguous axis is not the
// frame's last), straight into dst in square blocks, where tiles would
// read a cache line per element; it reports whether it did.
func (e *Evaluator) copyTransposed(dst *chunk.Dense) bool {
	if len(e.p.Instrs) != 1 || e.bcast == nil || e.n == 0 {
		return false
	}
	b := e.bcast[e.p.Instrs[0].K]
	nd := len(e.f.Shape)
	if b == nil || nd < 2 || b.strides[nd-1] == 1 || b.src.DType() != dst.DType() || reversed(b.strides) {
		return false
	}
	p := -1
	for a, s := range b.strides {
		if s == 1 && e.f.Shape[a] > 1 {
			p = a
		}
		if s == 0 && e.f.Shape[a] != 1 {
			return false // broadcast
		}
	}
	if p < 0 {
		return false
	}
	chunk.CopyTransposed(dst, b.src.Bytes()[b.base*dst.DType().Size():], b.strides, p)
	return true
}

// Eval evaluates p over the chunk placed by f into a new buffer.
func Eval(p *Program, f Frame, inputs []*chunk.Dense) (*chunk.Dense, error) {
	e, err := NewEvaluator(p, f, inputs)
	if err != nil {
		return nil, err
	}
	defer e.Release()
	out := chunk.NewPooledDense(p.DType(), f.Shape) // EvalTo writes every element
	if err := e.EvalTo(out); err != nil {
		return nil, err
	}
	return out, nil
}

// EvalShared is Eval for a caller that only reads the result, and only
// while it runs: a program that reads one input unchanged (the frame's
// shape, the program's dtype, no transposition) returns that input chunk
// itself instead of a copy. The caller must not modify, keep, return or
// recycle the result, since it may be an input (which a borrowing kernel
// promises not to do with its inputs anyway).
func EvalShared(p *Program, f Frame, inputs []*chunk.Dense) (*chunk.Dense, error) {
	if len(p.Instrs) == 1 && p.Instrs[0].Op == OpInput && int(p.Instrs[0].K) < len(inputs) {
		k := p.Instrs[0].K
		in := inputs[k]
		if in.DType() == p.DType() && chunk.EqualShapes(in.Shape(), f.Shape) && p.InOrder(int(k)) {
			return in, nil
		}
	}
	return Eval(p, f, inputs)
}

// A view is a typed slice boxed as a pointer to a slice header it owns,
// which set re-points at elements [lo, hi) of a chunk's data. Boxing a
// slice itself allocates its header on the heap, and doing so for every
// tile of every input cost a fifth of a fused chain's time; boxing the
// pointer allocates nothing, so a view is made once per chunk and set
// rewrites the header it points to. Like a tile buffer, the box holds
// one tile at a time: its users read it with Slice and keep nothing
// across tiles.
type view struct {
	box any // a *[]T
	set func(lo, hi int)
}

func newView[T any](s []T) view {
	h := new([]T)
	return view{box: h, set: func(lo, hi int) { *h = s[lo:hi:hi] }}
}

// viewOf returns a view of the typed slice s.
func viewOf(s any) view {
	switch v := s.(type) {
	case []bool:
		return newView(v)
	case []int8:
		return newView(v)
	case []int16:
		return newView(v)
	case []int32:
		return newView(v)
	case []int64:
		return newView(v)
	case []uint8:
		return newView(v)
	case []uint16:
		return newView(v)
	case []chunk.Half:
		return newView(v)
	case []uint32:
		return newView(v)
	case []uint64:
		return newView(v)
	case []float32:
		return newView(v)
	case []float64:
		return newView(v)
	case []complex64:
		return newView(v)
	case []complex128:
		return newView(v)
	}
	panic(fmt.Sprintf("blockwise: view of %T", s))
}

// sliceOf returns s[lo:hi] boxed (an allocation).
func sliceOf(s any, lo, hi int) any {
	switch v := s.(type) {
	case []bool:
		return v[lo:hi]
	case []int8:
		return v[lo:hi]
	case []int16:
		return v[lo:hi]
	case []int32:
		return v[lo:hi]
	case []int64:
		return v[lo:hi]
	case []uint8:
		return v[lo:hi]
	case []uint16:
		return v[lo:hi]
	case []chunk.Half:
		return v[lo:hi]
	case []uint32:
		return v[lo:hi]
	case []uint64:
		return v[lo:hi]
	case []float32:
		return v[lo:hi]
	case []float64:
		return v[lo:hi]
	case []complex64:
		return v[lo:hi]
	case []complex128:
		return v[lo:hi]
	}
	panic(fmt.Sprintf("blockwise: slice of %T", s))
}

// BroadcastShapes returns the NumPy broadcast of the given shapes, or an
// error naming the first pair that cannot broadcast.
func BroadcastShapes(shapes ...[]int) ([]int, error) {
	nd := 0
	for _, s := range shapes {
		nd = max(nd, len(s))
	}
	out := make([]int, nd)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		for i, n := range s {
			a := nd - len(s) + i
			switch {
			case n == out[a] || n == 1:
			case out[a] == 1:
				out[a] = n
			default:
				return nil, fmt.Errorf("shapes %v cannot broadcast (axis %d: %d vs %d)", shapes, a, out[a], n)
			}
		}
	}
	return out, nil
}

// DType returns the dtype of the values Tile returns.
func (e *Evaluator) DType() chunk.DType { return e.p.DType() }

// bcastInput is an input chunk smaller than the frame, repeated along its
// missing or length-1 axes. Tiles gather from it row run by row run, so no
// chunk-sized copy is ever made.
type bcastInput struct {
	src     *chunk.Dense
	strides []int // source element stride per frame axis; 0 where broadcast
	base    int   // the source element of the frame's first
	rows    view  // the source's data, when rows are consecutive in it (box nil otherwise)
	tile    *chunk.Dense
	full    any // tile's data, boxed once: boxing per tile allocates

	// A transposed read (see transposedBands, setBands) is copied a band
	// of the frame at a time into band, whose tiles are then read in place.
	band     *chunk.Dense
	bandView view
	bandRows int // the band's length along the frame's first axis
	bandAt   int // the frame element the band holds first, -1 before any
	bandAxis int // the frame axis of stride 1 in the source
}

// Transposed reads of frames of transposedMin elements or more are
// copied in bands of about transposedBand elements (see transposedBands).
const (
	transposedMin  = 16 << 10
	transposedBand = 64 << 10
)

// transposedBands reports, for an input read through strides st into a
// frame of the given shape, whether it is a transposed read: its
// contiguous axis is not the frame's last (x + x.T), so that gathering a
// tile reads a cache line per element. Such an input is copied a band at
// a time (whole slices along the frame's first axis) in square blocks
// into a pooled buffer as the tiles reach the band, and the tiles read it
// in place (see setBands). It returns the frame axis of stride 1 in the
// source and the rows a band should have (about transposedBand elements,
// at least 16 rows when that axis is the first), or rows 0 for other
// reads (broadcasts, frames under transposedMin elements).
func transposedBands(shape, st []int) (axis, rows int) {
	nd := len(shape)
	n := chunk.Prod(shape)
	if nd < 2 || st[nd-1] == 1 || n < transposedMin || reversed(st) {
		return 0, 0
	}
	p := -1
	for a, s := range st {
		if s == 1 && shape[a] > 1 {
			p = a
		}
		if s == 0 && shape[a] != 1 {
			return 0, 0 // a broadcast
		}
	}
	if p < 0 {
		return 0, 0
	}
	rows = max(1, transposedBand/(n/shape[0]))
	if p == 0 {
		rows = max(rows, 16) // square blocks along the first axis
	}
	return p, min(rows, shape[0])
}

// setBands gives every input read transposed (bandRows > 0) a band
// buffer of the same number of rows, the most any of them wants, so that
// tiles, which end at band ends, lie within one band of each; it returns
// the band's length in elements, or 0 when no input is read so.
func (e *Evaluator) setBands() int {
	rows := 0
	for _, b := range e.bcast {
		if b != nil {
			rows = max(rows, b.bandRows)
		}
	}
	if rows == 0 {
		return 0
	}
	bs := append([]int{rows}, e.f.Shape[1:]...)
	for _, b := range e.bcast {
		if b != nil && b.bandRows > 0 {
			b.band = chunk.NewPooledDense(b.src.DType(), bs) // filled band by band before it is read
			b.bandView = viewOf(b.band.Data())
			b.bandRows, b.bandAt = rows, -1
		}
	}
	return chunk.Prod(bs)
}

// readBand returns elements [off, off+n) of the frame of the given shape,
// all within one band, from the band holding them, copying that band
// first when it is not the one held.
func (b *bcastInput) readBand(shape []int, off, n int) any {
	slice := b.band.Len() / b.bandRows
	at := off - off%b.band.Len()
	if at != b.bandAt {
		r0 := at / slice
		rows := min(b.bandRows, shape[0]-r0)
		bs := append([]int{rows}, shape[1:]...)
		es := b.src.DType().Size()
		chunk.CopyTransposed(b.band.View(0, bs), b.src.Bytes()[(b.base+r0*b.strides[0])*es:], b.strides, b.bandAxis)
		b.bandAt = at
	}
	b.bandView.set(off-at, off-at+n)
	return b.bandView.box
}

// windowOrigin returns, when input k is read through windows (Bounds),
// the position in its chunk of the frame's first element along each
// chunk axis, -1 along the axes the chunk spans the frame exactly, and
// the steps along them (Steps; nil: 1); otherwise nil.
func (p *Program) windowOrigin(k int, f Frame, in, perm []int) (origin, steps []int, err error) {
	if p.Bounds == nil || p.Bounds[k] == nil {
		return nil, nil, nil
	}
	bounds, nd := p.Bounds[k], len(f.Shape)
	if len(bounds) != len(in) || len(f.Origin) != nd {
		return nil, nil, fmt.Errorf("blockwise: windows over %d axes of a chunk of shape %v in a frame at %v", len(bounds), in, f.Origin)
	}
	if p.Steps != nil {
		steps = p.Steps[k]
	}
	origin = make([]int, len(in))
	for i := range origin {
		origin[i] = -1
	}
	for a := range nd {
		i := a - (nd - len(in))
		if perm != nil {
			i = perm[a]
		}
		if i < 0 || i >= len(in) || bounds[i] == nil {
			continue
		}
		g := f.Origin[a] * stepOf(steps, i)
		j := max(sort.SearchInts(bounds[i], g+1)-1, 0) // the last chunk starting at or before g
		origin[i] = g - bounds[i][j]
	}
	return origin, steps, nil
}

// stepOf is the step along axis i of steps (Program.Steps): 1 where
// there is none.
func stepOf(steps []int, i int) int {
	if i < len(steps) && steps[i] != 0 {
		return steps[i]
	}
	return 1
}

// readStrides returns, per axis of the frame's shape, the stride of the
// input chunk's data along the chunk axis that frame axis reads (0 where
// the input is broadcast), and the element holding the frame's first.
// perm maps frame axes to chunk axes (-1: none); nil reads the chunk
// right-aligned, as NumPy broadcasting does. origin, when not nil, places
// the frame as a window in the chunk along the axes where it is ≥ 0,
// reading every steps[i]-th element along chunk axis i there.
func readStrides(in, shape, perm, origin, steps []int) ([]int, int, error) {
	nd := len(shape)
	if perm == nil && len(in) > nd {
		return nil, 0, fmt.Errorf("blockwise: cannot broadcast shape %v to %v", in, shape)
	}
	if perm != nil && len(perm) != nd {
		return nil, 0, fmt.Errorf("blockwise: axis map %v for a frame of %d axes", perm, nd)
	}
	st := chunk.Strides(in)
	out := make([]int, nd)
	base := 0
	for a := range shape {
		i := a - (nd - len(in))
		if perm != nil {
			i = perm[a]
		}
		if i < 0 {
			continue
		}
		if i >= len(in) {
			return nil, 0, fmt.Errorf("blockwise: axis map %v reads axis %d of a chunk of shape %v", perm, i, in)
		}
		o, step := -1, 1
		if origin != nil {
			o, step = origin[i], stepOf(steps, i)
		}
		switch n := in[i]; {
		case o < 0 && n == shape[a]:
			out[a] = st[i]
		case o >= 0 && windowFits(o, shape[a], step, n):
			out[a] = st[i] * step
			base += o * st[i]
		case o < 0 && n == 1:
		case o >= 0:
			return nil, 0, fmt.Errorf("blockwise: window at %v of a chunk of shape %v cannot hold %v", origin, in, shape)
		case perm != nil:
			return nil, 0, fmt.Errorf("blockwise: chunk of shape %v read through axis map %v cannot fill %v", in, perm, shape)
		default:
			return nil, 0, fmt.Errorf("blockwise: cannot broadcast shape %v to %v", in, shape)
		}
	}
	return out, base, nil
}

// windowFits reports whether count elements from position o, step
// apart, lie in an axis of length n.
func windowFits(o, count, step, n int) bool {
	if count == 0 {
		return o <= n
	}
	last := o + (count-1)*step
	return o < n && last >= 0 && last < n
}

// reversed reports whether any of strides is negative (a window read
// with a negative step), which the square-block transposes do not take.
func reversed(strides []int) bool {
	return slices.ContainsFunc(strides, func(s int) bool { return s < 0 })
}

// contiguous reports whether strides read a frame of the given shape as
// one run of consecutive elements, in order.
func contiguous(strides, shape []int) bool {
	want := 1
	for a := len(shape) - 1; a >= 0; a-- {
		if shape[a] == 1 {
			continue
		}
		if strides[a] != want {
			return false
		}
		want *= shape[a]
	}
	return true
}

// gather fills b.tile with frame elements [off, off+n) and returns them
// as a typed slice.
func (b *bcastInput) gather(shape, idx []int, off, n int) any {
	if b.band != nil && off/b.band.Len() == (off+n-1)/b.band.Len() { // within one band (TileLen's tiles are)
		return b.readBand(shape, off, n)
	}
	last := len(shape) - 1
	if b.rows.box != nil {
		chunk.Unravel(idx, off, shape)
		if idx[last]+n <= shape[last] { // the tile lies in one row: read it in place
			q := b.base
			for a, i := range idx {
				q += i * b.strides[a]
			}
			b.rows.set(q, q+n)
			return b.rows.box
		}
	}
	es := b.src.DType().Size()
	dst, src := b.tile.Bytes(), b.src.Bytes()
	if last > 0 && shape[last] < n && b.sameRows() {
		// Every row reads the same elements (per-channel constants against
		// an image): one row from the tile's phase, then doubled.
		l, q, st := shape[last], b.base, b.strides[last]
		phase := off % l
		for j := range l {
			e := q + (phase+j)%l*st
			copy(dst[j*es:(j+1)*es], src[e*es:(e+1)*es])
		}
		for k := l; k < n; k *= 2 {
			copy(dst[k*es:n*es], dst[:k*es])
		}
	} else if last > 0 && b.strides[last] == 0 && shape[last] < n && (es == 8 || es == 4 || es == 2) {
		// One element a row, repeated along it (a column of row maxima or
		// means against the rows they came from).
		switch es {
		case 8:
			fillRows(wordsOf[uint64](dst)[:n], wordsOf[uint64](src), b, shape, idx, off)
		case 4:
			fillRows(wordsOf[uint32](dst)[:n], wordsOf[uint32](src), b, shape, idx, off)
		case 2:
			fillRows(wordsOf[uint16](dst)[:n], wordsOf[uint16](src), b, shape, idx, off)
		}
	} else {
		b.gatherRuns(shape, idx, off, n, es, dst, src)
	}
	if n == TileSize {
		return b.full
	}
	return sliceOf(b.tile.Data(), 0, n)
}

// sameRows reports whether the input is broadcast along every axis but
// the last.
func (b *bcastInput) sameRows() bool {
	for _, s := range b.strides[:len(b.strides)-1] {
		if s != 0 {
			return false
		}
	}
	return true
}

// fillRows is gather for an input broadcast along the last axis only:
// each row of d, the frame elements from off on, is filled with the
// row's one source element, found by stepping along the axis before the
// last rather than from the row's index (about twice as fast as
// gatherRuns for rows of 60).
func fillRows[T uint64 | uint32 | uint16](d, src []T, b *bcastInput, shape, idx []int, off int) {
	last := len(shape) - 1
	l := shape[last]
	chunk.Unravel(idx, off, shape)
	q := b.base
	for a, i := range idx[:last] {
		q += i * b.strides[a]
	}
	for pos, run := 0, l-idx[last]; pos < len(d); pos, run = pos+run, l {
		run = min(run, len(d)-pos)
		x, o := src[q], d[pos:pos+run]
		j := 0 // fillAs's loop, inline: a call per row made rows of 10 8% slower
		for ; j+8 <= len(o); j += 8 {
			w := o[j : j+8 : j+8]
			w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7] = x, x, x, x, x, x, x, x
		}
		for ; j < len(o); j++ {
			o[j] = x
		}
		// The next row: one step along the axis before the last, carried.
		a := last - 1
		idx[a]++
		q += b.strides[a]
		for ; a > 0 && idx[a] == shape[a]; a-- {
			q -= idx[a] * b.strides[a]
			idx[a] = 0
			idx[a-1]++
			q += b.strides[a-1]
		}
	}
}

// wordsOf views b, the bytes of elements of T's size, as Ts.
func wordsOf[T uint64 | uint32 | uint16](b []byte) []T {
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(T(0))))
}

// gatherRuns is gather's general case: the frame elements [off, off+n)
// a run along the last axis at a time.
func (b *bcastInput) gatherRuns(shape, idx []int, off, n, es int, dst, src []byte) {
	last := len(shape) - 1
	ahead := 0 // rows shorter than the tile: each run prefetches its row a tile's worth of rows on
	if last > 0 && b.strides[last] == 1 && shape[last] < n {
		ahead = (n + shape[last] - 1) / shape[last] * b.strides[last-1]
	}
	rowRuns(shape, idx, off, n, func(pos, run int, idx []int) {
		q := b.base
		for a, i := range idx {
			q += i * b.strides[a]
		}
		d := dst[pos*es : (pos+run)*es]
		if last >= 0 && b.strides[last] == 1 {
			copy(d, src[q*es:(q+run)*es])
			if p := q + ahead; ahead != 0 && p >= 0 && p+run <= len(src)/es {
				vec.Prefetch(unsafe.Pointer(&src[p*es]), run*es)
			}
			return
		}
		if last >= 0 && b.strides[last] != 0 {
			stridedCopy(d, src, q, b.strides[last], run, es)
			return
		}
		fillRun(d, src[q*es:(q+1)*es])
	})
}

// fillRun fills d with copies of the element v: an input broadcast along
// the last axis (a column of row maxima against a tall table's rows),
// one store per element for the usual sizes rather than a copy call per
// doubling.
func fillRun(d, v []byte) {
	switch len(v) {
	case 8:
		fillAs[uint64](d, v)
	case 4:
		fillAs[uint32](d, v)
	case 2:
		fillAs[uint16](d, v)
	case 1:
		fill(d, v[0])
	default:
		copy(d, v)
		for k := len(v); k < len(d); k *= 2 {
			copy(d[k:], d[:k])
		}
	}
}

// fillAs is fillRun for elements of type T, eight at a time through a
// fixed-length view (no bounds checks, stores the CPU can pair).
func fillAs[T uint64 | uint32 | uint16](d, v []byte) {
	n := len(d) / int(unsafe.Sizeof(T(0)))
	dd, x := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(d))), n), *(*T)(unsafe.Pointer(unsafe.SliceData(v)))
	j := 0
	for ; j+8 <= n; j += 8 {
		o := dd[j : j+8 : j+8]
		o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = x, x, x, x, x, x, x, x
	}
	fill(dd[j:], x)
}

// stridedCopy copies n elements of size es from src, starting at element
// q with the given element stride, into the contiguous d: a transposed or
// strided read.
func stridedCopy(d, src []byte, q, stride, n, es int) {
	switch es {
	case 8:
		stridedRun[uint64](d, src, q, stride, n)
	case 4:
		stridedRun[uint32](d, src, q, stride, n)
	case 2:
		stridedRun[uint16](d, src, q, stride, n)
	case 1:
		stridedRun[uint8](d, src, q, stride, n)
	default:
		for j := 0; j < n; j++ {
			copy(d[j*es:(j+1)*es], src[(q+j*stride)*es:(q+j*stride+1)*es])
		}
	}
}

// stridedRun is stridedCopy for elements of type T: every other element
// (a step-2 slice) and elements in reverse (a step of −1) eight at a time
// through fixed-length views, which need no bounds checks; any other
// stride four at a time by offsets from the run's first element, one
// bounds check for the whole run.
func stridedRun[T uint64 | uint32 | uint16 | uint8](d, src []byte, q, stride, n int) {
	if n <= 0 {
		return
	}
	size := int(unsafe.Sizeof(T(0)))
	dd := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(d))), n)
	ss := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(src))), len(src)/size)
	lo, hi := min(q, q+(n-1)*stride), max(q, q+(n-1)*stride)
	ss = ss[lo : hi+1] // the run's elements, lowest first
	j := 0
	switch stride {
	case 2:
		for ; j+8 <= n; j += 8 {
			o, v := dd[j:j+8:j+8], ss[2*j:2*j+15:2*j+15]
			o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = v[0], v[2], v[4], v[6], v[8], v[10], v[12], v[14]
		}
		for ; j < n; j++ {
			dd[j] = ss[2*j]
		}
		return
	case -1: // read forwards, which the hardware prefetches better, and write backwards
		for ; j+8 <= n; j += 8 {
			o, v := dd[n-j-8:n-j:n-j], ss[j:j+8:j+8]
			o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = v[7], v[6], v[5], v[4], v[3], v[2], v[1], v[0]
		}
		for ; j < n; j++ {
			dd[n-1-j] = ss[j]
		}
		return
	}
	base := unsafe.Pointer(&ss[q-lo])
	step := stride * size
	off := 0 // stays within the run: only addresses of its elements are formed
	for ; j+4 <= n; j += 4 {
		a := *(*T)(unsafe.Add(base, off))
		b := *(*T)(unsafe.Add(base, off+step))
		c := *(*T)(unsafe.Add(base, off+2*step))
		e := *(*T)(unsafe.Add(base, off+3*step))
		dd[j], dd[j+1], dd[j+2], dd[j+3] = a, b, c, e
		off += 4 * step
	}
	for ; j < n; j++ {
		dd[j] = *(*T)(unsafe.Add(base, off))
		off += step
	}
}
