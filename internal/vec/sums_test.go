package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelsMatchGo checks the assembly kernels against their pure-Go
// twins on every length up to 40 and at unaligned offsets, with guard
// regions around the destination to catch out-of-bounds writes.
func TestKernelsMatchGo(t *testing.T) { forEachSIMDLevel(t, testKernelsMatchGo) }

func testKernelsMatchGo(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	const guard = 8
	for n := 0; n <= 40; n++ {
		for off := 0; off < 3; off++ {
			src := make([]float64, n+off)
			buf := make([]float64, n+off+2*guard)
			for i := range src {
				src[i] = r.Float64()*10 - 5
			}
			for i := range buf {
				buf[i] = math.Pi
			}
			dst := buf[guard+off : guard+off+n]
			want := make([]float64, n)
			for i := range want {
				dst[i] = float64(i)
				want[i] = float64(i)
			}
			addToGo(want, src[off:])
			AddTo(dst, src[off:])
			for i := range want {
				if dst[i] != want[i] {
					t.Fatalf("addTo n=%d off=%d: [%d] = %v, want %v", n, off, i, dst[i], want[i])
				}
			}
			for i := 0; i < guard; i++ {
				if buf[i] != math.Pi || buf[len(buf)-1-i] != math.Pi {
					t.Fatalf("addTo n=%d wrote outside dst", n)
				}
			}
			if n+off > 0 {
				w4 := append([]float64(nil), dst...)
				add4ToGo(w4, src[off:], src[:n], src[off:], src[:n])
				Add4To(dst, src[off:], src[:n], src[off:], src[:n])
				for i := range w4 {
					if dst[i] != w4[i] {
						t.Fatalf("add4To n=%d off=%d: [%d] = %v, want %v", n, off, i, dst[i], w4[i])
					}
				}
				for i := 0; i < guard; i++ {
					if buf[i] != math.Pi || buf[len(buf)-1-i] != math.Pi {
						t.Fatalf("add4To n=%d wrote outside dst", n)
					}
				}
			}
			k := r.Float64()
			g1, g2 := ShiftedSums(src[off:], k)
			w1, w2 := shiftedSumsGo(src[off:], k)
			if math.Float64bits(g1) != math.Float64bits(w1) || math.Float64bits(g2) != math.Float64bits(w2) {
				t.Fatalf("shiftedSums n=%d: (%v, %v), want (%v, %v)", n, g1, g2, w1, w2)
			}
		}
	}
}
