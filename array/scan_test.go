package array

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
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
		v := redData(r, chunk.Prod(shape), dt, 0.1)
		for i := range v {
			if dt.IsFloat() && v[i] == v[i] {
				v[i] = math.Round(v[i]/40) / 2 // small values keep products exact
			} else if !dt.IsFloat() && dt != chunk.Bool {
				v[i] = float64(int(v[i]) % 4)
				if dt.Kind() == chunk.KindUint && v[i] < 0 {
					v[i] = -v[i]
				}
			}
		}
		d := redDense(t, dt, shape, v)
		ref := make([]float64, d.Len())
		for i := range ref {
			ref[i] = d.Float(i)
		}
		x := FromDense(d, spec)
		for _, op := range []string{"cumsum", "cumprod", "nancumsum", "nancumprod"} {
			axis := r.IntN(len(shape))
			var y *Array
			switch op {
			case "cumsum":
				y = x.CumSum(axis - len(shape)*r.IntN(2))
			case "cumprod":
				y = x.CumProd(axis)
			case "nancumsum":
				y = x.NanCumSum(axis)
			case "nancumprod":
				y = x.NanCumProd(axis)
			}
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
