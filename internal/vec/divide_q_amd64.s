//go:build amd64 && !noasm

#include "textflag.h"

// func floorDivQ512(mod bool, d, x []int64, y int64) int
// NumPy's floor_divide (or remainder, mod) of x[i] by a y in [1, 2⁵³),
// eight lanes a pass with AVX-512F/DQ: q = floor(x/y) in float64, exact
// for |x| ≤ 2⁵³ (both convert exactly, and the correctly rounded
// quotient cannot cross an integer there), and r = x − q·y, with a
// correction of one unit either way kept as a safeguard. It stops at
// the first group of eight holding an |x| above 2⁵³ and returns how many
// elements it did (a multiple of eight, len(d) rounded down at most).
TEXT ·floorDivQ512(SB), NOSPLIT, $0-72
	MOVBQZX mod+0(FP), R9
	MOVQ    d_base+8(FP), DI
	MOVQ    d_len+16(FP), CX
	MOVQ    x_base+32(FP), SI
	ANDQ    $-8, CX
	VPBROADCASTQ y+56(FP), Z30       // y
	VCVTQQ2PD    Z30, Z31             // y as float64
	VPXORQ       Z29, Z29, Z29        // 0
	MOVQ         $1, AX
	VPBROADCASTQ AX, Z28              // 1
	MOVQ         $0x20000000000000, AX
	VPBROADCASTQ AX, Z27              // 2⁵³
	XORQ         AX, AX
	CMPQ         AX, CX
	JGE          done

loop:
	VMOVDQU64  (SI)(AX*8), Z0
	VPABSQ     Z0, Z6
	VPCMPUQ    $6, Z27, Z6, K3         // |x| > 2⁵³ (MinInt64 too, as unsigned)
	KORTESTB   K3, K3
	JNZ        done
	VCVTQQ2PD  Z0, Z1
	VDIVPD     Z31, Z1, Z2
	VRNDSCALEPD $1, Z2, Z2             // toward −∞
	VCVTPD2QQ  Z2, Z3                  // q
	VPMULLQ    Z30, Z3, Z4
	VPSUBQ     Z4, Z0, Z5              // r = x − q·y
	VPCMPQ     $1, Z29, Z5, K1         // r < 0
	VPCMPQ     $5, Z30, Z5, K2         // r ≥ y
	VPSUBQ     Z28, Z3, K1, Z3
	VPADDQ     Z30, Z5, K1, Z5
	VPADDQ     Z28, Z3, K2, Z3
	VPSUBQ     Z30, Z5, K2, Z5
	TESTQ      R9, R9
	JNZ        rem
	VMOVDQU64  Z3, (DI)(AX*8)
	JMP        next

rem:
	VMOVDQU64  Z5, (DI)(AX*8)

next:
	ADDQ $8, AX
	CMPQ AX, CX
	JL   loop

done:
	VZEROUPPER
	MOVQ AX, ret+64(FP)
	RET
