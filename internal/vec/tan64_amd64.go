//go:build amd64 && !noasm

package vec

// tanF64x8 is tan64's AVX-512F loop over a multiple of eight elements:
// it stops before the first vector with a finite |x| > tan64Max and
// returns how many elements it stored.
//
//go:noescape
func tanF64x8(d, x []float64) int
