package vec

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
func CompareFloat64(op Cmp, d []bool, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	n := 0
	if useAVX2 {
		n = len(d) &^ 15
		if n > 0 {
			compareF64AVX2[op](d[:n], a[:n], b[:n])
		}
	}
	compareGo(op, d[n:], a[n:], b[n:])
}

// CompareFloat32 is CompareFloat64 for float32.
func CompareFloat32(op Cmp, d []bool, a, b []float32) {
	a, b = a[:len(d)], b[:len(d)]
	n := 0
	if useAVX2 {
		n = len(d) &^ 15
		if n > 0 {
			compareF32AVX2[op](d[:n], a[:n], b[:n])
		}
	}
	compareGo(op, d[n:], a[n:], b[n:])
}

// compareGo is the reference for CompareFloat64 and CompareFloat32.
func compareGo[T float32 | float64](op Cmp, d []bool, a, b []T) {
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

// boolBytes8[m] holds, byte k, bit k of the 8-bit mask m.
var boolBytes8 = func() (t [256]uint64) {
	for m := range t {
		for k := 0; k < 8; k++ {
			t[m] |= uint64(m>>k&1) << (8 * k)
		}
	}
	return t
}()

// boolBytes[m] holds, byte k, bit k of the 4-bit mask m: the bools of four
// lane comparisons.
var boolBytes = func() (t [16]uint32) {
	for m := range t {
		for k := 0; k < 4; k++ {
			t[m] |= uint32(m>>k&1) << (8 * k)
		}
	}
	return t
}()
