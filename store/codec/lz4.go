package codec

import (
	"encoding/binary"
	"fmt"

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

// LZ4 returns numcodecs' LZ4 codec. As in numcodecs, a larger
// acceleration compresses faster and less; 0 or less means 1.
func LZ4(acceleration int) *LZ4Codec {
	return &LZ4Codec{acceleration: acceleration}
}

// Acceleration returns the acceleration the codec was built with.
func (c *LZ4Codec) Acceleration() int { return c.acceleration }

// Encode implements Codec.
func (c *LZ4Codec) Encode(src []byte) ([]byte, error) { return c.EncodeTo(nil, src) }

// EncodeTo implements EncoderTo.
func (c *LZ4Codec) EncodeTo(dst, src []byte) ([]byte, error) {
	if len(src) > MaxDecodedSize {
		return nil, fmt.Errorf("codec: lz4: input of %d bytes exceeds %d", len(src), MaxDecodedSize)
	}
	start := len(dst)
	dst, tail := extend(dst, 4+lz4Bound(len(src)))
	binary.LittleEndian.PutUint32(tail, uint32(len(src)))
	n := lz4Compress(tail[4:], src, c.acceleration)
	return dst[:start+4+n], nil
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
