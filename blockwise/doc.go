// Package blockwise builds the layers that compute each output chunk from
// the corresponding chunks of their inputs: elementwise arithmetic with
// broadcasting, map_blocks, transposition and generation.
//
// # Expressions
//
// Elementwise work is a Program: a small SSA list of instructions over
// input chunks and position-dependent leaves (constants, element indices,
// counter-based random numbers). Chains of elementwise operations merge
// into one program at construction (Builder.Append shares common
// subexpressions), and an Evaluator runs it over a chunk TileSize
// elements at a time, so intermediates live in cache and never become
// chunk-sized temporaries. Reductions consume programs tile by tile too.
// Float add, subtract, multiply, divide and square run as AVX2 loops
// (internal/vec) where the CPU has them, with the same bits as the
// scalar loops; an input read in place is handed to the kernels through
// one boxed view per chunk, so a tile allocates nothing, and the next
// tile of it is prefetched while the current one is computed.
//
// # Random numbers
//
// OpRandom, OpNormal and OpRandInt are counter-based: an element's value
// is a hash of the seed and its global flat index (the splitmix64
// finaliser), so a random array's values do not depend on its chunking.
// Uniform runs hash eight counters per instruction with AVX-512
// (internal/vec.Uniform), with the bits of the scalar loop.
//
// # Layers
//
// Layer is the general blockwise layer: per input, the output axis each
// input axis follows (Dask's index notation). It describes every block by
// that rule and makes a task only when asked.
package blockwise
