package linalg

import (
	"fmt"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"gonum.org/v1/gonum/blas/blas64"
)

// SVD returns the thin singular value decomposition of the m×n matrix a,
// a = U·diag(S)·Vh, with k = min(m, n): U m×k, S (k, decreasing) and Vh
// k×n, as NumPy's svd(a, full_matrices=False). It goes through QR: a
// tall a is a = Q·R (TSQR), R = Ur·diag(S)·Vh in one task, U = Q·Ur with
// Q's row chunks; a wide a is done as the SVD of its transpose. Each
// singular vector is determined up to its sign, which may differ from
// NumPy's. Bad input as for QR.
func SVD(a *array.Array) (u, s, vh *array.Array) {
	x, err := float64Matrix("svd", a)
	if err != nil {
		return errArray(err), errArray(err), errArray(err)
	}
	u, s, vh = svd64(x)
	dt := resultType(a.DType())
	return u.AsType(dt), s.AsType(dt), vh.AsType(dt)
}

func svd64(x *array.Array) (u, s, vh *array.Array) {
	m, n := x.Shape()[0], x.Shape()[1]
	if m < n {
		vt, s, ut := svd64(x.T())
		return ut.T(), s, vt.T()
	}
	if n == 0 {
		return array.Zeros([]int{m, 0}, chunk.Float64, nil), array.Zeros([]int{0}, chunk.Float64, nil), array.Zeros([]int{0, 0}, chunk.Float64, nil)
	}
	return tsvd(x)
}

// SVDCompressed returns an approximate rank-k SVD of the m×n matrix a by
// randomized projection (Halko, Martinsson and Tropp, as Dask's
// svd_compressed): a is multiplied by a Gaussian n×l matrix (l = k + 10,
// at most min(m, n)) drawn from seed, the product is orthonormalised by
// QR, powerIters power iterations (each a QR of aᵀ·Q then of a·Q) sharpen
// it, and the SVD of the small l×n projection gives the factors, cut to
// the first k: U m×k, S (k), Vh k×n. The same seed gives the same result.
// k out of 1..min(m, n), negative powerIters or bad input as for QR give
// arrays carrying the error.
func SVDCompressed(a *array.Array, k, powerIters int, seed int64) (u, s, vh *array.Array) {
	x, err := float64Matrix("svd_compressed", a)
	if err == nil && (k < 1 || k > min(x.Shape()[0], x.Shape()[1])) {
		err = fmt.Errorf("linalg: svd_compressed: rank %d out of 1..%d for shape %v", k, min(x.Shape()[0], x.Shape()[1]), x.Shape())
	}
	if err == nil && powerIters < 0 {
		err = fmt.Errorf("linalg: svd_compressed: %d power iterations", powerIters)
	}
	if err != nil {
		return errArray(err), errArray(err), errArray(err)
	}
	m, n := x.Shape()[0], x.Shape()[1]
	l := min(k+10, m, n)
	omega := array.NewRNG(seed).Normal(0, 1, []int{n, l}, chunk.Spec{chunk.Sizes(x.Chunks()[1]...), chunk.Whole()})
	q, _ := qr64(array.MatMul(x, omega))
	for range powerIters {
		z, _ := qr64(tmul(x, q))
		q, _ = qr64(array.MatMul(x, z))
	}
	b := tmul(q, x)
	ub, s, vh := svd64(b)
	u = array.MatMul(q, ub)
	dt := resultType(a.DType())
	u = u.Slice([2]int{0, m}, [2]int{0, k})
	return u.AsType(dt), s.Slice([2]int{0, k}).AsType(dt), vh.Slice([2]int{0, k}, [2]int{0, n}).AsType(dt)
}

func init() {
	registerDense("svd", func(_ []byte, in []blas64.General) ([]blas64.General, error) {
		u, s, vt, err := svdMat(in[0])
		if err != nil {
			return nil, err
		}
		return []blas64.General{u, {Rows: 1, Cols: len(s), Stride: max(len(s), 1), Data: s}, vt}, nil
	})
}
