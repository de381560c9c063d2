package blockwise

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// maximum and minimum (common) give Go's max and min element by element
// for every number type, through internal/vec's loops or not: lengths
// around the vector blocks, the types' extremes, NaN and both zeros, in
// place too.
func TestExtremes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, 100, 257, 1000} {
		checkExtremes[int8](t, r, n)
		checkExtremes[int16](t, r, n)
		checkExtremes[int32](t, r, n)
		checkExtremes[int64](t, r, n)
		checkExtremes[uint8](t, r, n)
		checkExtremes[uint16](t, r, n)
		checkExtremes[uint32](t, r, n)
		checkExtremes[uint64](t, r, n)
		checkExtremes[float32](t, r, n)
		checkExtremes[float64](t, r, n)
	}
}

func checkExtremes[T chunk.Number](t *testing.T, r *rand.Rand, n int) {
	t.Helper()
	a, b := make([]T, n), make([]T, n)
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1}
	for i := range a {
		a[i], b[i] = T(r.Uint64()), T(r.Uint64())
		switch any(a).(type) {
		case []float64, []float32:
			a[i], b[i] = T(r.NormFloat64()), T(r.NormFloat64())
			if r.IntN(4) == 0 {
				a[i] = T(special[r.IntN(len(special))])
			}
			if r.IntN(4) == 0 {
				b[i] = T(special[r.IntN(len(special))])
			}
		}
		if r.IntN(8) == 0 {
			b[i] = a[i]
		}
	}
	same := func(x, y T) bool {
		return x == y && math.Signbit(float64(x)) == math.Signbit(float64(y)) || x != x && y != y
	}
	for _, greatest := range []bool{true, false} {
		for _, inPlace := range []bool{false, true} {
			d := make([]T, n)
			src := append([]T(nil), a...)
			if inPlace {
				d = src
			}
			extremes(greatest, d, src, b)
			for i := range d {
				want := min(a[i], b[i])
				if greatest {
					want = max(a[i], b[i])
				}
				if !same(d[i], want) {
					t.Fatalf("%T greatest %v: (%v, %v) gave %v, want %v", a, greatest, a[i], b[i], d[i], want)
				}
			}
		}
	}
}
