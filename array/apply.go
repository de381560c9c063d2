package array

import (
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
)

// Map2 applies f to the elements of x and y, broadcast together (NumPy
// rules), giving an array of U's dtype. The dtypes of x and y must be
// T1's and T2's. Like Map, f runs in a tight loop per chunk and the
// result has a fresh name; shapes that do not broadcast are an error.
func Map2[T1, T2, U chunk.Element](x, y *Array, f func(T1, T2) U) *Array {
	if err := firstErr(x, y); err != nil {
		return errArray(err)
	}
	if want := chunk.DTypeOf[T1](); x.dtype != want {
		return errorf("map", "first array has dtype %v, function takes %v", x.dtype, want)
	}
	if want := chunk.DTypeOf[T2](); y.dtype != want {
		return errorf("map", "second array has dtype %v, function takes %v", y.dtype, want)
	}
	return MapBlocksWith(func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
		shape := info.Output.Box.Shape()
		a, b := chunk.Values[T1](in[0]), chunk.Values[T2](in[1])
		as, bs := broadcastStrides(in[0].Shape(), shape), broadcastStrides(in[1].Shape(), shape)
		out := chunk.NewPooledDense(chunk.DTypeOf[U](), shape) // every element is written
		dst := chunk.Values[U](out)
		sa, sb := lastStride(as), lastStride(bs)
		eachRow(shape, [][]int{as, bs}, func(o int, off []int, n int) {
			ia, ib := off[0], off[1]
			for k := range n {
				dst[o+k] = f(a[ia+k*sa], b[ib+k*sb])
			}
		})
		return out, nil
	}, chunk.DTypeOf[U](), MapOptions{}, x, y)
}

// broadcastStrides returns the element strides of a C-order buffer of
// shape in, read as the shape out it broadcasts to: 0 along the axes it
// lacks or has length 1 on.
func broadcastStrides(in, out []int) []int {
	st := make([]int, len(out))
	lead := len(out) - len(in)
	s := 1
	for j := len(in) - 1; j >= 0; j-- {
		if in[j] != 1 || out[lead+j] == 1 {
			st[lead+j] = s
		}
		s *= in[j]
	}
	return st
}

// lastStride returns the stride of the last axis, 0 for none.
func lastStride(st []int) int {
	if len(st) == 0 {
		return 0
	}
	return st[len(st)-1]
}

// eachRow calls f for each row (the last axis) of a C-order buffer of
// the given shape, with the row's first position, the matching start
// offset in every strided operand and the row length. A 0-d shape is
// one row of length 1.
func eachRow(shape []int, strides [][]int, f func(o int, off []int, n int)) {
	nd := len(shape)
	off := make([]int, len(strides))
	if nd == 0 {
		f(0, off, 1)
		return
	}
	if chunk.Prod(shape) == 0 {
		return
	}
	n := shape[nd-1]
	idx := make([]int, nd-1)
	for o := 0; ; o += n {
		f(o, off, n)
		a := nd - 2
		for ; a >= 0; a-- {
			idx[a]++
			for i, st := range strides {
				off[i] += st[a]
			}
			if idx[a] < shape[a] {
				break
			}
			for i, st := range strides {
				off[i] -= st[a] * shape[a]
			}
			idx[a] = 0
		}
		if a < 0 {
			return
		}
	}
}

// ApplyAlongAxis applies f to every 1-d lane of x along axis (NumPy's
// apply_along_axis). f reads a lane from src and writes its result,
// which has the given shape (none for a scalar), into dst in C order.
// The result replaces axis by that shape. x's dtype must be T's. As in
// Dask, x is first rechunked to one chunk along axis; the other axes
// keep their chunks. A bad axis or shape is an error.
func ApplyAlongAxis[T, U chunk.Element](x *Array, axis int, f func(dst []U, src []T), shape ...int) *Array {
	if bad := requireKnown("apply_along_axis", x); bad != nil {
		return bad
	}
	if want := chunk.DTypeOf[T](); x.dtype != want {
		return errorf("apply_along_axis", "array has dtype %v, function takes %v", x.dtype, want)
	}
	ax, err := normAxis(axis, x.NDim())
	if err != nil {
		return errorf("apply_along_axis", "%v", err)
	}
	for _, n := range shape {
		if n < 0 {
			return errorf("apply_along_axis", "negative result shape %v", shape)
		}
	}
	o := MapOptions{DropAxis: []int{ax}}
	cs := slices.Clone(x.Chunks())
	cs = slices.Delete(cs, ax, ax+1)
	for i, n := range shape {
		o.NewAxis = append(o.NewAxis, ax+i)
		cs = slices.Insert(cs, ax+i, []int{n})
	}
	o.Chunks = cs
	m := chunk.Prod(shape)
	return MapBlocksWith(func(info *BlockInfo, in ...*chunk.Dense) (*chunk.Dense, error) {
		s := in[0].Shape()
		outer, n, inner := chunk.Prod(s[:ax]), s[ax], chunk.Prod(s[ax+1:])
		src, lane := chunk.Values[T](in[0]), make([]T, n)
		out := chunk.NewPooledDense(chunk.DTypeOf[U](), info.Output.Box.Shape()) // every element is written
		dst, res := chunk.Values[U](out), make([]U, m)
		for i := range outer {
			for j := range inner {
				for k := range n {
					lane[k] = src[(i*n+k)*inner+j]
				}
				f(res, lane)
				for k, v := range res {
					dst[(i*m+k)*inner+j] = v
				}
			}
		}
		return out, nil
	}, chunk.DTypeOf[U](), o, x)
}

// ApplyOverAxes applies f repeatedly over the given axes (NumPy's
// apply_over_axes): x = f(x, axis) for each axis in turn, where f either
// keeps x's number of axes or removes axis, which is then put back with
// length 1. Reductions fit: ApplyOverAxes(x, func(a *Array, ax int)
// *Array { return a.Sum(Axis(ax)) }, 0, 2). A bad axis, or f changing
// the number of axes otherwise, is an error.
func ApplyOverAxes(x *Array, f func(a *Array, axis int) *Array, axes ...int) *Array {
	if x == nil {
		return errorf("apply_over_axes", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	nd := x.NDim()
	for _, axis := range axes {
		ax, err := normAxis(axis, nd)
		if err != nil {
			return errorf("apply_over_axes", "%v", err)
		}
		y := f(x, ax)
		if err := firstErr(y); err != nil {
			return errArray(err)
		}
		switch y.NDim() {
		case nd:
		case nd - 1:
			y = y.ExpandDims(ax)
		default:
			return errorf("apply_over_axes", "function is not returning an array of the correct shape (%d axes for %d)", y.NDim(), nd)
		}
		x = y
	}
	return x
}

// Coarsen reduces x over windows (Dask's coarsen): factors gives the
// window length per axis (1 leaves an axis alone), and reduce is a
// reduction method applied to each window, such as (*Array).Sum,
// (*Array).Mean or (*Array).Max; its dtype rule is the result's. An axis
// whose length is not a multiple of its factor is an error, unless
// trimExcess drops the excess at the end. The windows are formed by
// reshaping each axis n into (n/f, f) and reducing the f axes, so the
// work stays chunked.
func (x *Array) Coarsen(reduce func(*Array, ...ReduceOption) *Array, factors []int, trimExcess bool) *Array {
	if bad := requireKnown("coarsen", x); bad != nil {
		return bad
	}
	if reduce == nil {
		return errorf("coarsen", "nil reduction")
	}
	nd := x.NDim()
	if len(factors) != nd {
		return errorf("coarsen", "%d factors for %d axes", len(factors), nd)
	}
	shape := x.Shape()
	bounds := make([][2]int, nd)
	split := make([]int, 0, 2*nd)
	axes := make([]int, nd)
	for a, f := range factors {
		if f < 1 {
			return errorf("coarsen", "factor %d on axis %d is not positive", f, a)
		}
		n := shape[a]
		if n%f != 0 && !trimExcess {
			return errorf("coarsen", "coarsening factors %v do not align with array shape %v", factors, shape)
		}
		bounds[a] = [2]int{0, n - n%f}
		split = append(split, n/f, f)
		axes[a] = 2*a + 1
	}
	if trimExcess {
		x = x.Slice(bounds...)
	}
	return reduce(x.Reshape(split...), Axis(axes...))
}
