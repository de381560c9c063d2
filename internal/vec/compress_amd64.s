//go:build amd64 && !noasm

#include "textflag.h"

// func compress64(d, src []uint64, flags []byte) (n, q int)
TEXT ·compress64(SB), NOSPLIT, $0-88
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), R8
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), R9
	MOVQ flags_base+48(FP), BX
	XORQ CX, CX                    // elements of src read
	XORQ DX, DX                    // elements of d written
	SUBQ $8, R8                    // the last q a pass can store at
	SUBQ $8, R9                    // the last i a pass can read at

loop64:
	CMPQ      CX, R9
	JGT       done64
	CMPQ      DX, R8
	JGT       done64
	VMOVQ     (BX)(CX*1), X0
	VPTESTMB  X0, X0, K1           // a bit per kept element
	VMOVDQU64 (SI)(CX*8), Z1
	VPCOMPRESSQ Z1, K1, Z2
	VMOVDQU64 Z2, (DI)(DX*8)       // the kept ones first; the rest is overwritten later
	KMOVW     K1, AX
	POPCNTL   AX, AX
	ADDQ      AX, DX
	ADDQ      $8, CX
	JMP       loop64

done64:
	MOVQ CX, n+72(FP)
	MOVQ DX, q+80(FP)
	VZEROUPPER
	RET

// func compress32(d, src []uint32, flags []byte) (n, q int)
TEXT ·compress32(SB), NOSPLIT, $0-88
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), R8
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), R9
	MOVQ flags_base+48(FP), BX
	XORQ CX, CX
	XORQ DX, DX
	SUBQ $16, R8
	SUBQ $16, R9

loop32:
	CMPQ      CX, R9
	JGT       done32
	CMPQ      DX, R8
	JGT       done32
	VMOVDQU   (BX)(CX*1), X0
	VPTESTMB  X0, X0, K1
	VMOVDQU32 (SI)(CX*4), Z1
	VPCOMPRESSD Z1, K1, Z2
	VMOVDQU32 Z2, (DI)(DX*4)
	KMOVW     K1, AX
	POPCNTL   AX, AX
	ADDQ      AX, DX
	ADDQ      $16, CX
	JMP       loop32

done32:
	MOVQ CX, n+72(FP)
	MOVQ DX, q+80(FP)
	VZEROUPPER
	RET
