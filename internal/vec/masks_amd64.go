//go:build amd64 && !noasm

package vec

// select64 and select32 are Select's AVX2 loops over a multiple of sixteen
// (select64) or thirty-two (select32) elements.
//
//go:noescape
func select64(d []uint64, c []bool, a, b []uint64)

//go:noescape
func select32(d []uint32, c []bool, a, b []uint32)

// cmpI64 and cmpI32 are CompareInt64's and CompareInt32's AVX2 loops over
// a multiple of sixteen (cmpI64) or thirty-two (cmpI32) elements: d[i] =
// a[i] == b[i] when eq, else a[i] > b[i]; negated when not.
//
//go:noescape
func cmpI64(eq bool, d []bool, a, b []int64, not bool)

//go:noescape
func cmpI32(eq bool, d []bool, a, b []int32, not bool)

// addI64, maxI64 and minI64 are Int64's AVX2 loops, over a multiple of
// sixteen elements.
//
//go:noescape
func addI64(d, a, b []int64)

//go:noescape
func maxI64(d, a, b []int64)

//go:noescape
func minI64(d, a, b []int64)

// The addWide loops and absI64 are AddWidened's and AbsInt64's AVX2
// loops over a multiple of sixteen elements.
//
//go:noescape
func addWideI8(d, a []uint64, b []int8)

//go:noescape
func addWideU8(d, a []uint64, b []uint8)

//go:noescape
func addWideI16(d, a []uint64, b []int16)

//go:noescape
func addWideU16(d, a []uint64, b []uint16)

//go:noescape
func addWideI32(d, a []uint64, b []int32)

//go:noescape
func addWideU32(d, a []uint64, b []uint32)

//go:noescape
func absI64(d, x []int64)

// argMinRowF64 and argMaxRowF64 are ArgRowFloat64's AVX2 loops over a
// multiple of eight elements.
//
//go:noescape
func argMinRowF64(val []float64, ix []int64, x []float64, pos int64) (unset, nan bool)

//go:noescape
func argMaxRowF64(val []float64, ix []int64, x []float64, pos int64) (unset, nan bool)

// argMinRowF32 and argMaxRowF32 are ArgRowFloat32's AVX2 loops over a
// multiple of eight elements.
//
//go:noescape
func argMinRowF32(val []float32, ix []int64, x []float32, pos int64) (unset, nan bool)

//go:noescape
func argMaxRowF32(val []float32, ix []int64, x []float32, pos int64) (unset, nan bool)

// argMinRowI64, argMaxRowI64, argMinRowI32 and argMaxRowI32 are
// ArgRowInts' AVX2 loops over a multiple of eight elements.
//
//go:noescape
func argMinRowI64(val []int64, ix []int64, x []int64, pos int64) (unset, nan bool)

//go:noescape
func argMaxRowI64(val []int64, ix []int64, x []int64, pos int64) (unset, nan bool)

//go:noescape
func argMinRowI32(val []int32, ix []int64, x []int32, pos int64) (unset, nan bool)

//go:noescape
func argMaxRowI32(val []int32, ix []int64, x []int32, pos int64) (unset, nan bool)

// narrowF64 is Float64To32's AVX2 loop over a multiple of sixteen
// elements.
//
//go:noescape
func narrowF64(d []float32, s []float64)

// bitsAndXor is signBits' AVX2 loop over a multiple of sixteen words.
//
//go:noescape
func bitsAndXor(d, x []uint64, and, xor uint64)
