package array

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// lanes returns the lanes of v (shape) along axis, in C order of the
// other axes.
func lanes(v []float64, shape []int, axis int) [][]float64 {
	inner := chunk.Prod(shape[axis+1:])
	n := shape[axis]
	var out [][]float64
	for o := 0; o < chunk.Prod(shape[:axis]); o++ {
		for i := 0; i < inner; i++ {
			l := make([]float64, n)
			for j := range l {
				l[j] = v[(o*n+j)*inner+i]
			}
			out = append(out, l)
		}
	}
	return out
}

func TestTopKArgTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	for it := range 240 {
		shape, spec := redShape(r)
		if len(shape) == 0 || chunk.Prod(shape) == 0 {
			continue
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int32, chunk.Float32, chunk.Uint8}[r.IntN(4)]
		d := redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0.1))
		ref := denseFloats(d)
		axis := r.IntN(len(shape))
		n := shape[axis]
		k := 1 + r.IntN(n)
		if r.IntN(2) == 0 {
			k = -k
		}
		x := FromDense(d, spec)
		name := fmt.Sprintf("it%d/%v/%v/axis%d/k%d", it, dt, shape, axis, k)
		vals, err := x.TopK(k, axis, SplitEvery(2)).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		idx, err := x.ArgTopK(k, axis).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		kk := max(k, -k)
		oshape := slices.Clone(shape)
		oshape[axis] = kk
		if !chunk.EqualShapes(vals.Shape(), oshape) || vals.DType() != dt || idx.DType() != chunk.Int64 {
			t.Fatalf("%s: got %v %v / %v, want shape %v", name, vals.Shape(), vals.DType(), idx.DType(), oshape)
		}
		gv := make([]float64, vals.Len())
		gi := make([]float64, idx.Len())
		for i := range gv {
			gv[i], gi[i] = vals.Float(i), idx.Float(i)
		}
		gl, il := lanes(gv, oshape, axis), lanes(gi, oshape, axis)
		for li, lane := range lanes(ref, shape, axis) {
			order := make([]int, len(lane))
			for i := range order {
				order[i] = i
			}
			key := func(v float64) float64 {
				if v != v {
					return math.Inf(1) // NaN ranks highest
				}
				return v
			}
			slices.SortStableFunc(order, func(a, b int) int {
				c := cmp.Compare(key(lane[a]), key(lane[b]))
				if lane[a] != lane[a] && lane[b] == lane[b] {
					c = 1
				} else if lane[b] != lane[b] && lane[a] == lane[a] {
					c = -1
				}
				if k > 0 {
					c = -c
				}
				return c
			})
			for j := 0; j < kk; j++ {
				w := lane[order[j]]
				if g := gl[li][j]; !(g == w || (g != g && w != w)) {
					t.Fatalf("%s: lane %d top %d = %v, want %v (lane %v)", name, li, j, g, w, lane)
				}
				if g := int(il[li][j]); g != order[j] { // ties: the lower index first
					t.Fatalf("%s: lane %d arg %d = %d holds %v, want %d holding %v", name, li, j, g, lane[g], order[j], w)
				}
			}
		}
	}
	x := FromSlice([]float64{1, 2, 3}, []int{3}, nil)
	for _, k := range []int{0, 4, -4} {
		if err := x.TopK(k, 0).Err(); err == nil || !strings.Contains(err.Error(), "topk: k=") {
			t.Errorf("TopK(%d): err %v", k, err)
		}
	}
}

func TestHistogram(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ctx := context.Background()
	for it := range 60 {
		shape, spec := redShape(r)
		dt := []chunk.DType{chunk.Float64, chunk.Int16, chunk.Float32}[r.IntN(3)]
		d := redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0.1))
		x := FromDense(d, spec)
		bins := 1 + r.IntN(7)
		lo, hi := -100.0, float64(r.IntN(120))
		counts, edges := x.Histogram(bins, lo, hi)
		got, err := ToSlice[int64](ctx, counts)
		if err != nil {
			t.Fatal(err)
		}
		// Irregular edges: the same bins searched.
		got2, err := ToSlice[int64](ctx, x.HistogramEdges(edges))
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int64, bins)
		for i := 0; i < d.Len(); i++ {
			v := d.Float(i)
			if !(v >= lo && v <= hi) {
				continue
			}
			b := sort.SearchFloat64s(edges, v) // first edge ≥ v
			if b < len(edges) && edges[b] == v {
				b++
			}
			want[min(b-1, bins-1)]++
		}
		if !slices.Equal(got, want) || !slices.Equal(got2, want) {
			t.Errorf("it%d %v %v bins %d [%v,%v]: got %v / %v, want %v", it, dt, shape, bins, lo, hi, got, got2, want)
		}
		// Uneven edges, one repeated, few (counted) or many (searched):
		// a value's bin ends below the first edge greater than it, the
		// last bin holds its right edge.
		uneven := make([]float64, 2+[]int{r.IntN(8), r.IntN(300)}[it%2])
		for i := range uneven {
			uneven[i] = float64(r.IntN(240)-120) / []float64{1, 4}[r.IntN(2)]
		}
		uneven = append(uneven, uneven[r.IntN(len(uneven))])
		slices.Sort(uneven)
		got3, err := ToSlice[int64](ctx, x.HistogramEdges(uneven))
		if err != nil {
			t.Fatal(err)
		}
		nb := len(uneven) - 1
		want3 := make([]int64, nb)
		for i := 0; i < d.Len(); i++ {
			v := d.Float(i)
			c := 0
			for _, e := range uneven {
				if e <= v {
					c++
				}
			}
			switch {
			case c >= 1 && c <= nb:
				want3[c-1]++
			case c == nb+1 && v == uneven[nb]:
				want3[nb-1]++
			}
		}
		if !slices.Equal(got3, want3) {
			t.Errorf("it%d %v %v edges %v: got %v, want %v", it, dt, shape, uneven, got3, want3)
		}
	}
	x := FromSlice([]float64{1, 2, 3}, []int{3}, nil)
	if c, _ := x.Histogram(0, 0, 1); c.Err() == nil {
		t.Error("bins 0: no error")
	}
	if c, _ := x.Histogram(3, 2, 1); c.Err() == nil || !strings.Contains(c.Err().Error(), "max must be larger than min") {
		t.Errorf("lo > hi: %v", c.Err())
	}
	if err := x.HistogramEdges([]float64{1, 0}).Err(); err == nil {
		t.Error("decreasing edges: no error")
	}
}

// refQuantile is NumPy's linear method on a sorted copy of lane.
func refQuantile(lane []float64, q float64) float64 {
	if slices.ContainsFunc(lane, math.IsNaN) {
		return math.NaN()
	}
	s := slices.Clone(lane)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	f := pos - float64(lo)
	return s[lo] + (s[hi]-s[lo])*f
}

func TestQuantile(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	ctx := context.Background()
	// Besides random small shapes: lanes across chunks wider than the
	// kernel's batch of 64 (along axis 0 and a middle axis).
	wide := []struct {
		shape []int
		spec  chunk.Spec
		axis  int
	}{
		{[]int{30, 200}, chunk.Regular(7, 150), 0},
		{[]int{6, 25, 90}, chunk.Regular(6, 5, 90), 1},
		{[]int{3, 40, 130}, chunk.Regular(2, 40, 129), 0},
	}
	for it := range 80 + len(wide) {
		shape, spec := redShape(r)
		if len(shape) == 0 {
			continue
		}
		axis := r.IntN(len(shape))
		if it >= 80 {
			shape, spec, axis = wide[it-80].shape, wide[it-80].spec, wide[it-80].axis
		}
		if shape[axis] == 0 {
			if err := FromDense(chunk.NewDense(chunk.Float64, shape), spec).Quantile([]float64{0.5}, axis).Err(); err == nil {
				t.Errorf("empty axis: no error")
			}
			continue
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int32, chunk.Float32}[r.IntN(3)]
		d := redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0.05))
		ref := denseFloats(d)
		q := []float64{0, 0.25, 0.5, 0.9, 1}
		got, err := FromDense(d, spec).Quantile(q, axis).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.DType() != chunk.FloatResult(dt) {
			t.Errorf("dtype %v", got.DType())
		}
		ls := lanes(ref, shape, axis)
		for qi, qq := range q {
			for li, lane := range ls {
				w := refQuantile(lane, qq)
				if g := got.Float(qi*len(ls) + li); !redClose(g, w, dt) {
					t.Fatalf("it%d %v axis %d q %v lane %d: %v, want %v", it, shape, axis, qq, li, g, w)
				}
			}
		}
	}
	p, err := ToSlice[float64](ctx, FromSlice([]float64{1, 2, 3, 4}, []int{4}, chunk.Regular(3)).Percentile([]float64{50}, 0))
	if err != nil || p[0] != 2.5 {
		t.Errorf("percentile 50 = %v, %v", p, err)
	}
	if err := FromSlice([]float64{1}, []int{1}, nil).Quantile([]float64{1.5}, 0).Err(); err == nil {
		t.Error("q 1.5: no error")
	}
}

// TestHistogramWeightsDensity checks weights (float, integer and bool,
// chunked unlike the data) and density against a serial reference.
func TestHistogramWeightsDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	ctx := context.Background()
	for it := range 40 {
		shape, spec := redShape(r)
		d := redDense(t, chunk.Float64, shape, redData(r, chunk.Prod(shape), chunk.Float64, 0.1))
		wdt := []chunk.DType{chunk.Float64, chunk.Int32, chunk.Bool}[r.IntN(3)]
		wd := redDense(t, wdt, shape, redData(r, chunk.Prod(shape), wdt, 0))
		wspec := make(chunk.Spec, len(shape)) // weights chunked unlike the data
		for a, n := range shape {
			wspec[a] = chunk.Size(1 + r.IntN(max(n, 1)))
		}
		x, w := FromDense(d, spec), FromDense(wd, wspec)
		bins, lo, hi := 1+r.IntN(6), -50.0, 80.0
		edges := make([]float64, bins+1)
		for i := range edges {
			edges[i] = lo + (hi-lo)*float64(i)/float64(bins)
		}
		want := make([]float64, bins)
		var total float64
		for i := 0; i < d.Len(); i++ {
			v := d.Float(i)
			if !(v >= lo && v <= hi) {
				continue
			}
			b := sort.SearchFloat64s(edges, v)
			if b < len(edges) && edges[b] == v {
				b++
			}
			want[min(b-1, bins-1)] += wd.Float(i)
			total += wd.Float(i)
		}
		hw, _ := x.Histogram(bins, lo, hi, Weights(w))
		got, err := hw.Compute(ctx)
		if err != nil {
			t.Fatalf("it%d %v %v: %v", it, shape, wdt, err)
		}
		if wantDT := map[chunk.DType]chunk.DType{chunk.Float64: chunk.Float64, chunk.Int32: chunk.Int64, chunk.Bool: chunk.Int64}[wdt]; got.DType() != wantDT {
			t.Fatalf("it%d: %v weights give %v counts, want %v", it, wdt, got.DType(), wantDT)
		}
		for i, v := range want {
			if g := got.Float(i); math.Abs(g-v) > 1e-9*(1+math.Abs(v)) {
				t.Fatalf("it%d %v %v weights: bin %d = %v, want %v", it, shape, wdt, i, g, v)
			}
		}
		dens, err := ToSlice[float64](ctx, x.HistogramEdges(edges, Weights(w), Density()))
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range want {
			wantD := v / (edges[i+1] - edges[i]) / total
			if g := dens[i]; !(math.Abs(g-wantD) <= 1e-12*(1+math.Abs(wantD)) || math.IsNaN(g) && math.IsNaN(wantD)) {
				t.Fatalf("it%d %v density bin %d = %v, want %v", it, shape, i, g, wantD)
			}
		}
	}
	// Unweighted density integrates to one.
	x := FromSlice([]float64{0.1, 0.2, 0.25, 0.9, 3}, []int{5}, chunk.Regular(2))
	dens, _ := x.Histogram(4, 0, 1, Density())
	got, err := ToSlice[float64](ctx, dens)
	if err != nil || math.Abs((got[0]+got[1]+got[2]+got[3])*0.25-1) > 1e-12 || got[0] != 2/0.25/4 {
		t.Errorf("density %v (%v), want [2 1 0 1] / 0.25 / 4", got, err)
	}
	if h, _ := x.Histogram(4, 0, 1, Weights(Ones([]int{4}, chunk.Float64, nil))); h.Err() == nil || !strings.Contains(h.Err().Error(), "weights of shape [4]") {
		t.Errorf("mismatched weights: %v", h.Err())
	}
}

func TestUnique(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	ctx := context.Background()
	for range 40 {
		shape, spec := redShape(r)
		dt := []chunk.DType{chunk.Int32, chunk.Uint8, chunk.Int64, chunk.Bool, chunk.Uint64}[r.IntN(5)]
		d := redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0))
		m := map[float64]int64{}
		for i := 0; i < d.Len(); i++ {
			m[d.Float(i)]++
		}
		va, ca := FromDense(d, spec).Unique()
		if va.KnownChunks() || va.Shape()[0] != -1 {
			t.Fatalf("unique values: known chunks %v, shape %v before compute", va.KnownChunks(), va.Shape())
		}
		out, err := ComputeAll(ctx, []*Array{va, ca})
		if err != nil {
			t.Fatal(err)
		}
		vals, counts := out[0], out[1]
		if vals.DType() != dt || vals.Len() != len(m) {
			t.Fatalf("%v %v: %d values of %v, want %d", dt, shape, vals.Len(), vals.DType(), len(m))
		}
		c := chunk.Values[int64](counts)
		for i := 0; i < vals.Len(); i++ {
			if i > 0 && vals.Float(i) <= vals.Float(i-1) {
				t.Fatalf("not sorted")
			}
			if m[vals.Float(i)] != c[i] {
				t.Fatalf("count of %v = %d, want %d", vals.Float(i), c[i], m[vals.Float(i)])
			}
		}
	}
	// Lazy results compose: the number of distinct values, and sizes
	// found by ComputeChunkSizes.
	v, c := FromSlice([]int32{5, 1, 5, 5, 2, 1}, []int{6}, chunk.Regular(4)).Unique()
	if n, err := c.Sum().Compute(ctx); err != nil || n.Float(0) != 6 {
		t.Errorf("sum of counts = %v, %v; want 6", n, err)
	}
	k, err := v.ComputeChunkSizes(ctx)
	if err != nil || !chunk.EqualShapes(k.Shape(), []int{3}) {
		t.Errorf("ComputeChunkSizes: shape %v, %v; want [3]", k.Shape(), err)
	}
	if got, err := ToSlice[int32](ctx, k.Add(int32(1))); err != nil || !slices.Equal(got, []int32{2, 3, 6}) {
		t.Errorf("unique values + 1 = %v, %v", got, err)
	}
}

func init() {
	// sumsq is a user reduction: the sum of squares, with float64 partials.
	err := RegisterReduction("test.sumsq", ReduceFuncs{
		Chunk: func(c *chunk.Dense, axes []int) (any, error) {
			return sumOver(c.AsType(chunk.Float64), axes, true), nil
		},
		Combine: func(parts []any, _ []int) (any, error) { return addDenses(parts), nil },
		Aggregate: func(parts []any, _ []int) (*chunk.Dense, error) {
			return addDenses(parts), nil
		},
	})
	if err != nil {
		panic(err)
	}
}

// sumOver sums the squares of d over axes, keeping dims.
func sumOver(d *chunk.Dense, axes []int, square bool) *chunk.Dense {
	shape := slices.Clone(d.Shape())
	for _, a := range axes {
		shape[a] = 1
	}
	out := chunk.NewDense(chunk.Float64, shape)
	o, v := chunk.Values[float64](out), chunk.Values[float64](d)
	idx := make([]int, len(shape))
	for p := range v {
		chunk.Unravel(idx, p, d.Shape())
		for _, a := range axes {
			idx[a] = 0
		}
		x := v[p]
		if square {
			x *= x
		}
		o[chunk.Ravel(idx, shape)] += x
	}
	return out
}

func addDenses(parts []any) *chunk.Dense {
	out := parts[0].(*chunk.Dense).Clone()
	o := chunk.Values[float64](out)
	for _, p := range parts[1:] {
		for i, x := range chunk.Values[float64](p.(*chunk.Dense)) {
			o[i] += x
		}
	}
	return out
}

func TestUserReduction(t *testing.T) {
	ctx := context.Background()
	x := NewRNG(3).Integers(-5, 5, []int{9, 7, 4}, chunk.Regular(2, 3, 3)).AsType(chunk.Float64)
	for _, opts := range [][]ReduceOption{nil, {Axis(1)}, {Axis(0, 2), KeepDims()}, {Axis(-1), SplitEvery(2)}} {
		got, err := Reduction(x, "test.sumsq", chunk.Float64, opts...).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, err := x.Mul(x).Sum(opts...).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !chunk.EqualShapes(got.Shape(), want.Shape()) || !slices.Equal(chunk.Values[float64](got), chunk.Values[float64](want)) {
			t.Errorf("opts %d: got %v %v, want %v %v", len(opts), got.Shape(), chunk.Values[float64](got), want.Shape(), chunk.Values[float64](want))
		}
	}
	if err := Reduction(x, "nope", chunk.Float64).Err(); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown: %v", err)
	}
}

// TestQuantileMethods checks every method, with and without NaN
// skipping, against values NumPy 1.24 gives for the same data
// (np.quantile / np.nanquantile(x, q, axis=1, method=m)), with the data
// chunked along both axes.
func TestQuantileMethods(t *testing.T) {
	ctx := context.Background()
	nan := math.NaN()
	x := FromSlice([]float64{3, 1, 4, 1, 5, 9, 2, 6, nan, 2, 7, 1, 8, nan, 2, 8, 2.5, 2.5, 0.5, 7, 1, 1, 4, 3},
		[]int{3, 8}, chunk.Regular(2, 3))
	q := []float64{0, 0.1, 0.25, 0.5, 0.7, 1}
	want := map[string][2][]float64{ // method → quantile, nanquantile; [q][row]
		"linear": {{1, nan, 0.5, 1, nan, 0.85, 1.75, nan, 1, 3.5, nan, 2.5, 4.9, nan, 2.95, 9, nan, 7},
			{1, 1, 0.5, 1, 1.5, 0.85, 1.75, 2, 1, 3.5, 4.5, 2.5, 4.9, 7.5, 2.95, 9, 8, 7}},
		"lower": {{1, nan, 0.5, 1, nan, 0.5, 1, nan, 1, 3, nan, 2.5, 4, nan, 2.5, 9, nan, 7},
			{1, 1, 0.5, 1, 1, 0.5, 1, 2, 1, 3, 2, 2.5, 4, 7, 2.5, 9, 8, 7}},
		"higher": {{1, nan, 0.5, 1, nan, 1, 2, nan, 1, 4, nan, 2.5, 5, nan, 3, 9, nan, 7},
			{1, 1, 0.5, 1, 2, 1, 2, 2, 1, 4, 7, 2.5, 5, 8, 3, 9, 8, 7}},
		"nearest": {{1, nan, 0.5, 1, nan, 1, 2, nan, 1, 4, nan, 2.5, 5, nan, 3, 9, nan, 7},
			{1, 1, 0.5, 1, 1, 1, 2, 2, 1, 4, 2, 2.5, 5, 8, 3, 9, 8, 7}},
		"midpoint": {{1, nan, 0.5, 1, nan, 0.75, 1.5, nan, 1, 3.5, nan, 2.5, 4.5, nan, 2.75, 9, nan, 7},
			{1, 1, 0.5, 1, 1.5, 0.75, 1.5, 2, 1, 3.5, 4.5, 2.5, 4.5, 7.5, 2.75, 9, 8, 7}},
	}
	for m, w := range want {
		for i, a := range []*Array{x.Quantile(q, 1, Method(m)), x.NanQuantile(q, 1, Method(m))} {
			got, err := ToSlice[float64](ctx, a)
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			for k := range got {
				if !(math.Abs(got[k]-w[i][k]) < 1e-12 || math.IsNaN(got[k]) && math.IsNaN(w[i][k])) {
					t.Fatalf("%s (nan-skipping %v): got %v, want %v", m, i == 1, got, w[i])
				}
			}
		}
	}
	// Discontinuous methods keep integer dtypes (np.quantile(..., method="nearest")).
	xi := FromSlice([]int32{5, 3, 8, 1, 9, 2}, []int{6}, chunk.Regular(4))
	got, err := ToSlice[int32](ctx, xi.Percentile([]float64{30, 50}, 0, Method("nearest")))
	if err != nil || !slices.Equal(got, []int32{3, 3}) {
		t.Errorf("int32 nearest: %v %v, want [3 3]", got, err)
	}
	if err := x.Quantile(q, 1, Method("median")).Err(); err == nil || !strings.Contains(err.Error(), `"median"`) {
		t.Errorf("unknown method: %v", err)
	}
}
