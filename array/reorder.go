package array

import "slices"

// Repeat repeats each element of x repeats times along axis
// (numpy.repeat with an axis): [1 2] repeated 2 times is [1 1 2 2]. Each
// input chunk of c positions becomes an output chunk of c*repeats, read
// by one task. repeats 0 empties the axis. A negative count ("negative
// dimensions are not allowed"), a bad axis and unknown chunk sizes are
// errors; flatten first (Ravel) for NumPy's axis=None.
func (x *Array) Repeat(repeats, axis int) *Array {
	if bad := requireKnown("repeat", x); bad != nil {
		return bad
	}
	if repeats < 0 {
		return errorf("repeat", "negative dimensions are not allowed (repeats %d)", repeats)
	}
	a, err := normAxis(axis, x.NDim())
	if err != nil {
		return errorf("repeat", "%v", err)
	}
	if repeats == 1 {
		return x
	}
	segs, chunks := identityPlan(x)
	n := x.Shape()[a]
	segs[a] = nil
	if n > 0 && repeats > 0 {
		segs[a] = []seg{{Out: 0, N: n * repeats, Src: 0, In: 0, Step: 1, Rep: repeats}}
	}
	chunks[a] = naturalChunks(segs[a], [][]int{x.Chunks()[a]}, 1)
	return newGather("repeat", []*Array{x}, x.dtype, 0, -1, segs, chunks)
}

// identityPlan returns the segments and chunks that gather x unchanged.
func identityPlan(x *Array) ([][]seg, [][]int) {
	nd := x.NDim()
	segs, chunks := make([][]seg, nd), make([][]int, nd)
	for a := range nd {
		segs[a] = identitySegs(x.Shape()[a], 0)
		chunks[a] = x.Chunks()[a]
	}
	return segs, chunks
}

// Tile repeats the whole of x reps[a] times along each axis (numpy.tile).
// With fewer reps than axes the leading axes get 1; with more, x gets
// leading axes of length 1 first. The output chunks are the input's,
// repeated. A negative count and unknown chunk sizes are errors.
func (x *Array) Tile(reps ...int) *Array {
	if bad := requireKnown("tile", x); bad != nil {
		return bad
	}
	for _, r := range reps {
		if r < 0 {
			return errorf("tile", "negative dimensions are not allowed (reps %v)", reps)
		}
	}
	if k := len(reps) - x.NDim(); k > 0 {
		x = x.ExpandDims(identityAxes(k)...)
		if x.err != nil {
			return x
		}
	}
	nd := x.NDim()
	full := make([]int, nd)
	for a := range full {
		full[a] = 1
	}
	copy(full[nd-len(reps):], reps)
	if !slices.ContainsFunc(full, func(r int) bool { return r != 1 }) {
		return x
	}
	segs, chunks := identityPlan(x)
	for a, r := range full {
		if r == 1 {
			continue
		}
		n := x.Shape()[a]
		segs[a] = nil
		if n > 0 {
			for t := range r {
				segs[a] = append(segs[a], seg{Out: t * n, N: n, Src: 0, In: 0, Step: 1, Rep: 1})
			}
		}
		chunks[a] = naturalChunks(segs[a], [][]int{x.Chunks()[a]}, 1)
	}
	return newGather("tile", []*Array{x}, x.dtype, 0, -1, segs, chunks)
}

// Flip reverses the order of the elements along the given axes, or along
// every axis when none is given (numpy.flip). The chunks are reversed
// with them: each output chunk reads one input chunk. An axis out of
// range or repeated and unknown chunk sizes are errors.
func (x *Array) Flip(axes ...int) *Array {
	if bad := requireKnown("flip", x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if len(axes) == 0 {
		axes = identityAxes(nd)
	}
	segs, chunks := identityPlan(x)
	seen := make([]bool, nd)
	for _, ax := range axes {
		a, err := normAxis(ax, nd)
		if err != nil {
			return errorf("flip", "%v", err)
		}
		if seen[a] {
			return errorf("flip", "repeated axis %d", a)
		}
		seen[a] = true
		if n := x.Shape()[a]; n > 0 {
			segs[a] = []seg{{Out: 0, N: n, Src: 0, In: n - 1, Step: -1, Rep: 1}}
			chunks[a] = naturalChunks(segs[a], [][]int{x.Chunks()[a]}, 1)
		}
	}
	if nd == 0 {
		return x
	}
	return newGather("flip", []*Array{x}, x.dtype, 0, -1, segs, chunks)
}

// Roll shifts the elements of x by shift positions along the given axes,
// those pushed off one end coming back at the other (numpy.roll);
// negative shifts roll backwards. Without axes x is rolled as if
// flattened, then given its shape back. Repeating an axis adds its
// shifts, as NumPy does. Output chunks each read one input chunk. An
// axis out of range and unknown chunk sizes are errors.
func (x *Array) Roll(shift int, axes ...int) *Array {
	if bad := requireKnown("roll", x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if len(axes) == 0 {
		if nd == 0 {
			return x
		}
		if nd == 1 {
			return x.Roll(shift, 0)
		}
		if nd == 2 {
			return x.rollFlat2(shift)
		}
		return x.Ravel().Roll(shift, 0).Reshape(x.Shape()...)
	}
	shifts := make([]int, nd)
	for _, ax := range axes {
		a, err := normAxis(ax, nd)
		if err != nil {
			return errorf("roll", "%v", err)
		}
		shifts[a] += shift
	}
	segs, chunks := identityPlan(x)
	changed := false
	for a, sh := range shifts {
		n := x.Shape()[a]
		if n == 0 {
			continue
		}
		if ((sh%n)+n)%n == 0 {
			continue
		}
		changed = true
		segs[a] = rollSegs(n, sh)
		chunks[a] = naturalChunks(segs[a], [][]int{x.Chunks()[a]}, 1)
	}
	if !changed {
		return x
	}
	return newGather("roll", []*Array{x}, x.dtype, 0, -1, segs, chunks)
}

// rollSegs returns the segments of an axis of length n > 0 rolled by
// shift.
func rollSegs(n, shift int) []seg {
	s := ((shift % n) + n) % n
	if s == 0 {
		return identitySegs(n, 0)
	}
	return []seg{{Out: 0, N: s, Src: 0, In: n - s, Step: 1, Rep: 1}, {Out: s, N: n - s, Src: 0, In: 0, Step: 1, Rep: 1}}
}

// rollFlat2 rolls a 2-d x as if flattened, without flattening it: with
// the shift s = q·C + r (C columns), the result's first r columns are
// x's last r rolled down by q+1 rows and the others x's first C−r rolled
// down by q. Each piece is one gather keeping x's row chunks, so their
// concatenation copies nothing more, and blocks of x that a piece reads
// whole are not copied at all.
func (x *Array) rollFlat2(shift int) *Array {
	rows, cols := x.Shape()[0], x.Shape()[1]
	n := rows * cols
	if n == 0 {
		return x
	}
	s := ((shift % n) + n) % n
	q, r := s/cols, s%cols
	if r == 0 {
		return x.Roll(q, 0)
	}
	piece := func(down, c0, c1 int) *Array {
		segs := [][]seg{rollSegs(rows, down), {{Out: 0, N: c1 - c0, Src: 0, In: c0, Step: 1, Rep: 1}}}
		chunks := [][]int{x.Chunks()[0], naturalChunks(segs[1], [][]int{x.Chunks()[1]}, 1)}
		return newGather("roll", []*Array{x}, x.dtype, 0, -1, segs, chunks)
	}
	return Concatenate([]*Array{piece(q+1, cols-r, cols), piece(q, 0, cols-r)}, 1)
}
