package array

import (
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
)

// Set returns a copy of x with the positions idx selects replaced by v:
// NumPy's and Dask's x[idx] = v, except that x itself never changes (Dask
// rebinds x to a new array the same way). idx is what Index takes:
// slices, integers, NewAxis, an ellipsis and one integer list (Ints, or
// a 1-d boolean mask on one axis, Bools, as Dask's __setitem__ allows;
// with repeated positions the last value wins, as in NumPy), or integer
// lists on every axis, broadcast together (point-wise, as Vindex; x is
// then raveled, which may rechunk). v is a Go number or an array that
// broadcasts to the shape x.Index(idx...) has; it is cast to x's dtype
// as NumPy's assignment casts (floats into integers truncate). Several
// lists mixed with slices are not supported (an error); bad indices and
// values that do not broadcast are errors.
//
// The result stays lazy and chunked like x: each chunk is x's chunk
// where the selection misses it, and otherwise a fused elementwise pass
// reading the matching piece of v, gathered as Take gathers.
func (x *Array) Set(v any, idx ...Index) *Array {
	if bad := requireKnown("setitem", x); bad != nil {
		return bad
	}
	o, err := toOperand("setitem", v)
	if err != nil {
		return errArray(err)
	}
	if below, above := intRange(o, x.dtype); below || above {
		return outOfBounds("setitem", o, x.dtype) // NumPy 2's OverflowError
	}
	full, err := expandIndex(idx, x.Shape())
	if err != nil {
		return errorf("setitem", "%v", err)
	}
	y := x.Index(full...) // checks the indices, gives the target shape
	if y.err != nil {
		return errorf("setitem", "%v", y.err)
	}
	if pointwise(full) {
		return x.setPoints(o, v, full, y.Shape())
	}
	// The selected positions per axis of x, and the axis of y (the
	// result's order) each axis of x becomes, -1 for At.
	nd := x.NDim()
	sel := make([][]int, nd)
	var order []int // per axis of y: the axis of x, or -1 for NewAxis
	lists, first, last, listAxis := 0, -1, -1, -1
	a := 0
	for i, ix := range full {
		if ix.kind == idxAt || ix.kind == idxInts {
			if first < 0 {
				first = i
			}
			last = i
		}
		switch ix.kind {
		case idxNewAxis:
			order = append(order, -1)
			continue
		case idxInts:
			if lists++; lists > 1 || ix.ishape != nil {
				return errorf("setitem", "several integer lists together with slices or NewAxis are not supported")
			}
			n := x.Shape()[a]
			for _, p := range ix.ints {
				sel[a] = append(sel[a], (p+n)%max(n, 1))
			}
			order, listAxis = append(order, a), a
		default:
			s, _ := ix.resolve(x.Shape()[a]) // checked by Index
			for k := range s.Count {
				sel[a] = append(sel[a], s.Start+k*s.Step)
			}
			if ix.kind != idxAt {
				order = append(order, a)
			}
		}
		a++
	}
	if lists == 1 {
		for _, ix := range full[first : last+1] {
			if ix.kind != idxAt && ix.kind != idxInts {
				// NumPy puts a non-adjacent list's axis first.
				r := slices.Index(order, listAxis)
				order = append(append([]int{listAxis}, order[:r]...), order[r+1:]...)
				break
			}
		}
	}
	// v in x's frame: one axis per axis of x, of the selection's length
	// or 1 (broadcast).
	vlen := make([]int, nd)
	for i := range vlen {
		vlen[i] = 1
	}
	var val *Array
	if o.arr != nil {
		val = o.arr
		rs := y.Shape()
		if bad := requireKnown("setitem", val); bad != nil {
			return bad
		}
		vs := val.Shape()
		for len(vs) > len(rs) && vs[0] == 1 {
			vs = vs[1:]
		}
		ok := len(vs) <= len(rs)
		full := make([]int, len(rs))
		for r := range full {
			full[r] = 1
			if j := r - (len(rs) - len(vs)); ok && j >= 0 {
				full[r] = vs[j]
				ok = vs[j] == 1 || vs[j] == rs[r]
			}
		}
		if !ok {
			return errorf("setitem", "could not broadcast input array from shape %s into shape %s", pyShape(val.Shape()), pyShape(rs))
		}
		// Put v's axes in x's order, NewAxis ones (length 1) last.
		var perm []int
		for xa := range nd {
			for r, oa := range order {
				if oa == xa {
					perm = append(perm, r)
					vlen[xa] = full[r]
				}
			}
		}
		for r, oa := range order {
			if oa < 0 {
				perm = append(perm, r)
			}
		}
		val = val.AsType(x.dtype).Reshape(full...).Transpose(perm...).Reshape(vlen...)
		if val.err != nil {
			return errorf("setitem", "%v", val.err)
		}
	}
	segs := make([][]seg, nd)
	maskSegs := make([][]seg, nd)
	for a := range nd {
		n := x.Shape()[a]
		pos, at := make([]int, n), make([]int, n)
		for i := range pos {
			pos[i], at[i] = -1, -1
		}
		for k, p := range sel[a] {
			at[p] = 0
			pos[p] = k
			if vlen[a] == 1 {
				pos[p] = 0
			}
		}
		segs[a], maskSegs[a] = runsOf(pos, 0, 0), runsOf(at, 0, 0)
	}
	ones := make([]int, nd)
	for i := range ones {
		ones[i] = 1
	}
	hit := newGather("setitem-mask", []*Array{Ones(ones, chunk.Bool, nil)}, chunk.Bool, 0, -1, maskSegs, x.Chunks())
	if val == nil {
		return Where(hit, v, x).AsType(x.dtype)
	}
	return Where(hit, newGather("setitem", []*Array{val}, x.dtype, 0, -1, segs, x.Chunks()), x)
}

// pointwise reports whether full indexes every axis by integers with
// more than one list (or a shaped one): a point-wise assignment.
func pointwise(full []Index) bool {
	lists := 0
	for _, ix := range full {
		switch {
		case ix.kind == idxInts && ix.ishape != nil:
			lists += 2
		case ix.kind == idxInts:
			lists++
		case ix.kind != idxAt:
			return false
		}
	}
	return lists > 1
}

// setPoints is Set at the points of integer indices on every axis: an
// assignment through one list of positions of the raveled x.
func (x *Array) setPoints(o operand, v any, full []Index, bshape []int) *Array {
	ks := identityAxes(x.NDim())
	coords := pointCoords(full, ks, bshape, x.Shape())
	flat := make([]int, 0, chunk.Prod(bshape))
	for p := 0; p < len(coords); p += len(ks) {
		flat = append(flat, chunk.Ravel(coords[p:p+len(ks)], x.Shape()))
	}
	if o.arr != nil {
		var lead []int // leading length-1 axes beyond bshape's, dropped as NumPy does
		for a, n := range o.arr.Shape()[:max(o.arr.NDim()-len(bshape), 0)] {
			if n != 1 {
				break
			}
			lead = append(lead, a)
		}
		b := o.arr
		if len(lead) > 0 {
			b = b.Squeeze(lead...)
		}
		b = b.BroadcastTo(bshape...)
		if b.err != nil {
			return errorf("setitem", "could not broadcast input array from shape %s into shape %s", pyShape(o.arr.Shape()), pyShape(bshape))
		}
		v = b.AsType(x.dtype).Ravel()
	}
	return x.Ravel().Set(v, Ints(flat...)).Reshape(x.Shape()...)
}

// SetMask returns a copy of x with the elements where mask is true
// replaced by v: Dask's x[mask] = v. mask is a bool array of x's shape
// or of its leading axes (then it selects whole sub-arrays, as NumPy's
// x[mask] does). v is a Go number or an array broadcast against x, as
// Dask does; NumPy instead takes one value per selected element. The
// value is cast to x's dtype. It is a lazy, fused Where. A mask that is
// not bool or does not match x's leading axes is an error.
func (x *Array) SetMask(mask *Array, v any) *Array {
	if bad := requireKnown("setitem", x, mask); bad != nil {
		return bad
	}
	if mask.dtype != chunk.Bool {
		return errorf("setitem", "mask must be a bool array, not %v", mask.dtype)
	}
	if o, err := toOperand("setitem", v); err == nil {
		if below, above := intRange(o, x.dtype); below || above {
			return outOfBounds("setitem", o, x.dtype)
		}
	}
	k, nd := mask.NDim(), x.NDim()
	if k > nd {
		return errorf("setitem", "too many indices for array: array is %d-dimensional, but %d were indexed", nd, k)
	}
	shape := append([]int(nil), mask.Shape()...)
	for a := range k {
		if shape[a] != x.Shape()[a] {
			return errorf("setitem", "boolean index did not match indexed array along axis %d; size of axis is %d but size of corresponding boolean axis is %d", a, x.Shape()[a], shape[a])
		}
	}
	for len(shape) < nd {
		shape = append(shape, 1)
	}
	return Where(mask.Reshape(shape...), v, x).AsType(x.dtype)
}
