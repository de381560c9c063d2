package array

import (
	"context"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestSmoke runs small end-to-end pipelines whose results are known by
// hand: a quick signal before the reference-based suites.
func TestSmoke(t *testing.T) {
	ctx := context.Background()
	x := Arange(0, 10, 1, chunk.Float64, chunk.Regular(3))
	y := x.Add(1).Mul(2).Sub(x.Mul(x))
	ints := Arange(0, 24, 1, chunk.Int64, chunk.Regular(5)).Rechunk(chunk.Regular(7))
	m := FromSlice([]int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, []int{3, 4}, chunk.Regular(2, 3))
	ones := Ones([]int{4, 6}, chunk.Int32, chunk.Regular(3, 4))
	cases := []struct {
		name  string
		a     *Array
		shape []int
		want  []float64
	}{
		{"arange", x, []int{10}, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"(x+1)*2-x*x", y, []int{10}, []float64{2, 3, 2, -1, -6, -13, -22, -33, -46, -61}},
		{"sum", y.Sum(), []int{}, []float64{-175}},
		{"ones sum axis 0", ones.Sum(Axis(0)), []int{6}, []float64{4, 4, 4, 4, 4, 4}},
		{"ones mean axis 1 keepdims", ones.Mean(Axis(1), KeepDims()), []int{4, 1}, []float64{1, 1, 1, 1}},
		{"eye k=1", Eye(4, 0, 1, chunk.Float32, chunk.Regular(3, 3)), []int{4, 4},
			[]float64{0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0}},
		{"[::-3]", ints.Index(S(None, None, -3)), []int{8}, []float64{23, 20, 17, 14, 11, 8, 5, 2}},
		{"[2:20:4]", ints.Index(S(2, 20, 4)), []int{5}, []float64{2, 6, 10, 14, 18}},
		{"m.T", m.T(), []int{4, 3}, []float64{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}},
		{"m[-1, None, ::-2]", m.Index(At(-1), NewAxis(), S(None, None, -2)), []int{1, 2}, []float64{11, 9}},
		{"Map v/2", Map(m, func(v int64) float64 { return float64(v) / 2 }), []int{3, 4},
			[]float64{0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5}},
	}
	for _, c := range cases {
		d, err := c.a.Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !chunk.EqualShapes(d.Shape(), c.shape) {
			t.Fatalf("%s: shape %v, want %v", c.name, d.Shape(), c.shape)
		}
		for i, w := range c.want {
			if got := d.Float(i); got != w {
				t.Fatalf("%s[%d] = %v, want %v", c.name, i, got, w)
			}
		}
	}
	// Random values do not depend on the chunking.
	u := NewRNG(1).Random([]int{1000}, chunk.Regular(100))
	a, err := ToSlice[float64](ctx, u.Mean())
	if err != nil {
		t.Fatal(err)
	}
	b, err := ToSlice[float64](ctx, u.Rechunk(chunk.Regular(333)).Mean())
	if err != nil {
		t.Fatal(err)
	}
	if d := a[0] - b[0]; d > 1e-15 || d < -1e-15 || a[0] < 0.45 || a[0] > 0.55 {
		t.Errorf("random mean %v under one chunking, %v under another", a[0], b[0])
	}
	// Bad input comes back as errors naming the problem.
	if _, err := m.Add(Ones([]int{5}, chunk.Int64, nil)).Compute(ctx); err == nil || !strings.Contains(err.Error(), "broadcast") {
		t.Errorf("mismatched shapes: %v", err)
	}
	if _, err := m.Sum(Axis(3)).Compute(ctx); err == nil || !strings.Contains(err.Error(), "axis 3") {
		t.Errorf("bad axis: %v", err)
	}
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
