package codec

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// naiveBitunshuffle is bitunshuffle's reference loop: bit b of byte j of
// element i comes from bit i%8 of byte i/8 of plane 8j+b. A block whose
// element count is not a multiple of 8 is copied, and so are the
// len(src)%typesize bytes past the last whole element.
func naiveBitunshuffle(dst, src []byte, typesize int) {
	n := len(src) / typesize
	if n%8 != 0 {
		copy(dst[:len(src)], src)
		return
	}
	body := n * typesize
	for i := 0; i < n; i++ {
		for j := 0; j < typesize; j++ {
			var v byte
			for b := 0; b < 8; b++ {
				v |= (src[(8*j+b)*(n/8)+i/8] >> (i % 8) & 1) << b
			}
			dst[i*typesize+j] = v
		}
	}
	copy(dst[body:len(src)], src[body:])
}

// naiveBitshuffle is bitshuffle's reference loop, naiveBitunshuffle
// inverted.
func naiveBitshuffle(dst, src []byte, typesize int) {
	n := len(src) / typesize
	if n%8 != 0 {
		copy(dst[:len(src)], src)
		return
	}
	body := n * typesize
	clear(dst[:body])
	for i := 0; i < n; i++ {
		for j := 0; j < typesize; j++ {
			for b := 0; b < 8; b++ {
				dst[(8*j+b)*(n/8)+i/8] |= (src[i*typesize+j] >> b & 1) << (i % 8)
			}
		}
	}
	copy(dst[body:len(src)], src[body:])
}

// bitshuffleSizes are block sizes for typesize ts: below, at and above
// one 512-element tile, whole tiles and ragged ones, with and without
// bytes past the last element, and element counts that are not a
// multiple of 8.
func bitshuffleSizes(ts int) []int {
	var sizes []int
	for _, n := range []int{0, 1, 7, 8, 16, 504, 511, 512, 520, 1024, 1032, 4096, 4104, 8192 - 8, 32768 + 8} {
		sizes = append(sizes, n*ts)
		if ts > 1 {
			sizes = append(sizes, n*ts+ts-1)
		}
	}
	return append(sizes, 1<<18) // a c-blosc block
}

// TestBitunshuffleExact checks bitunshuffle byte for byte against the
// reference loop on random blocks, that it writes nothing past the
// block, and that bitshuffle inverts it on whole groups of 8 elements.
func TestBitunshuffleExact(t *testing.T) {
	checkBitShuffle(t, "bitunshuffle", bitunshuffle, naiveBitunshuffle, bitshuffle, 5)
}

// TestBitshuffleExact is TestBitunshuffleExact for the encode side.
func TestBitshuffleExact(t *testing.T) {
	checkBitShuffle(t, "bitshuffle", bitshuffle, naiveBitshuffle, bitunshuffle, 7)
}

// checkBitShuffle checks f against the reference loop ref for typesizes
// 1-16 and the sizes of bitshuffleSizes, with guard bytes around the
// block, and that inverse undoes it.
func checkBitShuffle(t *testing.T, name string, f func(dst, src, tmp []byte, ts int), ref func(dst, src []byte, ts int), inverse func(dst, src, tmp []byte, ts int), seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	const guard = 64
	for ts := 1; ts <= 16; ts++ {
		for _, size := range bitshuffleSizes(ts) {
			src := make([]byte, size)
			for i := range src {
				src[i] = byte(rng.Uint32())
			}
			want := make([]byte, size)
			ref(want, src, ts)
			buf := make([]byte, size+2*guard)
			for i := range buf {
				buf[i] = 0xA5
			}
			dst := buf[guard : guard+size]
			f(dst, src, make([]byte, size), ts)
			if !bytes.Equal(dst, want) {
				t.Errorf("%s: typesize %d size %d: differs from the reference loop at byte %d", name, ts, size, firstDiff(dst, want))
			}
			for i, b := range buf {
				if (i < guard || i >= guard+size) && b != 0xA5 {
					t.Fatalf("%s: typesize %d size %d: wrote byte %d outside the block", name, ts, size, i-guard)
				}
			}
			back := make([]byte, size)
			inverse(back, want, make([]byte, size), ts)
			if !bytes.Equal(back, src) && (size/ts)%8 == 0 {
				t.Errorf("%s: typesize %d size %d: its inverse does not undo it", name, ts, size)
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
