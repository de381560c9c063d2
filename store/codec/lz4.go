package codec

import (
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/pierrec/lz4/v4"
)

// lz4MaxRatio bounds the expansion of one LZ4 block: each input byte of
// a length extension adds at most 255 output bytes.
const lz4MaxRatio = 255

// LZ4Codec is numcodecs' "lz4" codec: a 4-byte little-endian decoded size
// followed by one raw LZ4 block.
type LZ4Codec struct {
	acceleration int
}

// LZ4 returns numcodecs' LZ4 codec. Acceleration is recorded in the
// configuration; values of 0 or less mean the default of 1, as in
// numcodecs. The pure-Go compressor has a single speed, so acceleration
// does not change the encoded bytes; any LZ4 decoder reads them.
func LZ4(acceleration int) *LZ4Codec {
	return &LZ4Codec{acceleration: acceleration}
}

// Acceleration returns the acceleration the codec was built with.
func (c *LZ4Codec) Acceleration() int { return c.acceleration }

var lz4Compressors = sync.Pool{New: func() any { return new(lz4.Compressor) }}

// compressLZ4Block compresses src into dst, which must have room for
// lz4.CompressBlockBound(len(src)) bytes, and returns the block length.
func compressLZ4Block(dst, src []byte) (int, error) {
	if len(src) == 0 {
		// The reference C library writes a single empty-literals token.
		dst[0] = 0
		return 1, nil
	}
	c := lz4Compressors.Get().(*lz4.Compressor)
	n, err := c.CompressBlock(src, dst)
	lz4Compressors.Put(c)
	return n, err
}

// Encode implements Codec.
func (c *LZ4Codec) Encode(src []byte) ([]byte, error) {
	if len(src) > MaxDecodedSize {
		return nil, fmt.Errorf("codec: lz4: input of %d bytes exceeds %d", len(src), MaxDecodedSize)
	}
	dst := make([]byte, 4+lz4.CompressBlockBound(len(src)))
	binary.LittleEndian.PutUint32(dst, uint32(len(src)))
	n, err := compressLZ4Block(dst[4:], src)
	if err != nil {
		return nil, fmt.Errorf("codec: lz4: %w", err)
	}
	return dst[:4+n], nil
}

// Decode implements Codec.
func (c *LZ4Codec) Decode(src []byte) ([]byte, error) { return c.DecodeTo(nil, src) }

// DecodeTo implements DecoderTo.
func (c *LZ4Codec) DecodeTo(dst, src []byte) ([]byte, error) {
	if len(src) < 4 {
		return nil, corruptf("lz4", "%d bytes is shorter than the 4-byte size header", len(src))
	}
	n := int(binary.LittleEndian.Uint32(src))
	body := src[4:]
	if n > MaxDecodedSize || n > lz4MaxRatio*len(body)+16 {
		return nil, corruptf("lz4", "header claims %d bytes from a %d-byte block", n, len(body))
	}
	out := sizedBuffer(dst, n)
	if n == 0 {
		// numcodecs writes one zero token for empty input.
		if len(body) != 1 || body[0] != 0 {
			return nil, corruptf("lz4", "empty output from a %d-byte block", len(body))
		}
		return out, nil
	}
	if err := decodeLZ4Block(out, body); err != nil {
		return nil, fmt.Errorf("codec: lz4: %w", err)
	}
	return out, nil
}

// decodeLZ4Block decodes the raw LZ4 block src into all of dst; the block
// must decode to exactly len(dst) bytes.
func decodeLZ4Block(dst, src []byte) error {
	if len(src) == 0 {
		return fmt.Errorf("%w: empty lz4 block", ErrCorrupt)
	}
	got, err := lz4.UncompressBlock(src, dst)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if got != len(dst) {
		return fmt.Errorf("%w: lz4 block decoded to %d bytes, want %d", ErrCorrupt, got, len(dst))
	}
	return nil
}

// VerbatimHead implements Verbatim: the size header, the token and the
// literal length's extension bytes (one per 255 bytes).
func (c *LZ4Codec) VerbatimHead(n int) int { return 4 + 1 + n/255 + 1 }

// VerbatimAt implements Verbatim: a block that is a single run of n
// literals (what LZ4 writes for data it cannot compress).
func (c *LZ4Codec) VerbatimAt(head []byte, size, n int) (int, bool) {
	if len(head) < 5 || int(binary.LittleEndian.Uint32(head)) != n || n == 0 {
		return 0, false
	}
	tok := head[4]
	if tok&15 != 0 { // a match follows: more than one sequence
		return 0, false
	}
	l, i := int(tok>>4), 5
	if l == 15 {
		for {
			if i >= len(head) {
				return 0, false
			}
			b := head[i]
			i++
			l += int(b)
			if b != 255 {
				break
			}
		}
	}
	if l != n || size != i+n {
		return 0, false
	}
	return i, true
}
