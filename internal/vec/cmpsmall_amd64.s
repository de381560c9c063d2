//go:build amd64 && !noasm

#include "textflag.h"

// Frame of both: eq+0, d+8, a+32, b+56, bias+80, not+82.

// func cmpI8(eq bool, d []bool, a, b []uint8, bias uint8, not bool)
TEXT ·cmpI8(SB), NOSPLIT, $0-82
	MOVQ         d_base+8(FP), DI
	MOVQ         d_len+16(FP), CX
	MOVQ         a_base+32(FP), SI
	MOVQ         b_base+56(FP), DX
	VPBROADCASTB bias+80(FP), Y14
	MOVBLZX      not+81(FP), AX
	MOVL         AX, X15
	VPBROADCASTB X15, Y15          // the bool's flip: 1 or 0
	MOVL         $1, AX
	MOVL         AX, X13
	VPBROADCASTB X13, Y13          // 1: a lane's bool from its mask
	XORQ         AX, AX
	CMPB         eq+0(FP), $0
	JEQ          gt8

eq8:
	VMOVDQU (SI)(AX*1), Y0
	VPCMPEQB (DX)(AX*1), Y0, Y0
	VPAND   Y13, Y0, Y0
	VPXOR   Y15, Y0, Y0
	VMOVDQU Y0, (DI)(AX*1)
	ADDQ    $32, AX
	CMPQ    AX, CX
	JL      eq8
	VZEROUPPER
	RET

gt8:
	VPXOR   (SI)(AX*1), Y14, Y0
	VPXOR   (DX)(AX*1), Y14, Y1
	VPCMPGTB Y1, Y0, Y0            // a > b
	VPAND   Y13, Y0, Y0
	VPXOR   Y15, Y0, Y0
	VMOVDQU Y0, (DI)(AX*1)
	ADDQ    $32, AX
	CMPQ    AX, CX
	JL      gt8
	VZEROUPPER
	RET

// func cmpI16(eq bool, d []bool, a, b []uint16, bias uint16, not bool)
TEXT ·cmpI16(SB), NOSPLIT, $0-83
	MOVQ         d_base+8(FP), DI
	MOVQ         d_len+16(FP), CX
	MOVQ         a_base+32(FP), SI
	MOVQ         b_base+56(FP), DX
	VPBROADCASTW bias+80(FP), Y14
	MOVBLZX      not+82(FP), AX
	MOVL         AX, X15
	VPBROADCASTB X15, Y15
	MOVL         $1, AX
	MOVL         AX, X13
	VPBROADCASTB X13, Y13
	XORQ         AX, AX
	CMPB         eq+0(FP), $0
	JEQ          gt16

eq16:
	VMOVDQU   (SI)(AX*2), Y0
	VMOVDQU   32(SI)(AX*2), Y1
	VPCMPEQW  (DX)(AX*2), Y0, Y0
	VPCMPEQW  32(DX)(AX*2), Y1, Y1
	VPACKSSWB Y1, Y0, Y0           // bytes, 128-bit lanes interleaved
	VPERMQ    $0xd8, Y0, Y0
	VPAND     Y13, Y0, Y0
	VPXOR     Y15, Y0, Y0
	VMOVDQU   Y0, (DI)(AX*1)
	ADDQ      $32, AX
	CMPQ      AX, CX
	JL        eq16
	VZEROUPPER
	RET

gt16:
	VPXOR     (SI)(AX*2), Y14, Y0
	VPXOR     32(SI)(AX*2), Y14, Y1
	VPXOR     (DX)(AX*2), Y14, Y2
	VPXOR     32(DX)(AX*2), Y14, Y3
	VPCMPGTW  Y2, Y0, Y0
	VPCMPGTW  Y3, Y1, Y1
	VPACKSSWB Y1, Y0, Y0
	VPERMQ    $0xd8, Y0, Y0
	VPAND     Y13, Y0, Y0
	VPXOR     Y15, Y0, Y0
	VMOVDQU   Y0, (DI)(AX*1)
	ADDQ      $32, AX
	CMPQ      AX, CX
	JL        gt16
	VZEROUPPER
	RET
