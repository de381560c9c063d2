//go:build amd64 && !noasm

#include "textflag.h"

// func transposeTile32(dst []uint32, ds int, src []uint32, ss int, r, c int)
TEXT ·transposeTile32(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ ds+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ ss+56(FP), R8
	MOVQ r+64(FP), R10
	MOVQ c+72(FP), R11
	SHLQ $2, R8                    // a source row, bytes
	SHLQ $2, R9                    // a destination row, bytes
	LEAQ (R8)(R8*2), R14
	LEAQ (R9)(R9*2), R15
	XORQ R12, R12                  // source row i

rows32:
	CMPQ  R12, R10
	JGE   done32
	MOVQ  R12, AX
	IMULQ R8, AX
	ADDQ  SI, AX                   // &src[i*ss]
	LEAQ  (DI)(R12*4), BX          // &dst[i]
	XORQ  R13, R13                 // source column j

cols32:
	CMPQ       R13, R11
	JGE        next32
	LEAQ       (AX)(R13*4), CX
	LEAQ       (CX)(R8*4), DX
	VMOVUPS    (CX), Y0
	VMOVUPS    (CX)(R8*1), Y1
	VMOVUPS    (CX)(R8*2), Y2
	VMOVUPS    (CX)(R14*1), Y3
	VMOVUPS    (DX), Y4
	VMOVUPS    (DX)(R8*1), Y5
	VMOVUPS    (DX)(R8*2), Y6
	VMOVUPS    (DX)(R14*1), Y7
	VUNPCKLPS  Y1, Y0, Y8
	VUNPCKHPS  Y1, Y0, Y9
	VUNPCKLPS  Y3, Y2, Y10
	VUNPCKHPS  Y3, Y2, Y11
	VUNPCKLPS  Y5, Y4, Y12
	VUNPCKHPS  Y5, Y4, Y13
	VUNPCKLPS  Y7, Y6, Y14
	VUNPCKHPS  Y7, Y6, Y15
	VSHUFPS    $0x44, Y10, Y8, Y0  // columns 0 and 4 of rows 0-3
	VSHUFPS    $0xEE, Y10, Y8, Y1  // 1 and 5
	VSHUFPS    $0x44, Y11, Y9, Y2  // 2 and 6
	VSHUFPS    $0xEE, Y11, Y9, Y3  // 3 and 7
	VSHUFPS    $0x44, Y14, Y12, Y4 // the same of rows 4-7
	VSHUFPS    $0xEE, Y14, Y12, Y5
	VSHUFPS    $0x44, Y15, Y13, Y6
	VSHUFPS    $0xEE, Y15, Y13, Y7
	MOVQ       R13, CX
	IMULQ      R9, CX
	ADDQ       BX, CX              // &dst[j*ds + i]
	LEAQ       (CX)(R9*4), DX
	VPERM2F128 $0x20, Y4, Y0, Y8
	VMOVUPS    Y8, (CX)
	VPERM2F128 $0x20, Y5, Y1, Y8
	VMOVUPS    Y8, (CX)(R9*1)
	VPERM2F128 $0x20, Y6, Y2, Y8
	VMOVUPS    Y8, (CX)(R9*2)
	VPERM2F128 $0x20, Y7, Y3, Y8
	VMOVUPS    Y8, (CX)(R15*1)
	VPERM2F128 $0x31, Y4, Y0, Y8
	VMOVUPS    Y8, (DX)
	VPERM2F128 $0x31, Y5, Y1, Y8
	VMOVUPS    Y8, (DX)(R9*1)
	VPERM2F128 $0x31, Y6, Y2, Y8
	VMOVUPS    Y8, (DX)(R9*2)
	VPERM2F128 $0x31, Y7, Y3, Y8
	VMOVUPS    Y8, (DX)(R15*1)
	ADDQ       $8, R13
	JMP        cols32

next32:
	ADDQ $8, R12
	JMP  rows32

done32:
	VZEROUPPER
	RET

// func transposeTile64(dst []uint64, ds int, src []uint64, ss int, r, c int)
TEXT ·transposeTile64(SB), NOSPLIT, $0-80
	MOVQ dst_base+0(FP), DI
	MOVQ ds+24(FP), R9
	MOVQ src_base+32(FP), SI
	MOVQ ss+56(FP), R8
	MOVQ r+64(FP), R10
	MOVQ c+72(FP), R11
	SHLQ $3, R8
	SHLQ $3, R9
	LEAQ (R8)(R8*2), R14
	LEAQ (R9)(R9*2), R15
	XORQ R12, R12

rows64:
	CMPQ  R12, R10
	JGE   done64
	MOVQ  R12, AX
	IMULQ R8, AX
	ADDQ  SI, AX
	LEAQ  (DI)(R12*8), BX
	XORQ  R13, R13

cols64:
	CMPQ       R13, R11
	JGE        next64
	LEAQ       (AX)(R13*8), CX
	VMOVUPD    (CX), Y0
	VMOVUPD    (CX)(R8*1), Y1
	VMOVUPD    (CX)(R8*2), Y2
	VMOVUPD    (CX)(R14*1), Y3
	VUNPCKLPD  Y1, Y0, Y4          // columns 0 and 2 of rows 0-1
	VUNPCKHPD  Y1, Y0, Y5          // 1 and 3
	VUNPCKLPD  Y3, Y2, Y6          // the same of rows 2-3
	VUNPCKHPD  Y3, Y2, Y7
	MOVQ       R13, CX
	IMULQ      R9, CX
	ADDQ       BX, CX
	VPERM2F128 $0x20, Y6, Y4, Y0
	VMOVUPD    Y0, (CX)
	VPERM2F128 $0x20, Y7, Y5, Y1
	VMOVUPD    Y1, (CX)(R9*1)
	VPERM2F128 $0x31, Y6, Y4, Y2
	VMOVUPD    Y2, (CX)(R9*2)
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD    Y3, (CX)(R15*1)
	ADDQ       $4, R13
	JMP        cols64

next64:
	ADDQ $4, R12
	JMP  rows64

done64:
	VZEROUPPER
	RET
