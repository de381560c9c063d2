//go:build amd64 && !noasm

package vec

// trigF32x16 is SinFloat32's (q = 0) and CosFloat32's (q = 1) AVX-512
// loop in float32 lanes, sixteen at a time (the tail under a mask): it
// returns non-zero when it flagged lanes (trig16Flagged), whose results
// the caller recomputes.
//
//go:noescape
func trigF32x16(d, x []float32, q uint64) int
