//go:build amd64 && !noasm

#include "textflag.h"

// LOAD16 loads the sixteen values at SI+AX*8 into Y0-Y3 and clears
// their counts, Y4-Y7, and the edge index BX.
#define LOAD16 \
	VMOVUPD (SI)(AX*8), Y0; \
	VMOVUPD 32(SI)(AX*8), Y1; \
	VMOVUPD 64(SI)(AX*8), Y2; \
	VMOVUPD 96(SI)(AX*8), Y3; \
	VPXOR   Y4, Y4, Y4; \
	VPXOR   Y5, Y5, Y5; \
	VPXOR   Y6, Y6, Y6; \
	VPXOR   Y7, Y7, Y7; \
	XORQ    BX, BX

// COUNT(pred) adds one to the count of each value x of Y0-Y3 for which
// pred(x, edge BX) holds, and steps BX to the next edge.
#define COUNT(pred) \
	VBROADCASTSD (DX)(BX*8), Y8; \
	VCMPPD       $pred, Y8, Y0, Y9; \
	VCMPPD       $pred, Y8, Y1, Y10; \
	VCMPPD       $pred, Y8, Y2, Y11; \
	VCMPPD       $pred, Y8, Y3, Y12; \
	VPSUBQ       Y9, Y4, Y4; \
	VPSUBQ       Y10, Y5, Y5; \
	VPSUBQ       Y11, Y6, Y6; \
	VPSUBQ       Y12, Y7, Y7; \
	INCQ         BX

// STORE16 stores the sixteen counts at DI+AX*8 and steps AX past them.
#define STORE16 \
	VMOVDQU Y4, (DI)(AX*8); \
	VMOVDQU Y5, 32(DI)(AX*8); \
	VMOVDQU Y6, 64(DI)(AX*8); \
	VMOVDQU Y7, 96(DI)(AX*8); \
	ADDQ    $16, AX

// func countEdgesAVX2(out []int64, v, e []float64, right bool)
TEXT ·countEdgesAVX2(SB), NOSPLIT, $0-73
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ v_base+24(FP), SI
	MOVQ e_base+48(FP), DX
	MOVQ e_len+56(FP), R8
	XORQ AX, AX
	CMPB right+72(FP), $0
	JNE  atOrBelow

below: // e < x, or x NaN: not (x <= e), unordered true (NLE_UQ)
	LOAD16

belowEdge:
	COUNT(0x16)
	CMPQ BX, R8
	JL   belowEdge
	STORE16
	CMPQ AX, CX
	JL   below
	VZEROUPPER
	RET

atOrBelow: // e <= x, or x NaN: not (x < e), unordered true (NLT_UQ)
	LOAD16

atOrBelowEdge:
	COUNT(0x15)
	CMPQ BX, R8
	JL   atOrBelowEdge
	STORE16
	CMPQ AX, CX
	JL   atOrBelow
	VZEROUPPER
	RET
