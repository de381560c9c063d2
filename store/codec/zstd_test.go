package codec

import (
	"bytes"
	"errors"

	"github.com/klauspost/compress/zstd"
)

// zstdStreamEncode writes src as a zstd frame through the streaming
// encoder, which leaves the content size out of the frame header.
func zstdStreamEncode(src []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf)
	if err != nil {
		return nil, err
	}
	// Flushing before Close makes the encoder write the frame header
	// before it knows the total size.
	if _, err := w.Write(src[:len(src)/2]); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if _, err := w.Write(src[len(src)/2:]); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	var h zstd.Header
	if err := h.Decode(buf.Bytes()); err != nil || h.HasFCS {
		return nil, errors.New("streaming frame unexpectedly has a content size")
	}
	return buf.Bytes(), nil
}
