package fastblas

import (
	"gonum.org/v1/gonum/blas"
)

// Dtrsm and Dsyrk split their triangle in halves until it is small and
// run gonum's routine on the small triangles; the rectangles beside them
// are updated by Dgemm, so almost all the work runs in the fast GEMM
// (gonum's own Dtrsm and Dsyrk are pure-Go loops, which made gonum's
// Dpotrf and Dgetrf ten times slower than their Dgemm). Results agree
// with gonum's within rounding.

// level3Base is the order of a triangle below which gonum's routine runs.
const level3Base = 96

// Dtrsm solves op(A)·X = alpha·B (side Left) or X·op(A) = alpha·B (side
// Right) for X, A triangular, overwriting the m×n B, as gonum's Dtrsm;
// bad arguments panic with gonum's message.
func (impl Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := m
	if s == blas.Right {
		k = n
	}
	if k <= level3Base || !trsmArgsValid(s, ul, tA, d, m, n, k, a, lda, b, ldb) {
		impl.Implementation.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	if alpha != 1 {
		for i := range m {
			row := b[i*ldb : i*ldb+n]
			for j := range row {
				row[j] *= alpha
			}
		}
		if alpha == 0 {
			return
		}
	}
	t := trans(tA)
	impl.trsm(s == blas.Left, (ul == blas.Lower) != t, t, ul, d, m, n, a, lda, b, ldb)
}

func trsmArgsValid(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n, k int, a []float64, lda int, b []float64, ldb int) bool {
	return (s == blas.Left || s == blas.Right) && (ul == blas.Lower || ul == blas.Upper) && valid(tA) &&
		(d == blas.Unit || d == blas.NonUnit) && m >= 0 && n >= 0 && lda >= max(1, k) && ldb >= max(1, n) &&
		len(a) >= lda*(k-1)+k && (m == 0 || n == 0 || len(b) >= ldb*(m-1)+n)
}

// trsm is Dtrsm with alpha = 1 and valid arguments; lower tells whether
// op(A) is lower triangular, t whether op transposes.
func (impl Implementation) trsm(left, lower, t bool, ul blas.Uplo, d blas.Diag, m, n int, a []float64, lda int, b []float64, ldb int) {
	k := m
	if !left {
		k = n
	}
	if k <= level3Base {
		side, tA := blas.Left, blas.NoTrans
		if !left {
			side = blas.Right
		}
		if t {
			tA = blas.Trans
		}
		impl.Implementation.Dtrsm(side, ul, tA, d, m, n, 1, a, lda, b, ldb)
		return
	}
	h := k / 2
	a11, a22 := a, a[h*lda+h:]
	// op(A)'s lower-left block (rows h.., columns ..h) and upper-right one.
	lowerLeft, upperRight := a[h*lda:], a[h:]
	if t {
		lowerLeft, upperRight = upperRight, lowerLeft
	}
	tb := blas.NoTrans
	if t {
		tb = blas.Trans
	}
	if left {
		b1, b2 := b, b[h*ldb:]
		if lower { // X1 = L11⁻¹B1; B2 -= L21·X1; X2 = L22⁻¹B2
			impl.trsm(left, lower, t, ul, d, h, n, a11, lda, b1, ldb)
			impl.Dgemm(tb, blas.NoTrans, m-h, n, h, -1, lowerLeft, lda, b1, ldb, 1, b2, ldb)
			impl.trsm(left, lower, t, ul, d, m-h, n, a22, lda, b2, ldb)
		} else { // X2 = U22⁻¹B2; B1 -= U12·X2; X1 = U11⁻¹B1
			impl.trsm(left, lower, t, ul, d, m-h, n, a22, lda, b2, ldb)
			impl.Dgemm(tb, blas.NoTrans, h, n, m-h, -1, upperRight, lda, b2, ldb, 1, b1, ldb)
			impl.trsm(left, lower, t, ul, d, h, n, a11, lda, b1, ldb)
		}
		return
	}
	b1, b2 := b, b[h:]
	if lower { // X2 = B2·L22⁻¹; B1 -= X2·L21; X1 = B1·L11⁻¹
		impl.trsm(left, lower, t, ul, d, m, n-h, a22, lda, b2, ldb)
		impl.Dgemm(blas.NoTrans, tb, m, h, n-h, -1, b2, ldb, lowerLeft, lda, 1, b1, ldb)
		impl.trsm(left, lower, t, ul, d, m, h, a11, lda, b1, ldb)
	} else { // X1 = B1·U11⁻¹; B2 -= X1·U12; X2 = B2·U22⁻¹
		impl.trsm(left, lower, t, ul, d, m, h, a11, lda, b1, ldb)
		impl.Dgemm(blas.NoTrans, tb, m, n-h, h, -1, b1, ldb, upperRight, lda, 1, b2, ldb)
		impl.trsm(left, lower, t, ul, d, m, n-h, a22, lda, b2, ldb)
	}
}

// Dsyrk sets C = alpha·A·Aᵀ + beta·C (tA NoTrans, A n×k) or alpha·Aᵀ·A +
// beta·C (A k×n) in the ul triangle of the n×n C, as gonum's Dsyrk; bad
// arguments panic with gonum's message.
func (impl Implementation) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	ar, ac := n, k
	if trans(tA) {
		ar, ac = k, n
	}
	if n <= level3Base || k == 0 || alpha == 0 || !(ul == blas.Lower || ul == blas.Upper) || !valid(tA) ||
		lda < max(1, ac) || ldc < max(1, n) || len(a) < lda*(ar-1)+ac || len(c) < ldc*(n-1)+n {
		impl.Implementation.Dsyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	h := n / 2
	// Rows h.. of op(A) start at a2.
	var a2 []float64
	ta, tb := blas.NoTrans, blas.Trans
	if trans(tA) {
		a2, ta, tb = a[h:], blas.Trans, blas.NoTrans
	} else {
		a2 = a[h*lda:]
	}
	impl.Dsyrk(ul, tA, h, k, alpha, a, lda, beta, c, ldc)
	if ul == blas.Lower { // C21 = alpha·op(A)₂·op(A)₁ᵀ + beta·C21
		impl.Dgemm(ta, tb, n-h, h, k, alpha, a2, lda, a, lda, beta, c[h*ldc:], ldc)
	} else { // C12 = alpha·op(A)₁·op(A)₂ᵀ + beta·C12
		impl.Dgemm(ta, tb, h, n-h, k, alpha, a, lda, a2, lda, beta, c[h:], ldc)
	}
	impl.Dsyrk(ul, tA, n-h, k, alpha, a2, lda, beta, c[h*ldc+h:], ldc)
}
