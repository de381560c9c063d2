package array

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestTransposedReadsAgainstLoops checks elementwise expressions that
// read an operand transposed (x.T + y, a window of a transpose, a 3-d
// permutation) against plain index loops, on chunks large enough that the
// evaluator copies the transposed read a band at a time before its tiles
// read it (transposedBands; one band or several) and on smaller ones that
// gather each tile, for several dtypes and ragged chunkings.
func TestTransposedReadsAgainstLoops(t *testing.T) {
	r := rand.New(rand.NewSource(71))
	ctx := context.Background()
	dts := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Int32, chunk.Uint8, chunk.Int16}
	for it := range 24 {
		dt := dts[it%len(dts)]
		m, n := 100+r.Intn(300), 100+r.Intn(300)
		spec := func(rows, cols int) chunk.Spec {
			switch it % 3 {
			case 0: // small chunks: the gathered path
				return chunk.Spec{chunk.Size(1 + r.Intn(60)), chunk.Size(1 + r.Intn(60))}
			case 1: // one chunk: several bands
				return chunk.Spec{chunk.Whole(), chunk.Whole()}
			}
			return chunk.Spec{chunk.Sizes(split(r, rows)...), chunk.Sizes(split(r, cols)...)}
		}
		a, b := randDense(r, dt, []int{m, n}), randDense(r, dt, []int{n, m})
		x, y := FromDense(a, spec(m, n)), FromDense(b, spec(n, m))
		av, bv := make([]float64, m*n), make([]float64, m*n)
		for i := range av {
			av[i], bv[i] = a.Float(i), b.Float(i)
		}
		// x.T + y: element (i, j) is a[j, i] + b[i, j].
		check(t, ctx, fmt.Sprintf("%d: %v x.T+y %dx%d", it, dt, n, m), x.T().Add(y), []int{n, m}, func(i, j int) float64 {
			return float64Of(dt, av[j*n+i]+bv[i*m+j])
		})
		// A window of the transpose times 2: (i, j) reads a[j+5, i+3].
		w := x.T().Index(S(3, n-4, 1), S(5, m, 1)).Mul(2)
		check(t, ctx, fmt.Sprintf("%d: %v window of x.T %dx%d", it, dt, n, m), w, []int{n - 7, m - 5}, func(i, j int) float64 {
			return float64Of(dt, 2*av[(j+5)*n+i+3])
		})
	}
	// A 3-d permutation that is not its own inverse, plus an array in
	// the frame's order.
	s := []int{40, 50, 60} // 120 000 elements: two bands
	a := randDense(r, chunk.Float64, s)
	z := FromDense(a, chunk.Spec{chunk.Sizes(40), chunk.Sizes(30, 20), chunk.Sizes(60)}).Transpose(2, 0, 1)
	c := randDense(r, chunk.Float64, []int{60, 40, 50})
	got := z.Sub(FromDense(c, chunk.Spec{chunk.Sizes(60), chunk.Sizes(40), chunk.Sizes(50)}))
	d, err := got.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for p := range d.Len() {
		k, i, j := p/(40*50), p/50%40, p%50 // got[k, i, j] = a[i, j, k] - c[k, i, j]
		if g, want := d.Float(p), a.Float(i*50*60+j*60+k)-c.Float(p); g != want && !(g != g && want != want) {
			t.Fatalf("3-d transpose: element (%d, %d, %d) = %v, want %v", k, i, j, d.Float(p), want)
		}
	}
}

// TestTwoTransposedReads checks expressions of two operands read
// transposed with their contiguous axes on different frame axes (each
// would pick a band of its own length; they share one), in both orders,
// against index loops.
func TestTwoTransposedReads(t *testing.T) {
	r := rand.New(rand.NewSource(73))
	a, b := randDense(r, chunk.Float64, []int{80, 100, 60}), randDense(r, chunk.Float64, []int{60, 100, 80})
	z1 := FromDense(a, nil).Transpose(2, 0, 1) // (60, 80, 100); a's contiguous axis is the frame's first
	z2 := FromDense(b, nil).Transpose(0, 2, 1) // (60, 80, 100); b's contiguous axis is the frame's second
	for _, c := range []struct {
		name string
		x    *Array
		sign float64
	}{{"z1 - z2", z1.Sub(z2), 1}, {"z2 - z1", z2.Sub(z1), -1}} {
		d, err := c.x.Compute(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for p := range d.Len() {
			k, i, j := p/(80*100), p/100%80, p%100 // a[i, j, k] - b[k, j, i]
			want := c.sign * (a.Float(i*100*60+j*60+k) - b.Float(k*100*80+j*80+i))
			if g := d.Float(p); g != want && !(g != g && want != want) {
				t.Fatalf("%s: element (%d, %d, %d) = %v, want %v", c.name, k, i, j, g, want)
			}
		}
	}
}

// split returns ragged chunk sizes of 120 to 260 summing to n.
func split(r *rand.Rand, n int) []int {
	var out []int
	for n > 0 {
		c := min(n, 120+r.Intn(141))
		out = append(out, c)
		n -= c
	}
	return out
}

// float64Of rounds v, a sum or double of two values of dtype dt computed
// exactly in float64, as dt's arithmetic does (randDense's integers are
// too small to wrap).
func float64Of(dt chunk.DType, v float64) float64 {
	if dt == chunk.Float32 {
		return float64(float32(v))
	}
	return v
}

// check computes x, a 2-d result of the given shape, and compares every
// element with want (NaN equal to NaN).
func check(t *testing.T, ctx context.Context, what string, x *Array, shape []int, want func(i, j int) float64) {
	t.Helper()
	d, err := x.Compute(ctx)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !chunk.EqualShapes(d.Shape(), shape) {
		t.Fatalf("%s: shape %v, want %v", what, d.Shape(), shape)
	}
	for i := range shape[0] {
		for j := range shape[1] {
			if g, w := d.Float(i*shape[1]+j), want(i, j); g != w && !(g != g && w != w) {
				t.Fatalf("%s: element (%d, %d) = %v, want %v", what, i, j, g, w)
			}
		}
	}
}
