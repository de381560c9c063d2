package array

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"unsafe"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
	"github.com/chunkwise/chunkwise/reductions"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Ptp returns the range max - min over the reduced axes (numpy.ptp),
// in x's dtype (unsigned ranges wrap as NumPy's do; bool is an error).
// Real numbers are reduced once, the minimum and maximum of each chunk
// found in the same pass (reductions.Ptp).
func (x *Array) Ptp(opts ...ReduceOption) *Array {
	if x != nil && x.err == nil && x.dtype != chunk.Bool && x.dtype != chunk.Float16 && !x.dtype.IsComplex() {
		return x.reduce(reductions.Ptp, opts)
	}
	return x.Max(opts...).Sub(x.Min(opts...))
}

// Median returns the median over axes (all when none), as numpy.median
// with an axis or a tuple of axes: the mean of the middle one or two
// values of each lane (the "lower" and "higher" Quantile 0.5, so ±Inf
// give what NumPy's mean gives), float64 (float32 for float32 input,
// float64 for bool); a lane with NaN gives NaN, an empty lane NaN.
// Several axes are moved last and merged into one (Dask requires an
// axis; NumPy's default, all axes, is supported here). Quantile's data movement applies: the lanes are gathered into
// single chunks. Bad or repeated axes are errors.
func (x *Array) Median(axes ...int) *Array { return x.median("median", axes, (*Array).Quantile) }

// NanMedian is Median ignoring NaN (numpy.nanmedian); an all-NaN lane
// gives NaN.
func (x *Array) NanMedian(axes ...int) *Array {
	return x.median("nanmedian", axes, (*Array).NanQuantile)
}

func (x *Array) median(name string, axes []int, quantile func(*Array, []float64, int, ...QuantileOption) *Array) *Array {
	if bad := requireKnown(name, x); bad != nil {
		return bad
	}
	if bad := refuseComplex(name, x); bad != nil {
		return bad
	}
	if x.dtype == chunk.Bool { // NumPy's mean of the middle values: float64
		x = x.AsType(chunk.Float64)
	}
	nd := x.NDim()
	if len(axes) == 0 {
		axes = identityAxes(nd)
	}
	ax, err := normAxes(axes, nd)
	if err != nil {
		return errorf(name, "%v", err)
	}
	lane := 1
	for _, a := range ax {
		lane *= x.Shape()[a]
	}
	if lane == 0 { // NumPy's median of nothing: NaN (the mean's dtype and shape)
		return x.Mean(Axis(ax...))
	}
	axis := 0
	if len(ax) == 1 {
		axis = ax[0]
	} else { // move the axes last and merge them into one
		var perm, shape []int
		for a := range nd {
			if !slices.Contains(ax, a) {
				perm, shape = append(perm, a), append(shape, x.Shape()[a])
			}
		}
		n := 1
		for _, a := range ax {
			n *= x.Shape()[a]
		}
		axis = len(perm)
		x = x.Transpose(append(perm, ax...)...).Reshape(append(shape, n)...)
	}
	dt := chunk.FloatResult(x.dtype)
	lo := quantile(x, []float64{0.5}, axis, Method("lower")).Index(At(0)).AsType(dt)
	hi := quantile(x, []float64{0.5}, axis, Method("higher")).Index(At(0)).AsType(dt)
	return lo.Add(hi).Div(2).AsType(dt)
}

// Average returns the weighted average over axes (all when none), as
// numpy.average: sum(x·w) / sum(w), with w of x's shape or, for one
// axis, 1-d of that axis's length. nil weights give the mean. The dtype
// is the promotion of x's and w's (with float64 for integer or bool x).
// A zero sum of weights gives Inf or NaN, as Dask's does (NumPy
// raises). Weights of another shape are an error.
func (x *Array) Average(weights *Array, axis ...int) *Array {
	if weights == nil && len(axis) == 0 {
		return x.Mean()
	}
	if weights == nil {
		return x.Mean(Axis(axis...))
	}
	if bad := requireKnown("average", x, weights); bad != nil {
		return bad
	}
	dt := chunk.Promote(x.dtype, weights.dtype)
	if !x.dtype.IsFloat() && !x.dtype.IsComplex() {
		dt = chunk.Promote(dt, chunk.Float64)
	}
	w := weights
	if !chunk.EqualShapes(x.Shape(), w.Shape()) {
		switch {
		case len(axis) != 1:
			return errorf("average", "axis must be specified when shapes of a and weights differ")
		case w.NDim() != 1:
			return errorf("average", "1D weights expected when shapes of a and weights differ")
		}
		a, err := normAxis(axis[0], x.NDim())
		if err != nil {
			return errorf("average", "%v", err)
		}
		if w.Shape()[0] != x.Shape()[a] {
			return errorf("average", "shape of weights must be consistent with shape of a along specified axis")
		}
		s := slices.Repeat([]int{1}, x.NDim())
		s[a] = -1
		w = w.Reshape(s...)
	}
	w = w.AsType(dt)
	var opts []ReduceOption
	if len(axis) > 0 {
		opts = append(opts, Axis(axis...))
	}
	num := x.AsType(dt).Mul(w).Sum(opts...)
	den := ZerosLike(x).AsType(dt).Add(w).Sum(opts...)
	return num.Div(den).AsType(dt)
}

// Diff returns the n-th discrete difference along axis (numpy.diff),
// x[1:] - x[:-1] applied n times (not_equal for bool), after prepend and
// append (nil for none; arrays of x's shape off the axis) are joined at
// the ends. n < 0 and bad axes are errors.
func (x *Array) Diff(n, axis int, prepend, append *Array) *Array {
	if bad := requireKnown("diff", x); bad != nil {
		return bad
	}
	if n < 0 {
		return errorf("diff", "order must be non-negative but got %d", n)
	}
	if n == 0 {
		return x
	}
	if x.NDim() == 0 {
		return errorf("diff", "diff requires input that is at least one dimensional")
	}
	a, err := normAxis(axis, x.NDim())
	if err != nil {
		return errorf("diff", "%v", err)
	}
	parts := []*Array{x}
	if prepend != nil {
		parts = slices.Insert(parts, 0, prepend)
	}
	if append != nil {
		parts = slices.Insert(parts, len(parts), append)
	}
	if len(parts) > 1 {
		x = Concatenate(parts, a)
	}
	pre := slices.Repeat([]Index{All()}, a)
	for range n {
		m := x.Shape()[a]
		hi := x.Index(slices.Insert(slices.Clone(pre), a, S(min(1, m), m, 1))...)
		lo := x.Index(slices.Insert(slices.Clone(pre), a, S(0, max(m-1, 0), 1))...)
		if x.dtype == chunk.Bool {
			x = hi.Ne(lo)
		} else {
			x = hi.Sub(lo)
		}
	}
	return x
}

// Gradient returns the gradient of x along each of axes (all when none)
// with uniform spacing h, as numpy.gradient with edge_order 1: central
// differences inside, one-sided at the edges. Results are float64
// (float32 for float32 input). An axis shorter than 2 is an error.
func (x *Array) Gradient(h float64, axes ...int) []*Array {
	if bad := requireKnown("gradient", x); bad != nil {
		return []*Array{bad}
	}
	if x.dtype == chunk.Bool {
		return []*Array{errorf("gradient", "numpy boolean subtract is not supported")}
	}
	if len(axes) == 0 {
		axes = identityAxes(x.NDim())
	}
	f := x.AsType(chunk.FloatResult(x.dtype))
	out := make([]*Array, len(axes))
	for i, axis := range axes {
		a, err := normAxis(axis, x.NDim())
		if err != nil {
			return []*Array{errorf("gradient", "%v", err)}
		}
		m := x.Shape()[a]
		if m < 2 {
			return []*Array{errorf("gradient", "shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required")}
		}
		at := func(lo, hi int) *Array {
			return f.Index(slices.Insert(slices.Repeat([]Index{All()}, a), a, S(lo, hi, 1))...)
		}
		parts := []*Array{at(1, 2).Sub(at(0, 1)).Div(h)}
		if m > 2 {
			parts = slices.Insert(parts, 1, at(2, m).Sub(at(0, m-2)).Div(2*h))
		}
		parts = slices.Insert(parts, len(parts), at(m-1, m).Sub(at(m-2, m-1)).Div(h))
		out[i] = Concatenate(parts, a)
	}
	return out
}

// Cov returns the covariance matrix of the variables in m and, when y
// is not nil, of those in y appended after them (numpy.cov(m, y)): rows
// are variables when rowvar (columns otherwise), normalized by N - ddof
// (NumPy's default ddof is 1). A 1-d m or y, or a single row, is one
// variable, and axes of length 1 are squeezed from the result, as NumPy
// does. The product is a MatMul of the centered data by its conjugate
// transpose, in float64 (complex128 for complex input). More
// than two axes, or m and y with different numbers of observations, is
// an error.
func Cov(m, y *Array, rowvar bool, ddof int) *Array {
	if bad := requireKnown("cov", m); bad != nil {
		return bad
	}
	vars := func(a *Array, name string) *Array {
		if a.NDim() > 2 {
			return errorf("cov", "%s has more than 2 dimensions", name)
		}
		x := a.AsType(chunk.Promote(a.dtype, chunk.Float64)).AtLeast2D()
		if !rowvar && x.Shape()[0] != 1 { // NumPy keeps a single row as one variable
			x = x.T()
		}
		return x
	}
	x := vars(m, "m")
	if x.err != nil {
		return x
	}
	if y != nil {
		if bad := requireKnown("cov", y); bad != nil {
			return bad
		}
		yv := vars(y, "y")
		if yv.err != nil {
			return yv
		}
		if yv.Shape()[1] != x.Shape()[1] {
			return errorf("cov", "m and y must have the same number of observations, not %d and %d", x.Shape()[1], yv.Shape()[1])
		}
		xs, _, xt := transposedSource(x)
		ys, _, yt := transposedSource(yv)
		if xt && yt { // the variables of both are columns: join those
			x = Concatenate([]*Array{xs, ys}, 1).T()
		} else {
			x = Concatenate([]*Array{x, yv}, 0)
		}
	}
	n := x.Shape()[1]
	if s, _, ok := transposedSource(x); ok {
		// The variables are the columns of s (rowvar false): centred
		// there, the product reads s's chunks in place on both sides,
		// a rank-k update, instead of a transposed copy of them.
		c := s.Sub(s.Mean(Axis(0), KeepDims()))
		return MatMul(c.T(), c.Conj()).Div(float64(n - ddof)).Squeeze()
	}
	c := x.Sub(x.Mean(Axis(1), KeepDims()))
	return MatMul(c, c.T().Conj()).Div(float64(n - ddof)).Squeeze()
}

// Corrcoef returns the Pearson correlation coefficients of the variables
// in m and y (nil for none), as numpy.corrcoef(m, y): Cov scaled by the
// standard deviations and clipped to [-1, 1] (each part, for complex).
func Corrcoef(m, y *Array, rowvar bool) *Array {
	c := Cov(m, y, rowvar, 1)
	if c.err != nil || c.NDim() == 0 {
		return c.Div(c)
	}
	sd := c.Diagonal(0, 0, 1).Real().Sqrt()
	r := c.Div(sd.Reshape(-1, 1)).Div(sd.Reshape(1, -1))
	if r.dtype.IsComplex() { // each part clipped, as NumPy
		return r.byParts("corrcoef", func(p *Array) *Array { return p.Clip(-1, 1) })
	}
	return r.Clip(-1, 1)
}

// SearchSorted returns, for each element of v, the index at which it
// would be inserted into the sorted values a to keep them sorted
// (numpy.searchsorted): before equal values, or after them when right.
// NaN sorts last, as in NumPy. a is known when the graph is built (Dask
// takes a lazy one); comparisons are made in float64. The result is
// int64 with v's chunks. Unsorted a is an error.
func SearchSorted(a []float64, v *Array, right bool) *Array {
	if bad := refuseComplex("searchsorted", v); bad != nil {
		return bad
	}
	if !sort.SliceIsSorted(a, func(i, j int) bool { return nanLess(a[i], a[j]) }) {
		return errorf("searchsorted", "a must be sorted")
	}
	return searchLayer("searchsorted", searchParams{Edges: a, Right: right}, v)
}

// Digitize returns the index of the bin each element of x falls in
// (numpy.digitize): for increasing bins i with bins[i-1] <= x < bins[i]
// (bins[i-1] < x <= bins[i] when right), for decreasing bins the mirror
// rule; 0 and len(bins) beyond the ends. Bins that are neither
// increasing nor decreasing are an error.
func Digitize(x *Array, bins []float64, right bool) *Array {
	if bad := refuseComplex("digitize", x); bad != nil {
		return bad // NumPy: "x may not be complex"
	}
	inc := sort.SliceIsSorted(bins, func(i, j int) bool { return bins[i] < bins[j] })
	dec := sort.SliceIsSorted(bins, func(i, j int) bool { return bins[i] > bins[j] })
	if !inc && !dec {
		return errorf("digitize", "bins must be monotonically increasing or decreasing")
	}
	return searchLayer("digitize", searchParams{Edges: bins, Right: !right, Reversed: !inc}, x)
}

func nanLess(a, b float64) bool { return a < b || (b != b && a == a) }

type searchParams struct {
	Edges    []float64
	Right    bool
	Reversed bool // search the edges reversed and count from the end
}

// search returns the insertion position of each value of v in p's edges
// into out: before the edges equal to it, or after them when Right
// (edges in descending order are searched from the end). NaN sorts last,
// as in NumPy.
func (p *searchParams) search(out []int64, v []float64) {
	n := len(p.Edges)
	e := p.Edges
	if p.Reversed {
		e = slices.Clone(e)
		slices.Reverse(e)
	}
	searchEdges(out, v, e, p.Right)
	if p.Reversed {
		for i, k := range out {
			out[i] = int64(n) - k
		}
	}
}

// searchEdges sets out[i] to the number of edges e (ascending) that v[i]
// goes after (those at or below it when right, those below it
// otherwise, NaN after all), by binary search, or by counting when the
// edges are few.
func searchEdges(out []int64, v, e []float64, right bool) {
	if len(e) <= vec.CountEdgesLimit() {
		vec.CountEdges(out, v, e, right)
		return
	}
	for i, x := range v {
		lo, hi := 0, len(e)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if right && !nanLess(x, e[m]) || !right && nanLess(e[m], x) {
				lo = m + 1
			} else {
				hi = m
			}
		}
		out[i] = int64(lo)
	}
}

func searchLayer(op string, p searchParams, x *Array) *Array {
	if bad := requireKnown(op, x); bad != nil {
		return bad
	}
	params := scheduler.EncodeParams(p)
	l := blockwise.New(scheduler.Name(op, params, []byte(x.Name())), x.NumBlocks(), "array.searchsorted", params, false,
		blockwise.Input{Layer: x.layer, Axes: identityAxes(x.NDim())})
	return newLayerArray(l, x.grid, chunk.Int64)
}

func init() {
	scheduler.RegisterTypedBorrowing("array.searchsorted", func(p searchParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			v := chunk.Values[float64](ds[0].AsType(chunk.Float64))
			d := chunk.NewPooledDense(chunk.Int64, ds[0].Shape()) // every element is written
			out := chunk.Values[int64](d)
			p.search(out, v)
			return d, nil
		}, nil
	})
}

// Bincount counts the occurrences of each value of the 1-d non-negative
// integer array x (numpy.bincount), with weights (of x's shape) summed
// instead when given. Counts are int64, weighted sums float64.
//
// With minlength 0 the length is max(x)+1, known only once computed, as
// in Dask: the result has one chunk of unknown size (KnownChunks is
// false) until Compute, Persist or ComputeChunkSizes; each chunk counts
// its values and the counts are summed up a tree. With minlength > 0
// the length is minlength and known when the graph is built, and a value
// of minlength or more fails the computation with an error naming it
// (NumPy would lengthen the result; Dask's chunks would then be wrong).
// A negative value fails the computation; a negative minlength, weights
// of another shape, or x that is not 1-d integer are errors.
func (x *Array) Bincount(weights *Array, minlength int) *Array {
	if bad := requireKnown("bincount", x); bad != nil {
		return bad
	}
	if bad := refuseComplex("bincount", weights); bad != nil {
		return bad // NumPy cannot cast complex weights to float64
	}
	if x.NDim() != 1 || !x.dtype.IsInteger() {
		return errorf("bincount", "x must be a 1-d integer array, not %d-d %v", x.NDim(), x.dtype)
	}
	if minlength < 0 {
		return errorf("bincount", "minlength %d must be non-negative", minlength)
	}
	if weights != nil {
		if bad := requireKnown("bincount", weights); bad != nil {
			return bad
		}
		if !chunk.EqualShapes(weights.Shape(), x.Shape()) {
			return errorf("bincount", "weights of shape %v do not match x's shape %v", weights.Shape(), x.Shape())
		}
	}
	return x.bincount(weights, minlength)
}

// bincount counts each chunk's values into its own buffer (of length
// minlength, or max+1 of the chunk when minlength is 0) and sums the
// buffers up a tree, the shorter ones padded with zeros.
func (x *Array) bincount(weights *Array, minlength int) *Array {
	ins := []blockwise.Input{{Layer: x.layer, Axes: []int{0}}}
	names := [][]byte{[]byte(x.Name())}
	dt := chunk.Int64
	if weights != nil {
		w := weights.AsType(chunk.Float64).Rechunk(chunk.Spec{chunk.Sizes(x.Chunks()[0]...)})
		if x.Size() == 0 {
			w = weights.AsType(chunk.Float64)
		}
		if w.err != nil {
			return errorf("bincount", "weights: %v", w.err)
		}
		ins = append(ins, blockwise.Input{Layer: w.layer, Axes: []int{0}})
		names = append(names, []byte(w.Name()))
		dt = chunk.Float64
	}
	params := scheduler.EncodeParams(minlength)
	counts := blockwise.New(scheduler.Name("bincount-chunk", append(names, params)...), x.NumBlocks(), "array.bincount_chunk", params, false, ins...)
	t := reductions.Tree{Name: "bincount", Partials: counts, Reduced: []bool{true}, Split: []int{16},
		Combine: "array.bincount_merge", Aggregate: "array.bincount_merge", KeepDims: true}
	n := minlength
	if minlength == 0 {
		n = maxBincount // one block of at most that many counts
	}
	g, err := chunk.NewGrid([][]int{{n}})
	if err != nil {
		return errorf("bincount", "%v", err)
	}
	r := &Array{layer: t.Layer(), grid: g, dtype: dt}
	if minlength == 0 {
		r.unknown = []bool{true}
	}
	return r
}

// maxBincount bounds the values Bincount counts (a larger one is more
// likely a mistake than a wish for terabytes of counts).
const maxBincount = min(1<<40, math.MaxInt)

// bincountChunk counts the values of x, or sums the weights w at them,
// into minlength counts, or max(x)+1 when minlength is 0.
func bincountChunk(x, w *chunk.Dense, minlength int) (*chunk.Dense, error) {
	if w == nil && x.Len() >= 1<<16 {
		switch x.DType() {
		case chunk.Int8:
			return bincountSmall(chunk.Values[int8](x), minlength)
		case chunk.Uint8:
			return bincountSmall(chunk.Values[uint8](x), minlength)
		case chunk.Int16:
			return bincountSmall(chunk.Values[int16](x), minlength)
		case chunk.Uint16:
			return bincountSmall(chunk.Values[uint16](x), minlength)
		}
	}
	switch x.DType() {
	case chunk.Int8:
		return bincountOf(chunk.Values[int8](x), w, minlength)
	case chunk.Int16:
		return bincountOf(chunk.Values[int16](x), w, minlength)
	case chunk.Int32:
		return bincountOf(chunk.Values[int32](x), w, minlength)
	case chunk.Int64:
		return bincountOf(chunk.Values[int64](x), w, minlength)
	case chunk.Uint8:
		return bincountOf(chunk.Values[uint8](x), w, minlength)
	case chunk.Uint16:
		return bincountOf(chunk.Values[uint16](x), w, minlength)
	case chunk.Uint32:
		return bincountOf(chunk.Values[uint32](x), w, minlength)
	case chunk.Uint64:
		return bincountOf(chunk.Values[uint64](x), w, minlength)
	}
	return nil, fmt.Errorf("array: bincount: chunk of %v, not integers", x.DType())
}

func bincountOf[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](v []T, w *chunk.Dense, minlength int) (*chunk.Dense, error) {
	n := minlength
	if len(v) > 0 {
		lo, hi := v[0], v[0]
		for _, i := range v {
			lo, hi = min(lo, i), max(hi, i)
		}
		var err error
		if n, err = bincountLength(lo, hi, minlength); err != nil {
			return nil, err
		}
	}
	if w == nil {
		out := make([]int64, n)
		for _, i := range v {
			out[i]++
		}
		return chunk.FromSlice([]int{n}, out)
	}
	out, ws := make([]float64, n), chunk.Values[float64](w)[:len(v)]
	for k, i := range v {
		out[i] += ws[k]
	}
	return chunk.FromSlice([]int{n}, out)
}

// bincountLength is the length of the counts of values from lo to hi:
// minlength, or hi+1 when larger; an error for a negative lo, or a hi
// too large to count or, with minlength > 0, not below it.
func bincountLength[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](lo, hi T, minlength int) (int, error) {
	switch {
	case lo < 0:
		return 0, fmt.Errorf("array: bincount: value %d is negative", lo)
	case uint64(hi) >= maxBincount:
		return 0, fmt.Errorf("array: bincount: value %d is too large to count", hi)
	case minlength > 0 && uint64(hi) >= uint64(minlength):
		return 0, fmt.Errorf("array: bincount: value %d is not below minlength %d", hi, minlength)
	}
	return max(minlength, int(hi)+1), nil
}

// bincountSmall counts 8- and 16-bit values without a pass for their
// range: every value has its slot in a table of all of them, which gives
// the range afterwards. 8-bit values count into four tables in turn, so
// that runs of one value (an image's flat regions) do not wait on the
// same counter.
func bincountSmall[T int8 | uint8 | int16 | uint16](v []T, minlength int) (*chunk.Dense, error) {
	bits := 8 * int(unsafe.Sizeof(v[0]))
	size, off := 1<<bits, 0
	if T(size/2) < 0 { // signed: slot 0 is the most negative value
		off = size / 2
	}
	ways := 1
	if bits == 8 {
		ways = 4
	}
	hist, part := make([]int64, size), make([]uint32, ways*size)
	for len(v) > 0 {
		block := v[:min(len(v), 1<<30)] // at most 2^30 counts in one uint32
		v = v[len(block):]
		i := 0
		if ways == 4 {
			t0, t1, t2, t3 := part[:size], part[size:2*size], part[2*size:3*size], part[3*size:]
			for ; i+4 <= len(block); i += 4 {
				t0[int(block[i])+off]++
				t1[int(block[i+1])+off]++
				t2[int(block[i+2])+off]++
				t3[int(block[i+3])+off]++
			}
		}
		for ; i < len(block); i++ {
			part[int(block[i])+off]++
		}
		for j := range part {
			hist[j%size] += int64(part[j])
			part[j] = 0
		}
	}
	first, last := 0, size-1
	for hist[first] == 0 {
		first++
	}
	for hist[last] == 0 {
		last--
	}
	n, err := bincountLength(T(first-off), T(last-off), minlength)
	if err != nil {
		return nil, err
	}
	out := make([]int64, n)
	copy(out, hist[off:last+1])
	return chunk.FromSlice([]int{n}, out)
}

// addPadded returns the sum of the 1-d buffers ds, the shorter ones
// padded with zeros.
func addPadded[T int64 | float64](ds []*chunk.Dense) (*chunk.Dense, error) {
	n := 0
	for _, d := range ds {
		n = max(n, d.Len())
	}
	out := make([]T, n)
	for _, d := range ds {
		for i, v := range chunk.Values[T](d) {
			out[i] += v
		}
	}
	return chunk.FromSlice([]int{n}, out)
}

func init() {
	scheduler.RegisterTypedBorrowing("array.bincount_chunk", func(minlength int) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if len(ds) == 2 {
				return bincountChunk(ds[0], ds[1], minlength)
			}
			return bincountChunk(ds[0], nil, minlength)
		}, nil
	})
	scheduler.RegisterBorrowing("array.bincount_merge", func([]byte) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if len(ds) > 0 && ds[0].DType() == chunk.Float64 {
				return addPadded[float64](ds)
			}
			return addPadded[int64](ds)
		}, nil
	})
}

// HistogramDD counts the D-dimensional points of sample, an (N, D)
// array, in the bins given by edges per dimension (numpy.histogramdd
// with explicit edges): a float64 array of len(edges[d])-1 bins per
// dimension. The last bin of each dimension includes its right edge;
// points outside the edges (or NaN) are not counted. Weights (N values)
// sums the weights instead, and Density divides each bin by the total
// and by the bin's volume, as NumPy's weights= and density=. Built from
// Digitize and Bincount. Edges that decrease, fewer than two per
// dimension, or a sample of the wrong shape are errors.
func HistogramDD(sample *Array, edges [][]float64, opts ...HistOption) *Array {
	if bad := requireKnown("histogramdd", sample); bad != nil {
		return bad
	}
	if sample.NDim() != 2 || sample.Shape()[1] != len(edges) {
		return errorf("histogramdd", "sample must be (N, %d), not %v", len(edges), sample.Shape())
	}
	cols := make([]*Array, len(edges))
	for d := range edges {
		cols[d] = sample.Index(All(), At(d))
	}
	return histogramDD("histogramdd", cols, edges, opts)
}

// Histogram2D is HistogramDD of the points (x[i], y[i]) of two 1-d
// arrays of one length (numpy.histogram2d with explicit edges).
func Histogram2D(x, y *Array, xedges, yedges []float64, opts ...HistOption) *Array {
	if bad := requireKnown("histogram2d", x, y); bad != nil {
		return bad
	}
	if x.NDim() != 1 || !chunk.EqualShapes(x.Shape(), y.Shape()) {
		return errorf("histogram2d", "x and y must be 1-d of one length, not %v and %v", x.Shape(), y.Shape())
	}
	return histogramDD("histogram2d", []*Array{x, y}, [][]float64{xedges, yedges}, opts)
}

func histogramDD(op string, cols []*Array, edges [][]float64, opts []HistOption) *Array {
	var o histOptions
	for _, f := range opts {
		f(&o)
	}
	if bad := refuseComplex(op, append(cols, o.weights)...); bad != nil {
		return bad
	}
	shape := make([]int, len(edges))
	var flat, valid *Array
	for d, e := range edges {
		if len(e) < 2 || !slices.IsSorted(e) || slices.ContainsFunc(e, func(v float64) bool { return v != v }) {
			return errorf(op, "edges of dimension %d must be at least two increasing values", d)
		}
		shape[d] = len(e) - 1
		c := cols[d]
		// Digitize gives 1 … len(e)-1 inside; the last edge joins the last bin.
		b := Where(c.Eq(e[len(e)-1]), int64(len(e)-1), Digitize(c, e, false)).Sub(1)
		in := b.Ge(0).And(b.Lt(shape[d]))
		if flat == nil {
			flat, valid = b, in
			continue
		}
		flat, valid = flat.Mul(shape[d]).Add(b), valid.And(in)
	}
	n := chunk.Prod(shape)
	flat = Where(valid, flat, int64(n)).AsType(chunk.Int64)
	if o.weights != nil && !chunk.EqualShapes(o.weights.Shape(), flat.Shape()) {
		return errorf(op, "weights of shape %v do not match the %d points", o.weights.Shape(), flat.Shape()[0])
	}
	h := flat.Bincount(o.weights, n+1).Index(S(0, n, 1)).AsType(chunk.Float64).Reshape(shape...)
	if !o.density {
		return h
	}
	// NumPy's hist / hist.sum() / the volume of each bin.
	vol := make([]float64, n)
	idx := make([]int, len(shape))
	for p := range vol {
		chunk.Unravel(idx, p, shape)
		vol[p] = 1
		for d, i := range idx {
			vol[p] *= edges[d][i+1] - edges[d][i]
		}
	}
	return h.Div(h.Sum()).Div(FromSlice(vol, shape, nil))
}

// UniqueInverse returns, for each element of x (raveled), the index of
// its value among values, the first result of x.Unique()
// (numpy.unique's return_inverse; NaNs all map to the one NaN). It is
// lazy: each chunk of x.Ravel() reads values whole. values not made by
// x.Unique() give wrong indices or an error at compute time.
func (x *Array) UniqueInverse(values *Array) *Array {
	if err := firstErr(x, values); err != nil {
		return errArray(err)
	}
	if bad := refuseComplex("unique", x); bad != nil {
		return bad
	}
	if values.NDim() != 1 || values.dtype != x.dtype {
		return errorf("unique", "values must be the 1-d %v result of Unique, not %d-d %v", x.dtype, values.NDim(), values.dtype)
	}
	flat := x.Ravel()
	if flat.err != nil {
		return flat
	}
	l := blockwise.New(scheduler.Name("unique-inverse", []byte(flat.Name()), []byte(values.Name())), flat.NumBlocks(), "array.unique_inverse", nil, false,
		blockwise.Input{Layer: flat.layer, Axes: []int{0}}, blockwise.Input{Layer: values.layer, Axes: []int{-1}})
	return newLayerArray(l, flat.grid, chunk.Int64)
}

func init() {
	scheduler.RegisterBorrowing("array.unique_inverse", func([]byte) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			var out []int64
			switch dt := ds[1].DType(); {
			case dt == chunk.Uint64:
				out, err = inverseOf(chunk.Values[uint64](ds[0].AsType(dt)), chunk.Values[uint64](ds[1]))
			case dt.IsFloat():
				out, err = inverseOf(chunk.Values[float64](ds[0].AsType(chunk.Float64)), chunk.Values[float64](ds[1].AsType(chunk.Float64)))
			default:
				out, err = inverseOf(chunk.Values[int64](ds[0].AsType(chunk.Int64)), chunk.Values[int64](ds[1].AsType(chunk.Int64)))
			}
			if err != nil {
				return nil, err
			}
			return chunk.FromSlice([]int{len(out)}, out)
		}, nil
	})
}

// UniqueIndex returns, for each of values (the first result of
// x.Unique()), the flat index in x of its first occurrence
// (numpy.unique's return_index; for NaN, the first NaN). It is lazy and
// of unknown length like values: each chunk of x.UniqueInverse(values)
// finds its first positions, and they merge up a tree by minimum.
// values not made by x.Unique() give wrong indices or an error at
// compute time.
func (x *Array) UniqueIndex(values *Array) *Array {
	inv := x.UniqueInverse(values)
	if inv.err != nil {
		return inv
	}
	offsets := []int64{0}
	for _, c := range inv.Chunks()[0] {
		offsets = append(offsets, offsets[len(offsets)-1]+int64(c))
	}
	params := scheduler.EncodeParams(offsets)
	first := blockwise.New(scheduler.Name("unique-first", params, []byte(inv.Name())), inv.NumBlocks(), "array.unique_first", params, false,
		blockwise.Input{Layer: inv.layer, Axes: []int{0}})
	t := reductions.Tree{Name: "unique-first", Partials: first, Reduced: []bool{true}, Split: []int{16},
		Combine: "array.unique_first_merge", Aggregate: "array.unique_first_merge", KeepDims: true}
	g, err := chunk.NewGrid([][]int{{max(x.Size(), 0)}}) // at most one per element
	if err != nil {
		return errorf("unique", "%v", err)
	}
	return &Array{layer: t.Layer(), grid: g, dtype: chunk.Int64, unknown: []bool{true}}
}

func init() {
	// The first flat position of each inverse index in a chunk (MaxInt64
	// for those it lacks), and the minimum of such lists, padded.
	scheduler.RegisterTypedBorrowing("array.unique_first", func(offsets []int64) (scheduler.Func, error) {
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			if len(block) != 1 || block[0] >= len(offsets) {
				return nil, fmt.Errorf("array: unique: block %v of %d", block, len(offsets)-1)
			}
			inv := chunk.Values[int64](ds[0])
			n := int64(0)
			for _, j := range inv {
				n = max(n, j+1)
			}
			out := make([]int64, n)
			for j := range out {
				out[j] = math.MaxInt64
			}
			for i, j := range inv {
				out[j] = min(out[j], offsets[block[0]]+int64(i))
			}
			return chunk.FromSlice([]int{int(n)}, out)
		}, nil
	})
	scheduler.RegisterBorrowing("array.unique_first_merge", func([]byte) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			n := 0
			for _, d := range ds {
				n = max(n, d.Len())
			}
			out := make([]int64, n)
			for j := range out {
				out[j] = math.MaxInt64
			}
			for _, d := range ds {
				for j, v := range chunk.Values[int64](d) {
					out[j] = min(out[j], v)
				}
			}
			return chunk.FromSlice([]int{n}, out)
		}, nil
	})
}

// inverseOf returns the position of each of x among the sorted distinct
// vals (NaN last, all NaNs one value).
func inverseOf[T int64 | uint64 | float64](x, vals []T) ([]int64, error) {
	order := func(a, b T) int {
		switch {
		case a != a && b != b:
			return 0
		case a != a:
			return 1
		case b != b:
			return -1
		}
		return cmp.Compare(a, b)
	}
	out := make([]int64, len(x))
	for i, v := range x {
		j := sort.Search(len(vals), func(j int) bool { return order(vals[j], v) >= 0 })
		if j == len(vals) || order(vals[j], v) != 0 {
			return nil, fmt.Errorf("array: unique: value %v is not among the unique values", v)
		}
		out[i] = int64(j)
	}
	return out, nil
}
