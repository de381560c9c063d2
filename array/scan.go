package array

import (
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/reductions"
)

func (x *Array) scan(op reductions.ScanOp, axis int) *Array {
	name := op.String()
	if x == nil {
		return errorf(name, "nil *Array")
	}
	if bad := requireKnown(name, x); bad != nil {
		return bad
	}
	if x.dtype == chunk.Float16 {
		return x.AsType(chunk.Float32).scan(op, axis).AsType(x.dtype)
	}
	nd := x.NDim()
	if axis < -nd || axis >= nd {
		return errorf(name, "axis %d is out of bounds for array of dimension %d", axis, nd)
	}
	if axis < 0 {
		axis += nd
	}
	e := x.asExpr()
	l, dt, err := reductions.BuildScan(reductions.Input{Program: e.prog, Inputs: e.inputs, Grid: x.grid}, op, axis)
	if err != nil {
		return errorf(name, "%v", err)
	}
	return newLayerArray(l, x.grid, dt)
}

// CumSum returns the cumulative sum along axis (negative counts from the
// end), with x's shape and chunks. Integers and bool accumulate in int64
// (uint64 for unsigned), floats in their own type, as in NumPy. It is
// chunk-parallel: each chunk is scanned independently, then the totals of
// the chunks before it along the axis are carried in by a chain of small
// tasks. An axis out of range is an error. NumPy's flattened form
// (axis=None) is x.Ravel().CumSum(0).
func (x *Array) CumSum(axis int) *Array { return x.scan(reductions.CumSum, axis) }

// CumProd returns the cumulative product along axis, with CumSum's dtype
// rules and algorithm.
func (x *Array) CumProd(axis int) *Array { return x.scan(reductions.CumProd, axis) }

// NanCumSum is CumSum treating NaN as zero.
func (x *Array) NanCumSum(axis int) *Array { return x.scan(reductions.NanCumSum, axis) }

// NanCumProd is CumProd treating NaN as one.
func (x *Array) NanCumProd(axis int) *Array { return x.scan(reductions.NanCumProd, axis) }
