package vec

// The int64 loops of the reductions and the blockwise evaluator: each
// runs an AVX2 loop over the longest multiple of sixteen elements and its
// pure-Go twin (IntsGo) over the rest, or over all without AVX2. Every
// source is at least as long as d.

// IntOp is an int64 loop.
type IntOp uint8

// The int64 loops: d[i] = a[i] + b[i], max(a[i], b[i]), min(a[i], b[i]).
const (
	AddInt IntOp = iota
	MaxInt
	MinInt
)

// Int64 sets d[i] = a[i] op b[i] for i < len(d).
func Int64(op IntOp, d, a, b []int64) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		intLoops[op](d[:n], a[:n], b[:n])
	}
	IntsGo(op, d[n:], a[n:], b[n:])
}

// IntsGo is Int64 one element at a time, for every integer type.
func IntsGo[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](op IntOp, d, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case AddInt:
		for i := range d {
			d[i] = a[i] + b[i]
		}
	case MaxInt:
		for i := range d {
			d[i] = max(a[i], b[i])
		}
	case MinInt:
		for i := range d {
			d[i] = min(a[i], b[i])
		}
	default:
		panic("vec: unknown int op")
	}
}

// AddWidenedInt32 sets d[i] = a[i] + int64(b[i]) for i < len(d).
func AddWidenedInt32(d, a []int64, b []int32) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		addWideI32(d[:n], a[:n], b[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = a[i] + int64(b[i])
	}
}

// AbsInt64 sets d[i] = |x[i]| for i < len(d); the least int64 stays
// itself (it has no positive twin), as in NumPy.
func AbsInt64(d, x []int64) {
	x = x[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		absI64(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		m := x[i] >> 63 // 0 or -1: no branch
		d[i] = x[i] ^ m - m
	}
}
