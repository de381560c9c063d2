//go:build amd64 && !noasm

package vec

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The CPU-feature switch: what this CPU (and its OS) supports, read once
// here for every kernel of the module, and what the kernels use, which
// tests lower to check the narrower paths against the same references.
var (
	hasAVX2     = cpu.X86.HasAVX2
	hasAVX512DQ = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ
	hasFMA      = cpu.X86.HasFMA
	hasAVX512F  = cpu.X86.HasAVX512F && cpu.X86.HasFMA
	// maxSIMDLevel is the widest path of the sums: 0 SSE2, 1 AVX2,
	// 2 AVX-512.
	maxSIMDLevel = func() uint8 {
		switch {
		case cpu.X86.HasAVX512F:
			return 2
		case cpu.X86.HasAVX2:
			return 1
		}
		return 0
	}()

	// useAVX2 tells whether the AVX2 loops run.
	useAVX2 = hasAVX2
	// useAVX512DQ tells whether Uniform hashes with AVX-512 (F and DQ:
	// 64-bit multiplies and conversions).
	useAVX512DQ = hasAVX512DQ
	// useAVX512F tells whether the eight-lane loops of exp and tanh run
	// (with useAVX2, which gates every vector loop).
	useAVX512F = hasAVX512F
	// simdLevel selects the widest vector path of the sums (sums_amd64.s
	// reads it); every path returns the same bits.
	simdLevel = maxSIMDLevel

	// maxGemmLevel is the widest micro-kernel of the GEMM: 0 pure Go,
	// 1 AVX2 with FMA, 2 AVX-512; gemmLevel selects the one that runs.
	maxGemmLevel = func() int {
		switch {
		case cpu.X86.HasAVX512F:
			return 2
		case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
			return 1
		}
		return 0
	}()
	gemmLevel = maxGemmLevel
)

//
//go:noescape
func addF64(d, a, b []float64)

//go:noescape
func subF64(d, a, b []float64)

//go:noescape
func mulF64(d, a, b []float64)

//go:noescape
func divF64(d, a, b []float64)

//go:noescape
func addF32(d, a, b []float32)

//go:noescape
func subF32(d, a, b []float32)

//go:noescape
func mulF32(d, a, b []float32)

//go:noescape
func divF32(d, a, b []float32)

// prefetch issues PREFETCHT0 for each cache line of [p, p+n).
//
//go:noescape
func prefetch(p unsafe.Pointer, n uintptr)

// uniformAVX512 is Uniform's loop over len(d), a multiple of sixteen;
// lanes holds the counters of d[0] … d[7].
//
//go:noescape
func uniformAVX512(d []float64, lanes *[8]uint64)

// addMomentsAVX2 is AddMoments' AVX2 loop, eight elements per pass.
//
//go:noescape
func addMomentsAVX2(n, s1, s2, x, k []float64)

// addMomentsNaNAVX2 is AddMomentsNaN's AVX2 loop over a multiple of four
// elements.
//
//go:noescape
func addMomentsNaNAVX2(n, s1, s2, x, k []float64)

// The AVX2 loops of Max and Min over v (a multiple of sixteen elements):
// the extreme of v, and whether v holds a NaN (then the extreme is
// meaningless).
//
//go:noescape
func maxF64(v []float64) (float64, bool)

//go:noescape
func minF64(v []float64) (float64, bool)

//go:noescape
func maxF32(v []float32) (float32, bool)

//go:noescape
func minF32(v []float32) (float32, bool)

// The AVX2 loops of NaNMax and NaNMin over v (a multiple of sixteen
// elements): the extreme of v's elements that are not NaN, or fill (the
// fold's identity, -Inf for max and +Inf for min) when there is none.
//
//go:noescape
func nanMaxF64(v []float64, fill float64) float64

//go:noescape
func nanMinF64(v []float64, fill float64) float64

//go:noescape
func nanMaxF32(v []float32, fill float32) float32

//go:noescape
func nanMinF32(v []float32, fill float32) float32

// The AVX2 loops of NaNMaxElems and NaNMinElems, over a multiple of
// sixteen elements.
//
//go:noescape
func nanMaxElemsF64(d, a, b []float64)

//go:noescape
func nanMinElemsF64(d, a, b []float64)

// The AVX2 loops of CompareFloat64 and CompareFloat32, one per Cmp, over
// a multiple of sixteen elements.

//go:noescape
func cmpEqF64(d []bool, a, b []float64)

//go:noescape
func cmpNeF64(d []bool, a, b []float64)

//go:noescape
func cmpLtF64(d []bool, a, b []float64)

//go:noescape
func cmpLeF64(d []bool, a, b []float64)

//go:noescape
func cmpGtF64(d []bool, a, b []float64)

//go:noescape
func cmpGeF64(d []bool, a, b []float64)

// sqrtF64 is SqrtFloat64's AVX2 loop over a multiple of sixteen elements.
//
//go:noescape
func sqrtF64(d, x []float64)

// The AVX2 loops of MaxElems and MinElems, over a multiple of sixteen
// elements.
//
//go:noescape
func maxElemsF64(d, a, b []float64)

//go:noescape
func minElemsF64(d, a, b []float64)

// expF64 is ExpFloat64's AVX2+FMA loop over a multiple of four elements;
// it returns non-zero when some x lies outside [expLo, expHi] or is NaN,
// whose results the caller recomputes.
//
//go:noescape
func expF64(d, x []float64) int

// expF64x8 is expF64 over eight lanes (AVX-512F), a multiple of eight
// elements, with the same bits.
//
//go:noescape
func expF64x8(d, x []float64) int

// tanhF64x8 is TanhFloat64's AVX-512F loop over a multiple of eight
// elements.
//
//go:noescape
func tanhF64x8(d, x []float64)

//go:noescape
func cmpEqF32(d []bool, a, b []float32)

//go:noescape
func cmpNeF32(d []bool, a, b []float32)

//go:noescape
func cmpLtF32(d []bool, a, b []float32)

//go:noescape
func cmpLeF32(d []bool, a, b []float32)

//go:noescape
func cmpGtF32(d []bool, a, b []float32)

//go:noescape
func cmpGeF32(d []bool, a, b []float32)

// sqrtF32 is SqrtFloat32's AVX2 loop over a multiple of 32 elements.
//
//go:noescape
func sqrtF32(d, x []float32)

// logF64 is LogFloat64's AVX2 loop over a multiple of four elements; it
// returns non-zero when some x is not a positive normal number, whose
// results the caller recomputes.
//
//go:noescape
func logF64(d, x []float64) int

// logF64x8 is logF64 over eight lanes (AVX-512F), a multiple of eight
// elements, with the same bits.
//
//go:noescape
func logF64x8(d, x []float64) int

// trigF64 is SinFloat64's and CosFloat64's AVX2 loop over a multiple of
// four elements; it returns non-zero when some |x| is not below trigMax,
// whose results the caller recomputes.
//
//go:noescape
func trigF64(d, x []float64, octants int64, sign uint64) int

// widenF32 is Float32To64's AVX2 loop over a multiple of sixteen elements.
//
//go:noescape
func widenF32(d []float64, s []float32)

// widenI32 is IntToFloat's AVX2 loop from int32 to float64 over a
// multiple of sixteen elements.
//
//go:noescape
func widenI32(d []float64, s []int32)

// cvtI64F64 is Int64ToFloat64's AVX-512DQ loop over a multiple of sixteen
// elements.
//
//go:noescape
func cvtI64F64(d []float64, s []int64)

// floorDivI32 is FloorDivInt32's AVX2 loop over a multiple of four
// elements.
//
//go:noescape
func floorDivI32(mod bool, d, a, b []int32)

// The toF32 and toF64 loops are IntToFloat's AVX2 loops over a multiple
// of sixteen elements.
//
//go:noescape
func toF32I8(d []float32, s []int8)

//go:noescape
func toF32U8(d []float32, s []uint8)

//go:noescape
func toF32I16(d []float32, s []int16)

//go:noescape
func toF32U16(d []float32, s []uint16)

//go:noescape
func toF32I32(d []float32, s []int32)

//go:noescape
func toF64I8(d []float64, s []int8)

//go:noescape
func toF64U8(d []float64, s []uint8)

//go:noescape
func toF64I16(d []float64, s []int16)

//go:noescape
func toF64U16(d []float64, s []uint16)
