//go:build amd64 && !noasm

package vec

// intElems is the AVX2 loop of MaxElemsInts, MinElemsInts and ArithInts
// over a multiple of 64 bytes: op 2k+1 is the minimum and 2k the maximum
// of uint8, int8, uint16, int16, uint32, int32 for k = 0…5; 12+j and 16+j
// the sum and difference of 2^j-byte integers (j = 0…3), 20 and 21 the
// product of 2- and 4-byte ones (wrapping, signed or not alike), 22, 23
// and 24 the bitwise and, or and xor (Bitwise).
//
//go:noescape
func intElems(op int, d, a, b []byte)

// intRun is the AVX2 loop of ExtremeInts: it folds v, a multiple of 64
// bytes, into acc's 64 bytes (op as intElems').
//
//go:noescape
func intRun(op int, acc, v []byte)

// mulQ512 is ArithInts' loop for products of 8-byte integers with
// AVX-512DQ, over a multiple of 128 bytes.
//
//go:noescape
func mulQ512(d, a, b []byte)
