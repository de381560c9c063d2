//go:build amd64 && !noasm

package vec

//go:generate go run gemm_gen.go -out gemm_amd64.s

// The micro-kernels of GemmFloat64 and GemmFloat32 by gemmLevel: the
// pure-Go twin, AVX2+FMA (6×8 float64, 6×16 float32, in 16 YMM
// registers) and AVX-512 (14×16 and 14×32, in 32 ZMM registers, A's
// elements broadcast from memory by the FMAs themselves).
var (
	gemmKernelsF64 = [...]gemmKernel[float64]{
		{gemmGoMR, gemmGoNR, gemmGo[float64], gemmGoRows[float64]},
		{6, 8, gemmAVX2F64, gemmAVX2F64Rows},
		{14, 16, gemmAVX512F64, gemmAVX512F64Rows},
	}
	gemmKernelsF32 = [...]gemmKernel[float32]{
		{gemmGoMR, gemmGoNR, gemmGo[float32], gemmGoRows[float32]},
		{6, 16, gemmAVX2F32, gemmAVX2F32Rows},
		{14, 32, gemmAVX512F32, gemmAVX512F32Rows},
	}
)

// The assembly micro-kernels (see gemmKernel for what they compute),
// each with its twin reading A by rows (gemmKernel.rows).
//
//go:noescape
func gemmAVX2F64(kc int, a, b, c []float64, ldc, astep int, alpha, beta float64)

//go:noescape
func gemmAVX2F64Rows(kc int, a, b, c []float64, ldc, lda int, alpha, beta float64)

//go:noescape
func gemmAVX512F64(kc int, a, b, c []float64, ldc, astep int, alpha, beta float64)

//go:noescape
func gemmAVX512F64Rows(kc int, a, b, c []float64, ldc, lda int, alpha, beta float64)

//go:noescape
func gemmAVX2F32(kc int, a, b, c []float32, ldc, astep int, alpha, beta float32)

//go:noescape
func gemmAVX2F32Rows(kc int, a, b, c []float32, ldc, lda int, alpha, beta float32)

//go:noescape
func gemmAVX512F32(kc int, a, b, c []float32, ldc, astep int, alpha, beta float32)

//go:noescape
func gemmAVX512F32Rows(kc int, a, b, c []float32, ldc, lda int, alpha, beta float32)
