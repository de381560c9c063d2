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

// TestBitwise checks Bitwise against Go's operators on bytes, on both
// paths, over every length up to 200 (the 64-byte loop, the words and the
// bytes of the tail), at unaligned starts, in place too.
func TestBitwise(t *testing.T) {
	r := rand.New(rand.NewPCG(93, 94))
	paths(t, func(fast bool) {
		for n := range 200 {
			off := r.IntN(8)
			a, b := make([]byte, n+off), make([]byte, n+off)
			for i := range a {
				a[i], b[i] = byte(r.Uint32()), byte(r.Uint32())
			}
			a, b = a[off:], b[off:]
			for op, f := range []func(x, y byte) byte{
				func(x, y byte) byte { return x & y }, func(x, y byte) byte { return x | y }, func(x, y byte) byte { return x ^ y }} {
				d := make([]byte, n+1)
				d[n] = 7
				Bitwise(BitOp(op), d[:n], a, b)
				in := append([]byte(nil), a...)
				Bitwise(BitOp(op), in, in, b)
				for i := range n {
					if w := f(a[i], b[i]); d[i] != w || in[i] != w {
						t.Fatalf("fast=%v op=%d n=%d: d[%d] = %#x (in place %#x), want %#x", fast, op, n, i, d[i], in[i], w)
					}
				}
				if d[n] != 7 {
					t.Fatalf("fast=%v op=%d n=%d: wrote past d", fast, op, n)
				}
			}
		}
	})
}
