//go:build amd64 && !noasm

#include "textflag.h"

// func tanF64x8(d, x []float64) int
//
// tan64's steps (tan64.go, tanOne64 and tanCore64 operation by
// operation) in eight lanes a pass over a multiple of eight elements; d
// may be x. A vector with a finite |x| > tan64Max ends the loop before
// it is stored (the result is how many elements were); ±0 come out
// themselves, ±Inf and NaN NaN (VFIXUPIMMPD). tan64Consts is at R8.
TEXT ·tanF64x8(SB), NOSPLIT, $0-56
	MOVQ         d_base+0(FP), DI
	MOVQ         d_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	LEAQ         ·tan64Consts(SB), R8
	VBROADCASTSD 0(R8), Z31  // the magnitude mask
	VBROADCASTSD 8(R8), Z30  // tan64Max
	VBROADCASTSD 16(R8), Z29 // +Inf
	VBROADCASTSD 24(R8), Z28 // 2/π
	VBROADCASTSD 32(R8), Z27 // 1.5·2⁵²
	VBROADCASTSD 40(R8), Z26 // C1
	VBROADCASTSD 48(R8), Z25 // C2
	VBROADCASTSD 56(R8), Z24 // C3
	VBROADCASTSD 64(R8), Z23 // third
	VBROADCASTSD 72(R8), Z22 // thirdLo
	VBROADCASTSD 80(R8), Z21 // 1
	VBROADCASTSD 88(R8), Z19 // −1
	VPBROADCASTQ 96(R8), Z20 // ±0 themselves, ±Inf and NaN NaN
	MOVQ         $1, R9
	VPBROADCASTQ R9, Z18     // the low bit
	XORQ         AX, AX
	TESTQ        CX, CX
	JEQ          tan64done

tan64loop:
	VMOVUPD          (SI)(AX*8), Z0
	VPANDQ           Z31, Z0, Z1          // |x|
	VCMPPD           $0x1e, Z30, Z1, K2   // |x| > tan64Max
	VCMPPD           $0x04, Z29, Z1, K2, K2 // and finite
	KORTESTW         K2, K2
	JNZ              tan64done
	VMOVAPD          Z0, Z2
	VFMADD132PD      Z28, Z27, Z2         // kd = x·(2/π) + 1.5·2⁵²
	VSUBPD           Z27, Z2, Z3          // k
	VPTESTMQ         Z18, Z2, K3          // odd k
	VMOVAPD          Z0, Z4
	VFNMADD231PD     Z26, Z3, Z4          // r1 = x − k·C1, exact
	VMULPD           Z25, Z3, Z5          // ph = k·C2
	VMOVAPD          Z5, Z6
	VFMSUB231PD      Z25, Z3, Z6          // pl = k·C2 − ph
	VSUBPD           Z5, Z4, Z7           // rh = r1 − ph
	VSUBPD           Z7, Z4, Z8
	VSUBPD           Z5, Z8, Z8           // (r1 − rh) − ph
	VSUBPD           Z6, Z8, Z8
	VFNMADD231PD     Z24, Z3, Z8          // rl = … − pl − k·C3
	VMULPD           Z7, Z7, Z9           // z = rh²
	VMOVAPD          Z9, Z10
	VFMSUB231PD      Z7, Z7, Z10          // zl = rh·rh − z
	VMULPD           Z7, Z9, Z11          // s = z·rh
	VMOVAPD          Z11, Z12
	VFMSUB231PD      Z7, Z9, Z12          // z·rh − s
	VFMADD231PD      Z7, Z10, Z12         // sl = … + zl·rh
	VMULPD           Z9, Z9, Z2           // z² (P(z) by Estrin's scheme)
	VMULPD           Z2, Z2, Z3           // z⁴
	VMULPD           Z3, Z3, Z4           // z⁸
	VBROADCASTSD     112(R8), Z13
	VFMADD213PD.BCST 104(R8), Z9, Z13     // q0 = c0 + c1·z
	VBROADCASTSD     128(R8), Z14
	VFMADD213PD.BCST 120(R8), Z9, Z14     // q1
	VBROADCASTSD     144(R8), Z15
	VFMADD213PD.BCST 136(R8), Z9, Z15     // q2
	VBROADCASTSD     160(R8), Z16
	VFMADD213PD.BCST 152(R8), Z9, Z16     // q3
	VBROADCASTSD     176(R8), Z17
	VFMADD213PD.BCST 168(R8), Z9, Z17     // q4
	VBROADCASTSD     192(R8), Z5
	VFMADD213PD.BCST 184(R8), Z9, Z5      // q5
	VBROADCASTSD     208(R8), Z6
	VFMADD213PD.BCST 200(R8), Z9, Z6      // q6
	VFMADD231PD      Z2, Z14, Z13         // q0 + q1·z²
	VFMADD231PD      Z2, Z16, Z15         // q2 + q3·z²
	VFMADD231PD      Z2, Z5, Z17          // q4 + q5·z²
	VFMADD231PD      Z3, Z15, Z13         // o0 = … + (q2 + q3·z²)·z⁴
	VFMADD231PD      Z3, Z6, Z17          // o1 = … + q6·z⁴
	VFMADD231PD      Z4, Z17, Z13         // P(z) = o0 + o1·z⁸
	VMULPD           Z23, Z11, Z14        // ch = s·third
	VMOVAPD          Z14, Z15
	VFMSUB231PD      Z23, Z11, Z15        // s·third − ch
	VFMADD231PD      Z22, Z11, Z15        // + s·thirdLo
	VFMADD231PD      Z23, Z12, Z15        // + sl·third
	VMULPD           Z9, Z11, Z16         // s·z
	VFMADD231PD      Z13, Z16, Z15        // low = … + s·z·P(z)
	VADDPD           Z14, Z7, Z16         // u = rh + ch
	VSUBPD           Z16, Z7, Z17
	VADDPD           Z14, Z17, Z17        // e1 = (rh − u) + ch
	VMULPD           Z16, Z8, Z10         // rl·u
	VFMADD213PD      Z8, Z16, Z10         // rl·u·u + rl
	VADDPD           Z10, Z15, Z15
	VADDPD           Z15, Z17, Z17        // tl = e1 + (low + rl·(1 + u²))
	VADDPD           Z17, Z16, Z1         // t = u + tl: tan x for even k
	VSUBPD           Z16, Z1, Z2
	VSUBPD           Z2, Z17, Z17         // tl − (t − u)
	VDIVPD           Z1, Z19, Z2          // y = −1/t
	VMOVAPD          Z21, Z3
	VFMADD231PD      Z1, Z2, Z3           // ρ = y·t + 1
	VFMADD231PD      Z17, Z2, Z3          // + y·(tl − (t − u))
	VFMADD132PD      Z3, Z2, Z2           // y + y·ρ
	VMOVAPD          Z2, K3, Z1           // odd k
	VFIXUPIMMPD      $0, Z20, Z0, Z1      // ±0, ±Inf, NaN
	VMOVUPD          Z1, (DI)(AX*8)
	ADDQ             $8, AX
	CMPQ             AX, CX
	JL               tan64loop

tan64done:
	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET
