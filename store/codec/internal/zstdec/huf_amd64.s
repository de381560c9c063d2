//go:build amd64 && !noasm

#include "textflag.h"

// DEC decodes one symbol of the stream in word and used to dst, with the
// cells at SI. Clobbers AX.
#define DEC(word, used, dst) \
	SHLXQ   used, word, AX \
	SHRQ    $53, AX \
	MOVWQZX (SI)(AX*2), AX \
	MOVB    AL, dst \
	SHRL    $8, AX \
	ADDQ    AX, used

// REFILL moves a stream's position p (at slot of the stack) down by the
// whole bytes used and reloads its word.
#define REFILL(word, used, slot) \
	MOVQ used, AX \
	SHRQ $3, AX \
	SUBQ AX, slot(SP) \
	ANDQ $7, used \
	MOVQ slot(SP), AX \
	MOVQ (AX), word

// Stack: 0, 8, 16, 24 the streams' positions (in+ptr); 32, 40, 48, 56
// their lowest allowed positions (in+8).
//
// Registers: R8-R11 the words, R12 R13 R14 BX the used counts, SI the
// cells, DI out+i, DX out+2q+i, CX q.

// func huf4Loop(out *byte, q, n int, cells *[2048]uint16, st *[4]hufStream) int
TEXT ·huf4Loop(SB), NOSPLIT, $64-48
	MOVQ st+32(FP), AX
	MOVQ 0(AX), R8
	MOVQ 8(AX), R12
	MOVQ 32(AX), R9
	MOVQ 40(AX), R13
	MOVQ 64(AX), R10
	MOVQ 72(AX), R14
	MOVQ 96(AX), R11
	MOVQ 104(AX), BX
	MOVQ 24(AX), CX
	LEAQ 8(CX), DX
	MOVQ DX, 32(SP)
	ADDQ 16(AX), CX
	MOVQ CX, 0(SP)
	MOVQ 56(AX), CX
	LEAQ 8(CX), DX
	MOVQ DX, 40(SP)
	ADDQ 48(AX), CX
	MOVQ CX, 8(SP)
	MOVQ 88(AX), CX
	LEAQ 8(CX), DX
	MOVQ DX, 48(SP)
	ADDQ 80(AX), CX
	MOVQ CX, 16(SP)
	MOVQ 120(AX), CX
	LEAQ 8(CX), DX
	MOVQ DX, 56(SP)
	ADDQ 112(AX), CX
	MOVQ CX, 24(SP)

	MOVQ out+0(FP), DI
	MOVQ q+8(FP), CX
	LEAQ (DI)(CX*2), DX
	MOVQ cells+24(FP), SI

loop:
	// Stop when a stream has fewer than 5 symbols to go...
	MOVQ n+16(FP), AX
	ADDQ out+0(FP), AX
	SUBQ $5, AX
	CMPQ DI, AX
	JHI  done
	// ...or fewer than 8 bytes below its word.
	MOVQ 0(SP), AX
	CMPQ AX, 32(SP)
	JCS  done
	MOVQ 8(SP), AX
	CMPQ AX, 40(SP)
	JCS  done
	MOVQ 16(SP), AX
	CMPQ AX, 48(SP)
	JCS  done
	MOVQ 24(SP), AX
	CMPQ AX, 56(SP)
	JCS  done

	REFILL(R8, R12, 0)
	REFILL(R9, R13, 8)
	REFILL(R10, R14, 16)
	REFILL(R11, BX, 24)

	DEC(R8, R12, 0(DI))
	DEC(R9, R13, 0(DI)(CX*1))
	DEC(R10, R14, 0(DX))
	DEC(R11, BX, 0(DX)(CX*1))
	DEC(R8, R12, 1(DI))
	DEC(R9, R13, 1(DI)(CX*1))
	DEC(R10, R14, 1(DX))
	DEC(R11, BX, 1(DX)(CX*1))
	DEC(R8, R12, 2(DI))
	DEC(R9, R13, 2(DI)(CX*1))
	DEC(R10, R14, 2(DX))
	DEC(R11, BX, 2(DX)(CX*1))
	DEC(R8, R12, 3(DI))
	DEC(R9, R13, 3(DI)(CX*1))
	DEC(R10, R14, 3(DX))
	DEC(R11, BX, 3(DX)(CX*1))
	DEC(R8, R12, 4(DI))
	DEC(R9, R13, 4(DI)(CX*1))
	DEC(R10, R14, 4(DX))
	DEC(R11, BX, 4(DX)(CX*1))
	ADDQ $5, DI
	ADDQ $5, DX
	JMP  loop

done:
	MOVQ st+32(FP), AX
	MOVQ R8, 0(AX)
	MOVQ R12, 8(AX)
	MOVQ 0(SP), CX
	SUBQ 24(AX), CX
	MOVQ CX, 16(AX)
	MOVQ R9, 32(AX)
	MOVQ R13, 40(AX)
	MOVQ 8(SP), CX
	SUBQ 56(AX), CX
	MOVQ CX, 48(AX)
	MOVQ R10, 64(AX)
	MOVQ R14, 72(AX)
	MOVQ 16(SP), CX
	SUBQ 88(AX), CX
	MOVQ CX, 80(AX)
	MOVQ R11, 96(AX)
	MOVQ BX, 104(AX)
	MOVQ 24(SP), CX
	SUBQ 120(AX), CX
	MOVQ CX, 112(AX)
	SUBQ out+0(FP), DI
	MOVQ DI, ret+40(FP)
	RET
