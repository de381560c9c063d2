//go:build amd64 && !noasm

package codec

import "golang.org/x/sys/cpu"

// simdShuffles holds the SSE2 byte shuffles (every amd64 CPU has SSE2)
// by typesize: the shuffle, then its inverse. Each takes n elements, of
// which it does the first n&^15.
var simdShuffles = map[int][2]func(dst, src []byte, n int){
	4: {shuffle4SSE2, unshuffle4SSE2},
	8: {shuffle8SSE2, unshuffle8SSE2},
}

// shuffleFast byte-shuffles (with inverse, unshuffles) the first m of
// the n elements of src, planes at dst[j*n:] (src[j*n:]), m the largest
// multiple of 16 up to n, in SIMD registers, and returns m; it returns 0
// for a typesize it has no kernel for.
func shuffleFast(dst, src []byte, n, typesize int, inverse bool) int {
	k, ok := simdShuffles[typesize]
	m := n &^ 15
	if !ok || m == 0 {
		return 0
	}
	f := k[0]
	if inverse {
		f = k[1]
	}
	f(dst[:typesize*n], src[:typesize*n], n)
	return m
}

// transposeBitsFast transposes the bits of the leading multiple of 64
// bytes of w (eight words per pass) with AVX2 and returns how many bytes
// it did: none without AVX2.
func transposeBitsFast(w []byte) int {
	m := len(w) &^ 63
	if !cpu.X86.HasAVX2 || m == 0 {
		return 0
	}
	transposeBits8x8AVX2(w[:m])
	return m
}

//go:noescape
func transposeBits8x8AVX2(w []byte)

//go:noescape
func shuffle4SSE2(dst, src []byte, n int)

//go:noescape
func unshuffle4SSE2(dst, src []byte, n int)

//go:noescape
func shuffle8SSE2(dst, src []byte, n int)

//go:noescape
func unshuffle8SSE2(dst, src []byte, n int)
