package array

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestGeneratedArraysBroadcast checks arrays whose values come from
// element positions (Arange, Linspace, Eye, Tri, Indices, random numbers)
// broadcast against operands of more axes or longer axes: each result must
// equal the same expression over the generated array computed first. A
// generator's positions are its own, not those of the frame it is
// broadcast into (`Ones(3, 4) + Arange(4)` once gave 1…12).
func TestGeneratedArraysBroadcast(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(21, 4))
	spec := func(shape []int) chunk.Spec {
		s := make(chunk.Spec, len(shape))
		for a, n := range shape {
			s[a] = chunk.Sizes(productChunks(r, n)...)
			if n == 0 {
				s[a] = chunk.Whole()
			}
		}
		return s
	}
	type gen struct {
		name string
		make func(shape []int) *Array // shape is the generator's own
		nd   int
	}
	gens := []gen{
		{"arange", func(s []int) *Array { return Arange(0, float64(s[0]), 1, chunk.Float64, spec(s)) }, 1},
		{"arange-int", func(s []int) *Array { return Arange(3, float64(3+2*s[0]), 2, chunk.Int64, spec(s)) }, 1},
		{"linspace", func(s []int) *Array { return Linspace(-1, 1, s[0], true, spec(s)) }, 1},
		{"eye", func(s []int) *Array { return Eye(s[0], s[1], 1, chunk.Float64, spec(s)) }, 2},
		{"tri", func(s []int) *Array { return Tri(s[0], s[1], 0, chunk.Bool, spec(s)) }, 2},
		{"indices", func(s []int) *Array { return Indices(s, chunk.Int64, spec(s)).Index(At(1)) }, 2},
		{"random", func(s []int) *Array { return NewRNG(7).Random(s, spec(s)) }, 2},
		{"integers", func(s []int) *Array { return NewRNG(8).Integers(-5, 5, s, spec(s)) }, 1},
	}
	for trial := range 120 {
		g := gens[trial%len(gens)]
		own := make([]int, g.nd)
		for a := range own {
			own[a] = r.IntN(6)
		}
		if g.name == "eye" || g.name == "tri" { // a length of 0 asks for a square
			own[1] = max(own[1], 1)
		}
		// The other operand: leading axes, and the generator's axes or 1.
		lead := r.IntN(3)
		other := make([]int, lead+g.nd)
		for a := range lead {
			other[a] = 1 + r.IntN(3)
		}
		for a, n := range own {
			other[lead+a] = n
			if r.IntN(4) == 0 {
				other[lead+a] = 1 // broadcast both ways
			}
		}
		genArr := g.make(own)
		if genArr.Err() != nil {
			t.Fatalf("%s %v: %v", g.name, own, genArr.Err())
		}
		d, err := genArr.Compute(ctx)
		if err != nil {
			t.Fatalf("%s %v: %v", g.name, own, err)
		}
		vals := make([]float64, chunk.Prod(other))
		for i := range vals {
			vals[i] = float64(1 + r.IntN(4))
		}
		od, _ := chunk.FromSlice(other, vals)
		x := FromDense(od, spec(other))
		ref := FromDense(d, spec(own))
		what := fmt.Sprintf("%s %v against %v", g.name, own, other)
		if g.name == "tri" {
			checkSame(t, ctx, what+" where", Where(genArr, x, 0), Where(ref, x, 0))
			continue
		}
		checkSame(t, ctx, what+" x*g", x.Mul(genArr), x.Mul(ref))
		checkSame(t, ctx, what+" g+x", genArr.Add(x), ref.Add(x))
		checkSame(t, ctx, what+" (g-x).sum(0)", genArr.Sub(x).Sum(Axis(0)), ref.Sub(x).Sum(Axis(0)))
	}
	// Meshgrid broadcasts its vectors.
	for _, ix := range []string{"xy", "ij"} {
		a, b := Arange(0, 3, 1, chunk.Int64, chunk.Regular(2)), Arange(10, 14, 1, chunk.Int64, chunk.Regular(3))
		ad, _ := a.Compute(ctx)
		bd, _ := b.Compute(ctx)
		got := Meshgrid(ix, a, b)
		want := Meshgrid(ix, FromDense(ad, nil), FromDense(bd, nil))
		for i := range got {
			checkSame(t, ctx, "meshgrid "+ix, got[i], want[i])
		}
	}
}

// checkSame computes got and want and fails unless their shapes and values
// are equal.
func checkSame(t *testing.T, ctx context.Context, what string, got, want *Array) {
	t.Helper()
	g, err := got.Compute(ctx)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	w, err := want.Compute(ctx)
	if err != nil {
		t.Fatalf("%s: reference: %v", what, err)
	}
	if !slices.Equal(g.Shape(), w.Shape()) || g.DType() != w.DType() {
		t.Fatalf("%s: shape %v %v, want %v %v", what, g.Shape(), g.DType(), w.Shape(), w.DType())
	}
	for i := range g.Len() {
		if g.Float(i) != w.Float(i) {
			t.Fatalf("%s: element %d is %v, want %v", what, i, g.Float(i), w.Float(i))
		}
	}
}
