//go:build amd64 && !noasm

#include "textflag.h"

// DIV16(CVT, CVTBACK) divides the sixteen 4-byte integers at SI+AX*4,
// converted to float64 by CVT, by y (Z31): q = floor(x/y) is exact, the
// correctly rounded quotient of integers below 2⁵³ never crossing an
// integer; with mod (R9) the remainder x − q·y, exact by the FMA; the
// results converted back by CVTBACK and stored at DI+AX*4.
#define DIV16(CVT, CVTBACK, store) \
	CVT          (SI)(AX*4), Z0; \
	CVT          32(SI)(AX*4), Z1; \
	VDIVPD       Z31, Z0, Z2; \
	VDIVPD       Z31, Z1, Z3; \
	VRNDSCALEPD  $9, Z2, Z2; \
	VRNDSCALEPD  $9, Z3, Z3; \
	TESTQ        R9, R9; \
	JZ           store; \
	VFNMADD231PD Z31, Z2, Z0; \
	VFNMADD231PD Z31, Z3, Z1; \
	VMOVAPD      Z0, Z2; \
	VMOVAPD      Z1, Z3; \
store: \
	CVTBACK      Z2, Y4; \
	CVTBACK      Z3, Y5; \
	VMOVDQU      Y4, (DI)(AX*4); \
	VMOVDQU      Y5, 32(DI)(AX*4); \
	ADDQ         $16, AX

// func floorDivD512(mod, unsigned bool, d, x []uint32, y int64)
// NumPy's floor_divide (or remainder, mod) of the int32 (or uint32)
// x[i] by a y in [1, 2³²), sixteen a pass with AVX-512F/DQ; len(d) is a
// multiple of sixteen.
TEXT ·floorDivD512(SB), NOSPLIT, $0-64
	MOVBQZX      mod+0(FP), R9
	MOVQ         d_base+8(FP), DI
	MOVQ         d_len+16(FP), CX
	MOVQ         x_base+32(FP), SI
	VPBROADCASTQ y+56(FP), Z30
	VCVTQQ2PD    Z30, Z31
	XORQ         AX, AX
	CMPQ         AX, CX
	JGE          done
	CMPB         unsigned+1(FP), $0
	JNE          unsignedLoop

signedLoop:
	DIV16(VCVTDQ2PD, VCVTTPD2DQ, signedStore)
	CMPQ AX, CX
	JL   signedLoop
	JMP  done

unsignedLoop:
	DIV16(VCVTUDQ2PD, VCVTTPD2UDQ, unsignedStore)
	CMPQ AX, CX
	JL   unsignedLoop

done:
	VZEROUPPER
	RET

// DIVS16(LOAD, scale, STORE, store) divides the sixteen 1- or 2-byte
// integers (scale bytes) at SI+AX*scale, extended to int32 by LOAD and
// converted to float32, by y (Z31 as float32): below 2¹⁶ the quotient
// floors exactly in float32 and the remainder is exact by the FMA, as
// in DIV16; STORE narrows the results back to DI+AX*scale.
#define DIVS16(LOAD, scale, STORE, store) \
	LOAD         (SI)(AX*scale), Z0; \
	VCVTDQ2PS    Z0, Z0; \
	VDIVPS       Z31, Z0, Z2; \
	VRNDSCALEPS  $9, Z2, Z2; \
	TESTQ        R9, R9; \
	JZ           store; \
	VFNMADD231PS Z31, Z2, Z0; \
	VMOVAPS      Z0, Z2; \
store: \
	VCVTTPS2DQ   Z2, Z2; \
	STORE        Z2, (DI)(AX*scale); \
	ADDQ         $16, AX

// func floorDivS512(mod bool, size int, unsigned bool, d, x []byte, y int64)
// NumPy's floor_divide (or remainder, mod) of the 1- or 2-byte integers
// (size) in x by a y in [1, 2¹⁶), sixteen a pass with AVX-512F; d and x
// hold a multiple of sixteen of them.
TEXT ·floorDivS512(SB), NOSPLIT, $0-80
	MOVBQZX      mod+0(FP), R9
	MOVQ         size+8(FP), R8
	MOVQ         d_base+24(FP), DI
	MOVQ         d_len+32(FP), CX
	MOVQ         x_base+48(FP), SI
	MOVQ         y+72(FP), AX
	CVTSQ2SS     AX, X0
	VBROADCASTSS X0, Z31
	XORQ         AX, AX
	CMPQ         AX, CX
	JGE          sdone
	CMPQ         R8, $2
	JEQ          words
	CMPB         unsigned+16(FP), $0
	JNE          bytesU

bytesS:
	DIVS16(VPMOVSXBD, 1, VPMOVDB, bytesSStore)
	CMPQ AX, CX
	JL   bytesS
	JMP  sdone

bytesU:
	DIVS16(VPMOVZXBD, 1, VPMOVDB, bytesUStore)
	CMPQ AX, CX
	JL   bytesU
	JMP  sdone

words:
	SHRQ $1, CX
	CMPB unsigned+16(FP), $0
	JNE  wordsU

wordsS:
	DIVS16(VPMOVSXWD, 2, VPMOVDW, wordsSStore)
	CMPQ AX, CX
	JL   wordsS
	JMP  sdone

wordsU:
	DIVS16(VPMOVZXWD, 2, VPMOVDW, wordsUStore)
	CMPQ AX, CX
	JL   wordsU

sdone:
	VZEROUPPER
	RET
