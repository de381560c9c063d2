package vec

import (
	"math/rand/v2"
	"testing"
)

// TestShift checks Shift against Go's shifts for every integer type,
// both directions and every count below the width, over lengths around
// the 64-byte passes and values across each type's range, with and
// without AVX2, in place too.
func TestShift(t *testing.T) {
	eachAVX2(func(bool) {
		checkShift[int8](t, 8)
		checkShift[uint8](t, 8)
		checkShift[int16](t, 16)
		checkShift[uint16](t, 16)
		checkShift[int32](t, 32)
		checkShift[uint32](t, 32)
		checkShift[int64](t, 64)
		checkShift[uint64](t, 64)
	})
}

func checkShift[T smallInt | ~int64 | ~uint64](t *testing.T, width uint) {
	t.Helper()
	r := rand.New(rand.NewPCG(9, uint64(width)))
	for _, n := range []int{0, 1, 7, 8, 31, 32, 33, 64, 65, 200} {
		a := make([]T, n)
		for i := range a {
			a[i] = T(r.Uint64())
		}
		for s := uint(0); s < width; s++ {
			for _, left := range []bool{false, true} {
				got := make([]T, n)
				Shift(left, got, a, s)
				inPlace := append([]T(nil), a...)
				Shift(left, inPlace, inPlace, s)
				for i, x := range a {
					want := x >> s
					if left {
						want = x << s
					}
					if got[i] != want || inPlace[i] != want {
						t.Fatalf("%T left %v by %d, n %d, avx2 %v: %d at %d gave %d (in place %d), want %d", x, left, s, n, useAVX2, x, i, got[i], inPlace[i], want)
					}
				}
			}
		}
	}
}
