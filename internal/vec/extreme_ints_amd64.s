//go:build amd64 && !noasm

#include "textflag.h"

// IELEMS is one loop of intElems: d = INSTR(a, b) over 64 bytes a pass.
#define IELEMS(loop, INSTR) \
loop: \
	VMOVDQU (SI)(AX*1), Y0; \
	VMOVDQU 32(SI)(AX*1), Y1; \
	INSTR   (DX)(AX*1), Y0, Y0; \
	INSTR   32(DX)(AX*1), Y1, Y1; \
	VMOVDQU Y0, (DI)(AX*1); \
	VMOVDQU Y1, 32(DI)(AX*1); \
	ADDQ    $64, AX; \
	CMPQ    AX, CX; \
	JL      loop; \
	VZEROUPPER; \
	RET

// func intElems(op int, d, a, b []byte)
TEXT ·intElems(SB), NOSPLIT, $0-80
	MOVQ op+0(FP), R8
	MOVQ d_base+8(FP), DI
	MOVQ d_len+16(FP), CX
	MOVQ a_base+32(FP), SI
	MOVQ b_base+56(FP), DX
	XORQ AX, AX
	TESTQ CX, CX
	JEQ  done
	CMPQ R8, $0
	JEQ  maxub
	CMPQ R8, $1
	JEQ  minub
	CMPQ R8, $2
	JEQ  maxsb
	CMPQ R8, $3
	JEQ  minsb
	CMPQ R8, $4
	JEQ  maxuw
	CMPQ R8, $5
	JEQ  minuw
	CMPQ R8, $6
	JEQ  maxsw
	CMPQ R8, $7
	JEQ  minsw
	CMPQ R8, $8
	JEQ  maxud
	CMPQ R8, $9
	JEQ  minud
	CMPQ R8, $10
	JEQ  maxsd
	CMPQ R8, $11
	JEQ  minsd
	CMPQ R8, $12
	JEQ  addb
	CMPQ R8, $13
	JEQ  addw
	CMPQ R8, $14
	JEQ  addd
	CMPQ R8, $15
	JEQ  addq
	CMPQ R8, $16
	JEQ  subb
	CMPQ R8, $17
	JEQ  subw
	CMPQ R8, $18
	JEQ  subd
	CMPQ R8, $19
	JEQ  subq
	CMPQ R8, $20
	JEQ  mullw
	CMPQ R8, $21
	JEQ  mulld
	CMPQ R8, $22
	JEQ  andy
	CMPQ R8, $23
	JEQ  ory
	CMPQ R8, $24
	JEQ  xory

done:
	RET

	IELEMS(maxub, VPMAXUB)
	IELEMS(minub, VPMINUB)
	IELEMS(maxsb, VPMAXSB)
	IELEMS(minsb, VPMINSB)
	IELEMS(maxuw, VPMAXUW)
	IELEMS(minuw, VPMINUW)
	IELEMS(maxsw, VPMAXSW)
	IELEMS(minsw, VPMINSW)
	IELEMS(maxud, VPMAXUD)
	IELEMS(minud, VPMINUD)
	IELEMS(maxsd, VPMAXSD)
	IELEMS(minsd, VPMINSD)
	IELEMS(addb, VPADDB)
	IELEMS(addw, VPADDW)
	IELEMS(addd, VPADDD)
	IELEMS(addq, VPADDQ)
	IELEMS(subb, VPSUBB)
	IELEMS(subw, VPSUBW)
	IELEMS(subd, VPSUBD)
	IELEMS(subq, VPSUBQ)
	IELEMS(mullw, VPMULLW)
	IELEMS(mulld, VPMULLD)
	IELEMS(andy, VPAND)
	IELEMS(ory, VPOR)
	IELEMS(xory, VPXOR)

// IRUN is one loop of intRun: Y0 and Y1 = INSTR of themselves and v, 64
// bytes a pass, stored back to acc.
#define IRUN(loop, INSTR) \
loop: \
	INSTR   (SI)(AX*1), Y0, Y0; \
	INSTR   32(SI)(AX*1), Y1, Y1; \
	ADDQ    $64, AX; \
	CMPQ    AX, CX; \
	JL      loop; \
	VMOVDQU Y0, (DI); \
	VMOVDQU Y1, 32(DI); \
	VZEROUPPER; \
	RET

// func intRun(op int, acc, v []byte)
TEXT ·intRun(SB), NOSPLIT, $0-56
	MOVQ    op+0(FP), R8
	MOVQ    acc_base+8(FP), DI
	MOVQ    v_base+32(FP), SI
	MOVQ    v_len+40(FP), CX
	XORQ    AX, AX
	TESTQ   CX, CX
	JEQ     rdone
	VMOVDQU (DI), Y0
	VMOVDQU 32(DI), Y1
	CMPQ    R8, $0
	JEQ     rmaxub
	CMPQ    R8, $1
	JEQ     rminub
	CMPQ    R8, $2
	JEQ     rmaxsb
	CMPQ    R8, $3
	JEQ     rminsb
	CMPQ    R8, $4
	JEQ     rmaxuw
	CMPQ    R8, $5
	JEQ     rminuw
	CMPQ    R8, $6
	JEQ     rmaxsw
	CMPQ    R8, $7
	JEQ     rminsw
	CMPQ    R8, $8
	JEQ     rmaxud
	CMPQ    R8, $9
	JEQ     rminud
	CMPQ    R8, $10
	JEQ     rmaxsd
	CMPQ    R8, $11
	JEQ     rminsd
	VZEROUPPER

rdone:
	RET

	IRUN(rmaxub, VPMAXUB)
	IRUN(rminub, VPMINUB)
	IRUN(rmaxsb, VPMAXSB)
	IRUN(rminsb, VPMINSB)
	IRUN(rmaxuw, VPMAXUW)
	IRUN(rminuw, VPMINUW)
	IRUN(rmaxsw, VPMAXSW)
	IRUN(rminsw, VPMINSW)
	IRUN(rmaxud, VPMAXUD)
	IRUN(rminud, VPMINUD)
	IRUN(rmaxsd, VPMAXSD)
	IRUN(rminsd, VPMINSD)

// func mulQ512(d, a, b []byte)
// The products of int64 pairs by VPMULLQ (AVX-512DQ), 128 bytes a pass
// over a multiple of 128 bytes.
TEXT ·mulQ512(SB), NOSPLIT, $0-72
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	XORQ AX, AX
	TESTQ CX, CX
	JEQ  mulqdone

mulqloop:
	VMOVDQU64 (SI)(AX*1), Z0
	VMOVDQU64 64(SI)(AX*1), Z1
	VPMULLQ   (DX)(AX*1), Z0, Z0
	VPMULLQ   64(DX)(AX*1), Z1, Z1
	VMOVDQU64 Z0, (DI)(AX*1)
	VMOVDQU64 Z1, 64(DI)(AX*1)
	ADDQ      $128, AX
	CMPQ      AX, CX
	JL        mulqloop
	VZEROUPPER

mulqdone:
	RET
