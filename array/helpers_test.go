package array

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// mathDTypes are the dtypes whose float ufunc results NumPy and
// chunkwise give in the same dtype (8-bit inputs give NumPy's float16).
var mathDTypes = []chunk.DType{chunk.Int16, chunk.Int32, chunk.Int64, chunk.Uint16, chunk.Uint32, chunk.Float32, chunk.Float64}

func TestUfuncsAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(155))
	var checks []npCheck
	for it := range 30 {
		// NumPy 1.24 casts 0-d operands by value: keep them 1-d.
		shape := randShape(r, 1, 3, 200)
		dt := mathDTypes[r.Intn(len(mathDTypes))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		ys := broadcastPartner(r, shape)
		if len(ys) == 0 {
			ys = []int{1}
		}
		e := randDense(r, mathDTypes[r.Intn(len(mathDTypes))], ys)
		y := FromDense(e, randSpec(r, ys))
		what := fmt.Sprintf("%d: %v %v %v %v", it, dt, shape, e.DType(), ys)
		one := func(name, expr string, got *Array) npCheck {
			return npCheck{what: name + " " + what, expr: expr, in: []*chunk.Dense{d, e}, got: []*Array{got}, tol: 1e-5}
		}
		checks = append(checks,
			one("arctan2", "np.arctan2(a, b)", x.Arctan2(y)),
			one("hypot", "np.hypot(a, b)", x.Hypot(y)),
			one("logaddexp", "np.logaddexp(a, b)", x.Logaddexp(y)),
			one("arcsinh", "np.arcsinh(a)", x.Arcsinh()),
			one("arccosh", "np.arccosh(a)", x.Arccosh()),
			one("arctanh", "np.arctanh(a / 10)", x.Div(10).Arctanh()),
			one("exp2", "np.exp2(a)", x.Exp2()),
			one("cbrt", "np.cbrt(a)", x.Cbrt()),
			one("deg2rad", "np.deg2rad(a)", x.Deg2rad()),
			one("rad2deg", "np.rad2deg(a)", x.Rad2deg()),
			one("nan_to_num", "np.nan_to_num(a)", x.NanToNum(0, math.Inf(1), math.Inf(-1))),
			one("nan_to_num values", "np.nan_to_num(a, nan=-1.5, posinf=7, neginf=-8)", x.NanToNum(-1.5, 7, -8)),
			one("round 1", "np.round(a, 1)", x.Round(1)),
			one("round -1", "np.round(a, -1)", x.Round(-1)),
			one("isclose", "np.isclose(a, b, rtol=0.5, atol=0.1)", Isclose(x, y, 0.5, 0.1, false)),
			one("isclose nan", "np.isclose(a, a, equal_nan=True)", Isclose(x, x, 1e-5, 1e-8, true)),
			one("allclose", "np.array(np.allclose(a, b + 0.001*a, rtol=0.01))", Allclose(x, y.Add(x.Mul(0.001)), 0.01, 1e-8, false)),
		)
		// Shifts of integers by counts from 0 to 70.
		it8 := []chunk.DType{chunk.Int8, chunk.Int16, chunk.Int32, chunk.Int64, chunk.Uint8, chunk.Uint32, chunk.Uint64}[r.Intn(7)]
		si := randDense(r, it8, shape)
		cnt := chunk.NewDense(chunk.Uint8, ys)
		for i := range chunk.Values[uint8](cnt) {
			chunk.Values[uint8](cnt)[i] = uint8(r.Intn(71))
		}
		sx, sc := FromDense(si, randSpec(r, shape)), FromDense(cnt, randSpec(r, ys))
		checks = append(checks,
			npCheck{what: "left_shift " + what, expr: "np.left_shift(a, b)", in: []*chunk.Dense{si, cnt}, got: []*Array{sx.LeftShift(sc)}},
			npCheck{what: "right_shift " + what, expr: "np.right_shift(a, b)", in: []*chunk.Dense{si, cnt}, got: []*Array{sx.RightShift(sc)}},
			// One count for every element: the loop without a branch.
			npCheck{what: "left_shift 3 " + what, expr: "np.left_shift(a, 3)", in: []*chunk.Dense{si}, got: []*Array{sx.LeftShift(3)}},
			npCheck{what: "right_shift 5 " + what, expr: "np.right_shift(a, 5)", in: []*chunk.Dense{si}, got: []*Array{sx.RightShift(5)}},
			npCheck{what: "right_shift 0 " + what, expr: "np.right_shift(a, 0)", in: []*chunk.Dense{si}, got: []*Array{sx.RightShift(0)}},
		)
	}
	runNumPy(t, checks)
}

func TestHelpersAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(156))
	var checks []npCheck
	add := func(what, expr string, in []*chunk.Dense, got ...*Array) {
		checks = append(checks, npCheck{what: what, expr: expr, in: in, got: got})
	}
	for it := range 25 {
		shape := randShape(r, 0, 3, 200)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		in := []*chunk.Dense{d}
		what := fmt.Sprintf("%d: %v %v chunks %v", it, dt, shape, x.Chunks())

		// Broadcasting to a bigger shape.
		big := append(randShape(r, 0, 2, 6), shape...)
		for a := range shape {
			if shape[a] == 1 && r.Intn(2) == 0 {
				big[len(big)-len(shape)+a] = r.Intn(4)
			}
		}
		add("broadcast_to "+what, fmt.Sprintf("np.broadcast_to(a, %s)", pyShape(big)), in, x.BroadcastTo(big...))
		e := randDense(r, chunk.Int8, broadcastPartner(r, shape))
		add("broadcast_arrays "+what, "np.broadcast_arrays(a, b)", []*chunk.Dense{d, e}, BroadcastArrays(x, FromDense(e, randSpec(r, e.Shape())))...)
		add("full_like "+what, "np.full_like(a, 3)", in, FullLike(x, 3))
		add("zeros_like "+what, "np.zeros_like(a)", in, ZerosLike(x))
		add("ones_like "+what, "np.ones_like(a)", in, OnesLike(x))
		add("atleast_1d "+what, "np.atleast_1d(a)", in, x.AtLeast1D())
		add("atleast_2d "+what, "np.atleast_2d(a)", in, x.AtLeast2D())
		add("atleast_3d "+what, "np.atleast_3d(a)", in, x.AtLeast3D())
		add("hstack "+what, "np.hstack([a, a])", in, HStack([]*Array{x, x}))
		add("vstack "+what, "np.vstack([a, a])", in, VStack([]*Array{x, x}))
		add("dstack "+what, "np.dstack([a, a])", in, DStack([]*Array{x, x}))
		if len(shape) > 0 {
			ax := r.Intn(len(shape))
			sec := 1 + r.Intn(4)
			add("array_split "+what, fmt.Sprintf("np.array_split(a, %d, axis=%d)", sec, ax), in, x.ArraySplit(sec, ax)...)
			cut := randInts(r, 2, shape[ax]+3)
			add("split at "+what, fmt.Sprintf("np.split(a, %s, axis=%d)", pyList(cut), ax), in, x.SplitAt(cut, ax)...)
			if shape[ax]%sec == 0 {
				add("split "+what, fmt.Sprintf("np.split(a, %d, axis=%d)", sec, ax), in, x.Split(sec, ax)...)
			} else if p := x.Split(sec, ax); len(p) != 1 || p[0].Err() == nil || !strings.Contains(p[0].Err().Error(), "equal division") {
				t.Errorf("split of %v into %d: %v", shape, sec, p)
			}
			shifts := randInts(r, 2, 7)
			axes := []int{r.Intn(len(shape)), r.Intn(len(shape))}
			add("roll axes "+what, fmt.Sprintf("np.roll(a, %s, axis=%s)", pyList(shifts), pyList(axes)), in, x.RollAxes(shifts, axes))
		}
		if len(shape) >= 2 {
			k := r.Intn(9) - 4
			add("rot90 "+what, fmt.Sprintf("np.rot90(a, %d, axes=(1, 0))", k), in, x.Rot90(k, 1, 0))
			add("tril "+what, fmt.Sprintf("np.tril(a, %d)", k), in, x.Tril(k))
			add("triu "+what, fmt.Sprintf("np.triu(a, %d)", k), in, x.Triu(k))
			a1, a2 := r.Intn(len(shape)), r.Intn(len(shape))
			if a1 != a2 {
				add("diagonal "+what, fmt.Sprintf("np.diagonal(a, %d, %d, %d)", k, a1, a2), in, x.Diagonal(k, a1, a2))
				add("trace "+what, fmt.Sprintf("np.trace(a, %d, %d, %d)", k, a1, a2), in, x.Trace(k, a1, a2))
			}
			src, dst := []int{0, -1}, []int{len(shape) - 1, 0}
			add("moveaxes "+what, "np.moveaxis(a, [0, -1], "+pyList(dst)+")", in, x.MoveAxes(src, dst))
		}
		if len(shape) <= 2 && dt != chunk.Bool {
			k := r.Intn(7) - 3
			add("diag "+what, fmt.Sprintf("np.diag(a, %d)", k), in, x.Diag(k))
		}
		// Creation from shapes.
		n, m, k := r.Intn(6), r.Intn(6), r.Intn(7)-3
		add(fmt.Sprintf("tri %d %d %d", n, m, k), fmt.Sprintf("np.tri(%d, %d, %d, dtype=np.int32)", n, max(m, 0), k), nil, Tri(n, max(m, 0), k, chunk.Int32, chunk.Regular(2, 3)).Index(All(), S(0, max(m, 0), 1)))
		is := randShape(r, 1, 3, 100)
		add(fmt.Sprintf("indices %v", is), fmt.Sprintf("np.indices(%s)", pyShape(is)), nil, Indices(is, chunk.Int64, randSpec(r, is)))
		add(fmt.Sprintf("fromfunction %v", is), fmt.Sprintf("np.fromfunction(lambda *i: sum((j + 1) * v for j, v in enumerate(i)), %s, dtype=np.float32)", pyShape(is)), nil,
			FromFunction(func(i ...*Array) *Array {
				s := i[0]
				for j, v := range i[1:] {
					s = s.Add(v.Mul(j + 2))
				}
				return s
			}, is, chunk.Float32, randSpec(r, is)))
		v1, v2 := randDense(r, chunk.Float64, []int{r.Intn(5)}), randDense(r, chunk.Int16, []int{r.Intn(5)})
		g1, g2 := FromDense(v1, randSpec(r, v1.Shape())), FromDense(v2, randSpec(r, v2.Shape()))
		add("meshgrid xy", "np.meshgrid(a, b)", []*chunk.Dense{v1, v2}, Meshgrid("xy", g1, g2)...)
		add("meshgrid ij", "np.meshgrid(a, b, a, indexing='ij')", []*chunk.Dense{v1, v2}, Meshgrid("ij", g1, g2, g1)...)
		num := r.Intn(12)
		add(fmt.Sprintf("linspace int %d", num), fmt.Sprintf("np.linspace(-3.5, 20, %d, dtype=np.int16)", num), nil, Linspace(-3.5, 20, num, true, chunk.Regular(3), chunk.Int16))
	}
	runNumPy(t, checks)
}

func TestHelperErrors(t *testing.T) {
	x := Ones([]int{4, 6}, chunk.Float64, chunk.Regular(2, 3))
	v := Ones([]int{3}, chunk.Float64, nil)
	checkErrCases(t, []errCase{
		{"arctan2 shapes", x.Arctan2(v), []string{"arctan2", "broadcast"}},
		{"shift float", x.LeftShift(1), []string{"left_shift", "not supported", "float64"}},
		{"round args", x.Round(1, 2), []string{"round", "at most one"}},
		{"broadcast_to", x.BroadcastTo(3, 6), []string{"broadcast_to", "(4,6)", "(3,6)"}},
		{"broadcast_to fewer", x.BroadcastTo(6), []string{"broadcast_to"}},
		{"broadcast_arrays", BroadcastArrays(x, v)[0], []string{"broadcast_arrays"}},
		{"split sections", x.Split(0, 0)[0], []string{"split", "larger than 0"}},
		{"split axis", x.ArraySplit(2, 2)[0], []string{"array_split", "axis 2"}},
		{"rot90 axes", x.Rot90(1, 0, 0), []string{"rot90", "different"}},
		{"rot90 range", x.Rot90(1, 0, 5), []string{"rot90", "out of range"}},
		{"moveaxes len", x.MoveAxes([]int{0}, []int{0, 1}), []string{"moveaxis", "same number"}},
		{"moveaxes repeat", x.MoveAxes([]int{0, 0}, []int{0, 1}), []string{"moveaxis", "repeated axis"}},
		{"roll axes", x.RollAxes([]int{1, 2}, []int{0}), []string{"roll", "2 shifts for 1 axes"}},
		{"meshgrid", Meshgrid("yx", v)[0], []string{"meshgrid", "'xy' and 'ij'"}},
		{"tril 1-d", v.Tril(0), []string{"tril", "at least 2-d"}},
		{"diagonal same", x.Diagonal(0, 1, -1), []string{"diagonal", "cannot be the same"}},
		{"diagonal 1-d", v.Diagonal(0, 0, 1), []string{"diagonal", "two dimensions"}},
		{"diag 3-d", x.Reshape(2, 2, 6).Diag(0), []string{"diag", "1- or 2-d"}},
		{"tri", Tri(-1, 2, 0, chunk.Int8, nil), []string{"tri", "negative"}},
		{"fromfunction", FromFunction(nil, []int{2}, chunk.Int8, nil), []string{"fromfunction", "nil"}},
	})
}
