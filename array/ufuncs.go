package array

import (
	"math"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// mathBinary builds a binary float ufunc, computed in the wider of the
// operands' chunk.MathResult (a Go number weakly promoted with x).
func mathBinary(name string, op blockwise.Op, x *Array, y any) *Array {
	o, bad := binaryOperand(name, x, y)
	if bad != nil {
		return bad
	}
	if x.dtype.IsComplex() || o.kind == chunk.KindComplex || (o.arr != nil && o.arr.dtype.IsComplex()) {
		return errorf(name, "ufunc %s not supported for complex numbers (%v and %s)", op, x.dtype, describe(o))
	}
	// NumPy's loops are float32 and float64: the first both operands
	// cast to safely.
	other := chunk.MathResult(promote([]operand{{arr: x}, o}))
	if o.arr != nil {
		other = chunk.MathResult(o.arr.dtype)
	}
	dt := chunk.MathResult(x.dtype)
	if other == chunk.Float64 {
		dt = other
	}
	return elementwise(name, []chunk.DType{dt, dt}, []any{x, y}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Binary(op, dt, args[0], args[1]), nil
	})
}

// Arctan2 returns the angle of the point (y, x) elementwise, in
// (-π, π] (numpy.arctan2(x, y) with x the receiver: x is the y
// coordinate). Operands broadcast like Add's; the result is float32 when
// both operands' chunk.MathResult is (NumPy's float16 for 8-bit inputs
// is float32 here), else float64. The same holds for Hypot and
// Logaddexp.
func (x *Array) Arctan2(y any) *Array { return mathBinary("arctan2", blockwise.OpArctan2, x, y) }

// Hypot returns sqrt(x² + y²) elementwise without overflow.
func (x *Array) Hypot(y any) *Array { return mathBinary("hypot", blockwise.OpHypot, x, y) }

// Logaddexp returns log(exp(x) + exp(y)) elementwise without overflow.
func (x *Array) Logaddexp(y any) *Array { return mathBinary("logaddexp", blockwise.OpLogaddexp, x, y) }

// shiftOp builds left_shift and right_shift: integers only (bool as
// int8, as NumPy does).
func shiftOp(name string, op blockwise.Op, x *Array, y any) *Array {
	o, bad := binaryOperand(name, x, y)
	if bad != nil {
		return bad
	}
	dt := promote([]operand{{arr: x}, o})
	if dt.IsFloat() || dt.IsComplex() {
		return errorf(name, "ufunc %s not supported for the input types (%v and %s)", op, x.dtype, describe(o))
	}
	if dt == chunk.Bool {
		dt = chunk.Int8
	}
	if below, above := intRange(o, dt); below || above {
		return outOfBounds(name, o, dt)
	}
	return elementwise(name, []chunk.DType{dt, dt}, []any{x, y}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Binary(op, dt, args[0], args[1]), nil
	})
}

// LeftShift returns x << y elementwise for integers (numpy.left_shift):
// a count of the dtype's width or more gives 0. Floats are an error.
func (x *Array) LeftShift(y any) *Array { return shiftOp("left_shift", blockwise.OpLeftShift, x, y) }

// RightShift returns x >> y elementwise for integers, arithmetic for
// signed ones (numpy.right_shift). Floats are an error.
func (x *Array) RightShift(y any) *Array {
	return shiftOp("right_shift", blockwise.OpRightShift, x, y)
}

// Arcsinh returns the inverse hyperbolic sine (float dtype rule of Sqrt).
func (x *Array) Arcsinh() *Array { return unaryOp("arcsinh", blockwise.OpArcsinh, floatMath, x) }

// Arccosh returns the inverse hyperbolic cosine (NaN below 1).
func (x *Array) Arccosh() *Array { return unaryOp("arccosh", blockwise.OpArccosh, floatMath, x) }

// Arctanh returns the inverse hyperbolic tangent (±Inf at ±1, NaN
// beyond).
func (x *Array) Arctanh() *Array { return unaryOp("arctanh", blockwise.OpArctanh, floatMath, x) }

// Exp2 returns 2**x.
func (x *Array) Exp2() *Array { return unaryOp("exp2", blockwise.OpExp2, floatMath, x) }

// Cbrt returns the cube root (negative for negative x).
func (x *Array) Cbrt() *Array { return unaryOp("cbrt", blockwise.OpCbrt, floatMath, x) }

// Deg2rad converts degrees to radians: x * (π/180) in x's float dtype
// (chunk.MathResult), as NumPy computes it.
func (x *Array) Deg2rad() *Array {
	return x.mathScale("deg2rad", math.Pi/180)
}

// Rad2deg converts radians to degrees: x * (180/π).
func (x *Array) Rad2deg() *Array {
	return x.mathScale("rad2deg", 180/math.Pi)
}

func (x *Array) mathScale(name string, f float64) *Array {
	if x == nil {
		return errorf(name, "nil *Array")
	}
	if x.err != nil {
		return x
	}
	return x.AsType(chunk.MathResult(x.dtype)).Mul(f)
}

// NanToNum replaces NaN by nan, +Inf by posinf and -Inf by neginf
// (numpy.nan_to_num). An infinite posinf or neginf stands for the
// dtype's largest or smallest finite value, NumPy's default:
// x.NanToNum(0, math.Inf(1), math.Inf(-1)) is nan_to_num(x). Integer and
// bool arrays are returned unchanged.
func (x *Array) NanToNum(nan, posinf, neginf float64) *Array {
	if x == nil {
		return errorf("nan_to_num", "nil *Array")
	}
	if x.dtype.IsComplex() { // each part on its own, as NumPy
		return x.byParts("nan_to_num", func(p *Array) *Array { return p.NanToNum(nan, posinf, neginf) })
	}
	if x.err != nil || !x.dtype.IsFloat() {
		return x
	}
	lo, hi := -math.MaxFloat64, math.MaxFloat64
	if x.dtype == chunk.Float32 {
		lo, hi = -math.MaxFloat32, math.MaxFloat32
	}
	if math.IsInf(posinf, 0) {
		posinf = hi
	}
	if math.IsInf(neginf, 0) {
		neginf = lo
	}
	return Where(x.IsNaN(), nan, Where(x.Eq(math.Inf(1)), posinf, Where(x.Eq(math.Inf(-1)), neginf, x)))
}

// Isclose reports elementwise whether a and b are equal within a
// tolerance (numpy.isclose): |a - b| <= atol + rtol·|b|, infinities
// equal only to themselves, NaN equal to NaN only when equalNaN. b is
// first converted to a float dtype, as NumPy does; NumPy's defaults are
// rtol 1e-5, atol 1e-8. Shapes that do not broadcast are an error.
func Isclose(a, b *Array, rtol, atol float64, equalNaN bool) *Array {
	if err := firstErr(a, b); err != nil {
		return errArray(err)
	}
	y := b.AsType(chunk.FloatResult(b.dtype))
	within := a.Sub(y).Abs().Le(y.Abs().Mul(rtol).Add(atol))
	c := Where(a.IsFinite().And(y.IsFinite()), within, a.Eq(y))
	if equalNaN {
		c = c.Or(a.IsNaN().And(y.IsNaN()))
	}
	return c
}

// Allclose reports whether every element of a and b is close (Isclose):
// a lazy 0-d bool array.
func Allclose(a, b *Array, rtol, atol float64, equalNaN bool) *Array {
	return Isclose(a, b, rtol, atol, equalNaN).All()
}

// roundDecimals is Round with decimals d != 0.
func (x *Array) roundDecimals(d int) *Array {
	if x == nil {
		return errorf("round", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	f := math.Pow(10, math.Abs(float64(d)))
	switch {
	case x.dtype.IsComplex(): // each part on its own, as NumPy
		return x.byParts("round", func(p *Array) *Array { return p.roundDecimals(d) })
	case x.dtype.IsFloat() && d > 0:
		return x.Mul(f).Round().Div(f)
	case x.dtype.IsFloat():
		return x.Div(f).Round().Mul(f)
	case d > 0 || x.dtype == chunk.Bool:
		return x
	}
	return x.AsType(chunk.Float64).Div(f).Round().Mul(f).AsType(x.dtype)
}
