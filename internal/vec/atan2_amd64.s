//go:build amd64 && !noasm

#include "textflag.h"

// func atan2FixF64(d, q, y, x []float64) bool
// Atan2Float64's last step, four lanes a pass over a multiple of four:
// d = q + π where x < 0 and q ≤ 0, q − π where x < 0 and q > 0, q
// elsewhere (math.Atan2's steps on q = atan(y/x)), stored only for lanes
// whose |y| and |x| are in (0, MaxFloat64]; the others' q becomes NaN,
// their d is left as it was, and the result reports that some were.
TEXT ·atan2FixF64(SB), NOSPLIT, $0-97
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ q_base+24(FP), R8
	MOVQ y_base+48(FP), SI
	MOVQ x_base+72(FP), DX
	MOVQ $0x7fffffffffffffff, AX
	MOVQ AX, X8
	VPBROADCASTQ X8, Y8 // |·| mask
	MOVQ $0x7fefffffffffffff, AX
	MOVQ AX, X9
	VPBROADCASTQ X9, Y9 // MaxFloat64
	MOVQ $0x400921fb54442d18, AX
	MOVQ AX, X10
	VPBROADCASTQ X10, Y10 // π
	MOVQ $0xc00921fb54442d18, AX
	MOVQ AX, X11
	VPBROADCASTQ X11, Y11 // −π
	MOVQ $0x7ff8000000000000, AX
	MOVQ AX, X13
	VPBROADCASTQ X13, Y13 // NaN
	VXORPD  Y15, Y15, Y15 // 0
	VPCMPEQQ Y14, Y14, Y14 // all lanes good so far
	XORQ    AX, AX
	TESTQ   CX, CX
	JEQ     done

loop:
	VMOVUPD   (SI)(AX*8), Y0
	VMOVUPD   (DX)(AX*8), Y1
	VMOVUPD   (R8)(AX*8), Y2
	VANDPD    Y8, Y0, Y3
	VANDPD    Y8, Y1, Y4
	VCMPPD    $0x1e, Y15, Y3, Y5 // |y| > 0
	VCMPPD    $0x12, Y9, Y3, Y6  // |y| ≤ Max
	VANDPD    Y6, Y5, Y5
	VCMPPD    $0x1e, Y15, Y4, Y6 // |x| > 0
	VANDPD    Y6, Y5, Y5
	VCMPPD    $0x12, Y9, Y4, Y6  // |x| ≤ Max
	VANDPD    Y6, Y5, Y5         // good lanes
	VANDPD    Y5, Y14, Y14
	VCMPPD    $0x11, Y15, Y1, Y6 // x < 0
	VCMPPD    $0x12, Y15, Y2, Y7 // q ≤ 0
	VBLENDVPD Y7, Y10, Y11, Y4   // q ≤ 0 ? π : −π
	VADDPD    Y4, Y2, Y3
	VBLENDVPD Y6, Y3, Y2, Y3     // x < 0 ? q ± π : q (a −0 stays −0)
	VMASKMOVPD Y3, Y5, (DI)(AX*8)
	VBLENDVPD Y5, Y2, Y13, Y3    // good ? q : NaN
	VMOVUPD   Y3, (R8)(AX*8)
	ADDQ      $4, AX
	CMPQ      AX, CX
	JL        loop

done:
	VMOVMSKPD Y14, BX
	CMPQ      BX, $15
	SETNE     ret+96(FP)
	VZEROUPPER
	RET
