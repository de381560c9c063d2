package vec

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestFloorDivByInt64 checks the multiply-by-reciprocal division against
// Go's / and % floored (NumPy's floor_divide and remainder): dividends at
// the int64 limits, near multiples of the divisor and at random, divisors
// 1, powers of two and their neighbours, small odd numbers, MaxInt64 and
// random ones, with the AVX-512 loop (dividends within 2⁵³, up to a
// group holding one beyond) and without, in place too; and that
// divisors below 1 are left to the caller.
func TestFloorDivByInt64(t *testing.T) {
	defer func(v bool) { useAVX512DQ = v }(useAVX512DQ)
	r := rand.New(rand.NewPCG(5, 6))
	divisors := []int64{1, 2, 3, 5, 7, 10, 641, 1 << 31, 1<<31 - 1, 1<<31 + 1, 1 << 62, 1<<62 + 1, 1<<62 - 1, math.MaxInt64, math.MaxInt64 - 1}
	for range 60 {
		divisors = append(divisors, int64(r.Uint64()>>uint(r.IntN(63))))
	}
	for _, y := range divisors {
		if y < 1 {
			continue
		}
		// Dividends within 2⁵³ first (the AVX-512 loop's range, its ends
		// included), then the int64 limits, which stop that loop.
		x := []int64{0, 1, -1, 1 << 53, -1 << 53, 1<<53 - 1, -1<<53 + 1, y % (1 << 53), -(y % (1 << 53))}
		for i := range 300 {
			v := int64(r.Uint64()>>11) - 1<<52
			if i >= 200 {
				v = int64(r.Uint64())
			}
			if r.IntN(2) == 0 {
				k := int64(r.IntN(2000) - 1000)
				if k*y/y == k { // no overflow
					v = k*y + int64(r.IntN(3)-1)
				}
			}
			x = append(x, v)
			if i == 150 {
				x = append(x, math.MaxInt64, math.MinInt64, math.MinInt64+1, math.MaxInt64-1, y, -y, y-1, -y+1, y+1, -y-1)
			}
		}
		for _, c := range []struct{ mod, dq, inPlace bool }{{false, true, false}, {true, true, false}, {false, true, true}, {true, true, true}, {false, false, false}, {true, false, false}} {
			mod := c.mod
			useAVX512DQ = c.dq && hasAVX512DQ
			d := make([]int64, len(x))
			src := append([]int64(nil), x...)
			if c.inPlace {
				d = src
			}
			if !FloorDivByInt64(mod, d, src, y) {
				t.Fatalf("divisor %d refused", y)
			}
			for i, v := range x {
				q, rem := v/y, v%y
				if rem != 0 && v < 0 {
					q, rem = q-1, rem+y
				}
				want := q
				if mod {
					want = rem
				}
				if d[i] != want {
					t.Fatalf("%d // %d (mod %v) = %d, want %d", v, y, mod, d[i], want)
				}
			}
		}
	}
	for _, y := range []int64{0, -1, -7, math.MinInt64} {
		if FloorDivByInt64(false, make([]int64, 3), []int64{1, 2, 3}, y) {
			t.Fatalf("divisor %d taken", y)
		}
	}
}

// TestFloorDivBy checks FloorDivBy for every integer type of one to four
// bytes against Go's truncated division floored, over divisors from 1
// to the type's greatest and dividends across its range (its extremes,
// multiples of the divisor and their neighbours), with and without the
// AVX-512 loop, in place too, and its refusal of divisors below 1 or
// beyond the type's values.
func TestFloorDivBy(t *testing.T) {
	defer func(v bool) { useAVX512DQ = v }(useAVX512DQ)
	checkFloorDivBy[int8](t)
	checkFloorDivBy[uint8](t)
	checkFloorDivBy[int16](t)
	checkFloorDivBy[uint16](t)
	checkFloorDivBy[int32](t)
	checkFloorDivBy[uint32](t)
}

func checkFloorDivBy[T int8 | uint8 | int16 | uint16 | int32 | uint32](t *testing.T) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 8))
	var zero T
	greatest := ^zero
	if greatest < 0 {
		greatest = T(uint64(greatest) >> 1 & (uint64(1)<<(8*unsafe.Sizeof(zero)-1) - 1))
	}
	least := greatest + 1 // wraps to the least value (0 unsigned)
	divisors := []T{1, 2, 3, 7, 10, greatest, greatest - 1, greatest/2 + 1}
	for range 20 {
		divisors = append(divisors, T(r.Uint64())&greatest|1)
	}
	for _, y := range divisors {
		x := []T{0, 1, least, greatest, least + 1, greatest - 1, y, y - 1, y + 1}
		for range 100 {
			v := T(r.Uint64())
			if r.IntN(2) == 0 {
				v = T(r.IntN(64)-32) * y
			}
			x = append(x, v, v+1, v-1)
		}
		for _, c := range []struct{ mod, dq, inPlace bool }{{false, true, false}, {true, true, false}, {false, true, true}, {true, true, true}, {false, false, false}, {true, false, false}} {
			useAVX512DQ = c.dq && hasAVX512DQ
			d := make([]T, len(x))
			src := append([]T(nil), x...)
			if c.inPlace {
				d = src
			}
			if !FloorDivBy(c.mod, d, src, int64(y)) {
				t.Fatalf("%T divisor %d refused", y, y)
			}
			for i, v := range x {
				q, rem := v/y, v%y
				if rem != 0 && v < 0 {
					q, rem = q-1, rem+y
				}
				want := q
				if c.mod {
					want = rem
				}
				if d[i] != want {
					t.Fatalf("%T %d // %d (mod %v, avx-512 %v) = %d, want %d", v, v, y, c.mod, useAVX512DQ, d[i], want)
				}
			}
		}
	}
	for _, y := range []int64{0, -1, -7} {
		if FloorDivBy(false, make([]T, 3), []T{1, 2, 3}, y) {
			t.Fatalf("%T divisor %d taken", zero, y)
		}
	}
	for _, y := range []int64{int64(greatest) + 1, 1<<40 + 3} { // beyond T's values
		if FloorDivBy(false, make([]T, 3), []T{1, 2, 3}, y) {
			t.Fatalf("%T divisor %d taken", zero, y)
		}
	}
}
