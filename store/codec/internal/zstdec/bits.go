package zstdec

import (
	"encoding/binary"
	"math/bits"
)

// backReader reads a backward bit stream (RFC 8878 section 4.1): bytes
// are taken from the end of the stream towards its start, and within
// them bits from the highest downwards, after the last byte's highest
// set bit, which only marks where the stream begins.
//
// It holds the eight bytes in[ptr:ptr+8] as a little-endian word, of
// which the top used bits are consumed. Refilling moves ptr down by the
// whole bytes consumed. At ptr 0 nothing is left to move: used reaching
// 64 means the stream is exactly used up, beyond it that it was read
// past its start (the bits read there are zeros). Streams shorter than
// eight bytes are copied into short, zero-padded above.
type backReader struct {
	word  uint64
	used  uint
	ptr   int
	in    []byte
	short [8]byte
}

// init starts reading the backward stream in, which must not be empty
// and must end with a non-zero byte.
func (r *backReader) init(in []byte) bool {
	if len(in) == 0 || in[len(in)-1] == 0 {
		return false
	}
	mark := uint(bits.LeadingZeros8(in[len(in)-1])) + 1
	if len(in) >= 8 {
		r.in = in
		r.ptr = len(in) - 8
		r.word = binary.LittleEndian.Uint64(in[r.ptr:])
		r.used = mark
		return true
	}
	r.short = [8]byte{}
	copy(r.short[:], in)
	r.in = r.short[:]
	r.ptr = 0
	r.word = binary.LittleEndian.Uint64(r.short[:])
	r.used = mark + uint(8-len(in))*8
	return true
}

// refill moves the window down so that at least 56 bits are unread,
// or as many as the stream has left.
func (r *backReader) refill() {
	n := int(r.used >> 3)
	if n > r.ptr {
		n = r.ptr
	}
	r.ptr -= n
	r.used -= uint(n) * 8
	r.word = binary.LittleEndian.Uint64(r.in[r.ptr:])
}

// get returns the next n (at most 56 after a refill) bits; past the
// stream's start they are zeros.
func (r *backReader) get(n uint8) uint64 {
	v := r.word << r.used >> 1 >> (63 - n)
	r.used += uint(n)
	return v
}

// peek returns the next n (1 to 56) bits without consuming them.
func (r *backReader) peek(n uint8) uint64 {
	return r.word << r.used >> (64 - n)
}

// done reports whether the stream was read exactly to its start.
func (r *backReader) done() bool { return r.ptr == 0 && r.used == 64 }

// overread reports whether more bits were read than the stream holds.
func (r *backReader) overread() bool { return r.ptr == 0 && r.used > 64 }
