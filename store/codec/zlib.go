package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

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
	br := bytes.NewReader(src)
	r, err := zlib.NewReader(br)
	if err != nil {
		return nil, corruptf("zlib", "%v", err)
	}
	out, err := readAllTo(dst, r, zlibMaxRatio*len(src)+64)
	if err != nil {
		return nil, corruptf("zlib", "%v", err)
	}
	if br.Len() != 0 {
		return nil, corruptf("zlib", "%d bytes after the end of the stream", br.Len())
	}
	return out, nil
}

// InflateExact decodes the zlib stream src (RFC 1950: header, deflate
// data, Adler-32) into all of dst, as HDF5's deflate filter and Blosc's
// zlib streams store it. The stream must decode to exactly len(dst)
// bytes, its Adler-32 must match, and nothing may follow it: a
// truncated, overwritten or extended stream is an error wrapping
// ErrCorrupt. It never writes past dst and allocates only the decoder.
func InflateExact(dst, src []byte) error {
	br := bytes.NewReader(src)
	r, err := zlib.NewReader(br)
	if err != nil {
		return fmt.Errorf("%w: zlib: %v", ErrCorrupt, err)
	}
	defer r.Close()
	if n, err := io.ReadFull(r, dst); err != nil {
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return fmt.Errorf("%w: zlib stream ends after %d of %d bytes", ErrCorrupt, n, len(dst))
		}
		return fmt.Errorf("%w: zlib: %v", ErrCorrupt, err)
	}
	if err := expectEOF(r, "zlib", len(dst)); err != nil {
		return err
	}
	if br.Len() != 0 {
		return fmt.Errorf("%w: %d bytes after the end of the zlib stream", ErrCorrupt, br.Len())
	}
	return nil
}

// expectEOF reads r, a decompressor that has produced n bytes, to its
// end: the end of the stream is where checksums are verified, so it
// must be reached, and no further data may come.
func expectEOF(r io.Reader, name string, n int) error {
	var one [1]byte
	for range 64 { // a decompressor returns (0, nil) only transiently
		k, err := r.Read(one[:])
		if k != 0 {
			return fmt.Errorf("%w: %s stream holds more than %d bytes", ErrCorrupt, name, n)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
		}
	}
	return fmt.Errorf("%w: %s stream does not end", ErrCorrupt, name)
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
// one after another, as Python's gzip module does.
func (c *GzipCodec) DecodeTo(dst, src []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(src))
	if err != nil {
		return nil, corruptf("gzip", "%v", err)
	}
	out, err := readAllTo(dst, r, zlibMaxRatio*len(src)+64)
	if err != nil {
		return nil, corruptf("gzip", "%v", err)
	}
	return out, nil
}

var errTooLarge = errors.New("decoded data exceeds the bound for its input size")

// readAllTo reads r to EOF into dst[:0], growing it as needed, and fails
// once more than limit bytes (or MaxDecodedSize) would be produced.
func readAllTo(dst []byte, r io.Reader, limit int) ([]byte, error) {
	limit = min(limit, MaxDecodedSize)
	out := dst[:0]
	if cap(out) == 0 {
		out = make([]byte, 0, 4096)
	}
	for {
		if len(out) == cap(out) {
			if len(out) >= limit {
				var one [1]byte
				n, err := r.Read(one[:])
				if n > 0 {
					return nil, errTooLarge
				}
				if err == io.EOF {
					return out, nil
				}
				if err != nil {
					return nil, err
				}
				continue
			}
			out = append(out, 0)[:len(out)]
			out = out[:len(out):min(cap(out), limit)]
		}
		n, err := r.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
