package array

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// redShape returns a random shape of 0..4 axes with lengths 0..6 (few
// zeros, many ones) and a ragged chunking of it.
func redShape(r *rand.Rand) ([]int, chunk.Spec) {
	nd := r.IntN(5)
	shape := make([]int, nd)
	spec := make(chunk.Spec, nd)
	for a := range shape {
		switch r.IntN(8) {
		case 0:
			shape[a] = 0
		case 1, 2:
			shape[a] = 1
		default:
			shape[a] = 2 + r.IntN(6)
		}
		var sizes []int
		for left := shape[a]; left > 0; {
			c := 1 + r.IntN(min(left, 3))
			sizes = append(sizes, c)
			left -= c
		}
		if len(sizes) == 0 {
			sizes = []int{0}
		}
		spec[a] = chunk.Sizes(sizes...)
	}
	return shape, spec
}

// redData returns n values of dtype dt as float64 (exactly
// representable), with NaN placed at random for floats when nan is set.
func redData(r *rand.Rand, n int, dt chunk.DType, nanFrac float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		switch {
		case dt == chunk.Bool:
			v[i] = float64(r.IntN(2))
		case dt.IsFloat():
			v[i] = float64(r.IntN(2000)-1000) / 8
			if r.Float64() < nanFrac {
				v[i] = math.NaN()
			}
		case dt.Kind() == chunk.KindUint:
			v[i] = float64(r.IntN(100))
		default:
			v[i] = float64(r.IntN(200) - 100)
		}
		if r.IntN(5) == 0 && len(v) > 0 && i > 0 {
			v[i] = v[r.IntN(i)] // ties
		}
	}
	return v
}

func redDense(t *testing.T, dt chunk.DType, shape []int, v []float64) *chunk.Dense {
	f, err := chunk.FromSlice(shape, slices.Clone(v))
	if err != nil {
		t.Fatal(err)
	}
	return f.AsType(dt)
}

// redRef is the naive NumPy-semantics reference: it groups elements by
// output position and applies op to each group in index order. It
// returns the keepdims-free output values and shape.
func redRef(op string, v []float64, shape, axes []int, ddof int) ([]float64, []int, error) {
	red := make([]bool, len(shape))
	for _, a := range axes {
		red[a] = true
	}
	var oshape, rshape []int
	for a, n := range shape {
		if red[a] {
			rshape = append(rshape, n)
		} else {
			oshape = append(oshape, n)
		}
	}
	if strings.Contains(op, "min") || strings.Contains(op, "max") {
		for _, a := range axes {
			if shape[a] == 0 {
				if strings.Contains(op, "arg") {
					return nil, nil, fmt.Errorf("attempt to get %s of an empty sequence", op)
				}
				return nil, nil, fmt.Errorf("zero-size array to reduction operation %s which has no identity", op)
			}
		}
	}
	groups := make([][]float64, chunk.Prod(oshape))
	idx := make([]int, len(shape))
	for p := range v {
		chunk.Unravel(idx, p, shape)
		var o, r []int
		for a, i := range idx {
			if red[a] {
				r = append(r, i)
			} else {
				o = append(o, i)
			}
		}
		g := chunk.Ravel(o, oshape)
		groups[g] = append(groups[g], v[p])
		_ = r
	}
	out := make([]float64, len(groups))
	for g, xs := range groups {
		val, err := redRefOp(op, xs, ddof)
		if err != nil {
			return nil, nil, err
		}
		out[g] = val
	}
	return out, oshape, nil
}

// redFloat and redUnsigned tell the reference the dtype under test.
var redFloat, redUnsigned bool

func redIsNaN(x float64) bool { return x != x }

func redRefOp(op string, xs []float64, ddof int) (float64, error) {
	nonNaN := func() []float64 {
		var o []float64
		for _, x := range xs {
			if !redIsNaN(x) {
				o = append(o, x)
			}
		}
		return o
	}
	switch op {
	case "sum", "nansum", "mean", "nanmean", "count_nonzero":
		s, n := 0.0, 0
		for _, x := range xs {
			if strings.HasPrefix(op, "nan") && redIsNaN(x) {
				continue
			}
			if op == "count_nonzero" {
				if x != 0 {
					s++
				}
				continue
			}
			s += x
			n++
		}
		if op == "mean" || op == "nanmean" {
			return s / float64(n), nil
		}
		return s, nil
	case "prod", "nanprod":
		if !redFloat {
			var p int64 = 1 // integer products wrap, as NumPy's do
			for _, x := range xs {
				p *= int64(x)
			}
			if redUnsigned {
				return float64(uint64(p)), nil
			}
			return float64(p), nil
		}
		p := 1.0
		for _, x := range xs {
			if op == "nanprod" && redIsNaN(x) {
				continue
			}
			p *= x
		}
		return p, nil
	case "min", "max", "nanmin", "nanmax":
		if len(xs) == 0 {
			return 0, fmt.Errorf("zero-size array to reduction operation %s which has no identity", op)
		}
		if !strings.HasPrefix(op, "nan") {
			if slices.ContainsFunc(xs, redIsNaN) {
				return math.NaN(), nil
			}
		} else {
			xs = nonNaN()
			if len(xs) == 0 {
				return math.NaN(), nil
			}
		}
		if strings.HasSuffix(op, "min") {
			return slices.Min(xs), nil
		}
		return slices.Max(xs), nil
	case "any", "all":
		for _, x := range xs {
			if (x != 0) == (op == "any") {
				return redB2f(op == "any"), nil
			}
		}
		return redB2f(op == "all"), nil
	case "var", "std", "nanvar", "nanstd":
		if strings.HasPrefix(op, "nan") {
			xs = nonNaN()
		}
		if len(xs) == 0 {
			return math.NaN(), nil
		}
		m := 0.0
		for _, x := range xs {
			m += x
		}
		m /= float64(len(xs))
		q := 0.0
		for _, x := range xs {
			q += (x - m) * (x - m)
		}
		if strings.HasPrefix(op, "nan") && len(xs) <= ddof {
			return math.NaN(), nil // NumPy's nanvar: no degree of freedom left
		}
		r := q / math.Max(float64(len(xs)-ddof), 0)
		if strings.HasSuffix(op, "std") {
			r = math.Sqrt(r)
		}
		return r, nil
	case "argmin", "argmax", "nanargmin", "nanargmax":
		best := -1
		for i, x := range xs {
			if strings.HasPrefix(op, "nan") {
				if redIsNaN(x) {
					continue
				}
			} else if redIsNaN(x) {
				return float64(i), nil
			}
			if best < 0 || (strings.HasSuffix(op, "min") && x < xs[best]) || (strings.HasSuffix(op, "max") && x > xs[best]) {
				best = i
			}
		}
		if best < 0 {
			return 0, fmt.Errorf("All-NaN slice encountered")
		}
		return float64(best), nil
	}
	panic(op)
}

func redB2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

var redOps = []string{"sum", "prod", "min", "max", "mean", "any", "all", "count_nonzero",
	"nansum", "nanprod", "nanmin", "nanmax", "nanmean", "var", "std", "nanvar", "nanstd",
	"argmin", "argmax", "nanargmin", "nanargmax"}

func redApply(x *Array, op string, opts ...ReduceOption) *Array {
	switch op {
	case "sum":
		return x.Sum(opts...)
	case "prod":
		return x.Prod(opts...)
	case "min":
		return x.Min(opts...)
	case "max":
		return x.Max(opts...)
	case "mean":
		return x.Mean(opts...)
	case "any":
		return x.Any(opts...)
	case "all":
		return x.All(opts...)
	case "count_nonzero":
		return x.CountNonzero(opts...)
	case "nansum":
		return x.NanSum(opts...)
	case "nanprod":
		return x.NanProd(opts...)
	case "nanmin":
		return x.NanMin(opts...)
	case "nanmax":
		return x.NanMax(opts...)
	case "nanmean":
		return x.NanMean(opts...)
	case "var":
		return x.Var(opts...)
	case "std":
		return x.Std(opts...)
	case "nanvar":
		return x.NanVar(opts...)
	case "nanstd":
		return x.NanStd(opts...)
	case "argmin":
		return x.ArgMin(opts...)
	case "argmax":
		return x.ArgMax(opts...)
	case "nanargmin":
		return x.NanArgMin(opts...)
	case "nanargmax":
		return x.NanArgMax(opts...)
	}
	panic(op)
}

func redWantDType(op string, dt chunk.DType) chunk.DType {
	switch op {
	case "min", "max", "nanmin", "nanmax":
		return dt
	case "mean", "nanmean", "var", "std", "nanvar", "nanstd":
		return chunk.FloatResult(dt)
	case "any", "all":
		return chunk.Bool
	case "count_nonzero", "argmin", "argmax", "nanargmin", "nanargmax":
		return chunk.Int64
	}
	return chunk.SumResult(dt)
}

func redClose(got, want float64, dt chunk.DType) bool {
	if redIsNaN(want) || redIsNaN(got) {
		return redIsNaN(want) && redIsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	tol := 1e-9
	if dt == chunk.Float32 {
		tol = 1e-4
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// denseFloats returns d's values as float64s, the naive references' input.
func denseFloats(d *chunk.Dense) []float64 {
	out := make([]float64, d.Len())
	for i := range out {
		out[i] = d.Float(i)
	}
	return out
}

// TestReductionFamily compares every reduction with the naive reference
// over random shapes (0-d to 4-d, empty and size-1 axes), ragged
// chunkings, dtypes, axes, keepdims, split_every and NaN placements.
func TestReductionFamily(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int32, chunk.Int64, chunk.Uint8, chunk.Int8, chunk.Bool, chunk.Uint64, chunk.Int16}
	iters := 400
	if testing.Short() {
		iters = 80
	}
	ctx := context.Background()
	for it := range iters {
		shape, spec := redShape(r)
		dt := dts[r.IntN(len(dts))]
		v := redData(r, chunk.Prod(shape), dt, []float64{0, 0.1, 0.5, 1}[r.IntN(4)])
		d := redDense(t, dt, shape, v)
		redFloat, redUnsigned = dt.IsFloat(), dt.Kind() == chunk.KindUint
		ref := denseFloats(d)
		x := FromDense(d, spec)
		if r.IntN(3) == 0 && dt != chunk.Bool {
			x = x.Add(0) // an elementwise input: the reduction evaluates its program
		}
		for _, op := range redOps {
			var opts []ReduceOption
			axes := identityAxes(len(shape))
			isArg := strings.Contains(op, "arg")
			switch {
			case len(shape) == 0:
			case isArg && r.IntN(2) == 0:
				a := r.IntN(len(shape))
				axes = []int{a}
				opts = append(opts, Axis(a-len(shape)*r.IntN(2)))
			case !isArg && r.IntN(3) > 0:
				axes = nil
				for a := range shape {
					if r.IntN(2) == 0 {
						axes = append(axes, a)
					}
				}
				neg := slices.Clone(axes)
				for i := range neg {
					if r.IntN(2) == 0 {
						neg[i] -= len(shape)
					}
				}
				opts = append(opts, Axis(neg...))
			}
			keep := r.IntN(3) == 0
			if keep {
				opts = append(opts, KeepDims())
			}
			if r.IntN(2) == 0 {
				opts = append(opts, SplitEvery(2+r.IntN(3)))
			}
			ddof := 0
			if strings.Contains(op, "var") || strings.Contains(op, "std") {
				ddof = r.IntN(2)
				opts = append(opts, Ddof(ddof))
			}
			name := fmt.Sprintf("it%d/%s/%v/%v/axes%v", it, op, dt, shape, axes)
			want, oshape, werr := redRef(op, ref, shape, axes, ddof)
			y := redApply(x, op, opts...)
			if werr == nil && y.Err() == nil && y.DType() != redWantDType(op, dt) {
				t.Errorf("%s: dtype %v, want %v", name, y.DType(), redWantDType(op, dt))
			}
			got, err := y.Compute(ctx)
			if werr != nil {
				if err == nil || !strings.Contains(err.Error(), strings.Split(werr.Error(), " ")[0]) {
					t.Errorf("%s: err %v, want %v", name, err, werr)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if keep {
				ks := slices.Clone(shape)
				for _, a := range axes {
					ks[a] = 1
				}
				oshape = ks
			}
			if !chunk.EqualShapes(got.Shape(), oshape) {
				t.Errorf("%s: shape %v, want %v", name, got.Shape(), oshape)
				continue
			}
			for i := range want {
				if got.DType() == chunk.Float32 {
					want[i] = float64(float32(want[i]))
				}
				if g := got.Float(i); !redClose(g, want[i], dt) {
					t.Errorf("%s: element %d = %v, want %v", name, i, g, want[i])
					break
				}
			}
		}
	}
}

// TestReductionsUnderMemoryLimit runs moment and arg reductions, whose
// partials are reductions.Partial values, under a memory budget small
// enough that the executor spills them, and checks the results equal the
// unconstrained ones.
func TestReductionsUnderMemoryLimit(t *testing.T) {
	ctx := context.Background()
	x := NewRNG(5).Normal(3, 2, []int{64, 48}, chunk.Regular(8, 8))
	ys := []*Array{x.Std(Axis(0), SplitEvery(2)), x.NanMean(Axis(1)), x.ArgMax(Axis(0), SplitEvery(3)), x.TopK(3, 0, SplitEvery(2))}
	want, err := ComputeAll(ctx, ys)
	if err != nil {
		t.Fatal(err)
	}
	ex := &scheduler.Local{Workers: 2, MemoryLimit: 2048}
	got, err := ComputeAll(ctx, ys, WithExecutor(ex))
	if err != nil {
		t.Fatal(err)
	}
	if st := ex.LastStats(); st.Spilled == 0 {
		t.Errorf("nothing spilled: %+v", st)
	}
	for i := range ys {
		if !slices.Equal(got[i].Bytes(), want[i].Bytes()) {
			t.Errorf("result %d differs under a memory limit", i)
		}
	}
}

// TestArgReductionsAlongLongRuns checks the arg-reductions along the last
// axis and over all axes, where a run of 16 or more elements takes the
// extreme-then-position pass (reductions.argRunExtreme), against the
// naive reference: every real dtype, NaN, ±Inf, -0 and ties, rows of up
// to 90 elements cut into chunks of any length, all-NaN rows included.
func TestArgReductionsAlongLongRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Int32, chunk.Uint8, chunk.Int8, chunk.Uint16}
	ctx := context.Background()
	for it := range 150 {
		dt := dts[it%len(dts)]
		shape := []int{1 + r.IntN(3), r.IntN(91)}
		if r.IntN(3) == 0 {
			shape = append([]int{2}, shape...)
		}
		sizes := make([]int, len(shape))
		for a, n := range shape {
			sizes[a] = 1 + r.IntN(max(n, 1))
		}
		spec := chunk.Regular(sizes...)
		v := redData(r, chunk.Prod(shape), dt, []float64{0, 0.05, 1}[r.IntN(3)])
		if dt.IsFloat() {
			for i := range v {
				if r.IntN(20) == 0 {
					v[i] = []float64{math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0}[r.IntN(4)]
				}
			}
		}
		d := redDense(t, dt, shape, v)
		redFloat, redUnsigned = dt.IsFloat(), dt.Kind() == chunk.KindUint
		ref := denseFloats(d)
		x := FromDense(d, spec)
		for _, op := range []string{"argmin", "argmax", "nanargmin", "nanargmax"} {
			for _, axes := range [][]int{{len(shape) - 1}, identityAxes(len(shape))} {
				var opts []ReduceOption
				if len(axes) == 1 {
					opts = append(opts, Axis(axes[0]))
				}
				name := fmt.Sprintf("it%d/%s/%v/%v/axes%v", it, op, dt, shape, axes)
				want, _, werr := redRef(op, ref, shape, axes, 0)
				got, err := redApply(x, op, opts...).Compute(ctx)
				if werr != nil || err != nil {
					if (werr == nil) != (err == nil) {
						t.Errorf("%s: err %v, want %v", name, err, werr)
					}
					continue
				}
				for i := range want {
					if g := got.Float(i); g != want[i] {
						t.Errorf("%s: element %d = %v, want %v", name, i, g, want[i])
						break
					}
				}
			}
		}
	}
}

// TestSumsOfShortRuns compares sums, means and extremes (with NaNs or
// without) whose innermost axis is short, reduced or kept (the runs
// walkChunk hands over a tile at a time), with the naive
// reference, on chunks longer than a tile, ragged, of floats and
// integers, read in place and through an expression.
func TestSumsOfShortRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	ctx := context.Background()
	for it := range 100 {
		l := 1 + r.IntN(9) // 9 is past the batched lengths
		shape := []int{1 + r.IntN(900), l}
		// The short axis reduced, or kept; 2-d or 3-d.
		axes := [][]int{{1}, {0}}[r.IntN(2)]
		if r.IntN(2) == 0 {
			shape = []int{1 + r.IntN(30), 1 + r.IntN(40), l}
			axes = [][]int{{0, 2}, {2}, {0, 1}, {1}}[r.IntN(4)]
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int32, chunk.Float32, chunk.Int64, chunk.Uint8}[r.IntN(5)]
		v := redData(r, chunk.Prod(shape), dt, []float64{0, 0.1}[r.IntN(2)])
		d := redDense(t, dt, shape, v)
		redFloat, redUnsigned = dt.IsFloat(), dt.Kind() == chunk.KindUint
		size := make([]int, len(shape))
		for a, n := range shape {
			size[a] = max(1, n/(1+r.IntN(3))) // the last chunk shorter
		}
		x := FromDense(d, chunk.Regular(size...))
		if r.IntN(2) == 0 {
			x = x.Add(0)
		}
		for _, op := range []string{"sum", "mean", "min", "max", "nanmin", "nanmax"} {
			want, _, err := redRef(op, denseFloats(d), shape, axes, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, err := redApply(x, op, Axis(axes...)).Compute(ctx)
			if err != nil {
				t.Fatalf("%v %v %s axes %v: %v", shape, dt, op, axes, err)
			}
			g := denseFloats(got)
			for i := range want {
				if !redClose(g[i], want[i], dt) {
					t.Fatalf("it %d %v %v %s axes %v: [%d] = %v, want %v", it, shape, dt, op, axes, i, g[i], want[i])
				}
			}
		}
	}
}

// TestMomentsWithInfinities checks means, variances and standard
// deviations (and their NaN-skipping variants, ddof 0 to 2) of values
// with ±Inf and NaN against the naive reference (NumPy's answers: the
// mean of [Inf, NaN, 3] skipping NaN is Inf, a variance with an infinity
// NaN, a NaN-skipping variance with no degree of freedom left NaN) over
// chunkings that put them in different chunks, whose partial moments are
// merged.
func TestMomentsWithInfinities(t *testing.T) {
	r := rand.New(rand.NewPCG(97, 98))
	ctx := context.Background()
	pool := []float64{1, 2.5, -3, math.Inf(1), math.Inf(-1), math.NaN()}
	redFloat, redUnsigned = true, false
	for it := range 300 {
		n := 1 + r.IntN(8)
		v := make([]float64, n)
		for i := range v {
			v[i] = pool[r.IntN(len(pool))]
		}
		x := FromSlice(v, []int{n}, chunk.Spec{chunk.Size(1 + r.IntN(n))})
		ddof := r.IntN(3)
		for _, op := range []string{"mean", "nanmean", "var", "nanvar", "std", "nanstd"} {
			want, _, err := redRef(op, v, []int{n}, []int{0}, ddof)
			if err != nil {
				t.Fatal(err)
			}
			got, err := redApply(x, op, Ddof(ddof)).Compute(ctx)
			if err != nil {
				t.Fatalf("%d: %s of %v: %v", it, op, v, err)
			}
			if g := got.Float(0); !redClose(g, want[0], chunk.Float64) {
				t.Fatalf("%d: %s of %v in chunks %v = %v, want %v", it, op, v, x.Chunks(), g, want[0])
			}
		}
	}
}
