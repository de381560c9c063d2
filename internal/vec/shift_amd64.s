//go:build amd64 && !noasm

#include "textflag.h"

// FIX(sub) ands Y0 and Y1 with keep (Y13), then sets each to
// (x ^ sign) - sign (sign in Y14), lanes subtracted by sub.
#define FIX(sub) \
	VPAND Y13, Y0, Y0; \
	VPAND Y13, Y1, Y1; \
	VPXOR Y14, Y0, Y0; \
	VPXOR Y14, Y1, Y1; \
	sub   Y14, Y0, Y0; \
	sub   Y14, Y1, Y1

// SHIFT(op, sub) loads 64 bytes at SI+AX, shifts their lanes by op
// (count in X15), fixes them (FIX) and stores them at DI+AX.
#define SHIFT(op, sub) \
	VMOVDQU (SI)(AX*1), Y0; \
	VMOVDQU 32(SI)(AX*1), Y1; \
	op      X15, Y0, Y0; \
	op      X15, Y1, Y1; \
	FIX(sub); \
	VMOVDQU Y0, (DI)(AX*1); \
	VMOVDQU Y1, 32(DI)(AX*1); \
	ADDQ    $64, AX

// func shiftBytes(size int, left bool, d, a []byte, n, keep, sign uint64)
TEXT ·shiftBytes(SB), NOSPLIT, $0-88
	MOVQ         size+0(FP), R8
	MOVQ         d_base+16(FP), DI
	MOVQ         d_len+24(FP), CX
	MOVQ         a_base+40(FP), SI
	MOVQ         n+64(FP), X15
	VPBROADCASTQ keep+72(FP), Y13
	VPBROADCASTQ sign+80(FP), Y14
	XORQ         AX, AX
	CMPB         left+8(FP), $0
	JEQ          right
	CMPQ         R8, $2
	JLE          left16
	CMPQ         R8, $4
	JEQ          left32

left64:
	SHIFT(VPSLLQ, VPSUBQ)
	CMPQ AX, CX
	JL   left64
	JMP  done

left32:
	SHIFT(VPSLLD, VPSUBD)
	CMPQ AX, CX
	JL   left32
	JMP  done

left16: // and bytes, as 16-bit lanes
	SHIFT(VPSLLW, VPSUBW)
	CMPQ AX, CX
	JL   left16
	JMP  done

right:
	CMPQ R8, $1
	JEQ  right8
	CMPQ R8, $2
	JEQ  right16
	CMPQ R8, $4
	JEQ  right32

right64:
	SHIFT(VPSRLQ, VPSUBQ)
	CMPQ AX, CX
	JL   right64
	JMP  done

right32:
	SHIFT(VPSRLD, VPSUBD)
	CMPQ AX, CX
	JL   right32
	JMP  done

right16:
	SHIFT(VPSRLW, VPSUBW)
	CMPQ AX, CX
	JL   right16
	JMP  done

right8: // bytes as 16-bit lanes, the sign spread per byte
	SHIFT(VPSRLW, VPSUBB)
	CMPQ AX, CX
	JL   right8

done:
	VZEROUPPER
	RET
