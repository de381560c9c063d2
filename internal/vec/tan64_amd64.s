//go:build amd64 && !noasm

#include "textflag.h"

// func tanF64x8(d, x []float64) int
//
// tan64's steps (tan64.go: tanOne64, tanCore64 and tanPoly64 operation by
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
	VBROADCASTSD 24(R8), Z28 // 4/π
	VBROADCASTSD 32(R8), Z27 // 1.5·2⁵²
	VBROADCASTSD 40(R8), Z26 // C1
	VBROADCASTSD 48(R8), Z25 // C2
	VBROADCASTSD 56(R8), Z24 // C3
	VBROADCASTSD 64(R8), Z23 // third
	VBROADCASTSD 72(R8), Z22 // thirdLo
	VBROADCASTSD 80(R8), Z21 // 1
	VBROADCASTSD 88(R8), Z19 // −1
	VPBROADCASTQ 96(R8), Z20 // ±0 themselves, ±Inf and NaN NaN
	VPBROADCASTQ 104(R8), Z18 // the integer 1
	VPBROADCASTQ 112(R8), Z17 // the integer 2
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
	VFMADD132PD      Z28, Z27, Z2         // kd = x·(4/π) + 1.5·2⁵²
	VSUBPD           Z27, Z2, Z3          // k
	VPTESTMQ         Z18, Z2, K1          // k mod 4 is 1 or 3
	VPTESTMQ         Z17, Z2, K2          // 2 or 3
	KANDW            K1, K2, K3           // 3
	KANDNW           K2, K1, K4           // 2
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
	VBROADCASTSD     176(R8), Z13         // P(z) by Horner's rule: c7
	VFMADD213PD.BCST 168(R8), Z9, Z13     // c6 + c7·z
	VFMADD213PD.BCST 160(R8), Z9, Z13
	VFMADD213PD.BCST 152(R8), Z9, Z13
	VFMADD213PD.BCST 144(R8), Z9, Z13
	VFMADD213PD.BCST 136(R8), Z9, Z13
	VFMADD213PD.BCST 128(R8), Z9, Z13
	VFMADD213PD.BCST 120(R8), Z9, Z13     // P(z)
	VMULPD           Z23, Z11, Z14        // ch = s·third
	VMOVAPD          Z14, Z15
	VFMSUB231PD      Z23, Z11, Z15        // s·third − ch
	VFMADD231PD      Z22, Z11, Z15        // + s·thirdLo
	VFMADD231PD      Z23, Z12, Z15        // + sl·third
	VMULPD           Z9, Z11, Z16         // s·z
	VFMADD231PD      Z13, Z16, Z15        // low = … + s·z·P(z)
	VADDPD           Z14, Z7, Z16         // u = rh + ch
	VSUBPD           Z16, Z7, Z12
	VADDPD           Z14, Z12, Z12        // e1 = (rh − u) + ch
	VMULPD           Z16, Z8, Z10         // rl·u
	VFMADD213PD      Z8, Z16, Z10         // rl·u·u + rl
	VADDPD           Z10, Z15, Z15
	VADDPD           Z15, Z12, Z12        // tl = e1 + (low + rl·(1 + u²))
	VADDPD           Z12, Z16, Z1         // th = u + tl
	VSUBPD           Z16, Z1, Z2
	VSUBPD           Z2, Z12, Z12         // tl − (th − u)
	VMOVAPD.Z        Z21, K1, Z4          // σ: 1 for k mod 4 = 1,
	VMOVAPD          Z19, K3, Z4          // −1 for 3, else 0
	VADDPD           Z1, Z4, Z5           // nh = σ + th
	VSUBPD           Z5, Z4, Z6
	VADDPD           Z1, Z6, Z6
	VADDPD           Z12, Z6, Z6          // nl = ((σ − nh) + th) + tl
	VMOVAPD          Z21, Z7
	VFNMADD231PD     Z1, Z4, Z7           // dh = 1 − σ·th
	VSUBPD           Z7, Z21, Z8
	VFNMADD231PD     Z1, Z4, Z8           // (1 − dh) − σ·th
	VFNMADD231PD     Z12, Z4, Z8          // dl = … − σ·tl
	VMOVAPD          Z19, K4, Z5          // k mod 4 = 2: −1/(th + tl)
	VPXORQ           Z6, Z6, K4, Z6
	VMOVAPD          Z1, K4, Z7
	VMOVAPD          Z12, K4, Z8
	VDIVPD           Z7, Z21, Z9          // y = 1/dh
	VMULPD           Z9, Z5, Z10          // n = nh·y
	VMOVAPD          Z5, Z11
	VFNMADD231PD     Z7, Z10, Z11         // ρ = nh − n·dh
	VADDPD           Z6, Z11, Z11         // + nl
	VFNMADD231PD     Z8, Z10, Z11         // − n·dl
	VFMADD231PD      Z9, Z11, Z10         // n + ρ·y
	VFIXUPIMMPD      $0, Z20, Z0, Z10     // ±0, ±Inf, NaN
	VMOVUPD          Z10, (DI)(AX*8)
	ADDQ             $8, AX
	CMPQ             AX, CX
	JL               tan64loop

tan64done:
	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET
