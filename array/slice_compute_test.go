package array

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestComputeSliceOfHeldChunks checks Compute of basic slices of arrays
// held in memory, which ComputeAll writes straight from the held chunks
// into the result (sliceWrites), against NumPy: every dtype, steps of
// both signs and larger than a chunk, integer indices, new axes, zero
// lengths; and, in one ComputeAll with a computed array, against the
// slice's chunks computed by its kernel (Persist).
func TestComputeSliceOfHeldChunks(t *testing.T) {
	r := rand.New(rand.NewSource(171))
	var checks []npCheck
	for it := range 100 {
		shape := randShape(r, 1, 4, 400)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := finiteDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		var idx []Index
		var py []string
		for _, n := range shape {
			if r.Intn(6) == 0 {
				idx, py = append(idx, NewAxis()), append(py, "None")
			}
			if n > 0 && r.Intn(4) == 0 {
				i := r.Intn(2*n) - n
				idx, py = append(idx, At(i)), append(py, fmt.Sprint(i))
				continue
			}
			s, p := randSlice(r, n)
			idx, py = append(idx, s), append(py, p)
		}
		key := "np.s_[" + strings.Join(py, ",") + ",]"
		y := x.Index(idx...)
		if y.Err() != nil {
			t.Fatalf("%v [%s]: %v", shape, key, y.Err())
		}
		if _, ok := y.layer.(*sliceLayer); !ok {
			t.Fatalf("%v [%s] is a %T, not a slice", shape, key, y.layer)
		}
		what := fmt.Sprintf("%d: %v %v chunks %v [%s]", it, dt, shape, x.Chunks(), key)
		checks = append(checks, npCheck{what: what, expr: "a[" + key + "]", in: []*chunk.Dense{d}, got: []*Array{y}})
		if it%10 == 0 {
			ds, err := ComputeAll(bg, []*Array{y, x.Abs(), y})
			if err != nil {
				t.Fatalf("%s: ComputeAll: %v", what, err)
			}
			p, err := y.Persist(bg)
			if err != nil {
				t.Fatal(err)
			}
			want, err := p.Compute(bg)
			if err != nil {
				t.Fatal(err)
			}
			equalDense(t, what+" first", ds[0], want)
			equalDense(t, what+" third", ds[2], want)
		}
	}
	runNumPy(t, checks)
}
