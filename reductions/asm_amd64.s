//go:build amd64 && !noasm

#include "textflag.h"

// func addTo(dst, src []float64)
TEXT ·addTo(SB), NOSPLIT, $0-48
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

// func shiftedSums(x []float64, k float64) (s1, s2 float64)
TEXT ·shiftedSums(SB), NOSPLIT, $0-48
	MOVQ     x_base+0(FP), SI
	MOVQ     x_len+8(FP), CX
	MOVSD    k+24(FP), X12
	UNPCKLPD X12, X12
	XORPS    X0, X0
	XORPS    X1, X1
	XORPS    X2, X2
	XORPS    X3, X3
	XORQ     AX, AX
	MOVQ     CX, DX
	ANDQ     $-4, DX
	JZ       tail

loop4:
	MOVUPD (SI)(AX*8), X8
	MOVUPD 16(SI)(AX*8), X9
	SUBPD  X12, X8
	SUBPD  X12, X9
	ADDPD  X8, X0
	ADDPD  X9, X1
	MULPD  X8, X8
	MULPD  X9, X9
	ADDPD  X8, X2
	ADDPD  X9, X3
	ADDQ   $4, AX
	CMPQ   AX, DX
	JL     loop4

tail:
	CMPQ  AX, CX
	JGE   done
	MOVSD (SI)(AX*8), X8
	SUBSD X12, X8
	ADDSD X8, X0
	MULSD X8, X8
	ADDSD X8, X2
	INCQ  AX
	JMP   tail

done:
	ADDPD    X1, X0
	ADDPD    X3, X2
	MOVAPD   X0, X1
	UNPCKHPD X1, X1
	ADDSD    X1, X0
	MOVAPD   X2, X3
	UNPCKHPD X3, X3
	ADDSD    X3, X2
	MOVSD    X0, s1+32(FP)
	MOVSD    X2, s2+40(FP)
	RET

// func add4To(dst, a, b, c, d []float64)
TEXT ·add4To(SB), NOSPLIT, $0-120
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
TEXT ·sum(SB), NOSPLIT, $0-32
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

// func add8To(dst, a, b, c, d, e, f, g, h []float64)
TEXT ·add8To(SB), NOSPLIT, $0-216
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
	XORQ AX, AX
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
