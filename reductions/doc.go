// Package reductions builds tree reductions over chunked arrays: a chunk
// step that reduces each input chunk to a partial result, combine levels
// that merge split_every partials along each reduced axis, and an
// aggregate that finalises (a mean divides by the count) and drops the
// reduced axes unless keepdims is asked for.
//
// The chunk step reads an elementwise Program (blockwise) rather than a
// materialised chunk, so a reduction of an elementwise chain evaluates
// the chain tile by tile and never allocates a chunk-sized temporary.
//
// Sums accumulate in int64, uint64 or float64 (NumPy's result types, with
// float32 widened while accumulating); float sums inside a chunk use
// eight interleaved accumulators per tile.
package reductions
