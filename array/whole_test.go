package array

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestWholeBlocks checks gathers whose blocks are whole input chunks
// (array.whole, no copy): Concatenate, Roll along an axis and flattened
// (2-d: two gathers joined) over random shapes (rank 1–4, zero-length
// axes, ragged chunks) and dtypes, from persisted and from computed
// inputs, against naive index loops.
func TestWholeBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Uint8, chunk.Bool}
	ctx := context.Background()
	for it := range 120 {
		shape, spec := redShape(r)
		if len(shape) == 0 {
			continue
		}
		dt := dts[r.IntN(len(dts))]
		d := redDense(t, dt, shape, redData(r, chunk.Prod(shape), dt, 0))
		x := FromDense(d, spec)
		if r.IntN(2) == 0 { // computed chunks, fused into the whole blocks
			x = x.AsType(chunk.Float64).Add(1).AsType(dt)
			d = mustCompute(t, x)
		}
		axis := r.IntN(len(shape))
		shift := r.IntN(2*shape[axis]+3) - shape[axis] - 1
		name := fmt.Sprintf("it%d/%v/%v/%v/axis%d/shift%d", it, dt, shape, spec, axis, shift)

		cat, err := Concatenate([]*Array{x, x.Flip(axis)}, axis).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: concatenate: %v", name, err)
		}
		rolled, err := x.Roll(shift, axis).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: roll: %v", name, err)
		}
		size := chunk.Prod(shape)
		flatShift := r.IntN(4*size+7) - 2*size - 3
		flat, err := x.Roll(flatShift).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: flat roll: %v", name, err)
		}
		if !chunk.EqualShapes(flat.Shape(), shape) {
			t.Fatalf("%s: flat roll has shape %v", name, flat.Shape())
		}
		for i := range size {
			if g, want := flat.Float(((i+flatShift)%size+size)%size), d.Float(i); g != want {
				t.Fatalf("%s: flat roll by %d of element %d = %v, want %v", name, flatShift, i, g, want)
			}
		}
		strides := chunk.Strides(shape)
		n := shape[axis]
		catShape := append([]int(nil), shape...)
		catShape[axis] *= 2
		catStrides := chunk.Strides(catShape)
		chunk.EachIndex(shape, func(idx []int) {
			src := chunk.Ravel(idx, shape)
			at := func(i int) int { // idx with axis set to i, in cat's layout
				p := 0
				for a, v := range idx {
					if a == axis {
						v = i
					}
					p += v * catStrides[a]
				}
				return p
			}
			want := d.Float(src)
			if g := cat.Float(at(idx[axis])); g != want {
				t.Fatalf("%s: concatenate at %v = %v, want %v", name, idx, g, want)
			}
			if g := cat.Float(at(2*n - 1 - idx[axis])); g != want {
				t.Fatalf("%s: concatenated flip at %v = %v, want %v", name, idx, g, want)
			}
			to := src + (((idx[axis]+shift)%n+n)%n-idx[axis])*strides[axis]
			if g := rolled.Float(to); g != want {
				t.Fatalf("%s: roll of %v = %v, want %v", name, idx, g, want)
			}
		})
	}
}

// TestWholeBlocksShare checks that a concatenation's blocks that are
// whole input chunks are those chunks, not copies.
func TestWholeBlocksShare(t *testing.T) {
	x, err := FromSlice(make([]float64, 60), []int{6, 10}, chunk.Regular(3, 4)).Persist(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := Concatenate([]*Array{x, x}, 0).Persist(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in, out := x.layer.(*dataLayer).blocks, c.layer.(*dataLayer).blocks
	if len(out) != 2*len(in) {
		t.Fatalf("%d blocks from %d", len(out), len(in))
	}
	for i, b := range out {
		if b != in[i%len(in)] {
			t.Errorf("block %d is a copy of its input chunk", i)
		}
	}
}

func mustCompute(t *testing.T, x *Array) *chunk.Dense {
	t.Helper()
	d, err := x.Compute(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}
