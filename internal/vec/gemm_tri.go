package vec

// GemmTriFloat64 is GemmFloat64 for a square n×n C of which only the
// triangle on and below the diagonal (lower), or on and above it, is
// set: C's other elements are not written, and the products that only
// they need are skipped, so that a symmetric rank-k update (A·Aᵀ) costs
// about half a GEMM in one pass over packed panels.
func GemmTriFloat64(lower, transA, transB bool, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error {
	return gemm(gemmKernelsF64[gemmLevel], triangle{lower: lower, upper: !lower}, transA, transB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmTriFloat32 is GemmTriFloat64 for float32.
func GemmTriFloat32(lower, transA, transB bool, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) error {
	return gemm(gemmKernelsF32[gemmLevel], triangle{lower: lower, upper: !lower}, transA, transB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// triangle restricts a product to the elements of C on and below
// (lower) or on and above (upper) a diagonal that runs through column
// diag of a block's row 0 (column i+diag of its row i); the zero value
// is the whole of C.
type triangle struct {
	lower, upper bool
	diag         int
}

// span returns the columns lo ≤ q < hi of row i of a w-wide tile that
// lie in the triangle, the tile's row i and column q being the block's
// row ir+i and column jr+q (lo ≥ hi when none do).
func (t triangle) span(ir, jr, i, w int) (lo, hi int) {
	d := ir + i + t.diag - jr // the tile's column on the diagonal
	switch {
	case t.lower:
		return 0, min(w, max(0, d+1))
	case t.upper:
		return min(w, max(0, d)), w
	}
	return 0, w
}
