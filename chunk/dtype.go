package chunk

import (
	"fmt"
	"math"
)

// DType is the element type of a chunk or an array, chosen at run time
// like a NumPy dtype. The zero value is Invalid.
type DType uint8

// The element types chunkwise supports.
const (
	Invalid DType = iota
	Bool
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Float32
	Float64
	Float16
	Complex64
	Complex128
	numDTypes
)

// Kind is the family of a DType, in NumPy's order of promotion.
type Kind uint8

// The dtype kinds.
const (
	KindBool Kind = iota
	KindUint
	KindInt
	KindFloat
	KindComplex
)

var dtypeInfo = [numDTypes]struct {
	name string
	size int
	kind Kind
}{
	Invalid:    {"invalid", 0, KindBool},
	Bool:       {"bool", 1, KindBool},
	Int8:       {"int8", 1, KindInt},
	Int16:      {"int16", 2, KindInt},
	Int32:      {"int32", 4, KindInt},
	Int64:      {"int64", 8, KindInt},
	Uint8:      {"uint8", 1, KindUint},
	Uint16:     {"uint16", 2, KindUint},
	Uint32:     {"uint32", 4, KindUint},
	Uint64:     {"uint64", 8, KindUint},
	Float32:    {"float32", 4, KindFloat},
	Float64:    {"float64", 8, KindFloat},
	Float16:    {"float16", 2, KindFloat},
	Complex64:  {"complex64", 8, KindComplex},
	Complex128: {"complex128", 16, KindComplex},
}

// DTypes lists every valid dtype, in declaration order.
var DTypes = []DType{Bool, Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, Float32, Float64, Float16, Complex64, Complex128}

// Valid reports whether d names a supported element type.
func (d DType) Valid() bool { return d > Invalid && d < numDTypes }

// String returns NumPy's name for d ("float64", "int32", "bool").
func (d DType) String() string {
	if d >= numDTypes {
		return fmt.Sprintf("DType(%d)", uint8(d))
	}
	return dtypeInfo[d].name
}

// Size returns the number of bytes of one element; 0 for Invalid.
func (d DType) Size() int {
	if d >= numDTypes {
		return 0
	}
	return dtypeInfo[d].size
}

// PartSize returns the size in bytes of the unit a byte order applies
// to: the element size, or that of one part of a complex element.
func (d DType) PartSize() int {
	if d.IsComplex() {
		return d.Size() / 2
	}
	return d.Size()
}

// Kind returns the family of d.
func (d DType) Kind() Kind {
	if d >= numDTypes {
		return KindBool
	}
	return dtypeInfo[d].kind
}

// IsFloat reports whether d is a floating-point type.
func (d DType) IsFloat() bool { return d.Valid() && d.Kind() == KindFloat }

// IsComplex reports whether d is a complex type.
func (d DType) IsComplex() bool { return d.Valid() && d.Kind() == KindComplex }

// IsInteger reports whether d is a signed or unsigned integer type.
func (d DType) IsInteger() bool { return d.Valid() && (d.Kind() == KindInt || d.Kind() == KindUint) }

// ParseDType returns the dtype NumPy calls name ("float64", "f8", "<i4",
// "bool", "u1" …). Byte order markers are accepted and ignored; the
// caller handles byte order. An unknown name is an error that quotes it.
func ParseDType(name string) (DType, error) {
	s := name
	if len(s) > 1 && (s[0] == '<' || s[0] == '>' || s[0] == '|' || s[0] == '=') {
		s = s[1:]
	}
	for d := Bool; d < numDTypes; d++ {
		if dtypeInfo[d].name == s {
			return d, nil
		}
	}
	switch s {
	case "b1", "?":
		return Bool, nil
	case "i1":
		return Int8, nil
	case "i2":
		return Int16, nil
	case "i4":
		return Int32, nil
	case "i8":
		return Int64, nil
	case "u1":
		return Uint8, nil
	case "u2":
		return Uint16, nil
	case "u4":
		return Uint32, nil
	case "u8":
		return Uint64, nil
	case "f2", "e":
		return Float16, nil
	case "f4":
		return Float32, nil
	case "f8":
		return Float64, nil
	case "c8":
		return Complex64, nil
	case "c16":
		return Complex128, nil
	}
	return Invalid, fmt.Errorf("chunk: unknown dtype %q", name)
}

// Promote returns the dtype NumPy gives the result of a binary operation
// on arrays of dtypes a and b (numpy.result_type): the smallest type that
// can hold every value of both, with int64 ⊕ uint64 → float64.
func Promote(a, b DType) DType {
	if a == b {
		return a
	}
	ka, kb := a.Kind(), b.Kind()
	if ka < kb || (ka == kb && a.Size() < b.Size()) {
		a, b, ka, kb = b, a, kb, ka
	}
	// Now a has the higher kind (or the same kind and the larger size).
	switch {
	case ka == kb:
		return a
	case kb == KindBool:
		return a
	case ka == KindComplex:
		// complex64 holds float32 and integers of size ≤ 2 exactly.
		if a == Complex64 && (b == Float64 || (kb != KindFloat && b.Size() >= 4)) {
			return Complex128
		}
		return a
	case ka == KindFloat:
		// A float holds integers narrower than itself: float16 takes
		// 8-bit ones, float32 16-bit ones; wider ones need the next float.
		switch {
		case b.Size() < a.Size() || a == Float64:
			return a
		case b.Size() == 2:
			return Float32
		}
		return Float64
	default: // a signed, b unsigned
		if a.Size() > b.Size() {
			return a
		}
		switch b.Size() {
		case 1:
			return Int16
		case 2:
			return Int32
		case 4:
			return Int64
		}
		return Float64
	}
}

// PromoteScalar returns the dtype of an operation between an array of
// dtype d and a Go scalar of kind k, following NumPy 2's rule that Python
// scalars are "weak": the array's dtype wins unless the scalar's kind is
// higher (an int array plus 1.5 gives float64; a float32 array times 2
// stays float32).
func PromoteScalar(d DType, k Kind) DType {
	if k <= d.Kind() || (k == KindInt && d.Kind() == KindUint) {
		return d
	}
	switch k {
	case KindComplex:
		if d == Float32 || d == Float16 {
			return Complex64
		}
		return Complex128
	case KindFloat:
		return Float64
	case KindInt, KindUint:
		return Int64
	}
	return d
}

// FloatResult returns the floating dtype NumPy computes d's true division,
// mean and variance in: float32, float16 and the complex types keep
// their type, every other dtype gives float64.
func FloatResult(d DType) DType {
	if d == Float32 || d == Float16 || d.IsComplex() {
		return d
	}
	return Float64
}

// MathResult returns the dtype NumPy computes a transcendental or
// rounding ufunc (sqrt, exp, sin, floor …) of dtype d in: the smallest
// float that holds d exactly. int8, uint8 and bool give float16; int16
// and uint16 give float32; wider integers give float64; floats and
// complex types keep their type.
func MathResult(d DType) DType {
	switch d {
	case Float16, Int8, Uint8, Bool:
		return Float16
	case Float32, Int16, Uint16:
		return Float32
	case Complex64, Complex128:
		return d
	}
	return Float64
}

// RealOf returns the float dtype of the real and imaginary parts of a
// complex dtype d (float32 for complex64), and d itself otherwise.
func RealOf(d DType) DType {
	switch d {
	case Complex64:
		return Float32
	case Complex128:
		return Float64
	}
	return d
}

// ComplexOf returns the complex dtype whose parts have float dtype d's
// precision: complex64 for float32 (and the types that fit it), complex
// itself for a complex d, complex128 for the rest.
func ComplexOf(d DType) DType {
	switch {
	case d.IsComplex():
		return d
	case MathResult(d) == Float32 || MathResult(d) == Float16:
		return Complex64
	}
	return Complex128
}

// SumResult returns the dtype of a sum or product of dtype d in NumPy:
// bool and signed integers accumulate in int64, unsigned in uint64, floats
// and complex types keep their type.
func SumResult(d DType) DType {
	switch d.Kind() {
	case KindBool, KindInt:
		return Int64
	case KindUint:
		return Uint64
	}
	return d
}

// Number is the constraint of the real numeric element types of a Dense
// (every one but bool and the complex types).
type Number interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~float32 | ~float64
}

// Complex is the constraint of the complex element types.
type Complex interface {
	~complex64 | ~complex128
}

// Element is the constraint of every element type of a Dense.
type Element interface {
	Number | Complex | ~bool
}

// DTypeOf returns the dtype of Go type T.
func DTypeOf[T Element]() DType {
	var z T
	switch any(z).(type) {
	case bool:
		return Bool
	case int8:
		return Int8
	case int16:
		return Int16
	case int32:
		return Int32
	case int64:
		return Int64
	case uint8:
		return Uint8
	case uint16:
		return Uint16
	case Half:
		return Float16
	case uint32:
		return Uint32
	case uint64:
		return Uint64
	case float32:
		return Float32
	case float64:
		return Float64
	case complex64:
		return Complex64
	case complex128:
		return Complex128
	}
	return Invalid
}

// Limits returns the smallest and largest values of dtype d as float64
// (±Inf for floats; 0 and 1 for bool).
func Limits(d DType) (lo, hi float64) {
	switch d {
	case Bool:
		return 0, 1
	case Int8:
		return math.MinInt8, math.MaxInt8
	case Int16:
		return math.MinInt16, math.MaxInt16
	case Int32:
		return math.MinInt32, math.MaxInt32
	case Int64:
		return math.MinInt64, math.MaxInt64
	case Uint8:
		return 0, math.MaxUint8
	case Uint16:
		return 0, math.MaxUint16
	case Uint32:
		return 0, math.MaxUint32
	case Uint64:
		return 0, math.MaxUint64
	}
	return math.Inf(-1), math.Inf(1)
}
