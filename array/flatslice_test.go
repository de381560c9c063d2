package array

import (
	"context"
	"math/rand"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestSparseFlatSlice checks a sparse slice of a flattened array, which
// gathers its points from the array flattened, against the same slice of
// the C-order data, over random shapes, chunkings, bounds and steps of
// both signs; a dense slice keeps the flattening path.
func TestSparseFlatSlice(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(7))
	for trial := range 300 {
		nd := 2 + rng.Intn(2)
		shape := make([]int, nd)
		spec := make(chunk.Spec, nd)
		for a := range shape {
			shape[a] = 1 + rng.Intn(40)
			spec[a] = chunk.Sizes(randomChunks(rng, shape[a])...)
		}
		n := chunk.Prod(shape)
		data := make([]int32, n)
		for i := range data {
			data[i] = int32(rng.Intn(1 << 20))
		}
		x := FromSlice(data, shape, spec)
		step := sparseFlat + rng.Intn(3*sparseFlat)
		if rng.Intn(2) == 0 {
			step = -step
		}
		start, stop := rng.Intn(n+2)-1, None
		if rng.Intn(3) == 0 {
			stop = rng.Intn(n + 1)
		}
		if rng.Intn(4) == 0 {
			start = None
		}
		if trial%10 == 0 {
			step = 1 + rng.Intn(3) // dense: not rewritten
		}
		y := x.Ravel().Index(S(start, stop, step))
		sel, err := S(start, stop, step).resolve(n)
		if err != nil {
			t.Fatal(err)
		}
		sparse := sel.Count > 0 && sel.Count*sparseFlat <= n
		if got := strings.HasPrefix(y.Name(), "vindex"); got != sparse {
			t.Errorf("shape %v, slice %d:%d:%d: gathered %v, want %v (%s)", shape, start, stop, step, got, sparse, y.Name())
		}
		d, err := y.Compute(ctx)
		if err != nil {
			t.Fatalf("shape %v, slice %d:%d:%d: %v", shape, start, stop, step, err)
		}
		got := chunk.Values[int32](d)
		if len(got) != sel.Count {
			t.Fatalf("shape %v, slice %d:%d:%d: %d elements, want %d", shape, start, stop, step, len(got), sel.Count)
		}
		for k, v := range got {
			if w := data[sel.Start+k*sel.Step]; v != w {
				t.Fatalf("shape %v %v, slice %d:%d:%d: element %d is %d, want %d", shape, spec, start, stop, step, k, v, w)
			}
		}
	}
}
