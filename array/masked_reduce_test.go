package array

import (
	"context"
	"errors"
	"math"
	randv1 "math/rand"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestMaskedReductions checks x[x > t].op() — reductions over chunks of
// unknown size — against a serial reference, for several chunkings.
func TestMaskedReductions(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]float64, 1000)
	for i := range data {
		data[i] = r.Float64()
	}
	for _, c := range []int{1000, 97, 10, 1} {
		x := FromSlice(data, []int{1000}, chunk.Regular(c))
		for _, thr := range []float64{0.5, 0.999, 2} { // 2: everything masked out
			var sel []float64
			for _, v := range data {
				if v > thr {
					sel = append(sel, v)
				}
			}
			y := x.Mask(x.Gt(thr))
			sum, mn, mx, n := 0.0, math.Inf(1), math.Inf(-1), float64(len(sel))
			for _, v := range sel {
				sum += v
				mn = min(mn, v)
				mx = max(mx, v)
			}
			mean := sum / n
			ss := 0.0
			for _, v := range sel {
				ss += (v - mean) * (v - mean)
			}
			cases := []struct {
				name string
				a    *Array
				want float64
			}{
				{"sum", y.Sum(), sum},
				{"mean", y.Mean(), mean},
				{"std", y.Std(), math.Sqrt(ss / n)},
				{"nansum", y.NanSum(), sum},
				{"count_nonzero", y.CountNonzero().AsType(chunk.Float64), n},
			}
			if len(sel) > 0 {
				cases = append(cases, struct {
					name string
					a    *Array
					want float64
				}{"min", y.Min(), mn}, struct {
					name string
					a    *Array
					want float64
				}{"max", y.Max(), mx})
			}
			for _, tc := range cases {
				got, err := ToSlice[float64](ctx, tc.a)
				if err != nil {
					t.Fatalf("chunks %d, x > %v: %s: %v", c, thr, tc.name, err)
				}
				w := tc.want
				if !(math.Abs(got[0]-w) <= 1e-12*math.Max(1, math.Abs(w)) || (math.IsNaN(w) && math.IsNaN(got[0]))) {
					t.Errorf("chunks %d, x > %v: %s = %v, want %v", c, thr, tc.name, got[0], w)
				}
			}
		}
	}
	// A reduction that keeps the unknown axis, or needs positions, says so.
	m := FromSlice(data, []int{10, 100}, chunk.Regular(5, 50))
	z := m.Compress(m.Index(All(), At(0)).Gt(0.5), 0)
	if err := z.Sum(Axis(1)).Err(); !errors.Is(err, ErrUnknownChunks) {
		t.Errorf("sum keeping an unknown axis: %v", err)
	}
	if _, err := z.ArgMax().Compute(ctx); err == nil {
		t.Error("argmax over unknown chunks succeeded")
	}
	got, err := ToSlice[float64](ctx, z.Sum(Axis(0)))
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 100; j++ {
		want := 0.0
		for i := 0; i < 10; i++ {
			if data[i*100] > 0.5 {
				want += data[i*100+j]
			}
		}
		if math.Abs(got[j]-want) > 1e-12 {
			t.Fatalf("column %d: %v, want %v", j, got[j], want)
		}
	}
}

// TestMaskedSumAgainstNumPy checks sums and means of x[m] for masks over
// every axis of x, which add x where m holds (reduceMasked), against
// NumPy: random shapes (zero-length too), chunkings and dtypes, NaN in x
// where m does and does not select, sum, nansum and mean; and that the
// sum is the masked sum's graph, not a gather of the selection.
func TestMaskedSumAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	rv1 := randv1.New(randv1.NewSource(33))
	var checks []npCheck
	for it := range 40 {
		shape := randShape(rv1, 1, 3, 300)
		dt := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int32, chunk.Uint8, chunk.Bool, chunk.Int64}[it%6]
		d := randDense(rv1, dt, shape)
		if dt == chunk.Float64 && d.Len() > 0 {
			chunk.Values[float64](d)[r.IntN(d.Len())] = math.NaN()
		}
		md := randDense(rv1, chunk.Bool, shape)
		x := FromDense(d, randSpec(rv1, shape))
		m := FromDense(md, randSpec(rv1, shape))
		y := x.Mask(m)
		if y.maskOf == nil {
			t.Fatalf("%v: the mask does not record its source", shape)
		}
		if got, want := y.Sum().Name(), Where(m, x, 0).AsType(dt).Sum().Name(); got != want {
			t.Fatalf("%v: the masked sum is %s, not the sum where the mask holds", shape, got)
		}
		what := func(op string) string { return op + " of " + dt.String() + " " + pyShape(shape) }
		checks = append(checks,
			npCheck{what: what("sum"), expr: "a[b].sum()", in: []*chunk.Dense{d, md}, got: []*Array{y.Sum()}},
			npCheck{what: what("nansum"), expr: "np.nansum(a[b])", in: []*chunk.Dense{d, md}, got: []*Array{y.NanSum()}},
			npCheck{what: what("sum keepdims"), expr: "a[b].sum(keepdims=True)", in: []*chunk.Dense{d, md}, got: []*Array{y.Sum(KeepDims())}},
			npCheck{what: what("mean"), expr: "a[b].mean()", in: []*chunk.Dense{d, md}, got: []*Array{y.Mean()}},
		)
	}
	runNumPy(t, checks)
}
