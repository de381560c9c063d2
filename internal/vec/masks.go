package vec

import "unsafe"

// Select sets d[i] = a[i] where c[i] is true, else b[i], for i < len(d);
// c, a and b are at least as long as d. Elements of four and eight bytes
// take an AVX2 blend without a branch per element; SelectGo is the
// reference and the loop for other sizes and the tails.
func Select[T any](d []T, c []bool, a, b []T) {
	c, a, b = c[:len(d)], a[:len(d)], b[:len(d)]
	var n int
	switch unsafe.Sizeof(*new(T)) {
	case 8:
		if n = prefix(len(d), 16); n > 0 {
			select64(words[uint64](d, n), c[:n], words[uint64](a, n), words[uint64](b, n))
		}
	case 4:
		if n = prefix(len(d), 32); n > 0 {
			select32(words[uint32](d, n), c[:n], words[uint32](a, n), words[uint32](b, n))
		}
	}
	SelectGo(d[n:], c[n:], a[n:], b[n:])
}

// SelectGo is Select one element at a time.
func SelectGo[T any](d []T, c []bool, a, b []T) {
	c, a, b = c[:len(d)], a[:len(d)], b[:len(d)]
	for i := range d {
		if c[i] {
			d[i] = a[i]
		} else {
			d[i] = b[i]
		}
	}
}

// words views the first n words W of s's memory (n·sizeof(W) bytes at
// most s's) as W.
func words[W uint32 | uint64, T any](s []T, n int) []W {
	return unsafe.Slice((*W)(unsafe.Pointer(unsafe.SliceData(s))), n)
}

// CompareInt64 sets d[i] = a[i] op b[i] for i < len(d); a and b are at
// least as long as d. Compare is its reference.
func CompareInt64(op Cmp, d []bool, a, b []int64) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		eq, swap, not := intCmp(op)
		x, y := a[:n], b[:n]
		if swap {
			x, y = y, x
		}
		cmpI64(eq, d[:n], x, y, not)
	}
	Compare(op, d[n:], a[n:], b[n:])
}

// CompareInt32 is CompareInt64 for int32.
func CompareInt32(op Cmp, d []bool, a, b []int32) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 32)
	if n > 0 {
		eq, swap, not := intCmp(op)
		x, y := a[:n], b[:n]
		if swap {
			x, y = y, x
		}
		cmpI32(eq, d[:n], x, y, not)
	}
	Compare(op, d[n:], a[n:], b[n:])
}

// intCmp writes op as the vector units' two integer comparisons, a == b
// (eq) or a > b: op(a, b) is that comparison of (b, a) when swap, negated
// when not.
func intCmp(op Cmp) (eq, swap, not bool) {
	switch op {
	case Eq:
		return true, false, false
	case Ne:
		return true, false, true
	case Gt:
		return false, false, false
	case Lt:
		return false, true, false
	case Le: // !(a > b)
		return false, false, true
	case Ge: // !(b > a)
		return false, true, true
	}
	panic("vec: unknown comparison")
}
