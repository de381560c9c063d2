package array

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/reductions"
	"github.com/chunkwise/chunkwise/scheduler"
)

func (x *Array) input() reductions.Input {
	e := x.asExpr()
	return reductions.Input{Program: e.prog, Inputs: e.inputs, Grid: x.grid, ShapeFromInput: x.unknown != nil}
}

func (x *Array) topk(name string, k, axis int, arg bool, opts []ReduceOption) *Array {
	if x == nil {
		return errorf(name, "nil *Array")
	}
	if bad := requireKnown(name, x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if axis < -nd || axis >= nd {
		return errorf(name, "axis %d is out of bounds for array of dimension %d", axis, nd)
	}
	if axis < 0 {
		axis += nd
	}
	if x.dtype == chunk.Float16 { // no float16 kernel: select in float32
		r := x.AsType(chunk.Float32).topk(name, k, axis, arg, opts)
		if arg {
			return r
		}
		return r.AsType(x.dtype)
	}
	c, _, _, err := resolveReduce(name, nd, opts)
	if err != nil {
		return errorf(name, "%v", err)
	}
	split := c.splitAll
	if c.splitEvery != nil && axis < len(c.splitEvery) {
		split = c.splitEvery[axis]
	}
	l, g, err := reductions.BuildTopK(x.input(), k, axis, arg, split)
	if err != nil {
		return errorf(name, "%v", err)
	}
	dt := x.dtype
	if arg {
		dt = chunk.Int64
	}
	return newLayerArray(l, g, dt)
}

// TopK returns the k largest values along axis (negative counts from the
// end), largest first, or for negative k the -k smallest, smallest
// first — Dask's topk. The axis becomes one chunk of |k|; other axes keep
// their chunks. It is a tree reduction along the axis (SplitEvery sets
// its fan-in, default 8): each chunk keeps its own best |k| per lane, so
// memory per task is bounded by the chunk and split·|k| values per lane.
// NaN ranks above every number; ties keep the lower index first. Complex
// values rank in NumPy's lexicographic order (a NaN in either part is
// NaN). k = 0, |k| above the axis length, or a bad axis is an error.
func (x *Array) TopK(k, axis int, opts ...ReduceOption) *Array {
	return x.topk("topk", k, axis, false, opts)
}

// ArgTopK is TopK returning the int64 indices along axis of the selected
// values, in the same order.
func (x *Array) ArgTopK(k, axis int, opts ...ReduceOption) *Array {
	return x.topk("argtopk", k, axis, true, opts)
}

// Histogram counts the values of x in bins equal-width bins over [lo,
// hi] and returns the int64 counts and the bins+1 edges (NumPy's
// histogram with bins and range). Bins are half-open except the last,
// which includes hi; values outside the range and NaN are not counted.
// lo == hi widens the range to [lo-0.5, hi+0.5] as NumPy does. The range
// is required (as in Dask): finding it would take a pass over the data.
// bins < 1, lo > hi or a non-finite bound is an error (edges then nil).
// Weights and Density change what is counted, as NumPy's arguments do.
func (x *Array) Histogram(bins int, lo, hi float64, opts ...HistOption) (*Array, []float64) {
	if x == nil {
		return errorf("histogram", "nil *Array"), nil
	}
	if x.err != nil {
		return x, nil
	}
	switch {
	case bins < 1:
		return errorf("histogram", "bins must be a positive integer, got %d", bins), nil
	case math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0):
		return errorf("histogram", "supplied range of [%v, %v] is not finite", lo, hi), nil
	case lo > hi:
		return errorf("histogram", "max must be larger than min in range parameter, got [%v, %v]", lo, hi), nil
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	edges := make([]float64, bins+1)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/float64(bins) // numpy.linspace
	}
	edges[bins] = hi
	return x.histogram(edges, true, opts), edges
}

// HistogramEdges counts the values of x in the bins given by edges, which
// must increase; the last bin includes its right edge. It returns
// len(edges)-1 int64 counts. Fewer than two edges or decreasing edges is
// an error.
func (x *Array) HistogramEdges(edges []float64, opts ...HistOption) *Array {
	if x == nil {
		return errorf("histogram", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	return x.histogram(append([]float64(nil), edges...), false, opts)
}

// HistOption changes what Histogram and HistogramEdges count.
type HistOption func(*histOptions)

type histOptions struct {
	weights *Array
	density bool
}

// Weights makes each value count its weight, the element of w (an array
// of x's shape) at the same position, as numpy.histogram's weights: the
// result is float64, or int64 for integer and bool weights. w is
// rechunked to x's chunks when they differ.
func Weights(w *Array) HistOption { return func(o *histOptions) { o.weights = w } }

// Density makes the result a probability density, as numpy.histogram's
// density=True: each bin's count (or weight) divided by the bin's width
// and by the total, float64. An empty histogram gives NaN.
func Density() HistOption { return func(o *histOptions) { o.density = true } }

func (x *Array) histogram(edges []float64, uniform bool, opts []HistOption) *Array {
	var o histOptions
	for _, f := range opts {
		f(&o)
	}
	if x.dtype == chunk.Bool {
		return errorf("histogram", "unsupported dtype bool")
	}
	if bad := refuseComplex("histogram", x, o.weights); bad != nil {
		return bad // NumPy discards the imaginary part with a warning
	}
	var w *reductions.Input
	if o.weights != nil {
		if bad := requireKnown("histogram", x, o.weights); bad != nil {
			return bad
		}
		if !chunk.EqualShapes(o.weights.Shape(), x.Shape()) {
			return errorf("histogram", "weights of shape %v do not match the data's shape %v", o.weights.Shape(), x.Shape())
		}
		wa := o.weights
		if !slices.EqualFunc(wa.Chunks(), x.Chunks(), slices.Equal) {
			spec := make(chunk.Spec, x.NDim())
			for a, c := range x.Chunks() {
				spec[a] = chunk.Sizes(c...)
			}
			if wa = wa.Rechunk(spec); wa.err != nil {
				return errorf("histogram", "weights: %v", wa.err)
			}
		}
		in := wa.input()
		w = &in
	}
	l, g, acc, err := reductions.BuildHistogram(x.input(), w, edges, uniform)
	if err != nil {
		return errorf("histogram", "%v", err)
	}
	h := newLayerArray(l, g, acc)
	if !o.density {
		return h
	}
	widths := make([]float64, len(edges)-1)
	for i := range widths {
		widths[i] = edges[i+1] - edges[i]
	}
	hf := h.AsType(chunk.Float64)
	return hf.Div(FromSlice(widths, []int{len(widths)}, nil)).Div(hf.Sum()) // NumPy's n/db/n.sum()
}

// Quantile returns the q-quantiles (each in [0, 1]) of x along axis,
// exactly: the result has a leading axis of len(q) values followed by x's
// other axes (as numpy.quantile with a sequence q). The method is NumPy's
// default "linear" unless Method names another. Data movement: the axis
// is rechunked to a single chunk, so every task gathers the whole axis
// for its block of the other axes (shape[axis] × that block's elements)
// and sorts each lane; keep the other axes' chunks small when the axis is
// long. A lane with NaN gives NaN (NanQuantile skips them). The result is
// float32 for float32 input and float64 otherwise, except that "lower",
// "higher" and "nearest" keep x's dtype. An empty axis, q outside [0, 1],
// bool input, an unknown method or a bad axis is an error.
func (x *Array) Quantile(q []float64, axis int, opts ...QuantileOption) *Array {
	return x.quantile("quantile", q, axis, false, opts)
}

// NanQuantile is Quantile ignoring NaN, as numpy.nanquantile: a lane of
// only NaN gives NaN.
func (x *Array) NanQuantile(q []float64, axis int, opts ...QuantileOption) *Array {
	return x.quantile("nanquantile", q, axis, true, opts)
}

// Percentile is Quantile with q given in percent, in [0, 100].
func (x *Array) Percentile(p []float64, axis int, opts ...QuantileOption) *Array {
	return x.percentile("percentile", p, axis, false, opts)
}

// NanPercentile is NanQuantile with q given in percent, in [0, 100].
func (x *Array) NanPercentile(p []float64, axis int, opts ...QuantileOption) *Array {
	return x.percentile("nanpercentile", p, axis, true, opts)
}

// QuantileOption changes how Quantile and its variants interpolate.
type QuantileOption func(*string)

// Method selects NumPy's quantile method: "linear" (the default),
// "lower", "higher", "nearest" or "midpoint".
func Method(name string) QuantileOption { return func(m *string) { *m = name } }

func (x *Array) percentile(name string, p []float64, axis int, skipNaN bool, opts []QuantileOption) *Array {
	q := make([]float64, len(p))
	for i, v := range p {
		q[i] = v / 100
		if !(v >= 0 && v <= 100) {
			return errorf(name, "percentiles must be in the range [0, 100], got %v", v)
		}
	}
	return x.quantile(name, q, axis, skipNaN, opts)
}

func (x *Array) quantile(name string, q []float64, axis int, skipNaN bool, opts []QuantileOption) *Array {
	var method string
	for _, o := range opts {
		o(&method)
	}
	if x == nil {
		return errorf(name, "nil *Array")
	}
	if x.err == nil && x.dtype.IsComplex() {
		return errorf(name, "%v arrays are not supported yet", x.dtype)
	}
	if bad := requireKnown(name, x); bad != nil {
		return bad
	}
	nd := x.NDim()
	if axis < -nd || axis >= nd {
		return errorf(name, "axis %d is out of bounds for array of dimension %d", axis, nd)
	}
	if axis < 0 {
		axis += nd
	}
	spec := make(chunk.Spec, nd)
	for a, cs := range x.Chunks() {
		spec[a] = chunk.Sizes(cs...)
	}
	spec[axis] = chunk.Whole()
	y := x.Rechunk(spec)
	if y.err != nil {
		return y
	}
	l, g, dt, err := reductions.QuantileLayer(y.layer, y.grid, y.dtype, append([]float64(nil), q...), axis, method, skipNaN)
	if err != nil {
		return errorf(name, "%v", err)
	}
	return newLayerArray(l, g, dt)
}

// Unique returns the sorted distinct values of x (any shape, flattened)
// and how often each occurs, as numpy.unique(x, return_counts=True), and
// lazily, as Dask's unique: both are 1-d arrays of one chunk whose length
// is unknown (KnownChunks is false) until computed; Compute, Persist or
// ComputeChunkSizes finds it, and computing both with ComputeAll runs the
// work once. The values keep x's dtype; counts are int64. For floats,
// NaNs count as one value, sorted last (NumPy's equal_nan=True).
// It is a tree reduction: each chunk sorts and counts its values, and
// sorted partials merge, so data moved is the distinct values per chunk.
func (x *Array) Unique() (values, counts *Array) {
	if err := firstErr(x); err != nil {
		return errArray(err), errArray(err)
	}
	if bad := refuseComplex("unique", x); bad != nil {
		return bad, bad
	}
	root, err := reductions.BuildUnique(x.input())
	if err != nil {
		e := errorf("unique", "%v", err)
		return e, e
	}
	// The length is at most x's size: an upper bound that only sets the
	// number of blocks (one), as for masked arrays.
	g, err := chunk.NewGrid([][]int{{max(x.grid.Size(), 0)}})
	if err != nil {
		e := errorf("unique", "%v", err)
		return e, e
	}
	part := func(i int, dt chunk.DType) *Array {
		params := scheduler.EncodeParams(uniquePartParams{Part: i, DType: dt})
		l := &partLayer{name: scheduler.Name("unique-part", []byte(root.Name()), params),
			root: root, key: scheduler.Keys(root)[0], params: params}
		return &Array{layer: l, grid: g, dtype: dt, unknown: []bool{true}}
	}
	return part(0, x.dtype), part(1, chunk.Int64)
}

type uniquePartParams struct {
	Part  int
	DType chunk.DType
}

// partLayer is one block holding part Part of the partial result at key.
type partLayer struct {
	name   string
	root   scheduler.Layer
	key    scheduler.Key
	params []byte
}

func (l *partLayer) Name() string              { return l.name }
func (l *partLayer) Inputs() []scheduler.Layer { return []scheduler.Layer{l.root} }
func (l *partLayer) NumBlocks() []int          { return []int{1} }
func (l *partLayer) Task([]int) scheduler.Task {
	return scheduler.Task{Kernel: "array.unique_part", Params: l.params, Inputs: []scheduler.Key{l.key}}
}

func init() {
	scheduler.RegisterTyped("array.unique_part", func(p uniquePartParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			r, ok := in[0].(*reductions.Partial)
			if !ok || len(r.Parts) != 2 || p.Part < 0 || p.Part > 1 {
				return nil, fmt.Errorf("array: unique: unexpected partial %T", in[0])
			}
			return r.Parts[p.Part].AsType(p.DType), nil
		}, nil
	})
}
