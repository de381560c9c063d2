//go:build amd64 && !noasm

package vec

// The sumWide loops are SumWidened's AVX2 loops over a multiple of
// sixteen elements (at least sixteen): the sum of b's elements, each
// sign- or zero-extended to 64 bits, wrapping.
//
//go:noescape
func sumWideI8(b []int8) uint64

//go:noescape
func sumWideU8(b []uint8) uint64

//go:noescape
func sumWideI16(b []int16) uint64

//go:noescape
func sumWideU16(b []uint16) uint64

//go:noescape
func sumWideI32(b []int32) uint64

//go:noescape
func sumWideU32(b []uint32) uint64
