package array

import (
	"errors"
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestElementwiseOnUnknownChunks checks elementwise operations of a
// boolean mask's selection (chunk sizes unknown) with Go numbers, and
// what consumes them — reductions, histograms, unique values, Compute —
// against NumPy over random shapes, chunkings and dtypes; and that what
// needs the sizes (a second masked operand, a scan, a top-k) is an error
// naming them.
func TestElementwiseOnUnknownChunks(t *testing.T) {
	r := rand.New(rand.NewSource(41))
	var checks []npCheck
	for it := range 40 {
		shape := randShape(r, 1, 3, 200)
		dt := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int32, chunk.Uint8, chunk.Float16, chunk.Int64}[r.Intn(6)]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		m := x.Mask(x.Gt(0))
		what := fmt.Sprintf("%d: %v %v chunks %v", it, dt, shape, x.Chunks())
		add := func(name, expr string, got *Array) {
			checks = append(checks, npCheck{what: name + " " + what, expr: "[np._set_promotion_state('weak')] and " + expr, in: []*chunk.Dense{d}, got: []*Array{got}, tol: 1e-3})
		}
		add("affine", "a[a > 0] * 3 + 1", m.Mul(3).Add(1))
		add("sqrt sum", "np.sum(np.sqrt(np.abs(a[a > 0])))", m.Abs().Sqrt().Sum())
		add("count", "np.sum(a[a > 0] > 5)", m.Gt(5).Sum())
		add("float32 mean", "np.mean(a[a > 0].astype(np.float32))", m.AsType(chunk.Float32).Mean())
		add("nansum", "np.nansum(a[a > 0])", m.NanSum())
		add("mean of negated", "np.mean(-(a[a > 0].astype(np.float64)))", m.AsType(chunk.Float64).Neg().Mean())
		h, _ := m.Mul(2).Histogram(5, 0, 50)
		add("histogram", "np.histogram(a[a > 0] * 2, bins=5, range=(0, 50))[0]", h)
		u, _ := m.Mul(2).Unique()
		add("unique", "np.unique(a[a > 0] * 2)", u)
	}
	runNumPy(t, checks)

	x := FromSlice([]float64{0.5, -1, 2, 3}, []int{4}, chunk.Regular(3))
	m := x.Mask(x.Gt(0))
	for name, got := range map[string]*Array{
		"two selections":           m.Add(m),
		"a selection and an array": m.Add(x.Index(S(0, 3, 1))),
		"a scan":                   m.Mul(2).CumSum(0),
		"a top-k":                  m.Mul(2).TopK(1, 0),
		"an argmax":                m.Mul(2).ArgMax(),
		"a quantile":               m.Quantile([]float64{0.5}, 0),
	} {
		if err := got.Err(); !errors.Is(err, ErrUnknownChunks) {
			t.Errorf("%s: error %v, want one wrapping ErrUnknownChunks", name, err)
		}
	}
}

// TestSelectionsWithEmptyChunks checks arrays learned from a boolean
// mask that leaves whole chunks empty — persisted, or sized with
// ComputeChunkSizes — under operations that plan with chunk sizes
// (arithmetic, sums, concatenation, rechunking, reshaping, slicing),
// against the same operations on the selected values stored anew. Such
// chunks once made every later kernel refuse the grid.
func TestSelectionsWithEmptyChunks(t *testing.T) {
	r := rand.New(rand.NewSource(43))
	for it := range 40 {
		n := 1 + r.Intn(40)
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.Intn(7) - 4) // many chunks keep nothing of v > 1
		}
		x := FromSlice(v, []int{n}, chunk.Spec{chunk.Sizes(randSizes(r, n)...)})
		sel := x.Mask(x.Gt(1))
		want, err := ToSlice[float64](bg, sel)
		if err != nil {
			t.Fatal(err)
		}
		ref := FromSlice(want, []int{len(want)}, nil)
		p, err := sel.Persist(bg)
		if err != nil {
			t.Fatal(err)
		}
		s, err := sel.ComputeChunkSizes(bg)
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range []*Array{p, s} {
			what := fmt.Sprintf("%d: %v chunks %v → %v", it, v, x.Chunks(), y.Chunks())
			for _, c := range y.Chunks()[0] {
				if c == 0 && len(y.Chunks()[0]) > 1 {
					t.Errorf("%s: a chunk of size 0 kept", what)
				}
			}
			for name, f := range map[string]func(*Array) *Array{
				"add":         func(a *Array) *Array { return a.Add(1) },
				"sum":         func(a *Array) *Array { return a.Sum() },
				"concatenate": func(a *Array) *Array { return Concatenate([]*Array{a, a.Flip(0)}, 0) },
				"rechunk":     func(a *Array) *Array { return a.Rechunk(chunk.Regular(2)) },
				"reshape":     func(a *Array) *Array { return a.Reshape(1, -1).T() },
				"slice":       func(a *Array) *Array { return a.Index(S(1, None, 2)) },
				"cumsum":      func(a *Array) *Array { return a.CumSum(0) },
			} {
				got, err := f(y).Compute(bg)
				if err != nil {
					t.Fatalf("%s %s: %v", what, name, err)
				}
				exp, err := f(ref).Compute(bg)
				if err != nil {
					t.Fatalf("%s %s: reference: %v", what, name, err)
				}
				checkDense(t, what+" "+name, got, exp, 0)
			}
		}
	}
}
