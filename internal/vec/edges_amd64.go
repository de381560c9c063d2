//go:build amd64 && !noasm

package vec

// countEdgesAVX2 is CountEdges over a multiple of 16 values (at least 16)
// and at least one edge, none of them NaN.
//
//go:noescape
func countEdgesAVX2(out []int64, v, e []float64, right bool)
