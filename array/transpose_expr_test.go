package array

import (
	"context"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestTransposeReadInPlace checks transposes that become axis maps of an
// expression (no transposed copy) against explicit index math, through
// broadcasting, chains and reductions, for ragged chunks.
func TestTransposeReadInPlace(t *testing.T) {
	ctx := context.Background()
	const n, m = 7, 5
	data := make([]float64, n*m)
	for i := range data {
		data[i] = float64(i*i%17) - 3
	}
	x := FromSlice(data, []int{n, m}, chunk.Spec{chunk.Sizes(3, 4), chunk.Sizes(2, 2, 1)})
	at := func(i, j int) float64 { return data[i*m+j] }
	sq := FromSlice(data[:25], []int{5, 5}, chunk.Spec{chunk.Sizes(2, 3), chunk.Sizes(2, 3)})
	sqAt := func(i, j int) float64 { return data[i*5+j] }
	row := FromSlice([]float64{1, 2, 3, 4, 5, 6, 7}, []int{n}, chunk.Regular(3))

	check := func(name string, a *Array, want func(i, j int) float64, rows, cols int) {
		t.Helper()
		got, err := ToSlice[float64](ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != rows*cols {
			t.Fatalf("%s: %d values, want %d", name, len(got), rows*cols)
		}
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				if g, w := got[i*cols+j], want(i, j); g != w {
					t.Fatalf("%s[%d,%d] = %v, want %v", name, i, j, g, w)
				}
			}
		}
	}
	check("x.T", x.T(), func(i, j int) float64 { return at(j, i) }, m, n)
	check("(x*2+1).T", x.Mul(2).Add(1).T(), func(i, j int) float64 { return at(j, i)*2 + 1 }, m, n)
	check("x.T*row", x.T().Mul(row), func(i, j int) float64 { return at(j, i) * float64(j+1) }, m, n)
	check("sq+sq.T", sq.Add(sq.T()), func(i, j int) float64 { return sqAt(i, j) + sqAt(j, i) }, 5, 5)
	check("(sq.T-sq).T", sq.T().Sub(sq).T(), func(i, j int) float64 { return sqAt(i, j) - sqAt(j, i) }, 5, 5)
	mean, err := ToSlice[float64](ctx, sq.Add(sq.T()).Mean(Axis(0)))
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 5; j++ {
		w := 0.0
		for i := 0; i < 5; i++ {
			w += sqAt(i, j) + sqAt(j, i)
		}
		if d := mean[j] - w/5; d > 1e-12 || d < -1e-12 {
			t.Fatalf("mean0[%d] = %v, want %v", j, mean[j], w/5)
		}
	}
	// 3-d permutation and a broadcast leading axis.
	c := FromSlice(data[:30], []int{2, 3, 5}, chunk.Spec{chunk.Sizes(1, 1), chunk.Sizes(2, 1), chunk.Sizes(3, 2)})
	got, err := ToSlice[float64](ctx, c.Transpose(2, 0, 1).Add(0))
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 5; k++ {
		for i := 0; i < 2; i++ {
			for j := 0; j < 3; j++ {
				if g, w := got[(k*2+i)*3+j], data[(i*3+j)*5+k]; g != w {
					t.Fatalf("transpose(2,0,1)[%d,%d,%d] = %v, want %v", k, i, j, g, w)
				}
			}
		}
	}
}

// TestRewrittenProgramsKeepAxisMaps checks the reductions and scans that
// rewrite the program they read (counting, any/all, NaN-skipping folds,
// casts) on transposed expressions, square chunks included, where losing
// the axis map read the chunk untransposed without an error: each must
// equal the same operation on the transpose computed first.
func TestRewrittenProgramsKeepAxisMaps(t *testing.T) {
	ctx := context.Background()
	vals := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(i*7%11) - 4
		}
		return v
	}
	sq := FromSlice(vals(36), []int{6, 6}, chunk.Regular(3, 3)) // square blocks: read untransposed without an error
	cube := FromSlice(vals(60), []int{3, 4, 5}, chunk.Spec{chunk.Sizes(1, 2), chunk.Sizes(2, 2), chunk.Sizes(5)})
	for _, c := range []struct {
		name string
		lazy *Array
	}{{"sq.T", sq.T()}, {"moveaxis(cube, 0, 2)", cube.MoveAxis(0, 2)}} {
		d, err := c.lazy.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		eager := FromDense(d, chunk.Regular(2, 2, 2)[:c.lazy.NDim()])
		for _, op := range []struct {
			name string
			f    func(x *Array) *Array
		}{
			{"CountNonzero(x>0, axis 0)", func(x *Array) *Array { return x.Gt(0).CountNonzero(Axis(0)) }},
			{"Any(x>3, axis 1)", func(x *Array) *Array { return x.Gt(3).Any(Axis(1)) }},
			{"All(x>-3, axis 0)", func(x *Array) *Array { return x.Gt(-3).All(Axis(0)) }},
			{"NanSum(x*x, axis 0)", func(x *Array) *Array { return x.Mul(x).NanSum(Axis(0)) }},
			{"NanProd(x+5, axis 1)", func(x *Array) *Array { return x.Add(5).NanProd(Axis(1)) }},
			{"CumSum(x>0, 0)", func(x *Array) *Array { return x.Gt(0).CumSum(0) }},
			{"CumSum(x>0, 1)", func(x *Array) *Array { return x.Gt(0).CumSum(1) }},
			{"TopK(x>1, 2, 0)", func(x *Array) *Array { return x.Gt(1).TopK(2, 0) }},
		} {
			got, err := ToSlice[float64](ctx, op.f(c.lazy).AsType(chunk.Float64))
			if err != nil {
				t.Errorf("%s of %s: %v", op.name, c.name, err)
				continue
			}
			want, err := ToSlice[float64](ctx, op.f(eager).AsType(chunk.Float64))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s of %s = %v, want %v", op.name, c.name, got, want)
			}
		}
	}
}
