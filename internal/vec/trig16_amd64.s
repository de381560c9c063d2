//go:build amd64 && !noasm

#include "textflag.h"

// TRIG16 computes sixteen float32 sines (q = 0) or cosines (q = 1) of the
// lanes x of Z0 into Z7, the operations of trig.go's trigF32x16 (and
// its twin trig16One in the tests): trig16Consts at R11, 2/π in Z24, 1
// in Z20, q in Z21, the int32 1 and 2 in Z22 and Z23. It is TRIG16A,
// which reduces x and sets K2 to the lanes with |n| > 1, TRIG16FLAGS,
// which ORs the flagged lanes (trig16Flagged: only those with |n| > 1)
// into K7, and TRIG16B; it overwrites Z1–Z14 and K1–K4. Where no lane
// has |n| > 1 (|x| < 2.35), none is flagged, so that the loop leaves
// TRIG16FLAGS out there.
#define TRIG16 TRIG16A; TRIG16FLAGS; TRIG16B

#define TRIG16A \
	VMOVAPS          Z0, Z1; \
	VFMADD213PS.BCST 8(R11), Z24, Z1; \
	VSUBPS.BCST      8(R11), Z1, Z2; \
	VMOVAPS          Z0, Z3; \
	VFNMADD231PS.BCST 12(R11), Z2, Z3; \
	VMOVAPS          Z3, Z4; \
	VFNMADD231PS.BCST 16(R11), Z2, Z4; \
	VSUBPS           Z3, Z4, Z5; \
	VFMADD231PS.BCST 16(R11), Z2, Z5; \
	VFMADD231PS.BCST 20(R11), Z2, Z5; \
	VPSUBD.BCST      76(R11), Z1, Z8; \
	VPCMPUD.BCST     $6, 80(R11), Z8, K2

#define TRIG16FLAGS \
	VPANDD.BCST      0(R11), Z3, Z7; \
	VPANDD.BCST      0(R11), Z2, Z8; \
	VPSUBD.BCST      24(R11), Z8, Z8; \
	VPCMPGTD         Z7, Z8, K2, K1; \
	VPSUBD.BCST      28(R11), Z1, Z8; \
	VPCMPUD.BCST     $6, 32(R11), Z8, K3; \
	KORW             K1, K3, K1; \
	KORW             K1, K7, K7

#define TRIG16B \
	VMULPS           Z4, Z4, Z6; \
	VBROADCASTSS     36(R11), Z7; \
	VFMADD213PS.BCST 40(R11), Z6, Z7; \
	VFMADD213PS.BCST 44(R11), Z6, Z7; \
	VFMADD213PS.BCST 48(R11), Z6, Z7; \
	VMULPS           Z6, Z4, Z9; \
	VFNMADD213PS     Z5, Z9, Z7; \
	VSUBPS           Z7, Z4, Z7; \
	VMULPS.BCST      64(R11), Z6, Z10; \
	VSUBPS           Z10, Z20, Z11; \
	VSUBPS           Z11, Z20, Z12; \
	VSUBPS           Z10, Z12, Z12; \
	VMULPS           Z6, Z6, Z13; \
	VBROADCASTSS     52(R11), Z14; \
	VFMADD213PS.BCST 56(R11), Z6, Z14; \
	VFMADD213PS.BCST 60(R11), Z6, Z14; \
	VFMADD213PS      Z12, Z13, Z14; \
	VFMADD231PS      Z5, Z4, Z14; \
	VADDPS           Z14, Z11, Z11; \
	VPADDD           Z21, Z1, Z1; \
	VPTESTMD         Z22, Z1, K3; \
	VMOVAPS          Z11, K3, Z7; \
	VPTESTMD         Z23, Z1, K4; \
	VPXORD.BCST      72(R11), Z7, K4, Z7

// func trigF32x16(d, x []float32, q uint64) int
//
// TRIG16 over x, sixteen lanes a pass (without TRIG16FLAGS where no lane
// has |n| > 1), the last len(d) mod 16 under the mask K6; it returns the flagged lanes' OR (K7), non-zero when some are.
TEXT ·trigF32x16(SB), NOSPLIT, $0-64
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·trig16Consts(SB), R11
	VPBROADCASTD q+48(FP), Z21
	VBROADCASTSS 4(R11), Z24
	VBROADCASTSS 68(R11), Z20
	MOVL         $1, R9
	VPBROADCASTD R9, Z22
	MOVL         $2, R9
	VPBROADCASTD R9, Z23
	KXORW        K7, K7, K7
	XORQ         AX, AX
	MOVQ         CX, R10
	ANDQ         $-16, R10
	JZ           trig16tail

trig16loop:
	VMOVUPS      (SI)(AX*4), Z0
	TRIG16A
	KORTESTW     K2, K2
	JZ           trig16small
	TRIG16FLAGS

trig16small:
	TRIG16B
	VMOVUPS      Z7, (DI)(AX*4)
	ADDQ         $16, AX
	CMPQ         AX, R10
	JL           trig16loop

trig16tail:
	MOVQ         CX, R9
	SUBQ         AX, R9
	JZ           trig16done
	MOVL         $1, R10
	SHLXL        R9, R10, R10
	DECL         R10
	KMOVW        R10, K6
	VMOVUPS.Z    (SI)(AX*4), K6, Z0
	TRIG16
	VMOVUPS      Z7, K6, (DI)(AX*4)

trig16done:
	KMOVW        K7, AX
	MOVQ         AX, ret+56(FP)
	VZEROUPPER
	RET
