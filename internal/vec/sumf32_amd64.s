//go:build amd64 && !noasm

#include "textflag.h"

// func sumF32(x []float32) float64
TEXT ·sumF32(SB), NOSPLIT, $0-32
	MOVQ  x_base+0(FP), SI
	MOVQ  x_len+8(FP), CX
	XORPD X0, X0
	XORPD X1, X1
	XORPD X2, X2
	XORPD X3, X3
	CMPQ  CX, $8
	JL    fold

loop:
	CVTPS2PD 0(SI), X4
	CVTPS2PD 8(SI), X5
	CVTPS2PD 16(SI), X6
	CVTPS2PD 24(SI), X7
	ADDPD    X4, X0
	ADDPD    X5, X1
	ADDPD    X6, X2
	ADDPD    X7, X3
	ADDQ     $32, SI
	SUBQ     $8, CX
	CMPQ     CX, $8
	JGE      loop

fold:
	ADDPD    X1, X0
	ADDPD    X3, X2
	ADDPD    X2, X0
	MOVAPD   X0, X1
	UNPCKHPD X1, X1
	ADDSD    X1, X0
	TESTQ    CX, CX
	JE       done

tail:
	CVTSS2SD (SI), X4
	ADDSD    X4, X0
	ADDQ     $4, SI
	DECQ     CX
	JNE      tail

done:
	MOVSD X0, ret+24(FP)
	RET

// func addToF32(dst []float64, src []float32)
TEXT ·addToF32(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	XORQ AX, AX

aloop:
	VCVTPS2PD (SI)(AX*4), Y0
	VCVTPS2PD 16(SI)(AX*4), Y1
	VCVTPS2PD 32(SI)(AX*4), Y2
	VCVTPS2PD 48(SI)(AX*4), Y3
	VADDPD    (DI)(AX*8), Y0, Y0
	VADDPD    32(DI)(AX*8), Y1, Y1
	VADDPD    64(DI)(AX*8), Y2, Y2
	VADDPD    96(DI)(AX*8), Y3, Y3
	VMOVUPD   Y0, (DI)(AX*8)
	VMOVUPD   Y1, 32(DI)(AX*8)
	VMOVUPD   Y2, 64(DI)(AX*8)
	VMOVUPD   Y3, 96(DI)(AX*8)
	ADDQ      $16, AX
	CMPQ      AX, CX
	JL        aloop
	VZEROUPPER
	RET
