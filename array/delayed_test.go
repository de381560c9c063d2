package array

import (
	"context"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
)

var loadBlock = delayed.Func1E("array_test.load", func(i int) (*chunk.Dense, error) {
	v := make([]float64, 3)
	for j := range v {
		v[j] = float64(i*3 + j)
	}
	return chunk.FromSlice([]int{3}, v)
})

func TestFromDelayedToDelayed(t *testing.T) {
	ctx := context.Background()
	g, _ := chunk.NewGrid([][]int{{3, 3, 3}})
	var blocks []delayed.Lazy
	for i := range 3 {
		blocks = append(blocks, loadBlock(delayed.Lit(i)))
	}
	x := FromDelayed(g, chunk.Float64, blocks)
	got, err := ToSlice[float64](ctx, x.Mul(2))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v != float64(2*i) {
			t.Fatalf("got %v", got)
		}
	}
	// Array blocks as delayed values, consumed by a delayed function.
	ds, err := x.Add(1).ToDelayed()
	if err != nil || len(ds) != 3 {
		t.Fatal(len(ds), err)
	}
	total := delayed.FuncN("array_test.total", func(bs ...*chunk.Dense) float64 {
		s := 0.0
		for _, b := range bs {
			for _, v := range chunk.Values[float64](b) {
				s += v
			}
		}
		return s
	})(ds...)
	s, err := total.Compute(ctx)
	if err != nil || s != 36+9 {
		t.Fatalf("total = %v, %v; want 45", s, err)
	}
	// A block of the wrong shape fails with the block named.
	bad := FromDelayedChunk(loadBlock(delayed.Lit(0)), []int{4}, chunk.Float64)
	if _, err := bad.Compute(ctx); err == nil || !strings.Contains(err.Error(), "shape [3]") {
		t.Errorf("wrong-shape block: %v", err)
	}
	if e := FromDelayed(g, chunk.Float64, blocks[:2]).Err(); e == nil || !strings.Contains(e.Error(), "2 delayed values") {
		t.Errorf("short block list: %v", e)
	}
}
