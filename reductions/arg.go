package reductions

import (
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// argChunk reduces a chunk to a Partial of (best value, its index) per
// output element. The index is global: the position along the reduced
// axis, or the C-order flat position over the reduced axes when there
// are several (NumPy's flat index for axis=None). Ties keep the first
// position; NaN counts as the best value for argmin/argmax (NumPy returns
// the first NaN) and is skipped by the Nan variants.
func argChunk(ev *blockwise.Evaluator, f blockwise.Frame, reduced []bool, op Op) (*Partial, error) {
	shape := f.Shape
	nd := len(shape)
	ks := keepShape(shape, reduced)
	vd := op.AccDType(ev.DType())
	val, idx := chunk.NewPooledDense(vd, ks), chunk.NewPooledDense(chunk.Int64, ks)
	clear(val.Bytes()) // the zero value where index -1 says "nothing yet"
	ix := chunk.Values[int64](idx)
	for i := range ix {
		ix[i] = -1
	}
	n := ev.Len()
	if n == 0 {
		return &Partial{Parts: []*chunk.Dense{val, idx}}, nil
	}
	outStride := chunk.Strides(ks)
	rstride := make([]int64, nd) // strides of the global shape restricted to reduced axes
	s := int64(1)
	for a := nd - 1; a >= 0; a-- {
		if reduced[a] {
			rstride[a] = s
			s *= int64(f.Global[a])
		}
	}
	var cbuf *tileBuf
	if ev.DType() != vd {
		cbuf = newTileBuf(vd)
	}
	pos := make([]int, nd)
	lastRed := nd > 0 && reduced[nd-1]
	for off, m := 0, 0; off < n; off += m {
		m = ev.TileLen(off)
		vals := ev.Tile(off, m, nil)
		if cbuf != nil {
			c := cbuf.prefix(m)
			blockwise.Convert(c, vals)
			vals = c
		}
		chunk.Unravel(pos, off, shape)
		for p := 0; p < m; {
			run := m - p
			if nd > 0 {
				run = min(run, shape[nd-1]-pos[nd-1])
			}
			at, g := 0, int64(0)
			for a := range pos {
				if reduced[a] {
					g += int64(f.Origin[a]+pos[a]) * rstride[a]
				} else {
					at += pos[a] * outStride[a]
				}
			}
			argRun(op, val.Data(), ix, vals, p, p+run, at, g, lastRed)
			p += run
			if nd > 0 {
				pos[nd-1] += run
				for a := nd - 1; a > 0 && pos[a] >= shape[a]; a-- {
					pos[a] = 0
					pos[a-1]++
				}
			}
		}
	}
	return &Partial{Parts: []*chunk.Dense{val, idx}}, ev.Err()
}

func argRun(op Op, val any, ix []int64, vals any, lo, hi, at int, g int64, lastRed bool) {
	switch v := val.(type) {
	case []float64:
		argRunT(op, v, ix, blockwise.Slice[float64](vals)[lo:hi], at, g, lastRed)
	case []float32:
		argRunT(op, v, ix, blockwise.Slice[float32](vals)[lo:hi], at, g, lastRed)
	case []int64:
		argRunT(op, v, ix, blockwise.Slice[int64](vals)[lo:hi], at, g, lastRed)
	case []int32:
		argRunT(op, v, ix, blockwise.Slice[int32](vals)[lo:hi], at, g, lastRed)
	case []int16:
		argRunT(op, v, ix, blockwise.Slice[int16](vals)[lo:hi], at, g, lastRed)
	case []int8:
		argRunT(op, v, ix, blockwise.Slice[int8](vals)[lo:hi], at, g, lastRed)
	case []uint64:
		argRunT(op, v, ix, blockwise.Slice[uint64](vals)[lo:hi], at, g, lastRed)
	case []uint32:
		argRunT(op, v, ix, blockwise.Slice[uint32](vals)[lo:hi], at, g, lastRed)
	case []uint16:
		argRunT(op, v, ix, blockwise.Slice[uint16](vals)[lo:hi], at, g, lastRed)
	case []uint8:
		argRunT(op, v, ix, blockwise.Slice[uint8](vals)[lo:hi], at, g, lastRed)
	case []complex64:
		argRunComplex(op, v, ix, blockwise.Slice[complex64](vals)[lo:hi], at, g, lastRed)
	case []complex128:
		argRunComplex(op, v, ix, blockwise.Slice[complex128](vals)[lo:hi], at, g, lastRed)
	}
}

// argRunExtreme is argRunT for a run along the reduced axis: a vector
// (or, for integers, lane-parallel) loop finds the run's extreme value —
// for argmin/argmax NaN if the run holds one, for the Nan variants the
// extreme of the others — a second pass over the cache-resident run finds
// its first position, and that candidate meets the running best by the
// same rule (better) as every element would.
func argRunExtreme[T chunk.Number](op Op, val []T, ix []int64, x []T, at int, g int64) {
	m := runExtreme(op, x)
	k := 0
	if m != m {
		for k < len(x) && x[k] == x[k] {
			k++
		}
	} else {
		for k+4 <= len(x) && x[k] != m && x[k+1] != m && x[k+2] != m && x[k+3] != m {
			k += 4
		}
		for k < len(x) && x[k] != m {
			k++
		}
	}
	if k < len(x) && better(op, x[k], g+int64(k), val[at], ix[at]) {
		val[at], ix[at] = x[k], g+int64(k)
	}
}

// runExtreme is the greatest (ArgMax, NanArgMax) or least element of x,
// NaN first for ArgMax and ArgMin, NaN skipped for the Nan variants (the
// fold's identity ±Inf when x holds nothing else, which a caller finds in
// x only when x holds it).
func runExtreme[T chunk.Number](op Op, x []T) T {
	larger, skip := op == ArgMax || op == NanArgMax, op == NanArgMax || op == NanArgMin
	var r any
	switch v := any(x).(type) {
	case []float64:
		r = pickFn(larger, skip, vec.MaxFloat64, vec.MinFloat64, vec.NaNMaxFloat64, vec.NaNMinFloat64)(v)
	case []float32:
		r = pickFn(larger, skip, vec.MaxFloat32, vec.MinFloat32, vec.NaNMaxFloat32, vec.NaNMinFloat32)(v)
	case []int32:
		r = vec.ExtremeInts(v[0], v, larger)
	case []uint32:
		r = vec.ExtremeInts(v[0], v, larger)
	case []int16:
		r = vec.ExtremeInts(v[0], v, larger)
	case []uint16:
		r = vec.ExtremeInts(v[0], v, larger)
	case []int8:
		r = vec.ExtremeInts(v[0], v, larger)
	case []uint8:
		r = vec.ExtremeInts(v[0], v, larger)
	default:
		return intExtreme(larger, x)
	}
	return r.(T)
}

func pickFn[F any](larger, skip bool, mx, mn, nanMx, nanMn F) F {
	switch {
	case skip && larger:
		return nanMx
	case skip:
		return nanMn
	case larger:
		return mx
	}
	return mn
}

// intExtreme is the greatest or least element of a non-empty x of an
// integer type, in four independent lanes.
func intExtreme[T chunk.Number](larger bool, x []T) T {
	a := [4]T{x[0], x[0], x[0], x[0]}
	i := 0
	for ; i+4 <= len(x); i += 4 {
		if larger {
			a[0], a[1], a[2], a[3] = max(a[0], x[i]), max(a[1], x[i+1]), max(a[2], x[i+2]), max(a[3], x[i+3])
		} else {
			a[0], a[1], a[2], a[3] = min(a[0], x[i]), min(a[1], x[i+1]), min(a[2], x[i+2]), min(a[3], x[i+3])
		}
	}
	for ; i < len(x); i++ {
		if larger {
			a[0] = max(a[0], x[i])
		} else {
			a[0] = min(a[0], x[i])
		}
	}
	if larger {
		return max(a[0], a[1], a[2], a[3])
	}
	return min(a[0], a[1], a[2], a[3])
}

// better reports whether x at position i beats cur at position j (j = -1:
// nothing yet).
func better[T chunk.Number](op Op, x T, i int64, cur T, j int64) bool {
	return betterBy(op, x, i, cur, j, func(v T) bool { return v != v }, func(a, b T) bool { return a < b })
}

// betterBy is better for the order less, with isNaN telling NaN values.
func betterBy[T comparable](op Op, x T, i int64, cur T, j int64, isNaN func(T) bool, less func(a, b T) bool) bool {
	xn := isNaN(x)
	if j < 0 {
		return !(xn && (op == NanArgMin || op == NanArgMax))
	}
	cn := isNaN(cur)
	switch op {
	case NanArgMin, NanArgMax:
		if xn {
			return false
		}
	default:
		if cn {
			return xn && i < j
		}
		if xn {
			return true
		}
	}
	switch {
	case x == cur:
		return i < j
	case op == ArgMin || op == NanArgMin:
		return less(x, cur)
	default:
		return less(cur, x)
	}
}

// argRunT meets the running bests with a run of x. Within a chunk each
// output element sees its positions in increasing order, so a value equal
// to the best never replaces it; the loops below take a strictly better
// value at once and leave the rare cases (no best yet, NaN on either
// side) to better: along the run, element by element; across a row of
// bests, in a second pass over the row when a vector pass (vec.ArgRow…)
// saw one.
func argRunT[T chunk.Number](op Op, val []T, ix []int64, x []T, at int, g int64, lastRed bool) {
	larger := op == ArgMax || op == NanArgMax
	if lastRed && len(x) >= 16 {
		argRunExtreme(op, val, ix, x, at, g)
		return
	}
	if lastRed {
		bv, bi := val[at], ix[at]
		for k, v := range x {
			if i := g + int64(k); larger && v > bv || !larger && v < bv {
				bv, bi = v, i
			} else if (bi < 0 || v != v || bv != bv) && better(op, v, i, bv, bi) {
				bv, bi = v, i
			}
		}
		val[at], ix[at] = bv, bi
		return
	}
	val, ix = val[at:at+len(x)], ix[at:at+len(x)]
	var unset, nan bool
	if v, ok := any(val).([]float64); ok {
		unset, nan = vec.ArgRowFloat64(larger, v, ix, any(x).([]float64), g)
	} else if v, ok := any(val).([]float32); ok {
		unset, nan = vec.ArgRowFloat32(larger, v, ix, any(x).([]float32), g)
	} else if v, ok := any(val).([]int64); ok {
		unset, nan = vec.ArgRowInts(larger, v, ix, any(x).([]int64), g)
	} else if v, ok := any(val).([]int32); ok {
		unset, nan = vec.ArgRowInts(larger, v, ix, any(x).([]int32), g)
	} else {
		unset, nan = vec.ArgRowGo(larger, val, ix, x, g)
	}
	if !unset && !(nan && (op == ArgMax || op == ArgMin)) {
		return // no NaN that wins, no best unset: the strictly better values were all
	}
	for k, v := range x {
		if c := val[k]; (ix[k] < 0 || v != v || c != c) && better(op, v, g, c, ix[k]) {
			val[k], ix[k] = v, g
		}
	}
}

// combineArg merges arg partials of one shape.
func combineArg(op Op, ps []*Partial) (*Partial, error) {
	for _, p := range ps {
		if len(p.Parts) != 2 || p.Parts[0] == nil || p.Parts[0].DType() != ps[0].Parts[0].DType() || !chunk.EqualShapes(p.Parts[0].Shape(), ps[0].Parts[0].Shape()) {
			return nil, fmt.Errorf("reductions: mismatched arg partials")
		}
	}
	out := &Partial{Parts: []*chunk.Dense{ps[0].Parts[0].Clone(), ps[0].Parts[1].Clone()}}
	ix := chunk.Values[int64](out.Parts[1])
	for _, p := range ps[1:] {
		pix := chunk.Values[int64](p.Parts[1])
		switch v := out.Parts[0].Data().(type) {
		case []float64:
			mergeArg(op, v, ix, p.Parts[0].Data().([]float64), pix)
		case []float32:
			mergeArg(op, v, ix, p.Parts[0].Data().([]float32), pix)
		case []int64:
			mergeArg(op, v, ix, p.Parts[0].Data().([]int64), pix)
		case []int32:
			mergeArg(op, v, ix, p.Parts[0].Data().([]int32), pix)
		case []int16:
			mergeArg(op, v, ix, p.Parts[0].Data().([]int16), pix)
		case []int8:
			mergeArg(op, v, ix, p.Parts[0].Data().([]int8), pix)
		case []uint64:
			mergeArg(op, v, ix, p.Parts[0].Data().([]uint64), pix)
		case []uint32:
			mergeArg(op, v, ix, p.Parts[0].Data().([]uint32), pix)
		case []uint16:
			mergeArg(op, v, ix, p.Parts[0].Data().([]uint16), pix)
		case []uint8:
			mergeArg(op, v, ix, p.Parts[0].Data().([]uint8), pix)
		case []complex64:
			mergeArgComplex(op, v, ix, p.Parts[0].Data().([]complex64), pix, 0)
		case []complex128:
			mergeArgComplex(op, v, ix, p.Parts[0].Data().([]complex128), pix, 0)
		}
	}
	return out, nil
}

func mergeArg[T chunk.Number](op Op, val []T, ix []int64, pv []T, pix []int64) {
	for i := range val {
		if pix[i] >= 0 && better(op, pv[i], pix[i], val[i], ix[i]) {
			val[i], ix[i] = pv[i], pix[i]
		}
	}
}

// finishArg returns the indices of merged arg partials; an output with
// no value (every value was NaN, for the Nan variants) is NumPy's error.
func finishArg(op Op, p *Partial) (*chunk.Dense, error) {
	for _, i := range chunk.Values[int64](p.Parts[1]) {
		if i < 0 {
			return nil, fmt.Errorf("%v: All-NaN slice encountered", op)
		}
	}
	return p.Parts[1], nil
}
