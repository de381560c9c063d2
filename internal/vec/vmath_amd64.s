//go:build amd64 && !noasm

#include "textflag.h"
#include "vmath32_amd64.h"

// POWCASES sets K1 to the lanes of x (Z0) and y (Z1) the vector power
// computes (not math.Pow's special cases: |x| below tiny or above huge,
// |y| above huge, y = one, negative x with a fractional y) and K7 to the
// negative x with an odd y, whose sign the result flips; tiny, huge, one
// and half are offsets of 2⁻¹⁰²², MaxFloat64, 1 and 0.5 from R11. It
// leaves |x| in Z2, uses Z3, Z6 and K3–K6, and jumps to done when no x
// is negative.
#define POWCASES(tiny, huge, one, half, done) \
	VPANDQ.BCST 0(R11), Z0, Z2; \
	VCMPPD.BCST $0x1d, tiny(R11), Z2, K1; \
	VCMPPD.BCST $0x12, huge(R11), Z2, K3; \
	KANDW K1, K3, K1; \
	VPANDQ.BCST 0(R11), Z1, Z3; \
	VCMPPD.BCST $0x12, huge(R11), Z3, K3; \
	KANDW K1, K3, K1; \
	VCMPPD.BCST $0x04, one(R11), Z1, K3; \
	KANDW K1, K3, K1; \
	VPMOVQ2M Z0, K5; \
	KMOVW K5, K7; \
	KORTESTW K5, K5; \
	JZ done; \
	VRNDSCALEPD $0, Z1, Z3; \
	VCMPPD $0, Z3, Z1, K4; \
	KNOTW K5, K6; \
	KORW K6, K4, K6; \
	KANDW K1, K6, K1; \
	VMULPD.BCST half(R11), Z1, Z3; \
	VRNDSCALEPD $0, Z3, Z6; \
	VCMPPD $0x04, Z6, Z3, K6; \
	KANDW K5, K6, K7;

// func powF64x8(d, x, y []float64) int
//
// powOne's operations over eight lanes, the tables in Z16–Z31: K1 marks
// the lanes it computes, the others get NaN (math.Pow's, for the caller);
// K7 the negative x with an odd y, whose sign it flips.
TEXT ·powF64x8(SB), NOSPLIT, $0-80
	MOVQ    d_base+0(FP), DI
	MOVQ    d_len+8(FP), CX
	MOVQ    x_base+24(FP), SI
	MOVQ    y_base+48(FP), DX
	LEAQ    ·powConsts(SB), R11
	POWLOGTAB
	POWEXPTAB
	XORQ    AX, AX
	XORQ    R8, R8

pow8loop:
	VMOVUPD       (SI)(AX*8), Z0
	VMOVUPD       (DX)(AX*8), Z1
	POWCASES(24, 32, 40, 256, pow8log)

pow8log:

	POWLOG // powLog(ax): hi in Z9, lo in Z14

	// y·(hi + lo) = phi + plo.
	VMULPD        Z9, Z1, Z10           // phi
	VMOVAPD       Z10, Z11
	VFMSUB231PD   Z9, Z1, Z11           // y·hi − phi
	VFMADD231PD   Z14, Z1, Z11          // plo
	VPANDQ.BCST   0(R11), Z10, Z12
	VCMPPD.BCST   $0x12, 144(R11), Z12, K3 // |phi| ≤ powMaxArg
	KANDW         K1, K3, K1

	POWEXP // powExp(phi, plo)
	VADDPD        Z7, Z6, Z6            // v = th + (th·q + tl)
	VSCALEFPD     Z5, Z6, Z6            // v·2^⌊n/16⌋
	VPXORQ.BCST   240(R11), Z6, K7, Z6  // negative x, odd y
	KNOTW         K1, K3
	VBROADCASTSD  248(R11), K3, Z6      // NaN for math.Pow's lanes
	VMOVUPD       Z6, (DI)(AX*8)
	KMOVW         K1, R9
	XORQ          $0xff, R9
	ORQ           R9, R8
	ADDQ          $8, AX
	CMPQ          AX, CX
	JL            pow8loop
	VZEROUPPER
	MOVQ          R8, ret+72(FP)
	RET

// func powF32x8(d, x, y []float32) int
//
// powOne32's operations over eight lanes of float64, the tables in
// Z16–Z19 and Z28–Z29; K1, K7 as in powF64x8.
TEXT ·powF32x8(SB), NOSPLIT, $0-80
	MOVQ    d_base+0(FP), DI
	MOVQ    d_len+8(FP), CX
	MOVQ    x_base+24(FP), SI
	MOVQ    y_base+48(FP), DX
	LEAQ    ·powConsts32(SB), R11
	LEAQ    ·powLog32Table(SB), R10
	VMOVUPD 0(R10), Z16           // 1/c
	VMOVUPD 64(R10), Z17
	VMOVUPD 128(R10), Z18         // ln c
	VMOVUPD 192(R10), Z19
	LEAQ    ·powExpTable(SB), R10
	VMOVUPD 0(R10), Z28           // 2^(j/16), high
	VMOVUPD 64(R10), Z29
	XORQ    AX, AX
	XORQ    R8, R8

pow32loop:
	VCVTPS2PD     (SI)(AX*4), Z0
	VCVTPS2PD     (DX)(AX*4), Z1
	POWCASES(16, 24, 32, 48, pow32log)

pow32log:
	LOG32                               // ln x (Z9)
	VMULPD        Z9, Z1, Z10           // phi
	VPANDQ.BCST   0(R11), Z10, Z11
	VCMPPD.BCST   $0x12, 112(R11), Z11, K3 // |phi| ≤ powMaxArg32
	KANDW         K1, K3, K1
	EXPM1_32(Z10)                       // phi = n·ln2/16 + r
	VFMADD213PD   Z6, Z6, Z12
	VMULPD.BCST   184(R11), Z5, Z5      // n/16
	VSCALEFPD     Z5, Z12, Z12
	VPXORQ.BCST   192(R11), Z12, K7, Z12
	VCVTPD2PS     Z12, Y12
	KNOTW         K1, K3
	VBROADCASTSS  200(R11), K3, Y12     // NaN for math.Pow's lanes
	VMOVUPS       Y12, (DI)(AX*4)
	KMOVW         K1, R9
	XORQ          $0xff, R9
	ORQ           R9, R8
	ADDQ          $8, AX
	CMPQ          AX, CX
	JL            pow32loop
	VZEROUPPER
	MOVQ          R8, ret+72(FP)
	RET

// func trigF64x8(d, x []float64, octants int64, sign uint64) int
//
// trigF64 over eight lanes (AVX-512F): the same operations in the same
// order (no FMA: math.Sin's and math.Cos's bits), the octant's bits
// tested into masks: K2 the cosine polynomial, K3 the sign flip.
TEXT ·trigF64x8(SB), NOSPLIT, $0-72
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         octants+48(FP), R10
	VPBROADCASTD R10, Y14
	MOVQ         sign+56(FP), R10
	VPBROADCASTQ R10, Z15
	LEAQ         ·trigConsts(SB), R11
	VPBROADCASTD 96(R11), Y11       // 1
	VPBROADCASTD 128(R11), Y12      // ^1
	VPBROADCASTD 160(R11), Y13      // 2
	VPBROADCASTD 192(R11), Y10      // 4
	XORQ         AX, AX
	XORQ         R8, R8

trig8loop:
	VMOVUPD       (SI)(AX*8), Z0
	VPANDQ.BCST   (R11), Z0, Z1          // |x|
	VCMPPD.BCST   $0x11, 32(R11), Z1, K1 // |x| < trigMax
	KMOVW         K1, R9
	XORQ          $0xff, R9
	ORQ           R9, R8
	VPANDQ        Z15, Z0, Z0            // the sign of x, if kept
	VMULPD.BCST   64(R11), Z1, Z2
	VCVTTPD2DQ    Z2, Y2                 // j
	VPADDD        Y11, Y2, Y2
	VPANDD        Y12, Y2, Y2            // rounded up to even
	VCVTDQ2PD     Y2, Z3                 // y
	VPADDD        Y14, Y2, Y2
	VPTESTMD      Y13, Y2, K2            // cosine polynomial
	VPTESTMD      Y10, Y2, K3            // sign flip
	VPXORQ.BCST   224(R11), Z0, K3, Z0   // the result's sign bit
	VMULPD.BCST   256(R11), Z3, Z6
	VSUBPD        Z6, Z1, Z1
	VMULPD.BCST   288(R11), Z3, Z6
	VSUBPD        Z6, Z1, Z1
	VMULPD.BCST   320(R11), Z3, Z6
	VSUBPD        Z6, Z1, Z1             // z
	VMULPD        Z1, Z1, Z2             // zz
	VMULPD.BCST   (32*13)(R11), Z2, Z6   // sine polynomial
	VADDPD.BCST   (32*14)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*15)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*16)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*17)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*18)(R11), Z6, Z6
	VMULPD        Z2, Z1, Z7
	VMULPD        Z6, Z7, Z7
	VADDPD        Z7, Z1, Z7             // z + z·zz·P
	VMULPD.BCST   (32*19)(R11), Z2, Z6   // cosine polynomial
	VADDPD.BCST   (32*20)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*21)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*22)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*23)(R11), Z6, Z6
	VMULPD        Z2, Z6, Z6
	VADDPD.BCST   (32*24)(R11), Z6, Z6
	VMULPD        Z2, Z2, Z8
	VMULPD        Z6, Z8, Z8             // zz·zz·P
	VMULPD.BCST   (32*12)(R11), Z2, Z9
	VBROADCASTSD  (32*11)(R11), Z4
	VSUBPD        Z9, Z4, Z4             // 1 - 0.5·zz
	VADDPD        Z8, Z4, Z4
	VBLENDMPD     Z4, Z7, K2, Z7
	VXORPD        Z0, Z7, Z7
	VMOVUPD       Z7, (DI)(AX*8)
	ADDQ          $8, AX
	CMPQ          AX, CX
	JL            trig8loop
	VZEROUPPER
	MOVQ          R8, ret+64(FP)
	RET

// func atanF64x8(d, x []float64)
//
// Per lane: t = |x|/1, 1/|x| or (|x|−1)/(|x|+1) by masks (K1 |x| ≤ 0.66,
// K2 |x| > tan(3π/8)), math.Atan's rational function of t, the result
// for the lane's case, then x's sign.
TEXT ·atanF64x8(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·atanConsts(SB), R11
	VBROADCASTSD 24(R11), Z20 // 1
	XORQ         AX, AX

atan8loop:
	VMOVUPD      (SI)(AX*8), Z0
	VPANDQ.BCST  0(R11), Z0, Z1          // |x|
	VPANDQ.BCST  144(R11), Z0, Z15       // x's sign
	VCMPPD.BCST  $0x12, 8(R11), Z1, K1   // |x| ≤ 0.66
	VCMPPD.BCST  $0x1e, 16(R11), Z1, K2  // |x| > tan(3π/8)
	VSUBPD       Z20, Z1, Z2             // |x| − 1
	VADDPD       Z20, Z1, Z3             // |x| + 1
	VMOVAPD      Z20, K2, Z2             // 1 / |x|
	VMOVAPD      Z1, K2, Z3
	VMOVAPD      Z1, K1, Z2              // |x| / 1
	VMOVAPD      Z20, K1, Z3
	VDIVPD       Z3, Z2, Z2              // t
	VMULPD       Z2, Z2, Z4              // z = t·t
	VMULPD.BCST  32(R11), Z4, Z5         // P0·z
	VADDPD.BCST  40(R11), Z5, Z5
	VMULPD       Z4, Z5, Z5
	VADDPD.BCST  48(R11), Z5, Z5
	VMULPD       Z4, Z5, Z5
	VADDPD.BCST  56(R11), Z5, Z5
	VMULPD       Z4, Z5, Z5
	VADDPD.BCST  64(R11), Z5, Z5         // P
	VADDPD.BCST  72(R11), Z4, Z6         // z + Q0
	VMULPD       Z4, Z6, Z6
	VADDPD.BCST  80(R11), Z6, Z6
	VMULPD       Z4, Z6, Z6
	VADDPD.BCST  88(R11), Z6, Z6
	VMULPD       Z4, Z6, Z6
	VADDPD.BCST  96(R11), Z6, Z6
	VMULPD       Z4, Z6, Z6
	VADDPD.BCST  104(R11), Z6, Z6        // Q
	VMULPD       Z5, Z4, Z5              // z·P
	VDIVPD       Z6, Z5, Z5              // /Q
	VMULPD       Z5, Z2, Z5              // t·z
	VADDPD       Z2, Z5, Z5              // xatan(t) = t·z + t
	VBROADCASTSD 128(R11), Z7
	VADDPD       Z5, Z7, Z7              // π/4 + xatan
	VADDPD.BCST  136(R11), Z7, Z7        // + Morebits/2
	VBROADCASTSD 112(R11), Z8
	VSUBPD       Z5, Z8, Z8              // π/2 − xatan
	VADDPD.BCST  120(R11), Z8, Z8        // + Morebits
	VMOVAPD      Z8, K2, Z7
	VMOVAPD      Z5, K1, Z7
	VPXORQ       Z15, Z7, Z7
	VMOVUPD      Z7, (DI)(AX*8)
	ADDQ         $8, AX
	CMPQ         AX, CX
	JL           atan8loop
	VZEROUPPER
	RET
