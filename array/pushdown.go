package array

import (
	"math"
	"slices"
	"sort"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/reductions"
)

// A reduction of an array that only rearranges another (a basic slice, a
// gather without fill values, a transposed read, a rechunk) reduces the
// source and rearranges the smaller result: x[:, ::-1].sum(axis=0) is the
// reversed x.sum(axis=0), and no reversed copy of x is made;
// x.Rechunk(c).Sum(0) makes none of the chunks c asks for, which may be
// far larger than x's (a rechunk to Auto, or along a whole axis). Along reduced axes
// the rearrangement must keep every position once: a reduction other
// than an arg-reduction does not depend on the order it meets its
// elements (up to floating-point rounding, as the order of chunks
// already does), so a reversal, a roll or a negative step along a
// reduced axis is dropped; an arg-reduction returns positions and
// needs them unchanged there.

// reduceThrough returns op over axes of x computed on x's source, or nil
// when x is no such rearrangement or the reduction cannot move past it.
func (x *Array) reduceThrough(op reductions.Op, c reduceConfig, axes []int) *Array {
	if x.unknown != nil || c.splitAll != 0 || c.splitEvery != nil {
		return nil
	}
	arg := op == reductions.ArgMin || op == reductions.ArgMax || op == reductions.NanArgMin || op == reductions.NanArgMax
	reduce := func(src *Array, srcAxes []int) *Array {
		opts := []ReduceOption{Axis(srcAxes...), Ddof(c.ddof)}
		if c.keepDims {
			opts = append(opts, KeepDims())
		}
		return src.reduce(op, opts)
	}
	switch l := x.layer.(type) {
	case *sliceLayer:
		if l.src != nil {
			return x.reduceSlice(l, axes, arg, c.keepDims, reduce)
		}
	case *gatherLayer:
		if l.srcs != nil {
			if r := reduceStacked(l, op, c, axes); r != nil {
				return r
			}
			return x.reduceGather(l, axes, arg, c.keepDims, reduce)
		}
	case *rechunkLayer:
		if l.src != nil {
			return x.reduceRechunked(l.src, axes, c.keepDims, reduce)
		}
	}
	if src := x.exprOfUnrechunked(); src != nil {
		return x.reduceRechunked(src, axes, c.keepDims, reduce)
	}
	if src, perm, ok := transposedSource(x); ok {
		return reduceTransposed(src, perm, axes, arg, c.keepDims, reduce)
	}
	if src, perm, ok := transposedReads(x); ok {
		return reduceTransposed(src, perm, axes, arg, c.keepDims, reduce)
	}
	return nil
}

// reduceSlice reduces the source of a basic slice: the selections along
// reduced axes are applied first (forwards, unless arg), and, when they
// then are ranges of step 1 and those along kept axes select whole axes
// (reversed or not), the latter after the reduction.
func (x *Array) reduceSlice(l *sliceLayer, axes []int, arg, keepDims bool, reduce func(*Array, []int) *Array) *Array {
	p := &l.p
	reduced := make([]bool, len(p.Sel))
	srcAxes := make([]int, 0, len(axes))
	for _, o := range axes {
		if p.Out[o].In < 0 {
			return nil // a new axis
		}
		reduced[p.Out[o].In] = true
		srcAxes = append(srcAxes, p.Out[o].In)
	}
	for _, oa := range p.Out {
		if oa.In < 0 {
			return nil
		}
	}
	pre := slices.Clone(p.Sel)
	// The kept axes' selections move after the reduction when every
	// reduced axis then selects a range of step 1 and every kept axis
	// selects all its positions (reversed): the reduction then reads no
	// more than before.
	ranges := true
	for a, s := range pre {
		switch n := l.src.Shape()[a]; {
		case reduced[a]:
			if !arg && s.Step < 0 && s.Count > 0 {
				pre[a] = axisSel{Start: s.Start + (s.Count-1)*s.Step, Step: -s.Step, Count: s.Count}
			}
			ranges = ranges && (pre[a].Step == 1 || pre[a].Count <= 1)
		case !s.Drop:
			ranges = ranges && s.Count == n && (s.Step == 1 || s.Step == -1 || n <= 1)
		}
	}
	var post []Index // along the result's axes
	moved := false   // a kept axis's selection moves after the reduction
	if ranges {
		for a, s := range pre {
			if s.Drop {
				continue
			}
			if reduced[a] {
				if keepDims {
					post = append(post, All())
				}
				continue
			}
			post = append(post, selIndex(s))
			full := axisSel{Start: 0, Step: 1, Count: l.src.Shape()[a]}
			moved = moved || s != full
			pre[a] = full
		}
	}
	if slices.Equal(pre, p.Sel) {
		return nil // nothing moves
	}
	idx := make([]Index, len(pre))
	whole := true
	for a, s := range pre {
		idx[a] = selIndex(s)
		whole = whole && !s.Drop && s.Start == 0 && s.Step == 1 && s.Count == l.src.Shape()[a]
	}
	src := l.src
	if !whole {
		src = src.Index(idx...)
	}
	// The source's axes after its integer indices are dropped.
	renum, kept := make([]int, len(pre)), 0
	for a, s := range pre {
		renum[a] = kept
		if !s.Drop {
			kept++
		}
	}
	for i, a := range srcAxes {
		srcAxes[i] = renum[a]
	}
	r := reduce(src, srcAxes)
	if moved {
		r = r.Index(post...)
	}
	return r
}

// reduceRechunked reduces the array a rechunk of x's reads (the first of
// several stages), whose elements are x's in the same places, and
// rechunks the result as x is chunked along the kept axes.
func (x *Array) reduceRechunked(src *Array, axes []int, keepDims bool, reduce func(*Array, []int) *Array) *Array {
	for {
		l, ok := src.layer.(*rechunkLayer)
		if !ok || l.src == nil {
			break
		}
		src = l.src
	}
	r := reduce(src, axes)
	if r.err != nil {
		return r
	}
	var chunks [][]int
	for a, cs := range x.Chunks() {
		switch {
		case !slices.Contains(axes, a):
			chunks = append(chunks, cs)
		case keepDims:
			chunks = append(chunks, []int{1})
		}
	}
	g, err := chunk.NewGrid(chunks)
	if err != nil || !slices.Equal(g.Shape(), r.Shape()) {
		return r
	}
	return r.rechunkTo(g)
}

// exprOfUnrechunked returns, when x is an elementwise expression of one
// array that is a rechunk (rechunk(a) + 1), the same expression of the
// array the rechunk reads (a + 1, in a's chunks): x is its rechunk, and a
// reduction of it then reads a's chunks in place, no rechunked copy made.
// It returns nil otherwise (several arrays, reads broadcast, permuted or
// windowed, or leaves that depend on chunk positions, such as random
// numbers).
func (x *Array) exprOfUnrechunked() *Array {
	e := x.expr
	if e == nil || x.unknown != nil || len(e.inputs) != 1 || e.prog.Perms != nil || e.prog.Bounds != nil || hasPositionLeaves(e.prog) {
		return nil
	}
	in := e.inputs[0]
	l, ok := in.Layer.(*rechunkLayer)
	if !ok || l.src == nil || in.Blocks != nil || len(in.Axes) != x.NDim() {
		return nil
	}
	for i, a := range in.Axes {
		if a != i {
			return nil
		}
	}
	src := l.src
	for {
		l, ok := src.layer.(*rechunkLayer)
		if !ok || l.src == nil {
			break
		}
		src = l.src
	}
	if !chunk.EqualShapes(src.Shape(), x.Shape()) || src.unknown != nil {
		return nil
	}
	inputs := []blockwise.Input{{Layer: src.layer, Axes: in.Axes}}
	return &Array{layer: blockwise.ExprLayer(e.prog, src.grid, inputs), grid: src.grid, dtype: x.dtype, expr: &expr{prog: e.prog, inputs: inputs, reads: e.reads}}
}

// selIndex returns the Index that selects s.
func selIndex(s axisSel) Index {
	switch {
	case s.Drop:
		return At(s.Start)
	case s.Count == 0:
		return S(0, 0, 1)
	}
	stop := s.Start + (s.Count-1)*s.Step + 1
	if s.Step < 0 {
		if stop -= 2; stop < 0 {
			stop = None
		}
	}
	return S(s.Start, stop, s.Step)
}

// reduceGather reduces the sources of a gather whose segments along the
// reduced axes read each source position once (in order, for arg) and
// along the kept axes no fill and at least as many positions as the
// source has (so that reducing the source is no more work), and gathers
// the results along the kept axes as x gathered its sources.
func (x *Array) reduceGather(l *gatherLayer, axes []int, arg, keepDims bool, reduce func(*Array, []int) *Array) *Array {
	p := l.p
	nd := x.NDim()
	isReduced := make([]bool, nd)
	for _, a := range axes {
		isReduced[a] = true
	}
	if p.Cat >= 0 && isReduced[p.Cat] {
		return nil
	}
	srcs, segs0 := l.srcs, slices.Clone(p.Segs)
	rearranged := false // along a reduced axis
	for _, a := range axes {
		n := srcs[0].Shape()[a]
		rearranged = rearranged || !(len(p.Segs[a]) == 1 && p.Segs[a][0] == seg{Out: 0, N: n, Src: 0, In: 0, Step: 1, Rep: 1})
	}
	if len(srcs) == 1 && rearranged {
		// A kept axis read as one forward run of the source (the columns
		// of a flat roll's piece) slices the source first, so that the
		// reduction reads no more than the gather would.
		for a := range nd {
			if s := segs0[a]; !isReduced[a] && len(s) == 1 && s[0].Src == 0 && s[0].Step == 1 && s[0].Rep == 1 && s[0].Out == 0 &&
				s[0].N < srcs[0].Shape()[a] {
				idx := slices.Repeat([]Index{All()}, nd)
				idx[a] = S(s[0].In, s[0].In+s[0].N, 1)
				srcs = []*Array{srcs[0].Index(idx...)}
				segs0[a] = []seg{{Out: 0, N: s[0].N, Src: 0, In: 0, Step: 1, Rep: 1}}
			}
		}
	}
	for a := range nd {
		n := srcs[0].Shape()[a]
		if isReduced[a] && !keepsPositions(segs0[a], n, arg) {
			return nil
		}
		if !isReduced[a] && (x.Shape()[a] < n || slices.ContainsFunc(segs0[a], func(s seg) bool { return s.Src < 0 })) {
			return nil // a fill along a kept axis, or fewer positions than the source's to reduce
		}
	}
	rs := make([]*Array, len(srcs))
	for i, s := range srcs {
		if rs[i] = reduce(s, axes); rs[i].err != nil {
			return rs[i]
		}
	}
	var segs [][]seg
	var out [][]int
	cat := -1
	for a := range nd {
		switch {
		case !isReduced[a]:
			if a == p.Cat {
				cat = len(segs)
			}
			segs, out = append(segs, segs0[a]), append(out, p.Out[a])
		case keepDims:
			segs, out = append(segs, identitySegs(1, 0)), append(out, []int{1})
		}
	}
	return newGather(l.op, rs, rs[0].dtype, 0, cat, segs, out)
}

// keepsPositions reports whether segs read each of the n positions of
// one source along their axis exactly once: in order when ordered is
// set, else in any order, by runs of step ±1.
func keepsPositions(segs []seg, n int, ordered bool) bool {
	if n == 0 {
		return len(segs) == 0
	}
	if ordered {
		return len(segs) == 1 && segs[0] == seg{Out: 0, N: n, Src: segs[0].Src, In: 0, Step: 1, Rep: 1} && segs[0].Src >= 0
	}
	type run struct{ lo, hi int }
	var runs []run
	for _, s := range segs {
		if s.Src < 0 || s.Rep != 1 || (s.Step != 1 && s.Step != -1) || s.N == 0 {
			return false
		}
		lo, hi := s.In, s.In+(s.N-1)*s.Step
		if lo > hi {
			lo, hi = hi, lo
		}
		runs = append(runs, run{lo, hi})
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].lo < runs[j].lo })
	next := 0
	for _, r := range runs {
		if r.lo != next {
			return false
		}
		next = r.hi + 1
	}
	return next == n
}

// transposedReads returns, when x is an expression that reads every input
// whole through one permutation perm (an expression transposed after it
// was built, as in (x / 255).MoveAxis(2, 0)), the expression that reads
// them in their own order, src, with x = src.Transpose(perm): reducing src
// reads its inputs' chunks in place instead of gathering them strided.
func transposedReads(x *Array) (*Array, []int, bool) {
	e, nd := x.expr, x.NDim()
	if e == nil || x.unknown != nil || e.prog.Perms == nil || e.prog.Bounds != nil || hasPositionLeaves(e.prog) || len(e.inputs) == 0 {
		return nil, nil, false
	}
	var perm []int
	for k, in := range e.inputs {
		p := inputPerm(e.prog, k, nd, len(in.Axes))
		if len(in.Axes) != nd || !isPermutation(p) || perm != nil && !slices.Equal(p, perm) {
			return nil, nil, false
		}
		perm = p
	}
	inv := make([]int, nd)
	identity := true
	for i, a := range perm {
		inv[a] = i
		identity = identity && a == i
	}
	if identity {
		return nil, nil, false
	}
	src := x.Transpose(inv...) // axis i of src is axis inv[i] of x
	return src, perm, src.err == nil
}

// isPermutation reports whether p holds each of 0 … len(p)-1 once.
func isPermutation(p []int) bool {
	seen := make([]bool, len(p))
	for _, a := range p {
		if a < 0 || a >= len(p) || seen[a] {
			return false
		}
		seen[a] = true
	}
	return true
}

// reduceTransposed reduces src along the axes x = src.Transpose(perm)
// reduces, then puts the kept axes in x's order.
func reduceTransposed(src *Array, perm, axes []int, arg, keepDims bool, reduce func(*Array, []int) *Array) *Array {
	srcAxes := make([]int, len(axes))
	for i, o := range axes {
		srcAxes[i] = perm[o]
	}
	if arg && !slices.IsSorted(srcAxes) {
		return nil // the flattened positions would be in another order
	}
	slices.Sort(srcAxes)
	r := reduce(src, srcAxes)
	if r.err != nil || keepDims {
		return r.Transpose(perm...)
	}
	var kept []int // x's kept axes, as source axes
	for o, a := range perm {
		if !slices.Contains(axes, o) {
			kept = append(kept, a)
		}
	}
	sorted := slices.Sorted(slices.Values(kept))
	q := make([]int, len(kept))
	for i, a := range kept {
		q[i] = slices.Index(sorted, a)
	}
	return r.Transpose(q...)
}

// maxStacked is the most arrays reduceStacked combines elementwise.
const maxStacked = 64

// reduceStacked returns a sum, mean, maximum, minimum, variance or
// standard deviation (or its NaN-skipping variant) over the axis of a
// concatenation of float arrays of length 1 along it (Stack's: an
// ensemble's mean and spread) as an elementwise expression of the arrays,
// one fused pass with no partial results (the tree of a reduction over
// blocks of one element along the axis keeps a chunk-sized partial per
// block, and merges variances by Chan's formula). Floats add in float64,
// the variance in two passes (the mean, then the squares of the
// deviations), as NumPy's; NaN-skipping variants leave NaN out of the
// sums, counts and extremes, and give NaN where nothing is left (or no
// degree of freedom), as NumPy's. The result has the reduction's dtype.
// Other axes reduced with a sum, mean, maximum or minimum (or the NaN
// variants of the sum and extremes) are reduced from that expression. It
// returns nil for other reductions, dtypes or layers, for a variance or
// NaN-skipping mean over more axes, or when ddof leaves no degrees of
// freedom at all.
func reduceStacked(l *gatherLayer, op reductions.Op, c reduceConfig, axes []int) *Array {
	cat, k := l.p.Cat, len(l.srcs)
	if cat < 0 || !slices.Contains(axes, cat) || k < 2 || k > maxStacked {
		return nil
	}
	dt := l.srcs[0].dtype
	if dt != chunk.Float64 && dt != chunk.Float32 {
		return nil
	}
	var rest []int // the other reduced axes, numbered without cat
	for _, a := range axes {
		switch {
		case a < cat:
			rest = append(rest, a)
		case a > cat:
			rest = append(rest, a-1)
		}
	}
	nan := false
	switch op {
	case reductions.NanSum, reductions.NanMax, reductions.NanMin:
		nan = true
	case reductions.Sum, reductions.Mean, reductions.Max, reductions.Min:
	case reductions.NanMean: // weighted by each element's count
		nan = true
		if len(rest) > 0 {
			return nil
		}
	case reductions.NanVar, reductions.NanStd:
		nan = true
		fallthrough
	case reductions.Var, reductions.Std:
		if len(rest) > 0 || k-c.ddof <= 0 {
			return nil
		}
	default:
		return nil
	}
	xs := make([]*Array, k)
	for i, src := range l.srcs {
		if src.dtype != dt || src.Shape()[cat] != 1 {
			return nil
		}
		xs[i] = src.Squeeze(cat)
	}
	// sumOf adds f(x) over the arrays, leaving out NaN for the variants.
	sumOf := func(f func(x *Array) *Array) *Array {
		var s *Array
		for _, x := range xs {
			v := f(x)
			if nan {
				v = Where(x.IsNaN(), 0.0, v)
			}
			if s == nil {
				s = v
			} else {
				s = s.Add(v)
			}
		}
		return s
	}
	var r *Array
	switch op {
	case reductions.Max, reductions.Min, reductions.NanMax, reductions.NanMin:
		high := op == reductions.Max || op == reductions.NanMax
		skip := math.Inf(-1) // what a NaN counts as in a NaN-skipping extreme
		if !high {
			skip = math.Inf(1)
		}
		var allNaN *Array
		for i, x := range xs {
			if nan {
				if allNaN == nil {
					allNaN = x.IsNaN()
				} else {
					allNaN = allNaN.And(x.IsNaN())
				}
				x = Where(x.IsNaN(), skip, x)
			}
			switch {
			case i == 0:
				r = x
			case high:
				r = r.Maximum(x)
			default:
				r = r.Minimum(x)
			}
		}
		if nan {
			r = Where(allNaN, math.NaN(), r)
		}
	default:
		for i, x := range xs {
			xs[i] = x.AsType(chunk.Float64)
		}
		var count *Array // of the values that are not NaN, as float64
		if nan {
			count = sumOf(func(x *Array) *Array { return x.IsNaN().Not().AsType(chunk.Float64) })
		}
		mean := func(sum *Array) *Array {
			if nan {
				return sum.Div(count)
			}
			return sum.Div(float64(k))
		}
		r = sumOf(func(x *Array) *Array { return x })
		switch op {
		case reductions.Mean, reductions.NanMean:
			r = mean(r)
		case reductions.Var, reductions.Std, reductions.NanVar, reductions.NanStd:
			m := mean(r)
			r = sumOf(func(x *Array) *Array { d := x.Sub(m); return d.Mul(d) })
			if nan {
				dof := count.Sub(float64(c.ddof))
				r = Where(dof.Gt(0.0), r.Div(dof), math.NaN())
			} else {
				r = r.Div(float64(k - c.ddof))
			}
			if op == reductions.Std || op == reductions.NanStd {
				r = r.Sqrt()
			}
		}
	}
	if len(rest) > 0 {
		opts := []ReduceOption{Axis(rest...)}
		if c.keepDims {
			opts = append(opts, KeepDims())
		}
		restOp := op
		if op == reductions.NanSum {
			restOp = reductions.Sum // a NaN left is Inf - Inf, which NumPy's nansum keeps
		}
		r = r.reduce(restOp, opts)
	}
	if c.keepDims {
		r = r.ExpandDims(cat)
	}
	return r.AsType(op.ResultDType(dt))
}
