//go:build !amd64 || noasm

package vec

// Without assembly useAVX512F is false and tanF64x8 is never called.
func tanF64x8(d, x []float64) int { panic("vec: no AVX-512") }
