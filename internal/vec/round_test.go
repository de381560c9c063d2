package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRound compares RoundFloat64 and RoundFloat32 with math's RoundToEven,
// Floor, Ceil and Trunc bit for bit, over halves, signed zeros, values at
// and past 2^52 (2^23 for float32), ±Inf, NaN and random values, for
// lengths around the vector loop's sixteen, in place too, with the vector
// loop on and off.
func TestRound(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	special := []float64{0, math.Copysign(0, -1), 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
		1 << 52, 1<<52 + 1, -(1<<52 + 0.5), 1 << 53, 1 << 23, 1<<23 + 0.5, -(1<<22 + 0.5), 1e300, -1e-300,
		math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64}
	for _, avx := range []bool{true, false} {
		defer func(v bool) { useAVX2 = v }(useAVX2)
		useAVX2 = avx && hasAVX2
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 100, 1000} {
			x := make([]float64, n)
			for i := range x {
				switch i % 3 {
				case 0:
					x[i] = special[r.IntN(len(special))]
				case 1:
					x[i] = math.Trunc(r.NormFloat64()*8) + float64(r.IntN(3))*0.5 // halves
				default:
					x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(20)-5))
				}
			}
			x32 := make([]float32, n)
			for i, v := range x {
				x32[i] = float32(v)
			}
			for m, f := range roundFunc {
				d := make([]float64, n)
				RoundFloat64(RoundMode(m), d, x)
				d32 := make([]float32, n)
				RoundFloat32(RoundMode(m), d32, x32)
				for i := range x {
					if w := f(x[i]); math.Float64bits(d[i]) != math.Float64bits(w) && !(math.IsNaN(w) && math.IsNaN(d[i])) {
						t.Fatalf("avx %v n %d mode %d: float64 %v gives %v, want %v", avx, n, m, x[i], d[i], w)
					}
					if w := float32(f(float64(x32[i]))); math.Float32bits(d32[i]) != math.Float32bits(w) && !(w != w && d32[i] != d32[i]) {
						t.Fatalf("avx %v n %d mode %d: float32 %v gives %v, want %v", avx, n, m, x32[i], d32[i], w)
					}
				}
				in := append([]float64(nil), x...)
				RoundFloat64(RoundMode(m), in, in)
				for i := range in {
					if math.Float64bits(in[i]) != math.Float64bits(d[i]) && !(in[i] != in[i] && d[i] != d[i]) {
						t.Fatalf("avx %v n %d mode %d: in place gives %v at %d, want %v", avx, n, m, in[i], i, d[i])
					}
				}
			}
		}
	}
}
