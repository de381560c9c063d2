//go:build amd64 && !noasm

#include "textflag.h"

// func addToSSE2(dst, src []float64)
TEXT ·addToSSE2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	XORQ AX, AX
	MOVQ CX, DX
	ANDQ $-8, DX
	JZ   tail

loop8:
	MOVUPD (SI)(AX*8), X0
	MOVUPD 16(SI)(AX*8), X1
	MOVUPD 32(SI)(AX*8), X2
	MOVUPD 48(SI)(AX*8), X3
	MOVUPD (DI)(AX*8), X4
	MOVUPD 16(DI)(AX*8), X5
	MOVUPD 32(DI)(AX*8), X6
	MOVUPD 48(DI)(AX*8), X7
	ADDPD  X4, X0
	ADDPD  X5, X1
	ADDPD  X6, X2
	ADDPD  X7, X3
	MOVUPD X0, (DI)(AX*8)
	MOVUPD X1, 16(DI)(AX*8)
	MOVUPD X2, 32(DI)(AX*8)
	MOVUPD X3, 48(DI)(AX*8)
	ADDQ   $8, AX
	CMPQ   AX, DX
	JL     loop8

tail:
	CMPQ  AX, CX
	JGE   done
	MOVSD (SI)(AX*8), X0
	ADDSD (DI)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ  AX
	JMP   tail

done:
	RET

// SHIFT2 adds the deviations from k (X12) of the two elements at byte
// offset off from SI to A, and their squares to B, using T.
#define SHIFT2(off, T, A, B) \
	MOVUPD off(SI), T; \
	SUBPD  X12, T; \
	ADDPD  T, A; \
	MULPD  T, T; \
	ADDPD  T, B

// SHIFT4Y is SHIFT2 for four elements in Y registers (k in Y12).
#define SHIFT4Y(off, T, A, B) \
	VMOVUPD off(SI), T; \
	VSUBPD  Y12, T, T; \
	VADDPD  T, A, A; \
	VMULPD  T, T, T; \
	VADDPD  T, B, B

// func shiftedSums(x []float64, k float64) (s1, s2 float64)
//
// Eight interleaved partial sums each (lane j holds elements j, j+8, …),
// folded by halves — j with j+4, then j+2, j+1 — on every path, then the
// tail added in order: the bits of shiftedSumsGo.
TEXT ·ShiftedSums(SB), NOSPLIT, $0-48
	MOVQ     x_base+0(FP), SI
	MOVQ     x_len+8(FP), CX
	MOVSD    k+24(FP), X12
	UNPCKLPD X12, X12
	CMPB     ·simdLevel(SB), $1
	JGE      shiftavx2

	// SSE2: X0 … X3 hold the deviation partials (pairs), X4 … X7 the
	// squares.
	XORPS X0, X0
	XORPS X1, X1
	XORPS X2, X2
	XORPS X3, X3
	XORPS X4, X4
	XORPS X5, X5
	XORPS X6, X6
	XORPS X7, X7
	CMPQ  CX, $8
	JL    shiftfold

shiftloop:
	SHIFT2(0, X8, X0, X4)
	SHIFT2(16, X9, X1, X5)
	SHIFT2(32, X10, X2, X6)
	SHIFT2(48, X11, X3, X7)
	ADDQ $64, SI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE  shiftloop

shiftfold:
	ADDPD    X2, X0
	ADDPD    X3, X1
	ADDPD    X1, X0
	MOVAPD   X0, X1
	UNPCKHPD X1, X1
	ADDSD    X1, X0
	ADDPD    X6, X4
	ADDPD    X7, X5
	ADDPD    X5, X4
	MOVAPD   X4, X5
	UNPCKHPD X5, X5
	ADDSD    X5, X4
	JMP      shifttail

	// AVX2: Y0, Y1 hold the deviation partials, Y2, Y3 the squares.
shiftavx2:
	VBROADCASTSD X12, Y12
	VXORPD       X0, X0, X0
	VXORPD       X1, X1, X1
	VXORPD       X2, X2, X2
	VXORPD       X3, X3, X3
	CMPQ         CX, $8
	JL           shiftfoldy

shiftloopy:
	SHIFT4Y(0, Y8, Y0, Y2)
	SHIFT4Y(32, Y9, Y1, Y3)
	ADDQ $64, SI
	SUBQ $8, CX
	CMPQ CX, $8
	JGE  shiftloopy

shiftfoldy:
	VADDPD       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VUNPCKHPD    X0, X0, X1
	VADDSD       X1, X0, X0
	VADDPD       Y3, Y2, Y2
	VEXTRACTF128 $1, Y2, X3
	VADDPD       X3, X2, X4
	VUNPCKHPD    X4, X4, X5
	VADDSD       X5, X4, X4
	VZEROUPPER

shifttail:
	TESTQ CX, CX
	JE    shiftdone

shifttailloop:
	MOVSD (SI), X8
	SUBSD X12, X8
	ADDSD X8, X0
	MULSD X8, X8
	ADDSD X8, X4
	ADDQ  $8, SI
	DECQ  CX
	JNE   shifttailloop

shiftdone:
	MOVSD X0, s1+32(FP)
	MOVSD X4, s2+40(FP)
	RET

// func add4To(dst, a, b, c, d []float64)
TEXT ·Add4To(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), R8
	MOVQ c_base+72(FP), R9
	MOVQ d_base+96(FP), R10
	XORQ AX, AX
	MOVQ CX, DX
	ANDQ $-4, DX
	JZ   tail4

loop4:
	MOVUPD (SI)(AX*8), X0
	MOVUPD 16(SI)(AX*8), X1
	MOVUPD (R8)(AX*8), X2
	MOVUPD 16(R8)(AX*8), X3
	ADDPD  X2, X0
	ADDPD  X3, X1
	MOVUPD (R9)(AX*8), X4
	MOVUPD 16(R9)(AX*8), X5
	MOVUPD (R10)(AX*8), X6
	MOVUPD 16(R10)(AX*8), X7
	ADDPD  X6, X4
	ADDPD  X7, X5
	ADDPD  X4, X0
	ADDPD  X5, X1
	MOVUPD (DI)(AX*8), X8
	MOVUPD 16(DI)(AX*8), X9
	ADDPD  X8, X0
	ADDPD  X9, X1
	MOVUPD X0, (DI)(AX*8)
	MOVUPD X1, 16(DI)(AX*8)
	ADDQ   $4, AX
	CMPQ   AX, DX
	JL     loop4

tail4:
	CMPQ  AX, CX
	JGE   done4
	MOVSD (SI)(AX*8), X0
	ADDSD (R8)(AX*8), X0
	MOVSD (R9)(AX*8), X4
	ADDSD (R10)(AX*8), X4
	ADDSD X4, X0
	ADDSD (DI)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ  AX
	JMP   tail4

done4:
	RET

// func sum(x []float64) float64
TEXT ·Sum(SB), NOSPLIT, $0-32
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	XORPD  X0, X0
	XORPD  X1, X1
	XORPD  X2, X2
	XORPD  X3, X3
	CMPQ   CX, $8
	JL     sumfold

sumloop:
	MOVUPD 0(SI), X4
	MOVUPD 16(SI), X5
	MOVUPD 32(SI), X6
	MOVUPD 48(SI), X7
	ADDPD  X4, X0
	ADDPD  X5, X1
	ADDPD  X6, X2
	ADDPD  X7, X3
	ADDQ   $64, SI
	SUBQ   $8, CX
	CMPQ   CX, $8
	JGE    sumloop

sumfold:
	ADDPD    X1, X0
	ADDPD    X3, X2
	ADDPD    X2, X0
	MOVAPD   X0, X1
	UNPCKHPD X1, X1
	ADDSD    X1, X0
	TESTQ    CX, CX
	JE       sumdone

sumtail:
	ADDSD (SI), X0
	ADDQ  $8, SI
	DECQ  CX
	JNE   sumtail

sumdone:
	MOVSD X0, ret+24(FP)
	RET

// ADD8PAIR adds ((a+b)+(c+d))+((e+f)+(g+h)) to dst for the two elements
// at byte offset off from element AX (registers as in add8To).
#define ADD8PAIR(off) \
	MOVUPD off(SI)(AX*8), X0; \
	MOVUPD off(R8)(AX*8), X1; \
	MOVUPD off(R9)(AX*8), X2; \
	MOVUPD off(R10)(AX*8), X3; \
	ADDPD  X1, X0; \
	ADDPD  X3, X2; \
	MOVUPD off(R11)(AX*8), X4; \
	MOVUPD off(R12)(AX*8), X5; \
	MOVUPD off(R13)(AX*8), X6; \
	MOVUPD off(BX)(AX*8), X7; \
	ADDPD  X5, X4; \
	ADDPD  X7, X6; \
	ADDPD  X2, X0; \
	ADDPD  X6, X4; \
	ADDPD  X4, X0; \
	MOVUPD off(DI)(AX*8), X8; \
	ADDPD  X8, X0; \
	MOVUPD X0, off(DI)(AX*8)

// VADD8 is ADD8PAIR for the vector width of its registers (Y: four
// elements, Z: eight), with the same order of additions.
#define VADD8(off, V0, V1, V2, V3) \
	VMOVUPD off(SI)(AX*8), V0; \
	VADDPD  off(R8)(AX*8), V0, V0; \
	VMOVUPD off(R9)(AX*8), V1; \
	VADDPD  off(R10)(AX*8), V1, V1; \
	VMOVUPD off(R11)(AX*8), V2; \
	VADDPD  off(R12)(AX*8), V2, V2; \
	VMOVUPD off(R13)(AX*8), V3; \
	VADDPD  off(BX)(AX*8), V3, V3; \
	VADDPD  V1, V0, V0; \
	VADDPD  V3, V2, V2; \
	VADDPD  V2, V0, V0; \
	VADDPD  off(DI)(AX*8), V0, V0; \
	VMOVUPD V0, off(DI)(AX*8)

// PREFETCH8 hints the line off bytes past element AX of each of the
// eight rows.
#define PREFETCH8(off) \
	PREFETCHNTA off(SI)(AX*8); \
	PREFETCHNTA off(R8)(AX*8); \
	PREFETCHNTA off(R9)(AX*8); \
	PREFETCHNTA off(R10)(AX*8); \
	PREFETCHNTA off(R11)(AX*8); \
	PREFETCHNTA off(R12)(AX*8); \
	PREFETCHNTA off(R13)(AX*8); \
	PREFETCHNTA off(BX)(AX*8)

// func add8To(dst, a, b, c, d, e, f, g, h []float64)
TEXT ·Add8To(SB), NOSPLIT, $0-216
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), R8
	MOVQ c_base+72(FP), R9
	MOVQ d_base+96(FP), R10
	MOVQ e_base+120(FP), R11
	MOVQ f_base+144(FP), R12
	MOVQ g_base+168(FP), R13
	MOVQ h_base+192(FP), BX

	// Rows b to h of the next eight (if the rows are evenly spaced, as a
	// chunk's are): their first KiB is not covered by the in-row hints
	// below, which run past each row's end into the following row.
	MOVQ R8, R15
	SUBQ SI, R15
	SHLQ $3, R15
	PREFETCHT0 0(R8)(R15*1)
	PREFETCHT0 64(R8)(R15*1)
	PREFETCHT0 128(R8)(R15*1)
	PREFETCHT0 192(R8)(R15*1)
	PREFETCHT0 256(R8)(R15*1)
	PREFETCHT0 320(R8)(R15*1)
	PREFETCHT0 384(R8)(R15*1)
	PREFETCHT0 448(R8)(R15*1)
	PREFETCHT0 512(R8)(R15*1)
	PREFETCHT0 576(R8)(R15*1)
	PREFETCHT0 640(R8)(R15*1)
	PREFETCHT0 704(R8)(R15*1)
	PREFETCHT0 768(R8)(R15*1)
	PREFETCHT0 832(R8)(R15*1)
	PREFETCHT0 896(R8)(R15*1)
	PREFETCHT0 960(R8)(R15*1)
	PREFETCHT0 0(R9)(R15*1)
	PREFETCHT0 64(R9)(R15*1)
	PREFETCHT0 128(R9)(R15*1)
	PREFETCHT0 192(R9)(R15*1)
	PREFETCHT0 256(R9)(R15*1)
	PREFETCHT0 320(R9)(R15*1)
	PREFETCHT0 384(R9)(R15*1)
	PREFETCHT0 448(R9)(R15*1)
	PREFETCHT0 512(R9)(R15*1)
	PREFETCHT0 576(R9)(R15*1)
	PREFETCHT0 640(R9)(R15*1)
	PREFETCHT0 704(R9)(R15*1)
	PREFETCHT0 768(R9)(R15*1)
	PREFETCHT0 832(R9)(R15*1)
	PREFETCHT0 896(R9)(R15*1)
	PREFETCHT0 960(R9)(R15*1)
	PREFETCHT0 0(R10)(R15*1)
	PREFETCHT0 64(R10)(R15*1)
	PREFETCHT0 128(R10)(R15*1)
	PREFETCHT0 192(R10)(R15*1)
	PREFETCHT0 256(R10)(R15*1)
	PREFETCHT0 320(R10)(R15*1)
	PREFETCHT0 384(R10)(R15*1)
	PREFETCHT0 448(R10)(R15*1)
	PREFETCHT0 512(R10)(R15*1)
	PREFETCHT0 576(R10)(R15*1)
	PREFETCHT0 640(R10)(R15*1)
	PREFETCHT0 704(R10)(R15*1)
	PREFETCHT0 768(R10)(R15*1)
	PREFETCHT0 832(R10)(R15*1)
	PREFETCHT0 896(R10)(R15*1)
	PREFETCHT0 960(R10)(R15*1)
	PREFETCHT0 0(R11)(R15*1)
	PREFETCHT0 64(R11)(R15*1)
	PREFETCHT0 128(R11)(R15*1)
	PREFETCHT0 192(R11)(R15*1)
	PREFETCHT0 256(R11)(R15*1)
	PREFETCHT0 320(R11)(R15*1)
	PREFETCHT0 384(R11)(R15*1)
	PREFETCHT0 448(R11)(R15*1)
	PREFETCHT0 512(R11)(R15*1)
	PREFETCHT0 576(R11)(R15*1)
	PREFETCHT0 640(R11)(R15*1)
	PREFETCHT0 704(R11)(R15*1)
	PREFETCHT0 768(R11)(R15*1)
	PREFETCHT0 832(R11)(R15*1)
	PREFETCHT0 896(R11)(R15*1)
	PREFETCHT0 960(R11)(R15*1)
	PREFETCHT0 0(R12)(R15*1)
	PREFETCHT0 64(R12)(R15*1)
	PREFETCHT0 128(R12)(R15*1)
	PREFETCHT0 192(R12)(R15*1)
	PREFETCHT0 256(R12)(R15*1)
	PREFETCHT0 320(R12)(R15*1)
	PREFETCHT0 384(R12)(R15*1)
	PREFETCHT0 448(R12)(R15*1)
	PREFETCHT0 512(R12)(R15*1)
	PREFETCHT0 576(R12)(R15*1)
	PREFETCHT0 640(R12)(R15*1)
	PREFETCHT0 704(R12)(R15*1)
	PREFETCHT0 768(R12)(R15*1)
	PREFETCHT0 832(R12)(R15*1)
	PREFETCHT0 896(R12)(R15*1)
	PREFETCHT0 960(R12)(R15*1)
	PREFETCHT0 0(R13)(R15*1)
	PREFETCHT0 64(R13)(R15*1)
	PREFETCHT0 128(R13)(R15*1)
	PREFETCHT0 192(R13)(R15*1)
	PREFETCHT0 256(R13)(R15*1)
	PREFETCHT0 320(R13)(R15*1)
	PREFETCHT0 384(R13)(R15*1)
	PREFETCHT0 448(R13)(R15*1)
	PREFETCHT0 512(R13)(R15*1)
	PREFETCHT0 576(R13)(R15*1)
	PREFETCHT0 640(R13)(R15*1)
	PREFETCHT0 704(R13)(R15*1)
	PREFETCHT0 768(R13)(R15*1)
	PREFETCHT0 832(R13)(R15*1)
	PREFETCHT0 896(R13)(R15*1)
	PREFETCHT0 960(R13)(R15*1)
	PREFETCHT0 0(BX)(R15*1)
	PREFETCHT0 64(BX)(R15*1)
	PREFETCHT0 128(BX)(R15*1)
	PREFETCHT0 192(BX)(R15*1)
	PREFETCHT0 256(BX)(R15*1)
	PREFETCHT0 320(BX)(R15*1)
	PREFETCHT0 384(BX)(R15*1)
	PREFETCHT0 448(BX)(R15*1)
	PREFETCHT0 512(BX)(R15*1)
	PREFETCHT0 576(BX)(R15*1)
	PREFETCHT0 640(BX)(R15*1)
	PREFETCHT0 704(BX)(R15*1)
	PREFETCHT0 768(BX)(R15*1)
	PREFETCHT0 832(BX)(R15*1)
	PREFETCHT0 896(BX)(R15*1)
	PREFETCHT0 960(BX)(R15*1)

	XORQ AX, AX
	CMPB ·simdLevel(SB), $2
	JEQ  add8z
	CMPB ·simdLevel(SB), $1
	JEQ  add8y
	MOVQ CX, R14
	ANDQ $-8, R14
	JZ   pairs8

	// Eight elements (a cache line of each row) per pass, asking for the
	// line 1 KiB ahead in each of the eight rows: eight concurrent
	// streams outrun the hardware prefetcher, which leaves column sums
	// well short of a plain sum's bandwidth without the hints.
lines8:
	PREFETCHT0 1024(SI)(AX*8)
	PREFETCHT0 1024(R8)(AX*8)
	PREFETCHT0 1024(R9)(AX*8)
	PREFETCHT0 1024(R10)(AX*8)
	PREFETCHT0 1024(R11)(AX*8)
	PREFETCHT0 1024(R12)(AX*8)
	PREFETCHT0 1024(R13)(AX*8)
	PREFETCHT0 1024(BX)(AX*8)
	ADD8PAIR(0)
	ADD8PAIR(16)
	ADD8PAIR(32)
	ADD8PAIR(48)
	ADDQ $8, AX
	CMPQ AX, R14
	JL   lines8
	JMP  pairs8

	// AVX-512: sixteen elements (two lines of each row) per pass.
add8z:
	MOVQ CX, R14
	ANDQ $-16, R14
	JZ   pairs8

lines16z:
	PREFETCH8(1024)
	PREFETCH8(1088)
	VADD8(0, Z0, Z1, Z2, Z3)
	VADD8(64, Z4, Z5, Z6, Z7)
	ADDQ $16, AX
	CMPQ AX, R14
	JL   lines16z
	VZEROUPPER
	JMP  pairs8

	// AVX2: eight elements (a line of each row) per pass.
add8y:
	MOVQ CX, R14
	ANDQ $-8, R14
	JZ   pairs8

lines8y:
	PREFETCH8(1024)
	VADD8(0, Y0, Y1, Y2, Y3)
	VADD8(32, Y4, Y5, Y6, Y7)
	ADDQ $8, AX
	CMPQ AX, R14
	JL   lines8y
	VZEROUPPER

pairs8:
	MOVQ CX, DX
	ANDQ $-2, DX
	CMPQ AX, DX
	JGE  tail8

loop8:
	ADD8PAIR(0)
	ADDQ   $2, AX
	CMPQ   AX, DX
	JL     loop8

tail8:
	CMPQ  AX, CX
	JGE   done8
	MOVSD (SI)(AX*8), X0
	ADDSD (R8)(AX*8), X0
	MOVSD (R9)(AX*8), X2
	ADDSD (R10)(AX*8), X2
	MOVSD (R11)(AX*8), X4
	ADDSD (R12)(AX*8), X4
	MOVSD (R13)(AX*8), X6
	ADDSD (BX)(AX*8), X6
	ADDSD X2, X0
	ADDSD X6, X4
	ADDSD X4, X0
	ADDSD (DI)(AX*8), X0
	MOVSD X0, (DI)(AX*8)
	INCQ  AX
	JMP   tail8

done8:
	RET
