package array

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestComplexAgainstNumPy checks complex arithmetic, ufuncs, parts,
// comparisons and casts, with mixed real operands, over random shapes
// (zero-length included) and chunkings.
func TestComplexAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(15))
	partners := []chunk.DType{chunk.Complex64, chunk.Complex128, chunk.Float32, chunk.Float64, chunk.Int16, chunk.Int32, chunk.Bool}
	binary := []struct {
		np string
		f  func(x *Array, y any) *Array
	}{
		{"a + b", (*Array).Add}, {"a - b", (*Array).Sub}, {"a * b", (*Array).Mul}, {"a / b", (*Array).Div},
		{"np.maximum(a, b)", (*Array).Maximum}, {"np.minimum(a, b)", (*Array).Minimum},
		{"a == b", (*Array).Eq}, {"a != b", (*Array).Ne}, {"a < b", (*Array).Lt}, {"a <= b", (*Array).Le},
		{"a > b", (*Array).Gt}, {"a >= b", (*Array).Ge},
		{"a // b", (*Array).FloorDiv}, {"a % b", (*Array).Mod}, {"a & b", (*Array).And},
		{"np.arctan2(a, b)", (*Array).Arctan2},
	}
	unary := []struct {
		np string
		f  func(x *Array) *Array
	}{
		{"-a", (*Array).Neg}, {"np.abs(a)", (*Array).Abs}, {"np.sign(a)", (*Array).Sign}, {"np.square(a)", (*Array).Square},
		{"np.sqrt(a)", (*Array).Sqrt}, {"np.exp(a)", (*Array).Exp}, {"np.expm1(a)", (*Array).Expm1}, {"np.log(a)", (*Array).Log},
		{"np.log1p(a)", (*Array).Log1p}, {"np.log2(a)", (*Array).Log2}, {"np.log10(a)", (*Array).Log10},
		{"np.sin(a)", (*Array).Sin}, {"np.cos(a)", (*Array).Cos}, {"np.tan(a)", (*Array).Tan},
		{"np.arcsin(a)", (*Array).Arcsin}, {"np.arccos(a)", (*Array).Arccos}, {"np.arctan(a)", (*Array).Arctan},
		{"np.sinh(a)", (*Array).Sinh}, {"np.cosh(a)", (*Array).Cosh}, {"np.tanh(a)", (*Array).Tanh},
		{"np.arcsinh(a)", (*Array).Arcsinh}, {"np.arccosh(a)", (*Array).Arccosh}, {"np.arctanh(a)", (*Array).Arctanh},
		{"np.exp2(a)", (*Array).Exp2}, {"np.round(a)", func(x *Array) *Array { return x.Round() }},
		{"np.real(a)", (*Array).Real}, {"np.imag(a)", (*Array).Imag}, {"np.conj(a)", (*Array).Conj}, {"np.angle(a)", (*Array).Angle},
		{"np.isnan(a)", (*Array).IsNaN}, {"np.isinf(a)", (*Array).IsInf}, {"np.isfinite(a)", (*Array).IsFinite},
		{"np.floor(a)", (*Array).Floor}, {"np.cbrt(a)", (*Array).Cbrt}, {"~a", (*Array).Not},
		{"a.astype(np.int32)", func(x *Array) *Array { return x.AsType(chunk.Int32) }},
		{"a.astype(np.float32)", func(x *Array) *Array { return x.AsType(chunk.Float32) }},
		{"a.astype(bool)", func(x *Array) *Array { return x.AsType(chunk.Bool) }},
		{"a.astype(np.complex64)", func(x *Array) *Array { return x.AsType(chunk.Complex64) }},
		{"a.astype(np.complex128)", func(x *Array) *Array { return x.AsType(chunk.Complex128) }},
	}
	var checks []npCheck
	for _, dt := range []chunk.DType{chunk.Complex64, chunk.Complex128} {
		for _, c := range binary {
			for _, pt := range partners {
				// No 0-d operands: NumPy 1.24 casts those by value, chunkwise
				// by type (NumPy 2's rule).
				shape, partner := randShape(r, 1, 3, 40), []int{1}
				if p := broadcastPartner(r, shape); len(p) > 0 {
					partner = p
				}
				ad, bd := randDense(r, dt, shape), randDense(r, pt, partner)
				if r.Intn(2) == 0 {
					ad, bd = bd, ad
				}
				x, y := FromDense(ad, randSpec(r, ad.Shape())), FromDense(bd, randSpec(r, bd.Shape()))
				checks = append(checks, npCheck{what: fmt.Sprintf("%v%v, %v%v", ad.DType(), ad.Shape(), bd.DType(), bd.Shape()),
					expr: c.np, in: []*chunk.Dense{ad, bd}, got: []*Array{c.f(x, y)}, tol: tolFor(chunk.Complex64) * 4})
			}
		}
		for _, c := range unary {
			shape := randShape(r, 0, 4, 60)
			ad := randDense(r, dt, shape)
			x := FromDense(ad, randSpec(r, shape))
			checks = append(checks, npCheck{what: fmt.Sprintf("%v%v", dt, shape), expr: c.np, in: []*chunk.Dense{ad},
				got: []*Array{c.f(x)}, tol: tolFor(chunk.Complex64) * 4})
		}
		for it := 0; it < 6; it++ {
			shape := randShape(r, 1, 3, 50)
			ad := randDense(r, dt, shape)
			x := FromDense(ad, randSpec(r, shape))
			ax := r.Intn(len(shape))
			checks = append(checks,
				npCheck{what: fmt.Sprintf("sum %v%v", dt, shape), expr: "np.sum(a)", in: []*chunk.Dense{ad}, got: []*Array{x.Sum()}, tol: 1e-5},
				npCheck{what: fmt.Sprintf("mean %v%v axis %d", dt, shape, ax), expr: fmt.Sprintf("np.mean(a, axis=%d, keepdims=True)", ax), in: []*chunk.Dense{ad}, got: []*Array{x.Mean(Axis(ax), KeepDims())}, tol: 1e-5})
		}
		// Scalars: complex with real arrays, real with complex arrays (weak).
		for _, pt := range partners {
			shape := randShape(r, 1, 3, 30) // not 0-d: NumPy 1.24 casts those by value
			ad := finiteDense(r, pt, shape)
			x := FromDense(ad, randSpec(r, shape))
			checks = append(checks,
				npCheck{what: fmt.Sprintf("%v%v + 1.5-2j", pt, shape), expr: "a + (1.5-2j)", in: []*chunk.Dense{ad}, got: []*Array{x.Add(complex(1.5, -2))}, tol: 1e-5},
				npCheck{what: fmt.Sprintf("%v%v ** (0.5+1j)", pt, shape), expr: "a ** (0.5+1j)", in: []*chunk.Dense{ad}, got: []*Array{x.Pow(complex(0.5, 1))}, tol: 1e-4},
				npCheck{what: fmt.Sprintf("%v%v ** 3", pt, shape), expr: "a ** 3", in: []*chunk.Dense{ad}, got: []*Array{x.Pow(3)}, tol: 1e-5},
				npCheck{what: fmt.Sprintf("where(%v%v)", pt, shape), expr: "np.where(np.abs(a) > 1, a, 2j)", in: []*chunk.Dense{ad},
					got: []*Array{Where(x.Abs().Gt(1), x, complex(0, 2))}},
			)
		}
	}
	runNumPy(t, checks)
}

func TestComplexCreation(t *testing.T) {
	want := []complex64{1 - 2i, 1 - 2i, 1 - 2i}
	got, err := ToSlice[complex64](bg, FullComplex([]int{3}, 1-2i, chunk.Complex64, chunk.Spec{chunk.Size(2)}))
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("FullComplex: %v %v, want %v", got, err, want)
	}
	z, err := ToSlice[complex128](bg, FromSlice([]complex128{1i, 2}, []int{2}, nil).Mul(1i).Add(Ones([]int{2}, chunk.Complex128, nil)))
	if err != nil || fmt.Sprint(z) != fmt.Sprint([]complex128{0, 1 + 2i}) {
		t.Fatalf("1i*[1i 2]+1: %v %v", z, err)
	}
	checkErrCases(t, []errCase{
		{"full of a real dtype", FullComplex([]int{2}, 1i, chunk.Float64, nil), []string{"FullComplex", "float64"}},
		{"floor_divide", FromSlice([]complex64{1}, []int{1}, nil).FloorDiv(2), []string{"floor_divide", "complex"}},
		{"hypot", FromSlice([]complex64{1}, []int{1}, nil).Hypot(2), []string{"hypot", "complex"}},
		{"floor", FromSlice([]complex64{1}, []int{1}, nil).Floor(), []string{"floor", "complex"}},
		{"median", FromSlice([]complex64{1}, []int{1}, nil).Median(), []string{"median", "complex64", "not supported"}},
	})
}
