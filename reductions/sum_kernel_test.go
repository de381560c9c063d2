package reductions

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSumKernel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 1000, 4099} {
		// Guard regions around the input catch reads past its end.
		buf := make([]float64, n+16)
		for i := range buf {
			buf[i] = math.NaN()
		}
		x := buf[8 : 8+n]
		for i := range x {
			x[i] = r.NormFloat64() * 1e3
		}
		got, want := sum(x), sumGo(x)
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("n=%d: sum %v, sumGo %v", n, got, want)
		}
		naive := 0.0
		for _, v := range x {
			naive += v
		}
		if math.Abs(got-naive) > 1e-9*math.Max(1, math.Abs(naive)) {
			t.Errorf("n=%d: sum %v, naive %v", n, got, naive)
		}
	}
}

func BenchmarkSumKernel(b *testing.B) {
	x := make([]float64, 1<<16)
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		sum(x)
	}
}

func BenchmarkSumKernelGo(b *testing.B) {
	x := make([]float64, 1<<16)
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		sumGo(x)
	}
}
