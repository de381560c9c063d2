//go:build amd64 && !noasm

#include "textflag.h"

// The generic odd-radix pass and the separation loops of the real
// transforms with AVX, two complex128 values per YMM register, each the
// same operations as its pure-Go twin (passOdd, Real.Forward and
// Real.Inverse), so both give the same bits.

// negi flips the sign of the imaginary parts.
DATA negi<>+0(SB)/8, $0
DATA negi<>+8(SB)/8, $0x8000000000000000
DATA negi<>+16(SB)/8, $0
DATA negi<>+24(SB)/8, $0x8000000000000000
GLOBL negi<>(SB), RODATA|NOPTR, $32

DATA half<>+0(SB)/8, $0x3fe0000000000000
DATA half<>+8(SB)/8, $0x3fe0000000000000
DATA half<>+16(SB)/8, $0x3fe0000000000000
DATA half<>+24(SB)/8, $0x3fe0000000000000
GLOBL half<>(SB), RODATA|NOPTR, $32

// MULNEGI sets z to -i·z: (re, im) -> (im, -re).
#define MULNEGI(z, mask) \
	VPERMILPD $5, z, z \
	VXORPD    mask, z, z

// negre flips the sign of the real parts.
DATA negre<>+0(SB)/8, $0x8000000000000000
DATA negre<>+8(SB)/8, $0
DATA negre<>+16(SB)/8, $0x8000000000000000
DATA negre<>+24(SB)/8, $0
GLOBL negre<>(SB), RODATA|NOPTR, $32

// func oddPairsAVX(dst, src, tw, roots, scratch []complex128, s, m, r int, twiddle bool)
//
// The butterflies of passOdd at one k for the pairs q, q+1 < s (dst, src
// and tw start at that k's outputs, inputs and twiddles). Registers: SI
// the inputs of q, DI its outputs, R10 = 16s, R11 = 16sm, R8 = 16r,
// R12 = 16h, R13 the scratch (sums[j] at 64j, difs[j] at 64j+32), R14 the
// roots; AX, BX walk inputs j and r-j, then outputs t and r-t; R9 = 16j,
// then 16t; CX = 16j and DX = 16u in the inner loop; Y0 = a0, Y15 the sign
// mask of the real parts. The pair count lives in s's argument slot.
TEXT ·oddPairsAVX(SB), NOSPLIT, $0-145
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ roots_base+72(FP), R14
	MOVQ scratch_base+96(FP), R13
	MOVQ s+120(FP), R10
	MOVQ R10, CX
	SHRQ $1, CX
	MOVQ CX, s+120(FP)
	SHLQ $4, R10
	MOVQ m+128(FP), R11
	IMULQ R10, R11
	MOVQ r+136(FP), R8
	SHLQ $4, R8
	MOVQ R8, R12
	SHRQ $1, R12
	ANDQ $-16, R12
	VMOVUPD negre<>(SB), Y15
	TESTQ CX, CX
	JZ oddPairs_done

oddPairs_pair:
	VMOVUPD (SI), Y0
	VMOVAPD Y0, Y1
	LEAQ (SI)(R11*1), AX
	MOVQ R8, BX
	SHRQ $4, BX
	DECQ BX
	IMULQ R11, BX
	ADDQ SI, BX
	MOVQ $16, R9

oddPairs_sums:
	VMOVUPD (AX), Y2
	VMOVUPD (BX), Y3
	VADDPD  Y3, Y2, Y4
	VSUBPD  Y3, Y2, Y5
	VMOVUPD Y4, (R13)(R9*4)
	VMOVUPD Y5, 32(R13)(R9*4)
	VADDPD  Y4, Y1, Y1
	ADDQ    R11, AX
	SUBQ    R11, BX
	ADDQ    $16, R9
	CMPQ    R9, R12
	JLE     oddPairs_sums
	VMOVUPD Y1, (DI)

	LEAQ (DI)(R10*1), AX
	MOVQ R8, BX
	SHRQ $4, BX
	DECQ BX
	IMULQ R10, BX
	ADDQ DI, BX
	MOVQ $16, R9

oddPairs_t:
	VMOVAPD Y0, Y6
	VXORPD  Y7, Y7, Y7
	MOVQ    R9, DX
	MOVQ    $16, CX

oddPairs_j:
	VBROADCASTSD (R14)(DX*1), Y8
	VMULPD       (R13)(CX*4), Y8, Y8
	VADDPD       Y8, Y6, Y6
	VBROADCASTSD 8(R14)(DX*1), Y9
	VMULPD       32(R13)(CX*4), Y9, Y9
	VADDPD       Y9, Y7, Y7
	ADDQ         R9, DX
	CMPQ         DX, R8
	JLT          oddPairs_nowrap
	SUBQ         R8, DX

oddPairs_nowrap:
	ADDQ $16, CX
	CMPQ CX, R12
	JLE  oddPairs_j

	VPERMILPD $5, Y7, Y7
	VXORPD    Y15, Y7, Y7
	VADDPD    Y7, Y6, Y10
	VSUBPD    Y7, Y6, Y11
	CMPB      twiddle+144(FP), $0
	JEQ       oddPairs_store
	MOVQ      tw_base+48(FP), CX
	VBROADCASTSD -16(CX)(R9*1), Y8
	VBROADCASTSD -8(CX)(R9*1), Y9
	VMULPD       Y8, Y10, Y8
	VPERMILPD    $5, Y10, Y10
	VMULPD       Y9, Y10, Y9
	VADDSUBPD    Y9, Y8, Y10
	MOVQ         R8, DX
	SUBQ         R9, DX
	ADDQ         CX, DX
	VBROADCASTSD -16(DX), Y8
	VBROADCASTSD -8(DX), Y9
	VMULPD       Y8, Y11, Y8
	VPERMILPD    $5, Y11, Y11
	VMULPD       Y9, Y11, Y9
	VADDSUBPD    Y9, Y8, Y11

oddPairs_store:
	VMOVUPD Y10, (AX)
	VMOVUPD Y11, (BX)
	ADDQ    R10, AX
	SUBQ    R10, BX
	ADDQ    $16, R9
	CMPQ    R9, R12
	JLE     oddPairs_t

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ s+120(FP)
	JNZ  oddPairs_pair

oddPairs_done:
	VZEROUPPER
	RET

// func realForwardAVX(x, tw []complex128, h, pairs int)
//
// The separation loop of Real.Forward for k = 1 .. 2·pairs, two k at a
// time: u = x[k], v = conj x[h-k], e = (u+v)/2, o = -i(u-v)/2·tw[k];
// x[k] = e+o, x[h-k] = conj(e-o). SI walks x[k, k+1], BX x[h-k-1, h-k]
// (its halves swapped in registers), DX tw[k, k+1].
TEXT ·realForwardAVX(SB), NOSPLIT, $0-64
	MOVQ x_base+0(FP), SI
	MOVQ tw_base+24(FP), DX
	MOVQ h+48(FP), AX
	MOVQ pairs+56(FP), CX
	SHLQ $4, AX
	LEAQ -32(SI)(AX*1), BX
	ADDQ $16, SI
	ADDQ $16, DX
	VMOVUPD negi<>(SB), Y15
	VMOVUPD half<>(SB), Y14
	TESTQ CX, CX
	JZ realForward_done

realForward_loop:
	VMOVUPD    (SI), Y0
	VMOVUPD    (BX), Y1
	VPERM2F128 $1, Y1, Y1, Y1
	VXORPD     Y15, Y1, Y1
	VADDPD     Y1, Y0, Y2
	VMULPD     Y14, Y2, Y2
	VSUBPD     Y1, Y0, Y3
	VMULPD     Y14, Y3, Y3
	MULNEGI(Y3, Y15)
	VMOVUPD    (DX), Y4
	VMOVDDUP   Y4, Y5
	VPERMILPD  $15, Y4, Y6
	VMULPD     Y5, Y3, Y5
	VPERMILPD  $5, Y3, Y3
	VMULPD     Y6, Y3, Y6
	VADDSUBPD  Y6, Y5, Y3
	VADDPD     Y3, Y2, Y4
	VSUBPD     Y3, Y2, Y5
	VXORPD     Y15, Y5, Y5
	VPERM2F128 $1, Y5, Y5, Y5
	VMOVUPD    Y4, (SI)
	VMOVUPD    Y5, (BX)
	ADDQ       $32, SI
	SUBQ       $32, BX
	ADDQ       $32, DX
	DECQ       CX
	JNZ        realForward_loop

realForward_done:
	VZEROUPPER
	RET

// func realInverseAVX(z, x, tw []complex128, h, pairs int)
//
// The loop of Real.Inverse that undoes the separation, for k = 1 ..
// 2·pairs, two k at a time: u = x[k], v = conj x[h-k], e = u+v,
// o = i(u-v)·conj tw[k]; z[k] = conj(e-o), z[h-k] = e+o. SI and DI walk
// x[k, k+1] and z[k, k+1], BX and R8 x[h-k-1, h-k] and z[h-k-1, h-k],
// DX tw[k, k+1].
TEXT ·realInverseAVX(SB), NOSPLIT, $0-88
	MOVQ z_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ tw_base+48(FP), DX
	MOVQ h+72(FP), AX
	MOVQ pairs+80(FP), CX
	SHLQ $4, AX
	LEAQ -32(SI)(AX*1), BX
	LEAQ -32(DI)(AX*1), R8
	ADDQ $16, SI
	ADDQ $16, DI
	ADDQ $16, DX
	VMOVUPD negi<>(SB), Y15
	VMOVUPD negre<>(SB), Y14
	TESTQ CX, CX
	JZ realInverse_done

realInverse_loop:
	VMOVUPD    (SI), Y0
	VMOVUPD    (BX), Y1
	VPERM2F128 $1, Y1, Y1, Y1
	VXORPD     Y15, Y1, Y1
	VADDPD     Y1, Y0, Y2
	VSUBPD     Y1, Y0, Y3
	VPERMILPD  $5, Y3, Y3
	VXORPD     Y14, Y3, Y3
	VMOVUPD    (DX), Y4
	VXORPD     Y15, Y4, Y4
	VMOVDDUP   Y4, Y5
	VPERMILPD  $15, Y4, Y6
	VMULPD     Y5, Y3, Y5
	VPERMILPD  $5, Y3, Y3
	VMULPD     Y6, Y3, Y6
	VADDSUBPD  Y6, Y5, Y3
	VSUBPD     Y3, Y2, Y4
	VXORPD     Y15, Y4, Y4
	VADDPD     Y3, Y2, Y5
	VPERM2F128 $1, Y5, Y5, Y5
	VMOVUPD    Y4, (DI)
	VMOVUPD    Y5, (R8)
	ADDQ       $32, SI
	ADDQ       $32, DI
	SUBQ       $32, BX
	SUBQ       $32, R8
	ADDQ       $32, DX
	DECQ       CX
	JNZ        realInverse_loop

realInverse_done:
	VZEROUPPER
	RET

// func conjReverseAVX(dst, src []complex128)
//
// dst[i] = conj src[len(src)-1-i] for i < len(src) <= len(dst), two
// values at a time (their order swapped in the register), then one.
TEXT ·conjReverseAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ CX, AX
	SHLQ $4, AX
	LEAQ -32(SI)(AX*1), SI
	VMOVUPD negi<>(SB), Y15
	MOVQ CX, BX
	SHRQ $1, BX
	JZ conjReverse_tail

conjReverse_pair:
	VMOVUPD    (SI), Y0
	VPERM2F128 $1, Y0, Y0, Y0
	VXORPD     Y15, Y0, Y0
	VMOVUPD    Y0, (DI)
	SUBQ       $32, SI
	ADDQ       $32, DI
	DECQ       BX
	JNZ        conjReverse_pair

conjReverse_tail:
	TESTQ   $1, CX
	JZ      conjReverse_done
	VMOVUPD 16(SI), X0
	VXORPD  X15, X0, X0
	VMOVUPD X0, (DI)

conjReverse_done:
	VZEROUPPER
	RET
