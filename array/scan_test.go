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
	"github.com/chunkwise/chunkwise/reductions"
)

// refScan is the naive serial scan of v (shape) along axis.
func refScan(op string, v []float64, shape []int, axis int, float bool) []float64 {
	out := make([]float64, len(v))
	copy(out, v)
	inner := chunk.Prod(shape[axis+1:])
	n := shape[axis]
	prod := strings.Contains(op, "prod")
	for o := 0; o < chunk.Prod(shape[:axis]); o++ {
		for i := 0; i < inner; i++ {
			acc := 0.0
			var iacc int64
			if prod {
				acc, iacc = 1, 1
			}
			for j := 0; j < n; j++ {
				p := (o*n+j)*inner + i
				x := v[p]
				if strings.HasPrefix(op, "nan") && x != x {
					x = 0
					if prod {
						x = 1
					}
				}
				switch {
				case !float && prod:
					iacc *= int64(x)
					out[p] = float64(iacc)
				case prod:
					acc *= x
					out[p] = acc
				default:
					acc += x
					out[p] = acc
				}
			}
		}
	}
	return out
}

// scanData returns n small values of dtype dt (as float64), with NaN for
// floats: their products stay exact.
// scanOf applies the scan named op along axis.
func scanOf(x *Array, op string, axis int) *Array {
	return map[string]func(int) *Array{"cumsum": x.CumSum, "cumprod": x.CumProd, "nancumsum": x.NanCumSum, "nancumprod": x.NanCumProd}[op](axis)
}

func scanData(r *rand.Rand, n int, dt chunk.DType) []float64 {
	v := redData(r, n, dt, 0.1)
	for i := range v {
		if dt.IsFloat() && v[i] == v[i] {
			v[i] = math.Round(v[i]/40) / 2
		} else if !dt.IsFloat() && dt != chunk.Bool {
			v[i] = float64(int(v[i]) % 4)
			if dt.Kind() == chunk.KindUint && v[i] < 0 {
				v[i] = -v[i]
			}
		}
	}
	return v
}

// TestScans compares CumSum, CumProd and their Nan variants with the
// serial reference over random shapes, ragged chunkings, dtypes and axes.
func TestScans(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int32, chunk.Int64, chunk.Uint8, chunk.Bool}
	ctx := context.Background()
	for it := range 150 {
		shape, spec := redShape(r)
		if len(shape) == 0 {
			continue
		}
		dt := dts[r.IntN(len(dts))]
		v := scanData(r, chunk.Prod(shape), dt)
		d := redDense(t, dt, shape, v)
		ref := denseFloats(d)
		x := FromDense(d, spec)
		for _, op := range []string{"cumsum", "cumprod", "nancumsum", "nancumprod"} {
			axis := r.IntN(len(shape))
			y := scanOf(x, op, axis-len(shape)*r.IntN(2)) // a negative axis too
			name := fmt.Sprintf("it%d/%s/%v/%v/axis%d", it, op, dt, shape, axis)
			if y.DType() != chunk.SumResult(dt) {
				t.Errorf("%s: dtype %v", name, y.DType())
			}
			got, err := y.Compute(ctx)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			want := refScan(op, ref, shape, axis, dt.IsFloat())
			for i := range want {
				if g := got.Float(i); !redClose(g, want[i], dt) && !(math.IsInf(want[i], 0) && dt == chunk.Float32) {
					t.Errorf("%s: element %d = %v, want %v", name, i, g, want[i])
					break
				}
			}
		}
	}
	if err := FromSlice([]float64{1, 2}, []int{2}, nil).CumSum(1).Err(); err == nil || !strings.Contains(err.Error(), "cumsum: axis 1 is out of bounds") {
		t.Errorf("bad axis: %v", err)
	}
}

// TestReduceOfScan checks reductions of scans against the naive
// reduction of the scan computed on its own: random shapes (rank 1–4,
// zero-length axes, ragged chunks, the scan axis in one chunk in most
// cases, where the reduction scans each chunk as it reduces it),
// dtypes, persisted and expression sources, the four scans, reductions
// of each kind (folds, moments, arg-reductions, and those that read the
// scanned chunk), random axes and keepdims.
func TestReduceOfScan(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Uint8, chunk.Bool}
	ops := []string{"sum", "mean", "max", "min", "var", "argmax", "argmin", "nanmax", "nanmean", "nansum", "any", "count_nonzero", "prod"}
	ctx := context.Background()
	fused := 0
	for it := range 300 {
		shape, spec := redShape(r)
		if len(shape) == 0 {
			continue
		}
		axis := r.IntN(len(shape))
		if r.IntN(4) != 0 {
			spec[axis] = chunk.Sizes(shape[axis]) // one block along the scan
		}
		dt := dts[r.IntN(len(dts))]
		v := scanData(r, chunk.Prod(shape), dt)
		x := FromDense(redDense(t, dt, shape, v), spec)
		if r.IntN(3) == 0 && dt != chunk.Bool {
			x = x.Mul(2).Sub(1) // an expression: the scan evaluates it
		}
		scan := []string{"cumsum", "cumprod", "nancumsum", "nancumprod"}[r.IntN(4)]
		y := scanOf(x, scan, axis)
		op := ops[r.IntN(len(ops))]
		if op == "prod" && dt != chunk.Float64 {
			op = "sum" // products of scans overflow int64 and float32
		}
		var axes []int
		for a := range shape {
			if r.IntN(2) == 0 {
				axes = append(axes, a)
			}
		}
		if op[:3] == "arg" && len(axes) > 1 {
			axes = axes[:1]
		}
		keep := r.IntN(3) == 0
		name := fmt.Sprintf("it%d/%v/%v/%v/%s%d/%s/axes%v/keep%v", it, dt, shape, spec, scan, axis, op, axes, keep)
		yd, err := y.Compute(ctx)
		if err != nil {
			t.Fatalf("%s: the scan: %v", name, err)
		}
		rop := map[string]reductions.Op{"sum": reductions.Sum, "mean": reductions.Mean, "max": reductions.Max, "min": reductions.Min,
			"var": reductions.Var, "argmax": reductions.ArgMax, "argmin": reductions.ArgMin, "nanmax": reductions.NanMax,
			"nanmean": reductions.NanMean, "nansum": reductions.NanSum, "any": reductions.Any,
			"count_nonzero": reductions.CountNonzero, "prod": reductions.Prod}[op]
		_, fuses := reductions.ScanInput(y.layer, rop)
		if want := !(op == "nansum" && y.DType().IsFloat()) && op != "any" && op != "count_nonzero"; fuses != want {
			t.Fatalf("%s: scanned as reduced: %v, want %v", name, fuses, want)
		}
		if fuses {
			fused++
		}
		xd, err := x.Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		xv, yv := make([]float64, xd.Len()), make([]float64, yd.Len())
		for i := range yv {
			xv[i], yv[i] = xd.Float(i), yd.Float(i)
		}
		for i, w := range refScan(scan, xv, shape, axis, dt.IsFloat()) {
			if !redClose(yv[i], w, dt) && !(math.IsInf(w, 0) && dt == chunk.Float32) {
				t.Fatalf("%s: the scan's element %d = %v, want %v", name, i, yv[i], w)
			}
		}
		redFloat, redUnsigned = yd.DType().IsFloat(), yd.DType().Kind() == chunk.KindUint
		want, wshape, werr := redRef(op, yv, yd.Shape(), axes, 0)
		opts := []ReduceOption{Axis(axes...)}
		if keep {
			opts = append(opts, KeepDims())
		}
		got, gerr := redApply(y, op, opts...).Compute(ctx)
		if werr != nil || gerr != nil {
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s: error %v, want %v", name, gerr, werr)
			}
			continue
		}
		if keep {
			wshape = slices.Clone(shape)
			for _, a := range axes {
				wshape[a] = 1
			}
		}
		if !chunk.EqualShapes(got.Shape(), wshape) {
			t.Fatalf("%s: shape %v, want %v", name, got.Shape(), wshape)
		}
		for i, w := range want {
			if g := got.Float(i); !redClose(g, w, yd.DType()) {
				t.Fatalf("%s: element %d = %v, want %v", name, i, g, w)
			}
		}
	}
	if fused < 100 {
		t.Errorf("only %d cases scanned as reduced", fused)
	}
}
