package reductions

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
	"github.com/chunkwise/chunkwise/scheduler"
)

type histParams struct {
	Program *blockwise.Program `json:",omitempty"`
	// Weights, when set, is the weights' program over the inputs that
	// follow Program's; Acc is then the counts' dtype (int64 or float64).
	Weights *blockwise.Program `json:",omitempty"`
	Acc     chunk.DType        `json:",omitempty"`
	Chunks  [][]int
	Edges   []float64
	Uniform bool
	// FromInput takes each chunk's shape from its first input (see
	// Input.ShapeFromInput).
	FromInput bool `json:",omitempty"`
}

// BuildHistogram returns the layer of the histogram of every value of in
// over the bins given by edges (increasing; len(edges)-1 bins), and its
// grid: one chunk of len(edges)-1 int64 counts. Bins are half-open
// [e_i, e_i+1) except the last, which includes its right edge (NumPy's
// rule); values outside the edges and NaN are not counted. uniform says
// the edges are equally spaced, so a value's bin is computed rather than
// searched. Each chunk counts its values tile by tile into len(edges)-1
// counters; the counts are summed up a tree.
//
// With weights (an Input over in's grid), each value adds its weight
// instead of one: the counts are float64, or int64 for integer and bool
// weights, as in NumPy.
func BuildHistogram(in Input, weights *Input, edges []float64, uniform bool) (scheduler.Layer, chunk.Grid, chunk.DType, error) {
	if len(edges) < 2 {
		return nil, chunk.Grid{}, 0, fmt.Errorf("histogram: %d bin edges; at least 2 are needed", len(edges))
	}
	for i := 1; i < len(edges); i++ {
		if !(edges[i] >= edges[i-1]) {
			return nil, chunk.Grid{}, 0, fmt.Errorf("histogram: bins must increase monotonically, got %v", edges)
		}
	}
	g := in.Grid
	nd := g.NDim()
	p := histParams{Program: in.Program, Chunks: g.Chunks(), Edges: edges, Uniform: uniform, Acc: chunk.Int64, FromInput: in.ShapeFromInput}
	inputs := in.Inputs
	if weights != nil {
		if !chunk.EqualShapes(weights.Grid.Shape(), g.Shape()) || !slices.EqualFunc(weights.Grid.Chunks(), g.Chunks(), slices.Equal) {
			return nil, chunk.Grid{}, 0, fmt.Errorf("histogram: weights of shape %v chunks %v do not match the data's %v chunks %v",
				weights.Grid.Shape(), weights.Grid.Chunks(), g.Shape(), g.Chunks())
		}
		p.Weights = weights.Program
		if !weights.Program.DType().IsInteger() && weights.Program.DType() != chunk.Bool {
			p.Acc = chunk.Float64
		}
		inputs = append(slices.Clip(inputs), weights.Inputs...)
	}
	params := scheduler.EncodeParams(p)
	parts := [][]byte{params}
	for _, bi := range inputs {
		ax := scheduler.EncodeParams(bi.Axes)
		parts = append(parts, []byte(bi.Layer.Name()), ax)
	}
	chunkLayer := blockwise.New(scheduler.Name("histogram-chunk", parts...), g.NumBlocks(), "reductions.hist_chunk", params, false, inputs...)
	reduced := make([]bool, nd)
	for a := range reduced {
		reduced[a] = true
	}
	split, _ := splitOf("histogram", nil, nd, nd)
	sumParams := scheduler.EncodeParams(combineParams{Op: Sum, Fold: foldSum})
	t := Tree{Name: "histogram", Partials: chunkLayer, Reduced: reduced, Split: split, Combine: "reductions.combine",
		CombineParams: sumParams, Aggregate: "reductions.combine", AggregateParams: sumParams, Trailing: 1}
	og, err := chunk.NewGrid([][]int{{len(edges) - 1}})
	return t.Layer(), og, p.Acc, err
}

// binOf returns the bin of x, or -1 when it is outside the edges or NaN.
func binOf(x float64, edges []float64, uniform bool, scale float64) int {
	nb := len(edges) - 1
	lo, hi := edges[0], edges[nb]
	if !(x >= lo && x <= hi) {
		return -1
	}
	if x == hi {
		return nb - 1
	}
	if uniform {
		i := min(int((x-lo)*scale), nb-1)
		// Correct float rounding against the edges, as NumPy does.
		if x < edges[i] {
			i--
		} else if i < nb-1 && x >= edges[i+1] {
			i++
		}
		return i
	}
	return sort.SearchFloat64s(edges, math.Nextafter(x, math.Inf(1))) - 1 // last edge ≤ x
}

// edgeBin is binOf for a value v that c edges lie at or below
// (vec.CountEdges with right): the last bin holds its right edge.
func edgeBin(c int, v float64, edges []float64) int {
	switch nb := len(edges) - 1; {
	case c == 0:
		return -1 // below the first edge
	case c <= nb:
		return c - 1
	case v == edges[nb]:
		return nb - 1
	}
	return -1 // above the last edge, or NaN
}

func init() {
	scheduler.RegisterTypedBorrowing("reductions.hist_chunk", func(p histParams) (scheduler.Func, error) {
		g, err := chunk.NewGrid(p.Chunks)
		if err != nil {
			return nil, err
		}
		if p.Program == nil || len(p.Edges) < 2 {
			return nil, fmt.Errorf("reductions: bad histogram parameters")
		}
		nb := len(p.Edges) - 1
		scale := float64(nb) / (p.Edges[nb] - p.Edges[0])
		return func(block []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			f := blockwise.FrameOfInput(g, block, ds, p.FromInput)
			nx := p.Program.NIn
			if len(ds) < nx {
				return nil, fmt.Errorf("reductions: histogram of %d inputs, want %d", len(ds), nx)
			}
			ev, err := blockwise.NewEvaluator(p.Program, f, ds[:nx])
			if err != nil {
				return nil, err
			}
			defer ev.Release()
			var wev *blockwise.Evaluator
			if p.Weights != nil {
				if wev, err = blockwise.NewEvaluator(p.Weights, f, ds[nx:]); err != nil {
					return nil, err
				}
				defer wev.Release()
			}
			acc := p.Acc
			if acc == chunk.Invalid {
				acc = chunk.Int64
			}
			out := chunk.NewDense(acc, []int{nb})
			xs := make([]float64, blockwise.TileSize)
			var ws []float64
			var wi []int64 // integer weights add exactly
			if wev != nil && acc == chunk.Int64 {
				wi = make([]int64, blockwise.TileSize)
			} else if wev != nil {
				ws = make([]float64, blockwise.TileSize)
			}
			// A few uneven edges are counted sixteen values a pass (vec.CountEdges).
			var bins []int64
			if !p.Uniform && len(p.Edges) <= vec.CountEdgesLimit() {
				bins = make([]int64, blockwise.TileSize)
			}
			bin := func(j int, v float64) int {
				if bins == nil {
					return binOf(v, p.Edges, p.Uniform, scale)
				}
				return edgeBin(int(bins[j]), v, p.Edges)
			}
			for off, n, m := 0, ev.Len(), 0; off < n; off += m {
				m = ev.TileLen(off)
				t := ev.Tile(off, m, nil)
				var x []float64
				if ev.DType() == chunk.Float64 {
					x = blockwise.Slice[float64](t)
				} else {
					blockwise.Convert(xs[:m], t)
					x = xs[:m]
				}
				if bins != nil {
					vec.CountEdges(bins[:m], x, p.Edges, true)
				}
				if wev == nil {
					counts := chunk.Values[int64](out)
					if bins == nil && p.Uniform {
						for _, v := range x {
							if i := binOf(v, p.Edges, true, scale); i >= 0 {
								counts[i]++
							}
						}
						continue
					}
					for j, v := range x {
						if i := bin(j, v); i >= 0 {
							counts[i]++
						}
					}
					continue
				}
				if wi != nil {
					blockwise.Convert(wi[:m], wev.Tile(off, m, nil))
					counts := chunk.Values[int64](out)
					for j, v := range x {
						if i := bin(j, v); i >= 0 {
							counts[i] += wi[j]
						}
					}
					continue
				}
				blockwise.Convert(ws[:m], wev.Tile(off, m, nil))
				sums := chunk.Values[float64](out)
				for j, v := range x {
					if i := bin(j, v); i >= 0 {
						sums[i] += ws[j]
					}
				}
			}
			return out, nil
		}, nil
	})
}

// Lerp is NumPy's linear interpolation between a and b at t in [0, 1],
// written so that it is exact at both ends and monotonic.
func Lerp(a, b, t float64) float64 {
	if t >= 0.5 {
		return b - (b-a)*(1-t)
	}
	return a + (b-a)*t
}

type quantileParams struct {
	Q       []float64
	Axis    int
	Chunks  [][]int // the input's chunks; the axis is one chunk
	DType   chunk.DType
	Method  string `json:",omitempty"` // "" is "linear"
	SkipNaN bool   `json:",omitempty"`
}

// QuantileMethods are the methods QuantileLayer takes: NumPy's
// continuous "linear" (its default) and "midpoint", and its discontinuous
// "lower", "higher" and "nearest", which return one of the values.
var QuantileMethods = []string{"linear", "lower", "higher", "nearest", "midpoint"}

// pick returns the q-quantile of the sorted values v by method.
func pick(v []float64, q float64, method string) float64 {
	lo, hi := pickAt(len(v), q)
	frac := q*float64(len(v)-1) - float64(lo)
	switch method {
	case "lower":
		return v[lo]
	case "higher":
		if frac > 0 {
			return v[hi]
		}
		return v[lo]
	case "nearest": // ties go to the even index, as NumPy rounds
		if frac < 0.5 || frac == 0.5 && lo%2 == 0 {
			return v[lo]
		}
		return v[hi]
	case "midpoint":
		if frac > 0 {
			return Lerp(v[lo], v[hi], 0.5)
		}
		return v[lo]
	}
	return Lerp(v[lo], v[hi], frac)
}

// pickAt returns the two sorted positions of n values pick reads for
// quantile q.
func pickAt(n int, q float64) (lo, hi int) {
	lo = int(math.Floor(q * float64(n-1)))
	return lo, min(lo+1, n-1)
}

// selectAt reorders v[lo:hi] (no NaN) so that v[k] holds the value a sort
// would put there for every k of ks (ascending, inside [lo, hi)):
// quickselect with a three-way partition around a sampled pivot near the
// middle k (pivotNear),
// descending only into the sides that hold a k; past depth 64 the range
// is sorted instead (a bad pivot sequence costs no more than a sort).
func selectAt(v []float64, lo, hi int, ks []int, depth int, tmp []float64) {
	for len(ks) > 0 {
		if hi-lo <= 16 || depth > 64 {
			slices.Sort(v[lo:hi])
			return
		}
		depth++
		pivot := pivotNear(v[lo:hi], ks[len(ks)/2]-lo)
		// A branch-free pass puts v[lo:lt] < pivot; the rest is >= pivot
		// and shrinks unless the pivot is the least value, when a second
		// pass splits off v[lt:gt] == pivot (which holds the pivot) from
		// v[gt:hi] > pivot. Either way both sides are smaller than v[lo:hi].
		lt := vec.PartitionLess(v[lo:hi], pivot, tmp) + lo
		gt := lt
		if lt == lo { // pivot is the least: split off the values equal to it
			gt = partitionEqual(v[lt:hi], pivot) + lt
		}
		l, _ := slices.BinarySearch(ks, lt)
		g, _ := slices.BinarySearch(ks, gt)
		selectAt(v, lo, lt, ks[:l], depth, tmp)
		lo, ks = gt, ks[g:]
	}
}

// pivotNear returns an element of v to split it near position k: the
// one at k's rank in a sorted sample of 31 evenly spaced elements, so
// that the side holding k shrinks fast (the median of three when v is
// short).
func pivotNear(v []float64, k int) float64 {
	const ns = 31
	if len(v) < 16*ns {
		a, b, c := v[0], v[len(v)/2], v[len(v)-1]
		return max(min(a, b), min(max(a, b), c))
	}
	var sample [ns]float64
	step := len(v) / ns
	for i := range sample {
		sample[i] = v[i*step+step/2]
	}
	slices.Sort(sample[:])
	return sample[k*ns/len(v)]
}

// partitionEqual moves the elements of v equal to pivot to its front, in
// one pass that swaps unconditionally and advances conditionally (no
// branch to mispredict on random data), and returns how many there are.
func partitionEqual(v []float64, pivot float64) int {
	n := 0
	for i, x := range v {
		v[i], v[n] = v[n], x
		if x == pivot {
			n++
		}
	}
	return n
}

// QuantileLayer returns the layer of the q-quantiles (each in [0, 1]) of
// in along axis by method (one of QuantileMethods; "" is NumPy's default
// "linear"), and its grid: len(q) values along a new leading axis, then
// in's other axes with their chunks. in must hold the whole axis in one
// chunk (rechunk first): each task sorts complete lanes, so the whole
// axis of every output block is gathered into one task. A lane holding
// NaN gives NaN, unless skipNaN, which leaves NaN out (NumPy's
// nanquantile; an all-NaN lane gives NaN). The continuous methods give
// float32 for float32 input and float64 otherwise; the discontinuous ones
// keep the input's dtype.
func QuantileLayer(in scheduler.Layer, g chunk.Grid, dt chunk.DType, q []float64, axis int, method string, skipNaN bool) (scheduler.Layer, chunk.Grid, chunk.DType, error) {
	nd := g.NDim()
	if axis < 0 || axis >= nd {
		return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: axis %d is out of bounds for array of dimension %d", axis, nd)
	}
	if len(g.Chunks()[axis]) != 1 {
		return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: axis %d must be one chunk (rechunk first)", axis)
	}
	if g.Shape()[axis] == 0 {
		return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: cannot take a quantile of an empty axis")
	}
	if len(q) == 0 {
		return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: no quantiles given")
	}
	for _, v := range q {
		if !(v >= 0 && v <= 1) {
			return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: quantiles must be in the range [0, 1], got %v", v)
		}
	}
	if !dt.Valid() || dt == chunk.Bool {
		return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: unsupported dtype %v", dt)
	}
	if method == "" {
		method = "linear"
	}
	if !slices.Contains(QuantileMethods, method) {
		return nil, chunk.Grid{}, 0, fmt.Errorf("quantile: method %q is not one of %v", method, QuantileMethods)
	}
	out := [][]int{{len(q)}}
	axes := make([]int, nd)
	for a := range nd {
		switch {
		case a == axis:
			axes[a] = -1
		default:
			axes[a] = len(out)
			out = append(out, g.Chunks()[a])
		}
	}
	og, err := chunk.NewGrid(out)
	if err != nil {
		return nil, chunk.Grid{}, 0, err
	}
	rdt := chunk.FloatResult(dt)
	if method == "lower" || method == "higher" || method == "nearest" {
		rdt = dt
	}
	qp := quantileParams{Q: q, Axis: axis, Chunks: g.Chunks(), DType: rdt, SkipNaN: skipNaN}
	if method != "linear" {
		qp.Method = method // the default stays out of the name
	}
	params := scheduler.EncodeParams(qp)
	l := blockwise.New(scheduler.Name("quantile", params, []byte(in.Name())), og.NumBlocks(), "reductions.quantile", params, false,
		blockwise.Input{Layer: in, Axes: axes})
	return l, og, rdt, nil
}

func init() {
	scheduler.RegisterTypedBorrowing("reductions.quantile", func(p quantileParams) (scheduler.Func, error) {
		return func(_ []int, in []any) (any, error) {
			ds, err := blockwise.Denses(in)
			if err != nil {
				return nil, err
			}
			d := ds[0].AsType(chunk.Float64)
			shape := d.Shape()
			n := shape[p.Axis]
			inner := chunk.Prod(shape[p.Axis+1:])
			outer := chunk.Prod(shape[:p.Axis])
			oshape := []int{len(p.Q)}
			oshape = append(oshape, shape[:p.Axis]...)
			oshape = append(oshape, shape[p.Axis+1:]...)
			out := chunk.NewDense(chunk.Float64, oshape)
			o := chunk.Values[float64](out)
			src := chunk.Values[float64](d)
			// Lanes are copied out a batch of neighbours at a time by a
			// blocked transpose (chunk.CopyTransposed), so that each row
			// of the input is read several cache lines at a time and each
			// lane written in runs.
			const batch = 64
			buf := chunk.NewPooledDense(chunk.Float64, []int{min(batch, inner), n}) // each batch overwrites what it reads
			defer buf.Recycle()
			lanes := chunk.Values[float64](buf)
			raw := d.Bytes()
			var ks []int
			tmp := make([]float64, n+8) // vec.PartitionLess's
			per := outer * inner
			for i := 0; i < outer; i++ {
				for j0 := 0; j0 < inner; j0 += batch {
					nb := min(batch, inner-j0)
					if inner == 1 { // the axis is the last: a lane is a run
						copy(lanes, src[i*n:(i+1)*n])
					} else { // lane jj, position k is src[(i*n+k)*inner + j0+jj]
						chunk.CopyTransposed(buf.View(0, []int{nb, n}), raw[(i*n*inner+j0)*8:], []int{1, inner}, 0)
					}
					for jj := range nb {
						v := lanes[jj*n : (jj+1)*n]
						if p.SkipNaN {
							v = slices.DeleteFunc(v, math.IsNaN)
						}
						nan := len(v) == 0 || slices.ContainsFunc(v, math.IsNaN)
						if !nan {
							ks = ks[:0]
							for _, q := range p.Q {
								lo, hi := pickAt(len(v), q)
								ks = append(ks, lo, hi)
							}
							slices.Sort(ks)
							selectAt(v, 0, len(v), slices.Compact(ks), 0, tmp)
						}
						for qi, q := range p.Q {
							at := qi*per + i*inner + j0 + jj
							if nan {
								o[at] = math.NaN()
							} else {
								o[at] = pick(v, q, p.Method)
							}
						}
					}
				}
			}
			return out.AsType(p.DType), nil
		}, nil
	})
}
