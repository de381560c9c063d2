package vec

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCompress checks Compress against a plain loop over lengths around
// the passes (zero included), densities from none kept to all, and element
// sizes with and without a vector loop, on each path this CPU has: d is
// exactly as long as the kept elements, and what lies past it in its
// backing array stays untouched.
func TestCompress(t *testing.T) {
	saved := useCompress
	defer func() { useCompress = saved }()
	for _, vector := range []bool{false, true} {
		if vector && !saved {
			continue
		}
		useCompress = vector
		checkCompress[uint8](t, vector)
		checkCompress[uint16](t, vector)
		checkCompress[float32](t, vector)
		checkCompress[uint64](t, vector)
		checkCompress[float64](t, vector)
	}
}

func checkCompress[T uint8 | uint16 | float32 | uint64 | float64](t *testing.T, vector bool) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 9))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257, 1000, 4099} {
		for _, p := range []float64{0, 0.01, 0.06, 0.065, 0.1, 0.13, 0.5, 0.9, 1} {
			src := make([]T, n)
			flags := make([]byte, n)
			var want []T
			for i := range src {
				src[i] = T(r.IntN(250) + 1)
				if r.Float64() < p {
					flags[i] = 1
					want = append(want, src[i])
				}
			}
			buf := make([]T, len(want)+20)
			for i := range buf {
				buf[i] = 255
			}
			Compress(buf[:len(want)], src, flags)
			if !slices.Equal(buf[:len(want)], want) {
				t.Fatalf("%T vector %v n %d p %v: got %v, want %v", src, vector, n, p, buf[:len(want)], want)
			}
			for i, v := range buf[len(want):] {
				if v != 255 {
					t.Fatalf("%T vector %v n %d p %v: wrote %v past the kept elements at %d", src, vector, n, p, v, len(want)+i)
				}
			}
		}
	}
}
