package array

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// None stands for an omitted bound in S, like a missing number in a
// Python slice: S(None, None, -1) is [::-1].
const None = math.MinInt

// Index selects along one axis in Array.Index: a slice (S, All), an
// integer (At) that drops the axis, a list of integers (Ints, NumPy's
// integer-array index), a new axis of length 1 (NewAxis), or Ellipsis for
// as many full slices as needed.
type Index struct {
	kind              indexKind
	start, stop, step int
	ints              []int
	ishape            []int // IntsShaped's shape; nil for Ints
	maskLen           int   // Bools: 1 + the mask's length; 0 otherwise
}

type indexKind uint8

const (
	idxSlice indexKind = iota
	idxAt
	idxNewAxis
	idxEllipsis
	idxInts
)

// S is the slice start:stop:step with Python's semantics: negative
// values count from the end, None omits a bound, bounds clip to the
// axis, and step may be negative but not 0.
func S(start, stop, step int) Index {
	return Index{kind: idxSlice, start: start, stop: stop, step: step}
}

// All is the full slice ":".
func All() Index { return S(None, None, 1) }

// At selects the single position i (negative counts from the end) and
// drops the axis.
func At(i int) Index { return Index{kind: idxAt, start: i} }

// Ints selects the listed positions along the axis, in order (NumPy's
// x[..., [i, j, k], ...]): a Take on that axis, combined with the other
// indices as NumPy combines one integer-array index with basic ones.
func Ints(indices ...int) Index { return Index{kind: idxInts, ints: append([]int(nil), indices...)} }

// Bools selects the positions where mask is true along the axis (NumPy's
// x[..., mask, ...] with a 1-d boolean mask): Ints of those positions,
// usable wherever Ints is (Index, Set). A mask whose length is not the
// axis's is an error.
func Bools(mask ...bool) Index {
	var ints []int
	for i, b := range mask {
		if b {
			ints = append(ints, i)
		}
	}
	return Index{kind: idxInts, ints: ints, maskLen: len(mask) + 1}
}

// NewAxis inserts an axis of length 1 (numpy.newaxis).
func NewAxis() Index { return Index{kind: idxNewAxis} }

// Ellipsis stands for as many full slices as the other indices leave
// (Python's ...).
func Ellipsis() Index { return Index{kind: idxEllipsis} }

// axisSel is the resolved selection along one input axis: start, step and
// count of the selected positions.
type axisSel struct {
	Start, Step, Count int
	Drop               bool // an integer index
}

// resolve applies Python's slice rules to an axis of length n.
func (ix Index) resolve(n int) (axisSel, error) {
	if ix.kind == idxAt {
		i := ix.start
		if i < -n || i >= n {
			return axisSel{}, fmt.Errorf("index %d is out of bounds for axis with size %d", ix.start, n)
		}
		if i < 0 {
			i += n
		}
		return axisSel{Start: i, Step: 1, Count: 1, Drop: true}, nil
	}
	step := ix.step
	if step == None {
		step = 1
	}
	if step == 0 {
		return axisSel{}, fmt.Errorf("slice step cannot be zero")
	}
	clip := func(v, def, lo, hi int) int {
		if v == None {
			return def
		}
		if v < 0 {
			v += n
		}
		return min(max(v, lo), hi)
	}
	var start, stop, count int
	if step > 0 {
		start, stop = clip(ix.start, 0, 0, n), clip(ix.stop, n, 0, n)
		if stop > start {
			count = (stop - start + step - 1) / step
		}
	} else {
		start, stop = clip(ix.start, n-1, -1, n-1), clip(ix.stop, -1, -1, n-1)
		if start > stop {
			count = (start - stop - step - 1) / -step
		}
	}
	return axisSel{Start: start, Step: step, Count: count}, nil
}

// Index returns the selection of x by NumPy's indexing rules: slices,
// integers, newaxis and an ellipsis (basic indexing), and integer lists
// (Ints, IntsShaped): several broadcast together as in NumPy (see
// Vindex; together with NewAxis they are not supported). Fewer indices
// than axes leave the rest whole. The result's chunks follow x's: each output chunk comes from one input
// chunk, and only the chunks the selection touches are read; an Ints
// index is a Take on its axis after the basic selection. As in NumPy, when
// integers and the list are not adjacent, the list's axis comes first.
// A slice that keeps at most one element in 16 of a flattened array
// (Ravel, Reshape(-1)) gathers its points from the array flattened, as
// Vindex does (whose chunks it has), instead of copying it whole.
// Bad indices are errors naming the axis.
func (x *Array) Index(idx ...Index) *Array {
	if x == nil {
		return errorf("getitem", "nil *Array")
	}
	if bad := requireKnown("getitem", x); bad != nil {
		return bad
	}
	full, err := expandIndex(idx, x.Shape())
	if err != nil {
		return errorf("getitem", "%v", err)
	}
	if y := x.sparseFlatSlice(full); y != nil {
		return y
	}
	fancy := -1
	for i, ix := range full {
		if ix.kind == idxInts {
			if fancy >= 0 || ix.ishape != nil {
				return x.advancedIndex(full)
			}
			fancy = i
		}
	}
	if fancy < 0 {
		return x.basicIndex(full)
	}
	in := 0 // the list's input axis
	for _, ix := range full[:fancy] {
		if ix.kind != idxNewAxis {
			in++
		}
	}
	for _, i := range full[fancy].ints {
		if n := x.Shape()[in]; i < -n || i >= n {
			return errorf("getitem", "index %d is out of bounds for axis %d with size %d", i, in, n)
		}
	}
	// Slice first, then take along the list's axis of the result.
	basic := append([]Index(nil), full...)
	basic[fancy] = All()
	pos, first, last := 0, fancy, fancy // the list's output axis; the advanced indices' span
	for i, ix := range full {
		if i < fancy && ix.kind != idxAt {
			pos++
		}
		if ix.kind == idxAt {
			first, last = min(first, i), max(last, i)
		}
	}
	y := x.basicIndex(basic).Take(full[fancy].ints, pos)
	adjacent := true
	for i := first; i <= last; i++ {
		if k := full[i].kind; k != idxAt && k != idxInts {
			adjacent = false
		}
	}
	if !adjacent {
		y = y.MoveAxis(pos, 0)
	}
	if y.err != nil {
		return errorf("getitem", "%v", y.err)
	}
	return y
}

// expandIndex replaces the ellipsis of idx by full slices and pads idx
// with full slices to nd indexed axes.
func expandIndex(idx []Index, shape []int) ([]Index, error) {
	nd := len(shape)
	used, ell := 0, -1
	for i, ix := range idx {
		switch ix.kind {
		case idxEllipsis:
			if ell >= 0 {
				return nil, fmt.Errorf("an index can only have a single ellipsis")
			}
			ell = i
		case idxSlice, idxAt, idxInts:
			used++
		}
	}
	if used > nd {
		return nil, fmt.Errorf("too many indices for array: array is %d-dimensional, but %d were indexed", nd, used)
	}
	var full []Index
	for i, ix := range idx {
		if i == ell {
			for k := 0; k < nd-used; k++ {
				full = append(full, All())
			}
			continue
		}
		full = append(full, ix)
	}
	if ell < 0 {
		for k := used; k < nd; k++ {
			full = append(full, All())
		}
	}
	a := 0
	for _, ix := range full {
		if ix.kind == idxNewAxis {
			continue
		}
		if n := shape[a]; ix.maskLen > 0 && n >= 0 && ix.maskLen-1 != n {
			return nil, fmt.Errorf("boolean index did not match indexed array along axis %d; size of axis is %d but size of corresponding boolean axis is %d", a, n, ix.maskLen-1)
		}
		a++
	}
	return full, nil
}

// basicIndex is Index for expanded basic indices.
func (x *Array) basicIndex(full []Index) *Array {
	p := sliceParams{DType: x.dtype, InChunks: x.Chunks()}
	var outChunks [][]int
	axis := 0
	for _, ix := range full {
		if ix.kind == idxNewAxis {
			p.Out = append(p.Out, outAxis{In: -1})
			outChunks = append(outChunks, []int{1})
			continue
		}
		sel, err := ix.resolve(x.Shape()[axis])
		if err != nil {
			return errorf("getitem", "axis %d: %v", axis, err)
		}
		p.Sel = append(p.Sel, sel)
		if !sel.Drop {
			oa := outAxis{In: axis}
			oa.Blocks, oa.Local = splitSelection(x.grid, axis, sel)
			var cs []int
			for _, l := range oa.Local {
				cs = append(cs, l[1])
			}
			if len(cs) == 0 {
				cs = []int{0}
			}
			outChunks = append(outChunks, cs)
			p.Out = append(p.Out, oa)
		}
		axis++
	}
	g, err := chunk.NewGrid(outChunks)
	if err != nil {
		return errorf("getitem", "%v", err)
	}
	if r := x.regionRead(&p, full); r != nil {
		return r
	}
	params := scheduler.EncodeParams(p)
	l := &sliceLayer{name: scheduler.Name("getitem", params, []byte(x.Name())), in: x.layer, src: x, p: p, params: params, nb: g.NumBlocks()}
	if src := x.sourceBytes(); src >= ownSliceBytes {
		out := x.dtype.Size()
		for _, cs := range outChunks {
			out *= slices.Max(cs)
		}
		l.own = src >= ownSliceRatio*out
	}
	a := newLayerArray(l, g, x.dtype)
	a.expr = windowExpr(x, &p)
	return a
}

// windowExpr returns, for a selection p of x that keeps every axis (a
// range on each: x[1:], x[..., :-1], a trim, x[::2], x[::-1]),
// the expression that reads each of its blocks as a window of the chunk
// of x it lies in (Program.Bounds, Steps): an elementwise operation or a
// reduction of the slice then reads x's chunks in place instead of a
// copy of each window. It returns nil for any other selection; the
// slice's own tasks (a view or a copy) are what computing the slice
// alone runs.
func windowExpr(x *Array, p *sliceParams) *expr {
	if x.unknown != nil || len(p.Out) != x.NDim() {
		return nil
	}
	bounds := make([][]int, x.NDim())
	blocks := make([][]int, x.NDim())
	steps := make([]int, x.NDim())
	windowed, stepped := false, false
	for i, s := range p.Sel {
		n := x.Shape()[i]
		switch {
		case s.Drop || p.Out[i].In != i || s.Count == 0 || s.Step == 0:
			return nil
		case s.Start == 0 && s.Count == n:
			continue // the whole axis in order (another step selects it whole only when it has one element): x's own chunks
		case s.Count == 1:
			return nil // it may be broadcast, where a window cannot follow the frame
		}
		off := x.grid.Offsets(i)
		bounds[i] = make([]int, len(off)-1)
		for j := range bounds[i] {
			bounds[i][j] = off[j] - s.Start
		}
		blocks[i] = p.Out[i].Blocks
		steps[i] = s.Step
		windowed = true
		stepped = stepped || s.Step != 1
	}
	if !windowed {
		return nil
	}
	b := blockwise.NewBuilder(1)
	b.SetBounds(0, bounds)
	if stepped {
		b.SetSteps(0, steps)
	}
	return &expr{prog: b.Program(b.Input(0, x.dtype)), inputs: []blockwise.Input{{Layer: x.layer, Axes: identityAxes(x.NDim()), Blocks: blocks}}, reads: x.sourceBytes()}
}

// Slice is shorthand for Index with one S per leading axis, given as
// (start, stop) pairs with step 1.
func (x *Array) Slice(bounds ...[2]int) *Array {
	idx := make([]Index, len(bounds))
	for i, b := range bounds {
		idx[i] = S(b[0], b[1], 1)
	}
	return x.Index(idx...)
}

// outAxis maps one output axis to its input axis (-1 for a new axis):
// output block j reads input block Blocks[j], taking Local[j] = {first
// position in that chunk, count} with the axis's step.
type outAxis struct {
	In     int
	Blocks []int
	Local  [][2]int
}

type sliceParams struct {
	DType    chunk.DType
	InChunks [][]int
	Sel      []axisSel // per input axis
	Out      []outAxis
}

// splitSelection cuts a selection along an axis at the input's chunk
// boundaries: one output chunk per input chunk that holds selected
// positions, in selection order.
func splitSelection(g chunk.Grid, axis int, s axisSel) (blocks []int, local [][2]int) {
	off := g.Offsets(axis)
	for k := 0; k < s.Count; {
		pos := s.Start + k*s.Step
		b := g.BlockOf(axis, pos)
		// How many further selected positions stay in block b.
		var n int
		if s.Step > 0 {
			n = (off[b+1]-1-pos)/s.Step + 1
		} else {
			n = (pos-off[b])/(-s.Step) + 1
		}
		n = min(n, s.Count-k)
		blocks = append(blocks, b)
		local = append(local, [2]int{pos - off[b], n})
		k += n
	}
	return blocks, local
}

type sliceLayer struct {
	name   string
	in     scheduler.Layer
	src    *Array // the sliced array (not encoded: for reductions, see reduceThrough)
	p      sliceParams
	params []byte
	nb     []int
	// own: the slice's tasks run as tasks of their own, not fused into
	// their consumer, because each reads a far larger chunk that must be
	// read or computed (a column of a Zarr array): a consumer of many
	// (a rechunk gathering them, a quantile's lanes) would otherwise read
	// those chunks one after another.
	own bool
}

// How much larger than a slice's chunks (ownSliceRatio), and at least
// how large (ownSliceBytes), the chunks it reads must be for its tasks
// to run on their own (sliceLayer.own).
const (
	ownSliceRatio = 4
	ownSliceBytes = 1 << 20
)

func (l *sliceLayer) Name() string              { return l.name }
func (l *sliceLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.in} }
func (l *sliceLayer) NumBlocks() []int          { return l.nb }

func (l *sliceLayer) Task(idx []int) scheduler.Task {
	in, empty := l.p.inputBlock(idx)
	t := scheduler.Task{Kernel: "array.getitem", Params: l.params, Inline: !l.own}
	if !empty {
		t.Inputs = []scheduler.Key{scheduler.NewKey(l.in.Name(), in)}
	}
	return t
}

// inputBlock returns the input block that output block idx reads, or
// true when the output block is empty.
func (p *sliceParams) inputBlock(idx []int) ([]int, bool) {
	in := make([]int, len(p.Sel))
	for a, s := range p.Sel {
		if s.Drop {
			in[a] = blockOfChunks(p.InChunks[a], s.Start)
		}
	}
	empty := false
	for o, oa := range p.Out {
		if oa.In < 0 {
			continue
		}
		if len(oa.Blocks) == 0 {
			empty = true
			continue
		}
		in[oa.In] = oa.Blocks[idx[o]]
	}
	return in, empty
}

// sliceWrites returns, when a is a slice of chunks held in memory (a
// persisted or literal array), the writes of its selection straight
// into result, the i-th of ComputeAll, and the bytes they copy: each
// chunk's selection is copied once, where computing the slice would copy
// it into a chunk of its own and that into the result. Otherwise it
// returns nil.
func (a *Array) sliceWrites(i int, result *chunk.Dense) ([]heldWrite, int) {
	l, ok := a.layer.(*sliceLayer)
	if !ok || a.Size() == 0 {
		return nil, 0
	}
	data, ok := l.in.(*dataLayer)
	if !ok {
		return nil, 0
	}
	rst := chunk.Strides(result.Shape())
	dstSt := make([]int, len(l.p.Sel)) // per input axis; 0 for a dropped one
	for o, oa := range l.p.Out {
		if oa.In >= 0 {
			dstSt[oa.In] = rst[o]
		}
	}
	var ws []heldWrite
	bytes := 0
	a.grid.Blocks(func(idx []int) {
		in, empty := l.p.inputBlock(idx)
		if empty {
			return
		}
		d := data.blocks[chunk.Ravel(in, data.nb)]
		first, step, count := l.p.selection(idx)
		at := chunk.Ravel(a.grid.BlockBox(idx).Min, result.Shape())
		ws = append(ws, heldWrite{i, at, func() { gather(result.Data(), at, dstSt, d, first, step, count) }})
		bytes += chunk.Prod(count) * a.dtype.Size()
	})
	return ws, bytes
}

// selection returns what output block idx takes of its input block, per
// input axis: the first local position, the step and the count (1 for
// a dropped axis).
func (p *sliceParams) selection(idx []int) (first, step, count []int) {
	inBlock, _ := p.inputBlock(idx)
	nd := len(p.Sel)
	first, step, count = make([]int, nd), make([]int, nd), make([]int, nd)
	for a, s := range p.Sel {
		step[a], count[a] = s.Step, 1
		if s.Drop {
			first[a] = s.Start - offsetOf(p.InChunks[a], inBlock[a])
		}
	}
	for o, oa := range p.Out {
		if oa.In >= 0 {
			first[oa.In], count[oa.In] = oa.Local[idx[o]][0], oa.Local[idx[o]][1]
		}
	}
	return first, step, count
}

func blockOfChunks(cs []int, pos int) int {
	for b, c := range cs {
		if pos < c {
			return b
		}
		pos -= c
	}
	return len(cs) - 1
}

func init() {
	scheduler.RegisterTypedBorrowing("array.getitem", func(p sliceParams) (scheduler.Func, error) {
		return func(block []int, in []any) (any, error) {
			shape := make([]int, len(p.Out))
			for o, oa := range p.Out {
				shape[o] = 1
				if oa.In >= 0 {
					shape[o] = 0
					if len(oa.Local) > 0 {
						shape[o] = oa.Local[block[o]][1]
					}
				}
			}
			if len(in) == 0 {
				return chunk.NewDense(p.DType, shape), nil
			}
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			src := ds[0]
			first, step, count := p.selection(block)
			// A selection that is one run of at least half of the input
			// chunk is returned as a view of it, which shares its pooled
			// buffer (chunk.Dense.Share): the buffer goes back to the pool
			// once the chunk and every view of it have been consumed. A
			// smaller one is copied, so that it does not keep the whole
			// chunk alive.
			n := chunk.Prod(count)
			if lo, ok := contiguous(src.Shape(), first, step, count); ok && n > 0 && 2*n >= src.Len() {
				v := src.View(lo, shape)
				src.Share(v)
				return v, nil
			}
			out := chunk.NewPooledDense(p.DType, shape) // gather writes every element
			gather(out.Data(), 0, chunk.Strides(count), src, first, step, count)
			return out, nil
		}, nil
	})
}

// contiguous reports whether the selection (first, step, count per axis)
// of a C-order array of the given shape is one run of its elements, and
// where the run starts.
func contiguous(shape, first, step, count []int) (lo int, ok bool) {
	st := chunk.Strides(shape)
	whole := true // every axis after a is selected whole
	for a := len(shape) - 1; a >= 0; a-- {
		lo += first[a] * st[a]
		if count[a] != 1 && (!whole || step[a] != 1) {
			return 0, false
		}
		whole = whole && count[a] == shape[a]
	}
	return lo, true
}

func offsetOf(cs []int, b int) int {
	o := 0
	for _, c := range cs[:b] {
		o += c
	}
	return o
}

// gather copies the strided selection (first, step, count per axis) of
// src into dst (a slice of src's element type) from element off on, axis
// a at stride dstSt[a] (the last axis with count over 1 at stride 1): one
// rectangle of the last two axes at a time (copyRect).
func gather(dst any, off int, dstSt []int, src *chunk.Dense, first, step, count []int) {
	nd := len(first)
	id := src.Data()
	if nd == 0 {
		copyRect(dst, id, off, 0, 1, 1, 1, 1, 1, 1)
		return
	}
	st := chunk.Strides(src.Shape())
	last := nd - 1
	m, rowStep, rowStride, outer := 1, 0, 0, 0 // a 1-d selection is one row
	if nd >= 2 {
		outer = nd - 2
		m, rowStep, rowStride = count[outer], step[outer]*st[outer], dstSt[outer]
	}
	chunk.EachIndex(count[:outer], func(idx []int) {
		p, q := off, first[last]*st[last]
		if nd >= 2 {
			q += first[outer] * st[outer]
		}
		for a, i := range idx {
			p += i * dstSt[a]
			q += (first[a] + i*step[a]) * st[a]
		}
		copyRect(dst, id, p, q, m, count[last], rowStride, rowStep, step[last], 1)
	})
}

// sparseFlatSlice returns x[s] for a slice s that keeps at most one
// element in sparseFlat of a flattened array x (flatOf set), as points
// gathered from the array x flattens (Vindex): x[::1000] of a raveled
// 4000 × 4000 array reads 16 000 elements where the flattening would
// copy all 16 million. It returns nil when the rewrite does not apply.
func (x *Array) sparseFlatSlice(full []Index) *Array {
	src := x.flatOf
	if src == nil || len(full) != 1 || full[0].kind != idxSlice {
		return nil
	}
	sel, err := full[0].resolve(x.Size())
	if err != nil || sel.Count == 0 || sel.Count > maxSparseFlat || sel.Count*sparseFlat > x.Size() {
		return nil
	}
	shape := src.Shape()
	idx := make([][]int, len(shape))
	for a := range idx {
		idx[a] = make([]int, sel.Count)
	}
	for k := range sel.Count {
		f := sel.Start + k*sel.Step
		for a := len(shape) - 1; a >= 0; a-- {
			idx[a][k], f = f%shape[a], f/shape[a]
		}
	}
	ixs := make([]Index, len(shape))
	for a := range ixs {
		ixs[a] = Ints(idx[a]...)
	}
	return src.Vindex(ixs...)
}

// sparseFlat and maxSparseFlat bound sparseFlatSlice: a slice of a
// flattened array gathers points when it keeps at most one element in
// sparseFlat, and at most maxSparseFlat elements (their indices are
// held while the graph is built).
const (
	sparseFlat    = 16
	maxSparseFlat = 1 << 20
)
