// The float64 steps of the float32 kernels, shared by vmath_amd64.s and
// math32_amd64.s.

// POLYn(P, Z, C, o) sets P to c₀ + z·(c₁ + z·(… + z·cₙ₋₁)) for the
// float64 lanes z of Z and the n coefficients at offsets o, o+8, … of
// C, by Horner's rule with FMAs (HORN: one step, P = P·z + c at o).
#define HORN(P, Z, C, o) VFMADD213PD.BCST o(C), Z, P
#define HORN2(P, Z, C, o) HORN(P, Z, C, o+8); HORN(P, Z, C, o)
#define HORN4(P, Z, C, o) HORN2(P, Z, C, o+16); HORN2(P, Z, C, o)
#define POLY5(P, Z, C, o) VBROADCASTSD o+32(C), P; HORN4(P, Z, C, o)
#define POLY6(P, Z, C, o) VBROADCASTSD o+40(C), P; HORN(P, Z, C, o+32); HORN4(P, Z, C, o)
#define POLY7(P, Z, C, o) VBROADCASTSD o+48(C), P; HORN2(P, Z, C, o+32); HORN4(P, Z, C, o)
#define POLY8(P, Z, C, o) VBROADCASTSD o+56(C), P; HORN(P, Z, C, o+48); HORN2(P, Z, C, o+32); HORN4(P, Z, C, o)
#define POLY9(P, Z, C, o) VBROADCASTSD o+64(C), P; HORN4(P, Z, C, o+32); HORN4(P, Z, C, o)

// LOG32 sets Z9 to ln x for the positive, finite, normal float64 lanes
// of Z2 (logOne32's operations): powConsts32 at R11, the 1/c and ln c
// tables in Z16–Z19; it overwrites Z3–Z8 and Z10.
#define LOG32 \
	LOG32RED; \
	LOG32POLY

// LOG32RED is LOG32's reduction: Z6 = r = z/c − 1 and Z8 = k·ln2 + ln c
// for x = 2ᵏ·z.
#define LOG32RED \
	VPSUBQ.BCST 8(R11), Z2, Z3; \
	VPSRLQ $48, Z3, Z4; \
	VPSRAQ $52, Z3, Z5; \
	VPSLLQ $52, Z5, Z6; \
	VPSUBQ Z6, Z2, Z6; \
	VCVTQQ2PD Z5, Z5; \
	VMOVDQA64 Z4, Z7; \
	VPERMI2PD Z17, Z16, Z7; \
	VFMSUB213PD.BCST 32(R11), Z7, Z6; \
	VMOVDQA64 Z4, Z8; \
	VPERMI2PD Z19, Z18, Z8; \
	VFMADD231PD.BCST 40(R11), Z5, Z8

// LOG32POLY ends LOG32 after the reduction: Z9 = ln(1 + r) + Z8 for r in
// Z6.
#define LOG32POLY \
	POLY7(Z9, Z6, R11, 56); \
	VMULPD Z6, Z6, Z10; \
	VFMADD213PD Z6, Z10, Z9; \
	VADDPD Z8, Z9, Z9;

// EXPM1_32(X) splits the float64 lanes of X as n·ln2/16 + r (expOne32's
// operations, powConsts32 at R11, the 2^(j/16) table in Z28–Z29): Z4
// holds kd, Z5 n, X r, Z12 eʳ − 1 and Z6 2^(j/16); it overwrites those.
#define EXPM1_32(X) \
	VBROADCASTSD 120(R11), Z4; \
	VFMADD231PD.BCST 128(R11), X, Z4; \
	VSUBPD.BCST 120(R11), Z4, Z5; \
	VFNMADD231PD.BCST 136(R11), Z5, X; \
	EXPPOLY32(X)

// EXPPOLY32(X) is EXPM1_32 after the reduction: Z12 = eʳ − 1 for r in X,
// Z6 = 2^(j/16) for j the low four bits of kd in Z4.
#define EXPPOLY32(X) \
	POLY5(Z12, X, R11, 144); \
	VMULPD X, Z12, Z12; \
	VMOVDQA64 Z4, Z6; \
	VPERMI2PD Z29, Z28, Z6;

// EXP32(X) sets Z12 to eˣ for the float64 lanes of X, |X| ≤ 2⁴⁰ (Z5 and
// Z6 as EXPM1_32 leaves them, Z5 then n/16): 2^⌊n/16⌋·2^(j/16)·eʳ.
#define EXP32(X) \
	EXPM1_32(X); \
	EXPSCALE32

// EXPSCALE32 ends EXP32 after EXPPOLY32: Z12 = 2^⌊n/16⌋·(2^(j/16) +
// 2^(j/16)·(eʳ − 1)).
#define EXPSCALE32 \
	VFMADD213PD Z6, Z6, Z12; \
	VMULPD.BCST 184(R11), Z5, Z5; \
	VSCALEFPD Z5, Z12, Z12;

// EXPM1X32(X) sets Z7 to eˣ − 1 for the float64 lanes of X (expm1F32x8,
// sinhF32x8), m = e·(eʳ − 1) + (e − 1) for e = 2^⌊n/16⌋·2^(j/16) (accurate
// near 0 too, but +0 for −0); it overwrites what EXPM1_32 does.
#define EXPM1X32(X) \
	EXPM1_32(X); \
	VMULPD.BCST 184(R11), Z5, Z5; \
	VSCALEFPD Z5, Z6, Z6; \
	VSUBPD.BCST 32(R11), Z6, Z7; \
	VFMADD231PD Z12, Z6, Z7;

// LOG1P32(T) sets Z9 to ln(1 + t) for the float64 lanes t of T, 1 + t
// positive, finite and normal: LOG32 of u = 1 + t rounded, but with r =
// t itself where |t| < 2⁻⁶ (u falls in the table's interval of c = 1,
// k = 0 there: r is u − 1 without u's rounding); beyond, that rounding
// is within 2⁻⁴⁷ of ln u. It leaves u in Z2 and overwrites LOG32's
// registers, Z11 and K6.
#define LOG1P32(T) \
	VADDPD.BCST 32(R11), T, Z2; \
	LOG32RED; \
	VPANDQ.BCST 0(R11), T, Z11; \
	VCMPPD.BCST $0x11, 88(R12), Z11, K6; \
	VMOVAPD T, K6, Z6; \
	LOG32POLY

// TRIGRED32(C) reduces the float64 lanes x of Z0 by the quadrant n (Z3)
// of x·2/π, whose kd = x·2/π + powShift it leaves in Z2: r = x − n·π/2
// in two parts in Z0 (trigOne32's operations, trigConsts32 at C).
#define TRIGRED32(C) \
	VBROADCASTSD 24(C), Z2; \
	VFMADD231PD.BCST 16(C), Z0, Z2; \
	VSUBPD.BCST 24(C), Z2, Z3; \
	VFNMADD231PD.BCST 32(C), Z3, Z0; \
	VFNMADD231PD.BCST 40(C), Z3, Z0

// TRIGBIG32(C) ORs into R8 the lanes of x in Z0 with |x| > trigMax32 or
// NaN (the caller recomputes those), trigConsts32 at C; it overwrites Z1,
// K1 and R9.
#define TRIGBIG32(C) \
	VPANDQ.BCST 0(C), Z0, Z1; \
	VCMPPD.BCST $0x12, 8(C), Z1, K1; \
	KMOVW K1, R9; \
	XORQ $0xff, R9; \
	ORQ R9, R8

// SINCOS32(C) sets Z5 to sin r and Z6 to cos r for the reduced float64
// lanes r of Z0 (trigOne32's polynomials), trigConsts32 at C; it
// overwrites Z4 (r²) and Z7.
#define SINCOS32(C) \
	VMULPD Z0, Z0, Z4; \
	POLY6(Z5, Z4, C, 64); \
	POLY6(Z6, Z4, C, 112); \
	VMULPD Z4, Z0, Z7; \
	VFMADD213PD Z0, Z7, Z5; \
	VFMADD213PD.BCST 48(C), Z4, Z6;

// ATAN2P32(Y, X) sets Z6 to atan(y/x) for the float64 lanes of Y and X,
// y, x ≥ 0 (AtanFloat64's reduction, Cephes', on the ratio): y > x·tan(3π/8) (K2)
// gives π/2 + atan(−x/y), y > x·tan(π/8) (K1) π/4 + atan((y−x)/(y+x)),
// then atanPoly32 of the quotient t; atanConsts32 at R10. It overwrites
// Z2–Z7, K1 and K2.
#define ATAN2P32(Y, X) \
	VMULPD.BCST 8(R10), X, Z7; \
	VCMPPD $0x1e, Z7, Y, K1; \
	VMULPD.BCST 16(R10), X, Z7; \
	VCMPPD $0x1e, Z7, Y, K2; \
	VMOVAPD Y, Z2; \
	VMOVAPD X, Z3; \
	VPXORQ Z4, Z4, Z4; \
	VSUBPD X, Y, K1, Z2; \
	VADDPD X, Y, K1, Z3; \
	VBROADCASTSD 32(R10), K1, Z4; \
	VPXORQ.BCST 48(R10), X, K2, Z2; \
	VMOVAPD Y, K2, Z3; \
	VBROADCASTSD 40(R10), K2, Z4; \
	VDIVPD Z3, Z2, Z2; \
	VMULPD Z2, Z2, Z5; \
	POLY8(Z6, Z5, R10, 56); \
	VMULPD Z5, Z2, Z7; \
	VFMADD213PD Z2, Z7, Z6; \
	VADDPD Z6, Z4, Z6;

// CBRTSTEP refines y ≈ a^(−1/3) in Z4 for a in Z2 (math32Consts at
// R12, 1 in Z22): y += y·e·(1/3 + 2e/9 +
// 14e²/81) for e = 1 − a·y³, the series of (1 − e)^(−1/3) − 1 (relative
// error ε to about 6ε⁴·…: 0.034 to 2⁻¹⁶ to 2⁻⁵⁹ in two steps).
#define CBRTSTEP \
	VMULPD       Z4, Z4, Z5; \
	VMULPD       Z2, Z4, Z6; \
	VFNMADD213PD Z22, Z5, Z6; \
	VBROADCASTSD 112(R12), Z7; \
	VFMADD213PD.BCST 104(R12), Z6, Z7; \
	VFMADD213PD.BCST 32(R12), Z6, Z7; \
	VMULPD       Z6, Z7, Z7; \
	VFMADD231PD  Z7, Z4, Z4

// CBRTY sets Z4 to y ≈ a^(−1/3) for the positive normal lanes a of Z2,
// within 2⁻⁵⁰: y from a's bits (magic − bits/3, within 3.5%), then two
// CBRTSTEPs; it overwrites Z3 and Z5–Z7.
#define CBRTY \
	VCVTQQ2PD    Z2, Z3; \
	VBROADCASTSD 96(R12), Z4; \
	VFNMADD231PD.BCST 32(R12), Z3, Z4; \
	VCVTPD2QQ    Z4, Z4; \
	CBRTSTEP; \
	CBRTSTEP

// LOOKUP32 sets DST to the entries of the 32-entry table T0…T3 (eight
// lanes each) at IDX's low five bits, K2 holding bit 4; TMP is scratch.
#define LOOKUP32(T0, T1, T2, T3, IDX, DST, TMP) \
	VMOVDQA64 IDX, DST; \
	VPERMI2PD T1, T0, DST; \
	VMOVDQA64 IDX, TMP; \
	VPERMI2PD T3, T2, TMP; \
	VBLENDMPD TMP, DST, K2, DST

// POWLOGTAB loads POWLOG's tables (1/c, ln c high and low) into
// Z16–Z27, POWEXPTAB POWEXP's (2^(j/16) high and low) into Z28–Z31.
#define POWLOGTAB \
	LEAQ    ·powLogTable(SB), R10; \
	VMOVUPD 0(R10), Z16; \
	VMOVUPD 64(R10), Z17; \
	VMOVUPD 128(R10), Z18; \
	VMOVUPD 192(R10), Z19; \
	VMOVUPD 256(R10), Z20; \
	VMOVUPD 320(R10), Z21; \
	VMOVUPD 384(R10), Z22; \
	VMOVUPD 448(R10), Z23; \
	VMOVUPD 512(R10), Z24; \
	VMOVUPD 576(R10), Z25; \
	VMOVUPD 640(R10), Z26; \
	VMOVUPD 704(R10), Z27

#define POWEXPTAB \
	LEAQ    ·powExpTable(SB), R10; \
	VMOVUPD 0(R10), Z28; \
	VMOVUPD 64(R10), Z29; \
	VMOVUPD 128(R10), Z30; \
	VMOVUPD 192(R10), Z31

// POWLOG sets Z9 + Z14 (hi + lo) to ln a for the positive, finite,
// normal lanes a of Z2 (powLog's operations, PowFloat64's logarithm, within
// about 2⁻⁶⁸): powConsts at R11, the 32-entry tables of 1/c, ln c high
// and low in Z16–Z27. It leaves k (float64) in Z5, r = z/c − 1 in Z6
// and 1/c in Z7, and overwrites Z3–Z14 and K2.
#define POWLOG \
	VPSUBQ.BCST   8(R11), Z2, Z3; \
	VPSRLQ        $47, Z3, Z4; \
	VPTESTMQ.BCST 16(R11), Z4, K2; \
	VPSRAQ        $52, Z3, Z5; \
	VPSLLQ        $52, Z5, Z6; \
	VPSUBQ        Z6, Z2, Z6; \
	VCVTQQ2PD     Z5, Z5; \
	LOOKUP32(Z16, Z17, Z18, Z19, Z4, Z7, Z8); \
	VFMSUB213PD.BCST 40(R11), Z7, Z6; \
	LOOKUP32(Z20, Z21, Z22, Z23, Z4, Z8, Z9); \
	VFMADD231PD.BCST 48(R11), Z5, Z8; \
	VADDPD        Z6, Z8, Z9; \
	VSUBPD        Z9, Z8, Z10; \
	VADDPD        Z6, Z10, Z10; \
	VMULPD.BCST   64(R11), Z6, Z11; \
	VMULPD        Z11, Z6, Z12; \
	VMOVAPD       Z12, Z13; \
	VFMSUB231PD   Z11, Z6, Z13; \
	VADDPD        Z12, Z9, Z14; \
	VSUBPD        Z14, Z9, Z9; \
	VADDPD        Z12, Z9, Z9; \
	VADDPD        Z9, Z10, Z10; \
	LOOKUP32(Z24, Z25, Z26, Z27, Z4, Z8, Z9); \
	VFMADD231PD.BCST 56(R11), Z5, Z8; \
	VADDPD        Z10, Z8, Z8; \
	VADDPD        Z13, Z8, Z8; \
	POLY9(Z12, Z6, R11, 72); \
	VMULPD        Z6, Z6, Z11; \
	VMULPD        Z6, Z11, Z11; \
	VFMADD231PD   Z12, Z11, Z8; \
	VADDPD        Z8, Z14, Z9; \
	VSUBPD        Z9, Z14, Z14; \
	VADDPD        Z8, Z14, Z14

// POWEXP splits e^(phi + plo) for the float64 lanes phi of Z10 and plo
// of Z11 (powExp's operations, PowFloat64's exponential: |phi| ≤
// powMaxArg): e = 2^(n/16)·(th + s) for th = 2^(j/16) (high, in Z6), s
// = th·(eʳ − 1) + tl (Z7; tl the low part of 2^(j/16)) and n/16 in Z5,
// within about 2⁻⁶³. powConsts at R11, the 2^(j/16) table in Z28–Z31;
// it overwrites Z4, Z10, Z12 and Z13.
#define POWEXP \
	VBROADCASTSD  152(R11), Z4; \
	VFMADD231PD.BCST 160(R11), Z10, Z4; \
	VSUBPD.BCST   152(R11), Z4, Z5; \
	VFNMADD231PD.BCST 168(R11), Z5, Z10; \
	VFNMADD231PD.BCST 176(R11), Z5, Z10; \
	VADDPD        Z11, Z10, Z10; \
	POLY6(Z12, Z10, R11, 184); \
	VMULPD        Z10, Z10, Z13; \
	VFMADD213PD   Z10, Z13, Z12; \
	VMOVDQA64     Z4, Z6; \
	VPERMI2PD     Z29, Z28, Z6; \
	VMOVDQA64     Z4, Z7; \
	VPERMI2PD     Z31, Z30, Z7; \
	VFMADD231PD   Z12, Z6, Z7; \
	VMULPD.BCST 232(R11), Z5, Z5

// STORE32(Z, Y, loop) rounds the float64 lanes of Z to float32, stores
// them at d[AX] and loops while AX < len(d).
#define STORE32(Z, Y, loop) \
	VCVTPD2PS Z, Y; \
	VMOVUPS Y, (DI)(AX*4); \
	ADDQ $8, AX; \
	CMPQ AX, CX; \
	JL loop

