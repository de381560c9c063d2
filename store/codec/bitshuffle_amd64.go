//go:build amd64 && !noasm

package codec

import "golang.org/x/sys/cpu"

// hasBitshuffleAVX512 reports whether the CPU has what
// bitunshuffleAVX512 uses: AVX-512 F and BW, VBMI's byte permutes and
// GFNI's affine transform.
var hasBitshuffleAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW &&
	cpu.X86.HasAVX512VBMI && cpu.X86.HasAVX512GFNI

// bitunshuffleFast does bitunshuffle's work on the n*typesize bytes of
// whole elements in one pass over the block, 512 elements at a time, and
// reports whether it could: it needs the CPU's AVX-512 kernel, a
// typesize of 1, 2, 4 or 8 and at least 512 elements (n, a multiple of
// 8). tmp needs room for 1024*typesize bytes (bitunshuffle's has room
// for the block).
func bitunshuffleFast(dst, src, tmp []byte, typesize, n int) bool {
	groups := n / 8
	if !hasBitshuffleAVX512 || groups < 64 {
		return false
	}
	switch typesize {
	case 1, 2, 4, 8:
	default:
		return false
	}
	body := n * typesize
	dst, src = dst[:body], src[:body]
	// Planes a power of two apart (the usual block sizes) share L1
	// sets: 32 or 64 of them at once, for typesize 4 or 8, evict one
	// another and the lines the prefetcher brings. Tiles two steps wide
	// (128 groups, twice the scratch) measured faster there, and no
	// slower elsewhere.
	span := 1
	if typesize >= 4 && groups >= 128 {
		span = 2
	}
	w := 64 * span
	tmp = tmp[:512*span*typesize]
	bitunshuffleAVX512(dst, src, tmp, typesize, groups, span, 0, groups/w*w)
	bitunshuffleAVX512(dst, src, tmp, typesize, groups, 1, groups/w*w, groups&^63)
	if groups%64 != 0 {
		// The last tile overlaps the one before: it rewrites some of
		// the same bytes with the same values.
		bitunshuffleAVX512(dst, src, tmp, typesize, groups, 1, groups-64, groups-63)
	}
	return true
}

//go:noescape
func bitunshuffleAVX512(dst, src, tmp []byte, typesize, groups, span, from, to int)
