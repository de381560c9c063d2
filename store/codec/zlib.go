package codec

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/chunkwise/chunkwise/internal/inflate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
)

// zlibMaxRatio bounds the expansion of a deflate stream, which is at
// most 1032:1, with room to spare.
const zlibMaxRatio = 1040

// ZlibCodec is numcodecs' "zlib" codec: an RFC 1950 zlib stream.
type ZlibCodec struct {
	level int
}

// Zlib returns numcodecs' zlib codec. Level runs from 0 (stored) to 9
// (best); -1 is zlib's default (6). Other levels make Encode fail.
func Zlib(level int) *ZlibCodec { return &ZlibCodec{level: level} }

// Level returns the compression level the codec was built with.
func (c *ZlibCodec) Level() int { return c.level }

// Encode implements Codec.
func (c *ZlibCodec) Encode(src []byte) ([]byte, error) { return c.EncodeTo(nil, src) }

// EncodeTo implements EncoderTo.
func (c *ZlibCodec) EncodeTo(dst, src []byte) ([]byte, error) {
	return zlibWriters.encode(dst, src, c.level)
}

// deflateWriter is a zlib or gzip writer.
type deflateWriter interface {
	io.WriteCloser
	Reset(io.Writer)
}

// deflater is a pooled deflateWriter and the slice it appends to.
type deflater struct {
	w   deflateWriter
	out appender
}

// appender is an io.Writer appending to a slice.
type appender struct{ b []byte }

func (a *appender) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

// deflaters pools the writers of one format per level (-2, Huffman only,
// to 9): a writer's compressor state is large, and a chunk writer
// needs one per concurrent write.
type deflaters struct {
	name  string
	pools [12]sync.Pool // of *deflater
	new   func(w io.Writer, level int) (deflateWriter, error)
}

var (
	zlibWriters = &deflaters{name: "zlib", new: func(w io.Writer, level int) (deflateWriter, error) {
		return zlib.NewWriterLevel(w, level)
	}}
	gzipWriters = &deflaters{name: "gzip", new: func(w io.Writer, level int) (deflateWriter, error) {
		return gzip.NewWriterLevel(w, level)
	}}
)

// encode appends src, compressed at level into one stream, to dst.
func (p *deflaters) encode(dst, src []byte, level int) ([]byte, error) {
	var pool *sync.Pool
	var d *deflater
	if level >= -2 && level <= 9 {
		pool = &p.pools[level+2]
		d, _ = pool.Get().(*deflater)
	}
	if d == nil {
		d = new(deflater)
		w, err := p.new(&d.out, level)
		if err != nil {
			return nil, fmt.Errorf("codec: %s: %w", p.name, err)
		}
		d.w = w
	} else {
		d.w.Reset(&d.out)
	}
	d.out.b = slices.Grow(dst, len(src)/2+64) // room for most outputs: no append doubling
	_, err := d.w.Write(src)
	if err == nil {
		err = d.w.Close()
	}
	out := d.out.b
	d.out.b = nil
	if err != nil {
		return nil, fmt.Errorf("codec: %s: %w", p.name, err)
	}
	if pool != nil {
		pool.Put(d)
	}
	return out, nil
}

// Decode implements Codec.
func (c *ZlibCodec) Decode(src []byte) ([]byte, error) { return c.DecodeTo(nil, src) }

// DecodeTo implements DecoderTo. The stream's Adler-32 is verified, and
// bytes after its end are an error (zlib.decompress in Python ignores
// them; a chunk never holds any).
func (c *ZlibCodec) DecodeTo(dst, src []byte) ([]byte, error) {
	out, err := inflate.Zlib(dst[:0], src, min(zlibMaxRatio*len(src)+64, MaxDecodedSize))
	if err != nil {
		return nil, corruptf("zlib", "%v", err)
	}
	return out, nil
}

// InflateExact decodes the zlib stream src (RFC 1950: header, deflate
// data, Adler-32) into all of dst, as HDF5's deflate filter and Blosc's
// zlib streams store it. The stream must decode to exactly len(dst)
// bytes, its Adler-32 must match, and nothing may follow it: a
// truncated, overwritten or extended stream is an error wrapping
// ErrCorrupt. It never writes past dst and does not allocate.
func InflateExact(dst, src []byte) error {
	out, err := inflate.Zlib(dst[:0:len(dst)], src, len(dst))
	switch {
	case errors.Is(err, inflate.ErrTooLarge):
		return fmt.Errorf("%w: zlib stream holds more than %d bytes", ErrCorrupt, len(dst))
	case err != nil:
		return fmt.Errorf("%w: zlib: %v", ErrCorrupt, err)
	case len(out) != len(dst):
		return fmt.Errorf("%w: zlib stream ends after %d of %d bytes", ErrCorrupt, len(out), len(dst))
	}
	return nil
}

// GzipCodec is numcodecs' "gzip" codec: an RFC 1952 gzip stream.
type GzipCodec struct {
	level int
}

// Gzip returns numcodecs' gzip codec. Level runs from 0 (stored) to 9
// (best); -1 is the default (6). Other levels make Encode fail.
func Gzip(level int) *GzipCodec { return &GzipCodec{level: level} }

// Level returns the compression level the codec was built with.
func (c *GzipCodec) Level() int { return c.level }

// Encode implements Codec.
func (c *GzipCodec) Encode(src []byte) ([]byte, error) { return c.EncodeTo(nil, src) }

// EncodeTo implements EncoderTo.
func (c *GzipCodec) EncodeTo(dst, src []byte) ([]byte, error) {
	return gzipWriters.encode(dst, src, c.level)
}

// Decode implements Codec.
func (c *GzipCodec) Decode(src []byte) ([]byte, error) { return c.DecodeTo(nil, src) }

// DecodeTo implements DecoderTo. Concatenated gzip members are decoded
// one after another, as Python's gzip module does; each member's CRC-32
// and size are verified.
func (c *GzipCodec) DecodeTo(dst, src []byte) ([]byte, error) {
	out, err := inflate.Gzip(dst[:0], src, min(zlibMaxRatio*len(src)+64, MaxDecodedSize))
	if err != nil {
		return nil, corruptf("gzip", "%v", err)
	}
	return out, nil
}
