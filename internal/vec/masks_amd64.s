//go:build amd64 && !noasm

#include "textflag.h"

// SEL64 blends the four uint64 at element AX+k (k = off/8): a (SI) where
// the bool at R8+AX+k is true, else b (DX), into d (DI). A bool is 0 or 1,
// so 0 - c is the blend mask (Y15 holds zero).
#define SEL64(off, boff) \
	VPMOVZXBQ boff(R8)(AX*1), Y0; \
	VPSUBQ    Y0, Y15, Y0; \
	VMOVDQU   off(DX)(AX*8), Y1; \
	VPBLENDVB Y0, off(SI)(AX*8), Y1, Y1; \
	VMOVDQU   Y1, off(DI)(AX*8)

// func select64(d []uint64, c []bool, a, b []uint64)
TEXT ·select64(SB), NOSPLIT, $0-96
	MOVQ  d_base+0(FP), DI
	MOVQ  d_len+8(FP), CX
	MOVQ  c_base+24(FP), R8
	MOVQ  a_base+48(FP), SI
	MOVQ  b_base+72(FP), DX
	XORQ  AX, AX
	VPXOR Y15, Y15, Y15

select64loop:
	SEL64(0, 0)
	SEL64(32, 4)
	SEL64(64, 8)
	SEL64(96, 12)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   select64loop
	VZEROUPPER
	RET

// SEL32 is SEL64 for the eight uint32 at element AX+k (k = off/4).
#define SEL32(off, boff) \
	VPMOVZXBD boff(R8)(AX*1), Y0; \
	VPSUBD    Y0, Y15, Y0; \
	VMOVDQU   off(DX)(AX*4), Y1; \
	VPBLENDVB Y0, off(SI)(AX*4), Y1, Y1; \
	VMOVDQU   Y1, off(DI)(AX*4)

// func select32(d []uint32, c []bool, a, b []uint32)
TEXT ·select32(SB), NOSPLIT, $0-96
	MOVQ  d_base+0(FP), DI
	MOVQ  d_len+8(FP), CX
	MOVQ  c_base+24(FP), R8
	MOVQ  a_base+48(FP), SI
	MOVQ  b_base+72(FP), DX
	XORQ  AX, AX
	VPXOR Y15, Y15, Y15

select32loop:
	SEL32(0, 0)
	SEL32(32, 8)
	SEL32(64, 16)
	SEL32(96, 24)
	ADDQ $32, AX
	CMPQ AX, CX
	JL   select32loop
	VZEROUPPER
	RET

// ICMP64 compares the four int64 at element AX+k (k = off/8) of SI and DX
// with VOP (a == b or a > b), flips the 4-bit mask by R12 and stores the
// four bools at DI+AX+k (R11 points at boolBytes8).
#define ICMP64(VOP, off, boff) \
	VMOVDQU   off(SI)(AX*8), Y0; \
	VOP       off(DX)(AX*8), Y0, Y1; \
	VMOVMSKPD Y1, R9; \
	XORQ      R12, R9; \
	MOVL      (R11)(R9*8), R10; \
	MOVL      R10, boff(DI)(AX*1)

// func cmpI64(eq bool, d []bool, a, b []int64, not bool)
TEXT ·cmpI64(SB), NOSPLIT, $0-81
	MOVQ    d_base+8(FP), DI
	MOVQ    d_len+16(FP), CX
	MOVQ    a_base+32(FP), SI
	MOVQ    b_base+56(FP), DX
	MOVBQZX not+80(FP), R12
	NEGQ    R12
	ANDQ    $15, R12
	XORQ    AX, AX
	LEAQ    ·boolBytes8(SB), R11
	CMPB    eq+0(FP), $0
	JEQ     cmpGtI64loop

cmpEqI64loop:
	ICMP64(VPCMPEQQ, 0, 0)
	ICMP64(VPCMPEQQ, 32, 4)
	ICMP64(VPCMPEQQ, 64, 8)
	ICMP64(VPCMPEQQ, 96, 12)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpEqI64loop
	VZEROUPPER
	RET

cmpGtI64loop:
	ICMP64(VPCMPGTQ, 0, 0)
	ICMP64(VPCMPGTQ, 32, 4)
	ICMP64(VPCMPGTQ, 64, 8)
	ICMP64(VPCMPGTQ, 96, 12)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   cmpGtI64loop
	VZEROUPPER
	RET

// ICMP32 is ICMP64 for the eight int32 at element AX+k (k = off/4), with
// an 8-bit mask.
#define ICMP32(VOP, off, boff) \
	VMOVDQU   off(SI)(AX*4), Y0; \
	VOP       off(DX)(AX*4), Y0, Y1; \
	VMOVMSKPS Y1, R9; \
	XORQ      R12, R9; \
	MOVQ      (R11)(R9*8), R10; \
	MOVQ      R10, boff(DI)(AX*1)

// func cmpI32(eq bool, d []bool, a, b []int32, not bool)
TEXT ·cmpI32(SB), NOSPLIT, $0-81
	MOVQ    d_base+8(FP), DI
	MOVQ    d_len+16(FP), CX
	MOVQ    a_base+32(FP), SI
	MOVQ    b_base+56(FP), DX
	MOVBQZX not+80(FP), R12
	NEGQ    R12
	ANDQ    $255, R12
	XORQ    AX, AX
	LEAQ    ·boolBytes8(SB), R11
	CMPB    eq+0(FP), $0
	JEQ     cmpGtI32loop

cmpEqI32loop:
	ICMP32(VPCMPEQD, 0, 0)
	ICMP32(VPCMPEQD, 32, 8)
	ICMP32(VPCMPEQD, 64, 16)
	ICMP32(VPCMPEQD, 96, 24)
	ADDQ $32, AX
	CMPQ AX, CX
	JL   cmpEqI32loop
	VZEROUPPER
	RET

cmpGtI32loop:
	ICMP32(VPCMPGTD, 0, 0)
	ICMP32(VPCMPGTD, 32, 8)
	ICMP32(VPCMPGTD, 64, 16)
	ICMP32(VPCMPGTD, 96, 24)
	ADDQ $32, AX
	CMPQ AX, CX
	JL   cmpGtI32loop
	VZEROUPPER
	RET

// func addI64(d, a, b []int64)
TEXT ·addI64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

addI64loop:
	VMOVDQU (SI)(AX*8), Y0
	VMOVDQU 32(SI)(AX*8), Y1
	VMOVDQU 64(SI)(AX*8), Y2
	VMOVDQU 96(SI)(AX*8), Y3
	VPADDQ  (DX)(AX*8), Y0, Y0
	VPADDQ  32(DX)(AX*8), Y1, Y1
	VPADDQ  64(DX)(AX*8), Y2, Y2
	VPADDQ  96(DX)(AX*8), Y3, Y3
	VMOVDQU Y0, (DI)(AX*8)
	VMOVDQU Y1, 32(DI)(AX*8)
	VMOVDQU Y2, 64(DI)(AX*8)
	VMOVDQU Y3, 96(DI)(AX*8)
	ADDQ    $16, AX
	CMPQ    AX, CX
	JL      addI64loop
	VZEROUPPER
	RET

// EXT64 stores the four int64 at element AX+k (k = off/8) of SI (a) where
// Y2 = P > Q (the operands' registers Y0 = a, Y1 = b), else of DX (b).
#define EXT64(off, P, Q) \
	VMOVDQU   off(SI)(AX*8), Y0; \
	VMOVDQU   off(DX)(AX*8), Y1; \
	VPCMPGTQ  Q, P, Y2; \
	VPBLENDVB Y2, Y0, Y1, Y3; \
	VMOVDQU   Y3, off(DI)(AX*8)

// func maxI64(d, a, b []int64)
TEXT ·maxI64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

maxI64loop:
	EXT64(0, Y0, Y1)
	EXT64(32, Y0, Y1)
	EXT64(64, Y0, Y1)
	EXT64(96, Y0, Y1)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   maxI64loop
	VZEROUPPER
	RET

// func minI64(d, a, b []int64)
TEXT ·minI64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX

minI64loop:
	EXT64(0, Y1, Y0)
	EXT64(32, Y1, Y0)
	EXT64(64, Y1, Y0)
	EXT64(96, Y1, Y0)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   minI64loop
	VZEROUPPER
	RET

// WIDE4 adds the four int32 at element AX+k (k = off/8), sign-extended,
// to the four int64 of SI there and stores them to DI.
// WIDE4(INS, scale, off, boff) adds the four elements of b at element AX
// + k (k = off/8, b's at byte offset boff), extended to int64 by INS
// (VPMOVSX or VPMOVZX from b's width, scale its bytes), to a's and stores
// them in d.
#define WIDE4(INS, scale, off, boff) \
	INS     boff(DX)(AX*scale), Y0; \
	VPADDQ  off(SI)(AX*8), Y0, Y0; \
	VMOVDQU Y0, off(DI)(AX*8)

// ADDWIDE(INS, scale, loop) is the body of the addWide loops: sixteen
// elements a step.
#define ADDWIDE(INS, scale, loop) \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ a_base+24(FP), SI; \
	MOVQ b_base+48(FP), DX; \
	XORQ AX, AX; \
loop: \
	WIDE4(INS, scale, 0, 0); \
	WIDE4(INS, scale, 32, 4*scale); \
	WIDE4(INS, scale, 64, 8*scale); \
	WIDE4(INS, scale, 96, 12*scale); \
	ADDQ $16, AX; \
	CMPQ AX, CX; \
	JL   loop; \
	VZEROUPPER; \
	RET

// func addWideI8(d, a []uint64, b []int8)
TEXT ·addWideI8(SB), NOSPLIT, $0-72
	ADDWIDE(VPMOVSXBQ, 1, addWideI8loop)

// func addWideU8(d, a []uint64, b []uint8)
TEXT ·addWideU8(SB), NOSPLIT, $0-72
	ADDWIDE(VPMOVZXBQ, 1, addWideU8loop)

// func addWideI16(d, a []uint64, b []int16)
TEXT ·addWideI16(SB), NOSPLIT, $0-72
	ADDWIDE(VPMOVSXWQ, 2, addWideI16loop)

// func addWideU16(d, a []uint64, b []uint16)
TEXT ·addWideU16(SB), NOSPLIT, $0-72
	ADDWIDE(VPMOVZXWQ, 2, addWideU16loop)

// func addWideI32(d, a []uint64, b []int32)
TEXT ·addWideI32(SB), NOSPLIT, $0-72
	ADDWIDE(VPMOVSXDQ, 4, addWideI32loop)

// func addWideU32(d, a []uint64, b []uint32)
TEXT ·addWideU32(SB), NOSPLIT, $0-72
	ADDWIDE(VPMOVZXDQ, 4, addWideU32loop)

// ABS4 stores |x| of the four int64 at element AX+k (k = off/8): with
// m = (0 > x), all ones or zero, |x| = (x ^ m) - m (Y15 holds zero).
#define ABS4(off) \
	VMOVDQU  off(SI)(AX*8), Y0; \
	VPCMPGTQ Y0, Y15, Y1; \
	VPXOR    Y1, Y0, Y0; \
	VPSUBQ   Y1, Y0, Y0; \
	VMOVDQU  Y0, off(DI)(AX*8)

// func absI64(d, x []int64)
TEXT ·absI64(SB), NOSPLIT, $0-48
	MOVQ  d_base+0(FP), DI
	MOVQ  d_len+8(FP), CX
	MOVQ  x_base+24(FP), SI
	XORQ  AX, AX
	VPXOR Y15, Y15, Y15

absI64loop:
	ABS4(0)
	ABS4(32)
	ABS4(64)
	ABS4(96)
	ADDQ $16, AX
	CMPQ AX, CX
	JL   absI64loop
	VZEROUPPER
	RET

// ARGROW meets four bests at element AX+k (k = off/8): where x (SI) is
// strictly better than val (DI) by predicate P (the operands in the
// order LHS, RHS of Y0 = x, Y1 = val), val takes x and ix (DX) takes pos (Y7).
// Y8 collects NaN in x and Y9 the indices, whose sign bits tell a best
// not yet set.
#define ARGROW(off, LHS, RHS) \
	VMOVUPD   off(SI)(AX*8), Y0; \
	VMOVUPD   off(DI)(AX*8), Y1; \
	VMOVDQU   off(DX)(AX*8), Y4; \
	VCMPPD    $1, LHS, RHS, Y2; \
	VCMPPD    $3, Y0, Y0, Y3; \
	VORPD     Y3, Y8, Y8; \
	VPOR      Y4, Y9, Y9; \
	VBLENDVPD Y2, Y0, Y1, Y1; \
	VBLENDVPD Y2, Y7, Y4, Y4; \
	VMOVUPD   Y1, off(DI)(AX*8); \
	VMOVDQU   Y4, off(DX)(AX*8)

// func argMinRowF64(val []float64, ix []int64, x []float64, pos int64) (unset, nan bool)
TEXT ·argMinRowF64(SB), NOSPLIT, $0-82
	MOVQ         val_base+0(FP), DI
	MOVQ         val_len+8(FP), CX
	MOVQ         ix_base+24(FP), DX
	MOVQ         x_base+48(FP), SI
	VPBROADCASTQ pos+72(FP), Y7
	VPXOR        Y8, Y8, Y8
	VPXOR        Y9, Y9, Y9
	XORQ         AX, AX

argMinRowF64loop:
	ARGROW(0, Y1, Y0)
	ARGROW(32, Y1, Y0)
	ADDQ $8, AX
	CMPQ AX, CX
	JL   argMinRowF64loop
	VMOVMSKPD Y9, AX
	TESTQ     AX, AX
	SETNE     unset+80(FP)
	VMOVMSKPD Y8, AX
	TESTQ     AX, AX
	SETNE     nan+81(FP)
	VZEROUPPER
	RET

// func argMaxRowF64(val []float64, ix []int64, x []float64, pos int64) (unset, nan bool)
TEXT ·argMaxRowF64(SB), NOSPLIT, $0-82
	MOVQ         val_base+0(FP), DI
	MOVQ         val_len+8(FP), CX
	MOVQ         ix_base+24(FP), DX
	MOVQ         x_base+48(FP), SI
	VPBROADCASTQ pos+72(FP), Y7
	VPXOR        Y8, Y8, Y8
	VPXOR        Y9, Y9, Y9
	XORQ         AX, AX

argMaxRowF64loop:
	ARGROW(0, Y0, Y1)
	ARGROW(32, Y0, Y1)
	ADDQ $8, AX
	CMPQ AX, CX
	JL   argMaxRowF64loop
	VMOVMSKPD Y9, AX
	TESTQ     AX, AX
	SETNE     unset+80(FP)
	VMOVMSKPD Y8, AX
	TESTQ     AX, AX
	SETNE     nan+81(FP)
	VZEROUPPER
	RET

// ARGROW32 is ARGROW for four float32 at element AX+k (k = off/4): the
// compare's 32-bit lanes widened to the indices' 64 (VPMOVSXDQ); the NaN
// lanes go to X8.
#define ARGROW32(off, LHS, RHS) \
	VMOVUPS   off(SI)(AX*4), X0; \
	VMOVUPS   off(DI)(AX*4), X1; \
	VMOVDQU   off*2(DX)(AX*8), Y4; \
	VCMPPS    $1, LHS, RHS, X2; \
	VCMPPS    $3, X0, X0, X3; \
	VORPS     X3, X8, X8; \
	VPOR      Y4, Y9, Y9; \
	VBLENDVPS X2, X0, X1, X1; \
	VPMOVSXDQ X2, Y2; \
	VBLENDVPD Y2, Y7, Y4, Y4; \
	VMOVUPS   X1, off(DI)(AX*4); \
	VMOVDQU   Y4, off*2(DX)(AX*8)

// ARGROW32LOOP is the body of argMinRowF32 and argMaxRowF32: eight
// elements a pass.
#define ARGROW32LOOP(loop, LHS, RHS) \
	MOVQ         val_base+0(FP), DI; \
	MOVQ         val_len+8(FP), CX; \
	MOVQ         ix_base+24(FP), DX; \
	MOVQ         x_base+48(FP), SI; \
	VPBROADCASTQ pos+72(FP), Y7; \
	VPXOR        Y8, Y8, Y8; \
	VPXOR        Y9, Y9, Y9; \
	XORQ         AX, AX; \
loop: \
	ARGROW32(0, LHS, RHS); \
	ARGROW32(16, LHS, RHS); \
	ADDQ $8, AX; \
	CMPQ AX, CX; \
	JL   loop; \
	VMOVMSKPD Y9, AX; \
	TESTQ     AX, AX; \
	SETNE     unset+80(FP); \
	VMOVMSKPS X8, AX; \
	TESTQ     AX, AX; \
	SETNE     nan+81(FP); \
	VZEROUPPER; \
	RET

// func argMinRowF32(val []float32, ix []int64, x []float32, pos int64) (unset, nan bool)
TEXT ·argMinRowF32(SB), NOSPLIT, $0-82
	ARGROW32LOOP(argMinRowF32loop, X1, X0)

// func argMaxRowF32(val []float32, ix []int64, x []float32, pos int64) (unset, nan bool)
TEXT ·argMaxRowF32(SB), NOSPLIT, $0-82
	ARGROW32LOOP(argMaxRowF32loop, X0, X1)

// ARGROWQ is ARGROW for four int64: better where LHS > RHS (VPCMPGTQ),
// no NaN.
#define ARGROWQ(off, LHS, RHS) \
	VMOVDQU   off(SI)(AX*8), Y0; \
	VMOVDQU   off(DI)(AX*8), Y1; \
	VMOVDQU   off(DX)(AX*8), Y4; \
	VPCMPGTQ  RHS, LHS, Y2; \
	VPOR      Y4, Y9, Y9; \
	VPBLENDVB Y2, Y0, Y1, Y1; \
	VPBLENDVB Y2, Y7, Y4, Y4; \
	VMOVDQU   Y1, off(DI)(AX*8); \
	VMOVDQU   Y4, off(DX)(AX*8)

// ARGROWD is ARGROW32 for four int32 (VPCMPGTD), no NaN.
#define ARGROWD(off, LHS, RHS) \
	VMOVDQU   off(SI)(AX*4), X0; \
	VMOVDQU   off(DI)(AX*4), X1; \
	VMOVDQU   off*2(DX)(AX*8), Y4; \
	VPCMPGTD  RHS, LHS, X2; \
	VPOR      Y4, Y9, Y9; \
	VPBLENDVB X2, X0, X1, X1; \
	VPMOVSXDQ X2, Y2; \
	VPBLENDVB Y2, Y7, Y4, Y4; \
	VMOVDQU   X1, off(DI)(AX*4); \
	VMOVDQU   Y4, off*2(DX)(AX*8)

// ARGROWINTLOOP is the body of the integer argRow loops: STEP(0) and
// STEP(step) eight elements a pass; nan is false.
#define ARGROWINTLOOP(loop, STEP, step, LHS, RHS) \
	MOVQ         val_base+0(FP), DI; \
	MOVQ         val_len+8(FP), CX; \
	MOVQ         ix_base+24(FP), DX; \
	MOVQ         x_base+48(FP), SI; \
	VPBROADCASTQ pos+72(FP), Y7; \
	VPXOR        Y9, Y9, Y9; \
	XORQ         AX, AX; \
loop: \
	STEP(0, LHS, RHS); \
	STEP(step, LHS, RHS); \
	ADDQ $8, AX; \
	CMPQ AX, CX; \
	JL   loop; \
	VMOVMSKPD Y9, AX; \
	TESTQ     AX, AX; \
	SETNE     unset+80(FP); \
	MOVB      $0, nan+81(FP); \
	VZEROUPPER; \
	RET

// func argMinRowI64(val []int64, ix []int64, x []int64, pos int64) (unset, nan bool)
TEXT ·argMinRowI64(SB), NOSPLIT, $0-82
	ARGROWINTLOOP(argMinRowI64loop, ARGROWQ, 32, Y1, Y0)

// func argMaxRowI64(val []int64, ix []int64, x []int64, pos int64) (unset, nan bool)
TEXT ·argMaxRowI64(SB), NOSPLIT, $0-82
	ARGROWINTLOOP(argMaxRowI64loop, ARGROWQ, 32, Y0, Y1)

// func argMinRowI32(val []int32, ix []int64, x []int32, pos int64) (unset, nan bool)
TEXT ·argMinRowI32(SB), NOSPLIT, $0-82
	ARGROWINTLOOP(argMinRowI32loop, ARGROWD, 16, X1, X0)

// func argMaxRowI32(val []int32, ix []int64, x []int32, pos int64) (unset, nan bool)
TEXT ·argMaxRowI32(SB), NOSPLIT, $0-82
	ARGROWINTLOOP(argMaxRowI32loop, ARGROWD, 16, X0, X1)

// func narrowF64(d []float32, s []float64)
TEXT ·narrowF64(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ s_base+24(FP), SI
	XORQ AX, AX

narrowloop:
	VCVTPD2PSY (SI)(AX*8), X0
	VCVTPD2PSY 32(SI)(AX*8), X1
	VCVTPD2PSY 64(SI)(AX*8), X2
	VCVTPD2PSY 96(SI)(AX*8), X3
	VMOVUPS    X0, (DI)(AX*4)
	VMOVUPS    X1, 16(DI)(AX*4)
	VMOVUPS    X2, 32(DI)(AX*4)
	VMOVUPS    X3, 48(DI)(AX*4)
	ADDQ       $16, AX
	CMPQ       AX, CX
	JL         narrowloop
	VZEROUPPER
	RET

// func bitsAndXor(d, x []uint64, and, xor uint64)
TEXT ·bitsAndXor(SB), NOSPLIT, $0-64
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	VPBROADCASTQ and+48(FP), Y14
	VPBROADCASTQ xor+56(FP), Y15
	XORQ         AX, AX

bitsloop:
	VPAND   (SI)(AX*8), Y14, Y0
	VPAND   32(SI)(AX*8), Y14, Y1
	VPAND   64(SI)(AX*8), Y14, Y2
	VPAND   96(SI)(AX*8), Y14, Y3
	VPXOR   Y15, Y0, Y0
	VPXOR   Y15, Y1, Y1
	VPXOR   Y15, Y2, Y2
	VPXOR   Y15, Y3, Y3
	VMOVDQU Y0, (DI)(AX*8)
	VMOVDQU Y1, 32(DI)(AX*8)
	VMOVDQU Y2, 64(DI)(AX*8)
	VMOVDQU Y3, 96(DI)(AX*8)
	ADDQ    $16, AX
	CMPQ    AX, CX
	JL      bitsloop
	VZEROUPPER
	RET
