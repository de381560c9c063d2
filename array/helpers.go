package array

import (
	"fmt"
	"slices"
	"sort"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// BroadcastTo returns x broadcast to shape (numpy.broadcast_to): x's
// axes align with the last ones of shape and each must have shape's
// length or 1. As in Dask, new and stretched axes are one chunk each.
// The result is elementwise: an expression or reduction over it reads x
// in place (a view, as NumPy's), and only a chunk computed for itself is
// a copy. Shapes that do not broadcast are an error.
func (x *Array) BroadcastTo(shape ...int) *Array {
	if bad := requireKnown("broadcast_to", x); bad != nil {
		return bad
	}
	nd, lead := len(shape), len(shape)-x.NDim()
	ok := lead >= 0
	for a := range x.NDim() {
		if ok {
			n, s := x.Shape()[a], shape[lead+a]
			ok = s >= 0 && (n == s || n == 1)
		}
	}
	for _, s := range shape {
		ok = ok && s >= 0
	}
	if !ok {
		return errorf("broadcast_to", "array of shape %s cannot broadcast to shape %s", pyShape(x.Shape()), pyShape(shape))
	}
	if chunk.EqualShapes(x.Shape(), shape) {
		return x
	}
	// An elementwise identity of x against a constant of the target
	// shape (no data): a reduction or expression downstream reads x in
	// place, its stretched axes with stride 0, and never a copy.
	spec := make(chunk.Spec, nd)
	for a := range nd {
		if a >= lead && x.Shape()[a-lead] == shape[a] {
			spec[a] = chunk.Sizes(x.Chunks()[a-lead]...)
		} else {
			spec[a] = chunk.Sizes(shape[a])
		}
	}
	frame := Empty(shape, x.dtype, spec)
	return elementwise("broadcast_to", []chunk.DType{x.dtype, x.dtype}, []any{x, frame},
		func(_ *blockwise.Builder, args []int32) (int32, error) { return args[0], nil })
}

// BroadcastArrays broadcasts the arrays against each other
// (numpy.broadcast_arrays). Shapes that do not broadcast give one array
// carrying the error.
func BroadcastArrays(arrays ...*Array) []*Array {
	if bad := requireKnown("broadcast_arrays", arrays...); bad != nil {
		return []*Array{bad}
	}
	shapes := make([][]int, len(arrays))
	for i, a := range arrays {
		shapes[i] = a.Shape()
	}
	shape, err := blockwise.BroadcastShapes(shapes...)
	if err != nil {
		return []*Array{errorf("broadcast_arrays", "%v", err)}
	}
	out := make([]*Array, len(arrays))
	for i, a := range arrays {
		out[i] = a.BroadcastTo(shape...)
	}
	return out
}

// likeSpec returns the chunk spec of x's chunks.
func likeSpec(x *Array) chunk.Spec {
	s := make(chunk.Spec, x.NDim())
	for a, c := range x.Chunks() {
		s[a] = chunk.Sizes(c...)
	}
	return s
}

// FullLike returns an array of x's shape, dtype and chunks filled with v
// converted to x's dtype (numpy.full_like; AsType gives another dtype).
func FullLike(x *Array, v float64) *Array {
	if bad := requireKnown("full_like", x); bad != nil {
		return bad
	}
	return Full(x.Shape(), v, x.dtype, likeSpec(x))
}

// ZerosLike is FullLike with 0.
func ZerosLike(x *Array) *Array { return FullLike(x, 0) }

// OnesLike is FullLike with 1.
func OnesLike(x *Array) *Array { return FullLike(x, 1) }

// EmptyLike is ZerosLike: values unspecified by NumPy, zeros here.
func EmptyLike(x *Array) *Array { return FullLike(x, 0) }

// AtLeast1D returns x with a leading axis added when it is 0-d.
func (x *Array) AtLeast1D() *Array {
	if x != nil && x.err == nil && x.NDim() == 0 {
		return x.ExpandDims(0)
	}
	return x
}

// AtLeast2D returns x viewed with at least two axes: a 0-d array as
// (1, 1), a 1-d one of length N as (1, N) (numpy.atleast_2d).
func (x *Array) AtLeast2D() *Array {
	if x != nil && x.err == nil && x.NDim() < 2 {
		return x.AtLeast1D().ExpandDims(0)
	}
	return x
}

// AtLeast3D returns x viewed with at least three axes: (1, 1, 1) for a
// 0-d array, (1, N, 1) for a 1-d one, (M, N, 1) for a 2-d one
// (numpy.atleast_3d).
func (x *Array) AtLeast3D() *Array {
	if x == nil || x.err != nil {
		return x
	}
	switch x.NDim() {
	case 0:
		return x.ExpandDims(0, 1, 2)
	case 1:
		return x.ExpandDims(0, 2)
	case 2:
		return x.ExpandDims(2)
	}
	return x
}

func mapArrays(xs []*Array, f func(*Array) *Array) []*Array {
	out := make([]*Array, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// HStack joins arrays along their second axis, or the first for 1-d
// ones (numpy.hstack; 0-d arrays count as 1-d).
func HStack(arrays []*Array) *Array {
	xs := mapArrays(arrays, (*Array).AtLeast1D)
	if len(xs) > 0 && xs[0] != nil && xs[0].err == nil && xs[0].NDim() == 1 {
		return Concatenate(xs, 0)
	}
	return Concatenate(xs, 1)
}

// VStack joins arrays along their first axis after AtLeast2D
// (numpy.vstack).
func VStack(arrays []*Array) *Array {
	return Concatenate(mapArrays(arrays, (*Array).AtLeast2D), 0)
}

// DStack joins arrays along their third axis after AtLeast3D
// (numpy.dstack).
func DStack(arrays []*Array) *Array {
	return Concatenate(mapArrays(arrays, (*Array).AtLeast3D), 2)
}

// SplitAt splits x along axis before each of the given positions
// (numpy.split with a list of indices): x[:i0], x[i0:i1], …, x[ik:],
// positions clipped to the axis as slices are. The parts are lazy
// slices. A bad axis gives one array carrying the error.
func (x *Array) SplitAt(indices []int, axis int) []*Array {
	if bad := requireKnown("split", x); bad != nil {
		return []*Array{bad}
	}
	a, err := normAxis(axis, x.NDim())
	if err != nil {
		return []*Array{errorf("split", "%v", err)}
	}
	bounds := append(append([]int{0}, indices...), x.Shape()[a])
	out := make([]*Array, len(bounds)-1)
	for i := range out {
		idx := slices.Repeat([]Index{All()}, a)
		out[i] = x.Index(append(idx, S(bounds[i], bounds[i+1], 1))...)
	}
	return out
}

// Split splits x into sections equal parts along axis (numpy.split); an
// axis whose length sections does not divide is an error ("array split
// does not result in an equal division"), given as one array carrying
// it.
func (x *Array) Split(sections, axis int) []*Array {
	if bad := requireKnown("split", x); bad != nil {
		return []*Array{bad}
	}
	a, err := normAxis(axis, x.NDim())
	if err != nil {
		return []*Array{errorf("split", "%v", err)}
	}
	if sections <= 0 {
		return []*Array{errorf("split", "number sections must be larger than 0")}
	}
	if x.Shape()[a]%sections != 0 {
		return []*Array{errorf("split", "array split does not result in an equal division")}
	}
	return x.ArraySplit(sections, axis)
}

// ArraySplit splits x into sections parts along axis, the first
// length%sections of them one longer (numpy.array_split).
func (x *Array) ArraySplit(sections, axis int) []*Array {
	if bad := requireKnown("array_split", x); bad != nil {
		return []*Array{bad}
	}
	a, err := normAxis(axis, x.NDim())
	if err != nil {
		return []*Array{errorf("array_split", "%v", err)}
	}
	if sections <= 0 {
		return []*Array{errorf("array_split", "number sections must be larger than 0")}
	}
	n := x.Shape()[a]
	var idx []int
	for i, p := 0, 0; i < sections-1; i++ {
		p += n / sections
		if i < n%sections {
			p++
		}
		idx = append(idx, p)
	}
	return x.SplitAt(idx, a)
}

// Rot90 rotates x by 90 degrees k times in the plane of two axes (0 and
// 1 unless given), from the first towards the second (numpy.rot90).
// Axes that are not two different ones in range are an error.
func (x *Array) Rot90(k int, axes ...int) *Array {
	if x == nil || x.err != nil {
		return x.Transpose()
	}
	if len(axes) == 0 {
		axes = []int{0, 1}
	}
	if len(axes) != 2 {
		return errorf("rot90", "len(axes) must be 2")
	}
	nd := x.NDim()
	a0, err0 := normAxis(axes[0], nd)
	a1, err1 := normAxis(axes[1], nd)
	if err0 != nil || err1 != nil {
		return errorf("rot90", "axes=%v out of range for array of ndim=%d", axes, nd)
	}
	if a0 == a1 {
		return errorf("rot90", "axes must be different")
	}
	perm := identityAxes(nd)
	perm[a0], perm[a1] = a1, a0
	switch (k%4 + 4) % 4 {
	case 0:
		return x
	case 2:
		return x.Flip(a0, a1)
	case 1:
		return x.Flip(a1).Transpose(perm...)
	}
	return x.Transpose(perm...).Flip(a1)
}

// MoveAxes moves several axes to new positions, the others keeping
// their order (numpy.moveaxis with sequences). Lists of different
// lengths, axes out of range or repeated are errors.
func (x *Array) MoveAxes(source, destination []int) *Array {
	if x == nil || x.err != nil {
		return x.Transpose()
	}
	if len(source) != len(destination) {
		return errorf("moveaxis", "`source` and `destination` arguments must have the same number of elements")
	}
	nd := x.NDim()
	norm := func(what string, axes []int) ([]int, error) {
		out := make([]int, len(axes))
		for i, a := range axes {
			n, err := normAxis(a, nd)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", what, err)
			}
			if slices.Contains(out[:i], n) {
				return nil, fmt.Errorf("repeated axis in `%s` argument", what)
			}
			out[i] = n
		}
		return out, nil
	}
	src, err := norm("source", source)
	if err != nil {
		return errorf("moveaxis", "%v", err)
	}
	dst, err := norm("destination", destination)
	if err != nil {
		return errorf("moveaxis", "%v", err)
	}
	var order []int
	for a := range nd {
		if !slices.Contains(src, a) {
			order = append(order, a)
		}
	}
	pairs := make([][2]int, len(src))
	for i := range src {
		pairs[i] = [2]int{dst[i], src[i]}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	for _, p := range pairs {
		order = slices.Insert(order, p[0], p[1])
	}
	return x.Transpose(order...)
}

// RollAxes rolls x by shifts[i] along axes[i] for each i (numpy.roll
// with sequences); a single shift applies to every axis. Lists of
// different lengths and bad axes are errors.
func (x *Array) RollAxes(shifts, axes []int) *Array {
	if len(shifts) == 1 && len(axes) > 1 {
		shifts = slices.Repeat(shifts, len(axes))
	}
	if len(shifts) != len(axes) {
		return errorf("roll", "shape mismatch: %d shifts for %d axes", len(shifts), len(axes))
	}
	for i, a := range axes {
		x = x.Roll(shifts[i], a)
	}
	return x
}

// Meshgrid returns coordinate arrays from coordinate vectors
// (numpy.meshgrid): indexing "xy" (Cartesian; the first two axes
// swapped) or "ij" (matrix). Each input is raveled; the outputs are
// broadcast views (BroadcastTo), one chunk along the axes they
// broadcast on, as in Dask. Another indexing is an error.
func Meshgrid(indexing string, xs ...*Array) []*Array {
	if indexing != "xy" && indexing != "ij" {
		return []*Array{errorf("meshgrid", "valid values for `indexing` are 'xy' and 'ij'")}
	}
	if bad := requireKnown("meshgrid", xs...); bad != nil {
		return []*Array{bad}
	}
	n := len(xs)
	shape := make([]int, n)
	for i, x := range xs {
		shape[i] = x.Size()
	}
	if indexing == "xy" && n > 1 {
		shape[0], shape[1] = shape[1], shape[0]
	}
	out := make([]*Array, n)
	for i, x := range xs {
		s := slices.Repeat([]int{1}, n)
		ax := i
		if indexing == "xy" && n > 1 && i < 2 {
			ax = 1 - i
		}
		s[ax] = -1
		out[i] = x.Ravel().Reshape(s...).BroadcastTo(shape...)
	}
	return out
}

// axisIndex returns the generated array of shape whose elements are
// their index along axis a, of dtype dt.
func axisIndex(shape []int, a int, dt chunk.DType, spec chunk.Spec) *Array {
	return generated("indices", shape, spec, dt, func(b *blockwise.Builder) int32 {
		return b.Leaf(blockwise.OpAxisIndex, chunk.Int64, int64(a), 0, 0)
	})
}

// Indices returns the grid of indices of shape (numpy.indices): an array
// of shape (len(shape), shape…) whose i-th entry holds each element's
// index along axis i, in dtype dt and chunked by spec over shape.
func Indices(shape []int, dt chunk.DType, spec chunk.Spec) *Array {
	out := make([]*Array, len(shape))
	for a := range shape {
		out[a] = axisIndex(shape, a, dt, spec)
	}
	if len(shape) == 0 {
		return Zeros([]int{0}, dt, nil)
	}
	return Stack(out, 0)
}

// FromFunction returns f applied to the index arrays of shape
// (numpy.fromfunction; Dask's is the same): f receives one array per
// axis holding each element's index along it, in dtype dt and chunked by
// spec, and returns the result built from them lazily, e.g.
// func(i ...*Array) *Array { return i[0].Mul(10).Add(i[1]) }.
func FromFunction(f func(idx ...*Array) *Array, shape []int, dt chunk.DType, spec chunk.Spec) *Array {
	if f == nil {
		return errorf("fromfunction", "nil function")
	}
	idx := make([]*Array, len(shape))
	for a := range shape {
		idx[a] = axisIndex(shape, a, dt, spec)
	}
	return f(idx...)
}

// Tri returns the n×m array (m = n when m ≤ 0) with ones at and below
// diagonal k and zeros above (numpy.tri).
func Tri(n, m, k int, dt chunk.DType, spec chunk.Spec) *Array {
	if m <= 0 {
		m = n
	}
	return diagonals("tri", n, m, blockwise.OpLe, k, dt, spec)
}

// diagonals returns the generated n×m array of (column - row) cmp k
// (OpEq: diagonal k; OpLe: on and below it), in dtype dt.
func diagonals(op string, n, m int, cmp blockwise.Op, k int, dt chunk.DType, spec chunk.Spec) *Array {
	if n < 0 || m < 0 {
		return errorf(op, "negative dimension %d", min(n, m))
	}
	return generated(op, []int{n, m}, spec, dt, func(b *blockwise.Builder) int32 {
		if cmp == blockwise.OpLe {
			return b.Leaf(blockwise.OpTri, chunk.Bool, int64(k), 0, 0)
		}
		r := b.Leaf(blockwise.OpAxisIndex, chunk.Int64, 0, 0, 0)
		c := b.Leaf(blockwise.OpAxisIndex, chunk.Int64, 1, 0, 0)
		return b.Binary(cmp, chunk.Bool, b.Binary(blockwise.OpSub, chunk.Int64, c, r), b.Const(float64(k), chunk.Int64))
	})
}

// zeroOf is the Go zero that keeps dtype dt in Where.
func zeroOf(dt chunk.DType) any {
	if dt == chunk.Bool {
		return false
	}
	return 0
}

// triMask returns Tri(k) as bool over x's last two axes and chunks.
func (x *Array) triMask(op string, k int) (*Array, error) {
	if bad := requireKnown(op, x); bad != nil {
		return nil, bad.err
	}
	nd := x.NDim()
	if nd < 2 {
		return nil, fmt.Errorf("array: %s: input must be at least 2-d, not %d-d", op, nd)
	}
	s, c := x.Shape()[nd-2:], x.Chunks()[nd-2:]
	spec := chunk.Spec{chunk.Sizes(c[0]...), chunk.Sizes(c[1]...)}
	for a, n := range s {
		if n == 0 { // an empty axis has the one chunk of size 0, which Sizes refuses
			spec[a] = chunk.Whole()
		}
	}
	return diagonals("tri", s[0], s[1], blockwise.OpLe, k, chunk.Bool, spec), nil // n×m even for m = 0, unlike Tri
}

// Tril returns x with the elements above diagonal k of its last two
// axes set to zero (numpy.tril). Fewer than two axes is an error.
func (x *Array) Tril(k int) *Array {
	m, err := x.triMask("tril", k)
	if err != nil {
		return errArray(err)
	}
	return Where(m, x, zeroOf(x.dtype))
}

// Triu returns x with the elements below diagonal k of its last two
// axes set to zero (numpy.triu).
func (x *Array) Triu(k int) *Array {
	m, err := x.triMask("triu", k-1)
	if err != nil {
		return errArray(err)
	}
	return Where(m, zeroOf(x.dtype), x)
}

// Diagonal returns the diagonal at offset of the 2-d planes of axes
// axis1 and axis2 (numpy.diagonal): those axes are removed and the
// diagonal becomes the last axis. It is a point-wise index (Vindex).
// Fewer than two axes or equal axes are errors.
func (x *Array) Diagonal(offset, axis1, axis2 int) *Array {
	if bad := requireKnown("diagonal", x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if nd < 2 {
		return errorf("diagonal", "diag requires an array of at least two dimensions")
	}
	a1, err1 := normAxis(axis1, nd)
	a2, err2 := normAxis(axis2, nd)
	if err1 != nil || err2 != nil {
		return errorf("diagonal", "axis1=%d, axis2=%d out of range for array of dimension %d", axis1, axis2, nd)
	}
	if a1 == a2 {
		return errorf("diagonal", "axis1 and axis2 cannot be the same")
	}
	r0, c0 := 0, offset
	if offset < 0 {
		r0, c0 = -offset, 0
	}
	n := max(0, min(x.Shape()[a1]-r0, x.Shape()[a2]-c0))
	rows, cols := make([]int, n), make([]int, n)
	for i := range n {
		rows[i], cols[i] = r0+i, c0+i
	}
	idx := slices.Repeat([]Index{All()}, nd)
	idx[a1], idx[a2] = Ints(rows...), Ints(cols...)
	return x.Vindex(idx...).MoveAxis(0, -1)
}

// Trace returns the sum along the diagonal at offset of the planes of
// axis1 and axis2 (numpy.trace), with Sum's dtype rule.
func (x *Array) Trace(offset, axis1, axis2 int) *Array {
	return x.Diagonal(offset, axis1, axis2).Sum(Axis(-1))
}

// Diag returns the diagonal at k of a 2-d array, or the 2-d array with
// the 1-d x on diagonal k and zeros elsewhere (numpy.diag). Other
// dimensions are an error.
func (x *Array) Diag(k int) *Array {
	if bad := requireKnown("diag", x); bad != nil {
		return bad
	}
	switch x.NDim() {
	case 2:
		return x.Diagonal(k, 0, 1)
	case 1:
	default:
		return errorf("diag", "input must be 1- or 2-d")
	}
	ak := max(k, -k)
	n := x.Shape()[0] + ak
	v := x.Pad([][2]int{{0, ak}}, PadConstant, 0)
	spec := likeSpec(v)
	mask := diagonals("diag", n, n, blockwise.OpEq, k, chunk.Bool, chunk.Spec{spec[0], spec[0]})
	if k >= 0 {
		v = v.Reshape(n, 1)
	} else {
		v = v.Reshape(1, n)
	}
	return Where(mask, v, zeroOf(x.dtype))
}
