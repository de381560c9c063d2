package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// forEachSIMDLevel runs f with each vector path this CPU supports.
func forEachSIMDLevel(t *testing.T, f func(t *testing.T)) {
	defer func() { simdLevel = maxSIMDLevel }()
	for level := uint8(0); level <= maxSIMDLevel; level++ {
		simdLevel = level
		t.Run(fmt.Sprintf("simd%d", level), f)
	}
}

func TestSumKernel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 1000, 4099} {
		// Guard regions around the input catch reads past its end.
		buf := make([]float64, n+16)
		for i := range buf {
			buf[i] = math.NaN()
		}
		x := buf[8 : 8+n]
		for i := range x {
			x[i] = r.NormFloat64() * 1e3
		}
		got, want := Sum(x), sumGo(x)
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
		Sum(x)
	}
}

func BenchmarkSumKernelGo(b *testing.B) {
	x := make([]float64, 1<<16)
	b.SetBytes(int64(8 * len(x)))
	for b.Loop() {
		sumGo(x)
	}
}

func TestAdd8Kernel(t *testing.T) { forEachSIMDLevel(t, testAdd8Kernel) }

func testAdd8Kernel(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 3, 7, 8, 9, 10, 15, 16, 17, 23, 24, 25, 26, 31, 32, 33, 1000, 1003} {
		src := make([][]float64, 8)
		for k := range src {
			src[k] = make([]float64, n+3) // longer sources are allowed
			for i := range src[k] {
				src[k][i] = r.NormFloat64()
			}
		}
		// Guard regions around dst catch writes past its end.
		buf := make([]float64, n+4)
		for i := range buf {
			buf[i] = -7
		}
		dst, want := buf[2:2+n], make([]float64, n)
		for i := range dst {
			dst[i] = float64(i)
			want[i] = float64(i)
		}
		Add8To(dst, src[0], src[1], src[2], src[3], src[4], src[5], src[6], src[7])
		add8ToGo(want, src[0], src[1], src[2], src[3], src[4], src[5], src[6], src[7])
		for i := range want {
			if dst[i] != want[i] {
				t.Fatalf("n=%d: dst[%d] = %v, want %v", n, i, dst[i], want[i])
			}
		}
		if buf[0] != -7 || buf[1] != -7 || buf[n+2] != -7 || buf[n+3] != -7 {
			t.Fatalf("n=%d: guard region overwritten: %v", n, buf)
		}
	}
}
