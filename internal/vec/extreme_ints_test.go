package vec

import (
	"math/rand/v2"
	"testing"
)

// TestElemsInts compares MaxElemsInts and MinElemsInts with Go's max and
// min element by element, for every small integer type, over lengths
// around the vector loop's 64 bytes (zero included), extreme values, in
// place too, with the vector loop on and off; ExtremeInts likewise.
func TestElemsInts(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, avx := range []bool{true, false} {
		defer func(v bool) { useAVX2 = v }(useAVX2)
		useAVX2 = avx && hasAVX2
		for _, n := range []int{0, 1, 15, 16, 31, 63, 64, 65, 127, 128, 200, 1000} {
			checkElemsInts[uint8](t, r, n)
			checkElemsInts[int8](t, r, n)
			checkElemsInts[uint16](t, r, n)
			checkElemsInts[int16](t, r, n)
			checkElemsInts[uint32](t, r, n)
			checkElemsInts[int32](t, r, n)
		}
	}
}

func checkElemsInts[T smallInt](t *testing.T, r *rand.Rand, n int) {
	t.Helper()
	a, b := make([]T, n+3), make([]T, n+3)
	for i := range a {
		a[i], b[i] = T(r.Uint64()), T(r.Uint64())
		if i%5 == 0 {
			b[i] = a[i]
		}
	}
	for _, greatest := range []bool{true, false} {
		d := make([]T, n)
		f := MaxElemsInts[T]
		if !greatest {
			f = MinElemsInts[T]
		}
		f(d, a, b)
		c := append([]T(nil), a[:n]...)
		f(c, c, b)
		wantRun := a[0]
		for _, x := range b[:n] {
			if greatest {
				wantRun = max(wantRun, x)
			} else {
				wantRun = min(wantRun, x)
			}
		}
		if got := ExtremeInts(a[0], b[:n], greatest); got != wantRun {
			t.Fatalf("ExtremeInts %T greatest %v n %d: %v, want %v", a[0], greatest, n, got, wantRun)
		}
		for i := range d {
			want := min(a[i], b[i])
			if greatest {
				want = max(a[i], b[i])
			}
			if d[i] != want || c[i] != want {
				t.Fatalf("%T greatest %v n %d: [%d] %v, %v = %v (in place %v), want %v", a[i], greatest, n, i, a[i], b[i], d[i], c[i], want)
			}
		}
	}
}
