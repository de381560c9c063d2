// Package inflate decodes DEFLATE (RFC 1951) data and its zlib (RFC 1950)
// and gzip (RFC 1952) wrappers in one shot: the whole compressed stream
// is in memory, and the whole output goes into one buffer, usually sized
// in advance (a chunk of known shape).
//
// # Design
//
// Because the output buffer is the history window, the decoder never
// copies data into a separate window, and a match is a copy within the
// output. The input is read through a 64-bit bit buffer refilled a word
// at a time. Each Huffman table entry packs everything a lookup needs
// (the symbol's kind, its literal value or base length or distance, the
// code length and the number of extra bits), so one lookup decodes a
// literal, a length or a distance; codes longer than the main table's
// index point to a subtable. While at least 8 input bytes and 16 output
// bytes of margin remain, a fast loop decodes without per-byte checks
// and copies matches 8 bytes at a time (overlapping matches of distance
// under 8 are first widened to a multiple of their period), checking
// only that a match leaves room for its words; near either end, and for
// a match without that room, a careful loop checks every read and write.
//
// # Errors
//
// Corrupt or truncated input, a stream with bytes after its end where
// none may follow, a wrong checksum and output beyond the caller's bound
// are errors wrapping ErrCorrupt or ErrTooLarge. Decoding never panics,
// never reads outside its input and never writes outside the output
// buffer's capacity (bytes between the decoded length and the capacity
// may be overwritten).
//
// # Validity
//
// The decoder accepts what zlib and Go's compress/flate accept: complete
// Huffman codes, a code with a single codeword of length 1, and an empty
// distance code in a block without matches. It rejects HLIT above 286,
// HDIST above 30, the literal/length symbols 286 and 287, the distance
// symbols 30 and 31, and distances reaching before the stream's start.
package inflate
