package codec

import (
	"encoding/binary"
)

// ShuffleBytes writes the byte shuffle of src into dst (at least as
// long), as c-blosc does for one block, HDF5's shuffle filter for a
// chunk and numcodecs' Shuffle for a buffer: with n = len(src)/typesize whole elements, byte j of
// element i moves to dst[j*n+i]; the len(src)%typesize trailing bytes are
// copied unchanged. The reference loop is
//
//	for j := 0; j < typesize; j++ {
//		for i := 0; i < n; i++ {
//			dst[j*n+i] = src[i*typesize+j]
//		}
//	}
func ShuffleBytes(dst, src []byte, typesize int) {
	n := len(src) / typesize
	body := n * typesize
	switch typesize {
	case 2:
		d0, d1 := dst[:n], dst[n:2*n]
		s := src[:body]
		for i := range d0 {
			d0[i] = s[2*i]
			d1[i] = s[2*i+1]
		}
	case 4:
		d0, d1, d2, d3 := dst[:n], dst[n:2*n], dst[2*n:3*n], dst[3*n:4*n]
		for i := shuffleFast(dst, src, n, 4, false); i < n; i++ {
			v := binary.LittleEndian.Uint32(src[4*i:])
			d0[i] = byte(v)
			d1[i] = byte(v >> 8)
			d2[i] = byte(v >> 16)
			d3[i] = byte(v >> 24)
		}
	case 8:
		// Sixteen elements at a time in SIMD registers where the CPU
		// allows, then eight: an 8×8 byte transpose of their words gives
		// eight bytes of each plane.
		m := n &^ 7
		var w [8]uint64
		for i := shuffleFast(dst, src, n, 8, false); i < m; i += 8 {
			for k := range w {
				w[k] = le64(src[8*(i+k):])
			}
			transposeBytes8(&w)
			for j, v := range w {
				put64(dst[j*n+i:], v)
			}
		}
		for i := m; i < n; i++ {
			v := le64(src[8*i:])
			for j := range 8 {
				dst[j*n+i] = byte(v >> (8 * j))
			}
		}
	default:
		for j := 0; j < typesize; j++ {
			d := dst[j*n : (j+1)*n]
			k := j
			for i := range d {
				d[i] = src[k]
				k += typesize
			}
		}
	}
	copy(dst[body:len(src)], src[body:])
}

// UnshuffleBytes inverts ShuffleBytes: byte dst[i*typesize+j] comes from
// src[j*n+i]. dst must be at least as long as src.
func UnshuffleBytes(dst, src []byte, typesize int) {
	n := len(src) / typesize
	body := n * typesize
	switch typesize {
	case 2:
		s0, s1 := src[:n], src[n:2*n]
		d := dst[:body]
		for i := range s0 {
			d[2*i] = s0[i]
			d[2*i+1] = s1[i]
		}
	case 4:
		s0, s1, s2, s3 := src[:n], src[n:2*n], src[2*n:3*n], src[3*n:4*n]
		for i := shuffleFast(dst, src, n, 4, true); i < n; i++ {
			v := uint32(s0[i]) | uint32(s1[i])<<8 | uint32(s2[i])<<16 | uint32(s3[i])<<24
			binary.LittleEndian.PutUint32(dst[4*i:], v)
		}
	case 8:
		// As ShuffleBytes: sixteen elements at a time, then eight.
		m := n &^ 7
		var w [8]uint64
		for i := shuffleFast(dst, src, n, 8, true); i < m; i += 8 {
			for j := range w {
				w[j] = le64(src[j*n+i:])
			}
			transposeBytes8(&w)
			for k, v := range w {
				put64(dst[8*(i+k):], v)
			}
		}
		for i := m; i < n; i++ {
			for j := range 8 {
				dst[8*i+j] = src[j*n+i]
			}
		}
	default:
		for j := 0; j < typesize; j++ {
			s := src[j*n : (j+1)*n]
			k := j
			for i := range s {
				dst[k] = s[i]
				k += typesize
			}
		}
	}
	copy(dst[body:len(src)], src[body:])
}

// transposeBytes8 transposes the 8×8 byte matrix whose row r is w[r],
// byte c of a word (little-endian) being column c: byte c of w[r] moves
// to byte r of w[c]. Three rounds swap the off-diagonal blocks of 1, 2
// and 4 bytes between the words d apart.
func transposeBytes8(w *[8]uint64) {
	masks := [...]uint64{0x00FF00FF00FF00FF, 0x0000FFFF0000FFFF, 0x00000000FFFFFFFF}
	for r, d := range [...]int{1, 2, 4} {
		k := uint(8 * d)
		for i := range 8 {
			if i&d == 0 {
				t := (w[i]>>k ^ w[i+d]) & masks[r]
				w[i] ^= t << k
				w[i+d] ^= t
			}
		}
	}
}

func le64(b []byte) uint64     { return binary.LittleEndian.Uint64(b) }
func put64(b []byte, v uint64) { binary.LittleEndian.PutUint64(b, v) }

// transpose8x8 transposes the 8×8 bit matrix held in x, whose row r is
// byte r (little-endian) and whose column c is bit c of each byte: bit c
// of byte r moves to bit r of byte c. The transpose is its own inverse.
func transpose8x8(x uint64) uint64 {
	t := (x ^ (x >> 7)) & 0x00AA00AA00AA00AA
	x ^= t ^ (t << 7)
	t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCC
	x ^= t ^ (t << 14)
	t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0
	x ^= t ^ (t << 28)
	return x
}

// bitshuffle writes c-blosc's bit shuffle of one block src into dst.
//
// With n = len(src)/typesize elements, when n is a multiple of 8 the
// output is 8*typesize bit planes of n/8 bytes each: plane 8*j+b holds
// bit b of byte j of every element, element i at bit i%8 of byte i/8.
// The len(src)%typesize trailing bytes are copied unchanged. When n is not
// a multiple of 8, c-blosc copies the whole block unchanged, and so does
// bitshuffle.
func bitshuffle(dst, src, tmp []byte, typesize int) {
	n := len(src) / typesize
	if n%8 != 0 {
		copy(dst[:len(src)], src)
		return
	}
	if bitshuffleFast(dst, src, tmp, typesize, n) {
		copy(dst[n*typesize:len(src)], src[n*typesize:])
		return
	}
	// bitunshuffle's three passes, inverted: byte j of the elements
	// gathered (a byte shuffle), the bit matrix of each word transposed
	// (its own inverse), the words spread into eight planes (a byte
	// shuffle of typesize 8).
	body, plane := n*typesize, n
	bytes := src[:body]
	if typesize > 1 {
		bytes = tmp[:body]
		ShuffleBytes(bytes, src[:body], typesize)
	}
	for j := 0; j < typesize; j++ {
		w := bytes[j*plane : (j+1)*plane]
		if typesize == 1 { // src is not ours to change
			w = tmp[:plane]
			copy(w, src[:plane])
		}
		for g := transposeBitsFast(w); g < len(w); g += 8 {
			binary.LittleEndian.PutUint64(w[g:], transpose8x8(binary.LittleEndian.Uint64(w[g:])))
		}
		ShuffleBytes(dst[j*plane:(j+1)*plane], w, 8)
	}
	copy(dst[body:len(src)], src[body:])
}

// bitunshuffle inverts bitshuffle, with tmp (room for src) for scratch.
// Where the CPU allows, bitunshuffleFast does it in one pass, 512
// elements at a time; the three passes below are the fallback and the
// pure-Go (noasm) path.
func bitunshuffle(dst, src, tmp []byte, typesize int) {
	n := len(src) / typesize
	if n%8 != 0 {
		copy(dst[:len(src)], src)
		return
	}
	if bitunshuffleFast(dst, src, tmp, typesize, n) {
		copy(dst[n*typesize:len(src)], src[n*typesize:])
		return
	}
	// Three passes, each a SIMD loop over the block: the eight planes of
	// byte j interleaved into words (a byte unshuffle of typesize 8), the
	// 8×8 bit matrix of each word transposed, which leaves byte j of the
	// elements in order (a byte shuffle of the block), and that byte
	// shuffle undone.
	body, plane := n*typesize, n // the bytes of one byte position's 8 planes
	bytes := tmp[:body]
	if typesize == 1 {
		bytes = dst[:body]
	}
	for j := 0; j < typesize; j++ {
		w := bytes[j*plane : (j+1)*plane]
		UnshuffleBytes(w, src[j*plane:(j+1)*plane], 8)
		for g := transposeBitsFast(w); g < len(w); g += 8 {
			binary.LittleEndian.PutUint64(w[g:], transpose8x8(binary.LittleEndian.Uint64(w[g:])))
		}
	}
	if typesize > 1 {
		UnshuffleBytes(dst[:body], bytes, typesize)
	}
	copy(dst[body:len(src)], src[body:])
}

// ShuffleCodec is numcodecs' "shuffle" codec (a Zarr v2 filter): the
// byte shuffle of ShuffleBytes over the whole buffer.
type ShuffleCodec struct {
	elementsize int
}

// NewShuffle returns numcodecs' Shuffle codec for elements of
// elementsize bytes (numcodecs' default is 4); 1 or less leaves bytes
// as they are.
func NewShuffle(elementsize int) *ShuffleCodec { return &ShuffleCodec{elementsize: elementsize} }

// Elementsize returns the element size the codec shuffles.
func (c *ShuffleCodec) Elementsize() int { return c.elementsize }

// Encode implements Codec. A buffer that is not a whole number of
// elements is an error, as in numcodecs.
func (c *ShuffleCodec) Encode(src []byte) ([]byte, error) { return c.run(src, ShuffleBytes) }

// Decode implements Codec; a buffer that is not a whole number of
// elements is an error wrapping ErrCorrupt.
func (c *ShuffleCodec) Decode(src []byte) ([]byte, error) { return c.run(src, UnshuffleBytes) }

func (c *ShuffleCodec) run(src []byte, f func(dst, src []byte, typesize int)) ([]byte, error) {
	out := make([]byte, len(src))
	if c.elementsize <= 1 {
		copy(out, src)
		return out, nil
	}
	if len(src)%c.elementsize != 0 {
		return nil, corruptf("shuffle", "%d bytes is not a whole number of %d-byte elements", len(src), c.elementsize)
	}
	f(out, src, c.elementsize)
	return out, nil
}
