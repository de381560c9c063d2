//go:build amd64 && !noasm

#include "textflag.h"
#include "vmath32_amd64.h"

// The float32 kernels of math32.go: each converts eight float32 to
// float64 lanes, computes there with the float32 steps of
// vmath32_amd64.h (powConsts32 at R11, math32Consts at R12) and rounds
// once to float32; the special values are set by masks, so d may be x.
// Each takes a multiple of eight elements.

// SETUP32 loads d's base and length, x's base, the constant tables, 0
// in Z24, 1 in Z22, the VFIXUPIMMPD tables in Z25–Z27, and zero into AX.
// The tables give, by the class of the lane they look at, log's values
// (Z25: −Inf for ±0, +Inf for +Inf, NaN for −Inf, negative numbers and
// NaN), the lane itself for ±0 (Z26), and the lane itself for ±0 and ±Inf,
// NaN for NaN (Z27).
#define SETUP32 \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ x_base+24(FP), SI; \
	LEAQ ·powConsts32(SB), R11; \
	LEAQ ·math32Consts(SB), R12; \
	VPXORQ Z24, Z24, Z24; \
	VBROADCASTSD 32(R11), Z22; \
	MOVQ $0x03530422, R9; \
	VPBROADCASTQ R9, Z25; \
	MOVQ $0x00000100, R9; \
	VPBROADCASTQ R9, Z26; \
	MOVQ $0x00110122, R9; \
	VPBROADCASTQ R9, Z27; \
	XORQ AX, AX

// EXPSETUP32(hi, lo) is SETUP32 and EXPTAB32 with the clamps at offsets
// hi and lo of R12 in Z20 and Z21; LOADCLAMP32(X) loads eight x into the
// float64 lanes of X, clamped to them (NaN stays NaN).
#define EXPSETUP32(hi, lo) \
	SETUP32; \
	EXPTAB32; \
	VBROADCASTSD hi(R12), Z20; \
	VBROADCASTSD lo(R12), Z21

#define LOADCLAMP32(X) \
	VCVTPS2PD (SI)(AX*4), X; \
	VMINPD    X, Z20, X; \
	VMAXPD    X, Z21, X

// LOADABS32(A) loads eight x into the float64 lanes of Z0, |x| into A
// and x's sign into Z15.
#define LOADABS32(A) \
	VCVTPS2PD   (SI)(AX*4), Z0; \
	VPANDQ.BCST 0(R11), Z0, A; \
	VPANDQ.BCST 192(R11), Z0, Z15

// EXPTAB32 loads the 2^(j/16) table of EXPM1_32 into Z28–Z29.
#define EXPTAB32 \
	LEAQ ·powExpTable(SB), R10; \
	VMOVUPD 0(R10), Z28; \
	VMOVUPD 64(R10), Z29

// LOGTAB32 loads the 1/c and ln c tables of LOG32 into Z16–Z19.
#define LOGTAB32 \
	LEAQ ·powLog32Table(SB), R10; \
	VMOVUPD 0(R10), Z16; \
	VMOVUPD 64(R10), Z17; \
	VMOVUPD 128(R10), Z18; \
	VMOVUPD 192(R10), Z19

// func expF32x8(d, x []float32)
//
// eˣ of x clamped to [−104, 90], whose ends round to 0 and +Inf.
TEXT ·expF32x8(SB), NOSPLIT, $0-48
	EXPSETUP32(0, 8) // 90, −104

exp32loop:
	LOADCLAMP32(Z0)
	EXP32(Z0)
	STORE32(Z12, Y12, exp32loop)
	VZEROUPPER
	RET

// func exp2F32x8(d, x []float32)
//
// 2ˣ of x clamped to [−151, 129] as 2^(n/16)·e^((x − n/16)·ln2) for n =
// round(16x): x − n/16 is exact, so 2ᵏ is.
TEXT ·exp2F32x8(SB), NOSPLIT, $0-48
	EXPSETUP32(56, 64) // 129, −151

exp2loop:
	LOADCLAMP32(Z0)
	VBROADCASTSD     120(R11), Z4
	VFMADD231PD.BCST 48(R12), Z0, Z4   // kd = 16x + shift
	VSUBPD.BCST      120(R11), Z4, Z5  // n
	VFNMADD231PD.BCST 184(R11), Z5, Z0 // x − n/16
	VMULPD.BCST      40(R11), Z0, Z0   // r
	EXPPOLY32(Z0)
	EXPSCALE32
	STORE32(Z12, Y12, exp2loop)
	VZEROUPPER
	RET

// func expm1F32x8(d, x []float32)
//
// eˣ − 1 of x clamped to [−104, 90] (EXPM1X32), ±0 kept.
TEXT ·expm1F32x8(SB), NOSPLIT, $0-48
	EXPSETUP32(0, 8)

expm1loop:
	LOADCLAMP32(Z0)
	VMOVAPD     Z0, Z1
	EXPM1X32(Z1)
	VFIXUPIMMPD $0, Z26, Z0, Z7 // ±0
	STORE32(Z7, Y7, expm1loop)
	VZEROUPPER
	RET

// func sinhF32x8(d, x []float32)
//
// ±(m + m/(m + 1))/2 for m = e^|x| − 1, |x| capped at 90.
TEXT ·sinhF32x8(SB), NOSPLIT, $0-48
	SETUP32
	EXPTAB32
	VBROADCASTSD 0(R12), Z20

sinhloop:
	LOADABS32(Z1)
	VMINPD      Z1, Z20, Z1
	EXPM1X32(Z1)
	VADDPD      Z22, Z7, Z8
	VDIVPD      Z8, Z7, Z8
	VADDPD      Z8, Z7, Z7
	VMULPD.BCST 48(R11), Z7, Z7
	VPORQ       Z15, Z7, Z7
	STORE32(Z7, Y7, sinhloop)
	VZEROUPPER
	RET

// func coshF32x8(d, x []float32)
//
// (E + 1/E)/2 for E = e^|x|, |x| capped at 90.
TEXT ·coshF32x8(SB), NOSPLIT, $0-48
	SETUP32
	EXPTAB32
	VBROADCASTSD 0(R12), Z20

coshloop:
	VCVTPS2PD   (SI)(AX*4), Z0
	VPANDQ.BCST 0(R11), Z0, Z1
	VMINPD      Z1, Z20, Z1
	EXP32(Z1)
	VDIVPD      Z12, Z22, Z8
	VADDPD      Z8, Z12, Z12
	VMULPD.BCST 48(R11), Z12, Z12
	STORE32(Z12, Y12, coshloop)
	VZEROUPPER
	RET

// func logF32x8(d, x []float32, scale float64)
//
// ln x · scale (LOG32), then log's values where x is not positive and
// finite (Z25).
TEXT ·logF32x8(SB), NOSPLIT, $0-56
	SETUP32
	LOGTAB32
	VBROADCASTSD scale+48(FP), Z20

log32loop:
	VCVTPS2PD   (SI)(AX*4), Z2
	LOG32
	VMULPD      Z20, Z9, Z9
	VFIXUPIMMPD $0, Z25, Z2, Z9
	STORE32(Z9, Y9, log32loop)
	VZEROUPPER
	RET

// func log1pF32x8(d, x []float32)
//
// LOG1P32 of x, log's values by the class of u = 1 + x (−1 gives −Inf,
// x < −1 NaN), ±0 themselves.
TEXT ·log1pF32x8(SB), NOSPLIT, $0-48
	SETUP32
	LOGTAB32

log1ploop:
	VCVTPS2PD   (SI)(AX*4), Z0
	LOG1P32(Z0)
	VFIXUPIMMPD $0, Z25, Z2, Z9
	VFIXUPIMMPD $0, Z26, Z0, Z9
	STORE32(Z9, Y9, log1ploop)
	VZEROUPPER
	RET

// func asinhF32x8(d, x []float32)
//
// ±log1p(|x| + (√(1 + x²) − 1)), the sum within 2⁻⁵³ of 1 + |x|, so
// within 2⁻⁴³ of |x| + x²/(1 + √(1 + x²)) for |x| ≥ 2⁻¹⁰; below, ±(|x| −
// |x|³/6); ±Inf themselves, NaN NaN.
TEXT ·asinhF32x8(SB), NOSPLIT, $0-48
	SETUP32
	LOGTAB32

asinhloop:
	LOADABS32(Z14)
	VMULPD       Z14, Z14, Z11     // a²
	VADDPD       Z22, Z11, Z13
	VSQRTPD      Z13, Z13
	VSUBPD       Z22, Z13, Z13     // √(1 + a²) − 1, exact subtraction
	VADDPD       Z13, Z14, Z1
	VMULPD       Z11, Z14, Z13     // a³
	LOG1P32(Z1)
	VCMPPD.BCST  $0x11, 208(R12), Z14, K1 // a < 2⁻¹⁰
	VFMADD132PD.BCST 200(R12), Z14, K1, Z13 // a − a³/6
	VMOVAPD      Z13, K1, Z9
	VPORQ        Z15, Z9, Z9
	VFIXUPIMMPD  $0, Z27, Z0, Z9 // ±0, ±Inf, NaN
	STORE32(Z9, Y9, asinhloop)
	VZEROUPPER
	RET

// func acoshF32x8(d, x []float32)
//
// log1p(t + √(t(t + 2))) for t = x − 1 (exact); x < 1 and NaN give NaN,
// +Inf +Inf.
TEXT ·acoshF32x8(SB), NOSPLIT, $0-48
	SETUP32
	LOGTAB32

acoshloop:
	VCVTPS2PD    (SI)(AX*4), Z0
	VSUBPD       Z22, Z0, Z1        // t
	VADDPD.BCST  216(R11), Z1, Z11  // t + 2
	VMULPD       Z1, Z11, Z11
	VSQRTPD      Z11, Z11
	VADDPD       Z11, Z1, Z1
	LOG1P32(Z1)
	VFIXUPIMMPD  $0, Z27, Z0, Z9    // +Inf, NaN
	VCMPPD       $0x11, Z22, Z0, K4 // x < 1
	VBROADCASTSD 240(R11), K4, Z9
	STORE32(Z9, Y9, acoshloop)
	VZEROUPPER
	RET

// func atanhF32x8(d, x []float32)
//
// ±log1p(2|x|/(1 − |x|))/2; ±1 give ±Inf, |x| > 1 and NaN NaN.
TEXT ·atanhF32x8(SB), NOSPLIT, $0-48
	SETUP32
	LOGTAB32

atanhloop:
	LOADABS32(Z14)
	VSUBPD       Z14, Z22, Z11     // 1 − a
	VADDPD       Z14, Z14, Z13     // 2a
	VDIVPD       Z11, Z13, Z1
	LOG1P32(Z1)
	VFIXUPIMMPD  $0, Z25, Z2, Z9 // by u = (1+|x|)/(1−|x|): +Inf for |x| = 1, NaN beyond
	VMULPD.BCST  48(R11), Z9, Z9
	VPORQ        Z15, Z9, Z9
	STORE32(Z9, Y9, atanhloop)
	VZEROUPPER
	RET

// func cbrtF32x8(d, x []float32)
//
// ±a·y² for y ≈ a^(−1/3), a = |x|: y from a's bits (magic − bits/3, within
// 3.5%), then two CBRTSTEPs; ±0 come out themselves, ±Inf are set, NaN
// NaN. A cube root that is a float32 comes out exact: the float64 steps
// are within 2⁻⁵⁰.
TEXT ·cbrtF32x8(SB), NOSPLIT, $0-48
	SETUP32

cbrtloop:
	LOADABS32(Z2)
	CBRTY
	VMULPD       Z4, Z4, Z5
	VMULPD       Z2, Z5, Z12       // a·y²
	VPORQ        Z15, Z12, Z12
	VFIXUPIMMPD  $0, Z27, Z0, Z12  // ±0, ±Inf, NaN
	STORE32(Z12, Y12, cbrtloop)
	VZEROUPPER
	RET

// func tanF32x8(d, x []float32) int
//
// sin r/cos r or −cos r/sin r by the parity of the quadrant n of x
// (trigOne32's reduction and polynomials), ±0 kept; it returns non-zero
// when some |x| exceeds trigMax32 (or is NaN), whose results the caller
// recomputes.
TEXT ·tanF32x8(SB), NOSPLIT, $0-56
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·trigConsts32(SB), R13
	MOVQ         $1, R10
	VPBROADCASTQ R10, Z12 // bit 0
	MOVQ         $0x00000100, R9
	VPBROADCASTQ R9, Z26
	XORQ         AX, AX
	XORQ         R8, R8

tanloop:
	VCVTPS2PD        (SI)(AX*4), Z0
	VMOVAPD          Z0, Z15
	TRIGBIG32(R13)
	TRIGRED32(R13)                         // r, kd
	VPTESTMQ         Z12, Z2, K2           // n odd
	SINCOS32(R13)
	VMOVAPD          Z5, Z8
	VMOVAPD          Z6, Z9
	VPXORQ.BCST      56(R13), Z6, K2, Z8   // −cos r
	VMOVAPD          Z5, K2, Z9            // over sin r
	VDIVPD           Z9, Z8, Z8
	VFIXUPIMMPD      $0, Z26, Z15, Z8      // ±0
	STORE32(Z8, Y8, tanloop)
	VZEROUPPER
	MOVQ             R8, ret+48(FP)
	RET

// ASIN32 sets Z5 to t = arcsin s = s + s·z·P(z) (asinPoly32) and K1 to
// |x| > ½ for x in Z0: s = |x| and z = x² up to ½, beyond s = √z and z =
// (1 − |x|)/2, where arcsin |x| = π/2 − 2t (NaN for |x| > 1). It sets Z1
// to |x|, Z15 to x's sign and overwrites Z2–Z6.
#define ASIN32 \
	VCVTPS2PD    (SI)(AX*4), Z0; \
	VPANDQ.BCST  0(R11), Z0, Z1; \
	VPANDQ.BCST  192(R11), Z0, Z15; \
	VCMPPD.BCST  $0x1e, 48(R11), Z1, K1; \
	VMULPD       Z1, Z1, Z2; \
	VSUBPD       Z1, Z22, Z3; \
	VMULPD.BCST  48(R11), Z3, Z3; \
	VMOVAPD      Z3, K1, Z2; \
	VSQRTPD      Z3, Z3; \
	VMOVAPD      Z1, Z4; \
	VMOVAPD      Z3, K1, Z4; \
	POLY9(Z5, Z2, R12, 128); \
	VMULPD       Z2, Z4, Z6; \
	VFMADD213PD  Z4, Z6, Z5

// func asinF32x8(d, x []float32)
//
// ±t or ±(π/2 − 2t) by ASIN32.
TEXT ·asinF32x8(SB), NOSPLIT, $0-48
	SETUP32
	VBROADCASTSD 120(R12), Z23 // π/2

asinloop:
	ASIN32
	VADDPD  Z5, Z5, Z6
	VSUBPD  Z6, Z23, K1, Z5
	VPXORQ  Z15, Z5, Z5
	STORE32(Z5, Y5, asinloop)
	VZEROUPPER
	RET

// func acosF32x8(d, x []float32)
//
// π/2 − (±t) up to |x| = ½, beyond 2t, or π − 2t for negative x, by
// ASIN32.
TEXT ·acosF32x8(SB), NOSPLIT, $0-48
	SETUP32
	VBROADCASTSD 120(R12), Z23 // π/2
	VBROADCASTSD 40(R12), Z21  // π

acosloop:
	ASIN32
	VADDPD  Z5, Z5, Z6         // 2t
	VCMPPD  $0x11, Z24, Z0, K3 // x < 0
	VSUBPD  Z6, Z21, K3, Z6    // π − 2t
	VPXORQ  Z15, Z5, Z5
	VSUBPD  Z5, Z23, Z5        // π/2 − (±t)
	VMOVAPD Z6, K1, Z5
	STORE32(Z5, Y5, acosloop)
	VZEROUPPER
	RET

// func logAddExpF32x8(d, a, b []float32)
//
// max(a, b) + log1p(e^−|a−b|), |a − b| capped at 200; a + ln 2 where a =
// b (infinities too), a + b where either is NaN.
TEXT ·logAddExpF32x8(SB), NOSPLIT, $0-72
	SETUP32
	MOVQ         b_base+48(FP), DX
	LOGTAB32
	EXPTAB32
	VBROADCASTSD 80(R12), Z20 // 200

laeloop:
	VCVTPS2PD    (SI)(AX*4), Z0
	VCVTPS2PD    (DX)(AX*4), Z14
	VSUBPD       Z14, Z0, Z1
	VPANDQ.BCST  0(R11), Z1, Z1
	VMINPD       Z1, Z20, Z1
	VPXORQ.BCST  192(R11), Z1, Z1   // −|a − b|
	EXP32(Z1)
	LOG1P32(Z12)
	VMAXPD       Z14, Z0, Z1
	VADDPD       Z1, Z9, Z9
	VCMPPD       $0x00, Z14, Z0, K2 // a = b
	VCMPPD       $0x03, Z14, Z0, K3 // NaN
	VADDPD.BCST  40(R11), Z0, K2, Z9
	VADDPD       Z14, Z0, K3, Z9
	STORE32(Z9, Y9, laeloop)
	VZEROUPPER
	RET

// func atan2F32x8(d, y, x []float32)
//
// θ = atan(|y|/|x|) by ATAN2P32 (0 where both are 0, π/4 where both are
// infinite), π − θ where x's sign bit is set, with y's sign; NaN stays.
TEXT ·atan2F32x8(SB), NOSPLIT, $0-72
	SETUP32
	MOVQ         x_base+48(FP), DX
	LEAQ         ·atanConsts32(SB), R10
	VBROADCASTSD 40(R12), Z21 // π

atan2loop:
	VCVTPS2PD    (SI)(AX*4), Z0
	VCVTPS2PD    (DX)(AX*4), Z14
	VPANDQ.BCST  0(R10), Z0, Z1        // |y|
	VPANDQ.BCST  48(R10), Z0, Z15      // y's sign
	VPANDQ.BCST  0(R10), Z14, Z11      // |x|
	ATAN2P32(Z1, Z11)
	VCMPPD       $0x00, Z11, Z1, K3    // |y| = |x|
	VCMPPD       $0x00, Z24, Z1, K4    // |y| = 0
	VCMPPD.BCST  $0x00, 232(R11), Z1, K5 // |y| = +Inf
	KANDW        K3, K4, K4
	KANDW        K3, K5, K5
	VMOVAPD      Z24, K4, Z6
	VBROADCASTSD 32(R10), K5, Z6       // π/4
	VPMOVQ2M     Z14, K6               // x's sign bit
	VSUBPD       Z6, Z21, K6, Z6
	VPORQ        Z15, Z6, Z6
	STORE32(Z6, Y6, atan2loop)
	VZEROUPPER
	RET
