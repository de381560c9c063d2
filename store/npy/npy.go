package npy

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"

	"github.com/chunkwise/chunkwise/chunk"
)

// Read reads a whole .npy file from r into a C-order Dense of the file's
// dtype, converting big-endian and Fortran-order data. It returns the
// errors of ReadHeader, and an error wrapping ErrTruncated when r ends
// before the data the header announces. Bytes after the data are not read.
func Read(r io.Reader) (*chunk.Dense, error) {
	h, err := ReadHeader(r)
	if err != nil {
		return nil, err
	}
	return readData(r, h, -1)
}

// ReadFile reads the .npy file at path like Read; a file shorter than its
// header announces is rejected before any large allocation.
func ReadFile(path string) (*chunk.Dense, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	h, err := ReadHeader(bufio.NewReaderSize(io.LimitReader(f, maxHeaderLen+12), 4096))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if _, err := f.Seek(h.DataOffset, io.SeekStart); err != nil {
		return nil, err
	}
	d, err := readData(f, h, st.Size()-h.DataOffset)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// readData reads the data section announced by h; avail is the number of
// bytes known to remain in r, or -1 when unknown.
func readData(r io.Reader, h Header, avail int64) (*chunk.Dense, error) {
	n := h.DataSize()
	if avail >= 0 && avail < n {
		return nil, fmt.Errorf("%w: data of shape %v needs %d bytes, file has %d", ErrTruncated, h.Shape, n, avail)
	}
	var buf []byte
	if avail >= 0 || n <= 64<<20 {
		buf = make([]byte, n)
		if k, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("%w: data of shape %v needs %d bytes, got %d", ErrTruncated, h.Shape, n, k)
		}
	} else {
		// Unknown length and a large claim: grow as bytes arrive so that a
		// corrupt header cannot force a huge allocation.
		b, err := io.ReadAll(io.LimitReader(r, n))
		if err != nil {
			return nil, err
		}
		if int64(len(b)) < n {
			return nil, fmt.Errorf("%w: data of shape %v needs %d bytes, got %d", ErrTruncated, h.Shape, n, len(b))
		}
		buf = b
	}
	return decode(buf, h.DType, h.BigEndian, h.Fortran, h.Shape)
}

// decode turns raw file bytes (consumed) into a C-order, native Dense.
func decode(buf []byte, dt chunk.DType, bigEndian, fortran bool, shape []int) (*chunk.Dense, error) {
	if bigEndian {
		swapBytes(buf, dt.PartSize())
	}
	if !fortran || len(shape) < 2 {
		return chunk.FromBytes(dt, shape, buf)
	}
	d, err := chunk.FromBytes(dt, reversed(shape), buf)
	if err != nil {
		return nil, err
	}
	out := chunk.NewDense(dt, shape)
	reverseAxes(out, d)
	return out, nil
}

// Options control how Write lays out a file. The zero value writes what
// numpy.save writes for a C-contiguous array on a little-endian machine.
type Options struct {
	// Fortran writes the data in Fortran (column-major) order.
	Fortran bool
	// BigEndian writes multi-byte elements big-endian ('>' type strings).
	BigEndian bool
	// Version is the format version to write, 1, 2 or 3; 0 picks the
	// lowest that holds the header, as NumPy does.
	Version int
}

// Write writes d to w as a little-endian, C-order .npy file of format
// version 1.0 (2.0 when the header needs it). It returns w's errors; a nil
// d is an error.
func Write(w io.Writer, d *chunk.Dense) error { return WriteWith(w, d, Options{}) }

// WriteWith writes d to w in the layout o asks for. It returns an error
// for a nil d, for a Version other than 0–3 or a header too large for
// version 1, and w's errors.
func WriteWith(w io.Writer, d *chunk.Dense, o Options) error {
	if d == nil {
		return errors.New("npy: Write of a nil Dense")
	}
	hdr, err := encodeHeader(d.DType(), o.BigEndian, o.Fortran, d.Shape(), o.Version)
	if err != nil {
		return err
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	data := encode(d, o.BigEndian, o.Fortran)
	_, err = w.Write(data)
	return err
}

// encode returns d's bytes in the file layout; it may share d's memory
// when no conversion is needed, so callers must not modify the result.
func encode(d *chunk.Dense, bigEndian, fortran bool) []byte {
	b := d.Bytes()
	es := d.DType().Size()
	copied := false
	if fortran && len(d.Shape()) > 1 {
		out := chunk.NewDense(d.DType(), reversed(d.Shape()))
		reverseAxes(out, d)
		b, copied = out.Bytes(), true
	}
	if bigEndian && es > 1 {
		if !copied {
			b = append([]byte(nil), b...)
		}
		swapBytes(b, d.DType().PartSize())
	}
	return b
}

// WriteFile writes d to the file at path like Write, creating or
// truncating it.
func WriteFile(path string, d *chunk.Dense) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := Write(bw, d); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func reversed(s []int) []int {
	r := make([]int, len(s))
	for i, n := range s {
		r[len(s)-1-i] = n
	}
	return r
}

// swapBytes reverses the byte order of every es-byte element of b.
func swapBytes(b []byte, es int) {
	switch es {
	case 2:
		for i := 0; i+1 < len(b); i += 2 {
			b[i], b[i+1] = b[i+1], b[i]
		}
	case 4:
		for i := 0; i+3 < len(b); i += 4 {
			v := uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24
			v = bits.ReverseBytes32(v)
			b[i], b[i+1], b[i+2], b[i+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		}
	case 8:
		for i := 0; i+7 < len(b); i += 8 {
			for j := 0; j < 4; j++ {
				b[i+j], b[i+7-j] = b[i+7-j], b[i+j]
			}
		}
	}
}

// reverseAxes writes into dst the array src with its axes reversed (a
// transpose): element idx of src lands at reversed(idx) of dst. Applied
// to Fortran-order bytes of shape s read as C order of reversed(s), it
// yields C order of s, and the other way round.
func reverseAxes(dst, src *chunk.Dense) {
	nd := len(src.Shape())
	perm := make([]int, nd)
	for a := range perm {
		perm[a] = nd - 1 - a
	}
	chunk.PermuteInto(dst, make([]int, nd), src, perm)
}
