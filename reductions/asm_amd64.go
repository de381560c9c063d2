//go:build amd64 && !noasm

package reductions

// addTo adds src[i] to dst[i] for i < len(dst); len(src) ≥ len(dst). SSE2,
// eight elements per iteration. The pure-Go twin, addToGo, is the
// reference.
//
//go:noescape
func addTo(dst, src []float64)

// shiftedSums returns Σ(x-k) and Σ(x-k)² (SSE2, four partial sums
// each). The pure-Go twin, shiftedSumsGo, is the reference.
//
//go:noescape
func shiftedSums(x []float64, k float64) (s1, s2 float64)

// add4To adds (a[i]+b[i]) + (c[i]+d[i]) to dst[i] for i < len(dst); the
// sources are at least as long. The pure-Go twin, add4ToGo, is the
// reference.
//
//go:noescape
func add4To(dst, a, b, c, d []float64)

// sum returns the sum of x with eight interleaved partial sums (SSE2).
// The pure-Go twin, sumGo, is the reference and adds in the same order.
//
//go:noescape
func sum(x []float64) float64

// add8To adds ((a[i]+b[i]) + (c[i]+d[i])) + ((e[i]+f[i]) + (g[i]+h[i]))
// to dst[i] for i < len(dst); the sources are at least as long. The
// pure-Go twin, add8ToGo, is the reference and adds in the same order.
// It prefetches ahead within each row and, assuming the rows are evenly
// spaced (a band of a chunk), the start of the next band's rows; the
// hints never fault.
//
//go:noescape
func add8To(dst, a, b, c, d, e, f, g, h []float64)
