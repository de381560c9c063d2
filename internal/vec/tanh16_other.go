//go:build !amd64 || noasm

package vec

func tanhF32x16(d, x []float32) { panic("vec: no AVX-512") }
