// Package codec implements, in pure Go, the chunk compressors that Zarr
// stores use through numcodecs and zarr v3: zlib, gzip, LZ4, Zstandard and
// Blosc.
//
// # Overview
//
// A Codec turns one chunk's bytes into their encoded form and back:
//
//	c, err := codec.Lookup("", map[string]any{"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0})
//	raw, err := c.Decode(chunkBytes)
//
// Lookup builds a codec from numcodecs' JSON configuration (a Zarr v2
// ".zarray" "compressor"), and Config gives that configuration back for
// writing. The constructors Zlib, Gzip, LZ4, Zstd and Blosc build codecs
// directly. Every codec also implements DecoderTo, which decodes into a
// caller's buffer so that a reader can reuse chunk-sized memory.
//
// # Formats
//
// The encoded bytes are the ones numcodecs reads and writes:
//
//   - "zlib" is an RFC 1950 stream and "gzip" an RFC 1952 stream.
//   - "lz4" is a 4-byte little-endian decoded size followed by one raw LZ4
//     block.
//   - "zstd" is one Zstandard frame. Encode writes the content size into
//     the frame header; Decode also accepts frames without it, and several
//     frames one after another.
//   - "blosc" is the c-blosc 1.x frame (format version 2): a 16-byte header
//     (version, compressor version, flags, typesize, decoded size, block
//     size, encoded size), one start offset per block, then each block as
//     one stream, or as typesize streams when c-blosc splits it, each
//     prefixed by its 4-byte encoded size. A stream whose encoded size
//     equals its decoded size is stored raw, and a frame that would not
//     shrink is stored whole with the memcpyed flag. Blocks are byte
//     shuffled or bit shuffled per c-blosc before compression.
//
// Blosc decoding reads the blosclz, lz4, lz4hc, snappy, zlib and zstd
// compressors with any shuffle, block size and split layout that c-blosc
// 1.x writes; the decoder follows the frame's flags, not the codec's
// parameters. Blosc encoding chooses block sizes, splits and flags exactly
// as c-blosc 1.21 does (tests compare the headers with numcodecs), so only
// the compressed streams may differ from c-blosc's: they come from pure-Go
// compressors (this package's own LZ4 and BloscLZ compressors, LZ4's
// following the reference's fast mode and c-blosc's acceleration of
// 10 - clevel; github.com/pierrec/lz4 for LZ4HC and
// github.com/klauspost/compress; zlib and gzip streams decode with
// internal/inflate). Any numcodecs, zarr-python or c-blosc
// reader decodes them; byte-for-byte equality with the C libraries'
// output is neither promised nor needed.
//
// # Errors and limits
//
// A corrupt, truncated or inconsistent input makes Decode return an error
// wrapping ErrCorrupt; input this package does not implement (a newer
// Blosc format, say) wraps ErrUnsupported. Decode never panics and never
// returns partial data. Before allocating, decoders check the sizes a
// header claims against MaxDecodedSize and against the largest expansion
// the input could produce, so a small corrupt input cannot make them
// allocate gigabytes.
//
// # Concurrency and memory
//
// Codecs are immutable values, safe for concurrent use. Encode and Decode
// never retain or modify src, and their results never alias it. DecodeTo
// returns a slice of dst when dst has room, and EncodeTo appends to dst;
// dst and src must not overlap. Temporary buffers and compressor state
// are pooled.
package codec
