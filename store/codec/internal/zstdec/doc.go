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
// cap(dst) may be overwritten: the copy loops write up to 64 bytes past
// what they copy when the buffer has the room, and byte-exact copies
// near its end.
//
// # Speed
//
// Matches at distances under 16 bytes, frequent in bit-shuffled
// floating-point data, are written by spreading the distance's pattern
// over 16 bytes once and storing it repeatedly, never byte by byte. On
// amd64 the sequence loop (SSSE3 and BMI2) and the Huffman loops (BMI1
// and BMI2) are assembly, each with a pure-Go twin that the noasm build
// tag (or a CPU without those) selects and that also finishes near the
// ends of the buffers. The sequence loop keeps a sequence in registers
// and reads the decoding tables' fields where they lie. Decoding a
// Huffman symbol is a chain of a shift, a table load and a shift that
// four streams cannot keep the core busy with: two consecutive blocks
// whose literals are four-stream Huffman sections of 8 KiB or more
// decode both sections in one loop of eight streams (blockPair), at a
// stride that keeps the streams off each other's cache sets
// (pairStride). A single literal section of 16 KiB or more whose Huffman
// code would decode two symbols in at least half of its 11-bit lookups
// (a few frequent bytes) is decoded one or two symbols a lookup
// (libzstd's double-symbol tables).
//
// The Zstandard chunks zarr-python writes (numcodecs, level 1, 8 MB of
// float64 each) decode in 6.2 ms each on one core of the survey's
// machine of Dec 6, against 7.2 ms with libzstd 1.5.4 through numcodecs
// (6.5 ms before literal runs were copied 64 bytes at once; on an
// earlier machine 7.0 ms against 7.55, and 8.8 before the eight-stream
// loop and the register-held sequence). Single-threaded, against
// klauspost/compress's decoder (its amd64 assembly) on the survey's
// arrays and the test inputs: bit-shuffled float64 in Blosc-zstd 2.6 to
// 2.9 times as fast; level-1 float64 chunks 1.3 to 1.7 times; integers
// 1.3 times; English-like text 1.15 times; random bytes as fast.
// store/codec's BenchmarkZstdDecoders and TestZstdDecoderSpeed
// (ZSTDEC_SPEED=5) measure it.
package zstdec
