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

// TestIndexInts checks Index with an integer list among basic indices
// against NumPy 1.24's results for x = arange(210).reshape(5, 6, 7),
// including its rule that integers and a list separated by a slice or a
// new axis put the list's axis first.
func TestIndexInts(t *testing.T) {
	ctx := context.Background()
	x := Arange(0, 210, 1, chunk.Int64, nil).Reshape(5, 6, 7).Rechunk(chunk.Regular(2, 4, 3))
	for _, c := range []struct {
		name  string
		idx   []Index
		shape []int
		head  []int64 // the first values, C order
	}{
		{"x[1:4, [5,0,5]]", []Index{S(1, 4, 1), Ints(5, 0, 5)}, []int{3, 3, 7}, []int64{77, 78, 79, 80, 81, 82, 83, 42}},
		{"x[0, :, [1,-2]]", []Index{At(0), All(), Ints(1, -2)}, []int{2, 6}, []int64{1, 8, 15, 22, 29, 36, 5, 12}},
		{"x[0, [1,2]]", []Index{At(0), Ints(1, 2)}, []int{2, 7}, []int64{7, 8, 9, 10, 11, 12, 13, 14}},
		{"x[..., [6,0]]", []Index{Ellipsis(), Ints(6, 0)}, []int{5, 6, 2}, []int64{6, 0, 13, 7, 20, 14}},
		{"x[[2], None, 1:3]", []Index{Ints(2), NewAxis(), S(1, 3, 1)}, []int{1, 1, 2, 7}, []int64{91, 92, 93, 94, 95, 96, 97, 98}},
		{"x[1, None, [0,3]]", []Index{At(1), NewAxis(), Ints(0, 3)}, []int{2, 1, 7}, []int64{42, 43, 44, 45, 46, 47, 48, 63}},
		{"x[::-2, 2, [1,1]]", []Index{S(None, None, -2), At(2), Ints(1, 1)}, []int{3, 2}, []int64{183, 183, 99, 99, 15, 15}},
	} {
		y := x.Index(c.idx...)
		got, err := ToSlice[int64](ctx, y)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !chunk.EqualShapes(y.Shape(), c.shape) || !slices.Equal(got[:len(c.head)], c.head) {
			t.Errorf("%s: shape %v, values %v…; NumPy gives %v, %v…", c.name, y.Shape(), got[:min(len(got), 8)], c.shape, c.head)
		}
	}
	shErr(t, x.Index(All(), Ints(0, 6)), "index 6 is out of bounds for axis 1 with size 6")
	shErr(t, x.Index(Ints(0, 1), Ints(1, 2, 3)), "shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,)")
	shErr(t, x.Index(Ints(0), All(), All(), All()), "too many indices for array")
}
