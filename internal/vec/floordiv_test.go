package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFloorDivInt32 checks the AVX2 loop and its twin against floored
// int64 arithmetic (NumPy's floor_divide and remainder), over every
// length up to 40, dividends and divisors at the int32 limits, of both
// signs, zero and ±1, and at random.
func TestFloorDivInt32(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	special := []int32{0, 1, -1, 2, -2, 3, -3, 7, -7, 1000, -1000, math.MaxInt32, math.MinInt32, math.MaxInt32 - 1, math.MinInt32 + 1}
	val := func() int32 {
		if r.IntN(3) == 0 {
			return special[r.IntN(len(special))]
		}
		if r.IntN(2) == 0 {
			return int32(r.IntN(2001) - 1000)
		}
		return int32(r.Uint32())
	}
	for it := range 4000 {
		n := it % 41
		a, b, d := make([]int32, n), make([]int32, n), make([]int32, n)
		for i := range a {
			a[i], b[i] = val(), val()
		}
		for _, mod := range []bool{false, true} {
			FloorDivInt32(mod, d, a, b)
			for i, x := range a {
				y := int64(b[i])
				var want int64
				if y != 0 {
					q := int64(x) / y
					if int64(x)%y != 0 && (x < 0) != (y < 0) {
						q--
					}
					want = q
					if mod {
						want = int64(x) - q*y
					}
				}
				if d[i] != int32(want) || floorDivGo(mod, x, b[i]) != int32(want) {
					t.Fatalf("mod %v: %d, %d: got %d (twin %d), want %d", mod, x, b[i], d[i], floorDivGo(mod, x, b[i]), int32(want))
				}
			}
		}
	}
}
