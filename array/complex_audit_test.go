package array

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// tieComplex returns complex data whose parts are -1, 0 or 1 (so real
// parts tie often, exercising the lexicographic order, and products stay
// exact), with NaN in some parts when special > 0 and ±Inf too when it is
// 2.
func tieComplex(r *rand.Rand, dt chunk.DType, shape []int, special int) *chunk.Dense {
	d := chunk.NewDense(chunk.Complex128, shape)
	v := chunk.Values[complex128](d)
	part := func() float64 {
		switch k := r.Intn(30); {
		case special > 0 && k == 0:
			return math.NaN()
		case special > 1 && k == 1:
			return math.Inf(1)
		case special > 1 && k == 2:
			return math.Inf(-1)
		}
		return float64(r.Intn(3) - 1)
	}
	for i := range v {
		v[i] = complex(part(), part())
	}
	return d.AsType(dt)
}

// TestComplexEntryPointsAgainstNumPy walks every entry point that reads
// values with complex input: each gives NumPy's result, or a one-line
// "not supported yet" error where chunkwise does not follow NumPy yet
// (never the real part alone).
func TestComplexEntryPointsAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(150))
	var checks []npCheck
	var errs []errCase
	for _, dt := range []chunk.DType{chunk.Complex64, chunk.Complex128} {
		tol := tolFor(dt) * 8
		for it := 0; it < 3; it++ {
			shape := randShape(r, 2, 2, 40)
			shape[0], shape[1] = max(shape[0], 2), max(shape[1], 2)
			ad, bd := randDense(r, dt, shape), randDense(r, dt, shape)
			sp := tieComplex(r, dt, shape, 2) // NaN and ±Inf in the parts
			a, b, s := FromDense(ad, randSpec(r, shape)), FromDense(bd, randSpec(r, shape)), FromDense(sp, randSpec(r, shape))
			w := FromDense(finiteDense(r, chunk.Float32, shape[:1]), randSpec(r, shape[:1]))
			real := FromDense(finiteDense(r, chunk.Float64, shape), randSpec(r, shape))
			what := fmt.Sprintf("%v%v", dt, shape)
			add := func(expr string, in []*chunk.Dense, got ...*Array) {
				checks = append(checks, npCheck{what: what, expr: expr, in: in, got: got, tol: tol})
			}
			ab, s1 := []*chunk.Dense{ad, bd}, []*chunk.Dense{sp}
			add("np.nan_to_num(a)", s1, s.NanToNum(0, math.Inf(1), math.Inf(-1)))
			add("np.nan_to_num(a, nan=1.5, posinf=7, neginf=-7)", s1, s.NanToNum(1.5, 7, -7))
			add("np.round(a * 1.2345, 2)", ab, a.Mul(1.2345).Round(2))
			add("np.round(a * 123.45, -1)", ab, a.Mul(123.45).Round(-1))
			// Without ±Inf: NumPy 1.24's isclose multiplies complex values
			// with an infinite part by ones_like, which makes the other
			// part NaN (inf+1j becomes inf+nanj).
			sn, fin := Where(s.IsInf(), 0, s), "np.where(np.isinf(a), 0, a)"
			add(fmt.Sprintf("np.isclose(%s, b)", fin), []*chunk.Dense{sp, bd}, Isclose(sn, b, 1e-5, 1e-8, false))
			add(fmt.Sprintf("np.isclose(%[1]s, %[1]s + 1e-7)", fin), s1, Isclose(sn, sn.Add(1e-7), 1e-5, 1e-8, false))
			add(fmt.Sprintf("np.isclose(%[1]s, %[1]s * (1 + 1e-4j), equal_nan=True)", fin), s1, Isclose(sn, sn.Mul(1+1e-4i), 1e-5, 1e-8, true))
			add("np.array(np.allclose(a, a * (1 + 1e-9)))", ab, Allclose(a, a.Mul(1+1e-9), 1e-5, 1e-8, false))
			add("np.gradient(a, 1.5)", ab, a.Gradient(1.5)...)
			add("np.diff(a, axis=0)", ab, a.Diff(1, 0, nil, nil))
			add("np.cov(a)", ab, Cov(a, nil, true, 1))
			add("np.cov(a, b, rowvar=False, ddof=0)", ab, Cov(a, b, false, 0))
			add("np.corrcoef(a, b)", ab, Corrcoef(a, b, true))
			add("np.average(a, axis=0, weights=c)", []*chunk.Dense{ad, bd, w.mustDense(t)}, a.Average(w, 0))
			add("np.average(a, weights=b)", ab, a.Average(b))
			add("np.ptp(a, axis=1)", ab, a.Ptp(Axis(1)))
			add("np.trace(a)", ab, a.Trace(0, 0, 1))
			add("np.clip(a, -1, 1)", ab, a.Clip(-1, 1))
			add("np.pad(a, 2, mode='mean')", ab, a.Pad([][2]int{{2, 2}}, PadMean, 0))
			add("np.pad(a, ((1, 0), (0, 2)), mode='maximum')", ab, a.Pad([][2]int{{1, 0}, {0, 2}}, PadMaximum, 0))
			add("np.pad(a, 1, mode='minimum')", ab, a.Pad([][2]int{{1, 1}}, PadMinimum, 0))
			add("np.pad(a, 2, mode='linear_ramp', end_values=1.5)", ab, a.Pad([][2]int{{2, 2}}, PadLinearRamp, 1.5))
			add("np.nonzero(a)", s1, s.Nonzero()...)
			add("np.count_nonzero(a, axis=0)", s1, s.CountNonzero(Axis(0)))
			add("np.any(a, axis=1)", s1, s.Any(Axis(1)))
			add("np.all(a)", s1, s.All())
			add("a @ b.T", ab, MatMul(a, b.T()))
			add("np.dot(a.T, b)", ab, a.T().Dot(b))
			add("np.vdot(a, b)", ab, Vdot(a, b))
			add("np.outer(a, b)", ab, Outer(a, b))
			add("np.inner(a, b)", ab, Inner(a, b))
			add("np.tensordot(a, b, axes=([0, 1], [0, 1]))", ab, TensorDot(a, b, []int{0, 1}, []int{0, 1}))
			add("np.einsum('ij,kj->ik', a, b)", ab, Einsum("ij,kj->ik", a, b))
			add("np.einsum('ij,ij,ij->j', a, b, c)", []*chunk.Dense{ad, bd, real.mustDense(t)}, Einsum("ij,ij,ij->j", a, b, real))
			add("np.einsum('ii', a[:2, :2])", ab, Einsum("ii", a.Index(S(0, 2, 1), S(0, 2, 1))))

			one := a.Ravel()
			errs = append(errs,
				errCase{"unique " + what, first(a.Unique()), []string{"unique", dt.String(), "not supported yet"}},
				errCase{"unique_inverse " + what, a.UniqueInverse(a.Ravel()), []string{"unique", "not supported yet"}},
				errCase{"histogram " + what, first(a.Histogram(4, -1, 1)), []string{"histogram", "not supported yet"}},
				errCase{"histogram edges " + what, a.HistogramEdges([]float64{0, 1, 2}), []string{"histogram", "not supported yet"}},
				errCase{"histogram weights " + what, real.HistogramEdges([]float64{0, 1, 2}, Weights(a)), []string{"histogram", "not supported yet"}},
				errCase{"histogram2d " + what, Histogram2D(one, one, []float64{0, 1}, []float64{0, 1}), []string{"histogram2d", "not supported yet"}},
				errCase{"bincount weights " + what, Arange(0, float64(one.Size()), 1, chunk.Int64, nil).Bincount(one, 0), []string{"bincount", "not supported yet"}},
				errCase{"digitize " + what, Digitize(a, []float64{0, 1}, false), []string{"digitize", "not supported yet"}},
				errCase{"searchsorted " + what, SearchSorted([]float64{0, 1}, a, false), []string{"searchsorted", "not supported yet"}},
				errCase{"median " + what, a.Median(), []string{"not supported yet"}},
				errCase{"nanmedian " + what, a.NanMedian(0), []string{"not supported yet"}},
				errCase{"quantile " + what, a.Quantile([]float64{0.5}, 0), []string{"not supported yet"}},
				errCase{"percentile " + what, a.NanPercentile([]float64{50}, 1), []string{"not supported yet"}},
				errCase{"pad median " + what, a.Pad([][2]int{{1, 1}}, PadMedian, 0), []string{"not supported yet"}},
			)
		}
	}
	runNumPy(t, checks)
	checkErrCases(t, errs)
}

func first(a, _ any) *Array { return a.(*Array) }

// mustDense computes x.
func (x *Array) mustDense(t *testing.T) *chunk.Dense {
	t.Helper()
	d, err := x.Compute(bg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestComplexReductionsAgainstNumPy checks the reductions and scans of
// complex arrays over random shapes (zero-length included), chunkings,
// axes and split_every, with NaN and ±Inf in the parts: lexicographic
// minimum and maximum, arg reductions, top-k, products, variances and
// the Nan variants. Results that are NaN compare by NaN-ness alone: which NaN
// (its other part) NumPy's min, max and products keep depends on the
// order they meet the values in. Means see no ±Inf: NumPy divides the
// complex sum by the count as a complex division, which turns inf+1j
// into inf+nanj; chunkwise divides each part (inf+0.5j). Products see
// no ±Inf: whether inf·(1+1j)·(0+1j) ends NaN or infinite depends on
// how the factors are grouped, which chunking changes.
func TestComplexReductionsAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(151))
	type op struct {
		np  string
		f   func(x *Array, o ...ReduceOption) *Array
		arg bool // one axis or all
	}
	ops := []op{
		{"sum", (*Array).Sum, false}, {"mean", (*Array).Mean, false}, {"prod", (*Array).Prod, false},
		{"min", (*Array).Min, false}, {"max", (*Array).Max, false}, {"ptp", (*Array).Ptp, false},
		{"var", (*Array).Var, false}, {"std", (*Array).Std, false},
		{"nansum", (*Array).NanSum, false}, {"nanmean", (*Array).NanMean, false}, {"nanprod", (*Array).NanProd, false},
		{"nanmin", (*Array).NanMin, false}, {"nanmax", (*Array).NanMax, false},
		{"nanvar", (*Array).NanVar, false}, {"nanstd", (*Array).NanStd, false},
		{"argmin", (*Array).ArgMin, true}, {"argmax", (*Array).ArgMax, true},
		{"nanargmin", (*Array).NanArgMin, true}, {"nanargmax", (*Array).NanArgMax, true},
		{"count_nonzero", (*Array).CountNonzero, false}, {"any", (*Array).Any, false}, {"all", (*Array).All, false},
	}
	scans := []struct {
		np string
		f  func(x *Array, axis int) *Array
	}{{"cumsum", (*Array).CumSum}, {"cumprod", (*Array).CumProd}, {"nancumsum", (*Array).NanCumSum}, {"nancumprod", (*Array).NanCumProd}}
	nanNorm := func(x *Array) *Array { return Where(x.IsNaN(), math.NaN(), x) }
	var checks []npCheck
	for _, dt := range []chunk.DType{chunk.Complex64, chunk.Complex128} {
		tol := tolFor(dt) * 8
		for it := 0; it < 4; it++ {
			for _, o := range ops {
				shape := randShape(r, 0, 3, 60)
				special := r.Intn(3)
				if strings.Contains(o.np, "mean") || strings.Contains(o.np, "prod") {
					special = min(special, 1)
				}
				ad := tieComplex(r, dt, shape, special)
				x := FromDense(ad, randSpec(r, shape))
				var opts []ReduceOption
				npAxis := ""
				nd := len(shape)
				switch k := r.Intn(3); {
				case nd == 0 || k == 0:
				case k == 1 || o.arg || nd == 1:
					a := r.Intn(nd)
					opts, npAxis = append(opts, Axis(a-r.Intn(2)*nd)), fmt.Sprintf(", axis=%d", a)
				default:
					a, b := r.Intn(nd), r.Intn(nd-1)
					if b >= a {
						b++
					}
					opts, npAxis = append(opts, Axis(a, b)), fmt.Sprintf(", axis=(%d, %d)", a, b)
				}
				if !o.arg && r.Intn(2) == 0 {
					opts, npAxis = append(opts, KeepDims()), npAxis+", keepdims=True"
				}
				if r.Intn(2) == 0 {
					opts = append(opts, SplitEvery(2))
				}
				if (o.np == "var" || o.np == "std" || o.np == "nanvar") && r.Intn(2) == 0 {
					opts, npAxis = append(opts, Ddof(1)), npAxis+", ddof=1"
				}
				got, expr := o.f(x, opts...), fmt.Sprintf("np.%s(a%s)", o.np, npAxis)
				if !o.arg && got.Err() == nil && (got.DType().IsComplex() || got.DType().IsFloat()) {
					got, expr = nanNorm(got), fmt.Sprintf("(lambda r: np.where(np.isnan(r), r.dtype.type(np.nan), r))(%s)", expr)
				}
				checks = append(checks, npCheck{what: fmt.Sprintf("%s %v%v", o.np, dt, shape), expr: expr,
					in: []*chunk.Dense{ad}, got: []*Array{got}, tol: tol})
			}
			for _, sc := range scans {
				shape := randShape(r, 1, 3, 60)
				ad := tieComplex(r, dt, shape, min(r.Intn(3), map[bool]int{true: 1, false: 2}[strings.Contains(sc.np, "prod")]))
				x := FromDense(ad, randSpec(r, shape))
				a := r.Intn(len(shape))
				checks = append(checks, npCheck{what: fmt.Sprintf("%s %v%v", sc.np, dt, shape),
					expr: fmt.Sprintf("(lambda r: np.where(np.isnan(r), r.dtype.type(np.nan), r))(np.%s(a, axis=%d))", sc.np, a),
					in:   []*chunk.Dense{ad}, got: []*Array{nanNorm(sc.f(x, a))}, tol: tol})
			}
			// Top-k in the lexicographic order; ties keep the lower index
			// first (a stable sort of -a, which reverses the order).
			shape := randShape(r, 1, 3, 60)
			ax := r.Intn(len(shape))
			shape[ax] = max(shape[ax], 1)
			k := 1 + r.Intn(shape[ax])
			if r.Intn(2) == 0 {
				k = -k
			}
			td := tieComplex(r, dt, shape, 0)
			x := FromDense(td, randSpec(r, shape))
			key := fmt.Sprintf("np.take(np.argsort(%sa, axis=%d, kind='stable'), range(%d), axis=%d)", map[bool]string{true: "-", false: ""}[k > 0], ax, max(k, -k), ax)
			checks = append(checks,
				npCheck{what: fmt.Sprintf("argtopk %d %v%v", k, dt, shape), expr: key, in: []*chunk.Dense{td}, got: []*Array{x.ArgTopK(k, ax, SplitEvery(2))}},
				npCheck{what: fmt.Sprintf("topk %d %v%v", k, dt, shape), expr: fmt.Sprintf("np.take_along_axis(a, %s, axis=%d)", key, ax), in: []*chunk.Dense{td}, got: []*Array{x.TopK(k, ax)}},
			)
			// Products of random shapes, zero-length inner and outer axes
			// included, with real and complex partners (finite: how Inf
			// spreads to NaN in a complex GEMM is the BLAS's choice).
			m, k, n := r.Intn(4), r.Intn(4), r.Intn(4)
			ad := randDense(r, dt, []int{m, k})
			bd := finiteDense(r, []chunk.DType{chunk.Complex64, chunk.Complex128, chunk.Float64, chunk.Int32}[r.Intn(4)], []int{k, n})
			a, b := FromDense(ad, randSpec(r, ad.Shape())), FromDense(bd, randSpec(r, bd.Shape()))
			checks = append(checks,
				npCheck{what: fmt.Sprintf("matmul %v%v %v%v", dt, ad.Shape(), bd.DType(), bd.Shape()), expr: "a @ b", in: []*chunk.Dense{ad, bd}, got: []*Array{MatMul(a, b)}, tol: tol},
				npCheck{what: fmt.Sprintf("einsum %v%v %v%v", dt, ad.Shape(), bd.DType(), bd.Shape()), expr: "np.einsum('ij,jk->ki', a, b)", in: []*chunk.Dense{ad, bd}, got: []*Array{Einsum("ij,jk->ki", a, b)}, tol: tol},
			)
		}
	}
	runNumPy(t, checks)
}
