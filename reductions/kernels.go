package reductions

import (
	"bytes"
	"math"
	"unsafe"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// fold is how a Dense partial result absorbs values and other partials:
// the elementwise step of the simple reductions.
type fold uint8

const (
	foldSum fold = iota + 1
	foldProd
	foldMin
	foldMax
	foldNanMin // min ignoring NaN; NaN is the identity
	foldNanMax
)

// walkChunk visits the chunk an evaluator produces, tile by tile, in
// segments: vals[lo:hi] (converted to dtype conv unless it is Invalid)
// either all fold into output element at (run true: the innermost
// coalesced axis is reduced) or fold elementwise into at, at+1, … (run
// false). shape is the chunk's shape, reduced the reduced axes; output
// positions are C-order offsets in the keepdims output. When runs is not
// nil and the innermost axis is kept or shorter than batchRun, it takes
// the tile's whole runs of that axis in one call instead: count runs of
// n values from vals[lo], each folding into the next output element from
// at when the axis is reduced (run true), each elementwise into at, at+1,
// …, at+n-1 when it is kept.
func walkChunk(ev *blockwise.Evaluator, shape []int, reduced []bool, conv chunk.DType, visit func(vals any, lo, hi, at int, run bool), runs func(vals any, lo, count, n, at int, run bool)) error {
	n := ev.Len()
	if n == 0 {
		return nil
	}
	dims, red := coalesce(shape, reduced)
	if len(dims) == 0 {
		dims, red = []int{1}, []bool{true}
	}
	k := len(dims) - 1
	inner, innerRed := dims[k], red[k]
	outer := dims[:k]
	outStride := make([]int, k)
	s := 1
	if !innerRed {
		s = inner
	}
	for a := k - 1; a >= 0; a-- {
		if !red[a] {
			outStride[a] = s
			s *= outer[a]
		}
	}
	var cbuf *tileBuf
	if conv != chunk.Invalid && ev.DType() != conv {
		cbuf = newTileBuf(conv)
	}
	// idx is the multi-index over outer of the row (the run of inner
	// elements) p is in, q p's place in it and base the row's output
	// position; all three follow p.
	idx := make([]int, k)
	q, base := 0, 0
	batch := runs != nil && k > 0 && (inner < batchRun || !innerRed)
	for off, m := 0, 0; off < n; off += m {
		m = ev.TileLen(off)
		vals := ev.Tile(off, m, nil)
		if cbuf != nil {
			c := cbuf.prefix(m)
			blockwise.Convert(c, vals)
			vals = c
		}
		for p := off; p < off+m; {
			if batch && q == 0 { // the whole runs but the last go to runs
				if r := min((off+m-p)/inner, outer[k-1]-idx[k-1]) - 1; r > 0 {
					runs(vals, p-off, r, inner, base, innerRed)
					p += r * inner
					idx[k-1] += r
					base += r * outStride[k-1] // 1 when axis k-1 is kept, else 0
				}
			}
			seg := min(inner-q, off+m-p)
			if innerRed {
				visit(vals, p-off, p-off+seg, base, true)
			} else {
				visit(vals, p-off, p-off+seg, base+q, false)
			}
			p += seg
			if q += seg; q < inner {
				continue
			}
			q = 0
			for a := k - 1; a >= 0; a-- { // the next row
				idx[a]++
				base += outStride[a]
				if idx[a] < outer[a] {
					break
				}
				base -= outStride[a] * outer[a]
				idx[a] = 0
			}
		}
	}
	return ev.Err()
}

// shortRun is the length of a run below which runs and rows are folded
// by plain loops rather than vec's, whose calls would cost more than the
// values.
const shortRun = 8

// batchRun is the length of a reduced innermost axis below which
// walkChunk hands a tile's runs to its runs visitor all at once: the
// calls a run takes through the visitor would cost more than its values
// (a million rows of 40 int32: their maxima 20% faster).
const batchRun = 64

// widens reports whether reduceChunk folds the input's values as they
// are, without converting each tile to the accumulator dtype first:
// bools (the bytes 0 and 1) counted into int64 or folded by min and max
// (all, any) into uint8, and integers narrower than 64 bits summed or
// multiplied into their 64-bit accumulator.
func widens(in chunk.DType, op fold, acc chunk.DType) bool {
	switch {
	case in == chunk.Bool:
		return op == foldSum && acc == chunk.Int64 || (op == foldMin || op == foldMax) && acc == chunk.Uint8
	case in.IsInteger() && in.Size() < 8:
		return (op == foldSum || op == foldProd) && acc == chunk.SumResult(in)
	}
	return false
}

// foldWide folds vals[lo:hi] of dtype in (see widens) into data[at]
// (run) or elementwise into data[at:] (not run).
func foldWide(op fold, in chunk.DType, data any, at int, vals any, lo, hi int, run bool) {
	switch in {
	case chunk.Bool:
		b := blockwise.Slice[bool](vals)[lo:hi]
		foldBools(op, data, at, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), len(b)), run)
	case chunk.Int8:
		widen(op, data.([]int64), at, blockwise.Slice[int8](vals)[lo:hi], run)
	case chunk.Int16:
		widen(op, data.([]int64), at, blockwise.Slice[int16](vals)[lo:hi], run)
	case chunk.Int32:
		widen(op, data.([]int64), at, blockwise.Slice[int32](vals)[lo:hi], run)
	case chunk.Uint8:
		widen(op, data.([]uint64), at, blockwise.Slice[uint8](vals)[lo:hi], run)
	case chunk.Uint16:
		widen(op, data.([]uint64), at, blockwise.Slice[uint16](vals)[lo:hi], run)
	case chunk.Uint32:
		widen(op, data.([]uint64), at, blockwise.Slice[uint32](vals)[lo:hi], run)
	}
}

// foldBools folds bools, read as the bytes 0 and 1, into acc[at] (run)
// or acc[at:]: a count into int64, all (min) and any (max) into uint8.
// Runs take bytes.Count and bytes.IndexByte (vector loops); rows of all
// and any are ANDed and ORed as vec's minima and maxima of bytes.
func foldBools(op fold, acc any, at int, u []byte, run bool) {
	if run {
		switch op {
		case foldSum:
			acc.([]int64)[at] += int64(bytes.Count(u, []byte{1}))
		case foldMax:
			if bytes.IndexByte(u, 1) >= 0 {
				acc.([]uint8)[at] = 1
			}
		case foldMin:
			d := acc.([]uint8)
			if bytes.IndexByte(u, 0) >= 0 {
				d[at] = 0
			} else if len(u) > 0 {
				d[at] = min(d[at], 1)
			}
		}
		return
	}
	if op == foldSum {
		d := acc.([]int64)[at : at+len(u)]
		vec.AddWidened(d, d, u)
		return
	}
	d := acc.([]uint8)[at : at+len(u)]
	if op == foldMin { // of 0s and 1s: AND
		vec.MinElemsInts(d, d, u)
	} else { // OR
		vec.MaxElemsInts(d, d, u)
	}
}

// widen folds the integers v into acc[at] (run) or elementwise into
// acc[at:], each widened to the accumulator's type: a sum or a product.
func widen[D int64 | uint64, S int8 | int16 | int32 | uint8 | uint16 | uint32](op fold, acc []D, at int, v []S, run bool) {
	switch {
	case run && op == foldSum:
		acc[at] += vec.SumWidened[D](v)
	case run:
		p := acc[at]
		for _, x := range v {
			p *= D(x)
		}
		acc[at] = p
	case op == foldSum:
		d := acc[at : at+len(v)]
		vec.AddWidened(d, d, v)
	default:
		d := acc[at : at+len(v)]
		for i, x := range v {
			d[i] *= D(x)
		}
	}
}

// keepShape returns shape with reduced axes set to 1.
func keepShape(shape []int, reduced []bool) []int {
	out := make([]int, len(shape))
	for a, n := range shape {
		out[a] = n
		if reduced[a] {
			out[a] = 1
		}
	}
	return out
}

// reduceChunk reduces the chunk an evaluator produces over the reduced
// axes into a keepdims buffer of dtype acc, tile by tile: the chunk is
// never materialised when it is an expression. Float64 sums add each
// tile's eight-way partial sum to the output with Neumaier compensation.
func reduceChunk(ev *blockwise.Evaluator, shape []int, reduced []bool, op fold, acc chunk.DType) (*chunk.Dense, error) {
	out := chunk.NewPooledDense(acc, keepShape(shape, reduced))
	fillIdentity(op, out)
	data := out.Data()
	var sums *compensated
	if f, ok := data.([]float64); ok && op == foldSum {
		sums = &compensated{d: f}
		defer sums.release()
	}
	in, conv := ev.DType(), acc
	wide := widens(in, op, acc)
	if wide {
		conv = chunk.Invalid // fold the values as they are
	}
	var runs func(vals any, lo, count, n, at int, run bool)
	if sums == nil && !wide { // other folds of short runs and of rows
		scratch := newTileBuf(acc)
		runs = func(vals any, lo, count, n, at int, run bool) {
			foldRuns(op, data, vals, lo, count, n, at, run, scratch)
		}
	}
	// float32 values are summed as they are, widened inside the loops
	// that add them, not converted tile by tile first.
	f32 := sums != nil && in == chunk.Float32
	if f32 {
		conv = chunk.Invalid
	}
	if sums != nil && !wide { // float64 sums of short runs and of rows: no call per run
		runs = func(vals any, lo, count, n, at int, run bool) {
			if f32 {
				sumBatch(sums, blockwise.Slice[float32](vals)[lo:lo+count*n], n, at, run)
			} else {
				sumBatch(sums, blockwise.Slice[float64](vals)[lo:lo+count*n], n, at, run)
			}
		}
	}
	err := walkChunk(ev, shape, reduced, conv, func(vals any, lo, hi, at int, run bool) {
		switch {
		case wide:
			foldWide(op, in, data, at, vals, lo, hi, run)
		case f32 && run:
			sums.add(at, vec.SumFloat32(blockwise.Slice[float32](vals)[lo:hi]))
		case f32:
			vec.AddToFloat32(sums.d[at:at+hi-lo], blockwise.Slice[float32](vals)[lo:hi])
		case run && sums != nil:
			sums.add(at, vec.Sum(blockwise.Slice[float64](vals)[lo:hi]))
		default:
			foldValues(op, data, vals, lo, hi, at, run)
		}
	}, runs)
	if sums != nil {
		sums.finish()
	}
	return out, err
}

// foldValues folds vals[lo:hi] into data[at] (run) or elementwise into
// data[at:] (walkChunk's visit for the folds with no faster path).
func foldValues(op fold, data, vals any, lo, hi, at int, run bool) {
	if run {
		accumulateRun(op, data, at, vals, lo, hi)
	} else {
		accumulateRow(op, data, at, vals, lo, hi)
	}
}

// foldRuns folds count runs of n values from vals[lo:] (walkChunk's
// batches): each into the next element of data from at when run, else
// each elementwise into data[at:at+n]; scratch holds a tile of data's
// dtype for folding rows pairwise.
func foldRuns(op fold, data, vals any, lo, count, n, at int, run bool, scratch *tileBuf) {
	hi := lo + count*n
	switch d := data.(type) {
	case []float64:
		foldBatch(op, d, blockwise.Slice[float64](vals)[lo:hi], n, at, run, scratch, float64Folds)
	case []float32:
		foldBatch(op, d, blockwise.Slice[float32](vals)[lo:hi], n, at, run, scratch, float32Folds)
	case []int64:
		foldBatch(op, d, blockwise.Slice[int64](vals)[lo:hi], n, at, run, scratch, int64Folds)
	case []int32:
		foldBatch(op, d, blockwise.Slice[int32](vals)[lo:hi], n, at, run, scratch, int32Folds)
	default:
		for r := range count {
			if run {
				accumulateRun(op, data, at+r, vals, lo+r*n, lo+(r+1)*n)
			} else {
				accumulateRow(op, data, at, vals, lo+r*n, lo+(r+1)*n)
			}
		}
	}
}

// sumBatch adds the runs of n values of v into c: each into the next
// element from at when run (as visit would: vec's sums from shortRun
// values), else each elementwise into c.d[at:at+n].
func sumBatch[T float32 | float64](c *compensated, v []T, n, at int, run bool) {
	if !run && n >= shortRun { // long rows into the same outputs
		switch v := any(v).(type) {
		case []float64:
			addRows(c.d[at:at+n], v, len(v)/n)
		case []float32:
			for r := 0; r < len(v); r += n {
				vec.AddToFloat32(c.d[at:at+n], v[r:r+n])
			}
		}
		return
	}
	if !run { // short rows into the same outputs
		var acc [shortRun]float64
		for r := 0; r < len(v); r += n {
			for j, x := range v[r : r+n] {
				acc[j] += float64(x)
			}
		}
		for j, x := range acc[:n] {
			c.d[at+j] += x
		}
		return
	}
	if n < 4 { // a pixel's channels, a point's coordinates: unrolled
		d := c.d[at : at+len(v)/n]
		for i := range d {
			var s float64
			switch r := v[i*n : i*n+n : i*n+n]; n {
			case 3:
				s = float64(r[0]) + float64(r[1]) + float64(r[2])
			case 2:
				s = float64(r[0]) + float64(r[1])
			default:
				s = float64(r[0])
			}
			s += 0 // as the loop below from 0: a sum of -0s is +0
			if d[i] == 0 {
				d[i] = s
			} else {
				c.add(at+i, s)
			}
		}
		return
	}
	for r := 0; r < len(v); r += n {
		var s float64
		if n >= shortRun {
			s = runSum(v[r : r+n])
		} else {
			for _, x := range v[r : r+n] { // as vec.Sum adds fewer than eight values
				s += float64(x)
			}
		}
		if c.d[at] == 0 { // add's first case, inline
			c.d[at] = s
		} else {
			c.add(at, s)
		}
		at++
	}
}

// runSum is vec's sum of a run of float64 or float32 values (float32
// widened inside the loop), as visit takes it.
func runSum[T float32 | float64](v []T) float64 {
	if w, ok := any(v).([]float32); ok {
		return vec.SumFloat32(w)
	}
	return vec.Sum(any(v).([]float64))
}

// folds are the folds of one dtype by vec's loops: of a run into a
// value, and of a row elementwise into another.
type folds[T chunk.Number] struct {
	run func(op fold, acc T, v []T) T
	row func(op fold, d, v []T)
}

var (
	float64Folds = folds[float64]{func(op fold, acc float64, v []float64) float64 { return foldFloats(op, acc, v, extremesF64) }, foldFloatRow[float64]}
	float32Folds = folds[float32]{func(op fold, acc float32, v []float32) float32 { return foldFloats(op, acc, v, extremesF32) }, foldFloatRow[float32]}
	int64Folds   = folds[int64]{foldRun[int64], foldInt64Row}
	int32Folds   = folds[int32]{foldSmallRun[int32], foldSmallRow[int32]}
)

// foldBatch folds the runs of n values of v into d: each into the
// next element from at when run, else each elementwise into d[at:at+n].
// Runs and rows shorter than shortRun take plain loops, longer ones f's
// vec loops; minima and maxima of three rows or more are folded
// pairwise.
func foldBatch[T chunk.Number](op fold, d, v []T, n, at int, run bool, scratch *tileBuf, f folds[T]) {
	if run {
		for r := 0; r < len(v); r += n {
			m := d[at]
			switch {
			case n >= shortRun:
				m = f.run(op, m, v[r:r+n])
			case op == foldMin: // foldRun's eight running minima cost more on a few values
				for _, x := range v[r : r+n] {
					m = min(m, x)
				}
			case op == foldMax:
				for _, x := range v[r : r+n] {
					m = max(m, x)
				}
			default:
				m = foldRun(op, m, v[r:r+n])
			}
			d[at] = m
			at++
		}
		return
	}
	dd := d[at : at+n]
	switch {
	case n < shortRun:
		for r := 0; r < len(v); r += n {
			foldRow(op, dd, v[r:r+n])
		}
	case op != foldSum && op != foldProd && len(v) >= 3*n:
		foldRowsPairwise(op, dd, v, scratch.prefix(len(v)/2).([]T), f.row)
	default:
		for r := 0; r < len(v); r += n {
			f.row(op, dd, v[r:r+n])
		}
	}
}

// foldRowsPairwise folds the rows of v (each len(d) long) elementwise
// into d by an order-free op (min, max and their NaN-skipping forms) in
// a few long calls of row instead of one per row: the second half of the
// rows folded onto a copy of the first in s (at least half as long as
// v), then that halved again in place, an odd row out going to d.
func foldRowsPairwise[T chunk.Number](op fold, d, v, s []T, row func(op fold, d, v []T)) {
	n := len(d)
	m := len(v) / n / 2
	copy(s, v[:m*n])
	row(op, s[:m*n], v[m*n:2*m*n])
	if 2*m*n < len(v) {
		row(op, d, v[2*m*n:])
	}
	for m > 1 {
		h := m / 2
		row(op, s[:h*n], s[h*n:2*h*n])
		if m%2 == 1 {
			row(op, d, s[2*h*n:m*n])
		}
		m = h
	}
	row(op, d, s[:n])
}

// compensated adds float64 sums into d with Neumaier's compensation: the
// rounding error of each addition goes to comp, whose buffer is made on
// the first addition that can have one (most outputs of a chunk whose
// reduced axes it holds whole are written once, onto 0, exactly).
type compensated struct {
	d, comp []float64
	scratch *chunk.Dense
}

// add adds s to d[at]; the error, found by Knuth's TwoSum (no branch on
// which of the two is larger), to comp[at].
func (c *compensated) add(at int, s float64) {
	a := c.d[at]
	if a == 0 { // 0 + s is s exactly
		c.d[at] = s
		return
	}
	if c.comp == nil {
		c.makeComp()
	}
	t := a + s
	b := t - a
	c.comp[at] += (a - (t - b)) + (s - b)
	c.d[at] = t
}

func (c *compensated) makeComp() {
	if len(c.d) < 512 {
		c.comp = make([]float64, len(c.d)) // cheaper than a pooled buffer
		return
	}
	c.scratch = chunk.NewPooledDense(chunk.Float64, []int{len(c.d)})
	c.comp = chunk.Values[float64](c.scratch)
	clear(c.comp)
}

// finish adds the errors to the finite sums.
func (c *compensated) finish() {
	for i, e := range c.comp {
		if !math.IsInf(c.d[i], 0) {
			c.d[i] += e
		}
	}
}

// release gives the errors' buffer back.
func (c *compensated) release() {
	if c.scratch != nil {
		c.scratch.Recycle()
	}
}

// tileBuf is a buffer of TileSize elements that tiles are converted
// into, with the prefix last asked for boxed once: boxing a slice per
// tile allocates.
type tileBuf struct {
	dt        chunk.DType
	full, box any
	n         int
}

// newTileBuf returns a tile buffer of dtype dt, allocated on first use.
func newTileBuf(dt chunk.DType) *tileBuf { return &tileBuf{dt: dt} }

// prefix returns the buffer's first m elements.
func (t *tileBuf) prefix(m int) any {
	if t.full == nil {
		t.full = chunk.NewDense(t.dt, []int{blockwise.TileSize}).Data()
		t.box, t.n = t.full, blockwise.TileSize
	}
	switch m {
	case blockwise.TileSize:
		return t.full
	case t.n:
		return t.box
	}
	t.n, t.box = m, sliceTo(t.full, m)
	return t.box
}

func sliceTo(s any, n int) any {
	switch v := s.(type) {
	case []uint8:
		return v[:n]
	case []int8:
		return v[:n]
	case []int16:
		return v[:n]
	case []int32:
		return v[:n]
	case []int64:
		return v[:n]
	case []uint16:
		return v[:n]
	case []uint32:
		return v[:n]
	case []uint64:
		return v[:n]
	case []float32:
		return v[:n]
	case []float64:
		return v[:n]
	case []complex64:
		return v[:n]
	case []complex128:
		return v[:n]
	}
	panic("reductions: bad accumulator")
}

// fillIdentity sets every element of d to op's identity.
func fillIdentity(op fold, d *chunk.Dense) {
	if d.DType().IsComplex() {
		fillComplexIdentity(op, d)
		return
	}
	switch op {
	case foldSum:
		clear(d.Bytes()) // d may be a recycled buffer
	case foldProd:
		d.Fill(1)
	case foldMin:
		_, hi := chunk.Limits(d.DType())
		fillLimit(d, hi, true)
	case foldMax:
		lo, _ := chunk.Limits(d.DType())
		fillLimit(d, lo, false)
	case foldNanMin, foldNanMax:
		if d.DType().IsFloat() {
			d.Fill(math.NaN())
			return
		}
		lo, hi := chunk.Limits(d.DType())
		if op == foldNanMin {
			fillLimit(d, hi, true)
		} else {
			fillLimit(d, lo, false)
		}
	}
}

// fillLimit fills d with its dtype's extreme (exact for 64-bit integers,
// whose limits float64 cannot hold).
func fillLimit(d *chunk.Dense, v float64, high bool) {
	switch s := d.Data().(type) {
	case []int64:
		x := int64(math.MinInt64)
		if high {
			x = math.MaxInt64
		}
		for i := range s {
			s[i] = x
		}
	case []uint64:
		var x uint64
		if high {
			x = math.MaxUint64
		}
		for i := range s {
			s[i] = x
		}
	default:
		d.Fill(v)
	}
}

// extremes are the vector folds of one float type.
type extremes[T float32 | float64] struct {
	max, min, nanMax, nanMin func([]T) T
}

var (
	extremesF64 = extremes[float64]{vec.MaxFloat64, vec.MinFloat64, vec.NaNMaxFloat64, vec.NaNMinFloat64}
	extremesF32 = extremes[float32]{vec.MaxFloat32, vec.MinFloat32, vec.NaNMaxFloat32, vec.NaNMinFloat32}
)

// foldFloats is foldRun for floats: max and min and their NaN-skipping
// forms take the vector folds. A NaN-skipping fold that finds nothing
// but NaN (or whose extreme is the infinity that stands for "nothing")
// folds the run element by element instead.
func foldFloats[T float32 | float64](op fold, acc T, v []T, f extremes[T]) T {
	if len(v) == 0 {
		return acc
	}
	var m T
	switch op {
	case foldMax:
		return max(acc, f.max(v))
	case foldMin:
		return min(acc, f.min(v))
	case foldNanMax:
		if m = f.nanMax(v); math.IsInf(float64(m), -1) {
			return foldRun(op, acc, v)
		}
	case foldNanMin:
		if m = f.nanMin(v); math.IsInf(float64(m), 1) {
			return foldRun(op, acc, v)
		}
	default:
		return foldRun(op, acc, v)
	}
	return foldRun(op, acc, []T{m})
}

// accumulateRun folds vals[lo:hi] into data[at].
func accumulateRun(op fold, data any, at int, vals any, lo, hi int) {
	switch d := data.(type) {
	case []float64:
		d[at] = foldFloats(op, d[at], blockwise.Slice[float64](vals)[lo:hi], extremesF64)
	case []float32:
		d[at] = foldFloats(op, d[at], blockwise.Slice[float32](vals)[lo:hi], extremesF32)
	case []int64:
		d[at] = foldRun(op, d[at], blockwise.Slice[int64](vals)[lo:hi])
	case []uint64:
		d[at] = foldRun(op, d[at], blockwise.Slice[uint64](vals)[lo:hi])
	case []int32:
		d[at] = foldSmallRun(op, d[at], blockwise.Slice[int32](vals)[lo:hi])
	case []uint32:
		d[at] = foldSmallRun(op, d[at], blockwise.Slice[uint32](vals)[lo:hi])
	case []int16:
		d[at] = foldSmallRun(op, d[at], blockwise.Slice[int16](vals)[lo:hi])
	case []uint16:
		d[at] = foldSmallRun(op, d[at], blockwise.Slice[uint16](vals)[lo:hi])
	case []int8:
		d[at] = foldSmallRun(op, d[at], blockwise.Slice[int8](vals)[lo:hi])
	case []uint8:
		d[at] = foldSmallRun(op, d[at], blockwise.Slice[uint8](vals)[lo:hi])
	case []complex64:
		d[at] = foldComplexRun(op, d[at], blockwise.Slice[complex64](vals)[lo:hi])
	case []complex128:
		d[at] = foldComplexRun(op, d[at], blockwise.Slice[complex128](vals)[lo:hi])
	}
}

// accumulateRow folds vals[lo:hi] elementwise into data[at:].
func accumulateRow(op fold, data any, at int, vals any, lo, hi int) {
	n := hi - lo
	switch d := data.(type) {
	case []float64:
		dd, v := d[at:at+n], blockwise.Slice[float64](vals)[lo:hi]
		if op == foldSum {
			vec.AddTo(dd, v)
			break
		}
		foldFloatRow(op, dd, v)
	case []float32:
		foldFloatRow(op, d[at:at+n], blockwise.Slice[float32](vals)[lo:hi])
	case []int64:
		foldInt64Row(op, d[at:at+n], blockwise.Slice[int64](vals)[lo:hi])
	case []uint64:
		foldRow(op, d[at:at+n], blockwise.Slice[uint64](vals)[lo:hi])
	case []int32:
		foldSmallRow(op, d[at:at+n], blockwise.Slice[int32](vals)[lo:hi])
	case []uint32:
		foldSmallRow(op, d[at:at+n], blockwise.Slice[uint32](vals)[lo:hi])
	case []int16:
		foldSmallRow(op, d[at:at+n], blockwise.Slice[int16](vals)[lo:hi])
	case []uint16:
		foldSmallRow(op, d[at:at+n], blockwise.Slice[uint16](vals)[lo:hi])
	case []int8:
		foldSmallRow(op, d[at:at+n], blockwise.Slice[int8](vals)[lo:hi])
	case []uint8:
		foldSmallRow(op, d[at:at+n], blockwise.Slice[uint8](vals)[lo:hi])
	case []complex64:
		foldComplexRow(op, d[at:at+n], blockwise.Slice[complex64](vals)[lo:hi])
	case []complex128:
		foldComplexRow(op, d[at:at+n], blockwise.Slice[complex128](vals)[lo:hi])
	}
}

// foldFloatRow is foldRow for floats, their minima and maxima (NaN
// propagated or skipped) by vec's vector loops.
func foldFloatRow[T float32 | float64](op fold, d, v []T) {
	switch op {
	case foldMax:
		vec.MaxElems(d, d, v)
	case foldMin:
		vec.MinElems(d, d, v)
	case foldNanMax:
		vec.NaNMaxElems(d, d, v)
	case foldNanMin:
		vec.NaNMinElems(d, d, v)
	default:
		foldRow(op, d, v)
	}
}

// foldInt64Row is foldRow for int64, its sums, minima and maxima by
// vec's vector loops.
func foldInt64Row(op fold, d, v []int64) {
	switch op {
	case foldSum:
		vec.Int64(vec.AddInt, d, d, v)
	case foldMax:
		vec.Int64(vec.MaxInt, d, d, v)
	case foldMin:
		vec.Int64(vec.MinInt, d, d, v)
	default:
		foldRow(op, d, v)
	}
}

// foldSmallRun is foldRun for the integers of 32 bits or fewer, their
// minima and maxima by vec's vector loop.
func foldSmallRun[T int32 | uint32 | int16 | uint16 | int8 | uint8](op fold, acc T, v []T) T {
	switch op {
	case foldMax:
		return vec.ExtremeInts(acc, v, true)
	case foldMin:
		return vec.ExtremeInts(acc, v, false)
	}
	return foldRun(op, acc, v)
}

// foldSmallRow is foldRow for the integers of 32 bits or fewer, their
// minima and maxima by vec's vector loops.
func foldSmallRow[T int32 | uint32 | int16 | uint16 | int8 | uint8](op fold, d, v []T) {
	switch op {
	case foldMax:
		vec.MaxElemsInts(d, d, v)
	case foldMin:
		vec.MinElemsInts(d, d, v)
	default:
		foldRow(op, d, v)
	}
}

// accumulateInto folds d elementwise into out (same shape and dtype).
func accumulateInto(op fold, out, d *chunk.Dense) {
	accumulateRow(op, out.Data(), 0, d.Data(), 0, d.Len())
}

// foldRun folds v into acc. Sums use eight independent accumulators: a
// pairwise-like error bound for floats and a loop the CPU pipelines.
func foldRun[T chunk.Number](op fold, acc T, v []T) T {
	switch op {
	case foldSum:
		return acc + sum8(v)
	case foldProd:
		return acc * prod8(v)
	case foldMin:
		return extreme8(acc, v, false)
	case foldMax:
		return extreme8(acc, v, true)
	case foldNanMin:
		for _, x := range v {
			if x < acc || acc != acc {
				acc = x
			}
		}
	case foldNanMax:
		for _, x := range v {
			if x > acc || acc != acc {
				acc = x
			}
		}
	}
	return acc
}

// sum8 and prod8 fold v in eight running values the CPU overlaps (one
// chain waits for each add or multiply), held in registers, then
// pairwise.
func sum8[T chunk.Number](v []T) T {
	var p0, p1, p2, p3, p4, p5, p6, p7 T
	i := 0
	for ; i+8 <= len(v); i += 8 {
		w := v[i : i+8 : i+8]
		p0, p1, p2, p3 = p0+w[0], p1+w[1], p2+w[2], p3+w[3]
		p4, p5, p6, p7 = p4+w[4], p5+w[5], p6+w[6], p7+w[7]
	}
	for ; i < len(v); i++ {
		p0 += v[i]
	}
	return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))
}

func prod8[T chunk.Number](v []T) T {
	p0, p1, p2, p3, p4, p5, p6, p7 := T(1), T(1), T(1), T(1), T(1), T(1), T(1), T(1)
	i := 0
	for ; i+8 <= len(v); i += 8 {
		w := v[i : i+8 : i+8]
		p0, p1, p2, p3 = p0*w[0], p1*w[1], p2*w[2], p3*w[3]
		p4, p5, p6, p7 = p4*w[4], p5*w[5], p6*w[6], p7*w[7]
	}
	for ; i < len(v); i++ {
		p0 *= v[i]
	}
	return ((p0 * p1) * (p2 * p3)) * ((p4 * p5) * (p6 * p7))
}

// extreme8 folds v into acc by max (greatest) or min, as a loop of
// max(acc, x) does, with eight running extremes the CPU overlaps (one
// chain waits for each compare): max and min are order-free, NaN and
// signed zeros included.
func extreme8[T chunk.Number](acc T, v []T, greatest bool) T {
	p0, p1, p2, p3, p4, p5, p6, p7 := acc, acc, acc, acc, acc, acc, acc, acc
	i := 0
	for ; i+8 <= len(v); i += 8 {
		w := v[i : i+8 : i+8]
		if greatest {
			p0, p1, p2, p3 = max(p0, w[0]), max(p1, w[1]), max(p2, w[2]), max(p3, w[3])
			p4, p5, p6, p7 = max(p4, w[4]), max(p5, w[5]), max(p6, w[6]), max(p7, w[7])
		} else {
			p0, p1, p2, p3 = min(p0, w[0]), min(p1, w[1]), min(p2, w[2]), min(p3, w[3])
			p4, p5, p6, p7 = min(p4, w[4]), min(p5, w[5]), min(p6, w[6]), min(p7, w[7])
		}
	}
	if greatest {
		for ; i < len(v); i++ {
			p0 = max(p0, v[i])
		}
		return max(max(p0, p1), max(p2, p3), max(p4, p5), max(p6, p7))
	}
	for ; i < len(v); i++ {
		p0 = min(p0, v[i])
	}
	return min(min(p0, p1), min(p2, p3), min(p4, p5), min(p6, p7))
}

func foldRow[T chunk.Number](op fold, d, v []T) {
	v = v[:len(d)]
	switch op {
	case foldSum:
		i := 0
		for ; i+4 <= len(d); i += 4 {
			d4, v4 := d[i:i+4:i+4], v[i:i+4:i+4]
			d4[0] += v4[0]
			d4[1] += v4[1]
			d4[2] += v4[2]
			d4[3] += v4[3]
		}
		for ; i < len(d); i++ {
			d[i] += v[i]
		}
	case foldProd:
		for i := range d {
			d[i] *= v[i]
		}
	case foldMin:
		i := 0
		for ; i+4 <= len(d); i += 4 { // four at a time, without bounds checks
			d4, v4 := d[i:i+4:i+4], v[i:i+4:i+4]
			d4[0], d4[1], d4[2], d4[3] = min(d4[0], v4[0]), min(d4[1], v4[1]), min(d4[2], v4[2]), min(d4[3], v4[3])
		}
		for ; i < len(d); i++ {
			d[i] = min(d[i], v[i])
		}
	case foldMax:
		i := 0
		for ; i+4 <= len(d); i += 4 {
			d4, v4 := d[i:i+4:i+4], v[i:i+4:i+4]
			d4[0], d4[1], d4[2], d4[3] = max(d4[0], v4[0]), max(d4[1], v4[1]), max(d4[2], v4[2]), max(d4[3], v4[3])
		}
		for ; i < len(d); i++ {
			d[i] = max(d[i], v[i])
		}
	case foldNanMin:
		for i := range d {
			if v[i] < d[i] || d[i] != d[i] {
				d[i] = v[i]
			}
		}
	case foldNanMax:
		for i := range d {
			if v[i] > d[i] || d[i] != d[i] {
				d[i] = v[i]
			}
		}
	}
}

// coalesce drops the length-1 axes of shape and merges neighbouring axes
// that are both reduced or both kept, so kernels loop over as few, as
// long runs as the layout allows.
func coalesce(shape []int, reduced []bool) (dims []int, red []bool) {
	for a, s := range shape {
		if s == 1 {
			continue
		}
		if k := len(dims); k > 0 && red[k-1] == reduced[a] {
			dims[k-1] *= s
			continue
		}
		dims = append(dims, s)
		red = append(red, reduced[a])
	}
	return dims, red
}
