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
	VPTERNLOGQ        $0xd8, Z21, Z0, Z12  // x's sign
	VFIXUPIMMPD       $0, Z27, Z0, Z12     // ±0, ±Inf, NaN
	STORE64(Z12, cbrt64loop)
	VZEROUPPER
	RET
