//go:build !amd64 || noasm

package vec

func trigF32x16(d, x []float32, q uint64) int { panic("vec: no AVX-512") }
