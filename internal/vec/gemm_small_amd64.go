//go:build amd64 && !noasm

package vec

import (
	"slices"

	"golang.org/x/sys/cpu"
)

// The small-B kernels by gemmLevel, that for n at n-1 (see
// gemmSmallTables).
var gemmSmallF64, gemmSmallF32 = gemmSmallTables(cpu.X86.HasAVX512VL)

// gemmSmallTables returns the small kernels by gemmLevel: the pure-Go
// one; AVX2 with FMA, a kernel for each n ≤ 8 storing its n lanes, one
// YMM vector a row of C (two for float64 past 4, up to k = 16: past it
// the blocked GEMM, which then computes no more columns, is a little
// faster); AVX-512, a YMM vector a row while it holds n when vl
// (AVX-512VL), then a ZMM one, stored through a mask register: n ≤ 8
// float64, n ≤ 16 float32.
func gemmSmallTables(vl bool) (f64 [3][]gemmSmallKernel[float64], f32 [3][]gemmSmallKernel[float32]) {
	y := 0 // the n the YMM forms of the AVX-512 kernels take
	if vl {
		y = 1
	}
	f64 = [...][]gemmSmallKernel[float64]{
		gemmSmallKernelsOf(gemmSmallRow/8, gemmSmallMaxK, gemmSmallGo[float64]),
		slices.Concat(
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F64N1),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F64N2),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F64N3),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F64N4),
			gemmSmallKernelsOf(1, 16, gemmSmallAVX2F64N5),
			gemmSmallKernelsOf(1, 16, gemmSmallAVX2F64N6),
			gemmSmallKernelsOf(1, 16, gemmSmallAVX2F64N7),
			gemmSmallKernelsOf(1, 16, gemmSmallAVX2F64N8)),
		slices.Concat(
			gemmSmallKernelsOf(4*y, gemmSmallMaxK, gemmSmallAVX512F64Y),
			gemmSmallKernelsOf(8-4*y, gemmSmallMaxK, gemmSmallAVX512F64Z)),
	}
	f32 = [...][]gemmSmallKernel[float32]{
		gemmSmallKernelsOf(gemmSmallRow/4, gemmSmallMaxK, gemmSmallGo[float32]),
		slices.Concat(
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N1),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N2),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N3),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N4),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N5),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N6),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N7),
			gemmSmallKernelsOf(1, gemmSmallMaxK, gemmSmallAVX2F32N8)),
		slices.Concat(
			gemmSmallKernelsOf(8*y, gemmSmallMaxK, gemmSmallAVX512F32Y),
			gemmSmallKernelsOf(16-8*y, gemmSmallMaxK, gemmSmallAVX512F32Z)),
	}
	return f64, f32
}

// The assembly kernels (see gemmSmallKernel for what they compute): the
// AVX2 ones take only their own n.
//
//go:noescape
func gemmSmallAVX512F64Y(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX512F64Z(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX512F32Y(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX512F32Z(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F64N1(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N2(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N3(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N4(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N5(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N6(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N7(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F64N8(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)

//go:noescape
func gemmSmallAVX2F32N1(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N2(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N3(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N4(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N5(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N6(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N7(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)

//go:noescape
func gemmSmallAVX2F32N8(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
