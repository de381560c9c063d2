//go:build amd64 && !noasm

#include "textflag.h"

// The AVX2 loops of glue.go, eight float64 a pass; the callers give
// lengths that are multiples of eight, above zero.

// func affineF64(d, x []float64, a, b float64)
TEXT ·affineF64(SB), NOSPLIT, $0-64
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	VBROADCASTSD a+48(FP), Y4
	VBROADCASTSD b+56(FP), Y5
	XORQ         AX, AX

affineloop:
	VMULPD  (SI)(AX*8), Y4, Y0
	VMULPD  32(SI)(AX*8), Y4, Y1
	VADDPD  Y5, Y0, Y0
	VADDPD  Y5, Y1, Y1
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      affineloop
	VZEROUPPER
	RET

// func withinF64(x []float64, lo, hi float64) bool
TEXT ·withinF64(SB), NOSPLIT, $0-41
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSD lo+24(FP), Y4
	VBROADCASTSD hi+32(FP), Y5
	VXORPD       Y6, Y6, Y6 // lanes found outside [lo, hi] or NaN
	XORQ         AX, AX

withinloop:
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VCMPPD  $0x09, Y4, Y0, Y2 // not x >= lo (true for NaN)
	VCMPPD  $0x06, Y5, Y0, Y3 // not x <= hi
	VORPD   Y2, Y6, Y6
	VORPD   Y3, Y6, Y6
	VCMPPD  $0x09, Y4, Y1, Y2
	VCMPPD  $0x06, Y5, Y1, Y3
	VORPD   Y2, Y6, Y6
	VORPD   Y3, Y6, Y6
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      withinloop
	VMOVMSKPD Y6, AX
	TESTL   AX, AX
	SETEQ   ret+40(FP)
	VZEROUPPER
	RET

// func copySignF64(d, x []float64)
TEXT ·copySignF64(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         $0x8000000000000000, R8
	MOVQ         R8, X7
	VBROADCASTSD X7, Y7
	XORQ         AX, AX

copysignloop:
	VANDNPD (DI)(AX*8), Y7, Y0 // d without its sign
	VANDNPD 32(DI)(AX*8), Y7, Y1
	VANDPD  (SI)(AX*8), Y7, Y2 // x's sign
	VANDPD  32(SI)(AX*8), Y7, Y3
	VORPD   Y2, Y0, Y0
	VORPD   Y3, Y1, Y1
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      copysignloop
	VZEROUPPER
	RET

// func splitLog2F64(f, e, x []float64)
// x = f·2^e with f in [√2/2, √2): the mantissa with 1's exponent, halved
// (its exponent field less one) where it is √2 or more, and e the
// exponent field less 1023, plus one there, as a float64 (the field
// OR 2⁵²'s bits is 2⁵² + field). Meaningful for positive normal x.
TEXT ·splitLog2F64(SB), NOSPLIT, $0-72
	MOVQ         f_base+0(FP), DI
	MOVQ         f_len+8(FP), CX
	MOVQ         e_base+24(FP), DX
	MOVQ         x_base+48(FP), SI
	MOVQ         $0x000FFFFFFFFFFFFF, R8
	MOVQ         R8, X8
	VPBROADCASTQ X8, Y8 // mantissa mask
	MOVQ         $0x3FF0000000000000, R8
	MOVQ         R8, X9
	VPBROADCASTQ X9, Y9 // 1.0
	MOVQ         $0x00000000000007FF, R8
	MOVQ         R8, X10
	VPBROADCASTQ X10, Y10 // exponent field mask
	MOVQ         $0x4330000000000000, R8
	MOVQ         R8, X11
	VPBROADCASTQ X11, Y11 // 2⁵²
	MOVQ         $0x4330000000000000, R8
	MOVQ         R8, X12
	VPBROADCASTQ X12, Y12
	MOVQ         $0x408FF80000000000, R8 // 1023
	MOVQ         R8, X13
	VPBROADCASTQ X13, Y13
	VADDPD       Y13, Y12, Y12 // 2⁵² + 1023
	MOVQ         $0x3FF6A09E667F3BCD, R8 // √2
	MOVQ         R8, X13
	VPBROADCASTQ X13, Y13
	MOVQ         $0x0010000000000000, R8 // one in the exponent field
	MOVQ         R8, X14
	VPBROADCASTQ X14, Y14
	XORQ         AX, AX

splitloop:
	VMOVDQU (SI)(AX*8), Y0
	VPAND   Y8, Y0, Y1  // mantissa
	VPOR    Y9, Y1, Y1  // f in [1, 2)
	VPSRLQ  $52, Y0, Y2
	VPAND   Y10, Y2, Y2 // exponent field
	VPOR    Y11, Y2, Y2 // 2⁵² + field
	VSUBPD  Y12, Y2, Y2 // field − 1023
	VCMPPD  $0x0D, Y13, Y1, Y3 // f >= √2
	VPAND   Y14, Y3, Y4
	VPSUBQ  Y4, Y1, Y1 // halved there
	VANDPD  Y9, Y3, Y4 // 1.0 there
	VADDPD  Y4, Y2, Y2
	VMOVUPD Y1, (DI)(AX*8)
	VMOVUPD Y2, (DX)(AX*8)
	ADDQ    $4, AX
	CMPQ    AX, CX
	JL      splitloop
	VZEROUPPER
	RET

// func pow2F64(d, k []float64)
// d = 2^k for integer k in [-1022, 1023]: k + 2⁵² + 1023 holds k + 1023
// in its low mantissa bits, which moved into the exponent field make 2^k.
TEXT ·pow2F64(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         k_base+24(FP), SI
	MOVQ         $0x4330000000000000, R8 // 2⁵²
	MOVQ         R8, X12
	VPBROADCASTQ X12, Y12
	MOVQ         $0x408FF80000000000, R8 // 1023
	MOVQ         R8, X13
	VPBROADCASTQ X13, Y13
	VADDPD       Y13, Y12, Y12
	XORQ         AX, AX

pow2loop:
	VADDPD  (SI)(AX*8), Y12, Y0
	VADDPD  32(SI)(AX*8), Y12, Y1
	VPSLLQ  $52, Y0, Y0
	VPSLLQ  $52, Y1, Y1
	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	ADDQ    $8, AX
	CMPQ    AX, CX
	JL      pow2loop
	VZEROUPPER
	RET

// func signF64(d, x []uint64)
// sign x for the float64 bits x: x's sign bit on 1, or x itself where x is ±0 or NaN (VCMPPD's
// EQ_UQ against 0); eight lanes a step.
TEXT ·signF64(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVQ         $0x8000000000000000, R8
	MOVQ         R8, X7
	VBROADCASTSD X7, Y7 // the sign bit
	MOVQ         $0x3ff0000000000000, R8
	MOVQ         R8, X6
	VBROADCASTSD X6, Y6 // 1
	VXORPD       Y5, Y5, Y5
	XORQ         AX, AX

signf64loop:
	VMOVUPD   (SI)(AX*8), Y0
	VMOVUPD   32(SI)(AX*8), Y1
	VANDPD    Y7, Y0, Y2
	VANDPD    Y7, Y1, Y3
	VORPD     Y6, Y2, Y2
	VORPD     Y6, Y3, Y3
	VCMPPD    $8, Y5, Y0, Y8
	VCMPPD    $8, Y5, Y1, Y9
	VBLENDVPD Y8, Y0, Y2, Y2
	VBLENDVPD Y9, Y1, Y3, Y3
	VMOVUPD   Y2, (DI)(AX*8)
	VMOVUPD   Y3, 32(DI)(AX*8)
	ADDQ      $8, AX
	CMPQ      AX, CX
	JL        signf64loop
	VZEROUPPER
	RET

// func signF32(d, x []uint32)
// signF64 for float32, sixteen lanes a step.
TEXT ·signF32(SB), NOSPLIT, $0-48
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	MOVL         $0x80000000, R8
	MOVQ         R8, X7
	VBROADCASTSS X7, Y7 // the sign bit
	MOVL         $0x3f800000, R8
	MOVQ         R8, X6
	VBROADCASTSS X6, Y6 // 1
	VXORPS       Y5, Y5, Y5
	XORQ         AX, AX

signf32loop:
	VMOVUPS   (SI)(AX*4), Y0
	VMOVUPS   32(SI)(AX*4), Y1
	VANDPS    Y7, Y0, Y2
	VANDPS    Y7, Y1, Y3
	VORPS     Y6, Y2, Y2
	VORPS     Y6, Y3, Y3
	VCMPPS    $8, Y5, Y0, Y8
	VCMPPS    $8, Y5, Y1, Y9
	VBLENDVPS Y8, Y0, Y2, Y2
	VBLENDVPS Y9, Y1, Y3, Y3
	VMOVUPS   Y2, (DI)(AX*4)
	VMOVUPS   Y3, 32(DI)(AX*4)
	ADDQ      $16, AX
	CMPQ      AX, CX
	JL        signf32loop
	VZEROUPPER
	RET
