package vec

import "cmp"

// Cmp is a comparison.
type Cmp uint8

// The comparisons, with Go's (and IEEE's) NaN rules: every comparison
// with a NaN is false except Ne, which is true.
const (
	Eq Cmp = iota
	Ne
	Lt
	Le
	Gt
	Ge
)

// CompareFloat64 sets d[i] = a[i] op b[i] for i < len(d); a and b are at
// least as long as d.
func CompareFloat64(op Cmp, d []bool, a, b []float64) { compare(op, d, a, b, &compareF64AVX2) }

// CompareFloat32 is CompareFloat64 for float32.
func CompareFloat32(op Cmp, d []bool, a, b []float32) { compare(op, d, a, b, &compareF32AVX2) }

// compare runs the AVX2 loop of op over the longest multiple of sixteen
// elements, and Compare over the rest.
func compare[T float32 | float64](op Cmp, d []bool, a, b []T, loops *[Ge + 1]func(d []bool, a, b []T)) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		loops[op](d[:n], a[:n], b[:n])
	}
	Compare(op, d[n:], a[n:], b[n:])
}

// Compare sets d[i] = a[i] op b[i] for i < len(d), one element at a time:
// the reference of CompareFloat64 and CompareFloat32, and the loop for
// every other ordered type.
func Compare[T cmp.Ordered](op Cmp, d []bool, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case Eq:
		for i := range d {
			d[i] = a[i] == b[i]
		}
	case Ne:
		for i := range d {
			d[i] = a[i] != b[i]
		}
	case Lt:
		for i := range d {
			d[i] = a[i] < b[i]
		}
	case Le:
		for i := range d {
			d[i] = a[i] <= b[i]
		}
	case Gt:
		for i := range d {
			d[i] = a[i] > b[i]
		}
	case Ge:
		for i := range d {
			d[i] = a[i] >= b[i]
		}
	default:
		panic("vec: unknown comparison")
	}
}

// boolBytes8[m] holds, byte k, bit k of the 8-bit mask m: the bools of
// eight lane comparisons (of four, in its low bytes, for a 4-bit mask).
var boolBytes8 = func() (t [256]uint64) {
	for m := range t {
		for k := 0; k < 8; k++ {
			t[m] |= uint64(m>>k&1) << (8 * k)
		}
	}
	return t
}()
