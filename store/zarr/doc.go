// Package zarr reads and writes Zarr arrays and groups, format versions 2
// and 3, byte for byte as zarr-python, zarrita and other Zarr
// implementations do.
//
// # Overview
//
// Open opens an array in a store.Store (a kv.Dir or kv.Memory, or any
// other implementation); OpenPath opens one in a local directory. The
// *Array it returns implements store.Reader and store.Writer: ReadChunk
// and WriteChunk move one stored chunk at a time between the store and a
// chunk.Dense. Create writes the metadata of a new array (and missing
// parent groups) from CreateOptions. OpenGroup opens a group, and
// Group.Members lists its arrays and groups with their metadata, for a
// tree such as `chunkwise info` prints.
//
// # Supported features
//
// Data types: bool, int8 … int64, uint8 … uint64, float32 and float64, in
// either byte order (v2 "<f8", ">f8", "|u1", "|b1"; v3 the bytes codec's
// endian). Element order C or F (v2 "order"; v3 transpose codecs with any
// permutation). Fill values: numbers, booleans, null (v2: zero), "NaN",
// "Infinity", "-Infinity" and v3 "0x…" bit patterns; chunks missing from
// the store read as the fill value.
//
// Zarr v2: .zarray, .zgroup, .zattrs and consolidated .zmetadata (read);
// dimension_separator "." and "/"; filters delta and fixedscaleoffset;
// compressors zlib, gzip, lz4, zstd and blosc through store/codec.
//
// Zarr v3: zarr.json of arrays and groups with attributes, and a group's
// inline consolidated_metadata (read, as zarr-python 3 writes it); the codecs
// transpose, bytes, gzip, zstd, blosc and crc32c; sharding_indexed with
// the index at the start or the end, index codecs bytes and optionally
// crc32c; chunk key encodings default ("c/0/1" or "c.0.1") and v2
// ("0.1" or "0/1").
//
// Anything else (string, structured or float16 dtypes, unknown codecs or
// filters, other chunk grids, storage transformers, a zarr_format other
// than 2 or 3) is refused when the array is opened, with an error that
// wraps ErrUnsupported and names the array's path and the feature.
//
// # Chunks, edges and shards
//
// Meta().Chunks is the stored chunk shape: for a sharded array the inner
// chunk shape, and ShardShape returns the shard shape. Zarr stores edge
// chunks at full size; ReadChunk returns a chunk clipped to the array's
// extent, and WriteChunk pads it with the fill value. Reading is one
// decode into a pooled buffer and one strided copy that clips, reorders
// F-order or transposed chunks and swaps bytes in a single tight loop.
//
// Writing an inner chunk of a sharded array reads, modifies and rewrites
// its whole shard. A per-shard lock inside the *Array serialises
// concurrent WriteChunk calls to chunks of the same shard, so they are
// safe, but writers should group their writes by shard (ShardShape) and
// write each shard once with WriteShard. Two *Array values, or two processes, writing one shard are not
// coordinated. When the store can read byte ranges (kv.Dir, kv.Memory,
// kv.S3 and kv.HTTP can), ReadChunk of a sharded array reads only the
// shard's index and the one inner chunk; from a remote store (kv.S3,
// kv.HTTP) the index is read once per opened Array. ReadChunks reads many
// chunks at once, in parallel, the adjacent inner chunks of a shard in one
// range request.
//
// # Errors
//
// Metadata errors wrap ErrUnsupported or ErrCorrupt and name the path. A
// chunk that fails to decode, or decodes to a size other than its
// metadata implies, is an error naming the chunk's (or shard's) key and
// wrapping ErrCorrupt or the codec's codec.ErrCorrupt; no garbage is ever
// returned for it. Chunk data without a checksum (crc32c) cannot reveal
// every flipped bit, of course. Nothing in this package panics on any
// input read from a store.
package zarr
