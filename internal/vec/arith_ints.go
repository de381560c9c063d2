package vec

import (
	"encoding/binary"
	mbits "math/bits"
	"unsafe"
)

// ArithInts sets d[i] = a[i] op b[i] for i < len(d), for Add, Sub and
// Mul on any integer type, wrapping as Go does; a and b are at least as
// long as d, and d may be either. Sums and differences of every width
// and products of 16- and 32-bit integers run AVX2 loops over 64 bytes a
// pass (intElems), products of 64-bit ones AVX-512DQ loops over 128
// (mulQ512); the rest (Div, 8-bit products, 64-bit ones without
// AVX-512DQ) and the tails go through Arith.
func ArithInts[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32 | uint64](op Op, d, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	var zero T
	size := int(unsafe.Sizeof(zero))
	j := mbits.TrailingZeros(uint(size))
	code := -1
	switch {
	case op == Add:
		code = 12 + j
	case op == Sub:
		code = 16 + j
	case op == Mul && (size == 2 || size == 4):
		code = 19 + j
	}
	n := 0
	switch {
	case code >= 0:
		if n = prefix(len(d)*size, 64) / size; n > 0 {
			intElems(code, bytesOf(d[:n]), bytesOf(a[:n]), bytesOf(b[:n]))
		}
	case op == Mul && size == 8 && useAVX512DQ:
		if n = len(d) &^ 15; n > 0 {
			mulQ512(bytesOf(d[:n]), bytesOf(a[:n]), bytesOf(b[:n]))
		}
	}
	Arith(op, d[n:], a[n:], b[n:])
}

// BitOp is a bitwise operation of Bitwise.
type BitOp uint8

// The operations of Bitwise: d = a & b, a | b, a ^ b.
const (
	BitAnd BitOp = iota
	BitOr
	BitXor
)

// Bitwise sets d[i] = a[i] op b[i] for i < len(d) on bytes: each bit is
// its own, so this serves integers of every width, and bools (the bytes 0
// and 1). a and b are at least as long as d, and d may be either. An AVX2
// loop (intElems) takes 64 bytes a pass, the tail a word, then a byte, at
// a time.
func Bitwise(op BitOp, d, a, b []byte) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 64)
	if n > 0 {
		intElems(22+int(op), d[:n], a[:n], b[:n])
	}
	le := binary.LittleEndian
	i := n
	for ; i+8 <= len(d); i += 8 {
		x, y := le.Uint64(a[i:]), le.Uint64(b[i:])
		switch op {
		case BitAnd:
			le.PutUint64(d[i:], x&y)
		case BitOr:
			le.PutUint64(d[i:], x|y)
		default:
			le.PutUint64(d[i:], x^y)
		}
	}
	for ; i < len(d); i++ {
		switch op {
		case BitAnd:
			d[i] = a[i] & b[i]
		case BitOr:
			d[i] = a[i] | b[i]
		default:
			d[i] = a[i] ^ b[i]
		}
	}
}
