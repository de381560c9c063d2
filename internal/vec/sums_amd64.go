//go:build amd64 && !noasm

package vec

// AddTo adds src[i] to dst[i] for i < len(dst); len(src) ≥ len(dst):
// the AVX2 loop of Float64 where the CPU has it, else SSE2. The pure-Go
// twin, addToGo, is the reference.
func AddTo(dst, src []float64) {
	if simdLevel > 0 {
		Float64(Add, dst, dst, src)
		return
	}
	addToSSE2(dst, src)
}

// addToSSE2 is addTo's SSE2 loop, eight elements per iteration.
//
//go:noescape
func addToSSE2(dst, src []float64)

// ShiftedSums returns Σ(x-k) and Σ(x-k)² (SSE2 or AVX2 by simdLevel,
// eight partial sums each). The pure-Go twin, shiftedSumsGo, is the
// reference and gives the same bits.
//
//go:noescape
func ShiftedSums(x []float64, k float64) (s1, s2 float64)

// Add4To adds (a[i]+b[i]) + (c[i]+d[i]) to dst[i] for i < len(dst); the
// sources are at least as long. The pure-Go twin, add4ToGo, is the
// reference.
//
//go:noescape
func Add4To(dst, a, b, c, d []float64)

// Sum returns the sum of x with eight interleaved partial sums (SSE2).
// The pure-Go twin, sumGo, is the reference and adds in the same order.
//
//go:noescape
func Sum(x []float64) float64

// Add8To adds ((a[i]+b[i]) + (c[i]+d[i])) + ((e[i]+f[i]) + (g[i]+h[i]))
// to dst[i] for i < len(dst); the sources are at least as long. The
// pure-Go twin, add8ToGo, is the reference and adds in the same order.
// It prefetches ahead within each row and, assuming the rows are evenly
// spaced (a band of a chunk), the start of the next band's rows; the
// hints never fault. It uses the widest vectors simdLevel allows: on a
// 2-core Zen 5 the AVX-512 path reads a band ~20% faster than SSE2, which
// leaves a column sum faster than the SSE2 sum of the same bytes.
//
//go:noescape
func Add8To(dst, a, b, c, d, e, f, g, h []float64)
