//go:build !amd64 || noasm

package vec

func atan2FixF64(d, q, y, x []float64) bool { panic("vec: no AVX2") }
