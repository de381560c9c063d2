//go:build !amd64 || noasm

package vec

// Without assembly usePowAVX512 is false and these are never called.

func cbrtF64x8(d, x []float64)  { panic("vec: no AVX-512") }
func log1pF64x8(d, x []float64) { panic("vec: no AVX-512") }

func atanhF64x8(d, x []float64) { panic("vec: no AVX-512") }
func sinhF64x8(d, x []float64)  { panic("vec: no AVX-512") }
func expm1F64x8(d, x []float64) { panic("vec: no AVX-512") }
func asinhF64x8(d, x []float64) { panic("vec: no AVX-512") }
func asinF64x8(d, x []float64)  { panic("vec: no AVX-512") }
func acosF64x8(d, x []float64)  { panic("vec: no AVX-512") }
func exp2F64x8(d, x []float64)  { panic("vec: no AVX-512") }
func log2F64x8(d, x []float64)  { panic("vec: no AVX-512") }
