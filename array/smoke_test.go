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
