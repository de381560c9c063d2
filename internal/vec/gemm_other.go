//go:build !amd64 || noasm

package vec

// The micro-kernels of GemmFloat64 and GemmFloat32 by gemmLevel: the
// pure-Go one alone.
var (
	gemmKernelsF64 = [...]gemmKernel[float64]{{gemmGoMR, gemmGoNR, gemmGo[float64], gemmGoRows[float64]}}
	gemmKernelsF32 = [...]gemmKernel[float32]{{gemmGoMR, gemmGoNR, gemmGo[float32], gemmGoRows[float32]}}
)

// gemmLevel selects the micro-kernel: only the pure-Go one here.
var gemmLevel, maxGemmLevel = 0, 0
