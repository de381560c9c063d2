//go:build amd64 && !noasm

package vec

// floorModF64 and floorModF32 are the AVX2 loops of FloorModFloat64 and
// FloorModFloat32 over a multiple of four elements: they return how many
// they did, stopping at the first group of four they cannot take.
//
//go:noescape
func floorModF64(mod bool, d, a, b []float64, lim float64) int

//go:noescape
func floorModF32(mod bool, d, a, b []float32, lim float64) int
