// Package array is chunkwise's user API: lazy, chunked N-d arrays with
// NumPy's names and semantics and Dask's execution model.
//
// # Overview
//
// An Array is a chunk grid, a runtime dtype and the graph layer that
// computes its chunks. Creating arrays (FromSlice, Zeros, Arange, NewRNG
// …), combining them (Add, Mul, Where, Sqrt …), reducing them (Sum, Mean
// …), slicing (Index) and transposing only build graph; Compute,
// ComputeAll, ToSlice and Persist run it on an executor (the local one
// by default) and nothing runs before.
//
//	x := array.NewRNG(42).Random([]int{20000, 10000}, chunk.Regular(2000, 2000))
//	y := x.Add(1).Mul(2).Sub(x.Pow(2)).Sum()
//	v, err := array.ToSlice[float64](ctx, y)
//
// # Fusion
//
// Elementwise operations merge into one program per chunk (package
// blockwise) and reductions evaluate that program tile by tile, so the
// chain above makes no chunk-sized temporary. Tasks that only transform a
// chunk (transpose, slicing) fuse into their consumer.
//
// # Semantics
//
// Broadcasting and dtype promotion follow NumPy (Go scalars are "weak",
// like Python scalars in NumPy 2). As in NumPy 2, a Go integer that the
// integer dtype it meets cannot hold is never wrapped: a comparison
// with it is decided by which side of the dtype's range it lies on
// (uint8 < 300 is true), arithmetic with it is an error ("Go integer
// 300 out of bounds for uint8"), and Clip takes it at the end of the
// range; integer constants are exact beyond 2^53. Operands whose chunks differ give a
// result whose chunks cut each axis at every operand's boundaries, as
// Dask's unify_chunks does; each operand's block is then a window of
// one of its chunks, read in place, not a copy assembled to line up
// (unless that would multiply the blocks more than fourfold: then the
// first operand's chunks are kept and the others rechunked to them). Sums of integers accumulate in int64,
// means of integers are float64. Random arrays come from a counter-based
// generator keyed by element index, so their values never depend on the
// chunking.
//
// # Indexing and shape
//
// Take (integer lists, any order, repeats, negative), Mask and Compress
// (lazy boolean masks), Reshape, Ravel, Squeeze, ExpandDims, SwapAxes,
// MoveAxis, Concatenate, Stack, Block, Pad, Repeat, Tile, Flip and Roll
// follow NumPy. They plan chunks as Dask does: each output chunk is one
// task reading only the input chunks it needs, and Reshape rechunks
// only the axes it merges or splits. A boolean mask leaves chunk sizes
// unknown (Dask's NaN chunks; Shape reports -1) until computed: Compute
// and Persist work, ComputeChunkSizes makes them known, and operations
// that need the sizes return an error wrapping ErrUnknownChunks.
//
// # Errors
//
// Bad input never panics: the Array an operation returns carries the
// error (Err), later operations pass it on, and Compute returns it, named
// after the operation ("array: add: shapes … cannot broadcast"). Failures
// while running come back as *scheduler.TaskError naming the key.
package array
