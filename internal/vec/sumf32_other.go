//go:build !amd64 || noasm

package vec

func sumF32(x []float32) float64            { return sumF32Go(x) }
func addToF32(dst []float64, src []float32) { panic("vec: no AVX2") }
