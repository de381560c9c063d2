//go:build amd64 && !noasm

#include "textflag.h"

// SUMWIDE(INS, scale, loop) is the body of the sumWide loops: the
// elements of b (scale bytes each) extended to 64 bits by INS (VPMOVSX
// or VPMOVZX), sixteen a step into four accumulators, then summed.
#define SUMWIDE(INS, scale, loop) \
	MOVQ   b_base+0(FP), DX; \
	MOVQ   b_len+8(FP), CX; \
	XORQ   AX, AX; \
	VPXOR  Y0, Y0, Y0; \
	VPXOR  Y1, Y1, Y1; \
	VPXOR  Y2, Y2, Y2; \
	VPXOR  Y3, Y3, Y3; \
loop: \
	INS    (DX)(AX*scale), Y4; \
	INS    4*scale(DX)(AX*scale), Y5; \
	INS    8*scale(DX)(AX*scale), Y6; \
	INS    12*scale(DX)(AX*scale), Y7; \
	VPADDQ Y4, Y0, Y0; \
	VPADDQ Y5, Y1, Y1; \
	VPADDQ Y6, Y2, Y2; \
	VPADDQ Y7, Y3, Y3; \
	ADDQ   $16, AX; \
	CMPQ   AX, CX; \
	JL     loop; \
	VPADDQ Y1, Y0, Y0; \
	VPADDQ Y3, Y2, Y2; \
	VPADDQ Y2, Y0, Y0; \
	VEXTRACTI128 $1, Y0, X1; \
	VPADDQ X1, X0, X0; \
	VPSHUFD $0x4e, X0, X1; \
	VPADDQ X1, X0, X0; \
	MOVQ   X0, ret+24(FP); \
	VZEROUPPER; \
	RET

// func sumWideI8(b []int8) uint64
TEXT ·sumWideI8(SB), NOSPLIT, $0-32
	SUMWIDE(VPMOVSXBQ, 1, sumWideI8loop)

// func sumWideU8(b []uint8) uint64
TEXT ·sumWideU8(SB), NOSPLIT, $0-32
	SUMWIDE(VPMOVZXBQ, 1, sumWideU8loop)

// func sumWideI16(b []int16) uint64
TEXT ·sumWideI16(SB), NOSPLIT, $0-32
	SUMWIDE(VPMOVSXWQ, 2, sumWideI16loop)

// func sumWideU16(b []uint16) uint64
TEXT ·sumWideU16(SB), NOSPLIT, $0-32
	SUMWIDE(VPMOVZXWQ, 2, sumWideU16loop)

// func sumWideI32(b []int32) uint64
TEXT ·sumWideI32(SB), NOSPLIT, $0-32
	SUMWIDE(VPMOVSXDQ, 4, sumWideI32loop)

// func sumWideU32(b []uint32) uint64
TEXT ·sumWideU32(SB), NOSPLIT, $0-32
	SUMWIDE(VPMOVZXDQ, 4, sumWideU32loop)
