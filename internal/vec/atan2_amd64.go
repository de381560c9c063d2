//go:build amd64 && !noasm

package vec

// atan2FixF64 is Atan2Float64's AVX2 loop after the arctangent (see the
// assembly).
//
//go:noescape
func atan2FixF64(d, q, y, x []float64) bool
