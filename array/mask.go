package array

import (
	"fmt"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Mask selects the elements of x where the boolean array m is true
// (NumPy's x[m]). m's shape must equal x's leading m.NDim() axes; those
// axes are replaced by one axis of the selected positions in C order, so
// a mask of x's full shape gives a 1-d result, and a 1-d mask selects
// along axis 0.
//
// The mask stays lazy: the masked axes are flattened (Reshape, which may
// take all but the first of them whole), then each output chunk comes
// from one chunk of x and the matching piece of m, but how many
// elements it keeps is only known once computed, so the new axis has
// unknown chunk sizes (Dask's NaN chunks): see KnownChunks and
// ComputeChunkSizes. Compute and Persist work directly.
//
// A mask that is not bool, is 0-d, or whose shape does not match ("boolean
// index did not match indexed array along axis 0; size of axis is 3 but
// size of corresponding boolean axis is 4") is an error, as are arrays
// with unknown chunk sizes.
func (x *Array) Mask(m *Array) *Array {
	if bad := requireKnown("mask", x, m); bad != nil {
		return bad
	}
	if m.dtype != chunk.Bool {
		return errorf("mask", "mask must be a bool array, not %v", m.dtype)
	}
	k, nd := m.NDim(), x.NDim()
	if k == 0 {
		return errorf("mask", "a 0-d mask is not supported")
	}
	if k > nd {
		return errorf("mask", "too many indices for array: array is %d-dimensional, but %d were indexed", nd, k)
	}
	for a := range k {
		if m.Shape()[a] != x.Shape()[a] {
			return errorf("mask", "boolean index did not match indexed array along axis %d; size of axis is %d but size of corresponding boolean axis is %d", a, x.Shape()[a], m.Shape()[a])
		}
	}
	// Flatten the masked axes (C order, as NumPy and Dask do), then
	// select along the flattened axis.
	if k > 1 {
		rows := chunk.Prod(x.Shape()[:k])
		x = x.Reshape(append([]int{rows}, x.Shape()[k:]...)...)
		m = m.Reshape(rows)
	}
	y := x.Compress(m, 0)
	if y.err != nil {
		return errorf("mask", "%v", y.err)
	}
	return y
}

// Compress selects the positions along axis where the 1-d boolean array
// cond is true (numpy.compress, x[..., cond, ...]); cond must have the
// axis's length. Like Mask, cond stays lazy and the axis gets unknown
// chunk sizes until computed, one output chunk per input chunk. Other
// axes keep their chunks; x may already have unknown sizes on other
// axes. A bad axis, a cond that is not 1-d bool of the axis's length, or
// unknown sizes on the axis itself are errors.
func (x *Array) Compress(cond *Array, axis int) *Array {
	if err := firstErr(x, cond); err != nil {
		return errArray(err)
	}
	if bad := requireKnown("compress", cond); bad != nil {
		return bad
	}
	nd := x.NDim()
	a, err := normAxis(axis, nd)
	if err != nil {
		return errorf("compress", "%v", err)
	}
	if x.unknown != nil && x.unknown[a] {
		return errorf("compress", "axis %d: %v", a, ErrUnknownChunks)
	}
	if cond.dtype != chunk.Bool || cond.NDim() != 1 {
		return errorf("compress", "condition must be a 1-d bool array, not %d-d %v", cond.NDim(), cond.dtype)
	}
	if n := x.grid.Shape()[a]; cond.Shape()[0] != n {
		return errorf("compress", "condition has length %d but axis %d has size %d", cond.Shape()[0], a, n)
	}
	cond = cond.Rechunk(chunk.Spec{chunk.Sizes(x.grid.Chunks()[a]...)})
	if cond.err != nil {
		return cond
	}
	unknown := make([]bool, nd)
	copy(unknown, x.unknown)
	unknown[a] = true
	params := scheduler.EncodeParams(a)
	l := blockwise.New(scheduler.Name("compress", params, []byte(x.Name()), []byte(cond.Name())), x.grid.NumBlocks(), "array.compress", params, false,
		blockwise.Input{Layer: x.layer, Axes: identityAxes(nd)}, blockwise.Input{Layer: cond.layer, Axes: []int{a}})
	return &Array{layer: l, grid: x.grid, dtype: x.dtype, unknown: unknown}
}

// selectRows copies the rows of src (viewed as outer × n × inner) whose
// position along the middle axis keep marks.
func selectRows(src *chunk.Dense, axis int, keep []bool) *chunk.Dense {
	s := src.Shape()
	cnt := 0
	for _, k := range keep {
		if k {
			cnt++
		}
	}
	shape := append([]int(nil), s...)
	shape[axis] = cnt
	out := chunk.NewDense(src.DType(), shape)
	outer, n, inner := chunk.Prod(s[:axis]), s[axis], chunk.Prod(s[axis+1:])
	es := src.DType().Size() * inner
	ob, ib := out.Bytes(), src.Bytes()
	q := 0
	for o := range outer {
		for j := 0; j < n; {
			if !keep[j] {
				j++
				continue
			}
			e := j + 1
			for e < n && keep[e] {
				e++
			}
			r := (e - j) * es
			copy(ob[q:q+r], ib[(o*n+j)*es:(o*n+e)*es])
			q += r
			j = e
		}
	}
	return out
}

func init() {
	scheduler.RegisterTyped("array.compress", func(axis int) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			x, c := ds[0], ds[1]
			if axis >= len(x.Shape()) || c.DType() != chunk.Bool || c.Len() != x.Shape()[axis] {
				return nil, fmt.Errorf("array: compress: condition chunk %v %v does not fit chunk %v", c.DType(), c.Shape(), x.Shape())
			}
			return selectRows(x, axis, chunk.Values[bool](c)), nil
		}, nil
	})
}
