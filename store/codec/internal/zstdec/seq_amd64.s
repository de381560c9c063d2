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
#define S_OFC 200
#define S_MLC 208
#define S_LLC 216

// Registers: SI the state, R8 word, R9 used, R10 ptr, R11 in,
// R12 out, R13 op; AX BX CX DX DI R14 scratch.

// REFILL moves the bit reader down by the whole bytes used.
#define REFILL \
	MOVQ R9, CX \
	SHRQ $3, CX \
	SUBQ CX, R10 \
	ANDQ $7, R9 \
	MOVQ (R11)(R10*1), R8

// BITS(cell, shift, dst) sets dst to the next n bits, n being the byte
// of cell at bit shift, and adds n to used. Clobbers CX.
#define BITS(cell, shift, dst) \
	MOVQ R8, dst \
	MOVQ R9, CX \
	SHLQ CX, dst \
	SHRQ $1, dst \
	MOVQ cell, CX \
	SHRQ $shift, CX \
	ANDQ $0xFF, CX \
	ADDQ CX, R9 \
	XORQ $63, CX \
	SHRQ CX, dst

// func seqLoop(s *seqState) int
TEXT ·seqLoop(SB), NOSPLIT, $0-16
	MOVQ s+0(FP), SI
	MOVQ S_WORD(SI), R8
	MOVQ S_USED(SI), R9
	MOVQ S_PTR(SI), R10
	MOVQ S_IN(SI), R11
	MOVQ S_OUT(SI), R12
	MOVQ S_OP(SI), R13

loop:
	CMPQ S_I(SI), $0
	JLE  stopped
	CMPQ R10, $16
	JLT  stopped
	REFILL

	// Offset: AX = its value, the cell kept in S_OFC.
	MOVQ S_OFS(SI), AX
	MOVQ S_OFT(SI), BX
	MOVQ (BX)(AX*8), BX
	MOVQ BX, S_OFC(SI)
	BITS(BX, 56, DI)
	MOVL BX, AX
	ADDQ DI, AX

	// Match length into S_ML.
	MOVQ S_MLS(SI), DX
	MOVQ S_MLT(SI), DI
	MOVQ (DI)(DX*8), DX
	MOVQ DX, S_MLC(SI)
	BITS(DX, 56, DI)
	MOVL DX, DX
	ADDQ DI, DX
	MOVQ DX, S_ML(SI)
	REFILL

	// Literals length: DX, and S_LL.
	MOVQ S_LLS(SI), DX
	MOVQ S_LLT(SI), DI
	MOVQ (DI)(DX*8), DX
	MOVQ DX, S_LLC(SI)
	BITS(DX, 56, DI)
	MOVL DX, DX
	ADDQ DI, DX
	MOVQ DX, S_LL(SI)

	// Repeat offsets.
	MOVBQZX S_OFC+7(SI), CX
	CMPQ    CX, $1
	JLS     repeat
	SUBQ    $3, AX
	MOVQ    S_REP1(SI), CX
	MOVQ    CX, S_REP2(SI)
	MOVQ    S_REP0(SI), CX
	MOVQ    CX, S_REP1(SI)
	MOVQ    AX, S_REP0(SI)
	JMP     offdone

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

	// State updates: literals length, match length, offset.
	MOVQ S_LLC(SI), BX
	BITS(BX, 48, DI)
	SHRQ $32, BX
	MOVWQZX BX, BX
	ADDQ DI, BX
	MOVQ BX, S_LLS(SI)
	MOVQ S_MLC(SI), BX
	BITS(BX, 48, DI)
	SHRQ $32, BX
	MOVWQZX BX, BX
	ADDQ DI, BX
	MOVQ BX, S_MLS(SI)
	MOVQ S_OFC(SI), BX
	BITS(BX, 48, DI)
	SHRQ $32, BX
	MOVWQZX BX, BX
	ADDQ DI, BX
	MOVQ BX, S_OFS(SI)
	DECQ S_I(SI)

	// Execute: AX offset, DX literals length, BX match length.
	MOVQ S_LL(SI), DX
	MOVQ S_LP(SI), CX
	MOVQ S_NLIT(SI), DI
	SUBQ CX, DI
	CMPQ DX, DI
	JHI  errlits
	MOVQ S_ML(SI), BX
	LEAQ (R13)(DX*1), DI
	ADDQ BX, DI
	CMPQ DI, S_LIMIT(SI)
	JHI  pending
	LEAQ (R13)(DX*1), DI
	SUBQ S_START(SI), DI
	CMPQ AX, DI
	JHI  erroffset
	CMPQ AX, S_WINDOW(SI)
	JHI  erroffset

	// Literals, 16 bytes at a time.
	MOVQ   S_LITS(SI), DI
	ADDQ   CX, DI
	LEAQ   (R12)(R13*1), R14
	MOVOU  (DI), X0
	MOVOU  X0, (R14)
	CMPQ   DX, $16
	JLS    litdone
	MOVQ   $16, CX

litloop:
	MOVOU (DI)(CX*1), X0
	MOVOU X0, (R14)(CX*1)
	ADDQ  $16, CX
	CMPQ  CX, DX
	JLT   litloop

litdone:
	ADDQ DX, R13
	ADDQ DX, S_LP(SI)

	// The match.
	LEAQ (R12)(R13*1), R14
	MOVQ R14, DI
	SUBQ AX, DI
	CMPQ AX, $16
	JLT  short
	MOVOU (DI), X0
	MOVOU X0, (R14)
	CMPQ BX, $16
	JLS  matchdone
	MOVQ $16, CX

matchloop:
	MOVOU (DI)(CX*1), X0
	MOVOU X0, (R14)(CX*1)
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
	MOVOU X0, (R14)(CX*1)
	ADDQ  DX, CX
	CMPQ  CX, BX
	JLT   shortloop

matchdone:
	ADDQ BX, R13
	JMP  loop

stopped:
	MOVQ $0, AX
	JMP  save

pending:
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
	MOVQ R8, S_WORD(SI)
	MOVQ R9, S_USED(SI)
	MOVQ R10, S_PTR(SI)
	MOVQ R13, S_OP(SI)
	MOVQ AX, ret+8(FP)
	RET
