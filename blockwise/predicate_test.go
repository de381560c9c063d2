package blockwise

import (
	"math"
	"testing"
)

// isinf and isfinite read float32's own bits as they read float64's:
// every class (zeros, subnormals, normals, the largest finite values,
// infinities, NaNs of either sign and payload) on both dtypes.
func TestFloatPredicates(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1e-45, -3, math.MaxFloat32, -math.MaxFloat32, 1e300, math.MaxFloat64,
		math.Inf(1), math.Inf(-1), math.NaN(), -math.NaN(), math.Float64frombits(0x7ff0000000000001)}
	for e := -1074; e <= 1023; e++ { // every exponent field
		xs = append(xs, math.Ldexp(1.5, e), -math.Ldexp(1, e))
	}
	x32 := make([]float32, len(xs))
	for i, v := range xs {
		x32[i] = float32(v)
	}
	x32 = append(x32, math.Float32frombits(0x7f800001), math.Float32frombits(0xff800001)) // NaN payloads next to Inf
	for _, op := range []Op{OpIsInf, OpIsFinite, OpIsNaN} {
		want := func(v float64) bool {
			switch op {
			case OpIsInf:
				return math.IsInf(v, 0)
			case OpIsFinite:
				return !math.IsInf(v, 0) && !math.IsNaN(v)
			}
			return math.IsNaN(v)
		}
		d := make([]bool, len(xs))
		predicateF(op, d, xs)
		for i, v := range xs {
			if d[i] != want(v) {
				t.Errorf("%v(%v) = %v", op, v, d[i])
			}
		}
		d32 := make([]bool, len(x32))
		predicateF(op, d32, x32)
		for i, v := range x32 {
			if d32[i] != want(float64(v)) {
				t.Errorf("float32 %v(%v) = %v", op, v, d32[i])
			}
		}
	}
}
