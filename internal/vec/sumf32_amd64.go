//go:build amd64 && !noasm

package vec

// sumF32 is SumFloat32's loop: Sum's, each pair of values widened by
// CVTPS2PD as it is loaded.
//
//go:noescape
func sumF32(x []float32) float64

// addToF32 is AddToFloat32's AVX2 loop over a multiple of sixteen
// elements.
//
//go:noescape
func addToF32(dst []float64, src []float32)
