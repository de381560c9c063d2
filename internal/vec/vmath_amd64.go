//go:build amd64 && !noasm

package vec

// usePowAVX512 tells whether powF64x8 runs (AVX-512 F and DQ, with
// useAVX512F's FMA).
var usePowAVX512 = useAVX512F && hasAVX512DQ

// powF64x8 is PowFloat64's AVX-512 loop over a multiple of eight
// elements; it leaves NaN in the lanes of math.Pow's special cases and
// returns non-zero when there are some.
//
//go:noescape
func powF64x8(d, x, y []float64) int

// powF32x8 is PowFloat32's AVX-512 loop over a multiple of eight
// elements, as powF64x8.
//
//go:noescape
func powF32x8(d, x, y []float32) int

// trigF64x8 is trigF64 over eight lanes (AVX-512F), a multiple of eight
// elements, with the same bits.
//
//go:noescape
func trigF64x8(d, x []float64, octants int64, sign uint64) int

// atanF64x8 is AtanFloat64's AVX-512F loop over a multiple of eight
// elements.
//
//go:noescape
func atanF64x8(d, x []float64)
