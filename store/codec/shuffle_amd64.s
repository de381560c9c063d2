//go:build amd64 && !noasm

#include "textflag.h"

// PAIRBW, PAIRWL and PAIRLQ unpack the pair (A, B) at one width (bytes,
// words, double words): A gets the low halves interleaved, T the high.
#define PAIRBW(A, B, T) \
	MOVO      A, T; \
	PUNPCKLBW B, A; \
	PUNPCKHBW B, T

#define PAIRWL(A, B, T) \
	MOVO      A, T; \
	PUNPCKLWL B, A; \
	PUNPCKHWL B, T

#define PAIRLQ(A, B, T) \
	MOVO      A, T; \
	PUNPCKLLQ B, A; \
	PUNPCKHLQ B, T

// ARGS loads dst to DI, src to SI, n to R8 and 3n to R9.
#define ARGS \
	MOVQ dst_base+0(FP), DI; \
	MOVQ src_base+24(FP), SI; \
	MOVQ n+48(FP), R8; \
	LEAQ (R8)(R8*2), R9

// func unshuffle8SSE2(dst, src []byte, n int)
// n is a positive multiple of 16: sixteen elements (16 bytes of each of
// the eight planes, src+j*n) per iteration, three rounds of unpacks.
TEXT ·unshuffle8SSE2(SB), NOSPLIT, $0-56
	ARGS
	LEAQ (SI)(R8*4), BX
	MOVQ R8, CX
	SHRQ $4, CX // iterations

unloop:
	MOVOU (SI), X0
	MOVOU (SI)(R8*1), X1
	MOVOU (SI)(R8*2), X2
	MOVOU (SI)(R9*1), X3
	MOVOU (BX), X4
	MOVOU (BX)(R8*1), X5
	MOVOU (BX)(R8*2), X6
	MOVOU (BX)(R9*1), X7
	PAIRBW(X0, X1, X8)
	PAIRBW(X2, X3, X9)
	PAIRBW(X4, X5, X10)
	PAIRBW(X6, X7, X11)
	PAIRWL(X0, X2, X1)
	PAIRWL(X8, X9, X3)
	PAIRWL(X4, X6, X5)
	PAIRWL(X10, X11, X7)
	PAIRLQ(X0, X4, X12)
	PAIRLQ(X1, X5, X13)
	PAIRLQ(X8, X10, X14)
	PAIRLQ(X3, X7, X15)
	MOVOU X0, (DI)
	MOVOU X12, 16(DI)
	MOVOU X1, 32(DI)
	MOVOU X13, 48(DI)
	MOVOU X8, 64(DI)
	MOVOU X14, 80(DI)
	MOVOU X3, 96(DI)
	MOVOU X15, 112(DI)
	ADDQ $16, SI
	ADDQ $16, BX
	ADDQ $128, DI
	DECQ CX
	JNZ  unloop
	RET

// func shuffle8SSE2(dst, src []byte, n int)
// n is a positive multiple of 16: sixteen elements (128 bytes of src)
// per iteration, four rounds of byte unpacks, 16 bytes to each plane.
TEXT ·shuffle8SSE2(SB), NOSPLIT, $0-56
	ARGS
	LEAQ (DI)(R8*4), BX
	MOVQ R8, CX
	SHRQ $4, CX // iterations

shloop:
	MOVOU (SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	MOVOU 64(SI), X4
	MOVOU 80(SI), X5
	MOVOU 96(SI), X6
	MOVOU 112(SI), X7
	PAIRBW(X0, X4, X8)
	PAIRBW(X1, X5, X9)
	PAIRBW(X2, X6, X10)
	PAIRBW(X3, X7, X11)
	PAIRBW(X0, X2, X4)
	PAIRBW(X1, X3, X5)
	PAIRBW(X8, X10, X6)
	PAIRBW(X9, X11, X7)
	PAIRBW(X0, X1, X2)
	PAIRBW(X4, X5, X3)
	PAIRBW(X8, X9, X10)
	PAIRBW(X6, X7, X11)
	PAIRBW(X0, X8, X1)
	PAIRBW(X2, X10, X5)
	PAIRBW(X4, X6, X7)
	PAIRBW(X3, X11, X9)
	MOVOU X0, (DI)
	MOVOU X1, (DI)(R8*1)
	MOVOU X2, (DI)(R8*2)
	MOVOU X5, (DI)(R9*1)
	MOVOU X4, (BX)
	MOVOU X7, (BX)(R8*1)
	MOVOU X3, (BX)(R8*2)
	MOVOU X9, (BX)(R9*1)
	ADDQ $128, SI
	ADDQ $16, DI
	ADDQ $16, BX
	DECQ CX
	JNZ  shloop
	RET

// func unshuffle4SSE2(dst, src []byte, n int)
// n is a positive multiple of 16: sixteen elements (16 bytes of each of
// the four planes) per iteration, two rounds of unpacks.
TEXT ·unshuffle4SSE2(SB), NOSPLIT, $0-56
	ARGS
	MOVQ R8, CX
	SHRQ $4, CX // iterations

un4loop:
	MOVOU (SI), X0
	MOVOU (SI)(R8*1), X1
	MOVOU (SI)(R8*2), X2
	MOVOU (SI)(R9*1), X3
	PAIRBW(X0, X1, X4)
	PAIRBW(X2, X3, X5)
	PAIRWL(X0, X2, X1)
	PAIRWL(X4, X5, X3)
	MOVOU X0, (DI)
	MOVOU X1, 16(DI)
	MOVOU X4, 32(DI)
	MOVOU X3, 48(DI)
	ADDQ $16, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  un4loop
	RET

// func shuffle4SSE2(dst, src []byte, n int)
// n is a positive multiple of 16: sixteen elements (64 bytes of src) per
// iteration, four rounds of byte unpacks, 16 bytes to each plane.
TEXT ·shuffle4SSE2(SB), NOSPLIT, $0-56
	ARGS
	MOVQ R8, CX
	SHRQ $4, CX // iterations

sh4loop:
	MOVOU (SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	PAIRBW(X0, X2, X4)
	PAIRBW(X1, X3, X5)
	PAIRBW(X0, X1, X2)
	PAIRBW(X4, X5, X3)
	PAIRBW(X0, X4, X1)
	PAIRBW(X2, X3, X5)
	PAIRBW(X0, X2, X3)
	PAIRBW(X1, X5, X4)
	MOVOU X0, (DI)
	MOVOU X3, (DI)(R8*1)
	MOVOU X1, (DI)(R8*2)
	MOVOU X4, (DI)(R9*1)
	ADDQ $64, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  sh4loop
	RET

// func transposeBits8x8AVX2(w []byte)
// Transposes the 8×8 bit matrix of each 8-byte word of w in place (as
// transpose8x8), four words a register, two registers a pass; len(w) is
// a multiple of 64.
TEXT ·transposeBits8x8AVX2(SB), NOSPLIT, $0-24
	MOVQ         w_base+0(FP), DI
	MOVQ         w_len+8(FP), CX
	MOVQ         $0x00AA00AA00AA00AA, AX
	MOVQ         AX, X10
	VPBROADCASTQ X10, Y10
	MOVQ         $0x0000CCCC0000CCCC, AX
	MOVQ         AX, X11
	VPBROADCASTQ X11, Y11
	MOVQ         $0x00000000F0F0F0F0, AX
	MOVQ         AX, X12
	VPBROADCASTQ X12, Y12
	XORQ         AX, AX

tbloop:
	VMOVDQU (DI)(AX*1), Y0
	VMOVDQU 32(DI)(AX*1), Y1
	// t = (x ^ (x >> 7)) & m; x ^= t ^ (t << 7), then 14, then 28.
	VPSRLQ $7, Y0, Y2
	VPSRLQ $7, Y1, Y3
	VPXOR  Y0, Y2, Y2
	VPXOR  Y1, Y3, Y3
	VPAND  Y10, Y2, Y2
	VPAND  Y10, Y3, Y3
	VPXOR  Y2, Y0, Y0
	VPXOR  Y3, Y1, Y1
	VPSLLQ $7, Y2, Y2
	VPSLLQ $7, Y3, Y3
	VPXOR  Y2, Y0, Y0
	VPXOR  Y3, Y1, Y1
	VPSRLQ $14, Y0, Y2
	VPSRLQ $14, Y1, Y3
	VPXOR  Y0, Y2, Y2
	VPXOR  Y1, Y3, Y3
	VPAND  Y11, Y2, Y2
	VPAND  Y11, Y3, Y3
	VPXOR  Y2, Y0, Y0
	VPXOR  Y3, Y1, Y1
	VPSLLQ $14, Y2, Y2
	VPSLLQ $14, Y3, Y3
	VPXOR  Y2, Y0, Y0
	VPXOR  Y3, Y1, Y1
	VPSRLQ $28, Y0, Y2
	VPSRLQ $28, Y1, Y3
	VPXOR  Y0, Y2, Y2
	VPXOR  Y1, Y3, Y3
	VPAND  Y12, Y2, Y2
	VPAND  Y12, Y3, Y3
	VPXOR  Y2, Y0, Y0
	VPXOR  Y3, Y1, Y1
	VPSLLQ $28, Y2, Y2
	VPSLLQ $28, Y3, Y3
	VPXOR  Y2, Y0, Y0
	VPXOR  Y3, Y1, Y1
	VMOVDQU Y0, (DI)(AX*1)
	VMOVDQU Y1, 32(DI)(AX*1)
	ADDQ   $64, AX
	CMPQ   AX, CX
	JL     tbloop
	VZEROUPPER
	RET
