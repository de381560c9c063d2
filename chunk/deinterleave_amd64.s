//go:build amd64 && !noasm

#include "textflag.h"

// Lane c of 16 triples takes byte 3k+c of the 48 loaded, k < 16: mask
// 3c+j of deinterleave3Masks picks those of load j (X0, X1, X2) into
// their places and zeroes the rest.
#define LANE(m0, m1, m2, dst) \
	MOVO   X0, X3 \
	PSHUFB m0, X3 \
	MOVO   X1, X4 \
	PSHUFB m1, X4 \
	POR    X4, X3 \
	MOVO   X2, X4 \
	PSHUFB m2, X4 \
	POR    X4, X3 \
	MOVOU  X3, (dst)

// func deinterleave3(d0, d1, d2, s *byte, groups int)
TEXT ·deinterleave3(SB), NOSPLIT, $0-40
	MOVQ  d0+0(FP), DI
	MOVQ  d1+8(FP), R8
	MOVQ  d2+16(FP), R9
	MOVQ  s+24(FP), SI
	MOVQ  groups+32(FP), CX
	LEAQ  ·deinterleave3Masks(SB), AX
	MOVOU 0(AX), X7
	MOVOU 16(AX), X8
	MOVOU 32(AX), X9
	MOVOU 48(AX), X10
	MOVOU 64(AX), X11
	MOVOU 80(AX), X12
	MOVOU 96(AX), X13
	MOVOU 112(AX), X14
	MOVOU 128(AX), X15

loop:
	MOVOU (SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	LANE(X7, X8, X9, DI)
	LANE(X10, X11, X12, R8)
	LANE(X13, X14, X15, R9)
	ADDQ  $48, SI
	ADDQ  $16, DI
	ADDQ  $16, R8
	ADDQ  $16, R9
	DECQ  CX
	JNZ   loop
	RET
