package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chunkwise/chunkwise/chunk"
)

// Errors returned (wrapped, with details) by the readers of this package.
// Test for them with errors.Is.
var (
	// ErrNotNPY means the input does not start with NumPy's magic string.
	ErrNotNPY = errors.New("npy: not a .npy file")
	// ErrTruncated means the input ended inside the header or the data.
	ErrTruncated = errors.New("npy: truncated file")
	// ErrUnsupported means the file is well formed but uses a feature
	// chunkwise cannot represent: a format version other than 1.0–3.0 or
	// a dtype outside package chunk's (strings, objects, structured,
	// complex, float16, datetimes …).
	ErrUnsupported = errors.New("npy: unsupported")
	// ErrMalformed means the header is not a valid NumPy header dict.
	ErrMalformed = errors.New("npy: malformed header")
)

// magic is the first six bytes of every .npy file.
const magic = "\x93NUMPY"

// maxHeaderLen bounds the header dict a reader accepts. NumPy itself
// refuses headers over 10000 bytes unless told otherwise; the bound here
// only protects against absurd allocations from corrupt length fields.
const maxHeaderLen = 1 << 20

// maxDims is NumPy 2's limit on the number of axes.
const maxDims = 64

// Header is the parsed header of a .npy file.
type Header struct {
	// Major and Minor are the format version: 1.0, 2.0 or 3.0.
	Major, Minor int
	// Descr is the dtype exactly as the file spells it ("<f8", "|b1").
	Descr string
	// DType is the element type Descr names.
	DType chunk.DType
	// BigEndian reports that multi-byte elements are stored big-endian.
	BigEndian bool
	// Fortran reports that the data is in Fortran (column-major) order.
	Fortran bool
	// Shape is the array shape; empty for a 0-d array.
	Shape []int
	// DataOffset is the byte offset of the data from the start of the file:
	// the length of the magic string, version, length field and header.
	DataOffset int64
}

// DataSize returns the number of bytes of data the header announces.
func (h Header) DataSize() int64 { return int64(chunk.Prod(h.Shape)) * int64(h.DType.Size()) }

// ReadHeader reads and parses a .npy header from r, leaving r positioned
// at the first data byte. It returns an error wrapping ErrNotNPY when the
// magic string is wrong, ErrTruncated when r ends inside the header,
// ErrUnsupported for a format version other than 1.0, 2.0 and 3.0 or for a
// dtype package chunk lacks (the error quotes the dtype), and ErrMalformed
// when the header dict cannot be parsed, lacks or adds keys, or has a bad
// shape (negative or non-integer dimensions, more than 64 axes, or a size
// that overflows int64).
func ReadHeader(r io.Reader) (Header, error) {
	var pre [10]byte
	if n, err := io.ReadFull(r, pre[:8]); err != nil {
		if m := min(n, 6); string(pre[:m]) != magic[:m] {
			return Header{}, fmt.Errorf("%w: bad magic %q", ErrNotNPY, pre[:m])
		}
		return Header{}, fmt.Errorf("%w: %d bytes, shorter than the 8-byte preamble", ErrTruncated, n)
	}
	if string(pre[:6]) != magic {
		return Header{}, fmt.Errorf("%w: bad magic %q", ErrNotNPY, pre[:6])
	}
	h := Header{Major: int(pre[6]), Minor: int(pre[7])}
	var hlen int
	switch {
	case h.Major == 1 && h.Minor == 0:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return Header{}, fmt.Errorf("%w: header length field", ErrTruncated)
		}
		hlen = int(binary.LittleEndian.Uint16(pre[8:10]))
		h.DataOffset = 10
	case (h.Major == 2 || h.Major == 3) && h.Minor == 0:
		var l [4]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return Header{}, fmt.Errorf("%w: header length field", ErrTruncated)
		}
		n := binary.LittleEndian.Uint32(l[:])
		if n > maxHeaderLen {
			return Header{}, fmt.Errorf("%w: header length %d exceeds %d bytes", ErrMalformed, n, maxHeaderLen)
		}
		hlen = int(n)
		h.DataOffset = 12
	default:
		return Header{}, fmt.Errorf("%w: format version %d.%d (chunkwise reads 1.0, 2.0 and 3.0)", ErrUnsupported, h.Major, h.Minor)
	}
	buf := make([]byte, hlen)
	if n, err := io.ReadFull(r, buf); err != nil {
		return Header{}, fmt.Errorf("%w: header of %d bytes ends after %d", ErrTruncated, hlen, n)
	}
	h.DataOffset += int64(hlen)
	if h.Major == 3 {
		if !utf8.Valid(buf) {
			return Header{}, fmt.Errorf("%w: version 3.0 header is not UTF-8", ErrMalformed)
		}
	} else {
		for _, c := range buf {
			if c >= 0x80 {
				return Header{}, fmt.Errorf("%w: non-ASCII byte 0x%02x in a version %d.0 header", ErrMalformed, c, h.Major)
			}
		}
	}
	if err := h.parseDict(string(buf)); err != nil {
		return Header{}, err
	}
	return h, nil
}

// parseDict fills h from the header's Python dict literal.
func (h *Header) parseDict(s string) error {
	p := &parser{s: s}
	v, err := p.value(0)
	if err != nil {
		return err
	}
	p.space()
	if p.i != len(p.s) {
		return fmt.Errorf("%w: unexpected %q after the header dict", ErrMalformed, clip(p.s[p.i:]))
	}
	d, ok := v.(pyDict)
	if !ok {
		return fmt.Errorf("%w: header is not a dict", ErrMalformed)
	}
	for _, k := range d.keys {
		switch k {
		case "descr", "fortran_order", "shape":
		default:
			return fmt.Errorf("%w: unexpected key %q in header", ErrMalformed, k)
		}
	}
	if len(d.keys) != 3 {
		return fmt.Errorf("%w: header must have exactly the keys descr, fortran_order and shape; it has %q", ErrMalformed, d.keys)
	}
	switch descr := d.m["descr"].(type) {
	case string:
		h.Descr = descr
		dt, big, err := parseDescr(descr)
		if err != nil {
			return err
		}
		h.DType, h.BigEndian = dt, big
	case pyList:
		return fmt.Errorf("%w: structured dtype %s", ErrUnsupported, clip(fmt.Sprint([]any(descr))))
	default:
		return fmt.Errorf("%w: descr is %T, not a dtype string", ErrMalformed, descr)
	}
	fo, ok := d.m["fortran_order"].(bool)
	if !ok {
		return fmt.Errorf("%w: fortran_order is not True or False", ErrMalformed)
	}
	h.Fortran = fo
	tup, ok := d.m["shape"].(pyTuple)
	if !ok {
		return fmt.Errorf("%w: shape is not a tuple", ErrMalformed)
	}
	if len(tup) > maxDims {
		return fmt.Errorf("%w: shape has %d axes, more than %d", ErrMalformed, len(tup), maxDims)
	}
	h.Shape = make([]int, len(tup))
	for a, v := range tup {
		n, ok := v.(int64)
		if !ok || n < 0 {
			return fmt.Errorf("%w: shape %s: axis %d is not a non-negative integer", ErrMalformed, fmtTuple(tup), a)
		}
		h.Shape[a] = int(n)
	}
	if !hasZero(h.Shape) {
		size := uint64(h.DType.Size())
		for _, n := range h.Shape {
			if size > math.MaxInt64/uint64(n) {
				return fmt.Errorf("%w: shape %v holds more than 2^63 bytes", ErrMalformed, h.Shape)
			}
			size *= uint64(n)
		}
	}
	return nil
}

func hasZero(s []int) bool {
	for _, n := range s {
		if n == 0 {
			return true
		}
	}
	return false
}

func fmtTuple(t pyTuple) string { return clip(fmt.Sprint([]any(t))) }

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// parseDescr maps a NumPy array-protocol type string to a dtype and byte
// order.
func parseDescr(descr string) (chunk.DType, bool, error) {
	unsupported := func(what string) (chunk.DType, bool, error) {
		return chunk.Invalid, false, fmt.Errorf("%w: dtype %q (%s)", ErrUnsupported, descr, what)
	}
	if len(descr) < 2 {
		return unsupported("unknown type string")
	}
	order, kind, size := descr[0], descr[1], descr[2:]
	switch order {
	case '<', '>', '|', '=':
	default:
		// NumPy always writes a byte order character; "f8" without one is
		// native order, little-endian on every machine chunkwise runs on.
		order, kind, size = '=', descr[0], descr[1:]
	}
	n, err := strconv.Atoi(size)
	if err != nil || n <= 0 {
		switch kind {
		case 'U':
			return unsupported("unicode string")
		case 'S', 'a':
			return unsupported("byte string")
		case 'O':
			return unsupported("Python object")
		case 'V':
			return unsupported("void/structured")
		case 'M', 'm':
			return unsupported("datetime")
		}
		return unsupported("unknown type string")
	}
	var dt chunk.DType
	switch {
	case kind == 'b' && n == 1:
		dt = chunk.Bool
	case kind == 'i' && n == 1:
		dt = chunk.Int8
	case kind == 'i' && n == 2:
		dt = chunk.Int16
	case kind == 'i' && n == 4:
		dt = chunk.Int32
	case kind == 'i' && n == 8:
		dt = chunk.Int64
	case kind == 'u' && n == 1:
		dt = chunk.Uint8
	case kind == 'u' && n == 2:
		dt = chunk.Uint16
	case kind == 'u' && n == 4:
		dt = chunk.Uint32
	case kind == 'u' && n == 8:
		dt = chunk.Uint64
	case kind == 'f' && n == 2:
		dt = chunk.Float16
	case kind == 'f' && n == 4:
		dt = chunk.Float32
	case kind == 'f' && n == 8:
		dt = chunk.Float64
	case kind == 'f':
		return unsupported(fmt.Sprintf("float%d", 8*n))
	case kind == 'c' && n == 8:
		dt = chunk.Complex64
	case kind == 'c' && n == 16:
		dt = chunk.Complex128
	case kind == 'c':
		return unsupported(fmt.Sprintf("complex%d", 8*n))
	case kind == 'U':
		return unsupported("unicode string")
	case kind == 'S' || kind == 'a':
		return unsupported("byte string")
	case kind == 'V':
		return unsupported("void/structured")
	case kind == 'M' || kind == 'm':
		return unsupported("datetime")
	case kind == 'O':
		return unsupported("Python object")
	default:
		return unsupported("unknown type string")
	}
	if order == '|' && n > 1 {
		return unsupported("multi-byte type without byte order")
	}
	return dt, order == '>' && n > 1, nil
}

// descrOf returns the type string of dt in the given byte order.
func descrOf(dt chunk.DType, bigEndian bool) string {
	var kind byte
	switch dt.Kind() {
	case chunk.KindBool:
		kind = 'b'
	case chunk.KindInt:
		kind = 'i'
	case chunk.KindUint:
		kind = 'u'
	case chunk.KindComplex:
		kind = 'c'
	default:
		kind = 'f'
	}
	order := byte('<')
	switch {
	case dt.Size() == 1:
		order = '|'
	case bigEndian:
		order = '>'
	}
	return string([]byte{order, kind}) + strconv.Itoa(dt.Size())
}

// Python literal values, as far as .npy headers use them.
type (
	pyTuple []any
	pyList  []any
	pyDict  struct {
		keys []string
		m    map[string]any
	}
)

// parser is a recursive-descent parser for the Python literals that
// NumPy's header dict holds: strings, True/False/None, integers (with
// Python 2's L suffix), tuples, lists and dicts with string keys.
type parser struct {
	s string
	i int
}

const maxDepth = 16

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrMalformed, p.i, fmt.Sprintf(format, args...))
}

func (p *parser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("literal nested more than %d deep", maxDepth)
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end of header")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.dict(depth)
	case c == '(':
		v, err := p.seq(depth, ')')
		return pyTuple(v), err
	case c == '[':
		v, err := p.seq(depth, ']')
		return pyList(v), err
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.int()
	case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		j := p.i
		for j < len(p.s) && (p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= 'a' && p.s[j] <= 'z') {
			j++
		}
		word := p.s[p.i:j]
		p.i = j
		switch word {
		case "True":
			return true, nil
		case "False":
			return false, nil
		case "None":
			return nil, nil
		}
		return nil, p.errorf("unknown name %q", clip(word))
	default:
		return nil, p.errorf("unexpected character %q", c)
	}
}

func (p *parser) dict(depth int) (any, error) {
	p.i++ // '{'
	d := pyDict{m: map[string]any{}}
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return d, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		key, ok := k.(string)
		if !ok {
			return nil, p.errorf("dict key is not a string")
		}
		if _, dup := d.m[key]; dup {
			return nil, p.errorf("duplicate key %q", clip(key))
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errorf("missing ':' after key %q", clip(key))
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d.keys = append(d.keys, key)
		d.m[key] = v
		p.space()
		if p.i >= len(p.s) {
			return nil, p.errorf("unterminated dict")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
		default:
			return nil, p.errorf("expected ',' or '}' in dict")
		}
	}
}

// seq parses a tuple or a list; a parenthesised single value without a
// trailing comma is a tuple of one, which is all a header can mean by it.
func (p *parser) seq(depth int, end byte) ([]any, error) {
	p.i++
	var out []any
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == end {
			p.i++
			return out, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if len(out) > 1<<12 {
			return nil, p.errorf("sequence too long")
		}
		p.space()
		if p.i >= len(p.s) {
			return nil, p.errorf("unterminated sequence")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case end:
		default:
			return nil, p.errorf("expected ',' or %q in sequence", end)
		}
	}
}

func (p *parser) str() (any, error) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return nil, p.errorf("unterminated string")
			}
			b.WriteByte(p.s[p.i+1])
			p.i += 2
		case c == '\n':
			return nil, p.errorf("newline in string")
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return nil, p.errorf("unterminated string")
}

func (p *parser) int() (any, error) {
	j := p.i
	if p.s[j] == '-' {
		j++
	}
	k := j
	for k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' {
		k++
	}
	if k == j {
		return nil, p.errorf("bad number")
	}
	n, err := strconv.ParseInt(p.s[p.i:k], 10, 64)
	if err != nil {
		return nil, p.errorf("integer %q out of range", clip(p.s[p.i:k]))
	}
	p.i = k
	if p.i < len(p.s) && (p.s[p.i] == 'L' || p.s[p.i] == 'l') {
		p.i++ // Python 2 long, as NumPy on Python 2 wrote shapes
	}
	return n, nil
}

// encodeHeader returns the full preamble and header for h's dtype, byte
// order, order and shape, choosing the lowest version that can hold it
// (or version if it is nonzero), padded so that the data starts at a
// multiple of 64 bytes as NumPy does.
func encodeHeader(dt chunk.DType, bigEndian, fortran bool, shape []int, version int) ([]byte, error) {
	var sb strings.Builder
	fmt.Fprintf(&sb, "{'descr': '%s', 'fortran_order': ", descrOf(dt, bigEndian))
	if fortran {
		sb.WriteString("True")
	} else {
		sb.WriteString("False")
	}
	sb.WriteString(", 'shape': (")
	for a, n := range shape {
		if a > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Itoa(n))
	}
	if len(shape) == 1 {
		sb.WriteByte(',')
	}
	sb.WriteString("), }")
	dict := sb.String()
	if version == 0 {
		version = 1
		if len(dict)+11 > math.MaxUint16 {
			version = 2
		}
	}
	pre := 10
	switch version {
	case 1:
	case 2, 3:
		pre = 12
	default:
		return nil, fmt.Errorf("%w: cannot write format version %d", ErrUnsupported, version)
	}
	total := (pre + len(dict) + 1 + 63) / 64 * 64
	hlen := total - pre
	if version == 1 && hlen > math.MaxUint16 {
		return nil, fmt.Errorf("npy: header of %d bytes does not fit format version 1.0", hlen)
	}
	out := make([]byte, total)
	copy(out, magic)
	out[6], out[7] = byte(version), 0
	if version == 1 {
		binary.LittleEndian.PutUint16(out[8:], uint16(hlen))
	} else {
		binary.LittleEndian.PutUint32(out[8:], uint32(hlen))
	}
	n := copy(out[pre:], dict)
	for i := pre + n; i < total-1; i++ {
		out[i] = ' '
	}
	out[total-1] = '\n'
	return out, nil
}
