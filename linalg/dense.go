package linalg

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
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
	geqrf(w, tau)
	for i := range k {
		row := r.Data[i*r.Stride : i*r.Stride+n]
		clear(row[:i])
		copy(row[i:], w.Data[i*w.Stride+i:i*w.Stride+n])
	}
	q = blas64.General{Rows: m, Cols: k, Stride: w.Stride, Data: w.Data[:(m-1)*w.Stride+k]}
	orgqr(q, tau)
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

// Blocked Householder QR (LAPACK's dgeqrf, dorgqr and dormqr) with no
// unblocked tail: gonum's run their unblocked dgeqr2 and dorg2r, level-2
// BLAS passes over the matrix for each column, on the last 128 columns,
// which is every column of a matrix narrower than 128 (tall-and-skinny
// QR's). Here each block of columns is factored (or formed) by those,
// and applied to the rest of the matrix as one block reflector I − V·T·Vᵀ
// (dlarft, dlarfb), whose work is GEMMs.

// qrBlock returns the width of those blocks when cols columns are
// updated: LAPACK's 32, or 16 for at most 128 columns, where the
// unblocked part weighs more (16 was faster for lstsq's 100 columns,
// 32 for 1000: 8000×1000 dormqr 1.1 s against 1.8–2.0 s with 16, 1.4 s
// with 128).
func qrBlock(cols int) int {
	if cols <= 128 {
		return 16
	}
	return 32
}

// qrScratches holds the workspaces of geqrf, orgqr and ormqr: a TSQR
// factors thousands of panels, and a fresh workspace for each was
// garbage that no collection frees before the run's peak.
var qrScratches sync.Pool // of *[]float64

// qrScratch returns the nb×nb T factor and the cols×nb work of a
// blocked Householder step, and the function that hands them back.
func qrScratch(nb, cols int) (t, work []float64, done func()) {
	n := nb * (nb + cols)
	b, _ := qrScratches.Get().(*[]float64)
	if b == nil || cap(*b) < n {
		s := make([]float64, n)
		b = &s
	}
	buf := (*b)[:n]
	return buf[:nb*nb], buf[nb*nb:], func() { qrScratches.Put(b) }
}

// householder is gonum's LAPACK; its BLAS calls go through blas64, so to
// the GEMM registered there.
var householder gonum.Implementation

// geqrf factors a (m×n) in place as dgeqrf does: R on and above the
// diagonal, the Householder vectors below it, their scales in tau
// (min(m, n)).
func geqrf(a blas64.General, tau []float64) {
	m, n, lda := a.Rows, a.Cols, a.Stride
	nb := qrBlock(n)
	t, work, done := qrScratch(nb, max(n, 1))
	defer done()
	for i := 0; i < len(tau); i += nb {
		ib := min(len(tau)-i, nb)
		v := a.Data[i*lda+i:]
		householder.Dgeqr2(m-i, ib, v, lda, tau[i:i+ib], work)
		if i+ib < n {
			householder.Dlarft(lapack.Forward, lapack.ColumnWise, m-i, ib, v, lda, tau[i:], t, nb)
			householder.Dlarfb(blas.Left, blas.Trans, lapack.Forward, lapack.ColumnWise, m-i, n-i-ib, ib, v, lda, t, nb, a.Data[i*lda+i+ib:], lda, work, nb)
		}
	}
}

// orgqr overwrites the m×n a, holding n Householder vectors as geqrf
// leaves them (scales tau), with the first n columns of their product Q,
// as dorgqr does.
func orgqr(a blas64.General, tau []float64) {
	m, n, lda := a.Rows, a.Cols, a.Stride
	nb := qrBlock(n)
	t, work, done := qrScratch(nb, max(n, 1))
	defer done()
	for i := (n - 1) / nb * nb; i >= 0; i -= nb {
		ib := min(n-i, nb)
		v := a.Data[i*lda+i:]
		if i+ib < n {
			householder.Dlarft(lapack.Forward, lapack.ColumnWise, m-i, ib, v, lda, tau[i:], t, nb)
			householder.Dlarfb(blas.Left, blas.NoTrans, lapack.Forward, lapack.ColumnWise, m-i, n-i-ib, ib, v, lda, t, nb, a.Data[i*lda+i+ib:], lda, work, nb)
		}
		householder.Dorg2r(m-i, ib, ib, v, lda, tau[i:i+ib], work)
		for l := range i {
			clear(a.Data[l*lda+i : l*lda+i+ib])
		}
	}
}

// ormqr overwrites c (m×p) with Q·c, or Qᵀ·c when tr, Q the product of
// the Householder vectors in v (m×k, as geqrf leaves them, scales tau),
// as dormqr does. v is not changed (dormqr's unblocked dorm2r writes to
// its diagonal for a while; other tasks may be reading it).
func ormqr(tr bool, v blas64.General, tau []float64, c blas64.General) {
	m, k, ldv := v.Rows, v.Cols, v.Stride
	p, ldc := c.Cols, c.Stride
	if p == 0 || k == 0 {
		return
	}
	nb := qrBlock(p)
	t, work, done := qrScratch(nb, p)
	defer done()
	block := func(i int) {
		ib := min(k-i, nb)
		householder.Dlarft(lapack.Forward, lapack.ColumnWise, m-i, ib, v.Data[i*ldv+i:], ldv, tau[i:], t, nb)
		householder.Dlarfb(blas.Left, trans(tr), lapack.Forward, lapack.ColumnWise, m-i, p, ib, v.Data[i*ldv+i:], ldv, t, nb, c.Data[i*ldc:], ldc, work, nb)
	}
	if tr {
		for i := 0; i < k; i += nb {
			block(i)
		}
		return
	}
	for i := (k - 1) / nb * nb; i >= 0; i -= nb {
		block(i)
	}
}

// qrTall factors the tall w (m×n, m ≥ n) by TSQR within the chunk,
// writing R (n×n) to r: panels of rows that fit in cache (about 1 MiB:
// faster than 256 KiB or 4 MiB for 100 columns) are factored one by one
// (the unblocked part of Householder QR streams its block of columns
// once per column), each overwritten by its Q, and their R factors
// stacked in s (np·n×n, np from tallPanels; no rows when np is 1) and
// factored again there into S: Q = diag(Q₁, …, Qₚ)·S (mulPanels). With
// one panel w holds Q.
func qrTall(w, r, s blas64.General) {
	m, n := w.Rows, w.Cols
	rows, np := tallPanels(m, n)
	if np == 1 {
		qrInPlace(w, r)
		return
	}
	for p := range np {
		qrInPlace(tallPanel(w, rows, np, p), rowsOf(s, p*n, (p+1)*n))
	}
	s2 := blas64.General{Cols: n, Stride: max(n, 1)}
	if _, np2 := tallPanels(s.Rows, n); np2 > 1 {
		s2 = newMat(np2*n, n)
	}
	qrTall(s, r, s2)
	mulPanels(s, s2, blas64.General{}, s)
}

// tallPanels returns how qrTall splits m rows of n columns: np panels of
// rows rows, the last one to the end (np is 1 when m ≤ 2·rows).
func tallPanels(m, n int) (rows, np int) {
	rows = max(2*n, (1<<20)/8/max(n, 1))
	if m <= 2*rows || n == 0 {
		return m, 1
	}
	np = (m + rows - 1) / rows
	if m-(np-1)*rows < n {
		np-- // the last panel joins its predecessor
	}
	return rows, np
}

// tallPanel returns panel p of w's np panels of rows rows.
func tallPanel(w blas64.General, rows, np, p int) blas64.General {
	hi := (p + 1) * rows
	if p == np-1 {
		hi = w.Rows
	}
	return rowsOf(w, p*rows, hi)
}

// mulPanels sets out (q.Rows×x.Cols; it may be q) to diag(Q₁, …, Qₚ)·S·x
// for the panels' Q in q and S as qrTall left them; an x of no rows
// stands for the identity. S·x is n×n per panel, so Q times a small
// matrix costs one GEMM of q's size rather than forming Q first.
func mulPanels(q, s, x, out blas64.General) {
	n := q.Cols
	rows, np := tallPanels(q.Rows, n)
	if s.Rows == 0 { // q is Q
		if x.Rows > 0 {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, q, x, 0, out)
		}
		return
	}
	// out may be q: each panel is copied out in slices of at most
	// mulSlice rows, then multiplied into place.
	tmp, z := newMat(min(mulSlice, q.Rows), n), newMat(n, max(x.Cols, n))
	for p := range np {
		qp, sp, op := tallPanel(q, rows, np, p), rowsOf(s, p*n, (p+1)*n), tallPanel(out, rows, np, p)
		if x.Rows > 0 {
			z.Cols, z.Stride = x.Cols, max(x.Cols, 1)
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, sp, x, 0, z)
			sp = z
		}
		for lo := 0; lo < qp.Rows; lo += mulSlice {
			hi := min(lo+mulSlice, qp.Rows)
			t := rowsOf(tmp, 0, hi-lo)
			for i := lo; i < hi; i++ {
				copy(t.Data[(i-lo)*n:(i-lo+1)*n], qp.Data[i*qp.Stride:])
			}
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, t, sp, 0, rowsOf(op, lo, hi))
		}
	}
}

// mulSlice is the rows of a panel mulPanels multiplies at a time: its
// copy of them stays in the L2 cache.
const mulSlice = 512

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

// potrfBase is the order up to which potrf runs its unblocked loop.
const potrfBase = 32

// potrf overwrites the lower triangle of the square a with its Cholesky
// factor L (a = L·Lᵀ; the upper triangle is not read), recursively: L₁₁
// of the leading half, L₂₁ = A₂₁·L₁₁⁻ᵀ, then the factor of A₂₂ − L₂₁·L₂₁ᵀ,
// so that nearly all the work is one TRSM and one SYRK per level (gonum's
// Dpotrf steps through blocks of 64 columns). It returns 0, or the order
// of the first leading minor that is not positive definite (a is then
// partly overwritten).
func potrf(a blas64.General) int {
	n := a.Rows
	if n <= potrfBase {
		for j := range n {
			rj := a.Data[j*a.Stride : j*a.Stride+j+1]
			d := rj[j]
			for _, v := range rj[:j] {
				d -= v * v
			}
			if !(d > 0) {
				return j + 1
			}
			d = math.Sqrt(d)
			rj[j] = d
			for i := j + 1; i < n; i++ {
				ri := a.Data[i*a.Stride : i*a.Stride+j+1]
				v := ri[j]
				for p, w := range rj[:j] {
					v -= ri[p] * w
				}
				ri[j] = v / d
			}
		}
		return 0
	}
	h := n / 2
	a11 := blas64.General{Rows: h, Cols: h, Stride: a.Stride, Data: a.Data}
	a21 := blas64.General{Rows: n - h, Cols: h, Stride: a.Stride, Data: a.Data[h*a.Stride:]}
	a22 := blas64.General{Rows: n - h, Cols: n - h, Stride: a.Stride, Data: a.Data[h*a.Stride+h:]}
	if k := potrf(a11); k > 0 {
		return k
	}
	blas64.Trsm(blas.Right, blas.Trans, 1, blas64.Triangular{N: h, Stride: a.Stride, Data: a11.Data, Uplo: blas.Lower, Diag: blas.NonUnit}, a21)
	blas64.Syrk(blas.NoTrans, -1, a21, 1, blas64.Symmetric{N: n - h, Stride: a.Stride, Data: a22.Data, Uplo: blas.Lower})
	if k := potrf(a22); k > 0 {
		return h + k
	}
	return 0
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
