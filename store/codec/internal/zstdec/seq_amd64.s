//go:build amd64 && !noasm

#include "textflag.h"

// Offsets of seqState's fields.
#define S_WORD 0
#define S_USED 8
#define S_PTR 16
#define S_IN 24
#define S_LLT 32
#define S_OFT 40
#define S_MLT 48
#define S_LLS 56
#define S_OFS 64
#define S_MLS 72
#define S_OUT 80
#define S_OP 88
#define S_LIMIT 96
#define S_LITS 104
#define S_LP 112
#define S_NLIT 120
#define S_START 128
#define S_WINDOW 136
#define S_REP0 144
#define S_REP1 152
#define S_REP2 160
#define S_I 168
#define S_LL 176
#define S_ML 184
#define S_OFF 192

// Stack: the ends the loop checks against, as pointers.
#define L_INMIN 0    // in+16: the loop runs while ip is at or above it
#define L_LITEND 8   // lits+nlit
#define L_LIMIT 16   // out+limit
#define L_START 24   // out+start

// Registers: SI the state, R8 the word shifted left by the bits used
// (so the next bits are its top ones), R9 used, R10 ip (in+ptr), R11 the
// output position, R12 the literals position, R13 R14 R15 the literals
// length, match length and offset states; AX BX CX DX DI scratch.

// REFILL moves the bit reader down by the whole bytes used, and loads
// the word shifted left by the bits used.
#define REFILL \
	MOVQ  R9, CX \
	SHRQ  $3, CX \
	SUBQ  CX, R10 \
	ANDQ  $7, R9 \
	MOVQ  (R10), R8 \
	SHLXQ R9, R8, R8

// BITS(cell, shift, dst) sets dst to the next n bits, n being the byte
// of cell at bit shift: the top n bits of R8 (shifted right by 1, then
// 63-n, so that n = 0 gives 0). R8 then shifts left by n, and used
// grows by n. Clobbers CX.
#define BITS(cell, shift, dst) \
	MOVQ    cell, CX \
	SHRQ    $shift, CX \
	MOVBQZX CX, CX \
	MOVQ    R8, dst \
	SHRQ    $1, dst \
	SHLXQ   CX, R8, R8 \
	ADDQ    CX, R9 \
	XORQ    $63, CX \
	SHRXQ   CX, dst, dst

// STATE(cell, state) sets state to the cell's next plus its nb bits.
// Clobbers CX and DI.
#define STATE(cell, state) \
	BITS(cell, 48, DI) \
	MOVQ    cell, state \
	SHRQ    $32, state \
	MOVWQZX state, state \
	ADDQ    DI, state

// func seqLoop(s *seqState) int
TEXT ·seqLoop(SB), NOSPLIT, $32-16
	MOVQ s+0(FP), SI
	MOVQ S_WORD(SI), R8
	MOVQ S_USED(SI), R9
	MOVQ S_IN(SI), R10
	LEAQ 16(R10), AX
	MOVQ AX, L_INMIN(SP)
	ADDQ S_PTR(SI), R10
	MOVQ S_OUT(SI), AX
	MOVQ AX, R11
	ADDQ S_OP(SI), R11
	MOVQ AX, BX
	ADDQ S_LIMIT(SI), BX
	MOVQ BX, L_LIMIT(SP)
	ADDQ S_START(SI), AX
	MOVQ AX, L_START(SP)
	MOVQ S_LITS(SI), R12
	MOVQ R12, AX
	ADDQ S_NLIT(SI), AX
	MOVQ AX, L_LITEND(SP)
	ADDQ S_LP(SI), R12
	MOVQ S_LLS(SI), R13
	MOVQ S_MLS(SI), R14
	MOVQ S_OFS(SI), R15

loop:
	CMPQ S_I(SI), $0
	JLE  stopped
	CMPQ R10, L_INMIN(SP)
	JCS  stopped
	REFILL

	// The cells: AX offset, BX match length, DX literals length.
	MOVQ S_OFT(SI), AX
	MOVQ (AX)(R15*8), AX
	MOVQ S_MLT(SI), BX
	MOVQ (BX)(R14*8), BX
	MOVQ S_LLT(SI), DX
	MOVQ (DX)(R13*8), DX

	// The values: offset value, match length, literals length.
	BITS(AX, 56, DI)
	MOVL AX, CX
	ADDQ DI, CX
	MOVQ CX, S_OFF(SI)
	BITS(BX, 56, DI)
	MOVL BX, CX
	ADDQ DI, CX
	MOVQ CX, S_ML(SI)
	// The literals length and the states take at most 16+9+9+8 bits:
	// refill only when fewer are left.
	CMPQ R9, $(64-42)
	JLS  llbits
	REFILL

llbits:
	BITS(DX, 56, DI)
	MOVL DX, CX
	ADDQ DI, CX
	MOVQ CX, S_LL(SI)

	// The next states: literals length, match length, offset.
	STATE(DX, R13)
	STATE(BX, R14)
	MOVQ AX, BX
	SHRQ $56, BX
	STATE(AX, R15)
	DECQ S_I(SI)

	// The offset, from the offset value (repeat codes when the code,
	// in BX, is 0 or 1).
	MOVQ S_OFF(SI), AX
	MOVQ S_LL(SI), DX
	CMPQ BX, $1
	JLS  repeat
	SUBQ $3, AX
	MOVQ S_REP1(SI), CX
	MOVQ CX, S_REP2(SI)
	MOVQ S_REP0(SI), CX
	MOVQ CX, S_REP1(SI)
	MOVQ AX, S_REP0(SI)
	JMP  offdone

repeat:
	DECQ  AX
	XORQ  CX, CX
	TESTQ DX, DX
	SETEQ CL
	ADDQ  CX, AX
	TESTQ AX, AX
	JEQ   rep0
	CMPQ  AX, $1
	JEQ   rep1
	CMPQ  AX, $2
	JEQ   rep2
	MOVQ  S_REP0(SI), AX
	DECQ  AX
	JEQ   errrepeat
	MOVQ  S_REP1(SI), CX
	MOVQ  CX, S_REP2(SI)
	MOVQ  S_REP0(SI), CX
	MOVQ  CX, S_REP1(SI)
	MOVQ  AX, S_REP0(SI)
	JMP   offdone

rep0:
	MOVQ S_REP0(SI), AX
	JMP  offdone

rep1:
	MOVQ S_REP1(SI), AX
	MOVQ S_REP0(SI), CX
	MOVQ CX, S_REP1(SI)
	MOVQ AX, S_REP0(SI)
	JMP  offdone

rep2:
	MOVQ S_REP2(SI), AX
	MOVQ S_REP1(SI), CX
	MOVQ CX, S_REP2(SI)
	MOVQ S_REP0(SI), CX
	MOVQ CX, S_REP1(SI)
	MOVQ AX, S_REP0(SI)

offdone:
	MOVQ AX, S_OFF(SI)

	// Execute: AX offset, DX literals length, BX match length.
	MOVQ S_ML(SI), BX
	LEAQ (R12)(DX*1), DI
	CMPQ DI, L_LITEND(SP)
	JHI  errlits
	LEAQ (R11)(DX*1), DI
	LEAQ (DI)(BX*1), CX
	CMPQ CX, L_LIMIT(SP)
	JHI  pending
	SUBQ L_START(SP), DI
	CMPQ AX, DI
	JHI  erroffset
	CMPQ AX, S_WINDOW(SI)
	JHI  erroffset

	// Literals, 16 bytes, then 32 at a time (writing up to 31 past
	// them: the slack).
	MOVOU (R12), X0
	MOVOU X0, (R11)
	CMPQ  DX, $16
	JLS   litdone
	MOVQ  $16, CX

litloop:
	MOVOU (R12)(CX*1), X0
	MOVOU 16(R12)(CX*1), X1
	MOVOU X0, (R11)(CX*1)
	MOVOU X1, 16(R11)(CX*1)
	ADDQ  $32, CX
	CMPQ  CX, DX
	JLT   litloop

litdone:
	ADDQ DX, R11
	ADDQ DX, R12

	// The match.
	MOVQ  R11, DI
	SUBQ  AX, DI
	CMPQ  AX, $16
	JLT   short
	MOVOU (DI), X0
	MOVOU X0, (R11)
	CMPQ  BX, $16
	JLS   matchdone
	MOVQ  $16, CX

matchloop:
	MOVOU (DI)(CX*1), X0
	MOVOU X0, (R11)(CX*1)
	ADDQ  $16, CX
	CMPQ  CX, BX
	JLT   matchloop
	JMP   matchdone

short:
	// Spread the off bytes before the match over 16, then store them
	// every step bytes.
	MOVOU  (DI), X0
	MOVQ   AX, CX
	SHLQ   $4, CX
	LEAQ   ·shufTab(SB), DX
	MOVOU  (DX)(CX*1), X1
	PSHUFB X1, X0
	LEAQ   ·stepTab(SB), DX
	MOVQ   (DX)(AX*8), DX
	XORQ   CX, CX

shortloop:
	MOVOU X0, (R11)(CX*1)
	ADDQ  DX, CX
	CMPQ  CX, BX
	JLT   shortloop

matchdone:
	ADDQ BX, R11
	JMP  loop

stopped:
	MOVQ $0, AX
	JMP  save

pending:
	MOVQ DX, S_LL(SI)
	MOVQ $1, AX
	JMP  save

errlits:
	MOVQ $2, AX
	JMP  save

erroffset:
	MOVQ $3, AX
	JMP  save

errrepeat:
	MOVQ $4, AX

save:
	MOVQ (R10), R8
	MOVQ R8, S_WORD(SI)
	MOVQ R9, S_USED(SI)
	SUBQ S_IN(SI), R10
	MOVQ R10, S_PTR(SI)
	SUBQ S_OUT(SI), R11
	MOVQ R11, S_OP(SI)
	SUBQ S_LITS(SI), R12
	MOVQ R12, S_LP(SI)
	MOVQ R13, S_LLS(SI)
	MOVQ R14, S_MLS(SI)
	MOVQ R15, S_OFS(SI)
	MOVQ AX, ret+8(FP)
	RET
