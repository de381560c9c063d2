//go:build amd64 && !noasm

package codec

import (
	"math/bits"

	"golang.org/x/sys/cpu"
)

// hasBitshuffleAVX512 reports whether the CPU has what
// bitunshuffleAVX512 uses: AVX-512 F and BW, VBMI's byte permutes and
// GFNI's affine transform.
var hasBitshuffleAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW &&
	cpu.X86.HasAVX512VBMI && cpu.X86.HasAVX512GFNI

// bitunshuffleFast does bitunshuffle's work on the n*typesize bytes of
// whole elements in one pass over the block, 512 elements at a time, and
// reports whether it could: it needs the CPU's AVX-512 kernel and at
// least 512 elements (n, a multiple of 8). Typesizes other than 1, 2, 4
// and 8 take a second pass, UnshuffleBytes. tmp has room for the block,
// as bitunshuffle's; for typesizes 2, 4 and 8 the kernel uses up to 32
// KiB of it, for 1 none.
func bitunshuffleFast(dst, src, tmp []byte, typesize, n int) bool {
	groups := n / 8
	if !hasBitshuffleAVX512 || groups < 64 {
		return false
	}
	body := n * typesize
	dst, src = dst[:body], src[:body]
	switch typesize {
	case 1, 2, 4, 8:
	default:
		// Byte j of the elements into tmp's plane j, as for typesize
		// 1, then the byte shuffle undone: two passes, not three.
		for j := 0; j < typesize; j++ {
			bitunshuffleFast(tmp[j*n:(j+1)*n], src[j*n:(j+1)*n], nil, 1, n)
		}
		UnshuffleBytes(dst, tmp[:body], typesize)
		return true
	}
	bitTiles(bitunshuffleAVX512, dst, src, tmp, typesize, groups)
	return true
}

// bitshuffleFast is bitunshuffleFast's inverse: bitshuffle's work on
// the n*typesize bytes of whole elements, under the same conditions.
func bitshuffleFast(dst, src, tmp []byte, typesize, n int) bool {
	groups := n / 8
	if !hasBitshuffleAVX512 || groups < 64 {
		return false
	}
	body := n * typesize
	dst, src = dst[:body], src[:body]
	switch typesize {
	case 1, 2, 4, 8:
	default:
		ShuffleBytes(tmp[:body], src, typesize)
		for j := 0; j < typesize; j++ {
			bitshuffleFast(dst[j*n:(j+1)*n], tmp[j*n:(j+1)*n], nil, 1, n)
		}
		return true
	}
	bitTiles(bitshuffleAVX512, dst, src, tmp, typesize, groups)
	return true
}

// bitTiles runs kernel, bitunshuffleAVX512 or bitshuffleAVX512, over the
// block's whole tiles of 64 groups of 8 elements, skewed (see
// bitunshuffleSkew), then over a last tile that overlaps the one before
// when groups is not a multiple of 64: it rewrites some of the same
// bytes with the same values.
func bitTiles(kernel func(dst, src, tmp []byte, typesize, groups, skew, from, to int), dst, src, tmp []byte, typesize, groups int) {
	skew := 1
	if typesize > 1 {
		skew = bitunshuffleSkew(typesize, groups)
		tmp = tmp[:512*typesize*skew]
	}
	kernel(dst, src, tmp, typesize, groups, skew, 0, groups&^63)
	if groups%64 != 0 {
		kernel(dst, src, tmp, typesize, groups, 1, groups-64, groups-63)
	}
}

// bitunshuffleSkew returns the skew for bitunshuffleAVX512: how many
// tiles apart the bytes of the elements are done. Planes a multiple of
// 4 KiB apart (blosc's power-of-two blocks) put the 64-byte lines that a
// tile loads for all its bytes, 64 for typesize 8, in one of the L1
// cache's 64 sets, where they evict one another and the lines the
// prefetcher brings; a 256 KiB block of typesize 8 took over twice
// as long as one 4 KiB larger. A skew of k spreads them over k times as
// many sets; four lines a set measured best, with the skew at most 8
// (32 KiB of scratch for typesize 8) and at most the tiles there are.
func bitunshuffleSkew(typesize, groups int) int {
	sets := 64 // the planes' lines at one offset spread over the sets
	if groups%64 == 0 {
		sets = 64 >> bits.TrailingZeros(uint(groups/64)|64)
	}
	skew := 1
	for skew < 8 && 8*typesize/(sets*skew) > 4 && 64*2*skew <= groups {
		skew *= 2
	}
	return skew
}

//go:noescape
func bitunshuffleAVX512(dst, src, tmp []byte, typesize, groups, skew, from, to int)

//go:noescape
func bitshuffleAVX512(dst, src, tmp []byte, typesize, groups, skew, from, to int)
