//go:build amd64 && !noasm

#include "textflag.h"

// lz4SequencesGo (lz4enc.go) step by step; the comments name its lines.
// Registers: SI src, DI dst, DX table, R8 ip, R9 anchor, R10 d,
// R11 last (len(src)-12; the match limit is last+7), R12 the hash
// multiplier (mul), R13 literal then match length, R14 ref, R15 the token's
// position; AX, BX, CX scratch. The common cases take short paths:
// fewer than 15 literals, and matches under 19 bytes, skip the /255 room
// sums; a match under 8 bytes gets its length from bytes tested in turn.
// The hot labels are aligned to 32 bytes. This kernel's time goes to
// latency and mispredictions rather than instructions: the tested bytes
// and the alignment moved its speed by 5-30%.

// HASH turns the 8 bytes in R into their table index.
#define HASH(R) \
	IMULQ R12, R; \
	SHRQ  $52, R

// DIV255 sets CX to R/255 (R < 2³²).
#define DIV255(R) \
	MOVL  $0x80808081, CX; \
	IMULQ R, CX; \
	SHRQ  $39, CX

// func lz4Sequences(dst, src []byte, accel int, mul, mask uint64, t *lz4Table) (d, anchor int)
TEXT ·lz4Sequences(SB), NOSPLIT, $0-96
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), R11
	SUBQ $12, R11
	MOVQ t+72(FP), DX
	MOVQ mul+56(FP), R12
	XORQ R9, R9
	XORQ R10, R10
	MOVQ (SI), AX
	HASH(AX)
	MOVL $0, (DX)(AX*4)          // t[hash(src[0:])] = 0
	MOVQ $1, R8

search: // lz4Search: step in BX, probes in R13
	MOVQ $1, BX
	MOVQ accel+48(FP), R13
	SHLQ $6, R13

	CMPQ R8, R11
	JGT  done

	PCALIGN $32

probe:
	MOVQ  (SI)(R8*1), AX
	MOVQ  AX, CX
	HASH(CX)
	MOVL  (DX)(CX*4), R14
	MOVL  R8, (DX)(CX*4)
	LEAQ  65535(R14), CX
	CMPQ  R8, CX
	JGT   miss                   // ip-ref > 65535
	MOVQ  (SI)(R14*1), CX
	XORQ  AX, CX
	ANDQ  mask+64(FP), CX
	JEQ   back

miss:
	ADDQ BX, R8                  // ip += step
	MOVQ R13, BX
	SHRQ $6, BX                  // step = probes >> 6
	INCQ R13
	CMPQ R8, R11
	JLE  probe
	JMP  done

back: // extend the match backwards
	CMPQ    R8, R9
	JLE     literals
	TESTQ   R14, R14
	JEQ     literals
	MOVBLZX -1(SI)(R8*1), AX
	CMPB    AX, -1(SI)(R14*1)
	JNE     literals
	DECQ    R8
	DECQ    R14
	JMP     back

	PCALIGN $32

literals:
	MOVQ R8, R13
	SUBQ R9, R13                 // lit
	MOVQ R10, R15                // tok
	CMPQ R13, $15
	JGE  litroom
	LEAQ 16(R10)(R13*1), CX      // the room check with lit/255 = 0
	CMPQ CX, dst_len+8(FP)
	JGT  short
	MOVQ R13, AX
	SHLQ $4, AX
	MOVB AX, (DI)(R10*1)
	INCQ R10
	CMPQ R13, $8
	JGT  lit16
	MOVQ (SI)(R9*1), AX          // up to 8 literals as 8 bytes: src holds 12 past ip
	MOVQ AX, (DI)(R10*1)
	ADDQ R13, R10
	JMP  match

lit16: // 9 to 14 literals as 16 bytes, within the room's slack
	MOVOU (SI)(R9*1), X0
	MOVOU X0, (DI)(R10*1)
	ADDQ  R13, R10
	JMP   match

litroom:
	DIV255(R13)
	ADDQ R13, CX
	ADDQ R10, CX
	ADDQ $16, CX
	CMPQ CX, dst_len+8(FP)
	JGT  short
	MOVB $0xF0, (DI)(R10*1)
	INCQ R10
	LEAQ -15(R13), AX

litext:
	CMPQ AX, $255
	JLT  litextend
	MOVB $255, (DI)(R10*1)
	INCQ R10
	SUBQ $255, AX
	JMP  litext

litextend:
	MOVB AX, (DI)(R10*1)
	INCQ R10

copylit:
	LEAQ (SI)(R9*1), AX
	LEAQ (DI)(R10*1), BX
	CMPQ R13, $32
	JGT  copylong
	XORQ CX, CX

copy8: // 8 bytes at a time, past the end: the room check left slack
	CMPQ CX, R13
	JGE  copied
	MOVQ (AX)(CX*1), X0
	MOVQ X0, (BX)(CX*1)
	ADDQ $8, CX
	JMP  copy8

copylong: // 16 bytes at a time, the last 16 ending at lit
	LEAQ -16(R13), CX

copy16:
	MOVOU (AX), X0
	MOVOU X0, (BX)
	ADDQ  $16, AX
	ADDQ  $16, BX
	SUBQ  $16, CX
	JGT   copy16
	MOVOU (AX)(CX*1), X0
	MOVOU X0, (BX)(CX*1)

copied:
	ADDQ R13, R10                // d += lit

	PCALIGN $32

match:
	MOVQ R8, AX
	SUBQ R14, AX
	MOVW AX, (DI)(R10*1)         // the offset
	ADDQ $2, R10
	LEAQ 4(R8), AX               // matchLen: i in AX, j in BX
	LEAQ 4(R14), BX
	LEAQ -1(R11), R13            // limit-8 (the limit is last+7)
	CMPQ AX, R13
	JGT  ml1
	MOVQ (SI)(AX*1), CX
	XORQ (SI)(BX*1), CX
	JNE  mlfirst
	ADDQ $8, AX
	ADDQ $8, BX

	PCALIGN $32

ml8:
	CMPQ AX, R13
	JGT  ml1
	MOVQ (SI)(AX*1), CX
	XORQ (SI)(BX*1), CX
	JNE  mldiff
	ADDQ $8, AX
	ADDQ $8, BX
	JMP  ml8

mldiff:
	BSFQ CX, CX
	SHRQ $3, CX
	ADDQ CX, AX
	JMP  mlend

mlfirst: // a short match: its first four bytes tested in turn, so that
	// the branch predictor, not the loads, gives the next ip
	TESTB CL, CL
	JNE   mlend
	TESTL $0xFF00, CX
	JNE   mlplus1
	TESTL $0xFF0000, CX
	JNE   mlplus2
	TESTL $0xFF000000, CX
	JNE   mlplus3
	JMP   mldiff

mlplus1:
	INCQ AX
	JMP  mlend

mlplus2:
	ADDQ $2, AX
	JMP  mlend

mlplus3:
	ADDQ $3, AX
	JMP  mlend

ml1:
	LEAQ    8(R13), CX
	CMPQ    AX, CX
	JGE     mlend
	MOVBLZX (SI)(AX*1), CX
	CMPB    CX, (SI)(BX*1)
	JNE     mlend
	INCQ    AX
	INCQ    BX
	JMP     ml1

mlend:
	MOVQ AX, R13
	SUBQ R8, R13
	SUBQ $4, R13                 // m
	MOVQ AX, R8                  // ip += 4 + m
	CMPQ R13, $15
	JGE  longmatch
	LEAQ 6(R10), CX              // the room check with m/255 = 0
	CMPQ CX, dst_len+8(FP)
	JGT  short
	ORB  R13, (DI)(R15*1)        // dst[tok] |= m
	JMP  next

longmatch:
	DIV255(R13)
	ADDQ R10, CX
	ADDQ $6, CX
	CMPQ CX, dst_len+8(FP)
	JGT  short
	ORB  $15, (DI)(R15*1)
	LEAQ -15(R13), AX

mext:
	CMPQ AX, $255
	JLT  mextend
	MOVB $255, (DI)(R10*1)
	INCQ R10
	SUBQ $255, AX
	JMP  mext

mextend:
	MOVB AX, (DI)(R10*1)
	INCQ R10

	PCALIGN $32

next:
	MOVQ R8, R9                  // anchor = ip
	CMPQ R8, R11
	JGT  done
	MOVQ -2(SI)(R8*1), AX
	HASH(AX)
	LEAQ -2(R8), CX
	MOVL CX, (DX)(AX*4)          // t[hash(src[ip-2:])] = ip-2
	MOVQ (SI)(R8*1), AX
	MOVQ AX, CX
	HASH(CX)
	MOVL (DX)(CX*4), R14
	MOVL R8, (DX)(CX*4)
	LEAQ 65535(R14), CX
	CMPQ R8, CX
	JGT  nomatch
	MOVQ (SI)(R14*1), CX
	XORQ AX, CX
	ANDQ mask+64(FP), CX
	JNE  nomatch
	MOVQ R10, R15                // a match right here: a token with no literals
	MOVB $0, (DI)(R10*1)
	INCQ R10
	JMP  match

nomatch:
	INCQ R8
	JMP  search

done:
	MOVQ R10, d+80(FP)
	MOVQ R9, anchor+88(FP)
	RET

short:
	MOVQ $-1, d+80(FP)
	MOVQ $0, anchor+88(FP)
	RET
