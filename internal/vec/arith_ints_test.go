package vec

import (
	"math/rand/v2"
	"testing"
)

// ArithInts gives Go's wrapping +, - and * for every integer type, over
// lengths around the vector loops' 64 and 128 bytes (zero included), in
// place on either operand too, with each vector loop on and off.
func TestArithInts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	defer func(v, dq bool) { useAVX2, useAVX512DQ = v, dq }(useAVX2, useAVX512DQ)
	for _, mode := range []int{2, 1, 0} { // AVX-512DQ and AVX2, AVX2 alone, neither
		useAVX2, useAVX512DQ = mode >= 1 && hasAVX2, mode == 2 && hasAVX512DQ
		for _, n := range []int{0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 65, 100, 129, 1000} {
			checkArithInts[int8](t, r, n)
			checkArithInts[uint8](t, r, n)
			checkArithInts[int16](t, r, n)
			checkArithInts[uint16](t, r, n)
			checkArithInts[int32](t, r, n)
			checkArithInts[uint32](t, r, n)
			checkArithInts[int64](t, r, n)
			checkArithInts[uint64](t, r, n)
		}
	}
}

func checkArithInts[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](t *testing.T, r *rand.Rand, n int) {
	t.Helper()
	a, b := make([]T, n), make([]T, n)
	for i := range a {
		a[i], b[i] = T(r.Uint64()), T(r.Uint64())
	}
	for _, op := range []Op{Add, Sub, Mul} {
		for alias := range 3 { // d fresh, d = a, d = b
			x, y := append([]T(nil), a...), append([]T(nil), b...)
			d := make([]T, n)
			switch alias {
			case 1:
				d = x
			case 2:
				d = y
			}
			ArithInts(op, d, x, y)
			for i := range d {
				want := a[i] + b[i]
				switch op {
				case Sub:
					want = a[i] - b[i]
				case Mul:
					want = a[i] * b[i]
				}
				if d[i] != want {
					t.Fatalf("%T op %d alias %d n %d: element %d = %v, want %v", a, op, alias, n, i, d[i], want)
				}
			}
		}
	}
}
