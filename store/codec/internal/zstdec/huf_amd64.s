//go:build amd64 && !noasm

#include "go_asm.h"
#include "textflag.h"

// Each stream is held in two registers: ip points at the eight bytes
// of its current word, and bits holds that word shifted left by the
// bits consumed, with a sentinel: bit 0 of the word is set before the
// shift, so the trailing zeros count the bits consumed. (The word's bit
// 0 is never consumed before a refill loads it again higher up: a
// refill leaves at least 56 bits above the sentinel, and a round takes
// at most 5*11.)
//
// Table cells hold the code length in their low byte, the symbol in
// their high byte.

// DEC decodes one symbol of bits to dst (addressed without REX
// registers, for AH). Clobbers AX.
#define DEC(bits, dst) \
	MOVQ    bits, AX \
	SHRQ    $53, AX \
	MOVWLZX (SI)(AX*2), AX \
	SHLXQ   AX, bits, bits \
	MOVB    AH, dst

// REFILL moves ip down by the whole bytes consumed and reloads bits.
// Clobbers AX and BX.
#define REFILL(bits, ip) \
	TZCNTQ bits, AX \
	MOVQ   AX, BX \
	SHRQ   $3, AX \
	SUBQ   AX, ip \
	MOVQ   (ip), bits \
	ORQ    $1, bits \
	ANDQ   $7, BX \
	SHLXQ  BX, bits, bits

// ENTER loads stream k (at offset off of the hufStream array in AX)
// into bits and ip.
#define ENTER(off, bits, ip) \
	MOVQ  off+24(AX), ip \
	ADDQ  off+16(AX), ip \
	MOVQ  off+8(AX), BX \
	MOVQ  off+0(AX), bits \
	ORQ   $1, bits \
	SHLXQ BX, bits, bits

// LEAVE stores stream k back: its word, bits used and position.
#define LEAVE(off, bits, ip) \
	TZCNTQ bits, BX \
	MOVQ   BX, off+8(AX) \
	MOVQ   (ip), BX \
	MOVQ   BX, off+0(AX) \
	MOVQ   ip, BX \
	SUBQ   off+24(AX), BX \
	MOVQ   BX, off+16(AX)

// ROOM lowers BX to the double rounds stream k can refill for: a
// refill moves ip down at most 7 bytes, and it must stay at or above in.
#define ROOM(off, ip) \
	MOVQ    ip, AX \
	SUBQ    off+24(CX), AX \
	SHRQ    $4, AX \
	CMPQ    AX, BX \
	CMOVQLT AX, BX

// Registers: R8-R11 the streams' bits, R12-R15 their ip, SI the cells,
// DI out+i, DX out+2q+i, CX q. Stack: 0 the double rounds left (of
// five symbols per stream, twice), 8 those of the current run, 16 CX
// saved.

// func huf4Loop(out *byte, q, groups int, cells *[2048]uint16, st *[4]hufStream) int
TEXT ·huf4Loop(SB), NOSPLIT, $24-48
	MOVQ st+32(FP), AX
	ENTER(0, R8, R12)
	ENTER(32, R9, R13)
	ENTER(64, R10, R14)
	ENTER(96, R11, R15)
	MOVQ groups+16(FP), BX
	MOVQ BX, 0(SP)
	MOVQ out+0(FP), DI
	MOVQ q+8(FP), CX
	LEAQ (DI)(CX*2), DX
	MOVQ cells+24(FP), SI

run:
	// The rounds every stream has room for, at most those left.
	MOVQ  0(SP), BX
	MOVQ  CX, 16(SP)
	MOVQ  st+32(FP), CX
	ROOM(0, R12)
	ROOM(32, R13)
	ROOM(64, R14)
	ROOM(96, R15)
	MOVQ  16(SP), CX
	TESTQ BX, BX
	JLE   done
	SUBQ  BX, 0(SP)
	MOVQ  BX, 8(SP)

round:
	REFILL(R8, R12)
	REFILL(R9, R13)
	REFILL(R10, R14)
	REFILL(R11, R15)
	DEC(R8, 0(DI))
	DEC(R9, 0(DI)(CX*1))
	DEC(R10, 0(DX))
	DEC(R11, 0(DX)(CX*1))
	DEC(R8, 1(DI))
	DEC(R9, 1(DI)(CX*1))
	DEC(R10, 1(DX))
	DEC(R11, 1(DX)(CX*1))
	DEC(R8, 2(DI))
	DEC(R9, 2(DI)(CX*1))
	DEC(R10, 2(DX))
	DEC(R11, 2(DX)(CX*1))
	DEC(R8, 3(DI))
	DEC(R9, 3(DI)(CX*1))
	DEC(R10, 3(DX))
	DEC(R11, 3(DX)(CX*1))
	DEC(R8, 4(DI))
	DEC(R9, 4(DI)(CX*1))
	DEC(R10, 4(DX))
	DEC(R11, 4(DX)(CX*1))
	REFILL(R8, R12)
	REFILL(R9, R13)
	REFILL(R10, R14)
	REFILL(R11, R15)
	DEC(R8, 5(DI))
	DEC(R9, 5(DI)(CX*1))
	DEC(R10, 5(DX))
	DEC(R11, 5(DX)(CX*1))
	DEC(R8, 6(DI))
	DEC(R9, 6(DI)(CX*1))
	DEC(R10, 6(DX))
	DEC(R11, 6(DX)(CX*1))
	DEC(R8, 7(DI))
	DEC(R9, 7(DI)(CX*1))
	DEC(R10, 7(DX))
	DEC(R11, 7(DX)(CX*1))
	DEC(R8, 8(DI))
	DEC(R9, 8(DI)(CX*1))
	DEC(R10, 8(DX))
	DEC(R11, 8(DX)(CX*1))
	DEC(R8, 9(DI))
	DEC(R9, 9(DI)(CX*1))
	DEC(R10, 9(DX))
	DEC(R11, 9(DX)(CX*1))
	ADDQ $10, DI
	ADDQ $10, DX
	DECQ 8(SP)
	JNZ  round
	JMP  run

done:
	MOVQ st+32(FP), AX
	LEAVE(0, R8, R12)
	LEAVE(32, R9, R13)
	LEAVE(64, R10, R14)
	LEAVE(96, R11, R15)
	SUBQ out+0(FP), DI
	MOVQ DI, ret+40(FP)
	RET

// DEC2 decodes the one or two symbols of the pair cell for the top 11
// bits of bits to out (two bytes written, the second past a single
// symbol overwritten by the next), consumes their bits and advances out
// by the symbols. Clobbers AX.
#define DEC2(bits, out) \
	MOVQ  bits, AX \
	SHRQ  $53, AX \
	MOVL  (SI)(AX*4), AX \
	MOVW  AX, (out) \
	SHRL  $16, AX \
	SHLXQ AX, bits, bits \
	SHRL  $8, AX \
	ADDQ  AX, out

// DEC2X4 runs DEC2 on each of the four streams.
#define DEC2X4 \
	DEC2(R8, DI) \
	DEC2(R9, DX) \
	DEC2(R10, BX) \
	DEC2(R11, CX)

// REFILL2 is REFILL with AX the only scratch register: bits itself holds
// the bits used past whole bytes until it is reloaded.
#define REFILL2(bits, ip) \
	TZCNTQ bits, AX \
	MOVQ   AX, bits \
	SHRQ   $3, AX \
	SUBQ   AX, ip \
	ANDQ   $7, bits \
	MOVQ   (ip), AX \
	ORQ    $1, AX \
	SHLXQ  bits, AX, bits

// LIMITS stores on the stack, for stream k (its hufStream at offset off
// of the array in AX, its end at offset e of the array in BX), the last
// output position a round may start at (end-11: a round writes at most
// ten symbols and one byte more) and the lowest ip it may start at
// (in+8: a refill moves ip down at most 7 bytes). Clobbers CX.
#define LIMITS(off, e, lim, low) \
	MOVQ e(BX), CX \
	ADDQ out+0(FP), CX \
	SUBQ $11, CX \
	MOVQ CX, lim(SP) \
	MOVQ off+24(AX), CX \
	ADDQ $8, CX \
	MOVQ CX, low(SP)

// Registers: R8-R11 the streams' bits, R12-R15 their ip, DI DX BX CX
// their output positions, SI the pairs, AX scratch. Stack: 0-24 the
// streams' last round starts, 32-56 their lowest ip.

// func huf4PairLoop(out *byte, op, end *[4]int, pairs *[2048]uint32, st *[4]hufStream)
TEXT ·huf4PairLoop(SB), NOSPLIT, $64-40
	MOVQ st+32(FP), AX
	MOVQ end+16(FP), BX
	LIMITS(0, 0, 0, 32)
	LIMITS(32, 8, 8, 40)
	LIMITS(64, 16, 16, 48)
	LIMITS(96, 24, 24, 56)
	ENTER(0, R8, R12)
	ENTER(32, R9, R13)
	ENTER(64, R10, R14)
	ENTER(96, R11, R15)
	MOVQ out+0(FP), AX
	MOVQ op+8(FP), SI
	MOVQ 0(SI), DI
	ADDQ AX, DI
	MOVQ 8(SI), DX
	ADDQ AX, DX
	MOVQ 16(SI), BX
	ADDQ AX, BX
	MOVQ 24(SI), CX
	ADDQ AX, CX
	MOVQ pairs+24(FP), SI

round:
	CMPQ DI, 0(SP)
	JHI  pdone
	CMPQ DX, 8(SP)
	JHI  pdone
	CMPQ BX, 16(SP)
	JHI  pdone
	CMPQ CX, 24(SP)
	JHI  pdone
	CMPQ R12, 32(SP)
	JCS  pdone
	CMPQ R13, 40(SP)
	JCS  pdone
	CMPQ R14, 48(SP)
	JCS  pdone
	CMPQ R15, 56(SP)
	JCS  pdone
	REFILL2(R8, R12)
	REFILL2(R9, R13)
	REFILL2(R10, R14)
	REFILL2(R11, R15)
	DEC2X4
	DEC2X4
	DEC2X4
	DEC2X4
	DEC2X4
	JMP  round

pdone:
	MOVQ out+0(FP), AX
	SUBQ AX, DI
	SUBQ AX, DX
	SUBQ AX, BX
	SUBQ AX, CX
	MOVQ op+8(FP), AX
	MOVQ DI, 0(AX)
	MOVQ DX, 8(AX)
	MOVQ BX, 16(AX)
	MOVQ CX, 24(AX)
	MOVQ st+32(FP), AX
	LEAVE(0, R8, R12)
	LEAVE(32, R9, R13)
	LEAVE(64, R10, R14)
	LEAVE(96, R11, R15)
	RET

// The eight-stream loop keeps each stream's bits in a register and its
// ip on the stack: a refill reloads it, moves it down by the whole bytes
// used and stores it back.

// DEC8 is DEC with the cells at offset toff of SI.
#define DEC8(bits, dst, toff) \
	MOVQ    bits, AX \
	SHRQ    $53, AX \
	MOVWLZX toff(SI)(AX*2), AX \
	SHLXQ   AX, bits, bits \
	MOVB    AH, dst

// REFILL8 is REFILL with ip at offset ipoff of the stack; bits serves as
// scratch. Clobbers AX.
#define REFILL8(bits, ipoff) \
	TZCNTQ bits, bits \
	MOVQ   ipoff(SP), AX \
	SHLQ   $3, AX \
	SUBQ   bits, AX \
	ANDQ   $7, bits \
	ADDQ   $7, AX \
	SHRQ   $3, AX \
	MOVQ   AX, ipoff(SP) \
	MOVQ   (AX), AX \
	ORQ    $1, AX \
	SHLXQ  bits, AX, bits

// ENTER8 loads stream k (at offset off of the hufStream array in AX)
// into bits, and its ip to offset ipoff of the stack. Clobbers BX.
#define ENTER8(off, bits, ipoff) \
	MOVQ  off+24(AX), BX \
	ADDQ  off+16(AX), BX \
	MOVQ  BX, ipoff(SP) \
	MOVQ  off+8(AX), BX \
	MOVQ  off+0(AX), bits \
	ORQ   $1, bits \
	SHLXQ BX, bits, bits

// LEAVE8 stores stream k back from bits and its ip on the stack.
// Clobbers BX and CX.
#define LEAVE8(off, bits, ipoff) \
	TZCNTQ bits, BX \
	MOVQ   BX, off+8(AX) \
	MOVQ   ipoff(SP), CX \
	MOVQ   (CX), BX \
	MOVQ   BX, off+0(AX) \
	SUBQ   off+24(AX), CX \
	MOVQ   CX, off+16(AX)

// ROOM8 is ROOM with ip at offset ipoff of the stack.
#define ROOM8(off, ipoff) \
	MOVQ    ipoff(SP), AX \
	SUBQ    off+24(CX), AX \
	SHRQ    $4, AX \
	CMPQ    AX, BX \
	CMOVQLT AX, BX

// SYMS8(n) decodes symbol n of a round of each stream: stream k writes
// at DI+k*q, the first four with the first cells, the others with the
// second.
#define SYMS8(n) \
	DEC8(R8, n(DI), 0) \
	DEC8(R9, n(DI)(CX*1), 0) \
	DEC8(R10, n(DI)(CX*2), 0) \
	DEC8(R11, n(DX), 0) \
	DEC8(R12, n(DX)(CX*1), T2) \
	DEC8(R13, n(DX)(CX*2), T2) \
	DEC8(R14, n(BX), T2) \
	DEC8(R15, n(BX)(CX*1), T2)

// T2 is the offset of the second cells.
#define T2 (2<<const_maxHufBits)

// Registers: R8-R15 the streams' bits, SI the cells, DI out+i, DX
// out+3q+i, BX out+6q+i, CX q, AX scratch. Stack: 0-56 the streams' ip,
// 64 the rounds left, 72 those of the current run, 80 CX saved.

// func huf8Loop(out *byte, q, groups int, cells *[2][1 << maxHufBits]uint16, st *[8]hufStream) int
TEXT ·huf8Loop(SB), NOSPLIT, $88-48
	MOVQ st+32(FP), AX
	ENTER8(0, R8, 0)
	ENTER8(32, R9, 8)
	ENTER8(64, R10, 16)
	ENTER8(96, R11, 24)
	ENTER8(128, R12, 32)
	ENTER8(160, R13, 40)
	ENTER8(192, R14, 48)
	ENTER8(224, R15, 56)
	MOVQ groups+16(FP), BX
	MOVQ BX, 64(SP)
	MOVQ out+0(FP), DI
	MOVQ q+8(FP), CX
	MOVQ cells+24(FP), SI

run8:
	// The rounds every stream has room for, at most those left.
	MOVQ  64(SP), BX
	MOVQ  CX, 80(SP)
	MOVQ  st+32(FP), CX
	ROOM8(0, 0)
	ROOM8(32, 8)
	ROOM8(64, 16)
	ROOM8(96, 24)
	ROOM8(128, 32)
	ROOM8(160, 40)
	ROOM8(192, 48)
	ROOM8(224, 56)
	MOVQ  80(SP), CX
	TESTQ BX, BX
	JLE   done8
	SUBQ  BX, 64(SP)
	MOVQ  BX, 72(SP)
	LEAQ  (CX)(CX*2), DX
	ADDQ  DI, DX
	LEAQ  (CX)(CX*2), BX
	ADDQ  DX, BX

round8:
	REFILL8(R8, 0)
	REFILL8(R9, 8)
	REFILL8(R10, 16)
	REFILL8(R11, 24)
	REFILL8(R12, 32)
	REFILL8(R13, 40)
	REFILL8(R14, 48)
	REFILL8(R15, 56)
	SYMS8(0)
	SYMS8(1)
	SYMS8(2)
	SYMS8(3)
	SYMS8(4)
	REFILL8(R8, 0)
	REFILL8(R9, 8)
	REFILL8(R10, 16)
	REFILL8(R11, 24)
	REFILL8(R12, 32)
	REFILL8(R13, 40)
	REFILL8(R14, 48)
	REFILL8(R15, 56)
	SYMS8(5)
	SYMS8(6)
	SYMS8(7)
	SYMS8(8)
	SYMS8(9)
	ADDQ $10, DI
	ADDQ $10, DX
	ADDQ $10, BX
	DECQ 72(SP)
	JNZ  round8
	JMP  run8

done8:
	SUBQ out+0(FP), DI
	MOVQ DI, ret+40(FP)
	MOVQ st+32(FP), AX
	LEAVE8(0, R8, 0)
	LEAVE8(32, R9, 8)
	LEAVE8(64, R10, 16)
	LEAVE8(96, R11, 24)
	LEAVE8(128, R12, 32)
	LEAVE8(160, R13, 40)
	LEAVE8(192, R14, 48)
	LEAVE8(224, R15, 56)
	RET
