package codec

import (
	"errors"
	"fmt"
)

// Codec compresses and decompresses one chunk's bytes.
//
// Implementations in this package are safe for concurrent use by multiple
// goroutines, do not retain src after returning, and never return a slice
// that aliases src.
type Codec interface {
	// Encode returns the encoded form of src.
	Encode(src []byte) ([]byte, error)
	// Decode returns the decoded form of src. A corrupt or truncated
	// input returns an error wrapping ErrCorrupt; it never panics and
	// never returns partial data.
	Decode(src []byte) ([]byte, error)
}

// Verbatim is implemented by codecs whose encoding may hold its input
// unchanged after a header, as LZ4 and Blosc store data they cannot
// compress. A reader can then fetch those bytes straight into the decoded
// chunk's buffer, skipping a copy: incompressible floating-point data,
// common in practice, reads as fast as an uncompressed array.
type Verbatim interface {
	// VerbatimHead returns how many leading bytes of an encoding of n
	// bytes VerbatimAt needs.
	VerbatimHead(n int) int
	// VerbatimAt reports whether the encoding of n bytes that is size
	// bytes long and begins with head (VerbatimHead(n) bytes, or all of
	// it when shorter) is exactly a header followed by those n bytes
	// unchanged, and where they start. It validates what it reads, so
	// that ok means the encoding decodes to bytes [off, off+n).
	VerbatimAt(head []byte, size, n int) (off int, ok bool)
}

// DecoderTo is implemented by codecs that can decode into a caller's
// buffer. Every codec in this package implements it.
type DecoderTo interface {
	// DecodeTo decodes src into dst[:n] when cap(dst) is at least the
	// decoded size n, and into a newly allocated slice otherwise. It
	// returns the slice holding the decoded bytes. dst and src must not
	// overlap.
	DecodeTo(dst, src []byte) ([]byte, error)
}

// EncoderTo is implemented by codecs that can encode into a caller's
// buffer, so that a writer recycles its output buffers instead of
// allocating one per chunk. Every compressor in this package implements
// it.
type EncoderTo interface {
	// EncodeTo appends the encoded form of src to dst and returns the
	// extended slice (a new one when dst lacks the room). dst and src
	// must not overlap.
	EncodeTo(dst, src []byte) ([]byte, error)
}

// MaxDecodedSize is the largest decoded size any codec in this package
// produces, matching numcodecs' limit for its C codecs (0x7E000000 bytes,
// just under 2 GiB). A header claiming more is rejected as corrupt before
// anything is allocated.
const MaxDecodedSize = 0x7E000000

var (
	// ErrCorrupt is wrapped by every error that reports malformed,
	// truncated or inconsistent encoded input.
	ErrCorrupt = errors.New("codec: corrupt input")
	// ErrUnsupported is wrapped by errors for valid input or parameters
	// that this package does not implement, such as a Blosc frame from a
	// newer format version.
	ErrUnsupported = errors.New("codec: unsupported")
)

// corruptf returns an error wrapping ErrCorrupt, prefixed by the codec name.
func corruptf(name, format string, args ...any) error {
	return fmt.Errorf("codec: %s: %w: %s", name, ErrCorrupt, fmt.Sprintf(format, args...))
}

// unsupportedf returns an error wrapping ErrUnsupported, prefixed by the codec name.
func unsupportedf(name, format string, args ...any) error {
	return fmt.Errorf("codec: %s: %w: %s", name, ErrUnsupported, fmt.Sprintf(format, args...))
}

// extend returns dst extended by n bytes, reallocated when it lacks the
// room, and the n new bytes.
func extend(dst []byte, n int) (out, tail []byte) {
	if cap(dst)-len(dst) < n {
		dst = append(make([]byte, 0, len(dst)+n), dst...)
	}
	out = dst[:len(dst)+n]
	return out, out[len(dst):]
}

// sizedBuffer returns dst[:n] when dst has room for n bytes, and a new
// slice of length n otherwise.
func sizedBuffer(dst []byte, n int) []byte {
	if cap(dst) >= n {
		return dst[:n]
	}
	return make([]byte, n)
}
