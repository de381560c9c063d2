//go:build amd64 && !noasm

#include "go_asm.h"
#include "textflag.h"

// seqLoop's state is the seq field of a Decoder (SI); the decoding
// tables, cells of eight bytes, sit at fixed offsets from it.
#define T_LL (Decoder_tables - Decoder_seq + const_kindLL*seqTable__size + seqTable_own)
#define T_OF (Decoder_tables - Decoder_seq + const_kindOF*seqTable__size + seqTable_own)
#define T_ML (Decoder_tables - Decoder_seq + const_kindML*seqTable__size + seqTable_own)

// Stack: the ends the loop checks against, as pointers.
#define L_INMIN 0    // in+16: the loop runs while ip is at or above it
#define L_LITEND 8   // lits+nlit
#define L_LIMIT 16   // out+limit
#define L_START 24   // out+start

// Registers: SI the state, R8 the word shifted left by the bits used
// (so the next bits are its top ones), R9 used, R10 ip (in+ptr), R11 the
// output position, R12 the literals position, R13 R14 R15 the literals
// length, match length and offset states; AX BX DX the sequence's
// offset, match length and literals length; CX DI scratch.

// REFILL moves the bit reader down by the whole bytes used, and loads
// the word shifted left by the bits used.
#define REFILL \
	MOVQ  R9, CX \
	SHRQ  $3, CX \
	SUBQ  CX, R10 \
	ANDQ  $7, R9 \
	MOVQ  (R10), R8 \
	SHLXQ R9, R8, R8

// TAKE(dst) sets dst to the next CX bits (the top CX bits of R8, rotated
// down and the rest cleared: CX = 0 gives 0), and consumes them.
#define TAKE(dst) \
	MOVQ  R8, dst \
	ROLQ  CX, dst \
	BZHIQ CX, dst, dst \
	SHLXQ CX, R8, R8 \
	ADDQ  CX, R9

// VALUE(tab, state, dst) sets dst to the value of the cell of table
// tab at state: its base plus its extra bits.
#define VALUE(tab, state, dst) \
	MOVBQZX (tab+seqCell_extra)(SI)(state*8), CX \
	TAKE(dst) \
	ADDL    (tab+seqCell_base)(SI)(state*8), dst

// NEXT(tab, state) moves state to the cell's next state plus its nb
// bits. Clobbers DI.
#define NEXT(tab, state) \
	MOVBQZX (tab+seqCell_nb)(SI)(state*8), CX \
	TAKE(DI) \
	MOVWQZX (tab+seqCell_next)(SI)(state*8), state \
	ADDQ    DI, state

// func seqLoop(s *seqState) int
TEXT ·seqLoop(SB), NOSPLIT, $32-16
	MOVQ s+0(FP), SI
	MOVQ seqState_word(SI), R8
	MOVQ seqState_used(SI), R9
	MOVQ seqState_in(SI), R10
	LEAQ 16(R10), AX
	MOVQ AX, L_INMIN(SP)
	ADDQ seqState_ptr(SI), R10
	MOVQ seqState_out(SI), AX
	MOVQ AX, R11
	ADDQ seqState_op(SI), R11
	MOVQ AX, BX
	ADDQ seqState_limit(SI), BX
	MOVQ BX, L_LIMIT(SP)
	ADDQ seqState_start(SI), AX
	MOVQ AX, L_START(SP)
	MOVQ seqState_lits(SI), R12
	MOVQ R12, AX
	ADDQ seqState_nlit(SI), AX
	MOVQ AX, L_LITEND(SP)
	ADDQ seqState_lp(SI), R12
	MOVQ seqState_llS(SI), R13
	MOVQ seqState_mlS(SI), R14
	MOVQ seqState_ofS(SI), R15

loop:
	CMPQ seqState_i(SI), $0
	JLE  stopped
	CMPQ R10, L_INMIN(SP)
	JCS  stopped
	REFILL

	VALUE(T_OF, R15, AX)
	VALUE(T_ML, R14, BX)
	// The literals length and the states take at most 16+9+9+8 bits:
	// refill only when fewer are left.
	CMPQ R9, $(64-42)
	JLS  llbits
	REFILL

llbits:
	VALUE(T_LL, R13, DX)
	NEXT(T_LL, R13)
	NEXT(T_ML, R14)
	NEXT(T_OF, R15)
	DECQ seqState_i(SI)

	// The offset, from the offset value: a value of 1 with literals is
	// the most recent offset, unchanged (the common case), which was
	// checked against the window and the content's start when it came
	// first, and stays within them.
	CMPQ  AX, $1
	JNE   offother
	TESTQ DX, DX
	JEQ   offother
	MOVQ  seqState_rep(SI), AX

execute:
	// Execute: AX offset, DX literals length, BX match length.
	LEAQ (R12)(DX*1), DI
	CMPQ DI, L_LITEND(SP)
	JHI  errlits
	LEAQ (R11)(DX*1), DI
	LEAQ (DI)(BX*1), CX
	CMPQ CX, L_LIMIT(SP)
	JHI  pending

	// Literals, 64 bytes, then 32 at a time (writing up to 63 past
	// them: the slack). Most runs are shorter than 64 bytes, and a
	// branch on a length mixed from run to run is a coin toss: copying
	// 64 unconditionally decodes zarr-python's float64 chunks 4–7%
	// faster than 16 and a branch.
	MOVOU (R12), X0
	MOVOU 16(R12), X1
	MOVOU 32(R12), X2
	MOVOU 48(R12), X3
	MOVOU X0, (R11)
	MOVOU X1, 16(R11)
	MOVOU X2, 32(R11)
	MOVOU X3, 48(R11)
	CMPQ  DX, $64
	JLS   litdone
	MOVQ  $64, CX

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
	LEAQ   ·shufTab(SB), DI
	MOVOU  (DI)(CX*1), X1
	PSHUFB X1, X0
	LEAQ   ·stepTab(SB), DI
	MOVQ   (DI)(AX*8), DI
	XORQ   CX, CX

shortloop:
	MOVOU X0, (R11)(CX*1)
	ADDQ  DI, CX
	CMPQ  CX, BX
	JLT   shortloop

matchdone:
	ADDQ BX, R11
	JMP  loop

offother:
	// A new offset (a value above 3), or a repeat code: index value-1,
	// plus one without literals (1 to 3 here: index 0 is the common
	// case).
	CMPQ  AX, $3
	JHI   newoff
	DECQ  AX
	XORQ  CX, CX
	TESTQ DX, DX
	SETEQ CL
	ADDQ  CX, AX
	CMPQ  AX, $1
	JEQ   rep1
	CMPQ  AX, $2
	JEQ   rep2
	MOVQ  seqState_rep(SI), AX
	DECQ  AX
	JEQ   errrepeat
	JMP   push

newoff:
	SUBQ $3, AX

push:
	// AX becomes the most recent offset, the others move down.
	MOVQ (seqState_rep+8)(SI), CX
	MOVQ CX, (seqState_rep+16)(SI)
	MOVQ seqState_rep(SI), CX
	MOVQ CX, (seqState_rep+8)(SI)
	MOVQ AX, seqState_rep(SI)

offdone:
	// Any other offset: check it.
	LEAQ (R11)(DX*1), DI
	SUBQ L_START(SP), DI
	CMPQ AX, DI
	JHI  erroffset
	CMPQ AX, seqState_window(SI)
	JHI  erroffset
	JMP  execute

rep1:
	MOVQ (seqState_rep+8)(SI), AX
	MOVQ seqState_rep(SI), CX
	MOVQ CX, (seqState_rep+8)(SI)
	MOVQ AX, seqState_rep(SI)
	JMP  offdone

rep2:
	MOVQ (seqState_rep+16)(SI), AX
	JMP  push

stopped:
	MOVQ $0, AX
	JMP  save

pending:
	MOVQ DX, seqState_ll(SI)
	MOVQ BX, seqState_ml(SI)
	MOVQ AX, seqState_off(SI)
	MOVQ $1, AX
	JMP  save

errlits:
	MOVQ $2, AX
	JMP  save

erroffset:
	MOVQ AX, seqState_off(SI)
	MOVQ $3, AX
	JMP  save

errrepeat:
	MOVQ $4, AX

save:
	MOVQ (R10), R8
	MOVQ R8, seqState_word(SI)
	MOVQ R9, seqState_used(SI)
	SUBQ seqState_in(SI), R10
	MOVQ R10, seqState_ptr(SI)
	SUBQ seqState_out(SI), R11
	MOVQ R11, seqState_op(SI)
	SUBQ seqState_lits(SI), R12
	MOVQ R12, seqState_lp(SI)
	MOVQ R13, seqState_llS(SI)
	MOVQ R14, seqState_mlS(SI)
	MOVQ R15, seqState_ofS(SI)
	MOVQ AX, ret+8(FP)
	RET
