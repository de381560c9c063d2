// Package linalg is linear algebra on chunked arrays (Dask's
// dask.array.linalg): factorizations, solvers and norms of
// array.Array matrices, built as graphs whose per-chunk work runs
// through gonum's blas64 and lapack64 (Dgeqrf, Dorgqr, Dgesvd, Dpotrf,
// Dgetrf, Dtrsm), so a faster BLAS registered with blas64.Use speeds
// every task. Matrix products are in package array (MatMul, Einsum,
// TensorDot, Blockwise).
//
// # Overview
//
//   - QR: TSQR for tall-and-skinny matrices (rechunked to one column of
//     blocks at least as high as the matrix is wide), for short-and-fat
//     ones a QR of the first block with R = Qᵀ·A blockwise, and for any
//     other chunk grid (square, or small chunks) blocked Householder QR
//     by column strips, as LU, so the matrix never sits in one chunk.
//   - SVD through QR; SVDCompressed, a randomized rank-k SVD with power
//     iterations and a seed.
//   - Cholesky and SolveTriangular by tiles (Dask's algorithms): each
//     tile of the result is a task reading a few tiles, so no task holds
//     more than a few chunks.
//   - LU (P, L, U) with partial pivoting, Solve, Inv by column strips
//     (LAPACK's blocked getrf): a task holds at most two strips of m rows
//     by one tile; a strip over MaxChunkBytes gives a "not supported"
//     error rather than run out of memory.
//   - Lstsq (solution, residuals, rank, singular values, as NumPy's),
//     through the SVD.
//   - Norm with NumPy's orders (Ord: the zero Ord, Fro, Nuc, P(p)).
//
// # Conventions
//
// Inputs of any real dtype are computed in float64; results are float32
// for float32 input, float64 otherwise (NumPy's rule). R's diagonal is
// non-negative (NumPy keeps LAPACK's signs); singular vectors are
// determined up to sign; singular values decrease. Bad input (a shape
// that does not fit, a non-square matrix where a square one is needed)
// gives arrays carrying the error (see array.Array); what is only known
// when computed — a singular matrix (the zero pivot is named), one that
// is not positive definite (the leading minor is named), NaN or Inf
// entries — fails Compute with an error.
package linalg
