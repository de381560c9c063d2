package scheduler

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/chunkwise/chunkwise/chunk"
)

// EncodeValue returns v's encoding for another process, in pieces to be
// written one after the other: a *chunk.Dense as its header and its data
// (not copied), any other encoding.BinaryMarshaler whose first byte has
// a decoder registered with RegisterDecoder as its MarshalBinary bytes.
// These are the bytes a spill file holds. Any other value is an error
// naming its type.
func EncodeValue(v any) ([][]byte, error) {
	switch x := v.(type) {
	case *chunk.Dense:
		return [][]byte{denseHeader(x), x.Bytes()}, nil
	case encoding.BinaryMarshaler:
		b, err := x.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("encoding %T: %w", v, err)
		}
		if len(b) == 0 || decoderFor(b[0]) == nil {
			return nil, fmt.Errorf("encoding %T: its encoding has no decoder registered (scheduler.RegisterDecoder)", v)
		}
		return [][]byte{b}, nil
	}
	return nil, fmt.Errorf("a %T cannot be encoded (it is not an encoding.BinaryMarshaler with a registered decoder)", v)
}

// DecodeValue decodes what EncodeValue produced, by the decoder
// registered for its first byte. Empty input, an unknown tag or
// malformed bytes are errors.
func DecodeValue(b []byte) (any, error) {
	if len(b) == 0 {
		return nil, errors.New("scheduler: empty encoded value")
	}
	dec := decoderFor(b[0])
	if dec == nil {
		return nil, fmt.Errorf("scheduler: encoded value starts with tag %#x, which has no decoder", b[0])
	}
	return dec(b)
}

// ReadValue reads and decodes an encoded value of n bytes from r. A
// chunk's data is read straight into its fresh buffer, anything else
// into one buffer of n bytes; short or malformed input is an error.
func ReadValue(r io.Reader, n int64) (any, error) {
	if n <= 0 {
		return nil, errors.New("scheduler: empty encoded value")
	}
	if n > 1<<46 {
		return nil, fmt.Errorf("scheduler: encoded value of %d bytes is too large", n)
	}
	var tag [1]byte
	if _, err := io.ReadFull(r, tag[:]); err != nil {
		return nil, shortRead(err)
	}
	if tag[0] != denseTag {
		b := make([]byte, n)
		b[0] = tag[0]
		if _, err := io.ReadFull(r, b[1:]); err != nil {
			return nil, shortRead(err)
		}
		return DecodeValue(b)
	}
	// Header: dtype, ndim and the shape as uvarints.
	br := &byteReader{r: r, left: n - 1}
	dt, err := br.ReadByte()
	if err != nil {
		return nil, shortRead(err)
	}
	if !chunk.DType(dt).Valid() {
		return nil, fmt.Errorf("scheduler: encoded chunk has invalid dtype %d", dt)
	}
	nd, err := binary.ReadUvarint(br)
	if err != nil || nd > 64 {
		return nil, errors.New("scheduler: corrupt chunk header")
	}
	shape := make([]int, nd)
	size := int64(chunk.DType(dt).Size())
	for a := range shape {
		s, err := binary.ReadUvarint(br)
		if err != nil || s > 1<<40 {
			return nil, errors.New("scheduler: corrupt chunk header")
		}
		shape[a] = int(s)
		size *= int64(s)
	}
	if size != br.left {
		return nil, fmt.Errorf("scheduler: chunk header says %d data bytes, %d follow", size, br.left)
	}
	d := chunk.NewDense(chunk.DType(dt), shape)
	if _, err := io.ReadFull(r, d.Bytes()); err != nil {
		return nil, shortRead(err)
	}
	return d, nil
}

// byteReader reads single bytes and counts what is left of a value.
type byteReader struct {
	r    io.Reader
	left int64
	b    [1]byte
}

func (b *byteReader) ReadByte() (byte, error) {
	if b.left <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if _, err := io.ReadFull(b.r, b.b[:]); err != nil {
		return 0, err
	}
	b.left--
	return b.b[0], nil
}

func shortRead(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("scheduler: reading encoded value: %w", err)
}
