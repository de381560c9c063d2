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

// func partitionLess(v, tmp []float64, pivot float64) (l, r int)
TEXT ·partitionLess(SB), NOSPLIT, $0-72
	MOVQ         v_base+0(FP), SI
	MOVQ         v_len+8(FP), CX
	MOVQ         tmp_base+24(FP), DI
	VBROADCASTSD pivot+48(FP), Z3
	XORQ         AX, AX            // elements read
	XORQ         BX, BX            // elements less than pivot, kept in v
	XORQ         DX, DX            // the others, in tmp
	ANDQ         $~7, CX

ploop:
	CMPQ        AX, CX
	JGE         pdone
	VMOVUPD     (SI)(AX*8), Z0
	VCMPPD      $0x11, Z3, Z0, K1  // x < pivot (false for NaN)
	KNOTW       K1, K2
	VCOMPRESSPD Z0, K1, Z1
	VCOMPRESSPD Z0, K2, Z2
	VMOVUPD     Z1, (SI)(BX*8)     // BX <= AX: overwrites only what was read
	VMOVUPD     Z2, (DI)(DX*8)
	KMOVW       K1, R8
	POPCNTL     R8, R8
	ADDQ        R8, BX
	ADDQ        $8, DX
	SUBQ        R8, DX
	ADDQ        $8, AX
	JMP         ploop

pdone:
	MOVQ BX, l+56(FP)
	MOVQ DX, r+64(FP)
	VZEROUPPER
	RET
