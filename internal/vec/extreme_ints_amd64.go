//go:build amd64 && !noasm

package vec

// intElems is the AVX2 loop of MaxElemsInts and MinElemsInts over a
// multiple of 64 bytes: op 2k+1 is the minimum and 2k the maximum of
// uint8, int8, uint16, int16, uint32, int32 for k = 0…5.
//
//go:noescape
func intElems(op int, d, a, b []byte)

// intRun is the AVX2 loop of ExtremeInts: it folds v, a multiple of 64
// bytes, into acc's 64 bytes (op as intElems').
//
//go:noescape
func intRun(op int, acc, v []byte)
