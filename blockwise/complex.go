package blockwise

import (
	"errors"
	"math"
	"math/cmplx"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// The kernels of the complex dtypes. complex64 is computed in complex128
// and rounded, as NumPy's results agree to float32 precision. Orderings
// (comparisons, maximum, minimum, sign) are NumPy's: lexicographic on
// (real, imag), false whenever a NaN is involved; maximum and minimum
// propagate NaN. The common ops (add, subtract, multiply, divide,
// square, negative, conjugate, real, imag, absolute, angle) run
// internal/vec's loops, with the bits of Go's arithmetic and of
// math.Atan2; the absolute value is hypot's, within one ulp.

// cless and cle are NumPy's CLT and CLE.
func cless(x, y complex128) bool {
	xr, xi, yr, yi := real(x), imag(x), real(y), imag(y)
	return (xr < yr && xi == xi && yi == yi) || (xr == yr && xi < yi)
}

func cle(x, y complex128) bool {
	xr, xi, yr, yi := real(x), imag(x), real(y), imag(y)
	return (xr < yr && xi == xi && yi == yi) || (xr == yr && xi <= yi)
}

func cnan(x complex128) bool { return real(x) != real(x) || imag(x) != imag(x) }

func binaryComplex[T chunk.Complex](op Op, d, a, b []T) error {
	a, b = a[:len(d)], b[:len(d)]
	if vecComplex(op, d, a, b) {
		return nil
	}
	switch op {
	case OpPow:
		for i := range d {
			d[i] = T(cpow(complex128(a[i]), complex128(b[i])))
		}
	case OpMaximum, OpMinimum:
		for i := range d {
			x, y := complex128(a[i]), complex128(b[i])
			keep := cnan(x) || (op == OpMaximum && cle(y, x)) || (op == OpMinimum && cle(x, y))
			if keep {
				d[i] = a[i]
			} else {
				d[i] = b[i]
			}
		}
	default:
		return errors.New("blockwise: " + op.String() + " is not defined for complex numbers")
	}
	return nil
}

// cpow is x**y; 0**y is 0 for y with a positive real part, as in NumPy.
func cpow(x, y complex128) complex128 {
	if y == 0 {
		return 1
	}
	if x == 0 { // NumPy's nc_pow
		if real(y) > 0 && imag(y) == 0 {
			return 0
		}
		return complex(math.NaN(), math.NaN())
	}
	if imag(y) == 0 && real(y) == math.Trunc(real(y)) && math.Abs(real(y)) <= 100 {
		// Small integer powers by repeated multiplication, as NumPy.
		n := int(real(y))
		r, p := complex(1, 0), x
		for k := n; k != 0; k /= 2 {
			if k%2 != 0 {
				r *= p
			}
			p *= p
		}
		if n < 0 {
			return 1 / r
		}
		return r
	}
	return cmplx.Pow(x, y)
}

func compareComplex[T chunk.Complex](op Op, d []bool, a, b []T) {
	a, b = a[:len(d)], b[:len(d)]
	for i := range d {
		x, y := complex128(a[i]), complex128(b[i])
		switch op {
		case OpEq:
			d[i] = x == y
		case OpNe:
			d[i] = x != y
		case OpLt:
			d[i] = cless(x, y)
		case OpLe:
			d[i] = cle(x, y)
		case OpGt:
			d[i] = cless(y, x)
		case OpGe:
			d[i] = cle(y, x)
		}
	}
}

func unaryComplex[T chunk.Complex](op Op, d, x []T) error {
	x = x[:len(d)]
	if vecComplex(op, d, x, x) {
		return nil
	}
	var f func(complex128) complex128
	switch op {
	case OpSign:
		f = csign
	case OpRound:
		f = func(z complex128) complex128 { return complex(math.RoundToEven(real(z)), math.RoundToEven(imag(z))) }
	case OpSqrt:
		f = cmplx.Sqrt
	case OpExp:
		f = cmplx.Exp
	case OpExpm1:
		f = cexpm1
	case OpExp2:
		f = func(z complex128) complex128 { return cmplx.Exp(z * math.Ln2) }
	case OpLog:
		f = cmplx.Log
	case OpLog1p:
		f = clog1p
	case OpLog2:
		f = func(z complex128) complex128 { return cmplx.Log(z) / math.Ln2 }
	case OpLog10:
		f = cmplx.Log10
	case OpSin:
		f = cmplx.Sin
	case OpCos:
		f = cmplx.Cos
	case OpTan:
		f = cmplx.Tan
	case OpArcsin:
		f = cmplx.Asin
	case OpArccos:
		f = cmplx.Acos
	case OpArctan:
		f = catan
	case OpSinh:
		f = cmplx.Sinh
	case OpCosh:
		f = cmplx.Cosh
	case OpTanh:
		f = cmplx.Tanh
	case OpArcsinh:
		f = cmplx.Asinh
	case OpArccosh:
		f = cmplx.Acosh
	case OpArctanh:
		f = func(z complex128) complex128 { return -1i * catan(1i*z) }
	default:
		return errors.New("blockwise: " + op.String() + " is not defined for complex numbers")
	}
	for i := range d {
		d[i] = T(f(complex128(x[i])))
	}
	return nil
}

// vecComplex computes d = a op b, or op(a) for the unary ops, with the
// loops of internal/vec where it has one for op, and reports whether it
// did. Sums and differences are those of the parts, as float slices.
func vecComplex[T chunk.Complex](op Op, d, a, b []T) bool {
	sum := vec.Sub
	if op == OpAdd {
		sum = vec.Add
	}
	switch d := any(d).(type) {
	case []complex128:
		a, b := any(a).([]complex128), any(b).([]complex128)
		switch op {
		case OpAdd, OpSub:
			vec.Float64(sum, parts[float64](d), parts[float64](a), parts[float64](b))
		case OpMul, OpSquare:
			vec.MulComplex128(d, a, b)
		case OpDiv:
			vec.DivComplex128(d, a, b)
		case OpNeg, OpConj:
			vec.ConjComplex128(d, a, op == OpNeg)
		default:
			return false
		}
	case []complex64:
		a, b := any(a).([]complex64), any(b).([]complex64)
		switch op {
		case OpAdd, OpSub:
			vec.Float32(sum, parts[float32](d), parts[float32](a), parts[float32](b))
		case OpMul, OpSquare:
			vec.MulComplex64(d, a, b)
		case OpDiv:
			vec.DivComplex64(d, a, b)
		case OpNeg, OpConj:
			vec.ConjComplex64(d, a, op == OpNeg)
		default:
			return false
		}
	default:
		return false
	}
	return true
}

// parts views complex values as their (real, imaginary) pairs of F, the
// float type of T's parts.
func parts[F float32 | float64, T complex64 | complex128](x []T) []F {
	return unsafe.Slice((*F)(unsafe.Pointer(unsafe.SliceData(x))), 2*len(x))
}

// csign is NumPy 1.24's sign of a complex number: the sign of the real
// part, or of the imaginary part when the real part is 0, as a complex.
func csign(z complex128) complex128 {
	r, i := real(z), imag(z)
	switch {
	case r != r || i != i:
		return complex(math.NaN(), 0)
	case r > 0 || (r == 0 && i > 0):
		return 1
	case r < 0 || (r == 0 && i < 0):
		return -1
	}
	return 0
}

// catan is arctan with C99's branch cuts (the sign of a zero real part
// picks the side of the cut), as NumPy; math/cmplx's Atan does not.
func catan(z complex128) complex128 {
	x, y := real(z), imag(z)
	re := 0.5 * math.Atan2(2*x, (1-y)*(1+y)-x*x)
	im := 0.25 * math.Log1p(4*y/(x*x+(y-1)*(y-1)))
	return complex(re, im)
}

// cexpm1 is exp(z) - 1, accurate for small |z|.
func cexpm1(z complex128) complex128 {
	x, y := real(z), imag(z)
	s, c := math.Sincos(y)
	// exp(x)cos(y) - 1 = expm1(x)cos(y) - 2 sin²(y/2)
	h := math.Sin(y / 2)
	return complex(math.Expm1(x)*c-2*h*h, math.Exp(x)*s)
}

// clog1p is log(1 + z), accurate for small |z|.
func clog1p(z complex128) complex128 {
	x, y := real(z), imag(z)
	if math.Abs(x) < 0.5 && math.Abs(y) < 0.5 {
		// log|1+z| = ½ log1p(2x + x² + y²)
		return complex(0.5*math.Log1p(2*x+x*x+y*y), math.Atan2(y, 1+x))
	}
	return cmplx.Log(1 + z)
}

// complexToReal applies real, imag, absolute or angle to the complex
// slice a of dtype src, writing the part's float dtype.
func complexToReal(op Op, src chunk.DType, dst, a any) error {
	if op != OpReal && op != OpImag && op != OpAbs && op != OpAngle {
		return errors.New("blockwise: " + op.String() + " of complex numbers has no real result")
	}
	if src == chunk.Complex64 {
		d, x := Slice[float32](dst), Slice[complex64](a)
		switch op {
		case OpAbs:
			vec.AbsComplex64(d, x)
		case OpAngle:
			angle64(d, x)
		default:
			vec.PartComplex64(d, x, op == OpImag)
		}
		return nil
	}
	d, x := Slice[float64](dst), Slice[complex128](a)
	switch op {
	case OpAbs:
		vec.AbsComplex128(d, x)
	case OpAngle:
		angle128(d, x)
	default:
		vec.PartComplex128(d, x, op == OpImag)
	}
	return nil
}

// angleTile is how many parts angle128 and angle64 split at a time.
const angleTile = 256

// angle128 sets d[i] = atan2(imag x[i], real x[i]), math.Atan2's bits,
// with the vector arctan2 of internal/vec on the parts split into tiles.
func angle128(d []float64, x []complex128) {
	var re, im [angleTile]float64
	for off := 0; off < len(d); off += angleTile {
		n := min(angleTile, len(d)-off)
		vec.PartComplex128(re[:n], x[off:], false)
		vec.PartComplex128(im[:n], x[off:], true)
		vec.Atan2Float64(d[off:off+n], im[:n], re[:n])
	}
}

// angle64 is angle128 for complex64, rounded from float64.
func angle64(d []float32, x []complex64) {
	var re, im [angleTile]float32
	for off := 0; off < len(d); off += angleTile {
		n := min(angleTile, len(d)-off)
		vec.PartComplex64(re[:n], x[off:], false)
		vec.PartComplex64(im[:n], x[off:], true)
		vec.Atan2Float32(d[off:off+n], im[:n], re[:n])
	}
}

func predicateC[T chunk.Complex](op Op, d []bool, x []T) {
	x = x[:len(d)]
	for i := range d {
		r, im := real(complex128(x[i])), imag(complex128(x[i]))
		switch op {
		case OpIsNaN:
			d[i] = r != r || im != im
		case OpIsInf:
			d[i] = math.IsInf(r, 0) || math.IsInf(im, 0)
		case OpIsFinite:
			d[i] = !math.IsInf(r, 0) && !math.IsInf(im, 0) && r == r && im == im
		}
	}
}

// complexFrom sets dst (complex dtype dt) to re + i·im, floats of dt's
// part precision.
func complexFrom(dt chunk.DType, dst, re, im any) {
	if dt == chunk.Complex64 {
		d, r, i := Slice[complex64](dst), Slice[float32](re), Slice[float32](im)
		for k := range d {
			d[k] = complex(r[k], i[k])
		}
		return
	}
	d, r, i := Slice[complex128](dst), Slice[float64](re), Slice[float64](im)
	for k := range d {
		d[k] = complex(r[k], i[k])
	}
}
