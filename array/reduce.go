package array

import (
	"slices"

	"github.com/chunkwise/chunkwise/reductions"
)

// ReduceOption configures a reduction.
type ReduceOption func(*reduceConfig)

type reduceConfig struct {
	axes       []int
	axesSet    bool
	keepDims   bool
	splitEvery []int
	splitAll   int
}

// Axis reduces over the given axes (negative values count from the end);
// without it a reduction covers every axis. Axis() with no axes reduces
// none.
func Axis(axes ...int) ReduceOption {
	return func(c *reduceConfig) { c.axes, c.axesSet = append([]int(nil), axes...), true }
}

// KeepDims keeps reduced axes in the result with length 1.
func KeepDims() ReduceOption { return func(c *reduceConfig) { c.keepDims = true } }

// SplitEvery sets the fan-in of the reduction tree on every reduced axis
// (Dask's split_every as an int; at least 2).
func SplitEvery(n int) ReduceOption { return func(c *reduceConfig) { c.splitAll = n } }

// SplitEveryAxes sets the fan-in per axis: one entry per array axis, 0
// for the default (Dask's split_every as a dict).
func SplitEveryAxes(n ...int) ReduceOption {
	return func(c *reduceConfig) { c.splitEvery = append([]int(nil), n...) }
}

func (x *Array) reduce(op reductions.Op, opts []ReduceOption) *Array {
	if x == nil {
		return errorf(op.String(), "nil *Array")
	}
	if x.err != nil {
		return x
	}
	var c reduceConfig
	for _, o := range opts {
		o(&c)
	}
	nd := x.NDim()
	axes := identityAxes(nd)
	if c.axesSet {
		axes = nil
		for _, a := range c.axes {
			if a < -nd || a >= nd {
				return errorf(op.String(), "axis %d is out of bounds for array of dimension %d", a, nd)
			}
			if a < 0 {
				a += nd
			}
			axes = append(axes, a)
		}
		slices.Sort(axes)
		for i := 1; i < len(axes); i++ {
			if axes[i] == axes[i-1] {
				return errorf(op.String(), "duplicate value in axis %v", c.axes)
			}
		}
	}
	split := c.splitEvery
	if c.splitAll != 0 {
		if c.splitAll < 2 {
			return errorf(op.String(), "split_every %d must be at least 2", c.splitAll)
		}
		split = make([]int, nd)
		for i := range split {
			split[i] = c.splitAll
		}
	}
	e := x.asExpr()
	l, g, err := reductions.Build(reductions.Input{Program: e.prog, Inputs: e.inputs, Grid: x.grid},
		reductions.Spec{Op: op, Axes: axes, KeepDims: c.keepDims, SplitEvery: split})
	if err != nil {
		return errorf(op.String(), "%v", err)
	}
	return newLayerArray(l, g, op.ResultDType(x.dtype))
}

// Sum returns the sum over all axes, or those given by Axis. Integer and
// bool inputs sum in int64 (uint64 for unsigned), as in NumPy; float sums
// accumulate in float64.
func (x *Array) Sum(opts ...ReduceOption) *Array { return x.reduce(reductions.Sum, opts) }

// Prod returns the product, with Sum's dtype rules.
func (x *Array) Prod(opts ...ReduceOption) *Array { return x.reduce(reductions.Prod, opts) }

// Mean returns the arithmetic mean: float64 for integer inputs, float32
// for float32. The mean of an empty axis is NaN.
func (x *Array) Mean(opts ...ReduceOption) *Array { return x.reduce(reductions.Mean, opts) }

// Min returns the minimum, propagating NaN; an empty reduction is an
// error, as in NumPy.
func (x *Array) Min(opts ...ReduceOption) *Array { return x.reduce(reductions.Min, opts) }

// Max returns the maximum, propagating NaN; an empty reduction is an
// error.
func (x *Array) Max(opts ...ReduceOption) *Array { return x.reduce(reductions.Max, opts) }
