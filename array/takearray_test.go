package array

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestTakeArray checks the lazy-index take against the same take with
// the indices as a Go slice, over random shapes, dtypes, index dtypes
// and chunkings of the index (negative and repeated indices included),
// with the input and the index both lazy expressions.
func TestTakeArray(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	idts := []chunk.DType{chunk.Int64, chunk.Int32, chunk.Uint8, chunk.Uint64, chunk.Int16}
	for it := range 200 {
		shape := shRandShape(rng, 4)
		if len(shape) == 0 {
			continue
		}
		dt := shDTypes[it%len(shDTypes)]
		x, _ := shRandArray(rng, shape, dt)
		axis := rng.IntN(len(shape))
		n := shape[axis]
		idt := idts[it%len(idts)]
		var idx []int
		if n > 0 {
			for range rng.IntN(12) {
				v := rng.IntN(n)
				if idt.Kind() == chunk.KindInt && rng.IntN(2) == 0 {
					v -= n // negative: from the end
				}
				if idt == chunk.Uint8 && v > 255 || idt == chunk.Int16 && (v > 32767 || v < -32768) {
					continue
				}
				idx = append(idx, v)
			}
		}
		f := make([]float64, len(idx))
		for i, v := range idx {
			f[i] = float64(v)
		}
		ia := FromSlice(f, []int{len(idx)}, chunk.Regular(1+rng.IntN(4))).AsType(idt)
		want, err := x.Take(idx, axis).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		y := x.Add(0).AsType(dt).TakeArray(ia.Add(0).AsType(idt), axis) // both lazy expressions
		if !chunk.EqualShapes(y.Chunks()[axis], ia.Chunks()[0]) {
			t.Fatalf("chunks along axis %v, want the index's %v", y.Chunks()[axis], ia.Chunks()[0])
		}
		got, err := y.Compute(ctx)
		if err != nil {
			t.Fatalf("%v %v TakeArray(%v %v, %d): %v", dt, shape, idt, idx, axis, err)
		}
		if !chunk.EqualShapes(got.Shape(), want.Shape()) || !slices.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%v %v TakeArray(%v %v, %d) differs from Take", dt, shape, idt, idx, axis)
		}
	}
	x := Arange(0, 5, 1, chunk.Int64, chunk.Regular(2))
	for _, c := range []struct {
		idx  *Array
		want string
	}{
		{FromSlice([]int64{1, 7}, []int{2}, nil), "index 7 is out of bounds for axis 0 with size 5"},
		{FromSlice([]int64{-6}, []int{1}, nil), "index -6 is out of bounds for axis 0 with size 5"},
		{FromSlice([]uint64{math.MaxUint64}, []int{1}, nil), fmt.Sprintf("index %d is out of bounds", uint64(math.MaxUint64))},
	} {
		if _, err := x.TakeArray(c.idx, 0).Compute(ctx); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("TakeArray: error %v, want %q", err, c.want)
		}
	}
	shErr(t, x.TakeArray(FromSlice([]float64{1}, []int{1}, nil), 0), "indices must be a 1-d integer array, not 1-d float64")
	shErr(t, x.TakeArray(Zeros([]int{2, 2}, chunk.Int64, nil), 0), "indices must be a 1-d integer array, not 2-d int64")
	shErr(t, x.TakeArray(FromSlice([]int64{0}, []int{1}, nil), 1), "axis 1 is out of bounds for array of dimension 1")
}
