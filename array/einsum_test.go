package array

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// productCase is one product computed here and by NumPy on the same
// operands.
type productCase struct {
	op           string // einsum, matmul, tensordot, dot, inner, outer, vdot
	subs         string
	axesA, axesB []int
	operands     []*chunk.Dense
}

// productChunks splits n into random chunk sizes.
func productChunks(r *rand.Rand, n int) []int {
	if n == 0 {
		return []int{0}
	}
	var cs []int
	for n > 0 {
		c := 1 + r.IntN(n)
		if r.IntN(3) == 0 {
			c = n
		}
		cs = append(cs, c)
		n -= c
	}
	return cs
}

// productDense fills a buffer of the given dtype and shape with values
// that exercise it (int8 products wrap around; floats are normal).
func productDense(r *rand.Rand, dt chunk.DType, shape []int) *chunk.Dense {
	vals := make([]float64, chunk.Prod(shape))
	for i := range vals {
		switch dt.Kind() {
		case chunk.KindFloat:
			vals[i] = r.NormFloat64()
		case chunk.KindBool:
			vals[i] = float64(r.IntN(2))
		case chunk.KindUint:
			vals[i] = float64(r.IntN(7))
		default:
			vals[i] = float64(r.IntN(201) - 100)
		}
	}
	f, _ := chunk.FromSlice(shape, vals)
	return f.AsType(dt)
}

// check builds the product over randomly chunked operands and the NumPy
// expression that computes it.
func (c *productCase) check(r *rand.Rand) npCheck {
	var chunkings []string
	arrays := make([]*Array, len(c.operands))
	for i, d := range c.operands {
		spec := make(chunk.Spec, len(d.Shape()))
		for a, n := range d.Shape() {
			spec[a] = chunk.Sizes(productChunks(r, n)...)
		}
		arrays[i] = FromDense(d, spec)
		chunkings = append(chunkings, fmt.Sprint(arrays[i].Chunks()))
	}
	var x *Array
	var expr string
	switch c.op {
	case "einsum":
		x, expr = Einsum(c.subs, arrays...), fmt.Sprintf("np.einsum(%q, %s)", c.subs, strings.Join(strings.Split("abcdefgh"[:len(arrays)], ""), ", "))
	case "matmul":
		x, expr = MatMul(arrays[0], arrays[1]), "np.matmul(a, b)"
	case "tensordot":
		x, expr = TensorDot(arrays[0], arrays[1], c.axesA, c.axesB), fmt.Sprintf("np.tensordot(a, b, axes=(%s, %s))", pyInts(c.axesA), pyInts(c.axesB))
	case "dot":
		x, expr = arrays[0].Dot(arrays[1]), "np.dot(a, b)"
	case "inner":
		x, expr = Inner(arrays[0], arrays[1]), "np.inner(a, b)"
	case "outer":
		x, expr = Outer(arrays[0], arrays[1]), "np.outer(a, b)"
	case "vdot":
		x, expr = Vdot(arrays[0], arrays[1]), "np.vdot(a, b)"
	}
	return npCheck{what: fmt.Sprintf("%s chunks %s", c.op, strings.Join(chunkings, " ")), expr: expr, in: c.operands, got: []*Array{x}, tol: 1e-5}
}

func pyInts(v []int) string { return strings.ReplaceAll(fmt.Sprint(v), " ", ", ") }

func newCase(r *rand.Rand, op, subs string, dts []chunk.DType, shapes ...[]int) *productCase {
	c := &productCase{op: op, subs: subs}
	for i, s := range shapes {
		c.operands = append(c.operands, productDense(r, dts[i%len(dts)], s))
	}
	return c
}

// TestProductsAgainstNumPy checks einsum, matmul, tensordot, dot, inner,
// outer and vdot against NumPy over random shapes (zero-length ones
// too), random chunkings and the dtypes float64, float32, int8, int32,
// uint8 and bool, mixed.
func TestProductsAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 1))
	f64, f32 := []chunk.DType{chunk.Float64}, []chunk.DType{chunk.Float32}
	dim := func() int { return r.IntN(9) }
	var cases []*productCase
	for range 3 {
		m, k, n, b := dim(), dim(), dim(), 1+r.IntN(3)
		for _, dts := range [][]chunk.DType{f64, f32, {chunk.Int8}, {chunk.Int32, chunk.Uint8}, {chunk.Bool}, {chunk.Float32, chunk.Int64},
			{chunk.Complex128}, {chunk.Complex64, chunk.Float32}} {
			cases = append(cases,
				newCase(r, "einsum", "ij,jk->ik", dts, []int{m, k}, []int{k, n}),
				newCase(r, "matmul", "", dts, []int{b, 1, m, k}, []int{3, k, n}),
			)
		}
		cases = append(cases,
			newCase(r, "einsum", "ij,kj", f64, []int{m, k}, []int{n, k}),
			newCase(r, "einsum", "bji,bkj->bik", f32, []int{b, k, m}, []int{b, n, k}),
			newCase(r, "einsum", "ii->i", f64, []int{m, m}),
			newCase(r, "einsum", "ii", []chunk.DType{chunk.Int16}, []int{m, m}),
			newCase(r, "einsum", "ij->", f32, []int{m, n}),
			newCase(r, "einsum", "ji", f64, []int{m, n}),
			newCase(r, "einsum", "ijk->ki", f64, []int{b, m, k}),                      // a sum and a transpose
			newCase(r, "einsum", "ijk->j", []chunk.DType{chunk.Int8}, []int{b, m, k}), // wraps in int8
			newCase(r, "einsum", "ij->i", []chunk.DType{chunk.Float16, chunk.Uint16}, []int{m, n}),
			newCase(r, "einsum", "...ij,...jk->...ik", f64, []int{b, m, k}, []int{k, n}),
			newCase(r, "einsum", "i...,i...", f64, []int{m, 2}, []int{m, 1}),
			newCase(r, "einsum", "ij,ij->ij", f64, []int{m, 1}, []int{m, n}),
			newCase(r, "einsum", "ij,ij->i", f64, []int{m, k}, []int{m, k}), // a batch of dot products
			newCase(r, "einsum", "ij,ji->i", f32, []int{m, k}, []int{k, m}),
			// elementwise products summed (einsumAsProduct), with wrapping
			// integers, mixed dtypes, a transposed third operand and
			// broadcast lengths of 1
			newCase(r, "einsum", "ij,ji->j", []chunk.DType{chunk.Int8, chunk.Uint8}, []int{m, k}, []int{k, m}),
			newCase(r, "einsum", "bij,bji,jbi->bj", []chunk.DType{chunk.Float32, chunk.Int16}, []int{b, m, k}, []int{b, k, m}, []int{k, b, m}),
			newCase(r, "einsum", "ij,ij->", []chunk.DType{chunk.Int32}, []int{m, k}, []int{1, k}),
			newCase(r, "einsum", "ij,ij->ji", f64, []int{m, k}, []int{m, 1}),
			newCase(r, "einsum", "ijk,ijk->ik", []chunk.DType{chunk.Uint16, chunk.Float64}, []int{b, m, k}, []int{b, m, k}),
			newCase(r, "einsum", "bij,bij->bi", []chunk.DType{chunk.Int32}, []int{b, m, k}, []int{b, m, k}),
			newCase(r, "einsum", "ij,ij->j", []chunk.DType{chunk.Complex128}, []int{m, k}, []int{m, k}),
			newCase(r, "einsum", "ijk,jl,lk->il", f64, []int{m, k, n}, []int{k, 3}, []int{3, n}),
			newCase(r, "einsum", "i,j,k", []chunk.DType{chunk.Int32}, []int{m}, []int{n}, []int{k}),
			newCase(r, "einsum", "iij,jk->ik", f64, []int{m, m, k}, []int{k, n}),
			newCase(r, "einsum", "ab,bc,cd", f32, []int{m, k}, []int{k, n}, []int{n, b}),
			newCase(r, "einsum", "Ba,aC", f64, []int{m, k}, []int{k, n}),
			newCase(r, "matmul", "", f64, []int{k}, []int{b, k, n}),
			newCase(r, "matmul", "", f64, []int{m, k}, []int{k}),
			newCase(r, "matmul", "", []chunk.DType{chunk.Int64}, []int{k}, []int{k}),
			newCase(r, "dot", "", f64, []int{b, m, k}, []int{2, k, n}),
			newCase(r, "dot", "", f64, []int{m, k}, []int{k}),
			newCase(r, "inner", "", f64, []int{m, k}, []int{n, k}),
			newCase(r, "outer", "", []chunk.DType{chunk.Uint8, chunk.Int8}, []int{m, 2}, []int{n}),
			newCase(r, "vdot", "", f32, []int{m, n}, []int{n, m}),
		)
		c := newCase(r, "tensordot", "", f64, []int{m, k, 2}, []int{2, n, k})
		c.axesA, c.axesB = []int{1, -1}, []int{2, 0}
		cases = append(cases, c)
	}
	for _, dt := range chunk.DTypes { // empty outer and inner lengths
		cases = append(cases,
			newCase(r, "matmul", "", []chunk.DType{dt}, []int{0, 1}, []int{1, 0}),
			newCase(r, "matmul", "", []chunk.DType{dt}, []int{1, 0}, []int{0, 0}),
			newCase(r, "einsum", "ij,jk->ki", []chunk.DType{dt}, []int{2, 1}, []int{1, 0}))
	}
	checks := make([]npCheck, len(cases))
	for i, c := range cases {
		checks[i] = c.check(r)
	}
	runNumPy(t, checks)
}

// TestProductErrors checks that bad operands give one-line errors.
func TestProductErrors(t *testing.T) {
	a := Ones([]int{3, 4}, chunk.Float64, chunk.Regular(2, 2))
	b := Ones([]int{5, 2}, chunk.Float64, chunk.Regular(2, 2))
	v := Ones([]int{4}, chunk.Float64, nil)
	cases := map[string]*Array{
		"matmul inner":       MatMul(a, b),
		"matmul 0-d":         MatMul(a, Ones(nil, chunk.Float64, nil)),
		"matmul batch":       MatMul(Ones([]int{2, 3, 4}, chunk.Float64, nil), Ones([]int{3, 4, 5}, chunk.Float64, nil)),
		"einsum terms":       Einsum("ij,jk->ik", a),
		"einsum letters":     Einsum("ijk", a),
		"einsum char":        Einsum("i1", a),
		"einsum out repeat":  Einsum("ij->ii", a),
		"einsum out unknown": Einsum("ij->iz", a),
		"einsum lengths":     Einsum("ij,ij", a, b),
		"einsum ellipsis":    Einsum("...i->i", Ones([]int{2, 3}, chunk.Float64, nil)),
		"tensordot axes":     TensorDot(a, b, []int{0}, []int{0, 1}),
		"tensordot range":    TensorDot(a, b, []int{2}, []int{0}),
		"tensordot lengths":  TensorDot(a, b, []int{0}, []int{0}),
		"vdot sizes":         Vdot(a, v),
		"dot lengths":        a.Dot(b),
	}
	for name, x := range cases {
		err := x.Err()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error of several lines: %q", name, err)
		}
	}
}

func init() {
	RegisterBlockFunc("test.blockwise_outer_sum", func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		// out "ij" from a "ik", b "k": the sum over k of a[i,k]*b[k],
		// broadcast along the new axis j of length 2.
		a, b := in[0], in[1]
		m, k := a.Shape()[0], a.Shape()[1]
		out := make([]float64, m*2)
		for i := range m {
			var s float64
			for p := range k {
				s += a.Float(i*k+p) * b.Float(p)
			}
			out[2*i], out[2*i+1] = s, s
		}
		return chunk.FromSlice([]int{m, 2}, out)
	})
}

// TestBlockwiseIndex checks Blockwise with a contracted index, a new
// axis and unified chunks against a naive loop.
func TestBlockwiseIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	ad, bd := productDense(r, chunk.Float64, []int{7, 11}), productDense(r, chunk.Float64, []int{11})
	av, bv := chunk.Values[float64](ad), chunk.Values[float64](bd)
	for _, split := range []int{0, 2, 3} {
		a := FromDense(ad, chunk.Regular(3, 2))
		b := FromDense(bd, chunk.Regular(4))
		x := Blockwise(BlockwiseOp{Func: "test.blockwise_outer_sum", DType: chunk.Float64, NewAxes: map[byte][]int{'j': {2, 2}}, SplitEvery: split},
			"ij", a, "ik", b, "k")
		got, err := x.Compute(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !chunk.EqualShapes(got.Shape(), []int{7, 4}) {
			t.Fatalf("shape %v, want [7 4]", got.Shape())
		}
		for i := range 7 {
			var s float64
			for p := range 11 {
				s += av[i*11+p] * bv[p]
			}
			for j := range 4 {
				if g := got.Float(i*4 + j); math.Abs(g-s) > 1e-12*(1+math.Abs(s)) {
					t.Fatalf("split %d: [%d,%d] = %v, want %v", split, i, j, g, s)
				}
			}
		}
	}
	bad := Blockwise(BlockwiseOp{Func: "test.blockwise_outer_sum", DType: chunk.Float64}, "ij", Ones([]int{2, 3}, chunk.Float64, nil), "ik", Ones([]int{3}, chunk.Float64, nil), "k")
	if bad.Err() == nil || !strings.Contains(bad.Err().Error(), "new-axis") {
		t.Errorf("output letter without chunks: %v", bad.Err())
	}
}
