//go:build amd64 && !noasm

#include "textflag.h"

// The AVX2 loops of glue.go, eight float64 a pass; the callers give
// lengths that are multiples of eight, above zero.

// func affineF64(d, x []float64, a, b float64)
TEXT ·affineF64(SB), NOSPLIT, $0-64
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSD a+48(FP), Y4
	VBROADCASTSD b+56(FP), Y5
	XORQ         AX, AX

affineloop:
	VMULPD  (SI)(AX*8), Y4, Y0
	VMULPD  32(SI)(AX*8), Y4, Y1
	VADDPD  Y5, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      affineloop
	VZEROUPPER
	RET

// func withinF64(x []float64, lo, hi float64) bool
TEXT ·withinF64(SB), NOSPLIT, $0-41
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSD lo+24(FP), Y4
	VBROADCASTSD hi+32(FP), Y5
	VXORPD       Y6, Y6, Y6 // lanes found outside [lo, hi] or NaN
	XORQ         AX, AX

withinloop:
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VCMPPD  $0x09, Y4, Y0, Y2 // not x >= lo (true for NaN)
	VCMPPD  $0x06, Y5, Y0, Y3 // not x <= hi
	VORPD   Y2, Y6, Y6
	VORPD   Y3, Y6, Y6
	VCMPPD  $0x09, Y4, Y1, Y2
	VCMPPD  $0x06, Y5, Y1, Y3
	VORPD   Y2, Y6, Y6
	VORPD   Y3, Y6, Y6
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      withinloop
	VMOVMSKPD Y6, AX
	TESTL   AX, AX
	SETEQ   ret+40(FP)
	VZEROUPPER
	RET

// func copySignF64(d, x []float64)
TEXT ·copySignF64(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         $0x8000000000000000, R8
	MOVQ         R8, X7
	VBROADCASTSD X7, Y7
	XORQ         AX, AX

copysignloop:
	VANDNPD (DI)(AX*8), Y7, Y0 // d without its sign
	VANDNPD 32(DI)(AX*8), Y7, Y1
	VANDPD  (SI)(AX*8), Y7, Y2 // x's sign
	VANDPD  32(SI)(AX*8), Y7, Y3
	VORPD   Y2, Y0, Y0
	VORPD   Y3, Y1, Y1
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      copysignloop
	VZEROUPPER
	RET

// func absF64(d, x []float64)
TEXT ·absF64(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         $0x8000000000000000, R8
	MOVQ         R8, X7
	VBROADCASTSD X7, Y7
	XORQ         AX, AX

absloop:
	VANDNPD (SI)(AX*8), Y7, Y0
	VANDNPD 32(SI)(AX*8), Y7, Y1
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      absloop
	VZEROUPPER
	RET
