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

// DecoderTo is implemented by codecs that can decode into a caller's
// buffer. Every codec in this package implements it.
type DecoderTo interface {
	// DecodeTo decodes src into dst[:n] when cap(dst) is at least the
	// decoded size n, and into a newly allocated slice otherwise. It
	// returns the slice holding the decoded bytes. dst and src must not
	// overlap.
	DecodeTo(dst, src []byte) ([]byte, error)
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

// sizedBuffer returns dst[:n] when dst has room for n bytes, and a new
// slice of length n otherwise.
func sizedBuffer(dst []byte, n int) []byte {
	if cap(dst) >= n {
		return dst[:n]
	}
	return make([]byte, n)
}
