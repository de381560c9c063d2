// Package fastblas is gonum's BLAS with chunkwise's own matrix product:
// Implementation embeds gonum's pure-Go implementation and replaces Dgemm
// and Sgemm with internal/vec's blocked GEMM (AVX-512 or AVX2 assembly
// micro-kernels), about ten times faster than gonum's at large sizes. On
// CPUs without those kernels (and with -tags noasm) gonum's own Dgemm and
// Sgemm run, which are faster than vec's pure-Go twin. Use registers it with blas64 and blas32, so that
// gonum's lapack (Dgeqrf, Dorgqr, Dgesvd, Dpotrf, Dgetrf …) and mat,
// which reach level-3 BLAS through those packages, run on it.
//
// # Contracts
//
// The routines keep gonum's BLAS contracts: row-major matrices with
// leading dimensions, and a panic with gonum's message (such as "blas:
// insufficient length of a") for arguments that break them, as the blas
// interfaces require. Dgemm's results do not depend on the number of
// goroutines or on which micro-kernel runs (float64 gives the same bits;
// float32 within a rounding).
//
// The package is internal: chunkwise's linalg calls Use for its per-chunk
// work, and nothing else needs a public name for it.
package fastblas
