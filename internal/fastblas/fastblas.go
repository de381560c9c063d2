package fastblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/chunkwise/chunkwise/internal/vec"
)

// Implementation is gonum's BLAS with Dgemm and Sgemm from internal/vec
// where vec has an assembly micro-kernel for this CPU (vec's pure-Go
// twin is slower than gonum's own); every other routine is gonum's. The
// zero value is ready to use.
type Implementation struct {
	gonum.Implementation
}

var (
	_ blas.Float64 = Implementation{}
	_ blas.Float32 = Implementation{}
)

// Use makes Implementation the BLAS of gonum's blas64 and blas32 (and so
// of its lapack and mat) for the whole process. It is safe to call more
// than once.
func Use() {
	blas64.Use(Implementation{})
	blas32.Use(Implementation{})
}

// Dgemm sets C = alpha·op(A)·op(B) + beta·C for row-major A, B and C, as
// gonum's Dgemm; bad arguments panic with gonum's message.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !vec.GemmAccelerated() || !valid(tA) || !valid(tB) || vec.GemmFloat64(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) != nil {
		// Without vec's kernels, or for arguments vec rejects, gonum's
		// runs (and panics with its message on bad arguments).
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Sgemm is Dgemm for float32.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !vec.GemmAccelerated() || !valid(tA) || !valid(tB) || vec.GemmFloat32(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) != nil {
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

func valid(t blas.Transpose) bool {
	return t == blas.NoTrans || t == blas.Trans || t == blas.ConjTrans
}

// trans tells whether t transposes (ConjTrans is Trans for real numbers).
func trans(t blas.Transpose) bool { return t != blas.NoTrans }
