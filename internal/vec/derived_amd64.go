//go:build amd64 && !noasm

package vec

// The AVX-512 loops of derived.go (derived_amd64.s), each over a
// multiple of eight elements; d may be x.

//go:noescape
func cbrtF64x8(d, x []float64)

//go:noescape
func log1pF64x8(d, x []float64)

//go:noescape
func atanhF64x8(d, x []float64)

//go:noescape
func sinhF64x8(d, x []float64)

//go:noescape
func expm1F64x8(d, x []float64)

//go:noescape
func asinhF64x8(d, x []float64)

//go:noescape
func asinF64x8(d, x []float64)

//go:noescape
func acosF64x8(d, x []float64)

//go:noescape
func exp2F64x8(d, x []float64)

//go:noescape
func log2F64x8(d, x []float64)
