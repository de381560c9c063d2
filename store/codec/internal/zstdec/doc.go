// Package zstdec decodes Zstandard frames (RFC 8878) held whole in
// memory: the decompression half of the format, written for chunk
// decoding, where the content is one buffer and the window is the
// content itself.
//
// # Overview
//
// A Decoder appends the content of one or more frames to a buffer:
//
//	var d zstdec.Decoder
//	out, err := d.Decode(dst[:0], frame, len(dst))
//
// It accepts what the format allows except dictionaries: frames with or
// without a content size, single-segment and windowed frames (windows up
// to MaxWindow), raw, RLE and compressed blocks, all literals and
// sequence modes, skippable frames and several frames one after another.
// A content checksum is verified whenever a frame has one.
//
// # Invariants
//
// Decode never writes past cap(dst), and never allocates more than a
// frame's declared size (bounded by what the rest of the input can
// decode to) or, for frames without one, than the content needs. Every
// error reports corrupt or unsupported input; no input makes it panic
// or loop without end. The bytes of dst between the content's end and
// cap(dst) may be overwritten: the copy loops write up to 32 bytes past
// what they copy when the buffer has the room, and byte-exact copies
// near its end.
//
// # Speed
//
// Matches at distances under 16 bytes, frequent in bit-shuffled
// floating-point data, are written by spreading the distance's pattern
// over 16 bytes once and storing it repeatedly, never byte by byte. On
// amd64 the sequence loop (SSSE3 and BMI2) and the four-stream Huffman
// loop (BMI1 and BMI2) are assembly, each with a pure-Go twin that the
// noasm build tag (or a CPU without those) selects and that also
// finishes near the ends of the buffers. A literal section of 16 KiB or
// more whose Huffman code would decode two symbols in at least half of
// its 11-bit lookups (a few frequent bytes: the high bytes of integers,
// the sign and exponent bytes of floats) is decoded by a third assembly
// loop, one or two symbols a lookup (libzstd's double-symbol tables):
// zarr-python's zstd chunks of int16 image data decode in 2.1 ms
// instead of 2.9 (libzstd 1.8), of float64 in 2.0 instead of 2.2
// (libzstd 1.7), single-threaded, per 3–4 MB chunk.
//
// Single-threaded, against klauspost/compress's decoder (its amd64
// assembly) on the survey's arrays: bit-shuffled float64 in Blosc-zstd
// 2.5 to 2.8 times as fast; plain zstd level-1 float64 chunks about as
// fast (0.93 to 1.03); random bytes as fast; English-like text at 0.88
// to 0.93 (many short sequences, where klauspost's sequence loop is
// quicker). store/codec's BenchmarkZstdDecoders and
// TestZstdDecoderSpeed measure it.
package zstdec
