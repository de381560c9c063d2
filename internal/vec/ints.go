package vec

import (
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
)

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
	switch { // direct calls: a func value would move callers' buffers to the heap
	case n == 0:
	case op == AddInt:
		addI64(d[:n], a[:n], b[:n])
	case op == MaxInt:
		maxI64(d[:n], a[:n], b[:n])
	case op == MinInt:
		minI64(d[:n], a[:n], b[:n])
	default:
		panic("vec: unknown int op")
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

// AddWidened sets d[i] = a[i] + D(b[i]) for i < len(d) (a and b are at
// least as long; d may be a): a widening sum, b sign- or zero-extended
// as its type is, by an AVX2 loop over the multiple of sixteen.
func AddWidened[D int64 | uint64, S int8 | uint8 | int16 | uint16 | int32 | uint32](d, a []D, b []S) {
	a, b = a[:len(d)], b[:len(d)]
	if n := prefix(len(d), 16); n > 0 {
		dw, aw := words[uint64](d, n), words[uint64](a, n)
		switch b := any(b[:n]).(type) {
		case []int8:
			addWideI8(dw, aw, b)
		case []uint8:
			addWideU8(dw, aw, b)
		case []int16:
			addWideI16(dw, aw, b)
		case []uint16:
			addWideU16(dw, aw, b)
		case []int32:
			addWideI32(dw, aw, b)
		case []uint32:
			addWideU32(dw, aw, b)
		}
		d, a, b = d[n:], a[n:], b[n:]
	}
	for i := range d {
		d[i] = a[i] + D(b[i])
	}
}

// SumWidened returns the sum of v's elements, each sign- or
// zero-extended to D as its type is (wrapping as D does): an AVX2 loop
// over the multiple of sixteen, four accumulators in the rest.
func SumWidened[D int64 | uint64, S int8 | uint8 | int16 | uint16 | int32 | uint32](v []S) D {
	var s D
	if n := prefix(len(v), 16); n > 0 {
		switch b := any(v[:n]).(type) {
		case []int8:
			s = D(sumWideI8(b))
		case []uint8:
			s = D(sumWideU8(b))
		case []int16:
			s = D(sumWideI16(b))
		case []uint16:
			s = D(sumWideU16(b))
		case []int32:
			s = D(sumWideI32(b))
		case []uint32:
			s = D(sumWideU32(b))
		}
		v = v[n:]
	}
	var p [4]D
	i := 0
	for ; i+4 <= len(v); i += 4 {
		v4 := v[i : i+4 : i+4]
		p[0] += D(v4[0])
		p[1] += D(v4[1])
		p[2] += D(v4[2])
		p[3] += D(v4[3])
	}
	for ; i < len(v); i++ {
		p[0] += D(v[i])
	}
	return s + (p[0] + p[1]) + (p[2] + p[3])
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

// ArgRowFloat64 meets running bests (val, at positions ix) with a row x
// at position g, for i < len(x): where x[i] is strictly smaller than
// val[i] (strictly larger when larger), val[i] = x[i] and ix[i] = g. It
// reports whether some ix[i] was negative (no best yet) and whether x
// holds a NaN: cases a caller's full rule must see (it may run over the
// row again: a strictly better value taken here stays the best under it).
func ArgRowFloat64(larger bool, val []float64, ix []int64, x []float64, g int64) (unset, nan bool) {
	val, ix = val[:len(x)], ix[:len(x)]
	n := prefix(len(x), 8)
	if n > 0 {
		if larger {
			unset, nan = argMaxRowF64(val[:n], ix[:n], x[:n], g)
		} else {
			unset, nan = argMinRowF64(val[:n], ix[:n], x[:n], g)
		}
	}
	u, m := ArgRowGo(larger, val[n:], ix[n:], x[n:], g)
	return unset || u, nan || m
}

// ArgRowFloat32 is ArgRowFloat64 for float32 rows (their indices int64).
func ArgRowFloat32(larger bool, val []float32, ix []int64, x []float32, g int64) (unset, nan bool) {
	val, ix = val[:len(x)], ix[:len(x)]
	n := prefix(len(x), 8)
	if n > 0 {
		if larger {
			unset, nan = argMaxRowF32(val[:n], ix[:n], x[:n], g)
		} else {
			unset, nan = argMinRowF32(val[:n], ix[:n], x[:n], g)
		}
	}
	u, m := ArgRowGo(larger, val[n:], ix[n:], x[n:], g)
	return unset || u, nan || m
}

// ArgRowInts is ArgRowFloat64 for int64 and int32 rows (never a NaN).
func ArgRowInts[T int32 | int64](larger bool, val []T, ix []int64, x []T, g int64) (unset, nan bool) {
	val, ix = val[:len(x)], ix[:len(x)]
	n := prefix(len(x), 8)
	if n > 0 {
		switch v := any(val[:n]).(type) {
		case []int64:
			if xs := any(x[:n]).([]int64); larger {
				unset, _ = argMaxRowI64(v, ix[:n], xs, g)
			} else {
				unset, _ = argMinRowI64(v, ix[:n], xs, g)
			}
		case []int32:
			if xs := any(x[:n]).([]int32); larger {
				unset, _ = argMaxRowI32(v, ix[:n], xs, g)
			} else {
				unset, _ = argMinRowI32(v, ix[:n], xs, g)
			}
		}
	}
	u, _ := ArgRowGo(larger, val[n:], ix[n:], x[n:], g)
	return unset || u, false
}

// ArgRowGo is ArgRowFloat64 one element at a time, for every ordered
// type.
func ArgRowGo[T chunk.Number](larger bool, val []T, ix []int64, x []T, g int64) (unset, nan bool) {
	val, ix = val[:len(x)], ix[:len(x)]
	for i, v := range x {
		unset = unset || ix[i] < 0
		nan = nan || v != v
		if c := val[i]; larger && v > c || !larger && v < c {
			val[i], ix[i] = v, g
		}
	}
	return unset, nan
}

// Float64To32 sets d[i] = float32(s[i]) for i < len(d), rounded to
// nearest even as Go's conversion (NaN stays NaN, overflow gives ±Inf).
func Float64To32(d []float32, s []float64) {
	s = s[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		narrowF64(d[:n], s[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = float32(s[i])
	}
}

// The sign masks of AbsFloat and NegFloat: every float64 bit but the
// sign, and the sign; a float32 pair's in one word.
const (
	absMask64, negMask64 = 1<<63 - 1, 1 << 63
	absMask32, negMask32 = 0x7fffffff_7fffffff, 0x80000000_80000000
)

// AbsFloat sets d[i] = |x[i]| for i < len(d) by clearing the sign bit
// (math.Abs's bits, NaN payloads kept).
func AbsFloat[T ~float32 | ~float64](d, x []T) {
	if unsafe.Sizeof(*new(T)) == 8 {
		signBits(d, x, absMask64, 0)
	} else {
		signBits(d, x, absMask32, 0)
	}
}

// SignFloat sets d[i] = sign(x[i]) for i < len(d) (x is at least as long;
// d may be x): ±1 with x[i]'s sign, x[i] itself for ±0 and NaN. An AVX2
// loop (signF64, signF32) takes the multiple of its step, signWords the
// rest on the bits, without a branch (one on random signs mispredicts
// half the time).
func SignFloat[T ~float32 | ~float64](d, x []T) {
	x = x[:len(d)]
	if unsafe.Sizeof(*new(T)) == 8 {
		d64, x64 := words[uint64](d, len(d)), words[uint64](x, len(d))
		n := prefix(len(d), 8)
		if n > 0 {
			signF64(d64[:n], x64[:n])
		}
		signWords(d64[n:], x64[n:], negMask64, 0x3ff<<52, 0x7ff<<52)
	} else {
		d32, x32 := words[uint32](d, len(d)), words[uint32](x, len(d))
		n := prefix(len(d), 16)
		if n > 0 {
			signF32(d32[:n], x32[:n])
		}
		signWords(d32[n:], x32[n:], negMask32>>32, 0x3f8<<20, 0x7f8<<20)
	}
}

// signWords is SignFloat on the words of one float each: sign is the sign
// bit, one the bits of 1, inf those of +Inf.
func signWords[W uint32 | uint64](d, x []W, sign, one, inf W) {
	x = x[:len(d)]
	for i, b := range x {
		r := b&sign | one
		if b&^sign-1 >= inf { // ±0 (the subtraction wraps) or NaN
			r = b
		}
		d[i] = r
	}
}

// NegFloat sets d[i] = -x[i] for i < len(d) by flipping the sign bit (Go's
// negation: -0 for 0, NaN payloads kept).
func NegFloat[T ~float32 | ~float64](d, x []T) {
	if unsafe.Sizeof(*new(T)) == 8 {
		signBits(d, x, ^uint64(0), negMask64)
	} else {
		signBits(d, x, ^uint64(0), negMask32)
	}
}

// signBits sets the words of d to (x & and) ^ xor: one float64 or two
// float32 per word (an odd last float32 alone).
func signBits[T ~float32 | ~float64](d, x []T, and, xor uint64) {
	x = x[:len(d)]
	narrow := unsafe.Sizeof(*new(T)) == 4
	w := len(d)
	if narrow {
		w /= 2
	}
	if w > 0 { // a lone float32 is no word: its pointer may not be one
		dw, xw := words[uint64](d, w), words[uint64](x, w)
		n := prefix(w, 16)
		if n > 0 {
			bitsAndXor(dw[:n], xw[:n], and, xor)
		}
		for i := n; i < w; i++ {
			dw[i] = xw[i]&and ^ xor
		}
	}
	if narrow && len(d)%2 == 1 {
		d32, x32 := words[uint32](d, len(d)), words[uint32](x, len(d))
		d32[len(d)-1] = x32[len(d)-1]&uint32(and) ^ uint32(xor)
	}
}
