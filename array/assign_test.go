package array

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// randSlice returns a random slice index of an axis of length n and its
// Python text.
func randSlice(r *rand.Rand, n int) (Index, string) {
	bound := func() (int, string) {
		if r.Intn(4) == 0 {
			return None, "None"
		}
		v := r.Intn(2*n+5) - n - 2
		return v, fmt.Sprint(v)
	}
	s, ss := bound()
	e, es := bound()
	st := []int{1, 1, 2, 3, -1, -2}[r.Intn(6)]
	return S(s, e, st), fmt.Sprintf("%s:%s:%d", ss, es, st)
}

// randInts returns k random positions of an axis of length n > 0,
// negative ones included.
func randInts(r *rand.Rand, k, n int) []int {
	v := make([]int, k)
	for i := range v {
		v[i] = r.Intn(2*n) - n
	}
	return v
}

// randBasicIndex returns a random index of basic indices and at most one
// integer list for shape, and its Python text.
func randBasicIndex(r *rand.Rand, shape []int) ([]Index, string) {
	var idx []Index
	var py []string
	list := false
	for _, n := range shape {
		if r.Intn(5) == 0 {
			idx, py = append(idx, NewAxis()), append(py, "None")
		}
		switch k := r.Intn(6); {
		case k == 0 && n > 0:
			i := r.Intn(2*n) - n
			idx, py = append(idx, At(i)), append(py, fmt.Sprint(i))
		case k == 1 && n > 0 && !list:
			list = true
			v := randInts(r, 1+r.Intn(4), n)
			idx, py = append(idx, Ints(v...)), append(py, pyList(v))
		default:
			s, t := randSlice(r, n)
			idx, py = append(idx, s), append(py, t)
		}
	}
	if len(idx) > 0 && r.Intn(3) == 0 { // trailing axes by an ellipsis
		k := r.Intn(len(idx))
		if k < len(shape) {
			idx, py = append(idx[:k:k], Ellipsis()), append(py[:k:k], "...")
		}
	}
	if len(py) == 0 {
		return idx, "()"
	}
	return idx, "np.s_[" + strings.Join(py, ",") + ",]"
}

func TestSetAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(152))
	var checks []npCheck
	for it := range 60 {
		shape := randShape(r, 0, 3, 200)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := finiteDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		idx, key := randBasicIndex(r, shape)
		y := x.Index(idx...)
		if y.Err() != nil {
			t.Fatalf("%v %s: %v", shape, key, y.Err())
		}
		what := fmt.Sprintf("%d: %v %v chunks %v [%s]", it, dt, shape, x.Chunks(), key)
		if r.Intn(3) == 0 {
			checks = append(checks, npCheck{what: what + " = 7", expr: "setitem(a, " + key + ", 7)", in: []*chunk.Dense{d}, got: []*Array{x.Set(7, idx...)}})
			continue
		}
		vs := broadcastPartner(r, y.Shape())
		if r.Intn(4) == 0 {
			vs = append([]int{1}, vs...)
		}
		vd := finiteDense(r, []chunk.DType{chunk.Int32, chunk.Float64, chunk.Uint8}[r.Intn(3)], vs)
		v := FromDense(vd, randSpec(r, vs))
		checks = append(checks, npCheck{
			what: what + fmt.Sprintf(" = %v %v", vd.DType(), vs),
			expr: "setitem(a, " + key + ", b)", in: []*chunk.Dense{d, vd}, got: []*Array{x.Set(v, idx...)},
		})
	}
	for it := range 20 {
		// Point-wise: integer lists on every axis, broadcast together.
		shape := nonEmptyShape(r, 2, 3, 200)
		d := randDense(r, chunk.Int32, shape)
		x := FromDense(d, randSpec(r, shape))
		bshape := randShape(r, 1, 2, 8)
		var idx []Index
		var py []string
		for _, n := range shape {
			s := broadcastPartner(r, bshape)
			v := randInts(r, chunk.Prod(s), n)
			idx = append(idx, IntsShaped(s, v...))
			py = append(py, fmt.Sprintf("np.array(%s, dtype=np.int64).reshape(%s)", pyList(v), pyShape(s)))
		}
		key := "(" + strings.Join(py, ",") + ",)"
		vs := broadcastPartner(r, bshape)
		vd := finiteDense(r, chunk.Float64, vs)
		what := fmt.Sprintf("%d: points in %v chunks %v [%s]", it, shape, x.Chunks(), key)
		checks = append(checks,
			npCheck{what: what + " = b", expr: "setitem(a, " + key + ", b)", in: []*chunk.Dense{d, vd}, got: []*Array{x.Set(FromDense(vd, randSpec(r, vs)), idx...)}},
			npCheck{what: what + " = -3", expr: "setitem(a, " + key + ", -3)", in: []*chunk.Dense{d}, got: []*Array{x.Set(-3, idx...)}},
		)
	}
	for it := range 30 {
		// A 1-d boolean mask on one axis among slices and integers (Bools).
		shape := nonEmptyShape(r, 1, 3, 200)
		d := randDense(r, chunk.Int16, shape)
		x := FromDense(d, randSpec(r, shape))
		mk := r.Intn(len(shape))
		var idx []Index
		var py []string
		for a, n := range shape {
			switch {
			case a == mk:
				mask := make([]bool, n)
				var m []string
				for i := range mask {
					mask[i] = r.Intn(2) == 0
					m = append(m, map[bool]string{true: "True", false: "False"}[mask[i]])
				}
				idx, py = append(idx, Bools(mask...)), append(py, "np.array(["+strings.Join(m, ",")+"], dtype=bool)")
			case r.Intn(3) == 0:
				i := r.Intn(n)
				idx, py = append(idx, At(i)), append(py, fmt.Sprint(i))
			default:
				lo := r.Intn(n + 1)
				hi := lo + r.Intn(n-lo+1)
				idx, py = append(idx, S(lo, hi, 1)), append(py, fmt.Sprintf("%d:%d", lo, hi))
			}
		}
		key := "np.s_[" + strings.Join(py, ",") + ",]"
		what := fmt.Sprintf("%d: bools in %v chunks %v [%s]", it, shape, x.Chunks(), key)
		y := x.Index(idx...)
		vs := broadcastPartner(r, y.Shape())
		vd := finiteDense(r, chunk.Float64, vs)
		checks = append(checks,
			npCheck{what: what + " get", expr: "a[" + key + "]", in: []*chunk.Dense{d}, got: []*Array{y}},
			npCheck{what: what + " = b", expr: "setitem(a, " + key + ", b)", in: []*chunk.Dense{d, vd}, got: []*Array{x.Set(FromDense(vd, randSpec(r, vs)), idx...)}},
			npCheck{what: what + " = 5", expr: "setitem(a, " + key + ", 5)", in: []*chunk.Dense{d}, got: []*Array{x.Set(5, idx...)}},
		)
	}
	for it := range 20 {
		// Boolean masks of x's shape or of its leading axes.
		shape := randShape(r, 1, 3, 200)
		k := 1 + r.Intn(len(shape))
		d := randDense(r, chunk.Float32, shape)
		m := randDense(r, chunk.Bool, shape[:k])
		x := FromDense(d, randSpec(r, shape))
		mx := FromDense(m, randSpec(r, shape[:k]))
		what := fmt.Sprintf("%d: %v chunks %v mask %v", it, shape, x.Chunks(), shape[:k])
		checks = append(checks,
			npCheck{what: what + " = -1.5", expr: "setitem(a, b, -1.5)", in: []*chunk.Dense{d, m}, got: []*Array{x.SetMask(mx, -1.5)}},
			npCheck{what: what + " = x < 0", expr: "setitem(a, a < 0, 0)", in: []*chunk.Dense{d}, got: []*Array{x.SetMask(x.Lt(0), 0)}},
		)
	}
	runNumPy(t, checks)
}

// randAdvancedIndex returns an index of integer indices that broadcast
// together (at least one) and slices, and its Python text.
func randAdvancedIndex(r *rand.Rand, shape []int) ([]Index, string) {
	bshape := randShape(r, 0, 2, 12)
	var idx []Index
	var py []string
	ints := 0
	for a, n := range shape {
		if n == 0 || r.Intn(3) == 0 && !(ints == 0 && a == len(shape)-1) {
			s, t := randSlice(r, max(n, 1))
			idx, py = append(idx, s), append(py, t)
			continue
		}
		ints++
		switch k := r.Intn(3); {
		case k == 0:
			i := r.Intn(2*n) - n
			idx, py = append(idx, At(i)), append(py, fmt.Sprint(i))
		default:
			s := broadcastPartner(r, bshape)
			v := randInts(r, chunk.Prod(s), n)
			idx = append(idx, IntsShaped(s, v...))
			py = append(py, fmt.Sprintf("np.array(%s, dtype=np.int64).reshape(%s)", pyList(v), pyShape(s)))
		}
	}
	if len(py) == 0 {
		return idx, "()"
	}
	return idx, "np.s_[" + strings.Join(py, ",") + ",]"
}

func TestVindexAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(153))
	var checks []npCheck
	for it := range 60 {
		shape := randShape(r, 1, 3, 300)
		if chunk.Prod(shape) == 0 && r.Intn(2) == 0 {
			shape[0] = 3
		}
		d := randDense(r, chunk.Int16, shape)
		x := FromDense(d, randSpec(r, shape))
		idx, key := randAdvancedIndex(r, shape)
		if chunk.Prod(shape) == 0 && !strings.Contains(key, "np.") && !strings.ContainsAny(key, "0123456789") {
			continue
		}
		what := fmt.Sprintf("%d: %v chunks %v [%s]", it, shape, x.Chunks(), key)
		// Index follows NumPy; Vindex puts the broadcast axes first (Dask).
		checks = append(checks,
			npCheck{what: what, expr: "a[" + key + "]", in: []*chunk.Dense{d}, got: []*Array{x.Index(idx...)}},
			npCheck{what: "vindex " + what, in: []*chunk.Dense{d}, got: []*Array{x.Vindex(idx...)},
				expr: "vindex(a, " + key + ")"},
		)
	}
	runNumPy(t, checks)
}

func TestNonzeroChooseSelectAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(154))
	var checks []npCheck
	for it := range 30 {
		shape := randShape(r, 1, 3, 300)
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		what := fmt.Sprintf("%d: %v %v chunks %v", it, dt, shape, x.Chunks())
		cd := randDense(r, chunk.DTypes[r.Intn(len(chunk.DTypes))], shape)
		checks = append(checks,
			npCheck{what: "argwhere " + what, expr: "np.argwhere(a)", in: []*chunk.Dense{d}, got: []*Array{x.Argwhere()}},
			npCheck{what: "nonzero " + what, expr: "np.nonzero(a)", in: []*chunk.Dense{d}, got: x.Nonzero()},
			npCheck{what: "extract " + what, expr: "np.extract(b, a)", in: []*chunk.Dense{d, cd}, got: []*Array{Extract(FromDense(cd, randSpec(r, shape)), x)}},
		)

		// Choose among three broadcast choices of different dtypes.
		as := randShape(r, 0, 3, 200)
		ad := chunk.NewDense(chunk.Uint8, as)
		for i, v := range chunk.Values[uint8](ad) {
			chunk.Values[uint8](ad)[i] = v + uint8(r.Intn(3))
		}
		var chs []*Array
		in := []*chunk.Dense{ad}
		for range 3 {
			s := broadcastPartner(r, as)
			if len(s) == 0 { // NumPy 1.24 treats 0-d choices by value
				s = []int{1}
			}
			c := randDense(r, []chunk.DType{chunk.Int8, chunk.Float32, chunk.Int32}[r.Intn(3)], s)
			in = append(in, c)
			chs = append(chs, FromDense(c, randSpec(r, s)))
		}
		checks = append(checks, npCheck{what: fmt.Sprintf("choose %d: %v", it, as), expr: "np.choose(a, [b, c, d])", in: in,
			got: []*Array{Choose(FromDense(ad, randSpec(r, as)), chs...)}})

		// Select with array and scalar choices.
		ss := randShape(r, 0, 3, 200)
		c1, c2 := randDense(r, chunk.Bool, ss), randDense(r, chunk.Bool, broadcastPartner(r, ss))
		v1 := randDense(r, chunk.Int16, broadcastPartner(r, ss))
		sel := Select([]*Array{FromDense(c1, randSpec(r, c1.Shape())), FromDense(c2, randSpec(r, c2.Shape()))},
			[]any{FromDense(v1, randSpec(r, v1.Shape())), 2.5}, -1)
		checks = append(checks, npCheck{what: fmt.Sprintf("select %d: %v", it, ss), expr: "np.select([a, b], [c, 2.5], -1)", in: []*chunk.Dense{c1, c2, v1}, got: []*Array{sel}})
	}
	runNumPy(t, checks)
}

func TestAssignIndexErrors(t *testing.T) {
	x := Arange(0, 24, 1, chunk.Int64, chunk.Regular(5)).Reshape(4, 6)
	checkErrCases(t, []errCase{
		{"set bad value shape", x.Set(Ones([]int{3}, chunk.Float64, nil), S(0, 2, 1)), []string{"setitem", "could not broadcast input array from shape (3,) into shape (2,6)"}},
		{"set bad index", x.Set(1, At(4)), []string{"setitem", "index 4 is out of bounds"}},
		{"set bools length", x.Set(1, All(), Bools(true, false)), []string{"setitem", "boolean index did not match indexed array along axis 1; size of axis is 6 but size of corresponding boolean axis is 2"}},
		{"index bools length", x.Index(Bools(true)), []string{"getitem", "size of axis is 4 but size of corresponding boolean axis is 1"}},
		{"set two lists and a slice", x.Reshape(2, 2, 6).Set(1, Ints(0, 1), Ints(0, 1), S(0, 2, 1)), []string{"setitem", "several integer lists together with slices"}},
		{"set value type", x.Set("a", At(0)), []string{"setitem", "string"}},
		{"setmask dtype", x.SetMask(x, 0), []string{"setitem", "bool"}},
		{"setmask shape", x.SetMask(Ones([]int{3}, chunk.Bool, nil), 0), []string{"setitem", "size of axis is 4", "boolean axis is 3"}},
		{"vindex no ints", x.Vindex(All()), []string{"vindex", "no integer index"}},
		{"vindex newaxis", x.Vindex(NewAxis(), Ints(0)), []string{"vindex", "NewAxis"}},
		{"vindex bounds", x.Vindex(Ints(0), Ints(6)), []string{"vindex", "index 6 is out of bounds for axis 1 with size 6"}},
		{"vindex shape", x.Vindex(IntsShaped([]int{2, 2}, 0, 1, 2)), []string{"vindex", "shape [2 2] does not hold 3"}},
		{"index broadcast", x.Index(Ints(0, 1), Ints(0, 1, 2)), []string{"getitem", "shape mismatch", "(2,) (3,)"}},
		{"nonzero 0-d", x.Sum().Nonzero()[0], []string{"nonzero", "0d"}},
		{"extract shape", Extract(x.Gt(3).Index(At(0)), x), []string{"extract", "[6]", "[4 6]"}},
		{"choose float", Choose(x.AsType(chunk.Float64), x), []string{"choose", "float64", "safe"}},
		{"choose none", Choose(x), []string{"choose", "no choices"}},
		{"select lengths", Select([]*Array{x.Gt(1)}, nil, 0), []string{"select", "same length"}},
		{"select empty", Select(nil, nil, 0), []string{"select", "empty"}},
		{"select bool", Select([]*Array{x}, []any{1}, 0), []string{"select", "invalid entry 0 in condlist"}},
	})
	if _, err := Choose(x.Index(S(0, 1, 1)), x, x).Compute(bg); err == nil || !strings.Contains(err.Error(), "invalid entry 2 in choice array") {
		t.Errorf("choose out of range: %v", err)
	}
}
