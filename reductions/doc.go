// Package reductions builds tree reductions over chunked arrays: a chunk
// step that reduces each input chunk to a partial result, combine levels
// that merge split_every partials along each reduced axis, and an
// aggregate that finalises (a mean divides by the count, a variance by
// count-ddof) and drops the reduced axes unless keepdims is asked for.
// Build covers the reduction family (Op); Tree is the one tree builder
// every reduction here uses — top-k, histograms, unique, and the user
// reductions of package array — and it is exported for that purpose.
//
// # Overview
//
//   - Build: sum, prod, min, max, mean, any, all, count_nonzero, the
//     NaN-skipping variants, var and std (with ddof), argmin/argmax and
//     their NaN variants, ptp (the minimum and maximum found in one
//     pass), over any set of axes, keepdims, per-axis
//     split_every, NumPy's result dtypes (Op.ResultDType).
//   - BuildScan: cumsum/cumprod (and NaN variants) along an axis, chunk
//     by chunk with a carry layer for the totals of earlier blocks.
//   - BuildTopK, BuildHistogram, QuantileLayer, BuildUnique.
//
// # Tiles, not temporaries
//
// The chunk step reads an elementwise Program (blockwise) rather than a
// materialised chunk, so a reduction of an elementwise chain — or of a
// persisted chunk — evaluates tile by tile (blockwise.TileSize elements)
// and never allocates a chunk-sized temporary. Top-k, quantiles, scans
// and unique need whole lanes or sorted chunks and do materialise.
//
// # Numerics
//
// Sums accumulate in int64, uint64 or float64 (NumPy's result types, with
// float32 widened while accumulating); float sums inside a chunk use
// eight interleaved accumulators per tile, and tile sums add into the
// chunk's result with Neumaier compensation. Means and variances carry a
// Partial of (count, shift, mean of x-shift, M2): within a tile segment
// the mean and M2 come from two passes over cache-resident values; where
// the kept innermost axis spreads values over many outputs, each keeps
// sums of deviations from its first value; partials merge with Chan's
// parallel update. No sum of squares is ever formed, and the shift keeps
// full precision under a large common offset (1e9 + U(0,1) gives std to
// 1e-12 relative).
//
// A stored float64 chunk reduced along its leading axes (mean(axis=0) of
// a C-order chunk), or summed whole, is added eight rows at a time into a
// row of partial sums (vec.Add8To: SSE2, AVX2 or AVX-512 as the CPU allows,
// all with the same bits), with software prefetch along each row: that
// reads as fast as a plain sum of the same bytes, or faster.
//
// # Partial results
//
// Partials are *chunk.Dense for the simple reductions and *Partial (a
// few buffers) for moments, arg reductions, top-k and unique. Both
// report NBytes for the scheduler's memory accounting and encode with
// MarshalBinary for spill files and the wire.
//
// # Errors
//
// Bad axes, split_every, ddof, k, quantiles or bin edges are returned by
// the Build functions with the operation named (NumPy's messages where
// NumPy has one: "zero-size array to reduction operation min which has
// no identity", "attempt to get argmax of an empty sequence"). An all-NaN
// slice in nanargmin/nanargmax is a task error at run time ("All-NaN
// slice encountered").
package reductions
