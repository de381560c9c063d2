//go:build amd64 && !noasm

#include "textflag.h"

// ATAN16 computes sixteen float32 arctangents of the lanes x of Z0 into
// Z16, the operations of atan.go's atanF32x16 (and its twin atan16One
// in the tests): atan16Consts at R11, 1 in Z20, atan16Cap in Z21,
// atan16Tab's rows in Z22–Z25, P's constant term in Z26, trig16Shift in
// Z27. It is ATAN16A, which leaves a = min(|x|, atan16Cap) in Z1 and the
// lanes a > 1 in K1, then ATAN16B; it overwrites Z1–Z15, Z17 and K1.
#define ATAN16 ATAN16A; ATAN16B

#define ATAN16A \
	VPANDD.BCST      0(R11), Z0, Z1; \
	VMINPS           Z1, Z21, Z1; \
	VCMPPS.BCST      $0x1e, 8(R11), Z1, K1

#define ATAN16B \
	VMOVAPS          Z1, Z2; \
	VDIVPS           Z1, Z20, K1, Z2; \
	VMOVAPS          Z2, Z3; \
	VFNMADD213PS.Z   Z20, Z1, K1, Z3; \
	VMULPS           Z2, Z3, Z3; \
	VMOVAPS          Z27, Z4; \
	VFMADD231PS.BCST 16(R11), Z2, Z4; \
	VSUBPS           Z27, Z4, Z5; \
	VMULPS.BCST      24(R11), Z5, Z5; \
	VSUBPS           Z5, Z2, Z6; \
	VMOVAPS          Z2, Z7; \
	VFMADD213PS      Z20, Z5, Z7; \
	VSUBPS           Z7, Z20, Z8; \
	VFMADD231PS      Z5, Z2, Z8; \
	VFMADD231PS      Z5, Z3, Z8; \
	VDIVPS           Z7, Z20, Z9; \
	VPXORD.BCST      4(R11), Z6, K1, Z6; \
	VMULPS           Z9, Z6, Z10; \
	VMOVAPS          Z6, Z11; \
	VFNMADD231PS     Z7, Z10, Z11; \
	VFNMADD231PS     Z8, Z10, Z11; \
	VSUBPS           Z3, Z11, Z11; \
	VMULPS           Z9, Z11, Z11; \
	ATAN16POLY; \
	VPERMPS          Z22, Z4, Z14; \
	VPERMPS          Z23, Z4, K1, Z14; \
	VPERMPS          Z24, Z4, Z15; \
	VPERMPS          Z25, Z4, K1, Z15; \
	ATAN16FIN

// ATAN16LOW is ATAN16B where no lane has a > 1 (K1 empty): b = a, its
// second part 0, atan c from the first rows only; the same bits.
#define ATAN16LOW \
	VMOVAPS          Z27, Z4; \
	VFMADD231PS.BCST 16(R11), Z1, Z4; \
	VSUBPS           Z27, Z4, Z5; \
	VMULPS.BCST      24(R11), Z5, Z5; \
	VSUBPS           Z5, Z1, Z6; \
	VMOVAPS          Z1, Z7; \
	VFMADD213PS      Z20, Z5, Z7; \
	VSUBPS           Z7, Z20, Z8; \
	VFMADD231PS      Z5, Z1, Z8; \
	VDIVPS           Z7, Z20, Z9; \
	VMULPS           Z9, Z6, Z10; \
	VMOVAPS          Z6, Z11; \
	VFNMADD231PS     Z7, Z10, Z11; \
	VFNMADD231PS     Z8, Z10, Z11; \
	VMULPS           Z9, Z11, Z11; \
	ATAN16POLY; \
	VPERMPS          Z22, Z4, Z14; \
	VPERMPS          Z24, Z4, Z15; \
	ATAN16FIN

// ATAN16POLY and ATAN16FIN end ATAN16B and ATAN16LOW around the lookups
// of atan c in two parts (Z14, Z15) by k (Z4): the polynomial of q (Z10)
// plus ul (Z11) into Z13, then the sums and x's sign.
#define ATAN16POLY \
	VMULPS           Z10, Z10, Z12; \
	VMOVAPS          Z12, Z13; \
	VFMADD132PS.BCST 32(R11), Z26, Z13; \
	VMULPS           Z10, Z12, Z12; \
	VFMADD213PS      Z11, Z12, Z13

#define ATAN16FIN \
	VADDPS           Z10, Z14, Z16; \
	VSUBPS           Z16, Z14, Z17; \
	VADDPS           Z10, Z17, Z17; \
	VADDPS           Z15, Z13, Z13; \
	VADDPS           Z17, Z13, Z13; \
	VADDPS           Z13, Z16, Z16; \
	VPTERNLOGD.BCST  $0xf8, 4(R11), Z0, Z16

// func atanF32x16(d, x []float32)
//
// ATAN16 over x, sixteen lanes a pass (ATAN16LOW where no |x| > 1), the
// last len(d) mod 16 under the mask K6.
TEXT ·atanF32x16(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·atan16Consts(SB), R11
	LEAQ         ·atan16Tab(SB), R10
	VBROADCASTSS 8(R11), Z20
	VBROADCASTSS 12(R11), Z21
	VMOVUPS      0(R10), Z22
	VMOVUPS      64(R10), Z23
	VMOVUPS      128(R10), Z24
	VMOVUPS      192(R10), Z25
	VBROADCASTSS 28(R11), Z26
	VBROADCASTSS 20(R11), Z27
	XORQ         AX, AX
	MOVQ         CX, R10
	ANDQ         $-16, R10
	JZ           atan16tail

atan16loop:
	VMOVUPS      (SI)(AX*4), Z0
	ATAN16A
	KORTESTW     K1, K1
	JNZ          atan16inv
	ATAN16LOW
	JMP          atan16store

atan16inv:
	ATAN16B

atan16store:
	VMOVUPS      Z16, (DI)(AX*4)
	ADDQ         $16, AX
	CMPQ         AX, R10
	JL           atan16loop

atan16tail:
	MOVQ         CX, R9
	SUBQ         AX, R9
	JZ           atan16done
	MOVL         $1, R10
	SHLXL        R9, R10, R10
	DECL         R10
	KMOVW        R10, K6
	VMOVUPS.Z    (SI)(AX*4), K6, Z0
	ATAN16
	VMOVUPS      Z16, K6, (DI)(AX*4)

atan16done:
	VZEROUPPER
	RET
