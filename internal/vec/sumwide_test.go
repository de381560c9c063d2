package vec

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestSumWidened checks SumWidened against a sum one element at a time
// for every narrow integer type into int64 and uint64, over lengths
// around the sixteen-element steps and values across each type's range
// (long runs of its extremes too), with and without AVX2.
func TestSumWidened(t *testing.T) {
	eachAVX2(func(bool) {
		checkSumWidened[int64, int8](t)
		checkSumWidened[int64, int16](t)
		checkSumWidened[int64, int32](t)
		checkSumWidened[uint64, uint8](t)
		checkSumWidened[uint64, uint16](t)
		checkSumWidened[uint64, uint32](t)
	})
}

func checkSumWidened[D int64 | uint64, S int8 | uint8 | int16 | uint16 | int32 | uint32](t *testing.T) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 3, 15, 16, 17, 31, 32, 33, 100, 1000, 5000} {
		for _, extreme := range []bool{false, true} {
			v := make([]S, n)
			var want D
			for i := range v {
				v[i] = S(r.Uint64())
				if extreme { // the top bit alone, all but it, or all bits
					top := S(uint64(1) << (8*unsafe.Sizeof(v[i]) - 1))
					v[i] = []S{top, top - 1, ^S(0)}[r.IntN(3)]
				}
				want += D(v[i])
			}
			if got := SumWidened[D](v); got != want {
				t.Fatalf("%T into %T, n %d, avx2 %v: got %d, want %d", v, want, n, useAVX2, got, want)
			}
		}
	}
}
