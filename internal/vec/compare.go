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
// least as long as d. The AVX2 loop of op takes the longest multiple of
// sixteen elements (called directly: a func value would move callers'
// buffers to the heap), Compare the rest.
func CompareFloat64(op Cmp, d []bool, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	dn, x, y := d[:n], a[:n], b[:n]
	switch {
	case n == 0:
	case op == Eq:
		cmpEqF64(dn, x, y)
	case op == Ne:
		cmpNeF64(dn, x, y)
	case op == Lt:
		cmpLtF64(dn, x, y)
	case op == Le:
		cmpLeF64(dn, x, y)
	case op == Gt:
		cmpGtF64(dn, x, y)
	default:
		cmpGeF64(dn, x, y)
	}
	Compare(op, d[n:], a[n:], b[n:])
}

// CompareFloat32 is CompareFloat64 for float32.
func CompareFloat32(op Cmp, d []bool, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	dn, x, y := d[:n], a[:n], b[:n]
	switch {
	case n == 0:
	case op == Eq:
		cmpEqF32(dn, x, y)
	case op == Ne:
		cmpNeF32(dn, x, y)
	case op == Lt:
		cmpLtF32(dn, x, y)
	case op == Le:
		cmpLeF32(dn, x, y)
	case op == Gt:
		cmpGtF32(dn, x, y)
	default:
		cmpGeF32(dn, x, y)
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
