package scheduler

import (
	"bufio"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pierrec/lz4/v4"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/registry"
)

// A Decoder turns the bytes a value's MarshalBinary produced back into
// the value. It must return an error, never panic, on malformed input.
type Decoder func(b []byte) (any, error)

// decoders are the registered decoders by the encoding's first byte, its
// tag, as a one-byte name.
var decoders = registry.New[Decoder]("scheduler: decoder for tag")

// denseTag is the first byte of every chunk.Dense encoding.
var denseTag = func() byte {
	b, err := chunk.NewDense(chunk.Float64, []int{0}).MarshalBinary()
	if err != nil || len(b) == 0 {
		panic("scheduler: chunk.Dense does not encode")
	}
	return b[0]
}()

func init() {
	RegisterDecoder(denseTag, func(b []byte) (any, error) { return chunk.UnmarshalDense(b) })
}

// RegisterDecoder makes values whose MarshalBinary output starts with the
// byte tag spillable by the local executor (and, later, sendable between
// processes): decode reads such bytes back. Packages register their value
// types at init time; *chunk.Dense is registered by this package.
// Registering a tag again with a different function panics (the rule of
// package internal/registry), because one tag with two meanings would
// decode the wrong type.
func RegisterDecoder(tag byte, decode Decoder) {
	if _, err := decoders.Add(string([]byte{tag}), registry.Code(decode), decode); err != nil {
		panic(err)
	}
}

func decoderFor(tag byte) Decoder {
	d, _ := decoders.Get(string([]byte{tag}))
	return d
}

// errNotEncodable says a value cannot be spilled: it has no
// MarshalBinary, or no decoder is registered for its tag. Such values
// stay in memory.
var errNotEncodable = errors.New("value cannot be encoded for spilling")

// spillable reports whether v may be spilled at all.
func spillable(v any) bool {
	switch v.(type) {
	case *chunk.Dense, encoding.BinaryMarshaler:
		return true
	}
	return false
}

// denseHeader is the head of d's MarshalBinary output (magic, dtype,
// shape as uvarints); the little-endian data, d.Bytes(), follows it. It
// lets a chunk be spilled without copying its data first.
func denseHeader(d *chunk.Dense) []byte {
	hdr := make([]byte, 0, 3+binary.MaxVarintLen64*(len(d.Shape())+1))
	hdr = append(hdr, denseTag, byte(d.DType()))
	hdr = binary.AppendUvarint(hdr, uint64(len(d.Shape())))
	for _, n := range d.Shape() {
		hdr = binary.AppendUvarint(hdr, uint64(n))
	}
	return hdr
}

// spillRecord remembers what a spill file holds, so that a chunk is read
// straight into a fresh buffer rather than through a copy.
type spillRecord struct {
	path  string
	n     int64 // uncompressed bytes: the encoding's length
	dense bool  // a *chunk.Dense of dtype dt and shape
	dt    chunk.DType
	shape []int
	hdr   []byte // for a dense chunk, its header
}

// writeSpill encodes v and writes it lz4-compressed to path. The file
// holds exactly the lz4 frame of v's MarshalBinary bytes: the spill
// format is the wire format. It returns errNotEncodable for values that
// cannot come back.
func writeSpill(path string, v any) (rec spillRecord, written int64, err error) {
	rec.path = path
	var parts [2][]byte
	switch x := v.(type) {
	case *chunk.Dense:
		// Only the dtype and shape: the record must not keep the data alive.
		rec.dense, rec.dt, rec.shape, rec.hdr = true, x.DType(), append([]int(nil), x.Shape()...), denseHeader(x)
		parts = [2][]byte{rec.hdr, x.Bytes()}
	case encoding.BinaryMarshaler:
		b, err := x.MarshalBinary()
		if err != nil {
			return rec, 0, fmt.Errorf("encoding %T: %w", v, err)
		}
		if len(b) == 0 || decoderFor(b[0]) == nil {
			return rec, 0, errNotEncodable
		}
		parts[0] = b
	default:
		return rec, 0, errNotEncodable
	}
	rec.n = int64(len(parts[0]) + len(parts[1]))
	written, err = WriteSpillFile(path, parts[:])
	return rec, written, err
}

// WriteSpillFile writes an encoded value (EncodeValue's pieces, written
// one after the other) to path as a spill file: one lz4 frame with block
// and content checksums, the format the local executor spills in. It
// returns the bytes written; on any error it removes the file.
func WriteSpillFile(path string, parts [][]byte) (int64, error) {
	var n int64
	for _, p := range parts {
		n += int64(len(p))
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	cw := &countWriter{w: f}
	zw := lz4.NewWriter(cw)
	if err := zw.Apply(lz4.BlockSizeOption(lz4.Block4Mb), lz4.ChecksumOption(true),
		lz4.BlockChecksumOption(true), lz4.ConcurrencyOption(1), lz4.SizeOption(uint64(n))); err != nil {
		f.Close()
		os.Remove(path)
		return 0, err
	}
	for _, p := range parts {
		if len(p) > 0 {
			if _, err = zw.Write(p); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return 0, err
	}
	return cw.n, nil
}

// OpenSpillFile opens a file WriteSpillFile wrote: reading it yields the
// encoded value (for ReadValue). A missing file is an error of the open;
// a truncated or corrupt one an error of Read, at the latest when the
// end of the frame and its checksum are reached.
func OpenSpillFile(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return spillReader{Reader: lz4.NewReader(bufio.NewReaderSize(f, 1<<16)), f: f}, nil
}

type spillReader struct {
	io.Reader
	f *os.File
}

func (r spillReader) Close() error { return r.f.Close() }

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// readSpill reads back the value writeSpill wrote to rec.path. A file that
// is truncated, corrupt (the lz4 checksums fail) or decodes to something
// else is an error.
func readSpill(rec spillRecord) (any, error) {
	zr, err := OpenSpillFile(rec.path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var v any
	if rec.dense {
		hdr := make([]byte, len(rec.hdr))
		if _, err := io.ReadFull(zr, hdr); err != nil {
			return nil, corruptSpill(err)
		}
		if string(hdr) != string(rec.hdr) {
			return nil, errors.New("spill file holds a different chunk header")
		}
		out := chunk.NewDense(rec.dt, rec.shape)
		if _, err := io.ReadFull(zr, out.Bytes()); err != nil {
			return nil, corruptSpill(err)
		}
		v = out
	} else {
		b := make([]byte, rec.n)
		if _, err := io.ReadFull(zr, b); err != nil {
			return nil, corruptSpill(err)
		}
		dec := decoderFor(b[0])
		if dec == nil {
			return nil, fmt.Errorf("spill file starts with tag %#x, which has no decoder", b[0])
		}
		if v, err = dec(b); err != nil {
			return nil, err
		}
	}
	// Read to the end of the frame: the content checksum is checked there.
	var one [1]byte
	if n, err := zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("trailing data")
		}
		return nil, corruptSpill(err)
	}
	return v, nil
}

func corruptSpill(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("corrupt spill file: %w", err)
}
