package vec

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCompareSmall checks CompareSmall against Compare for every
// comparison of one- and two-byte integers, signed and unsigned, over
// lengths around the passes and values across each type's whole range
// (its least and greatest included, and many equal pairs), with and
// without AVX2.
func TestCompareSmall(t *testing.T) {
	eachAVX2(func(bool) {
		checkCompareSmall[int8](t, -128, 127)
		checkCompareSmall[uint8](t, 0, 255)
		checkCompareSmall[int16](t, -32768, 32767)
		checkCompareSmall[uint16](t, 0, 65535)
	})
}

// eachAVX2 runs check with the generic loops and, where the machine has
// AVX2, with the AVX2 ones (useAVX2 set for the call, restored after),
// telling it which.
func eachAVX2(check func(avx bool)) {
	saved := useAVX2
	defer func() { useAVX2 = saved }()
	for _, avx := range []bool{false, true} {
		if avx && !saved {
			continue
		}
		useAVX2 = avx
		check(avx)
	}
}

func checkCompareSmall[T int8 | uint8 | int16 | uint16](t *testing.T, lo, hi int) {
	t.Helper()
	r := rand.New(rand.NewPCG(5, 6))
	pick := func() T {
		switch r.IntN(6) {
		case 0:
			return T(lo)
		case 1:
			return T(hi)
		}
		return T(lo + r.IntN(hi-lo+1))
	}
	for _, n := range []int{0, 1, 31, 32, 33, 64, 100, 1000} {
		a, b := make([]T, n), make([]T, n)
		for i := range a {
			a[i] = pick()
			if b[i] = pick(); r.IntN(4) == 0 {
				b[i] = a[i]
			}
		}
		for _, op := range []Cmp{Eq, Ne, Lt, Le, Gt, Ge} {
			want, got := make([]bool, n), make([]bool, n)
			Compare(op, want, a, b)
			CompareSmall(op, got, a, b)
			if !slices.Equal(got, want) {
				t.Fatalf("%T op %v n %d avx2 %v: got %v, want %v", a, op, n, useAVX2, got, want)
			}
		}
	}
}
