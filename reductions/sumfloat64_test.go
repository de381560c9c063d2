package reductions

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestSumFloat64 checks SumFloat64 against an exact sum (math/big) over
// random lengths around its vector widths and sumWidth's column layout,
// zero-length included, and special values.
func TestSumFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	lengths := []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 8*sumWidth - 1, 8 * sumWidth, 8*sumWidth + 1, 100_000, 123_457}
	for range 10 {
		lengths = append(lengths, r.IntN(50_000))
	}
	for _, n := range lengths {
		x := make([]float64, n)
		exact, abs := new(big.Float).SetPrec(2000), 0.0
		for i := range x {
			x[i] = (r.Float64() - 0.3) * math.Pow(10, float64(r.IntN(7)-3))
			exact.Add(exact, big.NewFloat(x[i]))
			abs += math.Abs(x[i])
		}
		want, _ := exact.Float64()
		got := SumFloat64(x)
		if math.Abs(got-want) > 1e-15*abs*math.Log2(float64(n)+2) {
			t.Errorf("n=%d: SumFloat64 = %v, exact %v (Σ|x| %v)", n, got, want, abs)
		}
		naive := 0.0
		for _, v := range x {
			naive += v
		}
		if math.Abs(got-naive) > 1e-12*abs {
			t.Errorf("n=%d: SumFloat64 = %v, a serial loop %v", n, got, naive)
		}
	}
	for _, c := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{1, math.Inf(1), 2}, math.Inf(1)},
		{[]float64{math.Inf(1), math.Inf(-1)}, math.NaN()},
		{append(make([]float64, 20_000), math.NaN()), math.NaN()},
	} {
		got := SumFloat64(c.x)
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("SumFloat64 of %d values ending %v = %v, want %v", len(c.x), c.x[len(c.x)-1], got, c.want)
		}
	}
}

func ExampleSumFloat64() {
	x := make([]float64, 100_000)
	for i := range x {
		x[i] = 0.5
	}
	fmt.Println(SumFloat64(x))
	// Output: 50000
}
