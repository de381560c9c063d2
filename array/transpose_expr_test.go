package array

import (
	"context"
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
