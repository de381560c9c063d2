package array

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

var bg = context.Background()

// ---- reference semantics of one element ----

// npyDivmod is NumPy's float floor division and remainder (npy_divmod).
func npyDivmod(a, b float64) (float64, float64) {
	mod := math.Mod(a, b)
	if b == 0 {
		return a / b, mod
	}
	div := (a - mod) / b
	if mod != 0 {
		if (b < 0) != (mod < 0) {
			mod += b
			div -= 1
		}
	} else {
		mod = math.Copysign(0, b)
	}
	var fd float64
	if div != 0 {
		fd = math.Floor(div)
		if div-fd > 0.5 {
			fd++
		}
	} else {
		fd = math.Copysign(0, a/b)
	}
	return fd, mod
}

func boolNum(b bool) num { return num{dt: chunk.Bool, b: b} }

// binNum applies a binary op to two elements of one dtype, NumPy style;
// integer results are exact in 64 bits and wrap when stored.
func binNum(op string, x, y num) num {
	dt := x.dt
	switch dt.Kind() {
	case chunk.KindComplex:
		if op == "add" { // the only op the structural tests need of complex
			c := x.c + y.c
			return num{dt: dt, f: real(c), c: c}
		}
	case chunk.KindBool:
		a, b := x.b, y.b
		ai, bi := 0, 0
		if a {
			ai = 1
		}
		if b {
			bi = 1
		}
		switch op {
		case "add", "maximum", "or":
			return boolNum(a || b)
		case "multiply", "minimum", "and":
			return boolNum(a && b)
		case "xor", "ne":
			return boolNum(a != b)
		case "eq":
			return boolNum(a == b)
		case "lt":
			return boolNum(ai < bi)
		case "le":
			return boolNum(ai <= bi)
		case "gt":
			return boolNum(ai > bi)
		case "ge":
			return boolNum(ai >= bi)
		}
	case chunk.KindInt:
		a, b := x.i, y.i
		r := num{dt: dt}
		switch op {
		case "add":
			r.i = a + b
		case "subtract":
			r.i = a - b
		case "multiply":
			r.i = a * b
		case "floor_divide":
			if b != 0 {
				r.i = a / b
				if a%b != 0 && (a < 0) != (b < 0) {
					r.i--
				}
			}
		case "mod":
			if b != 0 {
				r.i = a % b
				if r.i != 0 && (r.i < 0) != (b < 0) {
					r.i += b
				}
			}
		case "power":
			r.i = 1
			for k := int64(0); k < b; k++ {
				r.i *= a
			}
		case "maximum":
			r.i = max(a, b)
		case "minimum":
			r.i = min(a, b)
		case "and":
			r.i = a & b
		case "or":
			r.i = a | b
		case "xor":
			r.i = a ^ b
		default:
			return cmpNum(op, float64(a), float64(b), a < b, a == b)
		}
		return r
	case chunk.KindUint:
		a, b := x.u, y.u
		r := num{dt: dt}
		switch op {
		case "add":
			r.u = a + b
		case "subtract":
			r.u = a - b
		case "multiply":
			r.u = a * b
		case "floor_divide":
			if b != 0 {
				r.u = a / b
			}
		case "mod":
			if b != 0 {
				r.u = a % b
			}
		case "power":
			r.u = 1
			for k := uint64(0); k < b; k++ {
				r.u *= a
			}
		case "maximum":
			r.u = max(a, b)
		case "minimum":
			r.u = min(a, b)
		case "and":
			r.u = a & b
		case "or":
			r.u = a | b
		case "xor":
			r.u = a ^ b
		default:
			return cmpNum(op, 0, 0, a < b, a == b)
		}
		return r
	case chunk.KindFloat:
		a, b := x.f, y.f
		r := num{dt: dt}
		switch op {
		case "add":
			r.f = a + b
		case "subtract":
			r.f = a - b
		case "multiply":
			r.f = a * b
		case "true_divide":
			r.f = a / b
		case "floor_divide":
			r.f, _ = npyDivmod(a, b)
		case "mod":
			_, r.f = npyDivmod(a, b)
		case "power":
			r.f = math.Pow(a, b)
		case "maximum":
			r.f = max(a, b)
		case "minimum":
			r.f = min(a, b)
		default:
			return cmpNum(op, a, b, a < b, a == b)
		}
		if dt == chunk.Float32 {
			r.f = float64(float32(r.f))
		}
		return r
	}
	panic("binNum: " + op + " on " + dt.String())
}

func cmpNum(op string, _, _ float64, lt, eq bool) num {
	switch op {
	case "eq":
		return boolNum(eq)
	case "ne":
		return boolNum(!eq)
	case "lt":
		return boolNum(lt)
	case "le":
		return boolNum(lt || eq)
	case "gt":
		return boolNum(!lt && !eq && !(op == "" /*never*/))
	case "ge":
		return boolNum(!lt)
	}
	panic("cmpNum: " + op)
}

// cmpFloat handles comparisons with NaN, which are all false but ne.
func cmpFloat(op string, a, b float64) num {
	switch op {
	case "eq":
		return boolNum(a == b)
	case "ne":
		return boolNum(a != b)
	case "lt":
		return boolNum(a < b)
	case "le":
		return boolNum(a <= b)
	case "gt":
		return boolNum(a > b)
	case "ge":
		return boolNum(a >= b)
	}
	panic(op)
}

// ---- binary operations ----

type binCase struct {
	name string // NumPy's name, as in error messages
	ref  string // binNum's name
	f    func(x *Array, y any) *Array
	kind binaryKind
}

var binCases = []binCase{
	{"add", "add", (*Array).Add, arith},
	{"subtract", "subtract", (*Array).Sub, arith},
	{"multiply", "multiply", (*Array).Mul, arith},
	{"true_divide", "true_divide", (*Array).Div, trueDiv},
	{"floor_divide", "floor_divide", (*Array).FloorDiv, arith},
	{"mod", "mod", (*Array).Mod, arith},
	{"power", "power", (*Array).Pow, arith},
	{"maximum", "maximum", (*Array).Maximum, arith},
	{"minimum", "minimum", (*Array).Minimum, arith},
	{"equal", "eq", (*Array).Eq, comparison},
	{"not_equal", "ne", (*Array).Ne, comparison},
	{"less", "lt", (*Array).Lt, comparison},
	{"less_equal", "le", (*Array).Le, comparison},
	{"greater", "gt", (*Array).Gt, comparison},
	{"greater_equal", "ge", (*Array).Ge, comparison},
	{"bitwise_and", "and", (*Array).And, bitwise},
	{"bitwise_or", "or", (*Array).Or, bitwise},
	{"bitwise_xor", "xor", (*Array).Xor, bitwise},
}

// binDTypes returns the dtype NumPy computes c in for operands of dtypes
// a and b and the result dtype, or ok false when NumPy refuses them.
func binDTypes(c binCase, a, b chunk.DType) (ct, rt chunk.DType, ok bool) {
	p := numpyAdd[[2]chunk.DType{a, b}]
	switch c.kind {
	case trueDiv:
		p = numpyTrueDivide[[2]chunk.DType{a, b}]
		return p, p, true
	case comparison:
		return p, chunk.Bool, true
	case bitwise:
		return p, p, !p.IsFloat()
	}
	if p == chunk.Bool {
		switch c.name {
		case "subtract":
			return 0, 0, false
		case "floor_divide", "mod", "power":
			return chunk.Int8, chunk.Int8, true
		}
	}
	return p, p, true
}

// refBinary computes c over a and b (broadcast) in dtype ct, giving rt.
func refBinary(c binCase, ct, rt chunk.DType, a, b *chunk.Dense) *chunk.Dense {
	ac, bc := refCast(a, ct), refCast(b, ct)
	return refMap(rt, []*chunk.Dense{ac, bc}, func(_ int, pos []int) num {
		x, y := at(ac, pos[0]), at(bc, pos[1])
		if ct.IsFloat() && c.kind == comparison {
			return cmpFloat(c.ref, x.f, y.f)
		}
		return binNum(c.ref, x, y)
	})
}

// nonNegative replaces d's values by |v| mod 4 (exponents for integer
// powers, which NumPy refuses to raise to negative powers).
func nonNegative(d *chunk.Dense) {
	for p := 0; p < d.Len(); p++ {
		n := at(d, p)
		switch n.dt.Kind() {
		case chunk.KindInt:
			n.i = max(n.i, -n.i) % 4
		case chunk.KindUint:
			n.u %= 4
		case chunk.KindFloat:
			n.f = math.Mod(math.Abs(n.f), 4)
		}
		setNum(d, p, n)
	}
}

// broadcastPartner returns a shape that broadcasts with shape: some
// leading axes dropped, some axes set to 1.
func broadcastPartner(r *rand.Rand, shape []int) []int {
	s := append([]int(nil), shape[r.Intn(len(shape)+1):]...)
	for a := range s {
		if r.Intn(3) == 0 {
			s[a] = 1
		}
	}
	if r.Intn(2) == 0 {
		return s
	}
	// Or the other way round: the partner is the bigger one.
	return s
}

func TestBinaryAllDTypesAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, c := range binCases {
		for _, da := range refDTypes {
			for _, db := range refDTypes {
				shape := randShape(r, 0, 4, 60)
				bshape := broadcastPartner(r, shape)
				if r.Intn(2) == 0 {
					shape, bshape = bshape, shape
				}
				ad, bd := randDense(r, da, shape), randDense(r, db, bshape)
				ct, rt, ok := binDTypes(c, da, db)
				if c.name == "power" && ct.IsInteger() {
					nonNegative(bd)
				}
				x, y := FromDense(ad, randSpec(r, shape)), FromDense(bd, randSpec(r, bshape))
				what := fmt.Sprintf("%s(%v%v, %v%v)", c.name, da, shape, db, bshape)
				var z *Array
				mustNotPanic(t, what, func() { z = c.f(x, y) })
				if !ok {
					if z.Err() == nil || !strings.Contains(z.Err().Error(), c.name) {
						t.Fatalf("%s: err %v, want an error naming %s", what, z.Err(), c.name)
					}
					if _, err := z.Compute(bg); err == nil {
						t.Fatalf("%s: Compute succeeded on an invalid array", what)
					}
					continue
				}
				if z.Err() != nil {
					t.Fatalf("%s: %v", what, z.Err())
				}
				if z.DType() != rt {
					t.Fatalf("%s: dtype %v, NumPy gives %v", what, z.DType(), rt)
				}
				got, err := z.Compute(bg)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				tol := 0.0
				// power's float loop (vec.PowFloat64) is within a few ulp of
				// math.Pow, as exp and log are of theirs: the unary functions' tolerance.
				if ct == chunk.Float32 && (c.name == "floor_divide" || c.name == "mod") || ct.IsFloat() && c.name == "power" {
					tol = tolFor(ct)
				}
				checkDense(t, what, got, refBinary(c, ct, rt, ad, bd), tol)
			}
		}
	}
}

func TestBinaryScalarOperands(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	scalars := []any{true, 3, 2.5}
	for _, c := range binCases {
		for _, dt := range refDTypes {
			for si, s := range scalars {
				shape := randShape(r, 0, 3, 40)
				ad := randDense(r, dt, shape)
				// The scalar's NumPy dtype as a weak operand.
				sdt := numpyScalar[dt][si]
				ct, rt := sdt, sdt
				ok := true
				switch c.kind {
				case trueDiv:
					ct = chunk.FloatResult(sdt)
					rt = ct
				case comparison:
					rt = chunk.Bool
				case bitwise:
					ok = !sdt.IsFloat()
				case arith:
					if sdt == chunk.Bool {
						switch c.name {
						case "subtract":
							ok = false
						case "floor_divide", "mod", "power":
							ct, rt = chunk.Int8, chunk.Int8
						}
					}
				}
				x := FromDense(ad, randSpec(r, shape))
				what := fmt.Sprintf("%s(%v%v, %v)", c.name, dt, shape, s)
				z := c.f(x, s)
				if !ok {
					if z.Err() == nil {
						t.Fatalf("%s: no error", what)
					}
					continue
				}
				if z.Err() != nil {
					t.Fatalf("%s: %v", what, z.Err())
				}
				if z.DType() != rt {
					t.Fatalf("%s: dtype %v, NumPy gives %v", what, z.DType(), rt)
				}
				got, err := z.Compute(bg)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				sd := scalarDense(s)
				tol := 0.0
				if ct == chunk.Float32 || ct.IsFloat() && c.name == "power" {
					tol = tolFor(ct)
				}
				checkDense(t, what, got, refBinary(c, ct, rt, ad, sd), tol)
			}
		}
	}
}

func scalarDense(s any) *chunk.Dense {
	switch v := s.(type) {
	case bool:
		d, _ := chunk.FromSlice([]int{}, []bool{v})
		return d
	case int:
		d, _ := chunk.FromSlice([]int{}, []int64{int64(v)})
		return d
	case float64:
		d, _ := chunk.FromSlice([]int{}, []float64{v})
		return d
	}
	panic(s)
}

// ---- unary operations ----

type unCase struct {
	name string
	f    func(*Array) *Array
	kind unaryKind
	fn   func(float64) float64 // for float math
}

var unCases = []unCase{
	{"negative", (*Array).Neg, signedOnly, nil},
	{"absolute", (*Array).Abs, sameType, nil},
	{"sign", (*Array).Sign, signedOnly, nil},
	{"square", (*Array).Square, sameType, nil},
	{"invert", (*Array).Not, boolOrInt, nil},
	{"sqrt", (*Array).Sqrt, floatMath, math.Sqrt},
	{"exp", (*Array).Exp, floatMath, math.Exp},
	{"expm1", (*Array).Expm1, floatMath, math.Expm1},
	{"log", (*Array).Log, floatMath, math.Log},
	{"log1p", (*Array).Log1p, floatMath, math.Log1p},
	{"log2", (*Array).Log2, floatMath, math.Log2},
	{"log10", (*Array).Log10, floatMath, math.Log10},
	{"sin", (*Array).Sin, floatMath, math.Sin},
	{"cos", (*Array).Cos, floatMath, math.Cos},
	{"tan", (*Array).Tan, floatMath, math.Tan},
	{"arcsin", (*Array).Arcsin, floatMath, math.Asin},
	{"arccos", (*Array).Arccos, floatMath, math.Acos},
	{"arctan", (*Array).Arctan, floatMath, math.Atan},
	{"sinh", (*Array).Sinh, floatMath, math.Sinh},
	{"cosh", (*Array).Cosh, floatMath, math.Cosh},
	{"tanh", (*Array).Tanh, floatMath, math.Tanh},
	{"floor", (*Array).Floor, floatMath, math.Floor},
	{"ceil", (*Array).Ceil, floatMath, math.Ceil},
	{"round", func(x *Array) *Array { return x.Round() }, floatMath, math.RoundToEven},
	{"trunc", (*Array).Trunc, floatMath, math.Trunc},
	{"isnan", (*Array).IsNaN, predicate, nil},
	{"isinf", (*Array).IsInf, predicate, nil},
	{"isfinite", (*Array).IsFinite, predicate, nil},
}

// unNum applies a same-dtype unary op to one element.
func unNum(op string, x num) num {
	r := x
	switch x.dt.Kind() {
	case chunk.KindBool:
		switch op {
		case "invert":
			r.b = !x.b
		}
	case chunk.KindInt:
		switch op {
		case "negative":
			r.i = -x.i
		case "absolute":
			r.i = max(x.i, -x.i)
		case "sign":
			r.i = map[bool]int64{true: 1, false: 0}[x.i > 0] - map[bool]int64{true: 1, false: 0}[x.i < 0]
		case "square":
			r.i = x.i * x.i
		case "invert":
			r.i = ^x.i
		}
	case chunk.KindUint:
		switch op {
		case "negative":
			r.u = -x.u
		case "sign":
			r.u = min(x.u, 1)
		case "square":
			r.u = x.u * x.u
		case "invert":
			r.u = ^x.u
		}
	case chunk.KindFloat:
		switch op {
		case "negative":
			r.f = -x.f
		case "absolute":
			r.f = math.Abs(x.f)
		case "sign":
			switch {
			case x.f > 0:
				r.f = 1
			case x.f < 0:
				r.f = -1
			}
		case "square":
			r.f = x.f * x.f
		}
		if x.dt == chunk.Float32 {
			r.f = float64(float32(r.f))
		}
	}
	return r
}

func TestUnaryAllDTypesAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, c := range unCases {
		for _, dt := range refDTypes {
			shape := randShape(r, 0, 4, 80)
			ad := randDense(r, dt, shape)
			x := FromDense(ad, randSpec(r, shape))
			what := fmt.Sprintf("%s(%v%v)", c.name, dt, shape)
			var z *Array
			mustNotPanic(t, what, func() { z = c.f(x) })
			bad := (c.kind == signedOnly && dt == chunk.Bool) || (c.kind == boolOrInt && dt.IsFloat())
			if bad {
				if z.Err() == nil || !strings.Contains(z.Err().Error(), c.name) || !strings.Contains(z.Err().Error(), dt.String()[:3]) {
					t.Fatalf("%s: err %v, want one naming the op and dtype", what, z.Err())
				}
				continue
			}
			if z.Err() != nil {
				t.Fatalf("%s: %v", what, z.Err())
			}
			var want *chunk.Dense
			tol := 0.0
			switch c.kind {
			case floatMath:
				if c.name == "round" && !dt.IsFloat() { // numpy.round keeps integers
					want = ad
					break
				}
				// NumPy's loops: float16 for bool and 8-bit integers
				// (computed in float32, setNum rounds), float32 for 16-bit ones.
				ft := map[chunk.DType]chunk.DType{chunk.Bool: chunk.Float16, chunk.Int8: chunk.Float16, chunk.Uint8: chunk.Float16,
					chunk.Int16: chunk.Float32, chunk.Uint16: chunk.Float32, chunk.Float32: chunk.Float32}[dt]
				if ft == chunk.Invalid {
					ft = chunk.Float64
				}
				xc := refCast(ad, ft)
				want = refMap(ft, []*chunk.Dense{xc}, func(_ int, pos []int) num {
					return num{dt: ft, f: c.fn(at(xc, pos[0]).f)}
				})
				tol = tolFor(ft)
			case predicate:
				want = refMap(chunk.Bool, []*chunk.Dense{ad}, func(_ int, pos []int) num {
					n := at(ad, pos[0])
					if !dt.IsFloat() {
						return boolNum(c.name == "isfinite")
					}
					switch c.name {
					case "isnan":
						return boolNum(math.IsNaN(n.f))
					case "isinf":
						return boolNum(math.IsInf(n.f, 0))
					}
					return boolNum(!math.IsNaN(n.f) && !math.IsInf(n.f, 0))
				})
			default:
				want = refMap(dt, []*chunk.Dense{ad}, func(_ int, pos []int) num { return unNum(c.name, at(ad, pos[0])) })
			}
			if z.DType() != want.DType() {
				t.Fatalf("%s: dtype %v, want %v", what, z.DType(), want.DType())
			}
			got, err := z.Compute(bg)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			checkDense(t, what, got, want, tol)
		}
	}
}

// ---- where, clip, astype ----

func TestWhereAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, dx := range refDTypes {
		for _, dy := range refDTypes {
			shape := randShape(r, 1, 4, 60)
			cs, xs, ys := broadcastPartner(r, shape), broadcastPartner(r, shape), shape
			cd, xd, yd := randDense(r, chunk.Bool, cs), randDense(r, dx, xs), randDense(r, dy, ys)
			z := Where(FromDense(cd, randSpec(r, cs)), FromDense(xd, randSpec(r, xs)), FromDense(yd, randSpec(r, ys)))
			what := fmt.Sprintf("where(%v, %v%v, %v%v)", cs, dx, xs, dy, ys)
			if z.Err() != nil {
				t.Fatalf("%s: %v", what, z.Err())
			}
			dt := numpyAdd[[2]chunk.DType{dx, dy}]
			xc, yc := refCast(xd, dt), refCast(yd, dt)
			want := refMap(dt, []*chunk.Dense{cd, xc, yc}, func(_ int, pos []int) num {
				if at(cd, pos[0]).b {
					return at(xc, pos[1])
				}
				return at(yc, pos[2])
			})
			got, err := z.Compute(bg)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			checkDense(t, what, got, want, 0)
		}
	}
	// Scalar branches.
	d := randDense(r, chunk.Int16, []int{5, 4})
	x := FromDense(d, chunk.Regular(2, 3))
	z := Where(x.Gt(0), x, 0)
	got, err := z.Compute(bg)
	if err != nil || z.DType() != chunk.Int16 {
		t.Fatalf("where(x>0, x, 0): %v %v", z.DType(), err)
	}
	want := refMap(chunk.Int16, []*chunk.Dense{d}, func(_ int, pos []int) num {
		n := at(d, pos[0])
		n.i = max(n.i, 0)
		return n
	})
	checkDense(t, "where(x>0, x, 0)", got, want, 0)
	if z := Where(x.Gt(0), 1.5, 0); z.DType() != chunk.Float64 {
		t.Errorf("where(c, 1.5, 0) dtype %v, want float64", z.DType())
	}
}

func TestClipAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, dt := range refDTypes {
		if dt == chunk.Bool {
			continue
		}
		shape := randShape(r, 0, 4, 80)
		d := randDense(r, dt, shape)
		z := FromDense(d, randSpec(r, shape)).Clip(2, 7)
		what := fmt.Sprintf("clip(%v%v, 2, 7)", dt, shape)
		if z.Err() != nil || z.DType() != dt {
			t.Fatalf("%s: %v %v", what, z.DType(), z.Err())
		}
		want := refMap(dt, []*chunk.Dense{d}, func(_ int, pos []int) num {
			n := at(d, pos[0])
			n.i, n.u = min(max(n.i, 2), 7), min(max(n.u, 2), 7)
			if !math.IsNaN(n.f) {
				n.f = min(max(n.f, 2), 7)
			}
			return n
		})
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checkDense(t, what, got, want, 0)
	}
}

func TestAsTypeAllPairs(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	for _, from := range refDTypes {
		for _, to := range refDTypes {
			shape := randShape(r, 0, 4, 80)
			d := finiteDense(r, from, shape)
			z := FromDense(d, randSpec(r, shape)).AsType(to)
			what := fmt.Sprintf("astype(%v%v, %v)", from, shape, to)
			if z.Err() != nil || z.DType() != to {
				t.Fatalf("%s: %v %v", what, z.DType(), z.Err())
			}
			got, err := z.Compute(bg)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			checkDense(t, what, got, refCast(d, to), 0)
		}
	}
}

// ---- fused chains against step-by-step evaluation ----

func TestFusedChainsMatchStepByStep(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	steps := []func(x, y *Array) *Array{
		func(x, y *Array) *Array { return x.Add(y) },
		func(x, y *Array) *Array { return x.Mul(2) },
		func(x, y *Array) *Array { return x.Sub(y.Mul(y)) },
		func(x, y *Array) *Array { return x.Maximum(y) },
		func(x, y *Array) *Array { return x.Abs() },
		func(x, y *Array) *Array { return Where(x.Gt(y), x, y.Add(1)) },
		func(x, y *Array) *Array { return x.AsType(chunk.Float32) },
		func(x, y *Array) *Array { return x.Div(3) },
		func(x, y *Array) *Array { return x.Square() },
		func(x, y *Array) *Array { return x.Clip(-5, 5) },
	}
	iters := 60
	if testing.Short() {
		iters = 15
	}
	for it := 0; it < iters; it++ {
		shape := randShape(r, 1, 4, 200)
		dt := chunk.DTypes[1+r.Intn(len(chunk.DTypes)-1)]
		xd, yd := randDense(r, dt, shape), randDense(r, chunk.DTypes[1+r.Intn(len(chunk.DTypes)-1)], shape)
		spec := randSpec(r, shape)
		x, y := FromDense(xd, spec), FromDense(yd, spec)
		fused, stepped := x, x
		var ops []int
		for k := 0; k < 3+r.Intn(5); k++ {
			i := r.Intn(len(steps))
			ops = append(ops, i)
			fused = steps[i](fused, y)
			s := steps[i](stepped, y)
			if s.Err() != nil {
				t.Fatalf("step %v: %v", ops, s.Err())
			}
			var err error
			if stepped, err = s.Persist(bg); err != nil {
				t.Fatalf("step %v: %v", ops, err)
			}
		}
		what := fmt.Sprintf("chain %v over %v%v", ops, dt, shape)
		if n, err := fused.NumTasks(); err != nil || n != fused.grid.NumBlocksTotal() {
			t.Errorf("%s: %d tasks (err %v), want one per chunk (%d)", what, n, err, fused.grid.NumBlocksTotal())
		}
		got, err := fused.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		want, err := stepped.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checkDense(t, what, got, want, 0)
	}
}
