package array

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
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
	ddof       int
}

// Ddof sets the delta degrees of freedom of Var, Std, NanVar and NanStd:
// the divisor is N - ddof (default 0). A negative ddof is an error.
func Ddof(ddof int) ReduceOption { return func(c *reduceConfig) { c.ddof = ddof } }

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

// resolve applies opts for the reduction called name over an array of nd
// axes: the sorted, normalised axes and the per-axis split_every.
func resolveReduce(name string, nd int, opts []ReduceOption) (reduceConfig, []int, []int, error) {
	var c reduceConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	axes := identityAxes(nd)
	if c.axesSet {
		axes = []int{}
		for _, a := range c.axes {
			if a < -nd || a >= nd {
				return c, nil, nil, fmt.Errorf("axis %d is out of bounds for array of dimension %d", a, nd)
			}
			if a < 0 {
				a += nd
			}
			axes = append(axes, a)
		}
		slices.Sort(axes)
		for i := 1; i < len(axes); i++ {
			if axes[i] == axes[i-1] {
				return c, nil, nil, fmt.Errorf("duplicate value in axis %v", c.axes)
			}
		}
	}
	split := c.splitEvery
	if c.splitAll != 0 {
		if c.splitAll < 2 {
			return c, nil, nil, fmt.Errorf("split_every %d must be at least 2", c.splitAll)
		}
		split = make([]int, nd)
		for i := range split {
			split[i] = c.splitAll
		}
	}
	return c, axes, split, nil
}

func (x *Array) reduce(op reductions.Op, opts []ReduceOption) *Array {
	if x == nil {
		return errorf(op.String(), "nil *Array")
	}
	if x.err != nil {
		return x
	}
	if x.dtype == chunk.Float16 {
		return x.AsType(chunk.Float32).reduce(op, opts).AsType(op.ResultDType(x.dtype))
	}
	if x.dtype.IsComplex() {
		if r := x.reduceParts(op, opts); r != nil {
			return r
		}
	}
	c, axes, split, err := resolveReduce(op.String(), x.NDim(), opts)
	if err != nil {
		return errorf(op.String(), "%v", err)
	}
	if r := x.reduceMasked(op, c, axes); r != nil {
		return r
	}
	if r := x.reduceThrough(op, c, axes); r != nil {
		return r
	}
	e := x.asExpr()
	if x.unknown != nil {
		// After a boolean mask: reduce each chunk as it comes, as long as
		// every axis of unknown size is reduced away.
		for a, u := range x.unknown {
			if u && !slices.Contains(axes, a) {
				return errArray(fmt.Errorf("array: %v over axes %v keeps axis %d: %w", op, axes, a, ErrUnknownChunks))
			}
		}
	}
	in := reductions.Input{Program: e.prog, Inputs: e.inputs, Grid: x.grid}
	if s, ok := reductions.ScanInput(x.layer, op); ok && x.unknown == nil {
		in = s // a scan within chunks, scanned tile by tile as it is reduced
	}
	in.ReadBytes = x.readBytes()
	l, g, err := reductions.Build(in,
		reductions.Spec{Op: op, Axes: axes, KeepDims: c.keepDims, SplitEvery: split, Ddof: c.ddof, ShapeFromInput: x.unknown != nil})
	if errors.Is(err, reductions.ErrUnknownShape) {
		return errArray(fmt.Errorf("array: %v: %w", op, ErrUnknownChunks))
	}
	if err != nil {
		return errorf(op.String(), "%v", err)
	}
	return newLayerArray(l, g, op.ResultDType(x.dtype))
}

// Sum returns the sum over all axes, or those given by Axis. Integer and
// bool inputs sum in int64 (uint64 for unsigned), as in NumPy; float sums
// accumulate in float64.
//
// Complex arrays (complex64, complex128) reduce as NumPy's do: sums,
// means and their Nan forms part by part (a value with NaN in either
// part is NaN for the Nan forms); Var and Std the sum of the parts'
// variances, real (float32 for complex64); Prod multiplying in
// complex128; Min, Max, ArgMin, ArgMax and their Nan forms in NumPy's
// lexicographic order (real parts, then imaginary parts).
func (x *Array) Sum(opts ...ReduceOption) *Array { return x.reduce(reductions.Sum, opts) }

// Prod returns the product, with Sum's dtype rules.
func (x *Array) Prod(opts ...ReduceOption) *Array { return x.reduce(reductions.Prod, opts) }

// Mean returns the arithmetic mean: float64 for integer inputs, float32
// for float32. The mean of an empty axis is NaN.
func (x *Array) Mean(opts ...ReduceOption) *Array { return x.reduce(reductions.Mean, opts) }

// Min returns the minimum, propagating NaN; an empty reduction is an
// error, as in NumPy. Complex values compare by real part, then
// imaginary part; one with NaN in either part is NaN.
func (x *Array) Min(opts ...ReduceOption) *Array { return x.reduce(reductions.Min, opts) }

// Max returns the maximum, propagating NaN; an empty reduction is an
// error.
func (x *Array) Max(opts ...ReduceOption) *Array { return x.reduce(reductions.Max, opts) }

// Any reports whether any element is nonzero (NaN counts as nonzero), as
// a bool array; an empty reduction is false.
func (x *Array) Any(opts ...ReduceOption) *Array { return x.reduce(reductions.Any, opts) }

// All reports whether every element is nonzero, as a bool array; an
// empty reduction is true.
func (x *Array) All(opts ...ReduceOption) *Array { return x.reduce(reductions.All, opts) }

// CountNonzero counts the nonzero elements, as int64.
func (x *Array) CountNonzero(opts ...ReduceOption) *Array {
	return x.reduce(reductions.CountNonzero, opts)
}

// NanSum is Sum treating NaN as zero.
func (x *Array) NanSum(opts ...ReduceOption) *Array { return x.reduce(reductions.NanSum, opts) }

// NanProd is Prod treating NaN as one.
func (x *Array) NanProd(opts ...ReduceOption) *Array { return x.reduce(reductions.NanProd, opts) }

// NanMin is Min ignoring NaN; a slice of only NaN gives NaN (NumPy warns
// and does the same). An empty reduction is an error.
func (x *Array) NanMin(opts ...ReduceOption) *Array { return x.reduce(reductions.NanMin, opts) }

// NanMax is Max ignoring NaN; a slice of only NaN gives NaN. An empty
// reduction is an error.
func (x *Array) NanMax(opts ...ReduceOption) *Array { return x.reduce(reductions.NanMax, opts) }

// NanMean is Mean ignoring NaN; a slice of only NaN gives NaN. Chunks
// contribute (count, mean) pairs merged with Chan's update.
func (x *Array) NanMean(opts ...ReduceOption) *Array { return x.reduce(reductions.NanMean, opts) }

// Var returns the variance, M2/(N-ddof) (see Ddof; the divisor is
// clamped at 0, giving Inf or NaN as in NumPy): float64, or float32 for
// float32 input (for complex input the real and imaginary parts'
// variances added, float32 for complex64). Each chunk contributes its
// (count, mean, M2) computed with a two-pass or shifted algorithm,
// merged across chunks with Chan's parallel update — never a sum of
// squares, so a large common offset costs no accuracy. An empty
// reduction is NaN.
func (x *Array) Var(opts ...ReduceOption) *Array { return x.reduce(reductions.Var, opts) }

// Std returns the standard deviation, the square root of Var.
func (x *Array) Std(opts ...ReduceOption) *Array { return x.reduce(reductions.Std, opts) }

// NanVar is Var ignoring NaN.
func (x *Array) NanVar(opts ...ReduceOption) *Array { return x.reduce(reductions.NanVar, opts) }

// NanStd is Std ignoring NaN.
func (x *Array) NanStd(opts ...ReduceOption) *Array { return x.reduce(reductions.NanStd, opts) }

// ArgMin returns the int64 index of the minimum along one axis
// (Axis(a)), or without Axis the flat C-order index in the whole array,
// as NumPy's argmin(axis=None). Ties give the first index; a NaN is the
// result if present (the first NaN). An empty axis, or an Axis naming
// several axes that are not all of them, is an error.
func (x *Array) ArgMin(opts ...ReduceOption) *Array { return x.reduce(reductions.ArgMin, opts) }

// ArgMax is ArgMin for the maximum.
func (x *Array) ArgMax(opts ...ReduceOption) *Array { return x.reduce(reductions.ArgMax, opts) }

// NanArgMin is ArgMin ignoring NaN. A slice of only NaN makes Compute
// fail with "All-NaN slice encountered", as NumPy raises.
func (x *Array) NanArgMin(opts ...ReduceOption) *Array {
	return x.reduce(reductions.NanArgMin, opts)
}

// NanArgMax is ArgMax ignoring NaN; an all-NaN slice is an error at
// Compute.
func (x *Array) NanArgMax(opts ...ReduceOption) *Array {
	return x.reduce(reductions.NanArgMax, opts)
}

// reduceParts reduces a complex x part by part where op allows it, as
// NumPy's results are: sums and means are complex of the parts' sums and
// means; the variance is the sum of the parts' variances (real, of x's
// part dtype), the standard deviation its root. The Nan variants first
// make both parts NaN where either is. Other reductions give nil: they
// run on complex values (products, NumPy's lexicographic minimum and
// maximum, arg reductions, any/all/count_nonzero).
func (x *Array) reduceParts(op reductions.Op, opts []ReduceOption) *Array {
	re, im := x.Real(), x.Imag()
	switch op {
	case reductions.NanSum, reductions.NanMean, reductions.NanVar, reductions.NanStd:
		nan := x.IsNaN()
		re, im = Where(nan, math.NaN(), re), Where(nan, math.NaN(), im)
	}
	switch op {
	case reductions.Sum, reductions.Mean, reductions.NanSum, reductions.NanMean:
		return fromParts(op.String(), x.dtype, re.reduce(op, opts), im.reduce(op, opts))
	case reductions.Var, reductions.NanVar:
		return re.reduce(op, opts).Add(im.reduce(op, opts))
	case reductions.Std:
		return x.reduceParts(reductions.Var, opts).Sqrt()
	case reductions.NanStd:
		return x.reduceParts(reductions.NanVar, opts).Sqrt()
	}
	return nil
}
