package codec

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/chunkwise/chunkwise/store/codec/internal/zstdec"
)

// zstdMaxRatio bounds the expansion of a Zstandard frame: a block
// decodes to at most 128 KiB and takes at least 4 bytes (an RLE block).
// A frame header claiming more than this for its size is corrupt, and is
// refused before the decoder allocates what it claims.
const zstdMaxRatio = 128 << 10 / 4

// ZstdCodec is numcodecs' "zstd" codec: one Zstandard frame, written with
// the content size in its header.
type ZstdCodec struct {
	level    int
	checksum bool
}

// Zstd returns numcodecs' Zstandard codec. Level follows libzstd's scale
// (negative for fastest, 0 for the default 3, up to 22); the pure-Go
// encoder maps it onto its four speeds (see zstd.EncoderLevelFromZstd),
// and the fastest (levels 2 and below) without a checksum onto our own
// encoder of libzstd's "fast" kind (zstdfast.go).
func Zstd(level int) *ZstdCodec { return &ZstdCodec{level: level} }

// ZstdChecksum returns Zstd(level) writing a content checksum into each
// frame, numcodecs' `"checksum": true`.
func ZstdChecksum(level int) *ZstdCodec { return &ZstdCodec{level: level, checksum: true} }

// Level returns the compression level the codec was built with.
func (c *ZstdCodec) Level() int { return c.level }

// Checksum reports whether encoded frames carry a content checksum.
func (c *ZstdCodec) Checksum() bool { return c.checksum }

// zstdEncoderLevel maps a libzstd level onto the pure-Go encoder's speeds.
func zstdEncoderLevel(level int) zstd.EncoderLevel {
	if level == 0 {
		level = 3 // libzstd's ZSTD_CLEVEL_DEFAULT
	}
	return zstd.EncoderLevelFromZstd(level)
}

type zstdEncoderKey struct {
	level    zstd.EncoderLevel
	checksum bool
	single   bool
}

// zstdSmall is the size up to which frames are written as a single
// segment. Above zstd.MinWindowSize the encoder chooses single segments
// by itself, and from 256 bytes on it writes the content size anyway;
// below, without this, it would leave the content size out, which
// numcodecs before 0.13 cannot decode.
const zstdSmall = zstd.MinWindowSize

// zstdEncoders pools encoders per (speed, checksum, single segment): an
// encoder runs one EncodeAll at a time, so concurrent chunk writes each
// take their own instead of queueing for one.
var zstdEncoders sync.Map // zstdEncoderKey → *sync.Pool of *zstd.Encoder

// zstdEncode appends src compressed into one frame to dst, with an
// encoder from the pool.
func zstdEncode(dst, src []byte, level int, checksum bool) ([]byte, error) {
	key := zstdEncoderKey{zstdEncoderLevel(level), checksum, len(src) <= zstdSmall}
	if key.level == zstd.SpeedFastest && !checksum && len(src) > 0 && len(src) <= MaxDecodedSize {
		return zstdFastEncode(dst, src), nil
	}
	p, ok := zstdEncoders.Load(key)
	if !ok {
		p, _ = zstdEncoders.LoadOrStore(key, new(sync.Pool))
	}
	pool := p.(*sync.Pool)
	e, _ := pool.Get().(*zstd.Encoder)
	if e == nil {
		opts := []zstd.EOption{
			zstd.WithEncoderLevel(key.level),
			zstd.WithEncoderCRC(checksum),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderConcurrency(1),
		}
		if key.single {
			opts = append(opts, zstd.WithSingleSegment(true))
		}
		var err error
		if e, err = zstd.NewWriter(nil, opts...); err != nil {
			return nil, err
		}
	}
	out := e.EncodeAll(src, dst)
	pool.Put(e)
	return out, nil
}

// Encode implements Codec.
func (c *ZstdCodec) Encode(src []byte) ([]byte, error) {
	return c.EncodeTo(make([]byte, 0, len(src)/2+32), src)
}

// EncodeTo implements EncoderTo.
func (c *ZstdCodec) EncodeTo(dst, src []byte) ([]byte, error) {
	out, err := zstdEncode(dst, src, c.level, c.checksum)
	if err != nil {
		return nil, fmt.Errorf("codec: zstd: %w", err)
	}
	return out, nil
}

// zstdDecoders keeps decoders (zstdec, RFC 8878 in this module) for
// reuse: each holds its literal buffer and tables between frames.
var zstdDecoders = sync.Pool{New: func() any { return new(zstdec.Decoder) }}

// zstdDecode appends the content of the frames of src to dst, at most
// limit bytes; it may overwrite dst's spare capacity.
func zstdDecode(dst, src []byte, limit int) ([]byte, error) {
	d := zstdDecoders.Get().(*zstdec.Decoder)
	defer zstdDecoders.Put(d)
	return d.Decode(dst, src, limit)
}

// Decode implements Codec.
func (c *ZstdCodec) Decode(src []byte) ([]byte, error) { return c.DecodeTo(nil, src) }

// DecodeTo implements DecoderTo. Frames without a content size in their
// header, several concatenated frames and skippable frames are accepted;
// a frame that needs a dictionary, or bytes after the last frame, are
// errors (as in libzstd).
func (c *ZstdCodec) DecodeTo(dst, src []byte) ([]byte, error) {
	h, err := zstdec.ReadHeader(src)
	if err != nil {
		return nil, corruptf("zstd", "%v", err)
	}
	if h.HasSize && (h.Size > MaxDecodedSize || h.Size > zstdMaxRatio*uint64(len(src))) {
		return nil, corruptf("zstd", "a %d-byte frame claims %d bytes", len(src), h.Size)
	}
	out, err := zstdDecode(dst[:0], src, MaxDecodedSize)
	if err != nil {
		return nil, corruptf("zstd", "%v", err)
	}
	return out, nil
}

// zstdDecompressExact decodes the zstd frame src into all of dst; it
// must decode to exactly len(dst) bytes.
func zstdDecompressExact(dst, src []byte) error {
	if len(dst) == 0 {
		return fmt.Errorf("%w: zstd: empty output", ErrCorrupt)
	}
	h, err := zstdec.ReadHeader(src)
	if err != nil {
		return fmt.Errorf("%w: zstd: %v", ErrCorrupt, err)
	}
	if h.HasSize && h.Size != uint64(len(dst)) {
		return fmt.Errorf("%w: zstd frame holds %d bytes, want %d", ErrCorrupt, h.Size, len(dst))
	}
	out, err := zstdDecode(dst[:0], src, len(dst))
	if err != nil {
		return fmt.Errorf("%w: zstd: %v", ErrCorrupt, err)
	}
	if len(out) != len(dst) || &out[0] != &dst[0] {
		return fmt.Errorf("%w: zstd frame decoded to %d bytes, want %d", ErrCorrupt, len(out), len(dst))
	}
	return nil
}
