//go:build amd64 && !noasm

#include "textflag.h"
#include "vmath32_amd64.h"

// The float64 kernels of derived.go in eight AVX-512 lanes, each in one
// pass over a multiple of eight elements: d may be x, the special values
// are set by masks (VFIXUPIMMPD). derivedConsts64 is at R13.

// SETUP64 loads d's base and length, x's base, derivedConsts64 into R13,
// math32Consts into R12, 1 in Z22, the VFIXUPIMMPD table that keeps ±0
// and ±Inf and quiets NaN in Z27, and zero into AX.
#define SETUP64 \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ x_base+24(FP), SI; \
	LEAQ ·derivedConsts64(SB), R13; \
	LEAQ ·math32Consts(SB), R12; \
	VBROADCASTSD 16(R13), Z22; \
	MOVQ $0x00110122, R9; \
	VPBROADCASTQ R9, Z27; \
	XORQ AX, AX

// STORE64(Z, loop) stores the lanes of Z at d[AX] and loops while AX <
// len(d).
#define STORE64(Z, loop) \
	VMOVUPD Z, (DI)(AX*8); \
	ADDQ $8, AX; \
	CMPQ AX, CX; \
	JL loop

// SIGNSTORE64(Z, loop) gives the lanes of Z x's sign (x in Z0, the sign
// bit in Z21), x itself where x is ±0 or ±Inf, NaN where it is NaN, and
// is STORE64.
#define SIGNSTORE64(Z, loop) \
	VPTERNLOGQ $0xd8, Z21, Z0, Z; \
	VFIXUPIMMPD $0, Z27, Z0, Z; \
	STORE64(Z, loop)

// func cbrtF64x8(d, x []float64)
//
// a = |x| (times 2⁶⁰⁰ below 2⁻⁹⁰⁰, so that c³ − a below stays normal),
// y ≈ a^(−1/3) by CBRTY, c = a·y² (a few ulp), then one Newton step c −
// (c³ − a)·y²/3 with c³ − a exact to 2⁻¹⁰⁰ (c² = h + l by an FMA): the
// correctly rounded ∛a but within about 2⁻¹⁰⁰ of a tie, so a cube root
// that is a float64 comes out exact; times 2⁻²⁰⁰ below 2⁻⁹⁰⁰, with x's
// sign. ±0 and ±Inf come out themselves, NaN NaN.
TEXT ·cbrtF64x8(SB), NOSPLIT, $0-48
	SETUP64
	VBROADCASTSD 0(R13), Z21 // the sign bit

cbrt64loop:
	VMOVUPD           (SI)(AX*8), Z0
	VPANDNQ           Z0, Z21, Z2          // a = |x|
	VCMPPD.BCST       $0x11, 32(R13), Z2, K1 // a < 2⁻⁹⁰⁰
	VMULPD.BCST       40(R13), Z2, K1, Z2  // a·2⁶⁰⁰
	CBRTY
	VMULPD            Z4, Z4, Z5           // y²
	VMULPD            Z2, Z5, Z12          // c = a·y²
	VMULPD            Z12, Z12, Z9         // h
	VMOVAPD           Z12, Z10
	VFMSUB213PD       Z9, Z12, Z10         // l = c·c − h
	VFMSUB231PD       Z12, Z9, Z2          // h·c − a
	VFMADD231PD       Z12, Z10, Z2         // c³ − a = l·c + (h·c − a)
	VMULPD.BCST       32(R12), Z5, Z5      // y²/3
	VFNMADD231PD      Z5, Z2, Z12          // c − (c³ − a)·y²/3
	VMULPD.BCST       48(R13), Z12, K1, Z12 // ·2⁻²⁰⁰
	SIGNSTORE64(Z12, cbrt64loop)
	VZEROUPPER
	RET

// func log1pF64x8(d, x []float64)
//
// ln(1 + x) = ln u + c/u for u = 1 + x rounded and c its rounding error
// (Fast2Sum, the greater of 1 and x first): ln u by POWLOG (hi + lo, within 2⁻⁶⁸), c/u as
// c·2⁻ᵏ/c·(1 − r + r²) for u = 2ᵏ·z, z = c(1 + r) (the r and 1/c of
// POWLOG, |r| < 2⁻⁶; exact but for c·r³), and ln(1 + x) = t + ((hi − t
// + s) + lo + s·(r² − r − s/2)) for s = c·2⁻ᵏ/c (c/u − (c/u)²/2), t = hi + s (Fast2Sum: |s| ≤
// |hi| or hi = 0): within about 2⁻⁶⁰ before the last rounding. u ≤ 0 gives −Inf (x = −1) or NaN, x =
// +Inf +Inf, NaN NaN (VFIXUPIMMPD on u), ±0 themselves (on x); a
// subnormal x comes out exact.
TEXT ·log1pF64x8(SB), NOSPLIT, $0-48
	MOVQ    d_base+0(FP), DI
	MOVQ    d_len+8(FP), CX
	MOVQ    x_base+24(FP), SI
	LEAQ    ·powConsts(SB), R11
	POWLOGTAB
	MOVQ    $0x03530422, R9
	VPBROADCASTQ R9, Z28 // log's values by u's class
	MOVQ    $0x00000100, R9
	VPBROADCASTQ R9, Z29 // ±0 themselves
	VPXORQ  Z30, Z30, Z30
	VBROADCASTSD 40(R11), Z31 // 1
	XORQ    AX, AX

log1p64loop:
	VMOVUPD           (SI)(AX*8), Z0
	VADDPD            Z31, Z0, Z2          // u = 1 + x
	VSUBPD            Z2, Z31, Z1
	VADDPD            Z0, Z1, Z1           // c = (1 − u) + x
	VCMPPD            $0x1e, Z31, Z0, K1   // x > 1
	VSUBPD            Z2, Z0, K1, Z1
	VADDPD            Z31, Z1, K1, Z1      // c = (x − u) + 1
	POWLOG
	VMULPD            Z7, Z1, Z1           // c/c
	VSUBPD            Z5, Z30, Z5          // −k
	VSCALEFPD         Z5, Z1, Z1           // c·2⁻ᵏ/c
	VMOVAPD           Z6, Z3
	VFMSUB213PD       Z6, Z6, Z3           // r² − r
	VFMADD231PD.BCST  64(R11), Z1, Z3      // r² − r − s/2
	VADDPD            Z1, Z9, Z10          // t = hi + s (s = c·2⁻ᵏ/c)
	VSUBPD            Z10, Z9, Z9
	VADDPD            Z1, Z9, Z9           // (hi − t) + s, exact
	VADDPD            Z14, Z9, Z9          // + lo
	VFMADD231PD       Z3, Z1, Z9           // + s·(r² − r − s/2)
	VADDPD            Z10, Z9, Z9          // t + (…)
	VFIXUPIMMPD       $0, Z28, Z2, Z9      // u ≤ 0, +Inf, NaN
	VFIXUPIMMPD       $0, Z29, Z0, Z9      // ±0
	VMOVUPD           Z9, (DI)(AX*8)
	ADDQ              $8, AX
	CMPQ              AX, CX
	JL                log1p64loop
	VZEROUPPER
	RET

// func atanhF64x8(d, x []float64)
//
// artanh x = ±log1p(u)/2 for u = 2a/(1 − a), a = |x|, in one pass:
// 1 − a = w + wl exactly (Fast2Sum), u = uh + ul with uh = 2a/w rounded
// and ul = (2a − uh·w − uh·wl)/w (the first FMA exact, 1/w to 2⁻¹⁴ by
// VRCP14PD, ul being 2⁻⁵² of uh at most), then log1pF64x8's steps on uh
// with ul added to the rounding error c of 1 + uh (ln(1 + uh + ul) = ln
// v + (c + ul)/v for v = 1 + uh rounded). a = 1 gives +Inf through v,
// a > 1, ±Inf and NaN NaN (VFIXUPIMMPD on v); x's sign; ±0 themselves.
TEXT ·atanhF64x8(SB), NOSPLIT, $0-48
	MOVQ    d_base+0(FP), DI
	MOVQ    d_len+8(FP), CX
	MOVQ    x_base+24(FP), SI
	LEAQ    ·powConsts(SB), R11
	LEAQ    ·derivedConsts64(SB), R13
	POWLOGTAB
	MOVQ    $0x03530422, R9
	VPBROADCASTQ R9, Z28 // log's values by v's class
	MOVQ    $0x00000100, R9
	VPBROADCASTQ R9, Z29 // ±0 themselves
	VPXORQ  Z30, Z30, Z30
	VBROADCASTSD 40(R11), Z31 // 1
	VBROADCASTSD 0(R13), Z15  // the sign bit
	XORQ    AX, AX

atanh64loop:
	VMOVUPD           (SI)(AX*8), Z0
	VPANDNQ           Z0, Z15, Z3          // a = |x|
	VSUBPD            Z3, Z31, Z4          // w = 1 − a
	VSUBPD            Z4, Z31, Z5
	VSUBPD            Z3, Z5, Z5           // wl = (1 − w) − a
	VADDPD            Z3, Z3, Z6           // 2a
	VDIVPD            Z4, Z6, Z7           // uh = 2a/w
	VMOVAPD           Z6, Z8
	VFNMADD231PD      Z4, Z7, Z8           // 2a − uh·w, exact
	VFNMADD231PD      Z5, Z7, Z8           // − uh·wl
	VRCP14PD          Z4, Z10
	VMULPD            Z10, Z8, Z8          // ul
	VADDPD            Z31, Z7, Z2          // v = 1 + uh
	VSUBPD            Z2, Z31, Z1
	VADDPD            Z7, Z1, Z1           // c = (1 − v) + uh
	VCMPPD            $0x1e, Z31, Z7, K1   // uh > 1
	VSUBPD            Z2, Z7, K1, Z1
	VADDPD            Z31, Z1, K1, Z1      // c = (uh − v) + 1
	VADDPD            Z8, Z1, Z1           // c + ul
	POWLOG
	VMULPD            Z7, Z1, Z1           // (c + ul)/c
	VSUBPD            Z5, Z30, Z5          // −k
	VSCALEFPD         Z5, Z1, Z1           // s = (c + ul)·2⁻ᵏ/c
	VMOVAPD           Z6, Z3
	VFMSUB213PD       Z6, Z6, Z3           // r² − r
	VFMADD231PD.BCST  64(R11), Z1, Z3      // r² − r − s/2
	VADDPD            Z1, Z9, Z10          // t = hi + s
	VSUBPD            Z10, Z9, Z9
	VADDPD            Z1, Z9, Z9           // (hi − t) + s, exact
	VADDPD            Z14, Z9, Z9          // + lo
	VFMADD231PD       Z3, Z1, Z9           // + s·(r² − r − s/2)
	VADDPD            Z10, Z9, Z9          // log1p u = t + (…)
	VFIXUPIMMPD       $0, Z28, Z2, Z9      // v ≤ 0, +Inf, NaN
	VMULPD.BCST       8(R13), Z9, Z9       // ½
	VPTERNLOGQ        $0xd8, Z15, Z0, Z9   // x's sign
	VFIXUPIMMPD       $0, Z29, Z0, Z9      // ±0
	VMOVUPD           Z9, (DI)(AX*8)
	ADDQ              $8, AX
	CMPQ              AX, CX
	JL                atanh64loop
	VZEROUPPER
	RET

// func sinhF64x8(d, x []float64)
//
// For a = |x| < 1, a + a³·P(a²) (the Taylor series to a¹⁹); beyond, E −
// F for E = e^a/2 and F = e^−a/2 by POWEXP (a clamped to 711, where E is
// +Inf), summed as Eh + (El − F) with E = Eh + El (2^(j/16)'s high part
// scaled, exactly, and the rest), each at a quarter of its value and the
// sum doubled (so that Eh is finite up to the overflow of sinh): within
// about 2⁻⁶⁰ before the last rounding but for those of F and a³·P (0.7 ulp in
// all). x's sign; ±0, ±Inf and NaN come out themselves.
TEXT ·sinhF64x8(SB), NOSPLIT, $0-48
	SETUP64
	LEAQ         ·powConsts(SB), R11
	POWEXPTAB
	VBROADCASTSD 0(R13), Z21 // the sign bit
	VPXORQ       Z20, Z20, Z20
	VADDPD       Z22, Z22, Z19 // 2

sinh64loop:
	VMOVUPD           (SI)(AX*8), Z0
	VPANDNQ           Z0, Z21, Z1          // a = |x|
	VMULPD            Z1, Z1, Z2           // a²
	POLY9(Z3, Z2, R13, 64)
	VMULPD            Z2, Z1, Z2           // a³
	VFMADD213PD       Z1, Z2, Z3           // a + a³·P(a²)
	VMINPD.BCST       56(R13), Z1, Z15     // min(a, 711)
	VMOVAPD           Z15, Z10
	VPXORQ            Z11, Z11, Z11
	POWEXP
	VSUBPD            Z19, Z5, Z5          // E/2 = e^a/4
	VSCALEFPD         Z5, Z6, Z8           // Eh
	VSCALEFPD         Z5, Z7, Z9           // El
	VSUBPD            Z15, Z20, Z10        // −a
	POWEXP
	VSUBPD            Z19, Z5, Z5
	VADDPD            Z7, Z6, Z6
	VSCALEFPD         Z5, Z6, Z6           // F/2 = e^−a/4
	VSUBPD            Z6, Z9, Z9
	VADDPD            Z9, Z8, Z9           // (Eh + (El − F))/2
	VADDPD            Z9, Z9, Z9
	VCMPPD            $0x11, Z22, Z1, K1   // a < 1
	VMOVAPD           Z3, K1, Z9
	SIGNSTORE64(Z9, sinh64loop)
	VZEROUPPER
	RET

// func expm1F64x8(d, x []float64)
//
// eˣ − 1 = (Eh − 1) + P + L for eˣ = 2ᵐ·(th + tl)·e^(r + δ) by POWEXP's
// reduction (δ the rounding error of r = x − n·ln2/16, which POWEXP
// drops): Eh = 2ᵐ·th, P = 2ᵐ·(th·r rounded), L = 2ᵐ·(th·r's error + tl
// + tl·r + th·δ + th·(eʳ − 1 − r)), eʳ − 1 − r = r²·p to r⁹ (POWEXP's q
// rounded, tl·q, δ and its r⁷ are within 2⁻⁵⁸ of eˣ, but not of eˣ − 1
// near 0); Eh − 1 = s + e by 2Sum, s + P = T + f by Fast2Sum (|s| ≥ |P|
// or s = 0), T + (f + e + L): within about 2⁻⁶⁰ before the last
// rounding. Above x = 709 all at half their value and the sum doubled,
// so that Eh is finite up to the overflow. x is clamped to [−746, 711];
// beyond ln MaxFloat64 it is +Inf, −Inf gives −1, ±0 and +Inf
// themselves, NaN NaN.
TEXT ·expm1F64x8(SB), NOSPLIT, $0-48
	SETUP64
	LEAQ         ·powConsts(SB), R11
	POWEXPTAB
	MOVQ         $0x00590122, R9
	VPBROADCASTQ R9, Z26          // −1 for −Inf, x for ±0 and +Inf
	VPXORQ       Z11, Z11, Z11
	VBROADCASTSD 136(R13), Z20    // ln MaxFloat64
	VBROADCASTSD 152(R13), Z18    // +Inf
	VSUBPD       Z22, Z11, Z21    // −1

expm164loop:
	VMOVUPD           (SI)(AX*8), Z0
	VCMPPD            $0x1e, Z20, Z0, K1   // x > ln MaxFloat64
	VMINPD.BCST       56(R13), Z0, Z10     // min(x, 711)
	VMAXPD.BCST       144(R13), Z10, Z10   // max(…, −746)
	VMOVAPD           Z10, Z17
	VCMPPD.BCST       $0x1e, 160(R13), Z0, K3 // x > 709: halved
	VMOVAPD           Z21, Z16
	VMULPD.BCST       8(R13), Z21, K3, Z16 // −1, or −½
	POWEXP
	VSUBPD.BCST       152(R11), Z4, Z3     // n
	VFNMADD231PD.BCST 168(R11), Z3, Z17    // x − n·ln2hi/16, exact
	VSUBPD            Z10, Z17, Z17
	VFNMADD231PD.BCST 176(R11), Z3, Z17    // δ: r's rounding error
	VSUBPD            Z22, Z5, K3, Z5
	POLY6(Z15, Z10, R11, 184)              // p
	VMULPD            Z13, Z13, Z3         // r⁴
	VMULPD            Z3, Z3, Z3           // r⁸
	VBROADCASTSD      176(R13), Z9
	VFMADD213PD.BCST  168(R13), Z10, Z9    // 1/8! + r/9!
	VMULPD            Z3, Z9, Z9
	VFMADD231PD       Z13, Z15, Z9         // q − r = r²·p + r⁸(1/8! + r/9!)
	VMULPD            Z10, Z6, Z13         // p = th·r
	VMOVAPD           Z13, Z14
	VFMSUB231PD       Z10, Z6, Z14         // its error
	VMOVDQA64         Z4, Z15
	VPERMI2PD         Z31, Z30, Z15        // tl
	VFMADD231PD       Z10, Z15, Z14        // + tl·r
	VADDPD            Z15, Z14, Z14        // + tl
	VFMADD231PD       Z17, Z6, Z14         // + th·δ
	VFMADD231PD       Z9, Z6, Z14          // lo = … + th·(q − r)
	VSCALEFPD         Z5, Z6, Z6           // Eh
	VSCALEFPD         Z5, Z13, Z13         // P
	VSCALEFPD         Z5, Z14, Z14         // L
	VADDPD            Z16, Z6, Z8          // s = Eh − 1
	VSUBPD            Z6, Z8, Z9           // b = s − Eh
	VSUBPD            Z9, Z8, Z10          // s − b
	VSUBPD            Z10, Z6, Z10         // Eh − (s − b)
	VSUBPD            Z9, Z16, Z9          // −1 − b
	VADDPD            Z10, Z9, Z9          // s's error
	VADDPD            Z14, Z9, Z9          // + L
	VADDPD            Z13, Z8, Z10         // T = s + P
	VSUBPD            Z10, Z8, Z8
	VADDPD            Z13, Z8, Z8          // (s − T) + P
	VADDPD            Z9, Z8, Z8
	VADDPD            Z8, Z10, Z8          // T + (…)
	VADDPD            Z8, Z8, K3, Z8
	VMOVAPD           Z18, K1, Z8
	VFIXUPIMMPD       $0, Z26, Z0, Z8      // −Inf, ±0, +Inf, NaN
	STORE64(Z8, expm164loop)
	VZEROUPPER
	RET

// func asinhF64x8(d, x []float64)
//
// Below a = |x| = 1/16 arsinh a = a + a³·P(a²) (the Taylor series to
// a¹⁹, skipped when no lane needs it); beyond, arsinh a = ln W for W =
// a + √(1 + a²) = Wh + Wl: 1 + a² = Th + Tl by two FMAs (1 − Th is exact
// below 2⁵³), s = √Th rounded and s + (Th − s² + Tl)/(2s) (Th − s² exact
// by an FMA, 1/s by VRCP14PD: 2⁻¹⁴ of a term of 2⁻⁵³), Wh + Wl = s + a
// by Fast2Sum plus that correction (within about 2⁻¹⁰⁰ of W). ln W = ln
// Wh + Wl/Wh as log1pF64x8's ln u + c/u, by POWLOG. Above a = 2²⁶ (1 −
// Th would not be exact, a² would overflow further on) W = 2a·(1 +
// 1/(4a²)) to 2⁻¹⁰⁶ and ln W = ln(a + 1/(4a)) + ln 2 (1/(4a) by
// VRCP14PD), ln 2 added as its high and low parts. Within about 2⁻⁶⁰
// before the last rounding (ln Wh is within 2⁻⁶⁸ absolutely, not
// relatively, hence the series). x's sign; ±0, ±Inf and NaN come out
// themselves.
TEXT ·asinhF64x8(SB), NOSPLIT, $0-48
	MOVQ    d_base+0(FP), DI
	MOVQ    d_len+8(FP), CX
	MOVQ    x_base+24(FP), SI
	LEAQ    ·powConsts(SB), R11
	LEAQ    ·derivedConsts64(SB), R13
	POWLOGTAB
	MOVQ    $0x00110122, R9
	VPBROADCASTQ R9, Z28      // ±0 and ±Inf themselves, NaN quiet
	VBROADCASTSD 48(R11), Z29 // ln 2 high
	VBROADCASTSD 56(R11), Z30 // ln 2 low
	VBROADCASTSD 40(R11), Z31 // 1
	XORQ    AX, AX

asinh64loop:
	VMOVUPD           (SI)(AX*8), Z0
	VPANDQ.BCST       0(R11), Z0, Z1       // a = |x|
	VCMPPD.BCST       $0x1e, 184(R13), Z1, K3 // a > 2²⁶
	VCMPPD.BCST       $0x11, 232(R11), Z1, K1 // a < 1/16
	VMOVAPD           Z1, Z7
	VFMADD213PD       Z31, Z1, Z7          // Th = 1 + a² rounded
	VSUBPD            Z7, Z31, Z6          // 1 − Th, exact
	VFMADD231PD       Z1, Z1, Z6           // Tl = a² + (1 − Th)
	VSQRTPD           Z7, Z8               // s = √Th
	VFNMADD231PD      Z8, Z8, Z7           // Th − s², exact
	VADDPD            Z6, Z7, Z7           // + Tl
	VRCP14PD          Z8, Z9
	VMULPD.BCST       8(R13), Z9, Z9       // ≈ 1/(2s)
	VMULPD            Z9, Z7, Z7           // s's correction
	VADDPD            Z1, Z8, Z2           // Wh = s + a
	VSUBPD            Z2, Z8, Z8
	VADDPD            Z1, Z8, Z8           // (s − Wh) + a
	VADDPD            Z7, Z8, Z15          // Wl
	VMOVAPD           Z1, K3, Z2           // a > 2²⁶: Wh = a,
	VADDPD            Z1, Z1, Z3
	VRCP14PD          Z3, K3, Z15
	VMULPD.BCST       8(R13), Z15, K3, Z15 // Wl = 1/(4a)
	POWLOG
	VMOVAPD.Z         Z29, K3, Z10         // ln 2 high, or 0
	VADDPD            Z10, Z9, Z11         // hi + ln 2 high
	VSUBPD            Z11, Z9, Z9
	VADDPD            Z10, Z9, Z9          // its error
	VADDPD            Z9, Z14, Z14
	VADDPD            Z30, Z14, K3, Z14    // lo + error + ln 2 low
	VMOVAPD           Z11, Z9
	VMULPD            Z7, Z15, Z1          // Wl/c
	VPXORQ.BCST       240(R11), Z5, Z5     // −k
	VSCALEFPD         Z5, Z1, Z1           // σ = Wl·2⁻ᵏ/c
	VMOVAPD           Z6, Z3
	VFMSUB213PD       Z6, Z6, Z3           // r² − r
	VFMADD231PD.BCST  64(R11), Z1, Z3      // r² − r − σ/2
	VADDPD            Z1, Z9, Z10          // t = hi + σ
	VSUBPD            Z10, Z9, Z9
	VADDPD            Z1, Z9, Z9           // (hi − t) + σ, exact
	VADDPD            Z14, Z9, Z9          // + lo
	VFMADD231PD       Z3, Z1, Z9           // + σ·(r² − r − σ/2)
	VADDPD            Z10, Z9, Z9          // t + (…)
	KORTESTB          K1, K1
	JZ                asinh64sign          // no a < 1/16
	VPANDQ.BCST       0(R11), Z0, Z1       // a
	VMULPD            Z1, Z1, Z2           // a²
	POLY9(Z3, Z2, R13, 192)
	VMULPD            Z2, Z1, Z2           // a³
	VFMADD213PD       Z1, Z2, Z3           // a + a³·P(a²)
	VMOVAPD           Z3, K1, Z9

asinh64sign:
	VPANDQ.BCST       240(R11), Z0, Z3     // x's sign
	VPORQ             Z3, Z9, Z9
	VFIXUPIMMPD       $0, Z28, Z0, Z9      // ±0, ±Inf, NaN
	VMOVUPD           Z9, (DI)(AX*8)
	ADDQ              $8, AX
	CMPQ              AX, CX
	JL                asinh64loop
	VZEROUPPER
	RET

// ASIN64 sets Z10 to t = arcsin s = s + u for x in Z0, u = s·z·P(z)
// (asinPoly64) + δ in Z8 and s in Z5, K1 to |x| > ½ and Z15 to x's sign
// (asinConsts64 at R14, 1 in Z22): s = |x| and z = x² up to ½, beyond s =
// √z rounded and z = (1 − |x|)/2, exact, where δ = (z − s²)/(2s) (the
// FMA's exact residual by VRSQRT14PD) corrects s and arcsin |x| = π/2 −
// 2t (NaN for |x| > 1). It overwrites Z1–Z4, Z6, Z7 and Z9.
#define ASIN64 \
	VMOVUPD           (SI)(AX*8), Z0; \
	VPANDQ.BCST       0(R14), Z0, Z1; \
	VPANDQ.BCST       8(R14), Z0, Z15; \
	VCMPPD.BCST       $0x1e, 16(R14), Z1, K1; \
	VMULPD            Z1, Z1, Z2; \
	VSUBPD            Z1, Z22, Z3; \
	VMULPD.BCST       16(R14), Z3, K1, Z2; \
	VSQRTPD           Z2, Z4; \
	VMOVAPD           Z1, Z5; \
	VMOVAPD           Z4, K1, Z5; \
	VMOVAPD           Z2, Z6; \
	VFNMADD231PD      Z5, Z5, Z6; \
	VRSQRT14PD        Z2, Z7; \
	VMINPD.BCST       56(R14), Z7, Z7; \
	VMULPD.BCST       16(R14), Z7, Z7; \
	VMULPD.Z          Z7, Z6, K1, Z6; \
	VBROADCASTSD      160(R14), Z8; \
	HORN4(Z8, Z2, R14, 128); \
	HORN4(Z8, Z2, R14, 96); \
	HORN4(Z8, Z2, R14, 64); \
	VMULPD            Z2, Z5, Z9; \
	VFMADD213PD       Z6, Z9, Z8; \
	VADDPD            Z8, Z5, Z10

// func asinF64x8(d, x []float64)
//
// ±t, or ±(π/2 − 2t) beyond ½ as π/2's high part − (2s + (2u − its low
// part)), by ASIN64.
TEXT ·asinF64x8(SB), NOSPLIT, $0-48
	SETUP64
	LEAQ         ·asinConsts64(SB), R14
	VBROADCASTSD 24(R14), Z23 // π/2 high

asin64loop:
	ASIN64
	VADDPD            Z8, Z8, Z11
	VSUBPD.BCST       32(R14), Z11, Z11    // 2u − π/2 low
	VADDPD            Z5, Z5, Z12
	VADDPD            Z11, Z12, Z12        // 2s + (2u − π/2 low)
	VSUBPD            Z12, Z23, K1, Z10
	VPORQ             Z15, Z10, Z10
	STORE64(Z10, asin64loop)
	VZEROUPPER
	RET

// func acosF64x8(d, x []float64)
//
// π/2 − (±t) up to |x| = ½ (π/2 in two parts), beyond 2t, or π − 2t for
// negative x as asinF64x8's π/2 − 2t, by ASIN64.
TEXT ·acosF64x8(SB), NOSPLIT, $0-48
	SETUP64
	LEAQ         ·asinConsts64(SB), R14
	VBROADCASTSD 24(R14), Z23 // π/2 high
	VBROADCASTSD 40(R14), Z21 // π high
	VPXORQ       Z24, Z24, Z24

acos64loop:
	ASIN64
	VPORQ             Z15, Z10, Z11        // ±t
	VSUBPD.BCST       32(R14), Z11, Z11    // ±t − π/2 low
	VSUBPD            Z11, Z23, Z11        // π/2 − (±t)
	VADDPD            Z10, Z10, K1, Z11    // 2t
	VCMPPD            $0x11, Z24, Z0, K1, K2 // beyond ½, x < 0
	VADDPD            Z8, Z8, Z12
	VSUBPD.BCST       48(R14), Z12, Z12    // 2u − π low
	VADDPD            Z5, Z5, Z13
	VADDPD            Z12, Z13, Z12        // 2s + (2u − π low)
	VSUBPD            Z12, Z21, K2, Z11
	STORE64(Z11, acos64loop)
	VZEROUPPER
	RET

// func exp2F64x8(d, x []float64)
//
// 2ˣ = e^(x·ln 2) by POWEXP, x·ln 2 as hi + lo (an FMA's exact residual
// plus x times ln 2's low part), x clamped to [−1080, 1025] (NaN stays
// NaN): 2^(n/16)·(th + s) by VSCALEFPD, so +Inf above the range, 0 or a
// subnormal below it.
TEXT ·exp2F64x8(SB), NOSPLIT, $0-48
	SETUP64
	LEAQ         ·powConsts(SB), R11
	LEAQ         ·exp2Consts64(SB), R14
	POWEXPTAB
	VBROADCASTSD 0(R14), Z20
	VBROADCASTSD 8(R14), Z21

exp264loop:
	VMOVUPD           (SI)(AX*8), Z0
	VMINPD            Z0, Z20, Z1
	VMAXPD            Z1, Z21, Z1
	VMULPD.BCST       16(R14), Z1, Z10     // hi = x·ln 2 rounded
	VMOVAPD           Z10, Z11
	VFMSUB231PD.BCST  16(R14), Z1, Z11     // its error
	VFMADD231PD.BCST  24(R14), Z1, Z11     // lo
	POWEXP
	VADDPD            Z7, Z6, Z6
	VSCALEFPD         Z5, Z6, Z6
	STORE64(Z6, exp264loop)
	VZEROUPPER
	RET

// func log2F64x8(d, x []float64)
//
// log₂ x = (hi + lo)·(1/ln 2) for ln x = hi + lo by POWLOG and 1/ln 2 =
// Lh + Ll: p = hi·Lh rounded plus (its error by an FMA + hi·Ll + lo·Lh),
// so powers of two come out exact. Subnormal x are scaled by 2⁵⁴ first
// and 54 taken off p after, its rounding error kept (Fast2Sum); ±0,
// negative x, ±Inf and NaN get log's values by VFIXUPIMMPD on x.
TEXT ·log2F64x8(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·powConsts(SB), R11
	LEAQ         ·log2Consts64(SB), R14
	POWLOGTAB
	MOVQ         $0x03530422, R9
	VPBROADCASTQ R9, Z28      // log's values by x's class
	VBROADCASTSD 0(R14), Z29  // 1/ln 2 high
	VBROADCASTSD 8(R14), Z30  // 1/ln 2 low
	XORQ         AX, AX

log264loop:
	VMOVUPD           (SI)(AX*8), Z0
	VCMPPD.BCST       $0x11, 16(R14), Z0, K1 // x < 2⁻¹⁰²²
	VMOVAPD           Z0, Z2
	VMULPD.BCST       24(R14), Z0, K1, Z2  // ·2⁵⁴
	POWLOG
	VMULPD            Z29, Z9, Z10         // p = hi·Lh
	VMOVAPD           Z10, Z11
	VFMSUB231PD       Z29, Z9, Z11         // its error
	VFMADD231PD       Z30, Z9, Z11         // + hi·Ll
	VFMADD231PD       Z29, Z14, Z11        // + lo·Lh
	VMOVAPD           Z10, Z12
	VSUBPD.BCST       32(R14), Z10, K1, Z10 // p − 54 (subnormal x)
	VSUBPD            Z10, Z12, Z12
	VSUBPD.BCST       32(R14), Z12, K1, Z12 // its error (Fast2Sum), or 0
	VADDPD            Z12, Z11, Z11
	VADDPD            Z11, Z10, Z10
	VFIXUPIMMPD       $0, Z28, Z0, Z10     // ±0, x < 0, ±Inf, NaN
	VMOVUPD           Z10, (DI)(AX*8)
	ADDQ              $8, AX
	CMPQ              AX, CX
	JL                log264loop
	VZEROUPPER
	RET
