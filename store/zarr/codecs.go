package zarr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/codec"
)

// pipeline is the codec chain of one (inner) chunk: the array → bytes
// step (axis permutation and byte order) followed by bytes → bytes codecs
// (v2 filters and compressor, v3 compressors and checksums), applied in
// order on encode and in reverse on decode.
type pipeline struct {
	perm []int         // stored axis i is logical axis perm[i]; nil for C order
	big  bool          // elements stored big-endian
	bb   []codec.Codec // bytes → bytes codecs, in encoding order
}

// decode runs the bytes → bytes codecs backwards over raw and returns the
// chunk's stored bytes, which must be n long. The result may be a pooled
// buffer (release it with chunk.PutBytes) or raw itself.
func (p *pipeline) decode(raw []byte, n int) ([]byte, error) {
	return p.decodeTo(nil, raw, n)
}

// decodeTo is decode with the last codec decoding into dst when dst has
// room for n bytes (and into a pooled buffer otherwise).
func (p *pipeline) decodeTo(dst, raw []byte, n int) ([]byte, error) {
	buf := raw
	for i := len(p.bb) - 1; i >= 0; i-- {
		c := p.bb[i]
		var out []byte
		var err error
		if dt, ok := c.(codec.DecoderTo); ok && i == 0 {
			if cap(dst) < n {
				dst = chunk.GetBytes(n)
			}
			out, err = dt.DecodeTo(dst[:n], buf)
		} else {
			out, err = c.Decode(buf)
		}
		if err != nil {
			return nil, err
		}
		buf = out
	}
	if len(buf) != n {
		return nil, fmt.Errorf("%w: decoded to %d bytes, want %d", ErrCorrupt, len(buf), n)
	}
	return buf, nil
}

// encode runs the bytes → bytes codecs over the stored bytes b. The last
// codec encodes into a pooled buffer when it can (codec.EncoderTo):
// pooled reports that the result is one, to release with chunk.PutBytes once
// stored.
func (p *pipeline) encode(b []byte) (enc []byte, pooled bool, err error) {
	for i, c := range p.bb {
		if et, ok := c.(codec.EncoderTo); ok && i == len(p.bb)-1 {
			buf := chunk.GetBytes(len(b) + len(b)/64 + 1024)
			out, err := et.EncodeTo(buf[:0], b)
			if err != nil {
				chunk.PutBytes(buf)
				return nil, false, err
			}
			return out, true, nil
		}
		if b, err = c.Encode(b); err != nil {
			return nil, false, err
		}
	}
	return b, false, nil
}

// crc32cCodec is Zarr v3's crc32c codec: a little-endian CRC-32C of the
// data appended on encode, checked and stripped on decode.
type crc32cCodec struct{}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (crc32cCodec) Encode(src []byte) ([]byte, error) {
	out := make([]byte, len(src)+4)
	copy(out, src)
	binary.LittleEndian.PutUint32(out[len(src):], crc32.Checksum(src, castagnoli))
	return out, nil
}

func (crc32cCodec) Decode(src []byte) ([]byte, error) {
	if len(src) < 4 {
		return nil, fmt.Errorf("%w: crc32c: %d bytes, too short for a checksum", ErrCorrupt, len(src))
	}
	n := len(src) - 4
	if got, want := crc32.Checksum(src[:n], castagnoli), binary.LittleEndian.Uint32(src[n:]); got != want {
		return nil, fmt.Errorf("%w: crc32c checksum %08x, stored %08x", ErrCorrupt, got, want)
	}
	return append([]byte(nil), src[:n]...), nil
}

// Errors wrapped by this package's errors, for errors.Is.
var (
	// ErrUnsupported reports a valid Zarr feature or value this package
	// does not implement: a dtype, codec, filter, chunk grid or format
	// version.
	ErrUnsupported = errors.New("zarr: unsupported")
	// ErrCorrupt reports malformed metadata or a chunk that does not
	// decode to the size its metadata implies.
	ErrCorrupt = errors.New("zarr: corrupt")
)
