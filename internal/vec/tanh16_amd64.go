//go:build amd64 && !noasm

package vec

// tanhF32x16 is TanhFloat32's AVX-512F loop in float32 lanes, sixteen at
// a time (the tail under a mask).
//
//go:noescape
func tanhF32x16(d, x []float32)
