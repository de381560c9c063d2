//go:build !amd64 || noasm

package vec

func select64(d []uint64, c []bool, a, b []uint64) { panic("vec: no AVX2") }
func select32(d []uint32, c []bool, a, b []uint32) { panic("vec: no AVX2") }

func cmpI64(eq bool, d []bool, a, b []int64, not bool) { panic("vec: no AVX2") }
func cmpI32(eq bool, d []bool, a, b []int32, not bool) { panic("vec: no AVX2") }

func addI64(d, a, b []int64) { panic("vec: no AVX2") }
func maxI64(d, a, b []int64) { panic("vec: no AVX2") }
func minI64(d, a, b []int64) { panic("vec: no AVX2") }

func addWideI8(d, a []uint64, b []int8)    { panic("vec: no AVX2") }
func addWideU8(d, a []uint64, b []uint8)   { panic("vec: no AVX2") }
func addWideI16(d, a []uint64, b []int16)  { panic("vec: no AVX2") }
func addWideU16(d, a []uint64, b []uint16) { panic("vec: no AVX2") }
func addWideI32(d, a []uint64, b []int32)  { panic("vec: no AVX2") }
func addWideU32(d, a []uint64, b []uint32) { panic("vec: no AVX2") }
func absI64(d, x []int64)                  { panic("vec: no AVX2") }

func argMinRowF64(val []float64, ix []int64, x []float64, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMaxRowF64(val []float64, ix []int64, x []float64, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMinRowF32(val []float32, ix []int64, x []float32, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMaxRowF32(val []float32, ix []int64, x []float32, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMinRowI64(val []int64, ix []int64, x []int64, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMaxRowI64(val []int64, ix []int64, x []int64, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMinRowI32(val []int32, ix []int64, x []int32, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}
func argMaxRowI32(val []int32, ix []int64, x []int32, g int64) (unset, nan bool) {
	panic("vec: no AVX2")
}

func narrowF64(d []float32, s []float64)        { panic("vec: no AVX2") }
func bitsAndXor(d, x []uint64, and, xor uint64) { panic("vec: no AVX2") }
