// Package cache keeps decoded chunks in memory under a byte budget, so
// that repeated reads of the same store chunks skip I/O and decompression.
//
// # Overview
//
// A Cache maps string keys (a reader's identity and a block index) to
// decoded chunks (*chunk.Dense), evicting the least recently used chunk
// when the budget is exceeded. Concurrent loads of one key are merged into
// one (singleflight). Default returns the cache shared by every
// computation in the process; array.FromStore reads through it.
//
// # Invariants
//
// Cached chunks are shared and read-only. A chunk is never larger than the
// budget; the bytes held never exceed the budget once Get or Add returns.
// Errors are never cached.
//
// # Configuration
//
// The default budget is DefaultBudget (256 MiB), overridden by the
// environment variable CHUNKWISE_CACHE_BYTES (e.g. "1GiB", or "0" to
// disable caching) or at run time by Default().SetBudget.
package cache
