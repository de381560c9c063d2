//go:build amd64 && !noasm

#include "textflag.h"

// ROUNDS rounds two registers a pass with VROUND (VROUNDPD, four float64
// a register, or VROUNDPS, eight float32) in mode MODE, with the
// precision exception suppressed (bit 3); SCALE is the element size.
#define ROUNDS(name, VROUND, SCALE, MODE) \
TEXT name(SB), NOSPLIT, $0-48; \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ x_base+24(FP), SI; \
	MOVQ CX, BX; \
	IMULQ $SCALE, BX; \
	XORQ AX, AX; \
loop: \
	VROUND $(8|MODE), (SI)(AX*1), Y0; \
	VROUND $(8|MODE), 32(SI)(AX*1), Y1; \
	VMOVUPS Y0, (DI)(AX*1); \
	VMOVUPS Y1, 32(DI)(AX*1); \
	ADDQ $64, AX; \
	CMPQ AX, BX; \
	JL   loop; \
	VZEROUPPER; \
	RET

// The loop counts bytes, 64 a pass: sixteen float32, or eight float64
// (two passes for each sixteen).
ROUNDS(·roundEvenF64, VROUNDPD, 8, 0)
ROUNDS(·floorF64, VROUNDPD, 8, 1)
ROUNDS(·ceilF64, VROUNDPD, 8, 2)
ROUNDS(·truncF64, VROUNDPD, 8, 3)
ROUNDS(·roundEvenF32, VROUNDPS, 4, 0)
ROUNDS(·floorF32, VROUNDPS, 4, 1)
ROUNDS(·ceilF32, VROUNDPS, 4, 2)
ROUNDS(·truncF32, VROUNDPS, 4, 3)
