//go:build amd64 && !noasm

#include "textflag.h"

// TANH16 computes sixteen float32 hyperbolic tangents of the lanes x of
// Z0 into Z15, the operations of tanh.go's tanhF32x16 (and its twin
// tanh16One in the tests): tanh16Consts at R11, 1 in Z20, 2 in Z21,
// tanh16Tab's rows in Z22 and Z23, tanh16Cap in Z24, trig16Shift in Z25.
// It overwrites Z1–Z14, Z16 and K1.
#define TANH16 \
	VPANDD.BCST      0(R11), Z0, Z1; \
	VMINPS           Z1, Z24, Z1; \
	VADDPS           Z1, Z1, Z2; \
	VMOVAPS          Z25, Z3; \
	VFMADD231PS.BCST 16(R11), Z2, Z3; \
	VSUBPS           Z25, Z3, Z4; \
	VMOVAPS          Z2, Z5; \
	VFNMADD231PS.BCST 24(R11), Z4, Z5; \
	VFNMADD231PS.BCST 28(R11), Z4, Z5; \
	VBROADCASTSS     32(R11), Z6; \
	VFMADD213PS.BCST 36(R11), Z5, Z6; \
	VFMADD213PS.BCST 40(R11), Z5, Z6; \
	VMULPS           Z5, Z5, Z7; \
	VFMADD213PS      Z5, Z7, Z6; \
	VPERMPS          Z22, Z3, Z8; \
	VPERMPS          Z23, Z3, Z9; \
	VFMADD213PS      Z9, Z8, Z6; \
	VPSLLD           $19, Z3, Z10; \
	VPANDD.BCST      44(R11), Z10, Z10; \
	VPADDD           Z10, Z8, Z8; \
	VPADDD           Z10, Z6, Z6; \
	VADDPS           Z6, Z8, Z9; \
	VSUBPS           Z9, Z8, Z8; \
	VADDPS           Z6, Z8, Z6; \
	VADDPS           Z20, Z9, Z11; \
	VSUBPS           Z11, Z9, Z12; \
	VADDPS           Z20, Z12, Z12; \
	VADDPS           Z6, Z12, Z12; \
	VDIVPS           Z11, Z20, Z13; \
	VMOVAPS          Z20, Z14; \
	VFNMADD231PS     Z11, Z13, Z14; \
	VFNMADD231PS     Z12, Z13, Z14; \
	VMULPS           Z13, Z14, Z14; \
	VMOVAPS          Z20, Z15; \
	VFNMADD231PS     Z21, Z13, Z15; \
	VSUBPS           Z15, Z20, Z16; \
	VFNMADD231PS     Z21, Z13, Z16; \
	VFNMADD231PS     Z21, Z14, Z16; \
	VADDPS           Z16, Z15, Z15; \
	VMULPS           Z1, Z1, Z2; \
	VBROADCASTSS     48(R11), Z6; \
	VFMADD213PS.BCST 52(R11), Z2, Z6; \
	VFMADD213PS.BCST 56(R11), Z2, Z6; \
	VFMADD213PS.BCST 60(R11), Z2, Z6; \
	VMULPS           Z2, Z1, Z2; \
	VFMADD213PS      Z1, Z2, Z6; \
	VCMPPS.BCST      $0x19, 12(R11), Z1, K1; \
	VMOVAPS          Z6, K1, Z15; \
	VPTERNLOGD.BCST  $0xf8, 4(R11), Z0, Z15

// func tanhF32x16(d, x []float32)
//
// TANH16 over x, sixteen lanes a pass, the last len(d) mod 16 under the
// mask K6.
TEXT ·tanhF32x16(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·tanh16Consts(SB), R11
	LEAQ         ·tanh16Tab(SB), R10
	VBROADCASTSS 64(R11), Z20
	VBROADCASTSS 68(R11), Z21
	VMOVUPS      0(R10), Z22
	VMOVUPS      64(R10), Z23
	VBROADCASTSS 8(R11), Z24
	VBROADCASTSS 20(R11), Z25
	XORQ         AX, AX
	MOVQ         CX, R10
	ANDQ         $-16, R10
	JZ           tanh16tail

tanh16loop:
	VMOVUPS      (SI)(AX*4), Z0
	TANH16
	VMOVUPS      Z15, (DI)(AX*4)
	ADDQ         $16, AX
	CMPQ         AX, R10
	JL           tanh16loop

tanh16tail:
	MOVQ         CX, R9
	SUBQ         AX, R9
	JZ           tanh16done
	MOVL         $1, R10
	SHLXL        R9, R10, R10
	DECL         R10
	KMOVW        R10, K6
	VMOVUPS.Z    (SI)(AX*4), K6, Z0
	TANH16
	VMOVUPS      Z15, K6, (DI)(AX*4)

tanh16done:
	VZEROUPPER
	RET
