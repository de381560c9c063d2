//go:build amd64 && !noasm

package kernel

//go:generate go run passes_gen.go

import "golang.org/x/sys/cpu"

// useAVX tells whether the radix 2, 3, 4, 5 and 8 passes run in assembly
// (passes_amd64.s); tests turn it off to check the pure-Go twins, which
// give the same bits.
var useAVX = cpu.X86.HasAVX

// The assembly passes compute what pass2, pass3, pass4, pass5 and pass8 do, for
// any m, s >= 1, two sequences q at a time (one for the last of an odd
// s). The caller checks the lengths: len(dst), len(src) >= r·m·s and
// len(tw) >= (r-1)·m.

//go:noescape
func pass2AVX(dst, src, tw []complex128, m, s int)

//go:noescape
func pass3AVX(dst, src, tw []complex128, m, s int)

//go:noescape
func pass4AVX(dst, src, tw []complex128, m, s int)

//go:noescape
func pass5AVX(dst, src, tw []complex128, m, s int)

//go:noescape
func pass8AVX(dst, src, tw []complex128, m, s int)

// oddPairsAVX computes the butterflies of passOdd at one k for the pairs
// of sequences q, q+1 < s, with dst, src and tw starting at that k's
// outputs, inputs and twiddles (applied if twiddle), and scratch of
// 4(r/2+1) values.
//
//go:noescape
func oddPairsAVX(dst, src, tw, roots, scratch []complex128, s, m, r int, twiddle bool)

// realForwardAVX does the separation loop of Real.Forward on x (h+1
// values) for k = 1 .. 2·pairs, 2·pairs < h-2·pairs.
//
//go:noescape
func realForwardAVX(x, tw []complex128, h, pairs int)

// realInverseAVX does the loop of Real.Inverse that builds z (h values)
// from x (h+1 values) for k = 1 .. 2·pairs, 2·pairs < h-2·pairs.
//
//go:noescape
func realInverseAVX(z, x, tw []complex128, h, pairs int)

// conjReverseAVX sets dst[i] to conj src[len(src)-1-i] for each i <
// len(src) <= len(dst).
//
//go:noescape
func conjReverseAVX(dst, src []complex128)

// runAsm runs p in assembly if it can and reports whether it did.
func (p *pass) runAsm(dst, src []complex128) bool {
	r, m, s := p.radix, p.m, p.s
	if !useAVX || r > 5 && r != 8 {
		return false
	}
	if len(dst) < r*m*s || len(src) < r*m*s || len(p.tw) < (r-1)*m {
		panic("kernel: short buffers for a pass")
	}
	switch r {
	case 2:
		pass2AVX(dst, src, p.tw, m, s)
	case 3:
		pass3AVX(dst, src, p.tw, m, s)
	case 4:
		pass4AVX(dst, src, p.tw, m, s)
	case 5:
		pass5AVX(dst, src, p.tw, m, s)
	case 8:
		pass8AVX(dst, src, p.tw, m, s)
	}
	return true
}
