package array

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// TestVindexGathersInPlace checks point-wise indexing with the integer
// indices on every set of axes of 1- to 4-d arrays, over random chunkings
// (zero-length axes included) and dtypes of every width, against a loop
// over the points, and that it gathers from the input's blocks as they
// are, not from blocks transposed to bring the indexed axes first.
func TestVindexGathersInPlace(t *testing.T) {
	r := rand.New(rand.NewSource(161))
	dts := []chunk.DType{chunk.Bool, chunk.Int8, chunk.Int16, chunk.Float32, chunk.Float64, chunk.Complex128}
	for it := range 150 {
		shape := randShape(r, 1, 4, 400)
		dt := dts[r.Intn(len(dts))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		var axes []int // a random nonempty set of axes, each of positive length
		for a, n := range shape {
			if n > 0 && r.Intn(2) == 0 {
				axes = append(axes, a)
			}
		}
		if len(axes) == 0 {
			continue
		}
		np := r.Intn(12)
		idx := slices.Repeat([]Index{All()}, len(shape))
		pts := make([][]int, len(axes))
		for j, a := range axes {
			pts[j] = make([]int, np)
			for p := range pts[j] {
				pts[j][p] = r.Intn(shape[a])
			}
			idx[a] = Ints(pts[j]...)
		}
		what := fmt.Sprintf("%d: %v %v chunks %v axes %v points %v", it, dt, shape, x.Chunks(), axes, pts)
		y := x.Vindex(idx...)
		xs := x.basicIndex(slices.Repeat([]Index{All()}, len(shape)))
		if pl := findPoints(y.Layer()); pl == nil || pl.in.Name() != xs.Layer().Name() {
			t.Fatalf("%s: the points are not gathered from the input's blocks", what)
		}
		got := mustCompute(t, y)
		// The reference: point p, then the other axes in order.
		var rest []int
		want := []int{np}
		for a, n := range shape {
			if !slices.Contains(axes, a) {
				rest, want = append(rest, a), append(want, n)
			}
		}
		if !slices.Equal(got.Shape(), want) {
			t.Fatalf("%s: shape %v, want %v", what, got.Shape(), want)
		}
		rshape := want[1:]
		at, ra := make([]int, len(shape)), make([]int, len(rest))
		for p := range np {
			for q := range chunk.Prod(rshape) {
				chunk.Unravel(ra, q, rshape)
				for j, a := range axes {
					at[a] = pts[j][p]
				}
				for j, a := range rest {
					at[a] = ra[j]
				}
				g, w := got.Float(p*chunk.Prod(rshape)+q), d.Float(chunk.Ravel(at, shape))
				if g != w && !(g != g && w != w) {
					t.Fatalf("%s: point %d element %v = %v, want %v", what, p, ra, g, w)
				}
			}
		}
	}
}

// findPoints returns the point layer of l's graph, or nil.
func findPoints(l scheduler.Layer) *pointLayer {
	if pl, ok := l.(*pointLayer); ok {
		return pl
	}
	for _, in := range l.Inputs() {
		if pl := findPoints(in); pl != nil {
			return pl
		}
	}
	return nil
}
