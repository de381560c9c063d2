package linalg

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Dense kernels on one chunk, through gonum's blas64 and lapack64 (so a
// faster registered BLAS speeds them up). Matrices are row-major
// blas64.General values that own their data.

func newMat(r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float64, r*c)}
}

func cloneMat(a blas64.General) blas64.General {
	b := newMat(a.Rows, a.Cols)
	if a.Stride == b.Stride {
		copy(b.Data, a.Data)
		return b
	}
	for i := range a.Rows {
		copy(b.Data[i*b.Stride:i*b.Stride+a.Cols], a.Data[i*a.Stride:i*a.Stride+a.Cols])
	}
	return b
}

// rowsOf returns rows [lo, hi) of a as a view sharing a's data.
func rowsOf(a blas64.General, lo, hi int) blas64.General {
	if lo == hi {
		return blas64.General{Rows: 0, Cols: a.Cols, Stride: a.Stride}
	}
	return blas64.General{Rows: hi - lo, Cols: a.Cols, Stride: a.Stride, Data: a.Data[lo*a.Stride : (hi-1)*a.Stride+a.Cols]}
}

// mul returns a·b (a, b optionally transposed).
func mul(ta, tb bool, a, b blas64.General) blas64.General {
	m, k := a.Rows, a.Cols
	if ta {
		m, k = k, m
	}
	n := b.Cols
	if tb {
		n = b.Rows
	}
	c := newMat(m, n)
	if m == 0 || n == 0 || k == 0 {
		return c
	}
	blas64.Gemm(trans(ta), trans(tb), 1, a, b, 0, c)
	return c
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// qrMat returns the reduced QR of a (m×n, k = min(m,n)): Q m×k with
// orthonormal columns and R k×n upper triangular whose diagonal is
// non-negative.
func qrMat(a blas64.General) (q, r blas64.General) {
	m, n := a.Rows, a.Cols
	k := min(m, n)
	w := cloneMat(a)
	r = newMat(k, n)
	q = qrInPlace(w, r)
	if q.Stride != max(q.Cols, 1) {
		q = cloneMat(q)
	}
	return q, r
}

// qrInPlace factors w (m×n, overwritten) into R, written to r (k×n, k =
// min(m, n)), and Q, returned as m×k a view of w's first k columns. R's
// diagonal is made non-negative.
func qrInPlace(w, r blas64.General) (q blas64.General) {
	m, n := w.Rows, w.Cols
	k := min(m, n)
	if k == 0 {
		return newMat(m, 0)
	}
	tau := make([]float64, k)
	work := []float64{0}
	lapack64.Geqrf(w, tau, work, -1)
	work = make([]float64, max(int(work[0]), n, 1))
	lapack64.Geqrf(w, tau, work, len(work))
	for i := range k {
		row := r.Data[i*r.Stride : i*r.Stride+n]
		clear(row[:i])
		copy(row[i:], w.Data[i*w.Stride+i:i*w.Stride+n])
	}
	q = blas64.General{Rows: m, Cols: k, Stride: w.Stride, Data: w.Data[:(m-1)*w.Stride+k]}
	work = []float64{0}
	lapack64.Orgqr(q, tau, work, -1)
	work = make([]float64, max(int(work[0]), k, 1))
	lapack64.Orgqr(q, tau, work, len(work))
	// Make R's diagonal non-negative: flip the signs of R's row and Q's
	// column together.
	for i := range k {
		if r.Data[i*r.Stride+i] < 0 {
			for j := i; j < n; j++ {
				r.Data[i*r.Stride+j] = -r.Data[i*r.Stride+j]
			}
			for p := range m {
				q.Data[p*q.Stride+i] = -q.Data[p*q.Stride+i]
			}
		}
	}
	return q
}

// qrTall factors the tall w (m×n, m ≥ n, overwritten by Q) as qrInPlace
// does, writing R (n×n) to r, by TSQR within the chunk: panels of rows
// that fit in cache are factored one by one (LAPACK's unblocked
// Householder QR, which gonum runs for narrow matrices, streams the whole
// matrix once per column), their R factors stacked and factored again,
// and each panel's Q multiplied by its slice of the second Q.
func qrTall(w, r blas64.General) {
	m, n := w.Rows, w.Cols
	rows := max(2*n, (256<<10)/8/max(n, 1)) // a panel of about 256 KiB
	if m <= 2*rows || n == 0 {
		qrInPlace(w, r)
		return
	}
	np := (m + rows - 1) / rows
	if m-(np-1)*rows < n {
		np-- // the last panel joins its predecessor
	}
	rs := newMat(np*n, n)
	for p := range np {
		hi := min((p+1)*rows, m)
		if p == np-1 {
			hi = m
		}
		qrInPlace(rowsOf(w, p*rows, hi), rowsOf(rs, p*n, (p+1)*n))
	}
	qrTall(rs, r)
	tmp := newMat(rows+n, n)
	for p := range np {
		hi := min((p+1)*rows, m)
		if p == np-1 {
			hi = m
		}
		q := rowsOf(w, p*rows, hi)
		t := rowsOf(tmp, 0, q.Rows)
		copy(t.Data, q.Data[:q.Rows*n])
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, t, rowsOf(rs, p*n, (p+1)*n), 0, q)
	}
}

// svdMat returns the thin SVD of a: u m×k, s (k, decreasing), vt k×n.
func svdMat(a blas64.General) (u blas64.General, s []float64, vt blas64.General, err error) {
	m, n := a.Rows, a.Cols
	k := min(m, n)
	u, vt, s = newMat(m, k), newMat(k, n), make([]float64, k)
	if k == 0 {
		return u, s, vt, nil
	}
	w := cloneMat(a)
	work := []float64{0}
	lapack64.Gesvd(lapack.SVDStore, lapack.SVDStore, w, u, vt, s, work, -1)
	work = make([]float64, max(int(work[0]), 5*k+max(m, n)))
	if !lapack64.Gesvd(lapack.SVDStore, lapack.SVDStore, w, u, vt, s, work, len(work)) {
		return u, s, vt, fmt.Errorf("the SVD did not converge")
	}
	return u, s, vt, nil
}

// choleskyMat returns the lower triangular L with a = L·Lᵀ, or an error
// naming the first leading minor that is not positive definite.
func choleskyMat(a blas64.General) (blas64.General, error) {
	n := a.Rows
	w := cloneMat(a)
	t, ok := lapack64.Potrf(blas64.Symmetric{N: n, Stride: w.Stride, Data: w.Data, Uplo: blas.Lower})
	if !ok {
		return w, fmt.Errorf("the matrix is not positive definite (leading minor of order %d)", notPosDef(a))
	}
	l := newMat(n, n)
	for i := range n {
		copy(l.Data[i*n:i*n+i+1], t.Data[i*t.Stride:i*t.Stride+i+1])
	}
	return l, nil
}

// notPosDef returns the order of the first leading minor of a that is not
// positive definite (an unblocked Cholesky that stops there).
func notPosDef(a blas64.General) int {
	n := a.Rows
	l := make([]float64, n*n)
	for j := range n {
		d := a.Data[j*a.Stride+j]
		for p := range j {
			d -= l[j*n+p] * l[j*n+p]
		}
		if !(d > 0) {
			return j + 1
		}
		l[j*n+j] = math.Sqrt(d)
		for i := j + 1; i < n; i++ {
			v := a.Data[i*a.Stride+j]
			for p := range j {
				v -= l[i*n+p] * l[j*n+p]
			}
			l[i*n+j] = v / l[j*n+j]
		}
	}
	return n
}

// triSolve solves a·x = b (or aᵀ·x = b) in place in b, a triangular
// (lower or upper, unit diagonal or not).
func triSolve(a blas64.General, lower, unit, tr bool, b blas64.General) {
	if b.Rows == 0 || b.Cols == 0 {
		return
	}
	uplo, diag := blas.Upper, blas.NonUnit
	if lower {
		uplo = blas.Lower
	}
	if unit {
		diag = blas.Unit
	}
	blas64.Trsm(blas.Left, trans(tr), 1, blas64.Triangular{N: a.Rows, Stride: a.Stride, Data: a.Data, Uplo: uplo, Diag: diag}, b)
}
