package array

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestTransposedOperands checks products whose operand is a transpose
// (read as its source with its letters permuted, never materialized) and
// products of one matrix with itself (x.T @ x, x @ x.T: the symmetric
// rank-k update) against the same products of materialized copies in
// other chunkings, over random shapes (empty ones too) and chunkings, in
// float64 and float32.
func TestTransposedOperands(t *testing.T) {
	r := rand.New(rand.NewSource(61))
	ctx := context.Background()
	for it := range 40 {
		m, k := r.Intn(30), r.Intn(40)
		dt := []chunk.DType{chunk.Float64, chunk.Float32}[it%2]
		d := chunk.NewDense(chunk.Float64, []int{k, m})
		dT := chunk.NewDense(chunk.Float64, []int{m, k})
		v, vT := chunk.Values[float64](d), chunk.Values[float64](dT)
		for i := range k {
			for j := range m {
				v[i*m+j] = r.NormFloat64()
				vT[j*k+i] = v[i*m+j]
			}
		}
		x := FromDense(d, randSpec(r, []int{k, m})).AsType(dt)
		x, _ = x.Persist(ctx)
		ref := FromDense(d, randSpec(r, []int{k, m})).AsType(dt)
		refT := FromDense(dT, randSpec(r, []int{m, k})).AsType(dt)
		yd := chunk.NewDense(chunk.Float64, []int{k, 3})
		for i := range chunk.Values[float64](yd) {
			chunk.Values[float64](yd)[i] = r.NormFloat64()
		}
		y := FromDense(yd, randSpec(r, []int{k, 3})).AsType(dt)
		// A 3-d transpose whose permutation is not its own inverse.
		zs := []int{1 + r.Intn(4), 1 + r.Intn(5), 1 + r.Intn(6)}
		zd := chunk.NewDense(chunk.Float64, zs)
		for i := range chunk.Values[float64](zd) {
			chunk.Values[float64](zd)[i] = r.NormFloat64()
		}
		zt := FromDense(zd, randSpec(r, zs)).AsType(dt).Transpose(2, 0, 1)
		ztCopy, err := zt.Persist(ctx)
		if err != nil {
			t.Fatal(err)
		}
		w := FromDense(randDense(r, chunk.Int8, []int{zs[1]}), nil)
		// Vectors on either side (GEMV), against products and sums.
		u := FromDense(randDense(r, chunk.Float64, []int{k}), randSpec(r, []int{k})).AsType(dt)
		u2 := FromDense(randDense(r, chunk.Float64, []int{m}), randSpec(r, []int{m})).AsType(dt)
		colSums := ref.Mul(u.ExpandDims(1)).Sum(Axis(0)) // Σᵢ u[i]·x[i, j]
		rowSums := ref.Mul(u2).Sum(Axis(1))              // Σⱼ x[i, j]·u2[j]
		// x read through a slice and through an expression: x.T @ x of
		// either reads the same chunks on both sides (the rank-k update).
		wide := chunk.NewDense(chunk.Float64, []int{k, m + 1})
		for i := range k {
			copy(chunk.Values[float64](wide)[i*(m+1)+1:(i+1)*(m+1)], v[i*m:(i+1)*m])
		}
		xs := FromDense(wide, randSpec(r, []int{k, m + 1})).AsType(dt).Index(All(), S(1, None, 1))
		xe := x.Mul(2)
		for _, s := range []*Array{x, xs, xe} {
			if src, _, ok := transposedSource(s.T()); !ok || src != s {
				t.Fatalf("%d: the transpose of %s is not read from it", it, s.Name())
			}
		}
		for _, c := range []struct {
			name      string
			got, want *Array
		}{
			{"x[:, 1:].T @ x[:, 1:]", MatMul(xs.T(), xs), MatMul(refT, ref)},
			{"(2x).T @ (2x)", MatMul(xe.T(), xe), MatMul(refT, ref).Mul(4)},
			{"x[:, 1:] @ (2x).T", MatMul(xs, xe.T()), MatMul(ref, refT).Mul(2)},
			{"einsum ijk,k->ij of a 3-d transpose", Einsum("ijk,k->ij", zt, w), Einsum("ijk,k->ij", ztCopy, w)},
			{"x.T @ x", MatMul(x.T(), x), MatMul(refT, ref)},
			{"x @ x.T", MatMul(x, x.T()), MatMul(ref, refT)},
			{"einsum ji,jk->ik", Einsum("ji,jk->ik", x, x), MatMul(refT, ref)},
			{"x.T @ y", MatMul(x.T(), y), MatMul(refT, y)},
			{"u @ x", MatMul(u, x), colSums},
			{"x.T @ u", MatMul(x.T(), u), colSums},
			{"x @ u2", MatMul(x, u2), rowSums},
			{"u2 @ x.T", MatMul(u2, x.T()), rowSums},
			{"y.T @ x", MatMul(y.T(), x), MatMul(y.Rechunk(chunk.Regular(5, 1)).T(), ref).Rechunk(chunk.Spec{chunk.Whole(), chunk.Whole()})},
		} {
			what := fmt.Sprintf("%d: %s of %v %dx%d", it, c.name, dt, k, m)
			got, err := c.got.Compute(ctx)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			want, err := c.want.Compute(ctx)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if !chunk.EqualShapes(got.Shape(), want.Shape()) {
				t.Fatalf("%s: shape %v, want %v", what, got.Shape(), want.Shape())
			}
			tol := 1e-12
			if dt == chunk.Float32 {
				tol = 1e-5
			}
			for i := 0; i < got.Len(); i++ {
				if g, w := got.Float(i), want.Float(i); math.Abs(g-w) > tol*float64(k+1)*(1+math.Abs(w)) {
					t.Fatalf("%s: element %d is %v, want %v", what, i, g, w)
				}
			}
		}
	}
}
