package array

import (
	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// complexPart builds real, imag or angle of a complex x: a float array of
// x's part precision (float32 for complex64).
func complexPart(name string, op blockwise.Op, x *Array) *Array {
	res := chunk.RealOf(x.dtype)
	return elementwise(name, []chunk.DType{x.dtype}, []any{x}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Unary(op, res, args[0]), nil
	})
}

// Real returns the real part of x (numpy.real): float32 for complex64,
// float64 for complex128, and x itself for a real dtype.
func (x *Array) Real() *Array {
	if x == nil {
		return errorf("real", "nil *Array")
	}
	if x.err != nil || !x.dtype.IsComplex() {
		return x
	}
	return complexPart("real", blockwise.OpReal, x)
}

// Imag returns the imaginary part of x (numpy.imag): float32 for
// complex64, float64 for complex128, and zeros of x's dtype for a real
// dtype.
func (x *Array) Imag() *Array {
	if x == nil {
		return errorf("imag", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	if !x.dtype.IsComplex() {
		return ZerosLike(x)
	}
	return complexPart("imag", blockwise.OpImag, x)
}

// Conj returns the complex conjugate of x (numpy.conjugate), and x itself
// for a real dtype.
func (x *Array) Conj() *Array {
	if x == nil {
		return errorf("conjugate", "nil *Array")
	}
	if x.err != nil || !x.dtype.IsComplex() {
		return x
	}
	return unaryOp("conjugate", blockwise.OpConj, sameType, x)
}

// Angle returns the counterclockwise angle of x from the positive real
// axis in radians, in (-π, π] (numpy.angle). A complex x gives its part
// precision; a real x gives arctan2(0, x), 0 or π, in chunk.MathResult's
// float (NumPy's float16 for 8-bit integers and bool is float32 here).
func (x *Array) Angle() *Array {
	if x == nil {
		return errorf("angle", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	if !x.dtype.IsComplex() {
		z := x.Imag()
		return z.Arctan2(x)
	}
	return complexPart("angle", blockwise.OpAngle, x)
}

// FullComplex returns an array of the given shape filled with the complex
// value v, of complex dtype dt (Full takes real values).
func FullComplex(shape []int, v complex128, dt chunk.DType, spec chunk.Spec) *Array {
	if !dt.IsComplex() {
		return errorf("full", "FullComplex of dtype %v; want complex64 or complex128", dt)
	}
	return generated("full", shape, spec, dt, func(b *blockwise.Builder) int32 { return b.ConstComplex(v, dt) })
}

// fromParts joins the real arrays re and im (of dt's part dtype, shapes
// broadcast) into a complex array of dtype dt: re + i·im.
func fromParts(name string, dt chunk.DType, re, im *Array) *Array {
	part := chunk.RealOf(dt)
	return elementwise(name, []chunk.DType{part, part}, []any{re.AsType(part), im.AsType(part)}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Binary(blockwise.OpComplex, dt, args[0], args[1]), nil
	})
}

// byParts applies f to the real and imaginary parts of a complex x on
// their own and joins the results (of x's part dtype) into x's dtype.
func (x *Array) byParts(name string, f func(*Array) *Array) *Array {
	return fromParts(name, x.dtype, f(x.Real()), f(x.Imag()))
}

// refuseComplex returns an array carrying op's "not supported" error when
// one of xs is complex, or nil.
func refuseComplex(op string, xs ...*Array) *Array {
	for _, x := range xs {
		if x != nil && x.err == nil && x.dtype.IsComplex() {
			return errorf(op, "%v arrays are not supported yet", x.dtype)
		}
	}
	return nil
}
