//go:build amd64 && !noasm

package chunk

import "golang.org/x/sys/cpu"

// useTransposeAVX2 tells whether blockTranspose moves elements of four
// and eight bytes by the AVX2 tile loops.
var useTransposeAVX2 = cpu.X86.HasAVX2

// transposeTile32 sets dst[j*ds+i] = src[i*ss+j] for i < r and j < c, r
// and c multiples of 8, in squares of 8×8 (VUNPCKLPS/HPS, VSHUFPS,
// VPERM2F128); transposeTile64 the same for eight-byte elements, r and c
// multiples of 4, in squares of 4×4.
//
//go:noescape
func transposeTile32(dst []uint32, ds int, src []uint32, ss int, r, c int)

//go:noescape
func transposeTile64(dst []uint64, ds int, src []uint64, ss int, r, c int)
