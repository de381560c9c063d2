//go:build ignore

// passes_gen writes passes_amd64.s: the radix 2, 3, 4 and 5 passes in AVX
// assembly, each a fixed head (constants and the butterfly macros) and
// one function per radix with the same loops around its butterfly. Run
// it with go generate (see passes_amd64.go).
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
)

// A radix is a butterfly macro: the registers of its inputs, its call
// (a format of the register names, %[1]s = register 0, ...) and the
// registers its outputs end in.
type radix struct {
	r      int
	inputs []int
	call   string
	outs   []int
}

var radices = []radix{
	{2, []int{0, 1}, "DFT2(%[1]s, %[2]s, %[3]s)", []int{2, 1}},
	{3, []int{0, 1, 2}, "DFT3(%[1]s, %[2]s, %[3]s, %[4]s, %[16]s)", []int{0, 3, 2}},
	{4, []int{0, 1, 2, 3}, "DFT4(%[1]s, %[2]s, %[3]s, %[4]s, %[5]s, %[16]s)", []int{3, 2, 4, 0}},
	{5, []int{0, 1, 2, 3, 4}, "DFT5(%[1]s, %[2]s, %[3]s, %[4]s, %[5]s, %[6]s, %[7]s, %[8]s, %[11]s, %[12]s, %[13]s, %[16]s)", []int{3, 10, 12, 7, 4}},
	{8, []int{0, 1, 2, 3, 4, 5, 6, 7}, "DFT8(%[1]s, %[2]s, %[3]s, %[4]s, %[5]s, %[6]s, %[7]s, %[8]s, %[11]s, %[12]s, %[16]s)", []int{2, 7, 1, 6, 3, 10, 11, 4}},
}

// wide reports whether radix r needs four base registers for its inputs
// and outputs (SI, AX, R13, R14 = SI + 0..3·stride; DI, BX, R8, R9), so
// that m and s stay in their argument slots.
func wide(r int) bool { return r > 5 }

// addr returns the address of input or output j: base + j·stride, with
// j = 3 from the register holding base + stride.
func addr(base, stride string, j int) string {
	if j > 4 {
		return addrWide(base, stride, j)
	}
	switch j {
	case 0:
		return "(" + base + ")"
	case 3:
		plus := map[string]string{"SI": "AX", "DI": "BX"}[base]
		return fmt.Sprintf("(%s)(%s*2)", plus, stride)
	}
	return fmt.Sprintf("(%s)(%s*%d)", base, stride, j)
}

// addrWide is addr for the radices with four base registers.
func addrWide(base, stride string, j int) string {
	bases := map[string][4]string{"SI": {"SI", "AX", "R13", "R14"}, "DI": {"DI", "BX", "R8", "R9"}}[base]
	if j < 4 {
		return "(" + bases[j] + ")"
	}
	return fmt.Sprintf("(%s)(%s*4)", bases[j-4], stride)
}

// regs returns the 16 register names of a width, as arguments of a call.
func regs(pref string) []any {
	r := make([]any, 16)
	for i := range r {
		r[i] = fmt.Sprintf("%s%d", pref, i)
	}
	return r
}

// butterfly returns the lines that load the inputs and compute the
// butterfly, for pref Y (two values) or X (one).
func butterfly(d radix, pref string) []string {
	var l []string
	for j, reg := range d.inputs {
		l = append(l, fmt.Sprintf("\tVMOVUPD %s, %s%d", addr("SI", "R11", j), pref, reg))
	}
	return append(l, "\t"+fmt.Sprintf(d.call, regs(pref)...))
}

// strided returns the body of the loop over q (s > 1): outputs t at
// DI + t·16s, multiplied by the twiddles of k if tw.
func strided(d radix, pref string, tw bool) []string {
	l := butterfly(d, pref)
	for t, reg := range d.outs {
		if tw && t > 0 {
			l = append(l, fmt.Sprintf("\tTW%s(%s%d, %d)", pref, pref, reg, 16*(t-1)))
		}
		l = append(l, fmt.Sprintf("\tVMOVUPD %s%d, %s", pref, reg, addr("DI", "R10", t)))
	}
	return l
}

// first returns the body of the loop over k of the first pass (s = 1):
// k (and k+1 for Y) multiplied by their twiddles, the group of r outputs
// of k at DI and of k+1 after it.
func first(d radix, pref string) []string {
	r := d.r
	l := butterfly(d, pref)
	for t, reg := range d.outs {
		if t > 0 {
			l = append(l, fmt.Sprintf("\tVMOVUPD %d(DX), X13", 16*(t-1)))
			if pref == "Y" {
				l = append(l, fmt.Sprintf("\tVINSERTF128 $1, %d(DX), Y13, Y13", 16*(r-1+t-1)))
			}
			l = append(l, fmt.Sprintf("\tTWV%s(%s%d, %s13)", pref, pref, reg, pref))
		}
		l = append(l, fmt.Sprintf("\tVMOVUPD X%d, %d(DI)", reg, 16*t))
		if pref == "Y" {
			l = append(l, fmt.Sprintf("\tVEXTRACTF128 $1, Y%d, %d(DI)", reg, 16*(r+t)))
		}
	}
	return l
}

func function(d radix) string {
	r, name := d.r, fmt.Sprintf("pass%dAVX", d.r)
	// The k left and s: in R8 and R9, or for the wide radices (whose
	// base registers take R8 and R9) in their argument slots.
	kLeft, sReg := "R8", "R9"
	inBases := "\tLEAQ (SI)(R11*1), AX"
	outBases := "\tLEAQ (DI)(R10*1), BX"
	step := "\tADDQ $%[1]d, SI\n\tADDQ $%[1]d, AX"
	outStep := "\tADDQ $32, DI\n\tADDQ $32, BX"
	if wide(r) {
		kLeft, sReg = "m+72(FP)", "s+80(FP)"
		inBases += "\n\tLEAQ (SI)(R11*2), R13\n\tLEAQ (AX)(R11*2), R14"
		outBases += "\n\tLEAQ (DI)(R10*2), R8\n\tLEAQ (BX)(R10*2), R9"
		step += "\n\tADDQ $%[1]d, R13\n\tADDQ $%[1]d, R14"
		outStep += "\n\tADDQ $32, R8\n\tADDQ $32, R9"
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("// func %s(dst, src, tw []complex128, m, s int)", name)
	w("TEXT ·%s(SB), NOSPLIT, $0-88", name)
	w("\tMOVQ dst_base+0(FP), DI\n\tMOVQ src_base+24(FP), SI\n\tMOVQ tw_base+48(FP), DX")
	if wide(r) {
		w("\tMOVQ s+80(FP), R10\n\tSHLQ $4, R10\n\tMOVQ m+72(FP), R11\n\tIMULQ R10, R11\n\tMOVQ R10, R12\n\tIMULQ $%d, R12", r-1)
		w("\tVMOVUPD negi<>(SB), Y15\n\tCMPQ s+80(FP), $1\n\tJEQ %s_first\n", name)
	} else {
		w("\tMOVQ m+72(FP), R8\n\tMOVQ s+80(FP), R9")
		w("\tMOVQ R9, R10\n\tSHLQ $4, R10\n\tMOVQ R8, R11\n\tIMULQ R10, R11\n\tMOVQ R10, R12\n\tIMULQ $%d, R12", r-1)
		w("\tVMOVUPD negi<>(SB), Y15\n\tCMPQ R9, $1\n\tJEQ %s_first\n", name)
	}
	for _, lab := range []string{"k0", "k"} {
		tw := lab == "k"
		if tw {
			w("// k > 0: the same with the twiddles of k.")
		} else {
			w("// k = 0, whose twiddles are 1.")
		}
		w("%s_%s:", name, lab)
		w("\tMOVQ %s, CX\n\tSHRQ $1, CX\n%s\n%s\n\tTESTQ CX, CX", sReg, inBases, outBases)
		w("\tJZ %s_%stail", name, lab)
		w("%s_%spair:", name, lab)
		w("%s", strings.Join(strided(d, "Y", tw), "\n"))
		w(step+"\n"+outStep+"\n\tDECQ CX", 32)
		w("\tJNZ %s_%spair", name, lab)
		w("%s_%stail:", name, lab)
		w("\tMOVQ %s, CX\n\tTESTQ $1, CX\n\tJZ %s_%snext", sReg, name, lab)
		w("%s", strings.Join(strided(d, "X", tw), "\n"))
		w("\tADDQ $16, SI\n\tADDQ $16, DI")
		w("%s_%snext:", name, lab)
		w("\tADDQ R12, DI\n\tADDQ $%d, DX\n\tDECQ %s\n\tJZ %s_end", 16*(r-1), kLeft, name)
		if tw {
			w("\tJMP %s_k", name)
		}
		w("")
	}
	w("// s = 1: two k at a time, inputs x_j[k, k+1] contiguous, the twiddles")
	w("// of k and k+1 joined, the outputs split into the groups of k and k+1;")
	w("// every k is multiplied by its twiddles, as in the Go loop.")
	w("%s_first:", name)
	w("\tMOVQ %s, CX\n\tSHRQ $1, CX\n%s\n\tTESTQ CX, CX\n\tJZ %s_firsttail", kLeft, inBases, name)
	w("%s_firstpair:", name)
	w("%s", strings.Join(first(d, "Y"), "\n"))
	w(step, 32)
	w("\tADDQ $%d, DI\n\tADDQ $%d, DX\n\tDECQ CX\n\tJNZ %s_firstpair", 32*r, 32*(r-1), name)
	w("%s_firsttail:", name)
	w("\tMOVQ %s, CX\n\tTESTQ $1, CX\n\tJZ %s_end", kLeft, name)
	w("%s", strings.Join(first(d, "X"), "\n"))
	w("%s_end:\n\tVZEROUPPER\n\tRET", name)
	return b.String()
}

func main() {
	var b strings.Builder
	b.WriteString("// Code generated by passes_gen.go; DO NOT EDIT.\n\n")
	b.WriteString(head)
	for i, d := range radices {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(function(d))
	}
	if err := os.WriteFile("passes_amd64.s", []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

// head is the start of passes_amd64.s: constants and macros.
const head = `//go:build amd64 && !noasm

#include "textflag.h"

// The radix passes of passes.go with AVX: one 128-bit lane holds a
// complex128 (real, imaginary), so a YMM register holds the values of two
// adjacent sequences q, q+1 and an XMM register one (the last q of an odd
// s). Each function computes what its pure-Go twin does, operation for
// operation, so both give the same bits.
//
// Registers: SI the inputs of sequence q at the current k (input j at
// SI + j·R11), DI its outputs (output t at DI + t·R10), AX = SI + R11 and
// BX = DI + R10 (for j, t = 3), DX the twiddles of k, R8 the k left,
// R9 = s, CX the pairs of q left, R10 = 16s, R11 = 16sm, R12 = 16s(r-1),
// Y15 the sign mask of the imaginary parts, Y8 and Y9 scratch. The first
// pass (s = 1) instead holds k and k+1 in a register (see _first).

// negi flips the sign of the imaginary parts.
DATA negi<>+0(SB)/8, $0
DATA negi<>+8(SB)/8, $0x8000000000000000
DATA negi<>+16(SB)/8, $0
DATA negi<>+24(SB)/8, $0x8000000000000000
GLOBL negi<>(SB), RODATA|NOPTR, $32

DATA sin3<>+0(SB)/8, $0x3febb67ae8584caa
DATA sin3<>+8(SB)/8, $0x3febb67ae8584caa
DATA sin3<>+16(SB)/8, $0x3febb67ae8584caa
DATA sin3<>+24(SB)/8, $0x3febb67ae8584caa
GLOBL sin3<>(SB), RODATA|NOPTR, $32
DATA half<>+0(SB)/8, $0x3fe0000000000000
DATA half<>+8(SB)/8, $0x3fe0000000000000
DATA half<>+16(SB)/8, $0x3fe0000000000000
DATA half<>+24(SB)/8, $0x3fe0000000000000
GLOBL half<>(SB), RODATA|NOPTR, $32
DATA cos5a<>+0(SB)/8, $0x3fd3c6ef372fe950
DATA cos5a<>+8(SB)/8, $0x3fd3c6ef372fe950
DATA cos5a<>+16(SB)/8, $0x3fd3c6ef372fe950
DATA cos5a<>+24(SB)/8, $0x3fd3c6ef372fe950
GLOBL cos5a<>(SB), RODATA|NOPTR, $32
DATA sin5a<>+0(SB)/8, $0x3fee6f0e134454ff
DATA sin5a<>+8(SB)/8, $0x3fee6f0e134454ff
DATA sin5a<>+16(SB)/8, $0x3fee6f0e134454ff
DATA sin5a<>+24(SB)/8, $0x3fee6f0e134454ff
GLOBL sin5a<>(SB), RODATA|NOPTR, $32
DATA cos5b<>+0(SB)/8, $0xbfe9e3779b97f4a8
DATA cos5b<>+8(SB)/8, $0xbfe9e3779b97f4a8
DATA cos5b<>+16(SB)/8, $0xbfe9e3779b97f4a8
DATA cos5b<>+24(SB)/8, $0xbfe9e3779b97f4a8
GLOBL cos5b<>(SB), RODATA|NOPTR, $32
DATA sin5b<>+0(SB)/8, $0x3fe2cf2304755a5e
DATA sin5b<>+8(SB)/8, $0x3fe2cf2304755a5e
DATA sin5b<>+16(SB)/8, $0x3fe2cf2304755a5e
DATA sin5b<>+24(SB)/8, $0x3fe2cf2304755a5e
GLOBL sin5b<>(SB), RODATA|NOPTR, $32
DATA sqrth<>+0(SB)/8, $0x3fe6a09e667f3bcd
DATA sqrth<>+8(SB)/8, $0x3fe6a09e667f3bcd
DATA sqrth<>+16(SB)/8, $0x3fe6a09e667f3bcd
DATA sqrth<>+24(SB)/8, $0x3fe6a09e667f3bcd
GLOBL sqrth<>(SB), RODATA|NOPTR, $32

// MULNEGI sets z to -i·z: (re, im) -> (im, -re).
#define MULNEGI(z, mask) \
	VPERMILPD $5, z, z \
	VXORPD    mask, z, z

// TWY multiplies the two values of z by the twiddle at off(DX), as Go's
// complex product: (re·wr - im·wi, re·wi + im·wr).
#define TWY(z, off) \
	VBROADCASTSD off(DX), Y8 \
	VBROADCASTSD off+8(DX), Y9 \
	VMULPD       Y8, z, Y8 \
	VPERMILPD    $5, z, z \
	VMULPD       Y9, z, Y9 \
	VADDSUBPD    Y9, Y8, z

// TWVY multiplies the two values of z by the two twiddles of w.
#define TWVY(z, w) \
	VMOVDDUP  w, Y8 \
	VPERMILPD $15, w, Y9 \
	VMULPD    Y8, z, Y8 \
	VPERMILPD $5, z, z \
	VMULPD    Y9, z, Y9 \
	VADDSUBPD Y9, Y8, z

// TWVX is TWVY for the one value of an XMM register.
#define TWVX(z, w) \
	VMOVDDUP  w, X8 \
	VPERMILPD $3, w, X9 \
	VMULPD    X8, z, X8 \
	VPERMILPD $1, z, z \
	VMULPD    X9, z, X9 \
	VADDSUBPD X9, X8, z

// TWX is TWY for the one value of an XMM register.
#define TWX(z, off) \
	VMOVDDUP  off(DX), X8 \
	VMOVDDUP  off+8(DX), X9 \
	VMULPD    X8, z, X8 \
	VPERMILPD $5, z, z \
	VMULPD    X9, z, X9 \
	VADDSUBPD X9, X8, z

#define DFT2(a0, a1, t0) \
	VADDPD a1, a0, t0 \
	VSUBPD a1, a0, a1

// DFT3 is dft3: t = a1+a2, d = -i·sin3·(a1-a2), c = a0 - t/2; a0+t, c+d, c-d.
#define DFT3(a0, a1, a2, t0, mask) \
	VADDPD a2, a1, t0 \
	VSUBPD a2, a1, a1 \
	VMULPD sin3<>(SB), a1, a1 \
	MULNEGI(a1, mask) \
	VMULPD half<>(SB), t0, a2 \
	VSUBPD a2, a0, a2 \
	VADDPD t0, a0, a0 \
	VADDPD a1, a2, t0 \
	VSUBPD a1, a2, a2

// DFT4 is dft4: b0 = a0+a2, b1 = a0-a2, b2 = a1+a3, b3 = -i(a1-a3);
// b0+b2, b1+b3, b0-b2, b1-b3 into t1, t0, a2... (see the outputs).
#define DFT4(a0, a1, a2, a3, t0, mask) \
	VADDPD a2, a0, t0 \
	VSUBPD a2, a0, a0 \
	VADDPD a3, a1, a2 \
	VSUBPD a3, a1, a1 \
	MULNEGI(a1, mask) \
	VADDPD a2, t0, a3 \
	VSUBPD a2, t0, t0 \
	VADDPD a1, a0, a2 \
	VSUBPD a1, a0, a0

// DFT5 is the 5-point butterfly of pass5: t1 = a1+a4, d1 = a1-a4,
// t2 = a2+a3, d2 = a2-a3; y0 = a0+t1+t2; c1 = a0+ca·t1+cb·t2,
// e1 = -i(sa·d1+sb·d2): y1, y4 = c1±e1; c2 = a0+cb·t1+ca·t2,
// e2 = -i(sb·d1-sa·d2): y2, y3 = c2±e2.
#define DFT5(a0, a1, a2, a3, a4, t5, t6, t7, t10, t11, t12, mask) \
	VADDPD a4, a1, t5 \
	VSUBPD a4, a1, a1 \
	VADDPD a3, a2, t6 \
	VSUBPD a3, a2, a2 \
	VADDPD t5, a0, a3 \
	VADDPD t6, a3, a3 \
	VMULPD cos5a<>(SB), t5, a4 \
	VADDPD a4, a0, a4 \
	VMULPD cos5b<>(SB), t6, t7 \
	VADDPD t7, a4, a4 \
	VMULPD sin5a<>(SB), a1, t7 \
	VMULPD sin5b<>(SB), a2, t10 \
	VADDPD t10, t7, t7 \
	MULNEGI(t7, mask) \
	VADDPD t7, a4, t10 \
	VSUBPD t7, a4, a4 \
	VMULPD cos5b<>(SB), t5, t7 \
	VADDPD t7, a0, t7 \
	VMULPD cos5a<>(SB), t6, t11 \
	VADDPD t11, t7, t7 \
	VMULPD sin5b<>(SB), a1, t11 \
	VMULPD sin5a<>(SB), a2, t12 \
	VSUBPD t12, t11, t11 \
	MULNEGI(t11, mask) \
	VADDPD t11, t7, t12 \
	VSUBPD t11, t7, t7


// DFT8 is dft8: b_j = a_j + a_{j+4}, b_{j+4} = a_j - a_{j+4} (b0 into
// t11, b1..b3 into a0..a2), b5 = √½(b5 - i·b5), b6 = -i·b6,
// b7 = √½(-i·b7 - b7), then DFT4 of b0..b3 (y0, y2, y4, y6 end in a2, a1,
// a3, t11) and of b4..b7 (y1, y3, y5, y7 end in a7, a6, t10, a4).
#define DFT8(a0, a1, a2, a3, a4, a5, a6, a7, t10, t11, mask) \
	VADDPD a4, a0, t11 \
	VSUBPD a4, a0, a4 \
	VADDPD a5, a1, a0 \
	VSUBPD a5, a1, a5 \
	VADDPD a6, a2, a1 \
	VSUBPD a6, a2, a6 \
	VADDPD a7, a3, a2 \
	VSUBPD a7, a3, a7 \
	VPERMILPD $5, a5, a3 \
	VXORPD mask, a3, a3 \
	VADDPD a3, a5, a5 \
	VMULPD sqrth<>(SB), a5, a5 \
	MULNEGI(a6, mask) \
	VPERMILPD $5, a7, a3 \
	VXORPD mask, a3, a3 \
	VSUBPD a7, a3, a7 \
	VMULPD sqrth<>(SB), a7, a7 \
	DFT4(t11, a0, a1, a2, a3, mask) \
	DFT4(a4, a5, a6, a7, t10, mask)
`
