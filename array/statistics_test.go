package array

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestStatisticsAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(157))
	var checks []npCheck
	add := func(what, expr string, tol float64, in []*chunk.Dense, got ...*Array) {
		checks = append(checks, npCheck{what: what, expr: expr, in: in, got: got, tol: tol})
	}
	for it := range 25 {
		shape := randShape(r, 1, 3, 200)
		dt := []chunk.DType{chunk.Int16, chunk.Int64, chunk.Uint8, chunk.Float32, chunk.Float64, chunk.Bool}[r.Intn(6)]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		in := []*chunk.Dense{d}
		what := fmt.Sprintf("%d: %v %v chunks %v", it, dt, shape, x.Chunks())
		ax := r.Intn(len(shape))
		if chunk.Prod(shape) > 0 {
			add("ptp "+what, fmt.Sprintf("np.ptp(a, axis=%d)", ax), 0, in, x.Ptp(Axis(ax)))
			add("ptp all "+what, "np.ptp(a)", 0, in, x.Ptp())
			add("ptp keepdims "+what, fmt.Sprintf("np.ptp(a, axis=(%d, %d), keepdims=True)", ax, (ax+1)%len(shape)), 0, in,
				x.Ptp(Axis(ax, (ax+1)%len(shape)), KeepDims()))
		}
		// NumPy's reshape(-1) fails when the other axes are empty; ours gives an empty result.
		if ax2 := (ax + 1) % len(shape); chunk.Prod(shape) > 0 {
			add("median 2 axes "+what, fmt.Sprintf("np.median(a, axis=(%d, %d))", ax2, ax), 1e-6, in, x.Median(ax2, ax-len(shape)))
			add("nanmedian 2 axes "+what, fmt.Sprintf("np.nanmedian(a, axis=(%d, %d))", ax, ax2), 1e-6, in, x.NanMedian(ax, ax2))
		}
		// Empty lanes too: NumPy's median of nothing is NaN.
		add("median all "+what, "np.median(a)", 1e-6, in, x.Median())
		add("nanmedian all "+what, "np.nanmedian(a)", 1e-6, in, x.NanMedian())
		add("median "+what, fmt.Sprintf("np.median(a, axis=%d)", ax), 1e-6, in, x.Median(ax))
		add("nanmedian "+what, fmt.Sprintf("np.nanmedian(a, axis=%d)", ax), 1e-6, in, x.NanMedian(ax))
		n := r.Intn(3)
		add("diff "+what, fmt.Sprintf("np.diff(a, %d, axis=%d)", n, ax), 0, in, x.Diff(n, ax, nil, nil))
		ps := slices.Clone(shape)
		ps[ax] = 1 + r.Intn(2)
		pd := randDense(r, dt, ps)
		pre := FromDense(pd, randSpec(r, ps))
		add("diff prepend append "+what, fmt.Sprintf("np.diff(a, %d, axis=%d, prepend=b, append=b)", n, ax), 0, []*chunk.Dense{d, pd}, x.Diff(n, ax, pre, pre))
		if shape[ax] >= 2 {
			add("gradient "+what, fmt.Sprintf("np.gradient(a, 0.5, axis=%d)", ax), 1e-6, in, x.Gradient(0.5, ax)...)
		}
		// Weighted averages: full-shape weights over all axes, 1-d
		// weights along one axis.
		wd := finiteDense(r, chunk.Float32, shape)
		w1 := finiteDense(r, chunk.Int32, []int{shape[ax]})
		fd := finiteDense(r, dt, shape)
		fx := FromDense(fd, randSpec(r, shape))
		if chunk.Prod(shape) > 0 { // NumPy raises for a zero weight sum; chunkwise gives NaN as Dask
			add("average "+what, "np.average(a, weights=b + 1)", 1e-5, []*chunk.Dense{fd, wd}, fx.Average(FromDense(wd, randSpec(r, shape)).Add(1)))
			add("average axis "+what, fmt.Sprintf("np.average(a, axis=%d, weights=b + 1)", ax), 1e-9, []*chunk.Dense{fd, w1}, fx.Average(FromDense(w1, randSpec(r, w1.Shape())).Add(1), ax))
		}
		// Binning.
		bins := []float64{-5, -1, 0, 0, 2.5, 7}
		if r.Intn(2) == 0 {
			slices.Reverse(bins)
		}
		add("digitize "+what, fmt.Sprintf("np.digitize(a, %v)", pyFloats(bins)), 0, in, Digitize(x, bins, false))
		add("digitize right "+what, fmt.Sprintf("np.digitize(a, %v, right=True)", pyFloats(bins)), 0, in, Digitize(x, bins, true))
		many := []float64{-9, -7, -5, -3, -3, -1, 0, 0.5, 1, 2, 4, 4, 6, 8}
		add("digitize many "+what, fmt.Sprintf("np.digitize(a, %v, right=%v)", pyFloats(many), pyBool(ax == 0)), 0, in, Digitize(x, many, ax == 0))
		var lots []float64 // more than vec.CountEdgesLimit: searched, not counted
		for k := range 300 {
			lots = append(lots, float64(k/2*2-150)/10) // each twice
		}
		add("digitize lots "+what, fmt.Sprintf("np.digitize(a, %v, right=%v)", pyFloats(lots), pyBool(ax != 0)), 0, in, Digitize(x, lots, ax != 0))
		sorted := []float64{-3, -3, 0, 1.5, 4, 4, 9}
		add("searchsorted "+what, fmt.Sprintf("np.searchsorted(%v, a)", pyFloats(sorted)), 0, in, SearchSorted(sorted, x, false))
		add("searchsorted right "+what, fmt.Sprintf("np.searchsorted(%v, a, side='right')", pyFloats(sorted)), 0, in, SearchSorted(sorted, x, true))
		// NaN sorts last, in the values and the sorted edges alike.
		withNaN := []float64{-3, 0, 4, math.NaN(), math.NaN()}
		add("searchsorted nan "+what, "np.searchsorted([-3, 0, 4, np.nan, np.nan], a)", 0, in, SearchSorted(withNaN, x, false))
		add("searchsorted nan right "+what, "np.searchsorted([-3, 0, 4, np.nan, np.nan], a, side='right')", 0, in, SearchSorted(withNaN, x, true))
		bd := chunk.NewDense(chunk.Int64, []int{r.Intn(40)})
		for i := range chunk.Values[int64](bd) {
			chunk.Values[int64](bd)[i] = int64(r.Intn(12))
		}
		intTypes := []chunk.DType{chunk.Int8, chunk.Int16, chunk.Int32, chunk.Int64, chunk.Uint8, chunk.Uint16, chunk.Uint32} // NumPy refuses uint64
		bd = bd.AsType(intTypes[r.Intn(len(intTypes))])
		bw := finiteDense(r, chunk.Float64, bd.Shape())
		bx := FromDense(bd, randSpec(r, bd.Shape()))
		add("bincount "+what, "np.bincount(a, minlength=14)", 0, []*chunk.Dense{bd}, bx.Bincount(nil, 14))
		add("bincount lazy "+what, "np.bincount(a)", 0, []*chunk.Dense{bd}, bx.Bincount(nil, 0))
		add("bincount lazy weights "+what, "np.bincount(a, weights=b).astype(np.float64)", 1e-12, []*chunk.Dense{bd, bw}, bx.Bincount(FromDense(bw, randSpec(r, bw.Shape())), 0))
		if bd.Len() > 0 { // NumPy gives int64 for no values even with weights
			add("bincount weights "+what, "np.bincount(a, weights=b, minlength=12)", 1e-12, []*chunk.Dense{bd, bw}, bx.Bincount(FromDense(bw, randSpec(r, bw.Shape())), 12))
		}
		// Covariance and correlation of a few variables.
		cs := []int{1 + r.Intn(4), 2 + r.Intn(20)}
		cd := finiteDense(r, []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int32}[r.Intn(3)], cs)
		cx := FromDense(cd, randSpec(r, cs))
		add(fmt.Sprintf("cov %v %v", cd.DType(), cs), "np.cov(a)", 1e-4, []*chunk.Dense{cd}, Cov(cx, nil, true, 1))
		add(fmt.Sprintf("cov cols ddof 0 %v %v", cd.DType(), cs), "np.cov(a, rowvar=False, ddof=0)", 1e-4, []*chunk.Dense{cd}, Cov(cx, nil, false, 0))
		add(fmt.Sprintf("cov 1-d %v %v", cd.DType(), cs), "np.cov(a[0])", 1e-4, []*chunk.Dense{cd}, Cov(cx.Index(At(0)), nil, true, 1))
		add(fmt.Sprintf("corrcoef %v %v", cd.DType(), cs), "np.corrcoef(a)", 1e-4, []*chunk.Dense{cd}, Corrcoef(cx, nil, true))
		ys := []int{1 + r.Intn(3), cs[1]}
		yd := finiteDense(r, []chunk.DType{chunk.Float64, chunk.Int16}[r.Intn(2)], ys)
		yx := FromDense(yd, randSpec(r, ys))
		cy := []*chunk.Dense{cd, yd}
		add(fmt.Sprintf("cov y %v %v", cd.DType(), cs), "np.cov(a, b)", 1e-4, cy, Cov(cx, yx, true, 1))
		add(fmt.Sprintf("cov y 1-d %v %v", cd.DType(), cs), "np.cov(a[0], b[-1], ddof=2)", 1e-4, cy, Cov(cx.Index(At(0)), yx.Index(At(-1)), true, 2))
		add(fmt.Sprintf("cov y cols %v %v", cd.DType(), cs), "np.cov(a.T, b.T, rowvar=False)", 1e-4, cy, Cov(cx.T(), yx.T(), false, 1))
		add(fmt.Sprintf("corrcoef y %v %v", cd.DType(), cs), "np.corrcoef(a, b)", 1e-4, cy, Corrcoef(cx, yx, true))
	}
	runNumPy(t, checks)
}

// pyFloats formats floats as a Python list.
func pyFloats(v []float64) string {
	s := "["
	for i, f := range v {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(f)
	}
	return s + "]"
}

func TestStatisticsErrors(t *testing.T) {
	x := Ones([]int{4, 6}, chunk.Float64, chunk.Regular(2, 3))
	checkErrCases(t, []errCase{
		{"diff order", x.Diff(-1, 0, nil, nil), []string{"diff", "non-negative", "-1"}},
		{"diff 0-d", x.Sum().Diff(1, 0, nil, nil), []string{"diff", "one dimensional"}},
		{"gradient short", x.Index(S(0, 1, 1)).Gradient(1, 0)[0], []string{"gradient", "too small"}},
		{"average axis", x.Average(Ones([]int{6}, chunk.Float64, nil)), []string{"average", "axis must be specified"}},
		{"average length", x.Average(Ones([]int{5}, chunk.Float64, nil), 1), []string{"average", "consistent"}},
		{"median axis", x.Median(0, 2), []string{"median", "axis 2 out of range"}},
		{"nanmedian repeated", x.NanMedian(1, -1), []string{"nanmedian", "axis -1 repeated"}},
		{"cov 3-d", Cov(x.Reshape(2, 2, 6), nil, true, 1), []string{"cov", "more than 2"}},
		{"cov y 3-d", Cov(x, x.Reshape(2, 2, 6), true, 1), []string{"cov", "y has more than 2"}},
		{"cov y observations", Cov(x, x.T(), true, 1), []string{"cov", "same number of observations", "6 and 4"}},
		{"searchsorted", SearchSorted([]float64{2, 1}, x, false), []string{"searchsorted", "sorted"}},
		{"digitize", Digitize(x, []float64{1, 3, 2}, false), []string{"digitize", "monotonically"}},
		{"bincount dtype", x.Bincount(nil, 3), []string{"bincount", "1-d integer"}},
		{"bincount length", Arange(0, 3, 1, chunk.Int64, nil).Bincount(nil, -1), []string{"bincount", "minlength -1"}},
		{"bincount weights", Arange(0, 3, 1, chunk.Int64, nil).Bincount(Ones([]int{4}, chunk.Float64, nil), 0), []string{"bincount", "weights of shape [4]"}},
		{"unique inverse", x.UniqueInverse(x), []string{"unique", "1-d float64"}},
	})
	if _, err := x.UniqueInverse(FromSlice([]float64{2}, []int{1}, nil)).Compute(bg); err == nil || !strings.Contains(err.Error(), "value 1 is not among the unique values") {
		t.Errorf("unique inverse with foreign values: %v", err)
	}
	if _, err := Arange(0, 4, 1, chunk.Int64, chunk.Regular(2)).Bincount(nil, 3).Compute(bg); err == nil || !strings.Contains(err.Error(), "value 3 is not below minlength 3") {
		t.Errorf("bincount of a value past minlength: %v", err)
	}
	for _, c := range []struct {
		x    *Array
		want string
	}{
		{FromSlice([]int8{4, -3, 1}, []int{3}, chunk.Regular(2)), "value -3 is negative"},
		{FromSlice([]int16{4, -300, 1}, []int{3}, nil), "value -300 is negative"},
		{FromSlice([]uint64{1, 1 << 63}, []int{2}, nil), "value 9223372036854775808 is too large"},
		{FromSlice([]int64{1, 1 << 50}, []int{2}, nil), "value 1125899906842624 is too large"},
	} {
		for _, minlength := range []int{0, 5} {
			if _, err := c.x.Bincount(nil, minlength).Compute(bg); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("bincount of %v, minlength %d: %v, want %q", c.x.DType(), minlength, err, c.want)
			}
		}
	}
}

func TestHistogramDDAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(159))
	var checks []npCheck
	for it := range 20 {
		n := r.Intn(60)
		dims := 1 + r.Intn(3)
		sd := randDense(r, []chunk.DType{chunk.Float64, chunk.Int32}[r.Intn(2)], []int{n, dims})
		s := FromDense(sd, randSpec(r, sd.Shape()))
		var edges [][]float64
		py := "["
		for range dims {
			e := []float64{float64(r.Intn(5) - 8)}
			for range 1 + r.Intn(4) {
				e = append(e, e[len(e)-1]+float64(1+r.Intn(5)))
			}
			edges = append(edges, e)
			py += pyFloats(e) + ","
		}
		py += "]"
		wd := finiteDense(r, chunk.Float64, []int{n})
		w := FromDense(wd, randSpec(r, wd.Shape()))
		what := fmt.Sprintf("%d: %v %v edges %v", it, sd.DType(), sd.Shape(), edges)
		checks = append(checks,
			npCheck{what: "histogramdd " + what, expr: "np.histogramdd(a, " + py + ")[0]", in: []*chunk.Dense{sd}, got: []*Array{HistogramDD(s, edges)}},
			npCheck{what: "histogramdd density " + what, expr: "np.histogramdd(a, " + py + ", density=True)[0]", in: []*chunk.Dense{sd}, got: []*Array{HistogramDD(s, edges, Density())}, tol: 1e-12},
			npCheck{what: "histogram edges density " + what, expr: fmt.Sprintf("np.histogram(a[:, 0], %s, weights=b, density=True)[0]", pyFloats(edges[0])), in: []*chunk.Dense{sd, wd},
				got: []*Array{s.Index(All(), At(0)).HistogramEdges(edges[0], Weights(w), Density())}, tol: 1e-12},
			npCheck{what: "histogramdd weights " + what, expr: "np.histogramdd(a, " + py + ", weights=b)[0]", in: []*chunk.Dense{sd, wd}, got: []*Array{HistogramDD(s, edges, Weights(w))}, tol: 1e-12},
		)
		if dims >= 2 {
			checks = append(checks, npCheck{what: "histogram2d " + what, expr: fmt.Sprintf("np.histogram2d(a[:, 0], a[:, 1], [%s, %s], weights=b, density=True)[0]", pyFloats(edges[0]), pyFloats(edges[1])), in: []*chunk.Dense{sd, wd},
				got: []*Array{Histogram2D(s.Index(All(), At(0)), s.Index(All(), At(1)), edges[0], edges[1], Weights(w), Density())}, tol: 1e-12})
		}
	}
	runNumPy(t, checks)
	x := Ones([]int{4, 2}, chunk.Float64, nil)
	checkErrCases(t, []errCase{
		{"dd shape", HistogramDD(x, [][]float64{{0, 1}}), []string{"histogramdd", "(N, 1)"}},
		{"dd edges", HistogramDD(x, [][]float64{{0, 1}, {2, 1}}), []string{"histogramdd", "dimension 1", "increasing"}},
		{"dd weights", HistogramDD(x, [][]float64{{0, 1}, {0, 1}}, Weights(Ones([]int{3}, chunk.Float64, nil))), []string{"histogramdd", "weights of shape [3]", "4 points"}},
		{"2d shapes", Histogram2D(x.Index(All(), At(0)), x, []float64{0, 1}, []float64{0, 1}), []string{"histogram2d", "1-d of one length"}},
	})
}

func TestUniqueFloatsAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(160))
	var checks []npCheck
	for it := range 20 {
		shape := randShape(r, 0, 3, 300)
		dt := []chunk.DType{chunk.Float32, chunk.Float64, chunk.Int16, chunk.Uint64, chunk.Bool, chunk.Float16}[r.Intn(6)]
		d := randDense(r, dt, shape) // with NaN, ±Inf and ±0
		if v, ok := d.Data().([]float64); ok {
			for i := range v { // few distinct values, so counts exceed 1
				if v[i] == v[i] && r.Intn(2) == 0 {
					v[i] = float64(r.Intn(4))
				}
			}
		}
		x := FromDense(d, randSpec(r, shape))
		v, c := x.Unique()
		checks = append(checks, npCheck{what: fmt.Sprintf("%d: %v %v chunks %v", it, dt, shape, x.Chunks()), expr: "np.unique(a, return_index=True, return_counts=True, return_inverse=True)", in: []*chunk.Dense{d}, got: []*Array{v, x.UniqueIndex(v), x.UniqueInverse(v), c}})
	}
	runNumPy(t, checks)
}

// Bincount without minlength learns its length when computed, as Dask's.
func TestBincountLazyLength(t *testing.T) {
	x := FromSlice([]int64{3, 0, 3, 7}, []int{4}, chunk.Regular(3))
	b := x.Bincount(nil, 0)
	if b.KnownChunks() || b.Shape()[0] != -1 {
		t.Fatalf("shape %v known %v before computing", b.Shape(), b.KnownChunks())
	}
	k, err := b.ComputeChunkSizes(bg)
	if err != nil {
		t.Fatalf("ComputeChunkSizes: %v", err)
	}
	if !slices.Equal(k.Shape(), []int{8}) {
		t.Fatalf("ComputeChunkSizes: shape %v", k.Shape())
	}
	got, err := ToSlice[int64](bg, b)
	if err != nil || !slices.Equal(got, []int64{1, 0, 0, 2, 0, 0, 0, 1}) {
		t.Fatalf("counts %v (%v)", got, err)
	}
	if _, err := FromSlice([]int64{1, -2}, []int{2}, nil).Bincount(nil, 0).Compute(bg); err == nil || !strings.Contains(err.Error(), "value -2 is negative") {
		t.Errorf("negative value: %v", err)
	}
}

// TestBincountSmallTypes checks the table count of 8- and 16-bit chunks
// (64 Ki values or more) against a plain count, with runs of one value,
// minlength below and above the largest value, and its errors.
func TestBincountSmallTypes(t *testing.T) {
	r := rand.New(rand.NewSource(163))
	check := func(name string, vals []int64, x *chunk.Dense) {
		t.Helper()
		hi := slices.Max(vals)
		for _, minlength := range []int{0, int(hi) + 1, int(hi) + 9} {
			want := make([]int64, max(minlength, int(hi)+1))
			for _, v := range vals {
				want[v]++
			}
			got, err := bincountChunk(x, nil, minlength)
			if err != nil {
				t.Fatalf("%s minlength %d: %v", name, minlength, err)
			}
			if !slices.Equal(chunk.Values[int64](got), want) {
				t.Fatalf("%s of %d values, minlength %d: counts differ", name, len(vals), minlength)
			}
		}
		if hi > 0 {
			if _, err := bincountChunk(x, nil, int(hi)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("value %d is not below minlength %d", hi, hi)) {
				t.Errorf("%s: minlength %d: %v", name, hi, err)
			}
		}
	}
	for _, n := range []int{1 << 16, 1<<16 + 3, 200_001} {
		for _, dt := range []chunk.DType{chunk.Uint8, chunk.Int8, chunk.Uint16, chunk.Int16} {
			top := int64(1) << (8*dt.Size() - 1) // the largest non-negative value of a signed type, plus one
			if dt == chunk.Uint8 || dt == chunk.Uint16 {
				top *= 2
			}
			vals := make([]int64, n)
			for i := range vals {
				switch {
				case i%1000 < 300: // a run of one value
					vals[i] = 7
				case i%5 == 0:
					vals[i] = top - 1
				default:
					vals[i] = r.Int63n(top)
				}
			}
			x := FromSlice(vals, []int{n}, nil).AsType(dt)
			d, err := x.Compute(bg)
			if err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("%v", dt), vals, d)
			if dt == chunk.Int8 || dt == chunk.Int16 {
				vals[n/2] = -top
				d, _ := FromSlice(vals, []int{n}, nil).AsType(dt).Compute(bg)
				if _, err := bincountChunk(d, nil, 0); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("value %d is negative", -top)) {
					t.Errorf("%v with %d: %v", dt, -top, err)
				}
			}
		}
	}
}

// TestPtpAgreesWithMaxMinusMin checks the one-pass range against the
// maximum minus the minimum over random shapes, chunkings, axes and
// dtypes, with NaN and ±Inf among floats (NaN propagates; Inf − Inf is
// NaN) and integers that wrap, and that it is one reduction.
func TestPtpAgreesWithMaxMinusMin(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewSource(158))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Int32, chunk.Int16, chunk.Int8, chunk.Uint64, chunk.Uint32, chunk.Uint16, chunk.Uint8}
	for trial := range 200 {
		shape := randShape(r, 1, 3, 400)
		if chunk.Prod(shape) == 0 {
			continue
		}
		dt := dts[r.Intn(len(dts))]
		d := randDense(r, dt, shape)
		if dt.IsFloat() && r.Intn(2) == 0 {
			special := []float64{math.NaN(), math.Inf(1), math.Inf(-1)}
			vals := d.AsType(chunk.Float64)
			v := chunk.Values[float64](vals)
			for i := range v {
				if r.Intn(40) == 0 {
					v[i] = special[r.Intn(3)]
				}
			}
			d = vals.AsType(dt)
		}
		x := FromDense(d, randSpec(r, shape))
		var opts []ReduceOption
		if r.Intn(4) > 0 {
			opts = append(opts, Axis(r.Intn(len(shape))))
		}
		if r.Intn(3) == 0 {
			opts = append(opts, KeepDims())
		}
		p := x.Ptp(opts...)
		if !strings.HasPrefix(p.Name(), "ptp") {
			t.Fatalf("trial %d: ptp is %s, not one reduction", trial, p.Name())
		}
		got, err1 := p.Compute(ctx)
		want, err2 := x.Max(opts...).Sub(x.Min(opts...)).Compute(ctx)
		if err1 != nil || err2 != nil {
			t.Fatalf("trial %d: %v, %v", trial, err1, err2)
		}
		if got.DType() != want.DType() || !slices.Equal(got.Shape(), want.Shape()) {
			t.Fatalf("trial %d: %v %v, want %v %v", trial, got.DType(), got.Shape(), want.DType(), want.Shape())
		}
		if !dt.IsFloat() && !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("trial %d %v %v chunks %v: %v, want %v", trial, dt, shape, x.Chunks(), got.Data(), want.Data())
		}
		for i := range want.Len() {
			g, w := got.Float(i), want.Float(i)
			if g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
				t.Fatalf("trial %d %v %v chunks %v: [%d] = %v, want %v", trial, dt, shape, x.Chunks(), i, g, w)
			}
		}
	}
}
