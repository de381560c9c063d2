package array

import (
	"context"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	x := Arange(0, 10, 1, chunk.Float64, chunk.Regular(3))
	v, err := ToSlice[float64](ctx, x)
	t.Log(v, err)
	y := x.Add(1).Mul(2).Sub(x.Mul(x))
	v, err = ToSlice[float64](ctx, y)
	t.Log(v, err)
	s, err := ToSlice[float64](ctx, y.Sum())
	t.Log(s, err)
	m := Ones([]int{4, 6}, chunk.Int32, chunk.Regular(3, 4))
	r, err := m.Sum(Axis(0)).Compute(ctx)
	t.Log(r.Shape(), r.Data(), err)
	r, err = m.Mean(Axis(1), KeepDims()).Compute(ctx)
	t.Log(r.Shape(), r.Data(), err)
	e := Eye(4, 0, 1, chunk.Float32, chunk.Regular(3, 3))
	r, err = e.Compute(ctx)
	t.Log(r.Data(), err)
	u := NewRNG(1).Random([]int{1000}, chunk.Regular(100))
	r, err = u.Mean().Compute(ctx)
	t.Log(r.Data(), err)
	r, err = u.Rechunk(chunk.Regular(333)).Mean().Compute(ctx)
	t.Log(r.Data(), err)
}

func TestSmoke2(t *testing.T) {
	ctx := context.Background()
	x := Arange(0, 24, 1, chunk.Int64, chunk.Regular(5)).Rechunk(chunk.Regular(7))
	v, err := ToSlice[int64](ctx, x.Index(S(None, None, -3)))
	t.Log(v, err)
	v, err = ToSlice[int64](ctx, x.Index(S(2, 20, 4)))
	t.Log(v, err)
	m := FromSlice([]int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, []int{3, 4}, chunk.Regular(2, 3))
	d, err := m.T().Compute(ctx)
	t.Log(d.Shape(), d.Data(), err)
	d, err = m.Index(At(-1), NewAxis(), S(None, None, -2)).Compute(ctx)
	t.Log(d.Shape(), d.Data(), err)
	y := Map(m, func(v int64) float64 { return float64(v) / 2 })
	d, err = y.Compute(ctx)
	t.Log(d.Shape(), d.Data(), err)
	_, err = m.Add(Ones([]int{5}, chunk.Int64, nil)).Compute(ctx)
	t.Log(err)
	_, err = m.Sum(Axis(3)).Compute(ctx)
	t.Log(err)
}

func TestBroadcastTiles(t *testing.T) {
	ctx := context.Background()
	rows, cols := 700, 9
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = float64(i)
	}
	x := FromSlice(data, []int{rows, cols}, chunk.Regular(300, 4))
	row := FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, []int{cols}, chunk.Regular(4))
	colv := make([]float64, rows)
	for i := range colv {
		colv[i] = float64(-i)
	}
	col := FromSlice(colv, []int{rows, 1}, chunk.Regular(300, 1))
	got, err := ToSlice[float64](ctx, x.Mul(row).Add(col))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			want := data[i*cols+j]*float64(j+1) - float64(i)
			if got[i*cols+j] != want {
				t.Fatalf("[%d,%d] = %v, want %v", i, j, got[i*cols+j], want)
			}
		}
	}
}
