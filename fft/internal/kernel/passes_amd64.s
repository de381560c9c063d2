//go:build amd64 && !noasm

#include "textflag.h"

// The radix passes of passes.go with AVX: one 128-bit lane holds a
// complex128 (real, imaginary), so a YMM register holds the values of two
// adjacent sequences q, q+1 and an XMM register one (the last q of an odd
// s). Each function computes what its pure-Go twin does, operation for
// operation, so both give the same bits.
//
// Registers: SI the inputs of sequence q at the current k (input j at
// SI + j·R11), DI its outputs (output t at DI + t·R10), AX = SI + R11 and
// BX = DI + R10 (for j, t = 3), DX the twiddles of k, R8 the k left,
// R9 = s, CX the pairs of q left, R10 = 16s, R11 = 16sm, R12 = 16s(r-1),
// Y15 the sign mask of the imaginary parts, Y8 and Y9 scratch. The first
// pass (s = 1) instead holds k and k+1 in a register (see _first).

// negi flips the sign of the imaginary parts.
DATA negi<>+0(SB)/8, $0
DATA negi<>+8(SB)/8, $0x8000000000000000
DATA negi<>+16(SB)/8, $0
DATA negi<>+24(SB)/8, $0x8000000000000000
GLOBL negi<>(SB), RODATA|NOPTR, $32

DATA sin3<>+0(SB)/8, $0x3febb67ae8584caa
DATA sin3<>+8(SB)/8, $0x3febb67ae8584caa
DATA sin3<>+16(SB)/8, $0x3febb67ae8584caa
DATA sin3<>+24(SB)/8, $0x3febb67ae8584caa
GLOBL sin3<>(SB), RODATA|NOPTR, $32
DATA half<>+0(SB)/8, $0x3fe0000000000000
DATA half<>+8(SB)/8, $0x3fe0000000000000
DATA half<>+16(SB)/8, $0x3fe0000000000000
DATA half<>+24(SB)/8, $0x3fe0000000000000
GLOBL half<>(SB), RODATA|NOPTR, $32
DATA cos5a<>+0(SB)/8, $0x3fd3c6ef372fe950
DATA cos5a<>+8(SB)/8, $0x3fd3c6ef372fe950
DATA cos5a<>+16(SB)/8, $0x3fd3c6ef372fe950
DATA cos5a<>+24(SB)/8, $0x3fd3c6ef372fe950
GLOBL cos5a<>(SB), RODATA|NOPTR, $32
DATA sin5a<>+0(SB)/8, $0x3fee6f0e134454ff
DATA sin5a<>+8(SB)/8, $0x3fee6f0e134454ff
DATA sin5a<>+16(SB)/8, $0x3fee6f0e134454ff
DATA sin5a<>+24(SB)/8, $0x3fee6f0e134454ff
GLOBL sin5a<>(SB), RODATA|NOPTR, $32
DATA cos5b<>+0(SB)/8, $0xbfe9e3779b97f4a8
DATA cos5b<>+8(SB)/8, $0xbfe9e3779b97f4a8
DATA cos5b<>+16(SB)/8, $0xbfe9e3779b97f4a8
DATA cos5b<>+24(SB)/8, $0xbfe9e3779b97f4a8
GLOBL cos5b<>(SB), RODATA|NOPTR, $32
DATA sin5b<>+0(SB)/8, $0x3fe2cf2304755a5e
DATA sin5b<>+8(SB)/8, $0x3fe2cf2304755a5e
DATA sin5b<>+16(SB)/8, $0x3fe2cf2304755a5e
DATA sin5b<>+24(SB)/8, $0x3fe2cf2304755a5e
GLOBL sin5b<>(SB), RODATA|NOPTR, $32

// MULNEGI sets z to -i·z: (re, im) -> (im, -re).
#define MULNEGI(z, mask) \
	VPERMILPD $5, z, z \
	VXORPD    mask, z, z

// TWY multiplies the two values of z by the twiddle at off(DX), as Go's
// complex product: (re·wr - im·wi, re·wi + im·wr).
#define TWY(z, off) \
	VBROADCASTSD off(DX), Y8 \
	VBROADCASTSD off+8(DX), Y9 \
	VMULPD       Y8, z, Y8 \
	VPERMILPD    $5, z, z \
	VMULPD       Y9, z, Y9 \
	VADDSUBPD    Y9, Y8, z

// TWVY multiplies the two values of z by the two twiddles of w.
#define TWVY(z, w) \
	VMOVDDUP  w, Y8 \
	VPERMILPD $15, w, Y9 \
	VMULPD    Y8, z, Y8 \
	VPERMILPD $5, z, z \
	VMULPD    Y9, z, Y9 \
	VADDSUBPD Y9, Y8, z

// TWVX is TWVY for the one value of an XMM register.
#define TWVX(z, w) \
	VMOVDDUP  w, X8 \
	VPERMILPD $3, w, X9 \
	VMULPD    X8, z, X8 \
	VPERMILPD $1, z, z \
	VMULPD    X9, z, X9 \
	VADDSUBPD X9, X8, z

// TWX is TWY for the one value of an XMM register.
#define TWX(z, off) \
	VMOVDDUP  off(DX), X8 \
	VMOVDDUP  off+8(DX), X9 \
	VMULPD    X8, z, X8 \
	VPERMILPD $5, z, z \
	VMULPD    X9, z, X9 \
	VADDSUBPD X9, X8, z

#define DFT2(a0, a1, t0) \
	VADDPD a1, a0, t0 \
	VSUBPD a1, a0, a1

// DFT3 is dft3: t = a1+a2, d = -i·sin3·(a1-a2), c = a0 - t/2; a0+t, c+d, c-d.
#define DFT3(a0, a1, a2, t0, mask) \
	VADDPD a2, a1, t0 \
	VSUBPD a2, a1, a1 \
	VMULPD sin3<>(SB), a1, a1 \
	MULNEGI(a1, mask) \
	VMULPD half<>(SB), t0, a2 \
	VSUBPD a2, a0, a2 \
	VADDPD t0, a0, a0 \
	VADDPD a1, a2, t0 \
	VSUBPD a1, a2, a2

// DFT4 is dft4: b0 = a0+a2, b1 = a0-a2, b2 = a1+a3, b3 = -i(a1-a3);
// b0+b2, b1+b3, b0-b2, b1-b3 into t1, t0, a2... (see the outputs).
#define DFT4(a0, a1, a2, a3, t0, mask) \
	VADDPD a2, a0, t0 \
	VSUBPD a2, a0, a0 \
	VADDPD a3, a1, a2 \
	VSUBPD a3, a1, a1 \
	MULNEGI(a1, mask) \
	VADDPD a2, t0, a3 \
	VSUBPD a2, t0, t0 \
	VADDPD a1, a0, a2 \
	VSUBPD a1, a0, a0

// DFT5 is the 5-point butterfly of pass5: t1 = a1+a4, d1 = a1-a4,
// t2 = a2+a3, d2 = a2-a3; y0 = a0+t1+t2; c1 = a0+ca·t1+cb·t2,
// e1 = -i(sa·d1+sb·d2): y1, y4 = c1±e1; c2 = a0+cb·t1+ca·t2,
// e2 = -i(sb·d1-sa·d2): y2, y3 = c2±e2.
#define DFT5(a0, a1, a2, a3, a4, t5, t6, t7, t10, t11, t12, mask) \
	VADDPD a4, a1, t5 \
	VSUBPD a4, a1, a1 \
	VADDPD a3, a2, t6 \
	VSUBPD a3, a2, a2 \
	VADDPD t5, a0, a3 \
	VADDPD t6, a3, a3 \
	VMULPD cos5a<>(SB), t5, a4 \
	VADDPD a4, a0, a4 \
	VMULPD cos5b<>(SB), t6, t7 \
	VADDPD t7, a4, a4 \
	VMULPD sin5a<>(SB), a1, t7 \
	VMULPD sin5b<>(SB), a2, t10 \
	VADDPD t10, t7, t7 \
	MULNEGI(t7, mask) \
	VADDPD t7, a4, t10 \
	VSUBPD t7, a4, a4 \
	VMULPD cos5b<>(SB), t5, t7 \
	VADDPD t7, a0, t7 \
	VMULPD cos5a<>(SB), t6, t11 \
	VADDPD t11, t7, t7 \
	VMULPD sin5b<>(SB), a1, t11 \
	VMULPD sin5a<>(SB), a2, t12 \
	VSUBPD t12, t11, t11 \
	MULNEGI(t11, mask) \
	VADDPD t11, t7, t12 \
	VSUBPD t11, t7, t7

// func pass2AVX(dst, src, tw []complex128, m, s int)
TEXT ·pass2AVX(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ tw_base+48(FP), DX
	MOVQ m+72(FP), R8
	MOVQ s+80(FP), R9
	MOVQ R9, R10
	SHLQ $4, R10
	MOVQ R8, R11
	IMULQ R10, R11
	MOVQ R10, R12
	IMULQ $1, R12
	VMOVUPD negi<>(SB), Y15
	CMPQ R9, $1
	JEQ pass2AVX_first

pass2AVX_k0:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass2AVX_k0tail
pass2AVX_k0pair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	DFT2(Y0, Y1, Y2)
	VMOVUPD Y2, (DI)
	VMOVUPD Y1, (DI)(R10*1)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass2AVX_k0pair
pass2AVX_k0tail:
	TESTQ $1, R9
	JZ pass2AVX_k0next
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	DFT2(X0, X1, X2)
	VMOVUPD X2, (DI)
	VMOVUPD X1, (DI)(R10*1)
	ADDQ $16, SI
	ADDQ $16, DI
pass2AVX_k0next:
	ADDQ R12, DI
	ADDQ $16, DX
	DECQ R8
	JZ pass2AVX_end
	JMP pass2AVX_k
pass2AVX_k:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass2AVX_ktail
pass2AVX_kpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	DFT2(Y0, Y1, Y2)
	VMOVUPD Y2, (DI)
	TWY(Y1, 0)
	VMOVUPD Y1, (DI)(R10*1)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass2AVX_kpair
pass2AVX_ktail:
	TESTQ $1, R9
	JZ pass2AVX_knext
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	DFT2(X0, X1, X2)
	VMOVUPD X2, (DI)
	TWX(X1, 0)
	VMOVUPD X1, (DI)(R10*1)
	ADDQ $16, SI
	ADDQ $16, DI
pass2AVX_knext:
	ADDQ R12, DI
	ADDQ $16, DX
	DECQ R8
	JZ pass2AVX_end
	JMP pass2AVX_k
// s = 1: two k at a time, inputs x_j[k, k+1] contiguous, the twiddles
// of k and k+1 joined, the outputs split into the groups of k and k+1;
// every k is multiplied by its twiddles, as in the Go loop.
pass2AVX_first:
	MOVQ R8, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	TESTQ CX, CX
	JZ pass2AVX_firsttail
pass2AVX_firstpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	DFT2(Y0, Y1, Y2)
	VMOVUPD X2, 0(DI)
	VEXTRACTF128 $1, Y2, 32(DI)
	VMOVUPD 0(DX), X13
	VINSERTF128 $1, 16(DX), Y13, Y13
	TWVY(Y1, Y13)
	VMOVUPD X1, 16(DI)
	VEXTRACTF128 $1, Y1, 48(DI)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $64, DI
	ADDQ $32, DX
	DECQ CX
	JNZ pass2AVX_firstpair
pass2AVX_firsttail:
	TESTQ $1, R8
	JZ pass2AVX_end
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	DFT2(X0, X1, X2)
	VMOVUPD X2, 0(DI)
	VMOVUPD 0(DX), X13
	TWVX(X1, X13)
	VMOVUPD X1, 16(DI)
pass2AVX_end:
	VZEROUPPER
	RET

// func pass3AVX(dst, src, tw []complex128, m, s int)
TEXT ·pass3AVX(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ tw_base+48(FP), DX
	MOVQ m+72(FP), R8
	MOVQ s+80(FP), R9
	MOVQ R9, R10
	SHLQ $4, R10
	MOVQ R8, R11
	IMULQ R10, R11
	MOVQ R10, R12
	IMULQ $2, R12
	VMOVUPD negi<>(SB), Y15
	CMPQ R9, $1
	JEQ pass3AVX_first

pass3AVX_k0:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass3AVX_k0tail
pass3AVX_k0pair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	DFT3(Y0, Y1, Y2, Y3, Y15)
	VMOVUPD Y0, (DI)
	VMOVUPD Y3, (DI)(R10*1)
	VMOVUPD Y2, (DI)(R10*2)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass3AVX_k0pair
pass3AVX_k0tail:
	TESTQ $1, R9
	JZ pass3AVX_k0next
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	DFT3(X0, X1, X2, X3, X15)
	VMOVUPD X0, (DI)
	VMOVUPD X3, (DI)(R10*1)
	VMOVUPD X2, (DI)(R10*2)
	ADDQ $16, SI
	ADDQ $16, DI
pass3AVX_k0next:
	ADDQ R12, DI
	ADDQ $32, DX
	DECQ R8
	JZ pass3AVX_end
	JMP pass3AVX_k
pass3AVX_k:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass3AVX_ktail
pass3AVX_kpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	DFT3(Y0, Y1, Y2, Y3, Y15)
	VMOVUPD Y0, (DI)
	TWY(Y3, 0)
	VMOVUPD Y3, (DI)(R10*1)
	TWY(Y2, 16)
	VMOVUPD Y2, (DI)(R10*2)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass3AVX_kpair
pass3AVX_ktail:
	TESTQ $1, R9
	JZ pass3AVX_knext
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	DFT3(X0, X1, X2, X3, X15)
	VMOVUPD X0, (DI)
	TWX(X3, 0)
	VMOVUPD X3, (DI)(R10*1)
	TWX(X2, 16)
	VMOVUPD X2, (DI)(R10*2)
	ADDQ $16, SI
	ADDQ $16, DI
pass3AVX_knext:
	ADDQ R12, DI
	ADDQ $32, DX
	DECQ R8
	JZ pass3AVX_end
	JMP pass3AVX_k
// s = 1: two k at a time, inputs x_j[k, k+1] contiguous, the twiddles
// of k and k+1 joined, the outputs split into the groups of k and k+1;
// every k is multiplied by its twiddles, as in the Go loop.
pass3AVX_first:
	MOVQ R8, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	TESTQ CX, CX
	JZ pass3AVX_firsttail
pass3AVX_firstpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	DFT3(Y0, Y1, Y2, Y3, Y15)
	VMOVUPD X0, 0(DI)
	VEXTRACTF128 $1, Y0, 48(DI)
	VMOVUPD 0(DX), X13
	VINSERTF128 $1, 32(DX), Y13, Y13
	TWVY(Y3, Y13)
	VMOVUPD X3, 16(DI)
	VEXTRACTF128 $1, Y3, 64(DI)
	VMOVUPD 16(DX), X13
	VINSERTF128 $1, 48(DX), Y13, Y13
	TWVY(Y2, Y13)
	VMOVUPD X2, 32(DI)
	VEXTRACTF128 $1, Y2, 80(DI)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $96, DI
	ADDQ $64, DX
	DECQ CX
	JNZ pass3AVX_firstpair
pass3AVX_firsttail:
	TESTQ $1, R8
	JZ pass3AVX_end
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	DFT3(X0, X1, X2, X3, X15)
	VMOVUPD X0, 0(DI)
	VMOVUPD 0(DX), X13
	TWVX(X3, X13)
	VMOVUPD X3, 16(DI)
	VMOVUPD 16(DX), X13
	TWVX(X2, X13)
	VMOVUPD X2, 32(DI)
pass3AVX_end:
	VZEROUPPER
	RET

// func pass4AVX(dst, src, tw []complex128, m, s int)
TEXT ·pass4AVX(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ tw_base+48(FP), DX
	MOVQ m+72(FP), R8
	MOVQ s+80(FP), R9
	MOVQ R9, R10
	SHLQ $4, R10
	MOVQ R8, R11
	IMULQ R10, R11
	MOVQ R10, R12
	IMULQ $3, R12
	VMOVUPD negi<>(SB), Y15
	CMPQ R9, $1
	JEQ pass4AVX_first

pass4AVX_k0:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass4AVX_k0tail
pass4AVX_k0pair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	VMOVUPD (AX)(R11*2), Y3
	DFT4(Y0, Y1, Y2, Y3, Y4, Y15)
	VMOVUPD Y3, (DI)
	VMOVUPD Y2, (DI)(R10*1)
	VMOVUPD Y4, (DI)(R10*2)
	VMOVUPD Y0, (BX)(R10*2)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass4AVX_k0pair
pass4AVX_k0tail:
	TESTQ $1, R9
	JZ pass4AVX_k0next
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	VMOVUPD (AX)(R11*2), X3
	DFT4(X0, X1, X2, X3, X4, X15)
	VMOVUPD X3, (DI)
	VMOVUPD X2, (DI)(R10*1)
	VMOVUPD X4, (DI)(R10*2)
	VMOVUPD X0, (BX)(R10*2)
	ADDQ $16, SI
	ADDQ $16, DI
pass4AVX_k0next:
	ADDQ R12, DI
	ADDQ $48, DX
	DECQ R8
	JZ pass4AVX_end
	JMP pass4AVX_k
pass4AVX_k:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass4AVX_ktail
pass4AVX_kpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	VMOVUPD (AX)(R11*2), Y3
	DFT4(Y0, Y1, Y2, Y3, Y4, Y15)
	VMOVUPD Y3, (DI)
	TWY(Y2, 0)
	VMOVUPD Y2, (DI)(R10*1)
	TWY(Y4, 16)
	VMOVUPD Y4, (DI)(R10*2)
	TWY(Y0, 32)
	VMOVUPD Y0, (BX)(R10*2)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass4AVX_kpair
pass4AVX_ktail:
	TESTQ $1, R9
	JZ pass4AVX_knext
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	VMOVUPD (AX)(R11*2), X3
	DFT4(X0, X1, X2, X3, X4, X15)
	VMOVUPD X3, (DI)
	TWX(X2, 0)
	VMOVUPD X2, (DI)(R10*1)
	TWX(X4, 16)
	VMOVUPD X4, (DI)(R10*2)
	TWX(X0, 32)
	VMOVUPD X0, (BX)(R10*2)
	ADDQ $16, SI
	ADDQ $16, DI
pass4AVX_knext:
	ADDQ R12, DI
	ADDQ $48, DX
	DECQ R8
	JZ pass4AVX_end
	JMP pass4AVX_k
// s = 1: two k at a time, inputs x_j[k, k+1] contiguous, the twiddles
// of k and k+1 joined, the outputs split into the groups of k and k+1;
// every k is multiplied by its twiddles, as in the Go loop.
pass4AVX_first:
	MOVQ R8, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	TESTQ CX, CX
	JZ pass4AVX_firsttail
pass4AVX_firstpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	VMOVUPD (AX)(R11*2), Y3
	DFT4(Y0, Y1, Y2, Y3, Y4, Y15)
	VMOVUPD X3, 0(DI)
	VEXTRACTF128 $1, Y3, 64(DI)
	VMOVUPD 0(DX), X13
	VINSERTF128 $1, 48(DX), Y13, Y13
	TWVY(Y2, Y13)
	VMOVUPD X2, 16(DI)
	VEXTRACTF128 $1, Y2, 80(DI)
	VMOVUPD 16(DX), X13
	VINSERTF128 $1, 64(DX), Y13, Y13
	TWVY(Y4, Y13)
	VMOVUPD X4, 32(DI)
	VEXTRACTF128 $1, Y4, 96(DI)
	VMOVUPD 32(DX), X13
	VINSERTF128 $1, 80(DX), Y13, Y13
	TWVY(Y0, Y13)
	VMOVUPD X0, 48(DI)
	VEXTRACTF128 $1, Y0, 112(DI)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $128, DI
	ADDQ $96, DX
	DECQ CX
	JNZ pass4AVX_firstpair
pass4AVX_firsttail:
	TESTQ $1, R8
	JZ pass4AVX_end
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	VMOVUPD (AX)(R11*2), X3
	DFT4(X0, X1, X2, X3, X4, X15)
	VMOVUPD X3, 0(DI)
	VMOVUPD 0(DX), X13
	TWVX(X2, X13)
	VMOVUPD X2, 16(DI)
	VMOVUPD 16(DX), X13
	TWVX(X4, X13)
	VMOVUPD X4, 32(DI)
	VMOVUPD 32(DX), X13
	TWVX(X0, X13)
	VMOVUPD X0, 48(DI)
pass4AVX_end:
	VZEROUPPER
	RET

// func pass5AVX(dst, src, tw []complex128, m, s int)
TEXT ·pass5AVX(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ tw_base+48(FP), DX
	MOVQ m+72(FP), R8
	MOVQ s+80(FP), R9
	MOVQ R9, R10
	SHLQ $4, R10
	MOVQ R8, R11
	IMULQ R10, R11
	MOVQ R10, R12
	IMULQ $4, R12
	VMOVUPD negi<>(SB), Y15
	CMPQ R9, $1
	JEQ pass5AVX_first

pass5AVX_k0:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass5AVX_k0tail
pass5AVX_k0pair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	VMOVUPD (AX)(R11*2), Y3
	VMOVUPD (SI)(R11*4), Y4
	DFT5(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y10, Y11, Y12, Y15)
	VMOVUPD Y3, (DI)
	VMOVUPD Y10, (DI)(R10*1)
	VMOVUPD Y12, (DI)(R10*2)
	VMOVUPD Y7, (BX)(R10*2)
	VMOVUPD Y4, (DI)(R10*4)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass5AVX_k0pair
pass5AVX_k0tail:
	TESTQ $1, R9
	JZ pass5AVX_k0next
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	VMOVUPD (AX)(R11*2), X3
	VMOVUPD (SI)(R11*4), X4
	DFT5(X0, X1, X2, X3, X4, X5, X6, X7, X10, X11, X12, X15)
	VMOVUPD X3, (DI)
	VMOVUPD X10, (DI)(R10*1)
	VMOVUPD X12, (DI)(R10*2)
	VMOVUPD X7, (BX)(R10*2)
	VMOVUPD X4, (DI)(R10*4)
	ADDQ $16, SI
	ADDQ $16, DI
pass5AVX_k0next:
	ADDQ R12, DI
	ADDQ $64, DX
	DECQ R8
	JZ pass5AVX_end
	JMP pass5AVX_k
pass5AVX_k:
	MOVQ R9, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	LEAQ (DI)(R10*1), BX
	TESTQ CX, CX
	JZ pass5AVX_ktail
pass5AVX_kpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	VMOVUPD (AX)(R11*2), Y3
	VMOVUPD (SI)(R11*4), Y4
	DFT5(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y10, Y11, Y12, Y15)
	VMOVUPD Y3, (DI)
	TWY(Y10, 0)
	VMOVUPD Y10, (DI)(R10*1)
	TWY(Y12, 16)
	VMOVUPD Y12, (DI)(R10*2)
	TWY(Y7, 32)
	VMOVUPD Y7, (BX)(R10*2)
	TWY(Y4, 48)
	VMOVUPD Y4, (DI)(R10*4)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $32, DI
	ADDQ $32, BX
	DECQ CX
	JNZ pass5AVX_kpair
pass5AVX_ktail:
	TESTQ $1, R9
	JZ pass5AVX_knext
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	VMOVUPD (AX)(R11*2), X3
	VMOVUPD (SI)(R11*4), X4
	DFT5(X0, X1, X2, X3, X4, X5, X6, X7, X10, X11, X12, X15)
	VMOVUPD X3, (DI)
	TWX(X10, 0)
	VMOVUPD X10, (DI)(R10*1)
	TWX(X12, 16)
	VMOVUPD X12, (DI)(R10*2)
	TWX(X7, 32)
	VMOVUPD X7, (BX)(R10*2)
	TWX(X4, 48)
	VMOVUPD X4, (DI)(R10*4)
	ADDQ $16, SI
	ADDQ $16, DI
pass5AVX_knext:
	ADDQ R12, DI
	ADDQ $64, DX
	DECQ R8
	JZ pass5AVX_end
	JMP pass5AVX_k
// s = 1: two k at a time, inputs x_j[k, k+1] contiguous, the twiddles
// of k and k+1 joined, the outputs split into the groups of k and k+1;
// every k is multiplied by its twiddles, as in the Go loop.
pass5AVX_first:
	MOVQ R8, CX
	SHRQ $1, CX
	LEAQ (SI)(R11*1), AX
	TESTQ CX, CX
	JZ pass5AVX_firsttail
pass5AVX_firstpair:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R11*1), Y1
	VMOVUPD (SI)(R11*2), Y2
	VMOVUPD (AX)(R11*2), Y3
	VMOVUPD (SI)(R11*4), Y4
	DFT5(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y10, Y11, Y12, Y15)
	VMOVUPD X3, 0(DI)
	VEXTRACTF128 $1, Y3, 80(DI)
	VMOVUPD 0(DX), X13
	VINSERTF128 $1, 64(DX), Y13, Y13
	TWVY(Y10, Y13)
	VMOVUPD X10, 16(DI)
	VEXTRACTF128 $1, Y10, 96(DI)
	VMOVUPD 16(DX), X13
	VINSERTF128 $1, 80(DX), Y13, Y13
	TWVY(Y12, Y13)
	VMOVUPD X12, 32(DI)
	VEXTRACTF128 $1, Y12, 112(DI)
	VMOVUPD 32(DX), X13
	VINSERTF128 $1, 96(DX), Y13, Y13
	TWVY(Y7, Y13)
	VMOVUPD X7, 48(DI)
	VEXTRACTF128 $1, Y7, 128(DI)
	VMOVUPD 48(DX), X13
	VINSERTF128 $1, 112(DX), Y13, Y13
	TWVY(Y4, Y13)
	VMOVUPD X4, 64(DI)
	VEXTRACTF128 $1, Y4, 144(DI)
	ADDQ $32, SI
	ADDQ $32, AX
	ADDQ $160, DI
	ADDQ $128, DX
	DECQ CX
	JNZ pass5AVX_firstpair
pass5AVX_firsttail:
	TESTQ $1, R8
	JZ pass5AVX_end
	VMOVUPD (SI), X0
	VMOVUPD (SI)(R11*1), X1
	VMOVUPD (SI)(R11*2), X2
	VMOVUPD (AX)(R11*2), X3
	VMOVUPD (SI)(R11*4), X4
	DFT5(X0, X1, X2, X3, X4, X5, X6, X7, X10, X11, X12, X15)
	VMOVUPD X3, 0(DI)
	VMOVUPD 0(DX), X13
	TWVX(X10, X13)
	VMOVUPD X10, 16(DI)
	VMOVUPD 16(DX), X13
	TWVX(X12, X13)
	VMOVUPD X12, 32(DI)
	VMOVUPD 32(DX), X13
	TWVX(X7, X13)
	VMOVUPD X7, 48(DI)
	VMOVUPD 48(DX), X13
	TWVX(X4, X13)
	VMOVUPD X4, 64(DI)
pass5AVX_end:
	VZEROUPPER
	RET
