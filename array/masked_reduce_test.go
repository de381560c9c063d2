package array

import (
	"context"
	"errors"
	"math"
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
