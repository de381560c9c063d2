//go:build amd64 && !noasm

#include "textflag.h"

// The float32 twins of vec_amd64.s's ELEM4 and NANELEM4 loops: eight
// lanes a register, sixteen elements a pass.

// COMB32 sets Y0 to the extreme of Y0 and Y1 lane by lane: VEXT in both
// operand orders, combined by VCOMB (and for max, or for min), so that +0
// beats -0 for max and -0 beats +0 for min whatever the order.
#define COMB32(VEXT, VCOMB) \
	VEXT  Y1, Y0, Y4; \
	VEXT  Y0, Y1, Y5; \
	VCOMB Y4, Y5, Y0

// ELEM8 sets the eight float32 at byte offset off of DI to the extreme of
// those of SI and DX, or to their sum (a NaN) where either is NaN.
#define ELEM8(off, VEXT, VCOMB) \
	VMOVUPS   off(SI)(AX*4), Y0; \
	VMOVUPS   off(DX)(AX*4), Y1; \
	VCMPPS    $3, Y1, Y0, Y2; \
	VADDPS    Y1, Y0, Y3; \
	COMB32(VEXT, VCOMB); \
	VBLENDVPS Y2, Y3, Y0, Y0; \
	VMOVUPS   Y0, off(DI)(AX*4)

// NANELEM8 is ELEM8 skipping NaN: a NaN lane of one operand takes the
// other's value first, so a lane is NaN only when both are.
#define NANELEM8(off, VEXT, VCOMB) \
	VMOVUPS   off(SI)(AX*4), Y0; \
	VMOVUPS   off(DX)(AX*4), Y1; \
	VCMPPS    $3, Y1, Y1, Y2; \
	VBLENDVPS Y2, Y0, Y1, Y1; \
	VCMPPS    $3, Y0, Y0, Y2; \
	VBLENDVPS Y2, Y1, Y0, Y0; \
	COMB32(VEXT, VCOMB); \
	VMOVUPS   Y0, off(DI)(AX*4)

#define ELEMSF32(name, STEP, VEXT, VCOMB) \
TEXT name(SB), NOSPLIT, $0-72; \
	MOVQ d_base+0(FP), DI; \
	MOVQ d_len+8(FP), CX; \
	MOVQ a_base+24(FP), SI; \
	MOVQ b_base+48(FP), DX; \
	XORQ AX, AX; \
loop: \
	STEP(0, VEXT, VCOMB); \
	STEP(32, VEXT, VCOMB); \
	ADDQ $16, AX; \
	CMPQ AX, CX; \
	JL   loop; \
	VZEROUPPER; \
	RET

ELEMSF32(·maxElemsF32, ELEM8, VMAXPS, VANDPS)
ELEMSF32(·minElemsF32, ELEM8, VMINPS, VORPS)
ELEMSF32(·nanMaxElemsF32, NANELEM8, VMAXPS, VANDPS)
ELEMSF32(·nanMinElemsF32, NANELEM8, VMINPS, VORPS)
