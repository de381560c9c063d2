//go:build amd64 && !noasm

#include "textflag.h"

DATA fmAbs<>+0(SB)/8, $0x7fffffffffffffff
GLOBL fmAbs<>(SB), RODATA|NOPTR, $8
DATA fmSign<>+0(SB)/8, $0x8000000000000000
GLOBL fmSign<>(SB), RODATA|NOPTR, $8
DATA fmTiny<>+0(SB)/8, $0x0170000000000000 // 2⁻¹⁰⁰⁰
GLOBL fmTiny<>(SB), RODATA|NOPTR, $8
DATA fmHuge<>+0(SB)/8, $0x7e70000000000000 // 2¹⁰⁰⁰
GLOBL fmHuge<>(SB), RODATA|NOPTR, $8
DATA fmOne<>+0(SB)/8, $0x3ff0000000000000
GLOBL fmOne<>(SB), RODATA|NOPTR, $8

// FM_SETUP loads the constants: Y8 |·| mask, Y9 sign mask, Y10 lim,
// Y11 2⁻¹⁰⁰⁰, Y12 2¹⁰⁰⁰, Y13 1, Y15 0.
#define FM_SETUP \
	VBROADCASTSD fmAbs<>(SB), Y8 \
	VBROADCASTSD fmSign<>(SB), Y9 \
	VBROADCASTSD lim+80(FP), Y10 \
	VBROADCASTSD fmTiny<>(SB), Y11 \
	VBROADCASTSD fmHuge<>(SB), Y12 \
	VBROADCASTSD fmOne<>(SB), Y13 \
	VXORPD       Y15, Y15, Y15

// FM_ENTER loads the arguments (R8 mod, DI d, CX its length, SI a, DX b)
// and the constants, and compares the index AX = 0 with the length.
#define FM_ENTER \
	MOVBQZX mod+0(FP), R8 \
	MOVQ    d_base+8(FP), DI \
	MOVQ    d_len+16(FP), CX \
	MOVQ    a_base+32(FP), SI \
	MOVQ    b_base+56(FP), DX \
	FM_SETUP \
	XORQ    AX, AX \
	CMPQ    AX, CX

// FM_BODY computes, from x in Y0 and y in Y1, the remainder (R8 ≠ 0) or
// the floored quotient into Y4, or jumps to fail when a lane is not
// exact; step by step as blockwise's floorMod: q = x/y (Y2), t = trunc(q)
// (Y3), r = x - t·y by an FMA (Y4); where r ≠ 0 and its sign is not x's
// (t one too far from zero), r += copysign(y, x) and t -= copysign(1, q).
// The group fails unless every lane has |q| < lim, |r| < |y|,
// |y| ≥ 2⁻¹⁰⁰⁰, |x| ≤ 2¹⁰⁰⁰ and r zero or of x's sign. Then, where r ≠ 0
// and its sign is not y's, the remainder adds y and the quotient takes
// one; a zero remainder takes y's sign, a zero quotient q's.
#define FM_BODY(fail) \
	VDIVPD       Y1, Y0, Y2 \
	VROUNDPD     $3, Y2, Y3 \
	VMOVAPD      Y0, Y4 \
	VFNMADD231PD Y3, Y1, Y4 \
	VCMPPD       $0x11, Y15, Y4, Y5 \
	VCMPPD       $0x11, Y15, Y0, Y6 \
	VXORPD       Y5, Y6, Y6 \
	VCMPPD       $0x0C, Y15, Y4, Y7 \
	VANDPD       Y7, Y6, Y6 \
	VANDPD       Y8, Y1, Y5 \
	VANDPD       Y9, Y0, Y7 \
	VORPD        Y7, Y5, Y5 \
	VANDPD       Y6, Y5, Y5 \
	VADDPD       Y5, Y4, Y4 \
	VANDPD       Y9, Y2, Y5 \
	VORPD        Y13, Y5, Y5 \
	VANDPD       Y6, Y5, Y5 \
	VSUBPD       Y5, Y3, Y3 \
	VANDPD       Y8, Y2, Y5 \
	VCMPPD       $0x11, Y10, Y5, Y5 \
	VANDPD       Y8, Y4, Y6 \
	VANDPD       Y8, Y1, Y7 \
	VCMPPD       $0x11, Y7, Y6, Y6 \
	VANDPD       Y6, Y5, Y5 \
	VCMPPD       $0x1D, Y11, Y7, Y6 \
	VANDPD       Y6, Y5, Y5 \
	VANDPD       Y8, Y0, Y6 \
	VCMPPD       $0x12, Y12, Y6, Y6 \
	VANDPD       Y6, Y5, Y5 \
	VCMPPD       $0x11, Y15, Y4, Y6 \
	VCMPPD       $0x11, Y15, Y0, Y7 \
	VXORPD       Y7, Y6, Y6 \
	VCMPPD       $0x0C, Y15, Y4, Y7 \
	VANDPD       Y7, Y6, Y6 \
	VANDNPD      Y5, Y6, Y5 \
	VMOVMSKPD    Y5, R9 \
	CMPQ         R9, $15 \
	JNE          fail \
	VCMPPD       $0x11, Y15, Y4, Y6 \
	VCMPPD       $0x11, Y15, Y1, Y7 \
	VXORPD       Y7, Y6, Y6 \
	VCMPPD       $0x0C, Y15, Y4, Y7 \
	VANDPD       Y7, Y6, Y6 \
	TESTQ        R8, R8 \
	JEQ          5(PC) \
	VANDPD       Y6, Y1, Y7 \
	VADDPD       Y7, Y4, Y4 \
	VANDPD       Y9, Y1, Y5 \
	JMP          4(PC) \
	VANDPD       Y6, Y13, Y7 \
	VSUBPD       Y7, Y3, Y4 \
	VANDPD       Y9, Y2, Y5 \
	VCMPPD       $0, Y15, Y4, Y7 \
	VANDPD       Y7, Y5, Y5 \
	VANDNPD      Y4, Y7, Y4 \
	VORPD        Y5, Y4, Y4

// func floorModF64(mod bool, d, a, b []float64, lim float64) int
TEXT ·floorModF64(SB), NOSPLIT, $0-96
	FM_ENTER
	JGE     f64done

f64loop:
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD (DX)(AX*8), Y1
	FM_BODY(f64done)
	VMOVUPD Y4, (DI)(AX*8)
	ADDQ    $4, AX
	CMPQ    AX, CX
	JL      f64loop

f64done:
	MOVQ AX, ret+88(FP)
	VZEROUPPER
	RET

// func floorModF32(mod bool, d, a, b []float32, lim float64) int
TEXT ·floorModF32(SB), NOSPLIT, $0-96
	FM_ENTER
	JGE     f32done

f32loop:
	VCVTPS2PD  (SI)(AX*4), Y0
	VCVTPS2PD  (DX)(AX*4), Y1
	FM_BODY(f32done)
	VCVTPD2PSY Y4, X4
	VMOVUPS    X4, (DI)(AX*4)
	ADDQ       $4, AX
	CMPQ       AX, CX
	JL         f32loop

f32done:
	MOVQ AX, ret+88(FP)
	VZEROUPPER
	RET
