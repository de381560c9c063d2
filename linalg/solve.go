package linalg

import (
	"fmt"
	"math"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"gonum.org/v1/gonum/blas/blas64"
)

// square checks that a is a square matrix of a real dtype and returns it
// as float64.
func square(op string, a *array.Array) (*array.Array, error) {
	x, err := float64Matrix(op, a)
	if err != nil {
		return nil, err
	}
	if s := x.Shape(); s[0] != s[1] {
		return nil, fmt.Errorf("linalg: %s: the matrix must be square, got shape %v", op, s)
	}
	return x, nil
}

// rhs checks that b is a right-hand side for an n×n matrix: 1-d of
// length n or 2-d with n rows; it returns b as a 2-d float64 array and
// whether it was 1-d.
func rhs(op string, b *array.Array, n int) (*array.Array, bool, error) {
	if b == nil {
		return nil, false, fmt.Errorf("linalg: %s: nil *Array", op)
	}
	if err := b.Err(); err != nil {
		return nil, false, err
	}
	vec := b.NDim() == 1
	if vec {
		b = b.Reshape(b.Shape()[0], 1)
	}
	x, err := float64Matrix(op, b)
	if err != nil {
		return nil, false, err
	}
	if x.Shape()[0] != n {
		return nil, false, fmt.Errorf("linalg: %s: the right-hand side has %d rows for a matrix of %d", op, x.Shape()[0], n)
	}
	return x, vec, nil
}

// Cholesky returns the lower triangular L with a = L·Lᵀ for the
// symmetric positive definite a (NumPy's cholesky; only a's lower
// triangle is read). It is computed by tiles, each a task (Dask's
// algorithm): a's chunks when its row and column chunks are the same,
// else square tiles of about the area of its largest chunk. A
// non-square a gives an array carrying the error; one that is not
// positive definite fails Compute naming the first leading minor that is
// not, and NaN or Inf entries fail it too.
func Cholesky(a *array.Array) *array.Array {
	x, err := square("cholesky", a)
	if err != nil {
		return errArray(err)
	}
	n := x.Shape()[0]
	if n == 0 {
		return array.Zeros([]int{0, 0}, resultType(a.DType()), nil)
	}
	return choleskyTiled(x).AsType(resultType(a.DType()))
}

// LU returns the LU factorization of the m×n matrix a with partial
// pivoting, a = P·L·U, as SciPy's lu: P m×m a permutation matrix, L m×k
// lower triangular with unit diagonal and U k×n upper triangular, k =
// min(m, n). A singular a has an LU too (U has a zero on its diagonal).
// It is computed by column strips (LAPACK's blocked algorithm, each
// strip a task): a task holds at most two strips of m rows by one tile
// (a's column chunks when its row chunks are the same, else square tiles
// of about the area of its largest chunk), and a strip larger than
// MaxChunkBytes gives an error. NaN or Inf entries fail Compute; other
// bad input as for QR.
func LU(a *array.Array) (p, l, u *array.Array) {
	x, err := float64Matrix("lu", a)
	if err != nil {
		return errArray(err), errArray(err), errArray(err)
	}
	m, n := x.Shape()[0], x.Shape()[1]
	dt := resultType(a.DType())
	if min(m, n) == 0 {
		k := min(m, n)
		return array.Eye(m, m, 0, dt, nil), array.Zeros([]int{m, k}, dt, nil), array.Zeros([]int{k, n}, dt, nil)
	}
	f, err := luTiled("lu", x, false)
	if err != nil {
		return errArray(err), errArray(err), errArray(err)
	}
	rows := chunk.Sizes(f.rows...)
	p = permuteRows(f.perm(), array.Eye(m, m, 0, chunk.Float64, chunk.Spec{rows, rows}), f.rows).T()
	return p.AsType(dt), f.l().AsType(dt), f.u().AsType(dt)
}

// Triangle says how SolveTriangular reads its matrix a: Upper or Lower,
// or'ed with UnitDiagonal and Transposed.
type Triangle int

const (
	Upper        Triangle = 0         // a is upper triangular
	Lower        Triangle = 1 << iota // a is lower triangular
	UnitDiagonal                      // a's diagonal is taken as ones (and not read)
	Transposed                        // solve aᵀ·x = b (SciPy's trans='T'): a's tiles are read transposed, not copied
)

// SolveTriangular solves a·x = b (or aᵀ·x = b) for x, a square and lower
// or upper triangular as t says (only that triangle is read), b 1-d or
// 2-d as for Solve (SciPy's solve_triangular). It is computed by tiles
// as Cholesky is, each column chunk of b apart: the solve with Lᵀ after
// a Cholesky is SolveTriangular(l, y, Lower|Transposed), which reads L's
// tiles as they are where SolveTriangular(l.T(), y, Upper) would copy
// each transposed. A zero on the diagonal fails Compute naming it.
func SolveTriangular(a, b *array.Array, t Triangle) *array.Array {
	return solve("solve_triangular", a, b, &t)
}

// Solve solves a·x = b for x, a square (NumPy's solve): b of shape (n)
// gives x of shape (n), b of shape (n, k) gives (n, k). It runs LU's
// strips, then b's rows permuted and the two triangular solves by
// tiles, each column chunk of b apart. A non-square a or a b of another
// length give an array carrying the error; a singular a fails Compute
// naming the zero pivot.
func Solve(a, b *array.Array) *array.Array { return solve("solve", a, b, nil) }

// solve runs LU's solve or, with tri set, the triangular solve.
func solve(op string, a, b *array.Array, tri *Triangle) *array.Array {
	x, err := square(op, a)
	if err != nil {
		return errArray(err)
	}
	n := x.Shape()[0]
	y, vec, err := rhs(op, b, n)
	if err != nil {
		return errArray(err)
	}
	var r *array.Array
	switch {
	case n == 0 || y.Shape()[1] == 0:
		r = array.Zeros(y.Shape(), chunk.Float64, nil) // nothing to solve for
	case tri != nil:
		r = solveTriangularTiled(x, y, *tri)
	default:
		r = luSolve(op, x, y)
	}
	if vec {
		r = r.Reshape(n)
	}
	return r.AsType(resultType(chunk.Promote(a.DType(), b.DType())))
}

// Inv returns the inverse of the square matrix a (NumPy's inv): Solve
// with the identity, in a's chunks. A non-square a gives an array
// carrying the error; a singular one fails Compute naming the zero pivot.
func Inv(a *array.Array) *array.Array {
	x, err := square("inv", a)
	if err != nil {
		return errArray(err)
	}
	n, cs := x.Shape()[0], x.Chunks()
	id := array.Eye(n, n, 0, chunk.Float64, chunk.Spec{chunk.Sizes(cs[0]...), chunk.Sizes(cs[1]...)})
	return solve("inv", a, id, nil).AsType(resultType(a.DType()))
}

// Lstsq returns the least-squares solution of a·x = b as NumPy's lstsq
// with rcond=None: x minimises ‖b − a·x‖ (the minimum-norm one when a is
// rank deficient), from the SVD of a (see SVD), singular values below
// eps·max(m, n)·max(s) taken as zero. It also returns residuals, the
// squared norms of b − a·x per column of b (of shape (k) or (1) for a
// 1-d b) when m > n and (0) otherwise — NumPy also gives (0) when a is
// rank deficient, which is only known once computed, so here the sums
// are given then too; rank, a 0-d int64 array; and s, a's singular
// values. b has m rows; other shapes give arrays carrying the error.
func Lstsq(a, b *array.Array) (x, residuals, rank, s *array.Array) {
	fail := func(err error) (x, residuals, rank, s *array.Array) {
		return errArray(err), errArray(err), errArray(err), errArray(err)
	}
	am, err := float64Matrix("lstsq", a)
	if err != nil {
		return fail(err)
	}
	m, n := am.Shape()[0], am.Shape()[1]
	bm, vec, err := rhs("lstsq", b, m)
	if err != nil {
		return fail(err)
	}
	k := bm.Shape()[1]
	u, s, vh := svd64(am)
	c := tmul(u, bm)
	f := dense("lstsq", "lstsq_scale", scheduler.EncodeParams([2]int{m, n}), [][]int{{min(m, n), k}, {}}, s, c)
	x = tmul(vh, f[0])
	if m > n {
		residuals = bm.Sub(array.MatMul(am, x)).Square().Sum(array.Axis(0))
	} else {
		residuals = array.Zeros([]int{0}, chunk.Float64, nil)
	}
	if vec {
		x = x.Reshape(n)
	}
	dt := resultType(chunk.Promote(a.DType(), b.DType()))
	return x.AsType(dt), residuals.AsType(dt), f[1].AsType(chunk.Int64), s.AsType(resultType(a.DType()))
}

func init() {
	registerDense("lstsq_scale", func(p []byte, in []blas64.General) ([]blas64.General, error) {
		var mn [2]int
		if err := scheduler.DecodeParams(p, &mn); err != nil {
			return nil, err
		}
		s, c := in[0], cloneMat(in[1]) // s is (k, 1)
		cut := 0.0
		if s.Rows > 0 {
			cut = math.Nextafter(1, 2) - 1
			cut *= float64(max(mn[0], mn[1])) * s.Data[0]
		}
		rank := 0
		for i := range c.Rows {
			row := c.Data[i*c.Stride : i*c.Stride+c.Cols]
			if sv := s.Data[i*s.Stride]; sv > cut {
				rank++
				for j := range row {
					row[j] /= sv
				}
			} else {
				clear(row)
			}
		}
		return []blas64.General{c, {Rows: 1, Cols: 1, Stride: 1, Data: []float64{float64(rank)}}}, nil
	})
}
