//go:build amd64 && !noasm

#include "textflag.h"

// Word weights of bytes 0–7 (16…9) and 8–15 (8…1) of a block.
DATA weightsHi<>+0(SB)/8, $0x000d000e000f0010
DATA weightsHi<>+8(SB)/8, $0x0009000a000b000c
GLOBL weightsHi<>(SB), RODATA|NOPTR, $16
DATA weightsLo<>+0(SB)/8, $0x0005000600070008
DATA weightsLo<>+8(SB)/8, $0x0001000200030004
GLOBL weightsLo<>(SB), RODATA|NOPTR, $16

// HSUM adds the four double words of X into its lowest, using T.
#define HSUM(X, T) \
	PSHUFD $0x4e, X, T; \
	PADDL  T, X; \
	PSHUFD $0xb1, X, T; \
	PADDL  T, X

// func adler32SSE2(p []byte) (sum, prev, weighted uint32)
TEXT ·adler32SSE2(SB), NOSPLIT, $0-36
	MOVQ  p_base+0(FP), SI
	MOVQ  p_len+8(FP), CX
	SHRQ  $4, CX
	PXOR  X0, X0 // zero
	PXOR  X1, X1 // byte sums
	PXOR  X2, X2 // byte sums before each block
	PXOR  X3, X3 // weighted sums
	MOVOU weightsHi<>(SB), X6
	MOVOU weightsLo<>(SB), X7
	TESTQ CX, CX
	JZ    done

loop:
	MOVOU     (SI), X4
	PADDL     X1, X2
	MOVO      X4, X5
	PSADBW    X0, X5
	PADDL     X5, X1
	MOVO      X4, X5
	PUNPCKLBW X0, X4
	PUNPCKHBW X0, X5
	PMADDWL   X6, X4
	PMADDWL   X7, X5
	PADDL     X4, X3
	PADDL     X5, X3
	ADDQ      $16, SI
	DECQ      CX
	JNZ       loop

done:
	HSUM(X1, X4)
	HSUM(X2, X4)
	HSUM(X3, X4)
	MOVL X1, sum+24(FP)
	MOVL X2, prev+28(FP)
	MOVL X3, weighted+32(FP)
	RET
