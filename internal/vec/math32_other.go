//go:build !amd64 || noasm

package vec

// Without assembly usePowAVX512 is false and these are never called.

func expF32x8(d, x []float32)                { panic("vec: no AVX-512") }
func exp2F32x8(d, x []float32)               { panic("vec: no AVX-512") }
func expm1F32x8(d, x []float32)              { panic("vec: no AVX-512") }
func logF32x8(d, x []float32, scale float64) { panic("vec: no AVX-512") }
func log1pF32x8(d, x []float32)              { panic("vec: no AVX-512") }
func sinhF32x8(d, x []float32)               { panic("vec: no AVX-512") }
func coshF32x8(d, x []float32)               { panic("vec: no AVX-512") }
func asinF32x8(d, x []float32)               { panic("vec: no AVX-512") }
func acosF32x8(d, x []float32)               { panic("vec: no AVX-512") }
func asinhF32x8(d, x []float32)              { panic("vec: no AVX-512") }
func acoshF32x8(d, x []float32)              { panic("vec: no AVX-512") }
func atanhF32x8(d, x []float32)              { panic("vec: no AVX-512") }
func cbrtF32x8(d, x []float32)               { panic("vec: no AVX-512") }
func tanF32x8(d, x []float32) int            { panic("vec: no AVX-512") }
func logAddExpF32x8(d, a, b []float32)       { panic("vec: no AVX-512") }
func atan2F32x8(d, y, x []float32)           { panic("vec: no AVX-512") }
