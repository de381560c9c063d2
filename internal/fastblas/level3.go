package fastblas

import (
	"sync"

	"gonum.org/v1/gonum/blas"

	"github.com/chunkwise/chunkwise/internal/vec"
)

// Dtrsm and Dsyrk run almost all their work in vec's GEMM (gonum's own
// are pure-Go loops, which made gonum's Dpotrf and Dgetrf ten times
// slower than their Dgemm). Dtrsm splits its triangle in halves until
// it is small, the rectangles beside them updated by Dgemm, and solves
// the small triangles by substitution or with their inverse; Dsyrk is
// one GEMM pass over its triangle (vec.GemmTriFloat64), and Ssyrk its
// float32 twin. Results agree
// with gonum's within rounding.

// trsmBase is the order of a triangle up to which gonum's Dtrsm runs:
// its loops run at a small fraction of Dgemm's speed, so halving goes
// on until their share of the work (trsmBase/2 of the order) is small.
const trsmBase = 16

// Dtrsm solves op(A)·X = alpha·B (side Left) or X·op(A) = alpha·B (side
// Right) for X, A triangular, overwriting the m×n B, as gonum's Dtrsm;
// bad arguments panic with gonum's message.
func (impl Implementation) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := m
	if s == blas.Right {
		k = n
	}
	if k <= trsmBase || !trsmArgsValid(s, ul, tA, d, m, n, k, a, lda, b, ldb) {
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
	if k <= trsmBase && !left {
		if m < trsmInvRows {
			trsmRightSmall(lower, t, d == blas.Unit, m, n, a, lda, b, ldb)
			return
		}
		impl.trsmRightInv(lower, t, d == blas.Unit, m, n, a, lda, b, ldb)
		return
	}
	if k <= trsmBase {
		tA := blas.NoTrans
		if t {
			tA = blas.Trans
		}
		impl.Implementation.Dtrsm(blas.Left, ul, tA, d, m, n, 1, a, lda, b, ldb)
		return
	}
	h := half(k)
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

// half returns where the recursion splits an order k > 1: about k/2,
// rounded up to a multiple of 16 when that leaves a second part, so that
// the products beside the halves have whole strips of the GEMM's
// micro-kernels (16 wide) in their columns. A 1000² right-side Dtrsm
// runs 5–8% faster than split at k/2.
func half(k int) int {
	if r := (k/2 + 15) / 16 * 16; r < k {
		return r
	}
	return k / 2
}

// trsmInvRows is the number of rows of B from which a small right-side
// solve multiplies by the triangle's inverse (trsmRightInv) rather than
// substituting row by row.
const trsmInvRows = 64

// trsmInvBlock is the number of B's rows trsmRightInv copies and
// multiplies at a time.
const trsmInvBlock = 256

// trsmScratch holds trsmInvBlock×trsmBase buffers for trsmRightInv's
// copies of B.
var trsmScratch = sync.Pool{New: func() any { b := make([]float64, trsmInvBlock*trsmBase); return &b }}

// trsmRightInv is trsmRightSmall as X = B·op(A)⁻¹: the inverse of the
// small triangle by substitution (trsmRightSmall on the identity), then
// a GEMM for each trsmInvBlock rows of B from a copy of them. The
// substitution's scalar loops ran at a tenth of the GEMM's speed or
// less, and the product does only twice their work (a full square); for
// a triangle of order ≤ trsmBase the inverse's rounding is that of a few
// substitution steps. (A NaN in a row of B makes the whole row of X NaN,
// where substitution spares the columns it does not reach.)
func (impl Implementation) trsmRightInv(lower, t, unit bool, m, k int, a []float64, lda int, b []float64, ldb int) {
	var inv [trsmBase * trsmBase]float64
	for j := range k {
		inv[j*k+j] = 1
	}
	trsmRightSmall(lower, t, unit, k, k, a, lda, inv[:], k)
	buf := trsmScratch.Get().(*[]float64)
	defer trsmScratch.Put(buf)
	for i := 0; i < m; i += trsmInvBlock {
		rows := min(trsmInvBlock, m-i)
		x := (*buf)[:rows*k]
		for r := range rows {
			copy(x[r*k:r*k+k], b[(i+r)*ldb:(i+r)*ldb+k])
		}
		impl.Dgemm(blas.NoTrans, blas.NoTrans, rows, k, k, 1, x, k, inv[:k*k], k, 0, b[i*ldb:], ldb)
	}
}

// trsmRightSmall solves X·op(A) = B in place in the m×k B, op(A) lower
// or upper triangular of order k ≤ trsmBase (op transposes when t), by
// substitution along each row of B, four rows at a time. gonum's Dtrsm
// takes a dot product per element here, too short to run at speed.
func trsmRightSmall(lower, t, unit bool, m, k int, a []float64, lda int, b []float64, ldb int) {
	// u holds op(A) (its triangle) densely, row j at u[j*k:].
	var u [trsmBase * trsmBase]float64
	for j := range k {
		lo, hi := j, k // op(A)'s row j: columns j… when upper
		if lower {
			lo, hi = 0, j+1
		}
		for q := lo; q < hi; q++ {
			if t {
				u[j*k+q] = a[q*lda+j]
			} else {
				u[j*k+q] = a[j*lda+q]
			}
		}
		if unit {
			u[j*k+j] = 1
		}
	}
	// Column j of X is found once the other columns that row j of
	// op(A) reaches are: ascending when op(A) is upper, else
	// descending. x_j = b_j/u_jj, then b_q −= x_j·u_jq for those q.
	col := func(step int) (j, lo, hi int) {
		if lower {
			j = k - 1 - step
			return j, 0, j
		}
		return step, step + 1, k
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		r0, r1 := b[i*ldb:i*ldb+k], b[(i+1)*ldb:(i+1)*ldb+k]
		r2, r3 := b[(i+2)*ldb:(i+2)*ldb+k], b[(i+3)*ldb:(i+3)*ldb+k]
		for step := range k {
			j, lo, hi := col(step)
			d := u[j*k+j]
			x0, x1, x2, x3 := r0[j]/d, r1[j]/d, r2[j]/d, r3[j]/d
			r0[j], r1[j], r2[j], r3[j] = x0, x1, x2, x3
			for q, v := range u[j*k+lo : j*k+hi] {
				q += lo
				r0[q] -= x0 * v
				r1[q] -= x1 * v
				r2[q] -= x2 * v
				r3[q] -= x3 * v
			}
		}
	}
	for ; i < m; i++ {
		r := b[i*ldb : i*ldb+k]
		for step := range k {
			j, lo, hi := col(step)
			x := r[j] / u[j*k+j]
			r[j] = x
			for q, v := range u[j*k+lo : j*k+hi] {
				r[q+lo] -= x * v
			}
		}
	}
}

// Dsyrk sets C = alpha·A·Aᵀ + beta·C (tA NoTrans, A n×k) or alpha·Aᵀ·A +
// beta·C (A k×n) in the ul triangle of the n×n C, as gonum's Dsyrk; bad
// arguments panic with gonum's message.
func (impl Implementation) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	if !syrkFast(ul, tA, n, k, alpha == 0, lda, len(a), ldc, len(c)) {
		impl.Implementation.Dsyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	t := trans(tA)
	vec.GemmTriFloat64(ul == blas.Lower, t, !t, n, k, alpha, a, lda, a, lda, beta, c, ldc)
}

// Ssyrk is Dsyrk for float32.
func (impl Implementation) Ssyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float32, a []float32, lda int, beta float32, c []float32, ldc int) {
	if !syrkFast(ul, tA, n, k, alpha == 0, lda, len(a), ldc, len(c)) {
		impl.Implementation.Ssyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	t := trans(tA)
	vec.GemmTriFloat32(ul == blas.Lower, t, !t, n, k, alpha, a, lda, a, lda, beta, c, ldc)
}

// syrkFast reports whether a rank-k update with these arguments runs on
// vec's triangle GEMM: they are valid, it has work in its products, and
// vec has kernels. Otherwise gonum's runs (and panics with its message).
func syrkFast(ul blas.Uplo, tA blas.Transpose, n, k int, noAlpha bool, lda, la, ldc, lc int) bool {
	ar, ac := n, k
	if trans(tA) {
		ar, ac = k, n
	}
	return vec.GemmAccelerated() && n > 1 && k > 0 && !noAlpha && (ul == blas.Lower || ul == blas.Upper) && valid(tA) &&
		lda >= max(1, ac) && ldc >= max(1, n) && la >= lda*(ar-1)+ac && lc >= ldc*(n-1)+n
}
