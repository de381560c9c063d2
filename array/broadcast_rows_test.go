package array

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestBroadcastRows compares x op y, with y broadcast along every axis of
// x but the last (per-channel constants against an image: the evaluator
// fills such tiles from one row), with the naive loop: rows shorter and
// longer than a tile, tiles starting mid-row, y's row read in place, in
// reverse and through a cast.
func TestBroadcastRows(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	ctx := context.Background()
	for it := range 40 {
		l := []int{1, 2, 3, 4, 7, 1500}[r.IntN(6)]
		shape := []int{1 + r.IntN(40), 1 + r.IntN(60), l}
		n := chunk.Prod(shape)
		xv := make([]float64, n)
		for i := range xv {
			xv[i] = float64(r.IntN(1000))
		}
		yv := make([]float64, l)
		for i := range yv {
			yv[i] = float64(1 + r.IntN(9))
		}
		x := FromSlice(xv, shape, chunk.Regular(max(1, shape[0]/2), 1+r.IntN(shape[1]), max(1, l/(1+r.IntN(2)))))
		y := FromSlice(yv, []int{l}, chunk.Regular(l))
		want := make([]float64, l)
		copy(want, yv)
		switch r.IntN(3) {
		case 1: // reversed
			y = y.Index(S(None, None, -1))
			for i := range want {
				want[i] = yv[l-1-i]
			}
		case 2: // through a cast
			y = y.AsType(chunk.Float32)
		}
		got, err := x.Sub(y).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		g := denseFloats(got)
		for i := range xv {
			if w := xv[i] - want[i%l]; g[i] != w {
				t.Fatalf("it %d %v: element %d = %v, want %v", it, shape, i, g[i], w)
			}
		}
	}
}
