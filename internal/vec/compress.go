package vec

import (
	bin "encoding/binary"
	mbits "math/bits"
	"unsafe"
)

// Compress copies the elements of src whose flag is 1 (flags are bools: 0
// or 1), in order, to d; len(d) must be their count. When fewer than one
// in sixteen is kept (one in two without AVX-512) it reads the flags eight
// at a time, skips a word of zeros at once and visits only the kept
// elements (each is one set bit of the word). Otherwise elements of four
// and eight bytes go through AVX-512 (sixteen or eight a pass, VPCOMPRESSD
// or VPCOMPRESSQ), and the rest through CompressGo.
func Compress[T any](d, src []T, flags []byte) {
	flags = flags[:len(src)]
	size := unsafe.Sizeof(*new(T))
	vector := useCompress && (size == 8 || size == 4)
	dense := 16*len(d) >= len(flags) // one kept in sixteen touches every line of src
	n, q := 0, 0
	switch {
	case vector && dense && size == 8:
		n, q = compress64(words[uint64](d, len(d)), words[uint64](src, len(src)), flags)
	case vector && dense:
		n, q = compress32(words[uint32](d, len(d)), words[uint32](src, len(src)), flags)
	case vector || 2*len(d) < len(flags):
		n, q = compressSparse(d, src, flags)
	}
	CompressGo(d[q:], src[n:], flags[n:])
}

// compressSparse is Compress's loop for few kept elements: it returns how
// many elements of src it read and of d it wrote.
func compressSparse[T any](d, src []T, flags []byte) (n, q int) {
	for ; n+8 <= len(flags) && q < len(d); n += 8 {
		for w := bin.LittleEndian.Uint64(flags[n:]); w != 0; w &= w - 1 {
			d[q] = src[n+mbits.TrailingZeros64(w)>>3]
			q++
		}
	}
	return n, q
}

// CompressGo is Compress one element at a time, without a branch on the
// flags: each element is written to the next free place of d, which
// advances only when the element is kept.
func CompressGo[T any](d, src []T, flags []byte) {
	// q < len(d): a kept element is still ahead, so j < len(src).
	for q, j := 0, 0; q < len(d); j++ {
		d[q] = src[j]
		q += int(flags[j])
	}
}
