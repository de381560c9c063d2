//go:build amd64 && !noasm

package vec

// maxElemsF32, minElemsF32, nanMaxElemsF32 and nanMinElemsF32 are the
// AVX2 loops of MaxElems, MinElems, NaNMaxElems and NaNMinElems for
// float32, over a multiple of sixteen elements.
//
//go:noescape
func maxElemsF32(d, a, b []float32)

//go:noescape
func minElemsF32(d, a, b []float32)

//go:noescape
func nanMaxElemsF32(d, a, b []float32)

//go:noescape
func nanMinElemsF32(d, a, b []float32)
