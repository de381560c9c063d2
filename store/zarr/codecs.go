package zarr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

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
// buffer (release it with putBuf) or raw itself.
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
				dst = getBuf(n)
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

// encode runs the bytes → bytes codecs over the stored bytes b.
func (p *pipeline) encode(b []byte) ([]byte, error) {
	for _, c := range p.bb {
		out, err := c.Encode(b)
		if err != nil {
			return nil, err
		}
		b = out
	}
	return b, nil
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

// deltaCodec is numcodecs' Delta filter with dtype == astype: encoding
// stores the first element and the differences of successive ones;
// decoding is their cumulative sum (wrapping for integers).
type deltaCodec struct {
	dt  chunk.DType
	big bool
}

func (c deltaCodec) Encode(src []byte) ([]byte, error) { return c.run(src, true) }
func (c deltaCodec) Decode(src []byte) ([]byte, error) { return c.run(src, false) }

func (c deltaCodec) run(src []byte, enc bool) ([]byte, error) {
	es := c.dt.Size()
	if len(src)%es != 0 {
		return nil, fmt.Errorf("%w: delta: %d bytes is not a whole number of %v elements", ErrCorrupt, len(src), c.dt)
	}
	n := len(src) / es
	vals := make([]byte, len(src))
	// Work in little-endian, then restore the filter's byte order.
	copyRun(vals, 1, src, 1, n, es, c.big)
	d, err := chunk.FromBytes(c.dt, []int{n}, vals)
	if err != nil {
		return nil, err
	}
	switch c.dt {
	case chunk.Int8:
		delta(chunk.Values[int8](d), enc)
	case chunk.Int16:
		delta(chunk.Values[int16](d), enc)
	case chunk.Int32:
		delta(chunk.Values[int32](d), enc)
	case chunk.Int64:
		delta(chunk.Values[int64](d), enc)
	case chunk.Uint8:
		delta(chunk.Values[uint8](d), enc)
	case chunk.Uint16:
		delta(chunk.Values[uint16](d), enc)
	case chunk.Uint32:
		delta(chunk.Values[uint32](d), enc)
	case chunk.Uint64:
		delta(chunk.Values[uint64](d), enc)
	case chunk.Float32:
		delta(chunk.Values[float32](d), enc)
	case chunk.Float64:
		delta(chunk.Values[float64](d), enc)
	default:
		return nil, fmt.Errorf("%w: delta filter on %v", ErrUnsupported, c.dt)
	}
	copyRun(vals, 1, d.Bytes(), 1, n, es, c.big)
	return vals, nil
}

func delta[T chunk.Number](v []T, enc bool) {
	if enc {
		for i := len(v) - 1; i > 0; i-- {
			v[i] -= v[i-1]
		}
		return
	}
	for i := 1; i < len(v); i++ {
		v[i] += v[i-1]
	}
}

// fixedScaleOffsetCodec is numcodecs' FixedScaleOffset filter: floats
// stored as round((x - offset) * scale) in an integer type astype, and
// decoded as enc/scale + offset computed in float64.
type fixedScaleOffsetCodec struct {
	dt, astype    chunk.DType
	big, asBig    bool
	scale, offset float64
}

func (c fixedScaleOffsetCodec) Encode(src []byte) ([]byte, error) {
	return c.convert(src, c.dt, c.big, c.astype, c.asBig, func(x float64) float64 {
		return math.RoundToEven((x - c.offset) * c.scale)
	})
}

func (c fixedScaleOffsetCodec) Decode(src []byte) ([]byte, error) {
	return c.convert(src, c.astype, c.asBig, c.dt, c.big, func(x float64) float64 {
		return x/c.scale + c.offset
	})
}

func (c fixedScaleOffsetCodec) convert(src []byte, from chunk.DType, fromBig bool, to chunk.DType, toBig bool, f func(float64) float64) ([]byte, error) {
	es := from.Size()
	if len(src)%es != 0 {
		return nil, fmt.Errorf("%w: fixedscaleoffset: %d bytes is not a whole number of %v elements", ErrCorrupt, len(src), from)
	}
	n := len(src) / es
	le := make([]byte, len(src))
	copyRun(le, 1, src, 1, n, es, fromBig)
	in, err := chunk.FromBytes(from, []int{n}, le)
	if err != nil {
		return nil, err
	}
	tmp := make([]float64, n)
	for i := range tmp {
		tmp[i] = f(in.Float(i))
	}
	fd, _ := chunk.FromSlice([]int{n}, tmp)
	out := fd.AsType(to)
	res := make([]byte, out.NBytes())
	copyRun(res, 1, out.Bytes(), 1, n, to.Size(), toBig)
	return res, nil
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
