//go:build !amd64 || noasm

package vec

import "unsafe"

var useAVX2, hasAVX2 bool

func prefetch(p unsafe.Pointer, n uintptr) {}

func addF64(d, a, b []float64) { panic("vec: no AVX2") }
func subF64(d, a, b []float64) { panic("vec: no AVX2") }
func mulF64(d, a, b []float64) { panic("vec: no AVX2") }
func divF64(d, a, b []float64) { panic("vec: no AVX2") }
func addF32(d, a, b []float32) { panic("vec: no AVX2") }
func subF32(d, a, b []float32) { panic("vec: no AVX2") }
func mulF32(d, a, b []float32) { panic("vec: no AVX2") }
func divF32(d, a, b []float32) { panic("vec: no AVX2") }

var useAVX512DQ, hasAVX512DQ bool

func uniformAVX512(d []float64, lanes *[8]uint64) { panic("vec: no AVX-512") }

func addMomentsAVX2(n, s1, s2, x, k []float64) { addMomentsGo(n, s1, s2, x, k) }

func maxF64(v []float64) (float64, bool) { panic("vec: no AVX2") }
func minF64(v []float64) (float64, bool) { panic("vec: no AVX2") }
func maxF32(v []float32) (float32, bool) { panic("vec: no AVX2") }
func minF32(v []float32) (float32, bool) { panic("vec: no AVX2") }

func nanMaxF64(v []float64, fill float64) float64 { panic("vec: no AVX2") }
func nanMinF64(v []float64, fill float64) float64 { panic("vec: no AVX2") }
func nanMaxF32(v []float32, fill float32) float32 { panic("vec: no AVX2") }
func nanMinF32(v []float32, fill float32) float32 { panic("vec: no AVX2") }

func nanMaxElemsF64(d, a, b []float64) { panic("vec: no AVX2") }
func nanMinElemsF64(d, a, b []float64) { panic("vec: no AVX2") }

func cmpEqF64(d []bool, a, b []float64) { panic("vec: no AVX2") }
func cmpNeF64(d []bool, a, b []float64) { panic("vec: no AVX2") }
func cmpLtF64(d []bool, a, b []float64) { panic("vec: no AVX2") }
func cmpLeF64(d []bool, a, b []float64) { panic("vec: no AVX2") }
func cmpGtF64(d []bool, a, b []float64) { panic("vec: no AVX2") }
func cmpGeF64(d []bool, a, b []float64) { panic("vec: no AVX2") }

func sqrtF64(d, x []float64) { panic("vec: no AVX2") }

func maxElemsF64(d, a, b []float64) { panic("vec: no AVX2") }
func minElemsF64(d, a, b []float64) { panic("vec: no AVX2") }

var hasFMA bool

func expF64(d, x []float64) int { panic("vec: no AVX2") }

var useAVX512F, hasAVX512F bool

func expF64x8(d, x []float64) int { panic("vec: no AVX-512") }
func tanhF64x8(d, x []float64)    { panic("vec: no AVX-512") }

func cmpEqF32(d []bool, a, b []float32) { panic("vec: no AVX2") }
func cmpNeF32(d []bool, a, b []float32) { panic("vec: no AVX2") }
func cmpLtF32(d []bool, a, b []float32) { panic("vec: no AVX2") }
func cmpLeF32(d []bool, a, b []float32) { panic("vec: no AVX2") }
func cmpGtF32(d []bool, a, b []float32) { panic("vec: no AVX2") }
func cmpGeF32(d []bool, a, b []float32) { panic("vec: no AVX2") }

func sqrtF32(d, x []float32) { panic("vec: no AVX2") }

func logF64(d, x []float64) int   { panic("vec: no AVX2") }
func logF64x8(d, x []float64) int { panic("vec: no AVX-512") }

func trigF64(d, x []float64, octants int64, sign uint64) int { panic("vec: no AVX2") }

func widenF32(d []float64, s []float32) { panic("vec: no AVX2") }
func widenI32(d []float64, s []int32)   { panic("vec: no AVX2") }
func cvtI64F64(d []float64, s []int64)  { panic("vec: no AVX-512") }

func floorDivI32(mod bool, d, a, b []int32) { panic("vec: no AVX2") }

func addMomentsNaNAVX2(n, s1, s2, x, k []float64) { panic("vec: no AVX2") }

func toF32I8(d []float32, s []int8)    { panic("vec: no AVX2") }
func toF32U8(d []float32, s []uint8)   { panic("vec: no AVX2") }
func toF32I16(d []float32, s []int16)  { panic("vec: no AVX2") }
func toF32U16(d []float32, s []uint16) { panic("vec: no AVX2") }
func toF32I32(d []float32, s []int32)  { panic("vec: no AVX2") }
func toF64I8(d []float64, s []int8)    { panic("vec: no AVX2") }
func toF64U8(d []float64, s []uint8)   { panic("vec: no AVX2") }
func toF64I16(d []float64, s []int16)  { panic("vec: no AVX2") }
func toF64U16(d []float64, s []uint16) { panic("vec: no AVX2") }
