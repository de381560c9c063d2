//go:build !amd64 || noasm

package vec

// The small-B kernels by gemmLevel, that for n at n-1 (see
// gemmSmallTables).
var gemmSmallF64, gemmSmallF32 = gemmSmallTables(false)

// gemmSmallTables returns the small kernels by gemmLevel: the pure-Go
// one alone (vl, which selects AVX-512 kernels on amd64, changes
// nothing).
func gemmSmallTables(vl bool) (f64 [1][]gemmSmallKernel[float64], f32 [1][]gemmSmallKernel[float32]) {
	f64[0] = gemmSmallKernelsOf(gemmSmallRow/8, gemmSmallMaxK, gemmSmallGo[float64])
	f32[0] = gemmSmallKernelsOf(gemmSmallRow/4, gemmSmallMaxK, gemmSmallGo[float32])
	return f64, f32
}
