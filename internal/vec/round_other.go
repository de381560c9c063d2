//go:build !amd64 || noasm

package vec

func roundF64(m RoundMode, d, x []float64) { panic("vec: no AVX") }
func roundF32(m RoundMode, d, x []float32) { panic("vec: no AVX") }
