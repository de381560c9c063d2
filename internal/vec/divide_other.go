//go:build !amd64 || noasm

package vec

func floorModF64(mod bool, d, a, b []float64, lim float64) int { panic("vec: no AVX2") }
func floorModF32(mod bool, d, a, b []float32, lim float64) int { panic("vec: no AVX2") }
