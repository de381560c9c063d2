//go:build amd64 && !noasm

#include "textflag.h"

// The AVX2 loops of complex.go. Lengths are multiples of the block each
// loop takes per pass, above zero; every loop gives the bits of its Go
// reference there.

// BCAST sets Y to four copies of the float64 with bits IMM.
#define BCAST(IMM, X, Y) \
	MOVQ         IMM, R8; \
	MOVQ         R8, X; \
	VBROADCASTSD X, Y

// func absC128(d []float64, x []complex128)
TEXT ·absC128(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	BCAST($0x3ff0000000000000, X9, Y9)   // 1
	BCAST($0x6570000000000000, X10, Y10) // 2⁶⁰⁰
	BCAST($0x1a70000000000000, X11, Y11) // 2⁻⁶⁰⁰
	BCAST($0x23d0000000000000, X12, Y12) // 2⁻⁴⁵⁰
	BCAST($0x5f30000000000000, X13, Y13) // 2⁵⁰⁰
	BCAST($0x7ff0000000000000, X14, Y14) // +Inf
	BCAST($0x7fffffffffffffff, X15, Y15) // all but the sign

abs128loop:
	VMOVUPD     (SI), X0
	VINSERTF128 $1, 32(SI), Y0, Y0 // x0 | x2
	VMOVUPD     16(SI), X1
	VINSERTF128 $1, 48(SI), Y1, Y1 // x1 | x3
	VUNPCKLPD   Y1, Y0, Y2         // real parts
	VUNPCKHPD   Y1, Y0, Y3         // imaginary parts
	VANDPD      Y15, Y2, Y2        // a
	VANDPD      Y15, Y3, Y3        // b

	// Y7 = the result where Y8 is set: +Inf if a or b is, else a+b
	// (NaN if either is, 0 if both are 0).
	VADDPD    Y3, Y2, Y7
	VCMPPD    $3, Y3, Y2, Y8 // unordered
	VCMPPD    $0, Y14, Y2, Y0
	VCMPPD    $0, Y14, Y3, Y1
	VORPD     Y1, Y0, Y0
	VBLENDVPD Y0, Y14, Y7, Y7
	VORPD     Y0, Y8, Y8
	VMAXPD    Y3, Y2, Y4     // x
	VMINPD    Y3, Y2, Y5     // y
	VXORPD    Y0, Y0, Y0
	VCMPPD    $0, Y0, Y4, Y0 // x == 0
	VORPD     Y0, Y8, Y8

	// Scale by s = 2⁻⁶⁰⁰ where x > 2⁵⁰⁰, 2⁶⁰⁰ where x < 2⁻⁴⁵⁰; Y3 = 1/s.
	VCMPPD    $0x1e, Y13, Y4, Y0 // x > 2⁵⁰⁰
	VCMPPD    $0x11, Y12, Y4, Y1 // x < 2⁻⁴⁵⁰
	VBLENDVPD Y0, Y11, Y9, Y2
	VBLENDVPD Y1, Y10, Y2, Y2
	VBLENDVPD Y0, Y10, Y9, Y3
	VBLENDVPD Y1, Y11, Y3, Y3
	VMULPD    Y2, Y4, Y4
	VMULPD    Y2, Y5, Y5

	VMULPD      Y5, Y5, Y6
	VFMADD231PD Y4, Y4, Y6 // x² + y²
	VSQRTPD     Y6, Y6     // h
	VMULPD      Y6, Y6, Y0 // hh
	VMULPD      Y4, Y4, Y1 // xx
	VSUBPD      Y0, Y1, Y2
	VFMADD231PD Y5, Y5, Y2 // y² + (xx - hh)
	VFMSUB231PD Y4, Y4, Y1 // x² - xx
	VFMSUB231PD Y6, Y6, Y0 // h² - hh
	VSUBPD      Y0, Y1, Y1
	VADDPD      Y1, Y2, Y2 // r = x² + y² - h²
	VADDPD      Y6, Y6, Y0
	VDIVPD      Y0, Y2, Y2
	VADDPD      Y2, Y6, Y6 // h + r/2h
	VMULPD      Y3, Y6, Y6
	VBLENDVPD   Y8, Y7, Y6, Y6
	VMOVUPD     Y6, (DI)

	ADDQ $64, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ  abs128loop
	VZEROUPPER
	RET

// func absC64(d []float32, x []complex64)
TEXT ·absC64(SB), NOSPLIT, $0-48
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	BCAST($0x7ff0000000000000, X14, Y14) // +Inf

abs64loop:
	VCVTPS2PD  (SI), Y0 // x0, x1
	VCVTPS2PD  16(SI), Y1 // x2, x3
	VMULPD     Y0, Y0, Y0
	VMULPD     Y1, Y1, Y1
	VPERM2F128 $0x20, Y1, Y0, Y2 // squares of x0 | x2
	VPERM2F128 $0x31, Y1, Y0, Y3 // squares of x1 | x3
	VHADDPD    Y3, Y2, Y4
	VSQRTPD    Y4, Y4

	// A square is +Inf where a part is infinite: the masks, all ones (a
	// NaN with its sign set) or zero, add pairwise to a value whose sign
	// is set where either part is, which is all VBLENDVPD reads.
	VCMPPD     $0, Y14, Y2, Y2
	VCMPPD     $0, Y14, Y3, Y3
	VHADDPD    Y3, Y2, Y2
	VBLENDVPD  Y2, Y14, Y4, Y4
	VCVTPD2PSY Y4, X4
	VMOVUPS    X4, (DI)

	ADDQ $32, SI
	ADDQ $16, DI
	SUBQ $4, CX
	JNZ  abs64loop
	VZEROUPPER
	RET

// func partC(d []float64, x []complex128, idx *[8]int32)
TEXT ·partC(SB), NOSPLIT, $0-56
	MOVQ    d_base+0(FP), DI
	MOVQ    d_len+8(FP), CX
	MOVQ    x_base+24(FP), SI
	MOVQ    idx+48(FP), AX
	VMOVDQU (AX), Y7

partloop:
	VPERMPS     (SI), Y7, Y0   // x0, x1 | junk
	VPERMPS     32(SI), Y7, Y1 // x2, x3 | junk
	VINSERTF128 $1, X1, Y0, Y0
	VMOVUPD     Y0, (DI)
	ADDQ        $64, SI
	ADDQ        $32, DI
	SUBQ        $4, CX
	JNZ         partloop
	VZEROUPPER
	RET

// CMUL sets Y to the products of the two complex128 in A and the two in
// B: (ar·br - ai·bi, ai·br + ar·bi), with T1 and T2 scratch.
#define CMUL(A, B, T1, T2) \
	VMOVDDUP   B, T1; \
	VPERMILPD  $0xf, B, T2; \
	VMULPD     T1, A, T1; \
	VPERMILPD  $0x5, A, A; \
	VMULPD     T2, A, T2; \
	VADDSUBPD  T2, T1, A

// func mulC128(d, a, b []complex128)
TEXT ·mulC128(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

mul128loop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD (DX), Y2
	VMOVUPD 32(DX), Y3
	CMUL(Y0, Y2, Y4, Y5)
	CMUL(Y1, Y3, Y6, Y7)
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	SUBQ    $4, CX
	JNZ     mul128loop
	VZEROUPPER
	RET

// func mulC64(d, a, b []complex64)
TEXT ·mulC64(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

mul64loop:
	VCVTPS2PD  (SI), Y0
	VCVTPS2PD  16(SI), Y1
	VCVTPS2PD  (DX), Y2
	VCVTPS2PD  16(DX), Y3
	CMUL(Y0, Y2, Y4, Y5)
	CMUL(Y1, Y3, Y6, Y7)
	VCVTPD2PSY Y0, X0
	VCVTPD2PSY Y1, X1
	VMOVUPS    X0, (DI)
	VMOVUPS    X1, 16(DI)
	ADDQ       $32, SI
	ADDQ       $32, DX
	ADDQ       $32, DI
	SUBQ       $4, CX
	JNZ        mul64loop
	VZEROUPPER
	RET

// func flipC128(d, x []complex128, lo, hi uint64)
TEXT ·flipC128(SB), NOSPLIT, $0-64
	MOVQ           d_base+0(FP), DI
	MOVQ           d_len+8(FP), CX
	MOVQ           x_base+24(FP), SI
	VBROADCASTF128 lo+48(FP), Y7 // lo, hi, lo, hi

fliploop:
	VXORPD  (SI), Y7, Y0
	VXORPD  32(SI), Y7, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $4, CX
	JNZ     fliploop
	VZEROUPPER
	RET

// func scaleC128(d, x []complex128, re, im float64)
TEXT ·scaleC128(SB), NOSPLIT, $0-64
	MOVQ           d_base+0(FP), DI
	MOVQ           d_len+8(FP), CX
	MOVQ           x_base+24(FP), SI
	VBROADCASTF128 re+48(FP), Y7 // re, im, re, im

scaleloop:
	VMULPD  (SI), Y7, Y0
	VMULPD  32(SI), Y7, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $4, CX
	JNZ     scaleloop
	VZEROUPPER
	RET

// CDIV sets Y0 and Y1 to the real and imaginary parts of (a + bi)/(c + di)
// for four a, b, c, d in Y0…Y3, by Smith's algorithm as Go's runtime
// divides, with (p, q, u, v) = (c, d, a, b) where |c| ≥ |d|, else
// (d, c, b, a): e = (u + v·r)/(p + r·q) with r = q/p, f = (v - u·r)/…
// or (u·r - v)/…; it sets Y14's lanes where both parts are NaN. Y15
// holds the magnitude mask; Y2…Y10 are scratch.
#define CDIV \
	VANDPD    Y15, Y2, Y4; \
	VANDPD    Y15, Y3, Y5; \
	VCMPPD    $0x1d, Y5, Y4, Y4; \
	VBLENDVPD Y4, Y2, Y3, Y5; \
	VBLENDVPD Y4, Y3, Y2, Y6; \
	VBLENDVPD Y4, Y0, Y1, Y7; \
	VBLENDVPD Y4, Y1, Y0, Y8; \
	VDIVPD    Y5, Y6, Y9; \
	VMULPD    Y9, Y6, Y10; \
	VADDPD    Y10, Y5, Y10; \
	VMULPD    Y9, Y8, Y0; \
	VADDPD    Y0, Y7, Y0; \
	VMULPD    Y9, Y7, Y1; \
	VSUBPD    Y1, Y8, Y2; \
	VSUBPD    Y8, Y1, Y3; \
	VBLENDVPD Y4, Y2, Y3, Y2; \
	VDIVPD    Y10, Y0, Y0; \
	VDIVPD    Y10, Y2, Y1; \
	VCMPPD    $3, Y0, Y0, Y2; \
	VCMPPD    $3, Y1, Y1, Y3; \
	VANDPD    Y3, Y2, Y2; \
	VORPD     Y2, Y14, Y14

// func divC128(d, a, b []complex128) bool
TEXT ·divC128(SB), NOSPLIT, $0-73
	MOVQ   d_base+0(FP), DI
	MOVQ   d_len+8(FP), CX
	MOVQ   a_base+24(FP), SI
	MOVQ   b_base+48(FP), DX
	BCAST($0x7fffffffffffffff, X15, Y15)
	VXORPD Y14, Y14, Y14

div128loop:
	VMOVUPD     (SI), X4
	VINSERTF128 $1, 32(SI), Y4, Y4 // a0 | a2
	VMOVUPD     16(SI), X5
	VINSERTF128 $1, 48(SI), Y5, Y5 // a1 | a3
	VMOVUPD     (DX), X6
	VINSERTF128 $1, 32(DX), Y6, Y6
	VMOVUPD     16(DX), X7
	VINSERTF128 $1, 48(DX), Y7, Y7
	VUNPCKLPD   Y5, Y4, Y0
	VUNPCKHPD   Y5, Y4, Y1
	VUNPCKLPD   Y7, Y6, Y2
	VUNPCKHPD   Y7, Y6, Y3
	CDIV
	VUNPCKLPD   Y1, Y0, Y2         // q0 | q2
	VUNPCKHPD   Y1, Y0, Y3         // q1 | q3
	VPERM2F128  $0x20, Y3, Y2, Y0
	VPERM2F128  $0x31, Y3, Y2, Y1
	VMOVUPD     Y0, (DI)
	VMOVUPD     Y1, 32(DI)
	ADDQ        $64, SI
	ADDQ        $64, DX
	ADDQ        $64, DI
	SUBQ        $4, CX
	JNZ         div128loop
	VMOVMSKPD   Y14, AX
	TESTL       AX, AX
	SETNE       ret+72(FP)
	VZEROUPPER
	RET

// func divC64(d, a, b []complex64) bool
TEXT ·divC64(SB), NOSPLIT, $0-73
	MOVQ   d_base+0(FP), DI
	MOVQ   d_len+8(FP), CX
	MOVQ   a_base+24(FP), SI
	MOVQ   b_base+48(FP), DX
	BCAST($0x7fffffffffffffff, X15, Y15)
	VXORPD Y14, Y14, Y14

div64loop:
	VCVTPS2PD  (SI), Y4   // a0, a1
	VCVTPS2PD  16(SI), Y5 // a2, a3
	VCVTPS2PD  (DX), Y6
	VCVTPS2PD  16(DX), Y7
	VUNPCKLPD  Y5, Y4, Y0 // real parts of a0, a2 | a1, a3
	VUNPCKHPD  Y5, Y4, Y1
	VUNPCKLPD  Y7, Y6, Y2
	VUNPCKHPD  Y7, Y6, Y3
	CDIV
	VUNPCKLPD  Y1, Y0, Y2 // q0 | q1
	VUNPCKHPD  Y1, Y0, Y3 // q2 | q3
	VCVTPD2PSY Y2, X2
	VCVTPD2PSY Y3, X3
	VMOVUPS    X2, (DI)
	VMOVUPS    X3, 16(DI)
	ADDQ       $32, SI
	ADDQ       $32, DX
	ADDQ       $32, DI
	SUBQ       $4, CX
	JNZ        div64loop
	VMOVMSKPD  Y14, AX
	TESTL      AX, AX
	SETNE      ret+72(FP)
	VZEROUPPER
	RET
