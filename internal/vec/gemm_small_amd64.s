//go:build amd64 && !noasm

#include "textflag.h"

// The small-B kernels of gemm_small_amd64.go (see gemmSmallKernel for
// what they compute): C's rows eight at a time, then one at a time, each
// row of C one vector of which the first n lanes are stored. Every
// accumulator starts at zero and adds its products in order with fused
// multiply-adds, then is scaled as gemmGo does, so that the bits are
// the blocked GEMM's.
//
// Registers, set by PROLOGUE: R12 is the current row (or block of rows)
// of A, R10 lda in bytes, R14 B's padded rows (64 bytes each), R9 k, DX
// C's current row, R8 ldc in bytes, R13 the rows left, AX zero when
// beta is ±0. In a block, SI, BX and R11 are its rows 0, 3 and 6,
// moving one element a step (rows 1, 2, 4, 5 and 7 are (SI)(R10*1) …
// (R11)(R10*1)), DI walks B's rows and CX counts the steps. Vectors:
// registers 0–7 are the rows' accumulators, 8 holds B's row, 9 A's
// broadcast element (AVX2) or a scratch, 13 alpha, 14 beta and 15 a
// scratch. The AVX-512 kernels store the lanes in K1 (n of them); the
// AVX2 ones, one for each n, store their n lanes piece by piece
// (through VMASKMOV, a 3×3 float64 product took 7 ns a row on AMD Zen 4,
// against 0.8 ns). R14, g in ABIInternal, is free in these ABI0
// functions. The arguments' offsets are in the PROLOGUE macros, which
// go vet does not read: the tests check them.

// PROLOGUE64 and PROLOGUE32 load the arguments into the registers
// above, alpha and beta broadcast into ALPHA and BETA.
#define PROLOGUE64(ALPHA, BETA) \
	MOVQ         m+0(FP), R13;       \
	MOVQ         k+8(FP), R9;        \
	MOVQ         a_base+16(FP), R12; \
	MOVQ         lda+40(FP), R10;    \
	SHLQ         $3, R10;            \
	MOVQ         b_base+48(FP), R14; \
	MOVQ         c_base+72(FP), DX;  \
	MOVQ         ldc+96(FP), R8;     \
	SHLQ         $3, R8;             \
	VBROADCASTSD alpha+112(FP), ALPHA; \
	VBROADCASTSD beta+120(FP), BETA;   \
	MOVQ         beta+120(FP), AX;   \
	SHLQ         $1, AX

#define PROLOGUE32(ALPHA, BETA) \
	MOVQ         m+0(FP), R13;       \
	MOVQ         k+8(FP), R9;        \
	MOVQ         a_base+16(FP), R12; \
	MOVQ         lda+40(FP), R10;    \
	SHLQ         $2, R10;            \
	MOVQ         b_base+48(FP), R14; \
	MOVQ         c_base+72(FP), DX;  \
	MOVQ         ldc+96(FP), R8;     \
	SHLQ         $2, R8;             \
	VBROADCASTSS alpha+112(FP), ALPHA; \
	VBROADCASTSS beta+116(FP), BETA;   \
	MOVL         beta+116(FP), AX;   \
	SHLL         $1, AX

// MASK puts C's first n lanes in K1 (AVX-512).
#define MASK \
	MOVQ  n+104(FP), CX; \
	MOVL  $1, BX;        \
	SHLL  CX, BX;        \
	DECL  BX;            \
	KMOVW BX, K1

// STEP8 adds one step of eight rows: B's row from DI into BV, A's
// elements broadcast by the FMAs themselves (AVX-512). STEP8X is the
// same for AVX2, each element of A broadcast into AV first.
#define STEP8(MOV, BCAST, FMA, BV, AV, V0, V1, V2, V3, V4, V5, V6, V7) \
	MOV      (DI), BV;            \
	FMA.BCST (SI), BV, V0;        \
	FMA.BCST (SI)(R10*1), BV, V1; \
	FMA.BCST (SI)(R10*2), BV, V2; \
	FMA.BCST (BX), BV, V3;        \
	FMA.BCST (BX)(R10*1), BV, V4; \
	FMA.BCST (BX)(R10*2), BV, V5; \
	FMA.BCST (R11), BV, V6;       \
	FMA.BCST (R11)(R10*1), BV, V7

#define STEP8X(MOV, BCAST, FMA, BV, AV, V0, V1, V2, V3, V4, V5, V6, V7) \
	MOV   (DI), BV;         \
	BCAST (SI), AV;         \
	FMA   BV, AV, V0;       \
	BCAST (SI)(R10*1), AV;  \
	FMA   BV, AV, V1;       \
	BCAST (SI)(R10*2), AV;  \
	FMA   BV, AV, V2;       \
	BCAST (BX), AV;         \
	FMA   BV, AV, V3;       \
	BCAST (BX)(R10*1), AV;  \
	FMA   BV, AV, V4;       \
	BCAST (BX)(R10*2), AV;  \
	FMA   BV, AV, V5;       \
	BCAST (R11), AV;        \
	FMA   BV, AV, V6;       \
	BCAST (R11)(R10*1), AV; \
	FMA   BV, AV, V7

// BODY is a kernel after its prologue, over the vectors V0–V9 (Y or Z
// registers; X0–X7 name the low lanes of V0–V7): ZERO clears a vector,
// STEP is STEP8 or STEP8X with MOV, BCAST and FMA, SIZE is the element
// size, OVER(V, X) stores alpha·V into C's row at DX and BETA(V, X)
// alpha·V + beta·C, both moving DX to the next row.
#define BODY(SIZE, ZERO, MOV, BCAST, FMA, STEP, OVER, BETA, V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, X0, X1, X2, X3, X4, X5, X6, X7) \
	SUBQ  $8, R13;                \
	JL    tail;                   \
block:                            \
	MOVQ  R12, SI;                \
	LEAQ  (R12)(R10*2), BX;       \
	ADDQ  R10, BX;                \
	LEAQ  (BX)(R10*2), R11;       \
	ADDQ  R10, R11;               \
	MOVQ  R14, DI;                \
	MOVQ  R9, CX;                 \
	ZERO  V0, V0, V0;             \
	ZERO  V1, V1, V1;             \
	ZERO  V2, V2, V2;             \
	ZERO  V3, V3, V3;             \
	ZERO  V4, V4, V4;             \
	ZERO  V5, V5, V5;             \
	ZERO  V6, V6, V6;             \
	ZERO  V7, V7, V7;             \
step:                             \
	STEP(MOV, BCAST, FMA, V8, V9, V0, V1, V2, V3, V4, V5, V6, V7); \
	ADDQ  $SIZE, SI;              \
	ADDQ  $SIZE, BX;              \
	ADDQ  $SIZE, R11;             \
	ADDQ  $64, DI;                \
	DECQ  CX;                     \
	JNZ   step;                   \
	TESTQ AX, AX;                 \
	JZ    over;                   \
	BETA(V0, X0);                 \
	BETA(V1, X1);                 \
	BETA(V2, X2);                 \
	BETA(V3, X3);                 \
	BETA(V4, X4);                 \
	BETA(V5, X5);                 \
	BETA(V6, X6);                 \
	BETA(V7, X7);                 \
	JMP   next;                   \
over:                             \
	OVER(V0, X0);                 \
	OVER(V1, X1);                 \
	OVER(V2, X2);                 \
	OVER(V3, X3);                 \
	OVER(V4, X4);                 \
	OVER(V5, X5);                 \
	OVER(V6, X6);                 \
	OVER(V7, X7);                 \
next:                             \
	LEAQ  (R12)(R10*8), R12;      \
	SUBQ  $8, R13;                \
	JGE   block;                  \
tail:                             \
	ADDQ  $8, R13;                \
	JZ    done;                   \
row:                              \
	MOVQ  R12, SI;                \
	MOVQ  R14, DI;                \
	MOVQ  R9, CX;                 \
	ZERO  V0, V0, V0;             \
rstep:                            \
	BCAST (SI), V8;               \
	FMA   (DI), V8, V0;           \
	ADDQ  $SIZE, SI;              \
	ADDQ  $64, DI;                \
	DECQ  CX;                     \
	JNZ   rstep;                  \
	TESTQ AX, AX;                 \
	JZ    rover;                  \
	BETA(V0, X0);                 \
	JMP   rnext;                  \
rover:                            \
	OVER(V0, X0);                 \
rnext:                            \
	ADDQ  R10, R12;               \
	DECQ  R13;                    \
	JNZ   row;                    \
done:                             \
	VZEROUPPER;                   \
	RET

#define BODYZ(SIZE, MOV, BCAST, FMA, OVER, BETA) \
	BODY(SIZE, VPXORQ, MOV, BCAST, FMA, STEP8, OVER, BETA, Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, X0, X1, X2, X3, X4, X5, X6, X7)

#define BODYY(SIZE, ZERO, MOV, BCAST, FMA, STEP, OVER, BETA) \
	BODY(SIZE, ZERO, MOV, BCAST, FMA, STEP, OVER, BETA, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, X0, X1, X2, X3, X4, X5, X6, X7)

// The AVX-512 rows: through the lanes of K1, scaled by alpha (and beta·C
// rounded first, then one fused step).
#define OVERK(MUL, MOV, ALPHA, V) \
	MUL  V, ALPHA, V; \
	MOV  V, K1, (DX); \
	ADDQ R8, DX

#define BETAK(MUL, FMA, MOV, ALPHA, BETAV, T, V) \
	MUL.Z (DX), BETAV, K1, T; \
	FMA   V, ALPHA, T;        \
	MOV   T, K1, (DX);        \
	ADDQ  R8, DX

#define OVERKZD(V, X) OVERK(VMULPD, VMOVUPD, Z13, V)
#define BETAKZD(V, X) BETAK(VMULPD, VFMADD231PD, VMOVUPD, Z13, Z14, Z15, V)
#define OVERKYD(V, X) OVERK(VMULPD, VMOVUPD, Y13, V)
#define BETAKYD(V, X) BETAK(VMULPD, VFMADD231PD, VMOVUPD, Y13, Y14, Y15, V)
#define OVERKZS(V, X) OVERK(VMULPS, VMOVUPS, Z13, V)
#define BETAKZS(V, X) BETAK(VMULPS, VFMADD231PS, VMOVUPS, Z13, Z14, Z15, V)
#define OVERKYS(V, X) OVERK(VMULPS, VMOVUPS, Y13, V)
#define BETAKYS(V, X) BETAK(VMULPS, VFMADD231PS, VMOVUPS, Y13, Y14, Y15, V)

// The AVX2 rows: STORE(V, X) stores the first n lanes of V at DX (and
// may overwrite V), LOAD(V, X) loads n lanes from DX into V (the others
// zero), using X9 as scratch; one pair for each n, Dn for float64 and
// Sn for float32.
#define OVERX(MUL, STORE, V, X) \
	MUL   V, Y13, V; \
	STORE(V, X);     \
	ADDQ  R8, DX

#define BETAX(MUL, FMA, LOAD, STORE, V, X) \
	LOAD(Y15, X15);     \
	MUL   Y15, Y14, Y15; \
	FMA   V, Y13, Y15;   \
	STORE(Y15, X15);    \
	ADDQ  R8, DX

#define STORED1(V, X) VMOVSD X, (DX)
#define LOADD1(V, X) VMOVSD (DX), X
#define STORED2(V, X) VMOVUPD X, (DX)
#define LOADD2(V, X) VMOVUPD (DX), X
#define STORED3(V, X) \
	VMOVUPD      X, (DX);  \
	VEXTRACTF128 $1, V, X; \
	VMOVSD       X, 16(DX)
#define LOADD3(V, X) \
	VMOVSD      16(DX), X9; \
	VMOVUPD     (DX), X;    \
	VINSERTF128 $1, X9, V, V
#define STORED4(V, X) VMOVUPD V, (DX)
#define LOADD4(V, X) VMOVUPD (DX), V

#define STORES1(V, X) VMOVSS X, (DX)
#define LOADS1(V, X) VMOVSS (DX), X
#define STORES2(V, X) VMOVSD X, (DX)
#define LOADS2(V, X) VMOVSD (DX), X
#define STORES3(V, X) \
	VMOVSD     X, (DX); \
	VEXTRACTPS $2, X, 8(DX)
#define LOADS3(V, X) \
	VMOVSD    (DX), X; \
	VINSERTPS $0x20, 8(DX), X, X
#define STORES4(V, X) VMOVUPS X, (DX)
#define LOADS4(V, X) VMOVUPS (DX), X
#define STORES5(V, X) \
	VMOVUPS      X, (DX);  \
	VEXTRACTF128 $1, V, X; \
	VMOVSS       X, 16(DX)
#define LOADS5(V, X) \
	VMOVSS      16(DX), X9; \
	VMOVUPS     (DX), X;    \
	VINSERTF128 $1, X9, V, V
#define STORES6(V, X) \
	VMOVUPS      X, (DX);  \
	VEXTRACTF128 $1, V, X; \
	VMOVSD       X, 16(DX)
#define LOADS6(V, X) \
	VMOVSD      16(DX), X9; \
	VMOVUPS     (DX), X;    \
	VINSERTF128 $1, X9, V, V
#define STORES7(V, X) \
	VMOVUPS      X, (DX);  \
	VEXTRACTF128 $1, V, X; \
	VMOVSD       X, 16(DX); \
	VEXTRACTPS   $2, X, 24(DX)
#define LOADS7(V, X) \
	VMOVSD      16(DX), X9;            \
	VINSERTPS   $0x20, 24(DX), X9, X9; \
	VMOVUPS     (DX), X;               \
	VINSERTF128 $1, X9, V, V
#define STORES8(V, X) VMOVUPS V, (DX)
#define LOADS8(V, X) VMOVUPS (DX), V

#define OVERD1(V, X) OVERX(VMULPD, STORED1, V, X)
#define BETAD1(V, X) BETAX(VMULPD, VFMADD231PD, LOADD1, STORED1, V, X)
#define OVERD2(V, X) OVERX(VMULPD, STORED2, V, X)
#define BETAD2(V, X) BETAX(VMULPD, VFMADD231PD, LOADD2, STORED2, V, X)
#define OVERD3(V, X) OVERX(VMULPD, STORED3, V, X)
#define BETAD3(V, X) BETAX(VMULPD, VFMADD231PD, LOADD3, STORED3, V, X)
#define OVERD4(V, X) OVERX(VMULPD, STORED4, V, X)
#define BETAD4(V, X) BETAX(VMULPD, VFMADD231PD, LOADD4, STORED4, V, X)
#define OVERS1(V, X) OVERX(VMULPS, STORES1, V, X)
#define BETAS1(V, X) BETAX(VMULPS, VFMADD231PS, LOADS1, STORES1, V, X)
#define OVERS2(V, X) OVERX(VMULPS, STORES2, V, X)
#define BETAS2(V, X) BETAX(VMULPS, VFMADD231PS, LOADS2, STORES2, V, X)
#define OVERS3(V, X) OVERX(VMULPS, STORES3, V, X)
#define BETAS3(V, X) BETAX(VMULPS, VFMADD231PS, LOADS3, STORES3, V, X)
#define OVERS4(V, X) OVERX(VMULPS, STORES4, V, X)
#define BETAS4(V, X) BETAX(VMULPS, VFMADD231PS, LOADS4, STORES4, V, X)
#define OVERS5(V, X) OVERX(VMULPS, STORES5, V, X)
#define BETAS5(V, X) BETAX(VMULPS, VFMADD231PS, LOADS5, STORES5, V, X)
#define OVERS6(V, X) OVERX(VMULPS, STORES6, V, X)
#define BETAS6(V, X) BETAX(VMULPS, VFMADD231PS, LOADS6, STORES6, V, X)
#define OVERS7(V, X) OVERX(VMULPS, STORES7, V, X)
#define BETAS7(V, X) BETAX(VMULPS, VFMADD231PS, LOADS7, STORES7, V, X)
#define OVERS8(V, X) OVERX(VMULPS, STORES8, V, X)
#define BETAS8(V, X) BETAX(VMULPS, VFMADD231PS, LOADS8, STORES8, V, X)

#define BODYXD(OVER, BETA) BODYY(8, VXORPD, VMOVUPD, VBROADCASTSD, VFMADD231PD, STEP8X, OVER, BETA)
#define BODYXS(OVER, BETA) BODYY(4, VXORPS, VMOVUPS, VBROADCASTSS, VFMADD231PS, STEP8X, OVER, BETA)

// BODYXD2 is BODY for the AVX2 float64 kernels of 4 < n ≤ 8: two
// vectors a row (V, W: lanes 0–3 and 4–7), so four rows a block (their
// accumulators Y0–Y7, a row's pair Y2r and Y2r+1), B's row in Y8 and
// Y10. OVER(V, W, X) and BETA(V, W, X) are OVERX2 and BETAX2 with the
// STORE and LOAD of the n-4 lanes of W (low lanes in X).
#define BODYXD2(OVER, BETA) \
	SUBQ         $4, R13;            \
	JL           tail;               \
block:                               \
	MOVQ         R12, SI;            \
	LEAQ         (R12)(R10*2), BX;   \
	ADDQ         R10, BX;            \
	MOVQ         R14, DI;            \
	MOVQ         R9, CX;             \
	VXORPD       Y0, Y0, Y0;         \
	VXORPD       Y1, Y1, Y1;         \
	VXORPD       Y2, Y2, Y2;         \
	VXORPD       Y3, Y3, Y3;         \
	VXORPD       Y4, Y4, Y4;         \
	VXORPD       Y5, Y5, Y5;         \
	VXORPD       Y6, Y6, Y6;         \
	VXORPD       Y7, Y7, Y7;         \
step:                                \
	VMOVUPD      (DI), Y8;           \
	VMOVUPD      32(DI), Y10;        \
	VBROADCASTSD (SI), Y9;           \
	VFMADD231PD  Y8, Y9, Y0;         \
	VFMADD231PD  Y10, Y9, Y1;        \
	VBROADCASTSD (SI)(R10*1), Y9;    \
	VFMADD231PD  Y8, Y9, Y2;         \
	VFMADD231PD  Y10, Y9, Y3;        \
	VBROADCASTSD (SI)(R10*2), Y9;    \
	VFMADD231PD  Y8, Y9, Y4;         \
	VFMADD231PD  Y10, Y9, Y5;        \
	VBROADCASTSD (BX), Y9;           \
	VFMADD231PD  Y8, Y9, Y6;         \
	VFMADD231PD  Y10, Y9, Y7;        \
	ADDQ         $8, SI;             \
	ADDQ         $8, BX;             \
	ADDQ         $64, DI;            \
	DECQ         CX;                 \
	JNZ          step;               \
	TESTQ        AX, AX;             \
	JZ           over;               \
	BETA(Y0, Y1, X1);                \
	BETA(Y2, Y3, X3);                \
	BETA(Y4, Y5, X5);                \
	BETA(Y6, Y7, X7);                \
	JMP          next;               \
over:                                \
	OVER(Y0, Y1, X1);                \
	OVER(Y2, Y3, X3);                \
	OVER(Y4, Y5, X5);                \
	OVER(Y6, Y7, X7);                \
next:                                \
	LEAQ         (R12)(R10*4), R12;  \
	SUBQ         $4, R13;            \
	JGE          block;              \
tail:                                \
	ADDQ         $4, R13;            \
	JZ           done;               \
row:                                 \
	MOVQ         R12, SI;            \
	MOVQ         R14, DI;            \
	MOVQ         R9, CX;             \
	VXORPD       Y0, Y0, Y0;         \
	VXORPD       Y1, Y1, Y1;         \
rstep:                               \
	VBROADCASTSD (SI), Y9;           \
	VFMADD231PD  (DI), Y9, Y0;       \
	VFMADD231PD  32(DI), Y9, Y1;     \
	ADDQ         $8, SI;             \
	ADDQ         $64, DI;            \
	DECQ         CX;                 \
	JNZ          rstep;              \
	TESTQ        AX, AX;             \
	JZ           rover;              \
	BETA(Y0, Y1, X1);                \
	JMP          rnext;              \
rover:                               \
	OVER(Y0, Y1, X1);                \
rnext:                               \
	ADDQ         R10, R12;           \
	DECQ         R13;                \
	JNZ          row;                \
done:                                \
	VZEROUPPER;                      \
	RET

#define OVERX2(STORE, V, W, X) \
	VMULPD  V, Y13, V;          \
	VMULPD  W, Y13, W;          \
	VMOVUPD V, (DX);            \
	ADDQ    $32, DX;            \
	STORE(W, X);                \
	LEAQ    -32(DX)(R8*1), DX

#define BETAX2(LOAD, STORE, V, W, X) \
	VMOVUPD     (DX), Y15;       \
	VMULPD      Y15, Y14, Y15;   \
	VFMADD231PD V, Y13, Y15;     \
	VMOVUPD     Y15, (DX);       \
	ADDQ        $32, DX;         \
	LOAD(Y12, X12);              \
	VMULPD      Y12, Y14, Y12;   \
	VFMADD231PD W, Y13, Y12;     \
	STORE(Y12, X12);             \
	LEAQ        -32(DX)(R8*1), DX

#define OVERD5(V, W, X) OVERX2(STORED1, V, W, X)
#define BETAD5(V, W, X) BETAX2(LOADD1, STORED1, V, W, X)
#define OVERD6(V, W, X) OVERX2(STORED2, V, W, X)
#define BETAD6(V, W, X) BETAX2(LOADD2, STORED2, V, W, X)
#define OVERD7(V, W, X) OVERX2(STORED3, V, W, X)
#define BETAD7(V, W, X) BETAX2(LOADD3, STORED3, V, W, X)
#define OVERD8(V, W, X) OVERX2(STORED4, V, W, X)
#define BETAD8(V, W, X) BETAX2(LOADD4, STORED4, V, W, X)

// func gemmSmallAVX512F64Z(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX512F64Z(SB), NOSPLIT, $0-128
	MASK
	PROLOGUE64(Z13, Z14)
	BODYZ(8, VMOVUPD, VBROADCASTSD, VFMADD231PD, OVERKZD, BETAKZD)

// func gemmSmallAVX512F64Y(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX512F64Y(SB), NOSPLIT, $0-128
	MASK
	PROLOGUE64(Y13, Y14)
	BODYY(8, VPXORQ, VMOVUPD, VBROADCASTSD, VFMADD231PD, STEP8, OVERKYD, BETAKYD)

// func gemmSmallAVX512F32Z(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX512F32Z(SB), NOSPLIT, $0-120
	MASK
	PROLOGUE32(Z13, Z14)
	BODYZ(4, VMOVUPS, VBROADCASTSS, VFMADD231PS, OVERKZS, BETAKZS)

// func gemmSmallAVX512F32Y(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX512F32Y(SB), NOSPLIT, $0-120
	MASK
	PROLOGUE32(Y13, Y14)
	BODYY(4, VPXORQ, VMOVUPS, VBROADCASTSS, VFMADD231PS, STEP8, OVERKYS, BETAKYS)

// func gemmSmallAVX2F64N1(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N1(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD(OVERD1, BETAD1)

// func gemmSmallAVX2F64N2(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N2(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD(OVERD2, BETAD2)

// func gemmSmallAVX2F64N3(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N3(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD(OVERD3, BETAD3)

// func gemmSmallAVX2F64N4(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N4(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD(OVERD4, BETAD4)

// func gemmSmallAVX2F64N5(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N5(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD2(OVERD5, BETAD5)

// func gemmSmallAVX2F64N6(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N6(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD2(OVERD6, BETAD6)

// func gemmSmallAVX2F64N7(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N7(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD2(OVERD7, BETAD7)

// func gemmSmallAVX2F64N8(m, k int, a []float64, lda int, b, c []float64, ldc, n int, alpha, beta float64)
TEXT ·gemmSmallAVX2F64N8(SB), NOSPLIT, $0-128
	PROLOGUE64(Y13, Y14)
	BODYXD2(OVERD8, BETAD8)

// func gemmSmallAVX2F32N1(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N1(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS1, BETAS1)

// func gemmSmallAVX2F32N2(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N2(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS2, BETAS2)

// func gemmSmallAVX2F32N3(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N3(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS3, BETAS3)

// func gemmSmallAVX2F32N4(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N4(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS4, BETAS4)

// func gemmSmallAVX2F32N5(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N5(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS5, BETAS5)

// func gemmSmallAVX2F32N6(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N6(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS6, BETAS6)

// func gemmSmallAVX2F32N7(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N7(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS7, BETAS7)

// func gemmSmallAVX2F32N8(m, k int, a []float32, lda int, b, c []float32, ldc, n int, alpha, beta float32)
TEXT ·gemmSmallAVX2F32N8(SB), NOSPLIT, $0-120
	PROLOGUE32(Y13, Y14)
	BODYXS(OVERS8, BETAS8)
