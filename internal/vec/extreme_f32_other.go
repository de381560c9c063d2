//go:build !amd64 || noasm

package vec

func maxElemsF32(d, a, b []float32)    { panic("vec: no AVX2") }
func minElemsF32(d, a, b []float32)    { panic("vec: no AVX2") }
func nanMaxElemsF32(d, a, b []float32) { panic("vec: no AVX2") }
func nanMinElemsF32(d, a, b []float32) { panic("vec: no AVX2") }
