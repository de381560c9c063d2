//go:build amd64 && !noasm

package vec

//go:generate go run gemm_gen.go -out gemm_amd64.s

// The micro-kernels of GemmFloat64 and GemmFloat32 by gemmLevel: the
// pure-Go twin, AVX2+FMA (6×8 float64, 6×16 float32, in 16 YMM
// registers) and AVX-512 (14×16 and 14×32, in 32 ZMM registers, A's
// elements broadcast from memory by the FMAs themselves).
var (
	gemmKernelsF64 = [...]gemmKernel[float64]{
		{gemmGoMR, gemmGoNR, gemmGo[float64]},
		{6, 8, gemmAVX2F64},
		{14, 16, gemmAVX512F64},
	}
	gemmKernelsF32 = [...]gemmKernel[float32]{
		{gemmGoMR, gemmGoNR, gemmGo[float32]},
		{6, 16, gemmAVX2F32},
		{14, 32, gemmAVX512F32},
	}
)

// The assembly micro-kernels (see gemmKernel for what they compute).
//
//go:noescape
func gemmAVX2F64(kc int, a, b, c []float64, ldc, astep int, alpha, beta float64)

//go:noescape
func gemmAVX512F64(kc int, a, b, c []float64, ldc, astep int, alpha, beta float64)

//go:noescape
func gemmAVX2F32(kc int, a, b, c []float32, ldc, astep int, alpha, beta float32)

//go:noescape
func gemmAVX512F32(kc int, a, b, c []float32, ldc, astep int, alpha, beta float32)
