//go:build !amd64 || noasm

package vec

func countEdgesAVX2(out []int64, v, e []float64, right bool) { panic("vec: no AVX2") }
