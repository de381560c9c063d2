//go:build amd64 && !noasm

#include "textflag.h"

// LOOP64 applies VOP to sixteen float64 elements from element AX:
// Yk = a[...] VOP b[...], stored to d.
#define LOOP64(VOP) \
	VMOVUPD (SI)(AX*8), Y0; \
	VMOVUPD 32(SI)(AX*8), Y1; \
	VMOVUPD 64(SI)(AX*8), Y2; \
	VMOVUPD 96(SI)(AX*8), Y3; \
	VOP     (DX)(AX*8), Y0, Y0; \
	VOP     32(DX)(AX*8), Y1, Y1; \
	VOP     64(DX)(AX*8), Y2, Y2; \
	VOP     96(DX)(AX*8), Y3, Y3; \
	VMOVUPD Y0, (DI)(AX*8); \
	VMOVUPD Y1, 32(DI)(AX*8); \
	VMOVUPD Y2, 64(DI)(AX*8); \
	VMOVUPD Y3, 96(DI)(AX*8)

// LOOP32 is LOOP64 for thirty-two float32 elements.
#define LOOP32(VOP) \
	VMOVUPS (SI)(AX*4), Y0; \
	VMOVUPS 32(SI)(AX*4), Y1; \
	VMOVUPS 64(SI)(AX*4), Y2; \
	VMOVUPS 96(SI)(AX*4), Y3; \
	VOP     (DX)(AX*4), Y0, Y0; \
	VOP     32(DX)(AX*4), Y1, Y1; \
	VOP     64(DX)(AX*4), Y2, Y2; \
	VOP     96(DX)(AX*4), Y3, Y3; \
	VMOVUPS Y0, (DI)(AX*4); \
	VMOVUPS Y1, 32(DI)(AX*4); \
	VMOVUPS Y2, 64(DI)(AX*4); \
	VMOVUPS Y3, 96(DI)(AX*4)

// func addF64(d, a, b []float64)
TEXT ·addF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-16, R8
	JZ   tail

loop:
	LOOP64(VADDPD)
	ADDQ $(16), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSD (SI)(AX*8), X0
	ADDSD (DX)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ AX
	JMP  tail

done:
	RET

// func subF64(d, a, b []float64)
TEXT ·subF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-16, R8
	JZ   tail

loop:
	LOOP64(VSUBPD)
	ADDQ $(16), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSD (SI)(AX*8), X0
	SUBSD (DX)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ AX
	JMP  tail

done:
	RET

// func mulF64(d, a, b []float64)
TEXT ·mulF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-16, R8
	JZ   tail

loop:
	LOOP64(VMULPD)
	ADDQ $(16), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSD (SI)(AX*8), X0
	MULSD (DX)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ AX
	JMP  tail

done:
	RET

// func divF64(d, a, b []float64)
TEXT ·divF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-16, R8
	JZ   tail

loop:
	LOOP64(VDIVPD)
	ADDQ $(16), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSD (SI)(AX*8), X0
	DIVSD (DX)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ AX
	JMP  tail

done:
	RET

// func addF32(d, a, b []float32)
TEXT ·addF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-32, R8
	JZ   tail

loop:
	LOOP32(VADDPS)
	ADDQ $(32), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSS (SI)(AX*4), X0
	ADDSS (DX)(AX*4), X0
	MOVSS X0, (DI)(AX*4)
	INCQ AX
	JMP  tail

done:
	RET

// func subF32(d, a, b []float32)
TEXT ·subF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-32, R8
	JZ   tail

loop:
	LOOP32(VSUBPS)
	ADDQ $(32), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSS (SI)(AX*4), X0
	SUBSS (DX)(AX*4), X0
	MOVSS X0, (DI)(AX*4)
	INCQ AX
	JMP  tail

done:
	RET

// func mulF32(d, a, b []float32)
TEXT ·mulF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-32, R8
	JZ   tail

loop:
	LOOP32(VMULPS)
	ADDQ $(32), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSS (SI)(AX*4), X0
	MULSS (DX)(AX*4), X0
	MOVSS X0, (DI)(AX*4)
	INCQ AX
	JMP  tail

done:
	RET

// func divF32(d, a, b []float32)
TEXT ·divF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	MOVQ CX, R8
	ANDQ $-32, R8
	JZ   tail

loop:
	LOOP32(VDIVPS)
	ADDQ $(32), AX
	CMPQ AX, R8
	JL   loop
	VZEROUPPER

tail:
	CMPQ AX, CX
	JGE  done
	MOVSS (SI)(AX*4), X0
	DIVSS (DX)(AX*4), X0
	MOVSS X0, (DI)(AX*4)
	INCQ AX
	JMP  tail

done:
	RET

// func prefetch(p unsafe.Pointer, n uintptr)
TEXT ·prefetch(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	ADDQ SI, CX

pfloop:
	PREFETCHT0 (SI)
	ADDQ       $64, SI
	CMPQ       SI, CX
	JB         pfloop
	RET

// MIX64 applies the splitmix64 finaliser to the counters in V, using T
// as scratch, with the multipliers in Z28 and Z29.
#define MIX64(V, T) \
	VPSRLQ  $30, V, T; \
	VPXORQ  T, V, V; \
	VPMULLQ Z28, V, V; \
	VPSRLQ  $27, V, T; \
	VPXORQ  T, V, V; \
	VPMULLQ Z29, V, V; \
	VPSRLQ  $31, V, T; \
	VPXORQ  T, V, V

// func uniformAVX512(d []float64, lanes *[8]uint64)
TEXT ·uniformAVX512(SB), NOSPLIT, $0-32
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ lanes+24(FP), SI
	VMOVDQU64 (SI), Z0 // counters of the first eight elements

	MOVQ         $0xbf58476d1ce4e5b9, AX
	VPBROADCASTQ AX, Z28
	MOVQ         $0x94d049bb133111eb, AX
	VPBROADCASTQ AX, Z29
	MOVQ         $0x9e3779b97f4a7c15, AX
	IMULQ        $8, AX
	VPBROADCASTQ AX, Z30 // eight steps of the counter
	MOVQ         $0x3ca0000000000000, AX // 2⁻⁵³
	VPBROADCASTQ AX, Z31
	VPADDQ       Z30, Z0, Z1 // counters of the next eight
	VPADDQ       Z30, Z30, Z30 // sixteen steps

uloop:
	VMOVDQA64  Z0, Z4
	VMOVDQA64  Z1, Z5
	MIX64(Z4, Z2)
	MIX64(Z5, Z3)
	VPSRLQ     $11, Z4, Z4
	VPSRLQ     $11, Z5, Z5
	VCVTUQQ2PD Z4, Z4
	VCVTUQQ2PD Z5, Z5
	VMULPD     Z31, Z4, Z4
	VMULPD     Z31, Z5, Z5
	VMOVUPD    Z4, (DI)
	VMOVUPD    Z5, 64(DI)
	VPADDQ     Z30, Z0, Z0
	VPADDQ     Z30, Z1, Z1
	ADDQ       $128, DI
	SUBQ       $16, CX
	JNZ        uloop
	VZEROUPPER
	RET

// MOMENTS4 updates n, s1 and s2 for the four elements at byte offset off
// from element AX (Y15 holds ones).
#define MOMENTS4(off, D, T) \
	VADDPD  off(BX)(AX*8), Y15, T; \
	VMOVUPD T, off(BX)(AX*8); \
	VMOVUPD off(SI)(AX*8), D; \
	VSUBPD  off(R8)(AX*8), D, D; \
	VADDPD  off(DI)(AX*8), D, T; \
	VMOVUPD T, off(DI)(AX*8); \
	VMULPD  D, D, D; \
	VADDPD  off(DX)(AX*8), D, D; \
	VMOVUPD D, off(DX)(AX*8)

// func addMomentsAVX2(n, s1, s2, x, k []float64)
TEXT ·addMomentsAVX2(SB), NOSPLIT, $0-120
	MOVQ n_base+0(FP), BX
	MOVQ s1_base+24(FP), DI
	MOVQ s2_base+48(FP), DX
	MOVQ x_base+72(FP), SI
	MOVQ x_len+80(FP), CX
	MOVQ k_base+96(FP), R8
	MOVQ $0x3ff0000000000000, R10 // 1.0
	MOVQ R10, X15
	VPBROADCASTQ X15, Y15
	XORQ AX, AX
	MOVQ CX, R9
	ANDQ $-8, R9
	JZ   mtail

mloop:
	MOMENTS4(0, Y0, Y1)
	MOMENTS4(32, Y2, Y3)
	ADDQ $8, AX
	CMPQ AX, R9
	JL   mloop

mtail:
	VZEROUPPER
	MOVQ R10, X2

mtailloop:
	CMPQ  AX, CX
	JGE   mdone
	MOVSD (BX)(AX*8), X0
	ADDSD X2, X0
	MOVSD X0, (BX)(AX*8)
	MOVSD (SI)(AX*8), X0
	SUBSD (R8)(AX*8), X0
	MOVSD (DI)(AX*8), X1
	ADDSD X0, X1
	MOVSD X1, (DI)(AX*8)
	MULSD X0, X0
	ADDSD (DX)(AX*8), X0
	MOVSD X0, (DX)(AX*8)
	INCQ  AX
	JMP   mtailloop

mdone:
	RET

// func addMomentsNaNAVX2(n, s1, s2, x, k []float64)
// AddMomentsNaN's loop, four elements a pass (len(x) a multiple of four):
// k = finiteOr0(x) where n = 0, then d = x − k, zeroed with the one added
// to n where x is NaN (an ordered compare's mask).
TEXT ·addMomentsNaNAVX2(SB), NOSPLIT, $0-120
	MOVQ         n_base+0(FP), BX
	MOVQ         s1_base+24(FP), DI
	MOVQ         s2_base+48(FP), DX
	MOVQ         x_base+72(FP), SI
	MOVQ         x_len+80(FP), CX
	MOVQ         k_base+96(FP), R8
	MOVQ         $0x3ff0000000000000, R10 // 1
	MOVQ         R10, X15
	VPBROADCASTQ X15, Y15
	MOVQ         $0x7fffffffffffffff, R10 // the magnitude mask
	MOVQ         R10, X13
	VPBROADCASTQ X13, Y13
	MOVQ         $0x7ff0000000000000, R10 // +Inf
	MOVQ         R10, X12
	VPBROADCASTQ X12, Y12
	VXORPD       Y14, Y14, Y14
	XORQ         AX, AX
	TESTQ        CX, CX
	JZ           mnandone

mnanloop:
	VMOVUPD   (SI)(AX*8), Y0
	VCMPPD    $7, Y0, Y0, Y1   // x is not NaN
	VMOVUPD   (BX)(AX*8), Y2
	VCMPPD    $0, Y14, Y2, Y3  // n = 0
	VANDPD    Y13, Y0, Y4
	VCMPPD    $1, Y12, Y4, Y4  // |x| < Inf
	VANDPD    Y0, Y4, Y4       // finiteOr0(x)
	VMOVUPD   (R8)(AX*8), Y5
	VBLENDVPD Y3, Y4, Y5, Y5
	VMOVUPD   Y5, (R8)(AX*8)
	VSUBPD    Y5, Y0, Y6       // d = x − k
	VANDPD    Y1, Y6, Y6
	VANDPD    Y1, Y15, Y7
	VADDPD    Y7, Y2, Y2
	VMOVUPD   Y2, (BX)(AX*8)
	VADDPD    (DI)(AX*8), Y6, Y7
	VMOVUPD   Y7, (DI)(AX*8)
	VMULPD    Y6, Y6, Y6
	VADDPD    (DX)(AX*8), Y6, Y6
	VMOVUPD   Y6, (DX)(AX*8)
	ADDQ      $4, AX
	CMPQ      AX, CX
	JL        mnanloop
	VZEROUPPER

mnandone:
	RET

// EXTSTEP folds the vector at byte offset off from SI into the running
// extreme Yk: Ya gets the lanes that are NaN (or-ed into Y8), then
// COMB merges Yx into Yk.
#define EXTSTEP(off, VMOV, VCMP, VOR, VEXT, VCOMB, Yk, Yx, Ya, Yb) \
	VMOV  off(SI), Yx; \
	VCMP  $3, Yx, Yx, Ya; \
	VOR   Ya, Y8, Y8; \
	COMB(VEXT, VCOMB, Yk, Yx, Ya, Yb)

// COMB sets A to the extreme of A and B lane by lane: VEXT (max or min)
// in both operand orders, combined by VCOMB (and for max, or for min), so
// that +0 beats -0 for max and -0 beats +0 for min whatever the order —
// x86 returns the second operand on ties. NaN lanes are tracked apart.
#define COMB(VEXT, VCOMB, A, B, Ta, Tb) \
	VEXT  B, A, Ta; \
	VEXT  A, B, Tb; \
	VCOMB Ta, Tb, A

// FOLDF64 folds the four accumulators Y0–Y3 of float64 lanes into lane 0
// of X0; FOLDF32 the two accumulators Y0, Y1 of float32 lanes.
#define FOLDF64(VEXT, VCOMB) \
	COMB(VEXT, VCOMB, Y0, Y1, Y4, Y5); \
	COMB(VEXT, VCOMB, Y2, Y3, Y4, Y5); \
	COMB(VEXT, VCOMB, Y0, Y2, Y4, Y5); \
	VEXTRACTF128 $1, Y0, X1; \
	COMB(VEXT, VCOMB, X0, X1, X4, X5); \
	VUNPCKHPD    X0, X0, X1; \
	COMB(VEXT, VCOMB, X0, X1, X4, X5)

#define FOLDF32(VEXT, VCOMB) \
	COMB(VEXT, VCOMB, Y0, Y1, Y4, Y5); \
	VEXTRACTF128 $1, Y0, X1; \
	COMB(VEXT, VCOMB, X0, X1, X4, X5); \
	VMOVHLPS     X0, X0, X1; \
	COMB(VEXT, VCOMB, X0, X1, X4, X5); \
	VPERMILPS    $1, X0, X1; \
	COMB(VEXT, VCOMB, X0, X1, X4, X5)

// func maxF64(v []float64) (float64, bool)
TEXT ·maxF64(SB), NOSPLIT, $0-33
	MOVQ   v_base+0(FP), SI
	MOVQ   v_len+8(FP), CX
	VBROADCASTSD (SI), Y0
	VMOVUPS Y0, Y1
	VMOVUPS Y0, Y2
	VMOVUPS Y0, Y3
	VXORPS Y8, Y8, Y8

maxF64loop:
	EXTSTEP(0, VMOVUPD, VCMPPD, VORPD, VMAXPD, VANDPD, Y0, Y4, Y5, Y6)
	EXTSTEP(32, VMOVUPD, VCMPPD, VORPD, VMAXPD, VANDPD, Y1, Y7, Y9, Y10)
	EXTSTEP(64, VMOVUPD, VCMPPD, VORPD, VMAXPD, VANDPD, Y2, Y11, Y12, Y13)
	EXTSTEP(96, VMOVUPD, VCMPPD, VORPD, VMAXPD, VANDPD, Y3, Y14, Y15, Y6)
	ADDQ   $128, SI
	SUBQ   $16, CX
	JNZ    maxF64loop

	FOLDF64(VMAXPD, VANDPD)
	VMOVSD       X0, ret+24(FP)
	VPTEST Y8, Y8
	SETNE  ret1+32(FP)
	VZEROUPPER
	RET

// func minF64(v []float64) (float64, bool)
TEXT ·minF64(SB), NOSPLIT, $0-33
	MOVQ   v_base+0(FP), SI
	MOVQ   v_len+8(FP), CX
	VBROADCASTSD (SI), Y0
	VMOVUPS Y0, Y1
	VMOVUPS Y0, Y2
	VMOVUPS Y0, Y3
	VXORPS Y8, Y8, Y8

minF64loop:
	EXTSTEP(0, VMOVUPD, VCMPPD, VORPD, VMINPD, VORPD, Y0, Y4, Y5, Y6)
	EXTSTEP(32, VMOVUPD, VCMPPD, VORPD, VMINPD, VORPD, Y1, Y7, Y9, Y10)
	EXTSTEP(64, VMOVUPD, VCMPPD, VORPD, VMINPD, VORPD, Y2, Y11, Y12, Y13)
	EXTSTEP(96, VMOVUPD, VCMPPD, VORPD, VMINPD, VORPD, Y3, Y14, Y15, Y6)
	ADDQ   $128, SI
	SUBQ   $16, CX
	JNZ    minF64loop

	FOLDF64(VMINPD, VORPD)
	VMOVSD       X0, ret+24(FP)
	VPTEST Y8, Y8
	SETNE  ret1+32(FP)
	VZEROUPPER
	RET

// func maxF32(v []float32) (float32, bool)
TEXT ·maxF32(SB), NOSPLIT, $0-29
	MOVQ   v_base+0(FP), SI
	MOVQ   v_len+8(FP), CX
	VBROADCASTSS (SI), Y0
	VMOVUPS Y0, Y1
	VXORPS Y8, Y8, Y8

maxF32loop:
	EXTSTEP(0, VMOVUPS, VCMPPS, VORPS, VMAXPS, VANDPS, Y0, Y4, Y5, Y6)
	EXTSTEP(32, VMOVUPS, VCMPPS, VORPS, VMAXPS, VANDPS, Y1, Y7, Y9, Y10)
	ADDQ   $64, SI
	SUBQ   $16, CX
	JNZ    maxF32loop

	FOLDF32(VMAXPS, VANDPS)
	VMOVSS       X0, ret+24(FP)
	VPTEST Y8, Y8
	SETNE  ret1+28(FP)
	VZEROUPPER
	RET

// func minF32(v []float32) (float32, bool)
TEXT ·minF32(SB), NOSPLIT, $0-29
	MOVQ   v_base+0(FP), SI
	MOVQ   v_len+8(FP), CX
	VBROADCASTSS (SI), Y0
	VMOVUPS Y0, Y1
	VXORPS Y8, Y8, Y8

minF32loop:
	EXTSTEP(0, VMOVUPS, VCMPPS, VORPS, VMINPS, VORPS, Y0, Y4, Y5, Y6)
	EXTSTEP(32, VMOVUPS, VCMPPS, VORPS, VMINPS, VORPS, Y1, Y7, Y9, Y10)
	ADDQ   $64, SI
	SUBQ   $16, CX
	JNZ    minF32loop

	FOLDF32(VMINPS, VORPS)
	VMOVSS       X0, ret+24(FP)
	VPTEST Y8, Y8
	SETNE  ret1+28(FP)
	VZEROUPPER
	RET

// CMP4 compares the four float64 at element AX+k (k = off/8) of SI and DX
// with predicate P and stores the four bools at DI+AX+k (R11 points at
// boolBytes8, whose low four bytes serve a 4-bit mask).
#define CMP4(off, boff, P) \
	VMOVUPD   off(SI)(AX*8), Y0; \
	VCMPPD    P, off(DX)(AX*8), Y0, Y1; \
	VMOVMSKPD Y1, R9; \
	MOVL      (R11)(R9*8), R10; \
	MOVL      R10, boff(DI)(AX*1)

// func cmpEqF64(d []bool, a, b []float64)
TEXT ·cmpEqF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpEqF64loop:
	CMP4(0, 0, $0x00)
	CMP4(32, 4, $0x00)
	CMP4(64, 8, $0x00)
	CMP4(96, 12, $0x00)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpEqF64loop
	VZEROUPPER
	RET

// func cmpNeF64(d []bool, a, b []float64)
TEXT ·cmpNeF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpNeF64loop:
	CMP4(0, 0, $0x04)
	CMP4(32, 4, $0x04)
	CMP4(64, 8, $0x04)
	CMP4(96, 12, $0x04)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpNeF64loop
	VZEROUPPER
	RET

// func cmpLtF64(d []bool, a, b []float64)
TEXT ·cmpLtF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpLtF64loop:
	CMP4(0, 0, $0x11)
	CMP4(32, 4, $0x11)
	CMP4(64, 8, $0x11)
	CMP4(96, 12, $0x11)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpLtF64loop
	VZEROUPPER
	RET

// func cmpLeF64(d []bool, a, b []float64)
TEXT ·cmpLeF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpLeF64loop:
	CMP4(0, 0, $0x12)
	CMP4(32, 4, $0x12)
	CMP4(64, 8, $0x12)
	CMP4(96, 12, $0x12)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpLeF64loop
	VZEROUPPER
	RET

// func cmpGtF64(d []bool, a, b []float64)
TEXT ·cmpGtF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpGtF64loop:
	CMP4(0, 0, $0x1e)
	CMP4(32, 4, $0x1e)
	CMP4(64, 8, $0x1e)
	CMP4(96, 12, $0x1e)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpGtF64loop
	VZEROUPPER
	RET

// func cmpGeF64(d []bool, a, b []float64)
TEXT ·cmpGeF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpGeF64loop:
	CMP4(0, 0, $0x1d)
	CMP4(32, 4, $0x1d)
	CMP4(64, 8, $0x1d)
	CMP4(96, 12, $0x1d)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpGeF64loop
	VZEROUPPER
	RET

// func sqrtF64(d, x []float64)
TEXT ·sqrtF64(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ AX, AX

sqrtloop:
	VSQRTPD (SI)(AX*8), Y0
	VSQRTPD 32(SI)(AX*8), Y1
	VSQRTPD 64(SI)(AX*8), Y2
	VSQRTPD 96(SI)(AX*8), Y3
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	VMOVUPD Y2, 64(DI)(AX*8)
	VMOVUPD Y3, 96(DI)(AX*8)
	ADDQ    $16, AX
	CMPQ    AX, CX
	JL      sqrtloop
	VZEROUPPER
	RET

// ELEM4 sets the four float64 at byte offset off of DI to the extreme
// (VEXT, VCOMB as in COMB) of those of SI and DX, or to their sum (a NaN)
// where either is NaN.
#define ELEM4(off, VEXT, VCOMB) \
	VMOVUPD   off(SI)(AX*8), Y0; \
	VMOVUPD   off(DX)(AX*8), Y1; \
	VCMPPD    $3, Y1, Y0, Y2; \
	VADDPD    Y1, Y0, Y3; \
	COMB(VEXT, VCOMB, Y0, Y1, Y4, Y5); \
	VBLENDVPD Y2, Y3, Y0, Y0; \
	VMOVUPD   Y0, off(DI)(AX*8)

// func maxElemsF64(d, a, b []float64)
TEXT ·maxElemsF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

maxElemsF64loop:
	ELEM4(0, VMAXPD, VANDPD)
	ELEM4(32, VMAXPD, VANDPD)
	ELEM4(64, VMAXPD, VANDPD)
	ELEM4(96, VMAXPD, VANDPD)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   maxElemsF64loop
	VZEROUPPER
	RET

// func minElemsF64(d, a, b []float64)
TEXT ·minElemsF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

minElemsF64loop:
	ELEM4(0, VMINPD, VORPD)
	ELEM4(32, VMINPD, VORPD)
	ELEM4(64, VMINPD, VORPD)
	ELEM4(96, VMINPD, VORPD)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   minElemsF64loop
	VZEROUPPER
	RET

// func expF64(d, x []float64) int
TEXT ·expF64(SB), NOSPLIT, $0-56
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	LEAQ ·expConsts(SB), R11
	XORQ AX, AX
	XORQ R8, R8

exploop:
	VMOVUPD      (SI)(AX*8), Y0
	VMULPD       (R11), Y0, Y1      // x·log2(e)
	VROUNDPD     $0, Y1, Y1         // n, to nearest
	VMOVAPD      Y0, Y2
	VFNMADD231PD 32(R11), Y1, Y2    // r = x - n·ln2hi
	VFNMADD231PD 64(R11), Y1, Y2    // r -= n·ln2lo
	VMOVUPD      160(R11), Y3       // 1/13!
	VFMADD213PD  192(R11), Y2, Y3
	VFMADD213PD  224(R11), Y2, Y3
	VFMADD213PD  256(R11), Y2, Y3
	VFMADD213PD  288(R11), Y2, Y3
	VFMADD213PD  320(R11), Y2, Y3
	VFMADD213PD  352(R11), Y2, Y3
	VFMADD213PD  384(R11), Y2, Y3
	VFMADD213PD  416(R11), Y2, Y3
	VFMADD213PD  448(R11), Y2, Y3
	VFMADD213PD  480(R11), Y2, Y3
	VFMADD213PD  512(R11), Y2, Y3
	VFMADD213PD  544(R11), Y2, Y3
	VFMADD213PD  576(R11), Y2, Y3
	VCVTPD2DQY   Y1, X4
	VPMOVSXDQ    X4, Y4
	VPSLLQ       $52, Y4, Y4
	VPADDQ       Y4, Y3, Y3         // · 2ⁿ
	VMOVUPD      Y3, (DI)(AX*8)
	VCMPPD       $0x1e, 96(R11), Y0, Y5  // x > expHi
	VCMPPD       $0x11, 128(R11), Y0, Y6 // x < expLo
	VORPD        Y6, Y5, Y5
	VCMPPD       $3, Y0, Y0, Y6          // NaN
	VORPD        Y6, Y5, Y5
	VMOVMSKPD    Y5, R9
	ORQ          R9, R8
	ADDQ         $4, AX
	CMPQ         AX, CX
	JL           exploop
	VZEROUPPER
	MOVQ         R8, ret+48(FP)
	RET

// EXP8 sets P = eˣ for the eight lanes of X (in [expLo, expHi]) with
// expF64's reduction and polynomial, 2ⁿ by VSCALEFPD (exact: the result
// is normal), so its bits are expF64's; N and R are scratch, R11 points
// at expConsts.
#define EXP8(X, N, R, P) \
	VMULPD.BCST       (R11), X, N; \
	VRNDSCALEPD       $0, N, N; \
	VMOVAPD           X, R; \
	VFNMADD231PD.BCST 32(R11), N, R; \
	VFNMADD231PD.BCST 64(R11), N, R; \
	VBROADCASTSD      160(R11), P; \
	VFMADD213PD.BCST 192(R11), R, P; \
	VFMADD213PD.BCST 224(R11), R, P; \
	VFMADD213PD.BCST 256(R11), R, P; \
	VFMADD213PD.BCST 288(R11), R, P; \
	VFMADD213PD.BCST 320(R11), R, P; \
	VFMADD213PD.BCST 352(R11), R, P; \
	VFMADD213PD.BCST 384(R11), R, P; \
	VFMADD213PD.BCST 416(R11), R, P; \
	VFMADD213PD.BCST 448(R11), R, P; \
	VFMADD213PD.BCST 480(R11), R, P; \
	VFMADD213PD.BCST 512(R11), R, P; \
	VFMADD213PD.BCST 544(R11), R, P; \
	VFMADD213PD.BCST 576(R11), R, P; \
	VSCALEFPD         N, P, P

// func expF64x8(d, x []float64) int
TEXT ·expF64x8(SB), NOSPLIT, $0-56
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·expConsts(SB), R11
	VBROADCASTSD 96(R11), Z20  // expHi
	VBROADCASTSD 128(R11), Z21 // expLo
	XORQ         AX, AX
	XORQ         R8, R8

exp8loop:
	VMOVUPD (SI)(AX*8), Z0
	EXP8(Z0, Z1, Z2, Z3)
	VMOVUPD Z3, (DI)(AX*8)
	VCMPPD  $0x1e, Z20, Z0, K1 // x > expHi
	VCMPPD  $0x11, Z21, Z0, K2 // x < expLo
	VCMPPD  $3, Z0, Z0, K3     // NaN
	KORW    K1, K2, K1
	KORW    K1, K3, K1
	KMOVW   K1, R9
	ORQ     R9, R8
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      exp8loop
	VZEROUPPER
	MOVQ    R8, ret+48(FP)
	RET

// func tanhF64x8(d, x []float64)
//
// Per lane, math.Tanh's cases blended by masks: x itself for ±0; the
// rational function (computed only when some lane needs it, with
// math.Tanh's operations in its order, no FMA: its bits) for |x| < 0.625;
// ±(1 − 2/(e²ᶻ + 1)) with EXP8 from 0.625; ±1 beyond MAXLOG/2.
TEXT ·tanhF64x8(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·expConsts(SB), R11
	LEAQ         ·tanhConsts(SB), R10
	VBROADCASTSD 0(R10), Z20  // 1
	VBROADCASTSD 8(R10), Z21  // 2
	VBROADCASTSD 16(R10), Z22 // 0.625
	VBROADCASTSD 24(R10), Z23 // MAXLOG/2
	VBROADCASTSD 32(R10), Z24 // sign bit
	XORQ         AX, AX

tanh8loop:
	VMOVUPD (SI)(AX*8), Z0
	VPANDNQ Z0, Z24, Z1    // z = |x|
	VPANDQ  Z0, Z24, Z8    // sign of x
	VCMPPD  $0x1d, Z22, Z1, K1 // z ≥ 0.625
	VCMPPD  $0x1e, Z23, Z1, K2 // z > MAXLOG/2
	VCMPPD  $0, Z24, Z0, K3    // x = ±0
	VADDPD  Z1, Z1, Z2     // 2z
	EXP8(Z2, Z3, Z4, Z5)
	VADDPD  Z20, Z5, Z5    // e²ᶻ + 1
	VDIVPD  Z5, Z21, Z6    // 2/(e²ᶻ + 1)
	VSUBPD  Z6, Z20, Z12   // 1 − 2/(e²ᶻ + 1)
	VPORQ   Z8, Z12, Z12   // with x's sign
	KMOVW   K1, R9
	CMPQ    R9, $0xff
	JEQ     tanh8big       // every lane ≥ 0.625: no rational function
	VMULPD  Z0, Z0, Z9     // s = x²
	VBROADCASTSD 40(R10), Z10
	VMULPD  Z9, Z10, Z10
	VADDPD.BCST 48(R10), Z10, Z10
	VMULPD  Z9, Z10, Z10
	VADDPD.BCST 56(R10), Z10, Z10 // P(s)
	VADDPD.BCST 64(R10), Z9, Z11
	VMULPD  Z9, Z11, Z11
	VADDPD.BCST 72(R10), Z11, Z11
	VMULPD  Z9, Z11, Z11
	VADDPD.BCST 80(R10), Z11, Z11 // Q(s)
	VMULPD  Z9, Z0, Z13    // x·s
	VMULPD  Z10, Z13, Z13  // ·P
	VDIVPD  Z11, Z13, Z13  // /Q
	VADDPD  Z13, Z0, Z13   // x + …
	KNOTW   K1, K4
	VMOVAPD Z13, K4, Z12
	VMOVAPD Z0, K3, Z12

tanh8big:
	VPORQ   Z8, Z20, Z14   // ±1
	VMOVAPD Z14, K2, Z12
	VMOVUPD Z12, (DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      tanh8loop
	VZEROUPPER
	RET

// CMP8 compares the eight float32 at element AX+k (k = off/4) of SI and
// DX with predicate P and stores the eight bools at DI+AX+k (R11 points
// at boolBytes8).
#define CMP8(off, boff, P) \
	VMOVUPS   off(SI)(AX*4), Y0; \
	VCMPPS    P, off(DX)(AX*4), Y0, Y1; \
	VMOVMSKPS Y1, R9; \
	MOVQ      (R11)(R9*8), R10; \
	MOVQ      R10, boff(DI)(AX*1)

// func cmpEqF32(d []bool, a, b []float32)
TEXT ·cmpEqF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpEqF32loop:
	CMP8(0, 0, $0x00)
	CMP8(32, 8, $0x00)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpEqF32loop
	VZEROUPPER
	RET

// func cmpNeF32(d []bool, a, b []float32)
TEXT ·cmpNeF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpNeF32loop:
	CMP8(0, 0, $0x04)
	CMP8(32, 8, $0x04)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpNeF32loop
	VZEROUPPER
	RET

// func cmpLtF32(d []bool, a, b []float32)
TEXT ·cmpLtF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpLtF32loop:
	CMP8(0, 0, $0x11)
	CMP8(32, 8, $0x11)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpLtF32loop
	VZEROUPPER
	RET

// func cmpLeF32(d []bool, a, b []float32)
TEXT ·cmpLeF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpLeF32loop:
	CMP8(0, 0, $0x12)
	CMP8(32, 8, $0x12)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpLeF32loop
	VZEROUPPER
	RET

// func cmpGtF32(d []bool, a, b []float32)
TEXT ·cmpGtF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpGtF32loop:
	CMP8(0, 0, $0x1e)
	CMP8(32, 8, $0x1e)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpGtF32loop
	VZEROUPPER
	RET

// func cmpGeF32(d []bool, a, b []float32)
TEXT ·cmpGeF32(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	LEAQ ·boolBytes8(SB), R11

cmpGeF32loop:
	CMP8(0, 0, $0x1d)
	CMP8(32, 8, $0x1d)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpGeF32loop
	VZEROUPPER
	RET

// func sqrtF32(d, x []float32)
TEXT ·sqrtF32(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	XORQ AX, AX

sqrt32loop:
	VSQRTPS (SI)(AX*4), Y0
	VSQRTPS 32(SI)(AX*4), Y1
	VSQRTPS 64(SI)(AX*4), Y2
	VSQRTPS 96(SI)(AX*4), Y3
	VMOVUPS Y0, (DI)(AX*4)
	VMOVUPS Y1, 32(DI)(AX*4)
	VMOVUPS Y2, 64(DI)(AX*4)
	VMOVUPS Y3, 96(DI)(AX*4)
	ADDQ    $32, AX
	CMPQ    AX, CX
	JL      sqrt32loop
	VZEROUPPER
	RET

// func logF64(d, x []float64) int
//
// Per lane: m = 1.mantissa, e the biased exponent; where m ≥ √2, m/2 and
// e+1 (subtracting the exponent's lowest bit halves m); k = e - 1023 as a
// float through 2⁵²; then math.Log's formula, operation by operation.
TEXT ·logF64(SB), NOSPLIT, $0-56
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	LEAQ ·logConsts(SB), R11
	XORQ AX, AX
	XORQ R8, R8

logloop:
	VMOVUPD   (SI)(AX*8), Y0
	VCMPPD    $0x1d, (R11), Y0, Y5    // x >= smallest normal
	VCMPPD    $0x12, 32(R11), Y0, Y6  // x <= MaxFloat64
	VANDPD    Y6, Y5, Y5
	VMOVMSKPD Y5, R9
	XORQ      $15, R9
	ORQ       R9, R8
	VPSRLQ    $52, Y0, Y1             // e
	VANDPD    64(R11), Y0, Y2
	VORPD     96(R11), Y2, Y2         // m in [1, 2)
	VCMPPD    $0x1d, 128(R11), Y2, Y3 // m >= √2
	VANDPD    160(R11), Y3, Y4
	VPSUBQ    Y4, Y2, Y2              // m/2
	VPSUBQ    Y3, Y1, Y1              // e+1
	VPOR      192(R11), Y1, Y1
	VSUBPD    224(R11), Y1, Y1        // k
	VSUBPD    96(R11), Y2, Y2         // f = m - 1
	VADDPD    256(R11), Y2, Y3
	VDIVPD    Y3, Y2, Y3              // s = f/(2+f)
	VMULPD    Y3, Y3, Y4              // s2
	VMULPD    Y4, Y4, Y5              // s4
	VMULPD    (32*16)(R11), Y5, Y6    // s4·L7
	VADDPD    (32*14)(R11), Y6, Y6    // L5+
	VMULPD    Y5, Y6, Y6
	VADDPD    (32*12)(R11), Y6, Y6    // L3+
	VMULPD    Y5, Y6, Y6
	VADDPD    (32*10)(R11), Y6, Y6    // L1+
	VMULPD    Y4, Y6, Y6              // t1
	VMULPD    (32*15)(R11), Y5, Y7    // s4·L6
	VADDPD    (32*13)(R11), Y7, Y7    // L4+
	VMULPD    Y5, Y7, Y7
	VADDPD    (32*11)(R11), Y7, Y7    // L2+
	VMULPD    Y5, Y7, Y7              // t2
	VADDPD    Y7, Y6, Y6              // R
	VMULPD    288(R11), Y2, Y7
	VMULPD    Y2, Y7, Y7              // hfsq = 0.5·f·f
	VADDPD    Y6, Y7, Y6              // hfsq+R
	VMULPD    Y6, Y3, Y6              // s·(hfsq+R)
	VMULPD    (32*18)(R11), Y1, Y8    // k·Ln2Lo
	VADDPD    Y8, Y6, Y6
	VSUBPD    Y6, Y7, Y6              // hfsq - (…)
	VSUBPD    Y2, Y6, Y6              // (…) - f
	VMULPD    (32*17)(R11), Y1, Y8    // k·Ln2Hi
	VSUBPD    Y6, Y8, Y8
	VMOVUPD   Y8, (DI)(AX*8)
	ADDQ      $4, AX
	CMPQ      AX, CX
	JL        logloop
	VZEROUPPER
	MOVQ      R8, ret+48(FP)
	RET

// func logF64x8(d, x []float64) int
//
// logF64 over eight lanes (AVX-512F): the same operations, the m ≥ √2
// step by masked integer subtraction and addition.
TEXT ·logF64x8(SB), NOSPLIT, $0-56
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·logConsts(SB), R11
	VBROADCASTSD 64(R11), Z20  // mantissa mask
	VBROADCASTSD 96(R11), Z21  // 1
	VBROADCASTSD 160(R11), Z22 // exponent's lowest bit
	MOVQ         $1, R9
	VPBROADCASTQ R9, Z23
	XORQ         AX, AX
	XORQ         R8, R8

log8loop:
	VMOVUPD          (SI)(AX*8), Z0
	VCMPPD.BCST      $0x1d, (R11), Z0, K5   // x >= smallest normal
	VCMPPD.BCST      $0x12, 32(R11), Z0, K6 // x <= MaxFloat64
	KANDW            K5, K6, K5
	KMOVW            K5, R9
	XORQ             $0xff, R9
	ORQ              R9, R8
	VPSRLQ           $52, Z0, Z1            // e
	VPANDQ           Z20, Z0, Z2
	VPORQ            Z21, Z2, Z2            // m in [1, 2)
	VCMPPD.BCST      $0x1d, 128(R11), Z2, K3 // m >= √2
	VPSUBQ           Z22, Z2, K3, Z2        // m/2
	VPADDQ           Z23, Z1, K3, Z1        // e+1
	VPORQ.BCST       192(R11), Z1, Z1
	VSUBPD.BCST      224(R11), Z1, Z1       // k
	VSUBPD           Z21, Z2, Z2            // f = m - 1
	VADDPD.BCST      256(R11), Z2, Z3
	VDIVPD           Z3, Z2, Z3             // s = f/(2+f)
	VMULPD           Z3, Z3, Z4             // s2
	VMULPD           Z4, Z4, Z5             // s4
	VMULPD.BCST      (32*16)(R11), Z5, Z6   // s4·L7
	VADDPD.BCST      (32*14)(R11), Z6, Z6   // L5+
	VMULPD           Z5, Z6, Z6
	VADDPD.BCST      (32*12)(R11), Z6, Z6   // L3+
	VMULPD           Z5, Z6, Z6
	VADDPD.BCST      (32*10)(R11), Z6, Z6   // L1+
	VMULPD           Z4, Z6, Z6             // t1
	VMULPD.BCST      (32*15)(R11), Z5, Z7   // s4·L6
	VADDPD.BCST      (32*13)(R11), Z7, Z7   // L4+
	VMULPD           Z5, Z7, Z7
	VADDPD.BCST      (32*11)(R11), Z7, Z7   // L2+
	VMULPD           Z5, Z7, Z7             // t2
	VADDPD           Z7, Z6, Z6             // R
	VMULPD.BCST      288(R11), Z2, Z7
	VMULPD           Z2, Z7, Z7             // hfsq = 0.5·f·f
	VADDPD           Z6, Z7, Z6             // hfsq+R
	VMULPD           Z6, Z3, Z6             // s·(hfsq+R)
	VMULPD.BCST      (32*18)(R11), Z1, Z8   // k·Ln2Lo
	VADDPD           Z8, Z6, Z6
	VSUBPD           Z6, Z7, Z6             // hfsq - (…)
	VSUBPD           Z2, Z6, Z6             // (…) - f
	VMULPD.BCST      (32*17)(R11), Z1, Z8   // k·Ln2Hi
	VSUBPD           Z6, Z8, Z8
	VMOVUPD          Z8, (DI)(AX*8)
	ADDQ             $8, AX
	CMPQ             AX, CX
	JL               log8loop
	VZEROUPPER
	MOVQ             R8, ret+48(FP)
	RET

// func trigF64(d, x []float64, octants int64, sign uint64) int
//
// Per lane: j = int32(|x|·4/π) rounded up to even, y = float(j); the
// polynomial and sign follow j + octants: bit 1 picks the cosine
// polynomial, bit 2 flips the sign, as does the sign of x where sign
// keeps it.
TEXT ·trigF64(SB), NOSPLIT, $0-72
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         octants+48(FP), R10
	VMOVQ        R10, X14
	VPBROADCASTD X14, X14
	MOVQ         sign+56(FP), R10
	VMOVQ        R10, X15
	VPBROADCASTQ X15, Y15
	LEAQ         ·trigConsts(SB), R11
	XORQ         AX, AX
	XORQ         R8, R8

trigloop:
	VMOVUPD     (SI)(AX*8), Y0
	VANDPD      (R11), Y0, Y1          // |x|
	VCMPPD      $0x11, 32(R11), Y1, Y5 // |x| < trigMax
	VMOVMSKPD   Y5, R9
	XORQ        $15, R9
	ORQ         R9, R8
	VANDPD      Y15, Y0, Y0            // the sign of x, if kept
	VMULPD      64(R11), Y1, Y2
	VCVTTPD2DQY Y2, X2                 // j
	VPADDD      96(R11), X2, X2
	VPAND       128(R11), X2, X2       // rounded up to even
	VCVTDQ2PD   X2, Y3                 // y
	VPADDD      X14, X2, X2
	VPAND       160(R11), X2, X4
	VPCMPEQD    160(R11), X4, X4
	VPMOVSXDQ   X4, Y4                 // cosine polynomial
	VPAND       192(R11), X2, X5
	VPSLLD      $29, X5, X5
	VPMOVSXDQ   X5, Y5
	VANDPD      224(R11), Y5, Y5
	VXORPD      Y5, Y0, Y0             // the result's sign bit
	VMULPD      256(R11), Y3, Y6
	VSUBPD      Y6, Y1, Y1
	VMULPD      288(R11), Y3, Y6
	VSUBPD      Y6, Y1, Y1
	VMULPD      320(R11), Y3, Y6
	VSUBPD      Y6, Y1, Y1             // z
	VMULPD      Y1, Y1, Y2             // zz
	VMULPD      (32*13)(R11), Y2, Y6   // sine polynomial
	VADDPD      (32*14)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*15)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*16)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*17)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*18)(R11), Y6, Y6
	VMULPD      Y2, Y1, Y7
	VMULPD      Y6, Y7, Y7
	VADDPD      Y7, Y1, Y7             // z + z·zz·P
	VMULPD      (32*19)(R11), Y2, Y6   // cosine polynomial
	VADDPD      (32*20)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*21)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*22)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*23)(R11), Y6, Y6
	VMULPD      Y2, Y6, Y6
	VADDPD      (32*24)(R11), Y6, Y6
	VMULPD      Y2, Y2, Y8
	VMULPD      Y6, Y8, Y8             // zz·zz·P
	VMULPD      (32*12)(R11), Y2, Y9
	VMOVUPD     (32*11)(R11), Y10
	VSUBPD      Y9, Y10, Y10           // 1 - 0.5·zz
	VADDPD      Y8, Y10, Y10
	VBLENDVPD   Y4, Y10, Y7, Y7
	VXORPD      Y0, Y7, Y7
	VMOVUPD     Y7, (DI)(AX*8)
	ADDQ        $4, AX
	CMPQ        AX, CX
	JL          trigloop
	VZEROUPPER
	MOVQ        R8, ret+64(FP)
	RET

// func widenF32(d []float64, s []float32)
TEXT ·widenF32(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	XORQ AX, AX

widenloop:
	VCVTPS2PD (SI)(AX*4), Y0
	VCVTPS2PD 16(SI)(AX*4), Y1
	VCVTPS2PD 32(SI)(AX*4), Y2
	VCVTPS2PD 48(SI)(AX*4), Y3
	VMOVUPD   Y0, (DI)(AX*8)
	VMOVUPD   Y1, 32(DI)(AX*8)
	VMOVUPD   Y2, 64(DI)(AX*8)
	VMOVUPD   Y3, 96(DI)(AX*8)
	ADDQ      $16, AX
	CMPQ      AX, CX
	JL        widenloop
	VZEROUPPER
	RET

// func widenI32(d []float64, s []int32)
TEXT ·widenI32(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	XORQ AX, AX

widenI32loop:
	VCVTDQ2PD (SI)(AX*4), Y0
	VCVTDQ2PD 16(SI)(AX*4), Y1
	VCVTDQ2PD 32(SI)(AX*4), Y2
	VCVTDQ2PD 48(SI)(AX*4), Y3
	VMOVUPD   Y0, (DI)(AX*8)
	VMOVUPD   Y1, 32(DI)(AX*8)
	VMOVUPD   Y2, 64(DI)(AX*8)
	VMOVUPD   Y3, 96(DI)(AX*8)
	ADDQ      $16, AX
	CMPQ      AX, CX
	JL        widenI32loop
	VZEROUPPER
	RET

// func cvtI64F64(d []float64, s []int64)
TEXT ·cvtI64F64(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	XORQ AX, AX

cvtI64F64loop:
	VCVTQQ2PD (SI)(AX*8), Z0
	VCVTQQ2PD 64(SI)(AX*8), Z1
	VMOVUPD   Z0, (DI)(AX*8)
	VMOVUPD   Z1, 64(DI)(AX*8)
	ADDQ      $16, AX
	CMPQ      AX, CX
	JL        cvtI64F64loop
	VZEROUPPER
	RET

// TOF32(INS, scale, loop) is the body of the toF32 loops: eight integers
// of scale bytes at a time sign- or zero-extended to int32 by INS (none:
// VMOVDQU) and converted by VCVTDQ2PS, sixteen a pass.
#define TOF32(INS, scale, loop) \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ s_base+24(FP), SI; \
	XORQ AX, AX; \
loop: \
	INS       (SI)(AX*scale), Y0; \
	INS       8*scale(SI)(AX*scale), Y1; \
	VCVTDQ2PS Y0, Y0; \
	VCVTDQ2PS Y1, Y1; \
	VMOVUPS   Y0, (DI)(AX*4); \
	VMOVUPS   Y1, 32(DI)(AX*4); \
	ADDQ      $16, AX; \
	CMPQ      AX, CX; \
	JL        loop; \
	VZEROUPPER; \
	RET

// TOF64(INS, scale, loop) is the body of the toF64 loops: four integers
// of scale bytes at a time extended to int32 by INS and converted by
// VCVTDQ2PD, sixteen a pass.
#define TOF64(INS, scale, loop) \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ s_base+24(FP), SI; \
	XORQ AX, AX; \
loop: \
	INS       (SI)(AX*scale), X0; \
	INS       4*scale(SI)(AX*scale), X1; \
	INS       8*scale(SI)(AX*scale), X2; \
	INS       12*scale(SI)(AX*scale), X3; \
	VCVTDQ2PD X0, Y0; \
	VCVTDQ2PD X1, Y1; \
	VCVTDQ2PD X2, Y2; \
	VCVTDQ2PD X3, Y3; \
	VMOVUPD   Y0, (DI)(AX*8); \
	VMOVUPD   Y1, 32(DI)(AX*8); \
	VMOVUPD   Y2, 64(DI)(AX*8); \
	VMOVUPD   Y3, 96(DI)(AX*8); \
	ADDQ      $16, AX; \
	CMPQ      AX, CX; \
	JL        loop; \
	VZEROUPPER; \
	RET

// func toF32I8(d []float32, s []int8)
TEXT ·toF32I8(SB), NOSPLIT, $0-48
	TOF32(VPMOVSXBD, 1, toF32I8loop)

// func toF32U8(d []float32, s []uint8)
TEXT ·toF32U8(SB), NOSPLIT, $0-48
	TOF32(VPMOVZXBD, 1, toF32U8loop)

// func toF32I16(d []float32, s []int16)
TEXT ·toF32I16(SB), NOSPLIT, $0-48
	TOF32(VPMOVSXWD, 2, toF32I16loop)

// func toF32U16(d []float32, s []uint16)
TEXT ·toF32U16(SB), NOSPLIT, $0-48
	TOF32(VPMOVZXWD, 2, toF32U16loop)

// func toF32I32(d []float32, s []int32)
TEXT ·toF32I32(SB), NOSPLIT, $0-48
	TOF32(VMOVDQU, 4, toF32I32loop)

// func toF64I8(d []float64, s []int8)
TEXT ·toF64I8(SB), NOSPLIT, $0-48
	TOF64(VPMOVSXBD, 1, toF64I8loop)

// func toF64U8(d []float64, s []uint8)
TEXT ·toF64U8(SB), NOSPLIT, $0-48
	TOF64(VPMOVZXBD, 1, toF64U8loop)

// func toF64I16(d []float64, s []int16)
TEXT ·toF64I16(SB), NOSPLIT, $0-48
	TOF64(VPMOVSXWD, 2, toF64I16loop)

// func toF64U16(d []float64, s []uint16)
TEXT ·toF64U16(SB), NOSPLIT, $0-48
	TOF64(VPMOVZXWD, 2, toF64U16loop)

// NANSTEP folds the vector at off(SI) into Yk as EXTSTEP does, its NaN
// lanes first replaced by Y8 (the fold's identity: -Inf for max, +Inf
// for min), so that NaN is skipped.
#define NANSTEP(off, VMOV, VCMP, VBLEND, VEXT, VCOMB, Yk, Yx, Ya, Yb) \
	VMOV   off(SI), Yx; \
	VCMP   $3, Yx, Yx, Ya; \
	VBLEND Ya, Y8, Yx, Yx; \
	COMB(VEXT, VCOMB, Yk, Yx, Ya, Yb)

// func nanMaxF64(v []float64, fill float64) float64
TEXT ·nanMaxF64(SB), NOSPLIT, $0-40
	MOVQ         v_base+0(FP), SI
	MOVQ         v_len+8(FP), CX
	VBROADCASTSD fill+24(FP), Y8
	VMOVUPS      Y8, Y0
	VMOVUPS      Y8, Y1
	VMOVUPS      Y8, Y2
	VMOVUPS      Y8, Y3

nanMaxF64loop:
	NANSTEP(0, VMOVUPD, VCMPPD, VBLENDVPD, VMAXPD, VANDPD, Y0, Y4, Y5, Y6)
	NANSTEP(32, VMOVUPD, VCMPPD, VBLENDVPD, VMAXPD, VANDPD, Y1, Y7, Y9, Y10)
	NANSTEP(64, VMOVUPD, VCMPPD, VBLENDVPD, VMAXPD, VANDPD, Y2, Y11, Y12, Y13)
	NANSTEP(96, VMOVUPD, VCMPPD, VBLENDVPD, VMAXPD, VANDPD, Y3, Y14, Y15, Y6)
	ADDQ         $128, SI
	SUBQ         $16, CX
	JNZ          nanMaxF64loop

	FOLDF64(VMAXPD, VANDPD)
	VMOVSD       X0, ret+32(FP)
	VZEROUPPER
	RET

// func nanMinF64(v []float64, fill float64) float64
TEXT ·nanMinF64(SB), NOSPLIT, $0-40
	MOVQ         v_base+0(FP), SI
	MOVQ         v_len+8(FP), CX
	VBROADCASTSD fill+24(FP), Y8
	VMOVUPS      Y8, Y0
	VMOVUPS      Y8, Y1
	VMOVUPS      Y8, Y2
	VMOVUPS      Y8, Y3

nanMinF64loop:
	NANSTEP(0, VMOVUPD, VCMPPD, VBLENDVPD, VMINPD, VORPD, Y0, Y4, Y5, Y6)
	NANSTEP(32, VMOVUPD, VCMPPD, VBLENDVPD, VMINPD, VORPD, Y1, Y7, Y9, Y10)
	NANSTEP(64, VMOVUPD, VCMPPD, VBLENDVPD, VMINPD, VORPD, Y2, Y11, Y12, Y13)
	NANSTEP(96, VMOVUPD, VCMPPD, VBLENDVPD, VMINPD, VORPD, Y3, Y14, Y15, Y6)
	ADDQ         $128, SI
	SUBQ         $16, CX
	JNZ          nanMinF64loop

	FOLDF64(VMINPD, VORPD)
	VMOVSD       X0, ret+32(FP)
	VZEROUPPER
	RET

// func nanMaxF32(v []float32, fill float32) float32
TEXT ·nanMaxF32(SB), NOSPLIT, $0-36
	MOVQ         v_base+0(FP), SI
	MOVQ         v_len+8(FP), CX
	VBROADCASTSS fill+24(FP), Y8
	VMOVUPS      Y8, Y0
	VMOVUPS      Y8, Y1

nanMaxF32loop:
	NANSTEP(0, VMOVUPS, VCMPPS, VBLENDVPS, VMAXPS, VANDPS, Y0, Y4, Y5, Y6)
	NANSTEP(32, VMOVUPS, VCMPPS, VBLENDVPS, VMAXPS, VANDPS, Y1, Y7, Y9, Y10)
	ADDQ         $64, SI
	SUBQ         $16, CX
	JNZ          nanMaxF32loop

	FOLDF32(VMAXPS, VANDPS)
	VMOVSS       X0, ret+32(FP)
	VZEROUPPER
	RET

// func nanMinF32(v []float32, fill float32) float32
TEXT ·nanMinF32(SB), NOSPLIT, $0-36
	MOVQ         v_base+0(FP), SI
	MOVQ         v_len+8(FP), CX
	VBROADCASTSS fill+24(FP), Y8
	VMOVUPS      Y8, Y0
	VMOVUPS      Y8, Y1

nanMinF32loop:
	NANSTEP(0, VMOVUPS, VCMPPS, VBLENDVPS, VMINPS, VORPS, Y0, Y4, Y5, Y6)
	NANSTEP(32, VMOVUPS, VCMPPS, VBLENDVPS, VMINPS, VORPS, Y1, Y7, Y9, Y10)
	ADDQ         $64, SI
	SUBQ         $16, CX
	JNZ          nanMinF32loop

	FOLDF32(VMINPS, VORPS)
	VMOVSS       X0, ret+32(FP)
	VZEROUPPER
	RET

// NANELEM4 is ELEM4 skipping NaN: a NaN lane of one operand takes the
// other's value first, so a lane is NaN only when both are.
#define NANELEM4(off, VEXT, VCOMB) \
	VMOVUPD   off(SI)(AX*8), Y0; \
	VMOVUPD   off(DX)(AX*8), Y1; \
	VCMPPD    $3, Y1, Y1, Y2; \
	VBLENDVPD Y2, Y0, Y1, Y1; \
	VCMPPD    $3, Y0, Y0, Y2; \
	VBLENDVPD Y2, Y1, Y0, Y0; \
	COMB(VEXT, VCOMB, Y0, Y1, Y4, Y5); \
	VMOVUPD   Y0, off(DI)(AX*8)

// func nanMaxElemsF64(d, a, b []float64)
TEXT ·nanMaxElemsF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

nanMaxElemsF64loop:
	NANELEM4(0, VMAXPD, VANDPD)
	NANELEM4(32, VMAXPD, VANDPD)
	NANELEM4(64, VMAXPD, VANDPD)
	NANELEM4(96, VMAXPD, VANDPD)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   nanMaxElemsF64loop
	VZEROUPPER
	RET

// func nanMinElemsF64(d, a, b []float64)
TEXT ·nanMinElemsF64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

nanMinElemsF64loop:
	NANELEM4(0, VMINPD, VORPD)
	NANELEM4(32, VMINPD, VORPD)
	NANELEM4(64, VMINPD, VORPD)
	NANELEM4(96, VMINPD, VORPD)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   nanMinElemsF64loop
	VZEROUPPER
	RET

// func floorDivI32(mod bool, d, a, b []int32)
TEXT ·floorDivI32(SB), NOSPLIT, $0-80
	MOVBQZX mod+0(FP), R8
	MOVQ    d_base+8(FP), DI
	MOVQ    d_len+16(FP), CX
	MOVQ    a_base+32(FP), SI
	MOVQ    b_base+56(FP), DX
	XORQ    AX, AX
	VPXOR   X7, X7, X7

fdloop:
	VMOVDQU     (SI)(AX*4), X0 // x
	VMOVDQU     (DX)(AX*4), X1 // y
	VCVTDQ2PD   X0, Y2
	VCVTDQ2PD   X1, Y3
	VDIVPD      Y3, Y2, Y2     // x / y
	VROUNDPD    $1, Y2, Y2     // floor
	VCVTTPD2DQY Y2, X2         // q; 2³¹ (MinInt32 / -1) gives MinInt32
	TESTQ       R8, R8
	JEQ         fdstore
	VPMULLD     X1, X2, X4
	VPSUBD      X4, X0, X2     // x - q·y

fdstore:
	VPCMPEQD X7, X1, X5 // y == 0 gives 0
	VPANDN   X2, X5, X2
	VMOVDQU  X2, (DI)(AX*4)
	ADDQ     $4, AX
	CMPQ     AX, CX
	JL       fdloop
	VZEROUPPER
	RET
