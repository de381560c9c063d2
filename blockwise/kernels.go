package blockwise

import (
	"bytes"
	enc "encoding/binary"
	"errors"
	"math"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// The per-dtype kernels of expression evaluation: tight loops over
// contiguous slices, one call per tile and instruction, no per-element
// dispatch.

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

type float interface{ ~float32 | ~float64 }

var errNegativePower = errors.New("integers to negative integer powers are not allowed")

// binary applies an arithmetic or bitwise op to slices of dtype dt.
func binary(op Op, dt chunk.DType, dst, a, b any) error {
	switch dt {
	case chunk.Bool:
		return binaryBool(op, Slice[bool](dst), Slice[bool](a), Slice[bool](b))
	case chunk.Int8:
		return binaryInt(op, Slice[int8](dst), Slice[int8](a), Slice[int8](b))
	case chunk.Int16:
		return binaryInt(op, Slice[int16](dst), Slice[int16](a), Slice[int16](b))
	case chunk.Int32:
		if op == OpFloorDiv || op == OpMod { // divided in float64, exactly, four at a time
			d := Slice[int32](dst)
			vec.FloorDivInt32(op == OpMod, d, Slice[int32](a), Slice[int32](b))
			return nil
		}
		return binaryInt(op, Slice[int32](dst), Slice[int32](a), Slice[int32](b))
	case chunk.Int64:
		return binaryInt(op, Slice[int64](dst), Slice[int64](a), Slice[int64](b))
	case chunk.Uint8:
		return binaryInt(op, Slice[uint8](dst), Slice[uint8](a), Slice[uint8](b))
	case chunk.Uint16:
		return binaryInt(op, Slice[uint16](dst), Slice[uint16](a), Slice[uint16](b))
	case chunk.Uint32:
		return binaryInt(op, Slice[uint32](dst), Slice[uint32](a), Slice[uint32](b))
	case chunk.Uint64:
		return binaryInt(op, Slice[uint64](dst), Slice[uint64](a), Slice[uint64](b))
	case chunk.Float32:
		d, x, y := Slice[float32](dst), Slice[float32](a), Slice[float32](b)
		if vo, ok := vecOp(op); ok {
			vec.Float32(vo, d, x, y)
			return nil
		}
		return binaryFloat(op, d, x, y)
	case chunk.Float64:
		d, x, y := Slice[float64](dst), Slice[float64](a), Slice[float64](b)
		switch vo, ok := vecOp(op); {
		case ok:
			vec.Float64(vo, d, x, y)
		case op == OpMaximum:
			vec.MaxElems(d, x, y)
		case op == OpMinimum:
			vec.MinElems(d, x, y)
		default:
			return binaryFloat(op, d, x, y)
		}
		return nil
	case chunk.Complex64:
		return binaryComplex(op, Slice[complex64](dst), Slice[complex64](a), Slice[complex64](b))
	case chunk.Complex128:
		return binaryComplex(op, Slice[complex128](dst), Slice[complex128](a), Slice[complex128](b))
	}
	return errors.New("blockwise: " + op.String() + " not defined for " + dt.String())
}

// vecOp maps the float arithmetic that internal/vec vectorizes to its op.
func vecOp(op Op) (vec.Op, bool) {
	switch op {
	case OpAdd:
		return vec.Add, true
	case OpSub:
		return vec.Sub, true
	case OpMul:
		return vec.Mul, true
	case OpDiv:
		return vec.Div, true
	}
	return 0, false
}

// common handles the ops whose loops are the same for every number type;
// it reports whether it did.
func common[T chunk.Number](op Op, d, a, b []T) bool {
	a, b = a[:len(d)], b[:len(d)]
	switch op {
	case OpAdd, OpSub, OpMul:
		vo, _ := vecOp(op)
		arith(vo, d, a, b)
	case OpMaximum, OpMinimum:
		extremes(op == OpMaximum, d, a, b)
	default:
		return false
	}
	return true
}

// arith sets d[i] = a[i] op b[i]: integers by internal/vec's vector
// loops where it has them (ArithInts), other numbers one at a time.
func arith[T chunk.Number](op vec.Op, d, a, b []T) {
	switch dv := any(d).(type) {
	case []int64:
		vec.ArithInts(op, dv, any(a).([]int64), any(b).([]int64))
	case []int32:
		vec.ArithInts(op, dv, any(a).([]int32), any(b).([]int32))
	case []int16:
		vec.ArithInts(op, dv, any(a).([]int16), any(b).([]int16))
	case []int8:
		vec.ArithInts(op, dv, any(a).([]int8), any(b).([]int8))
	case []uint64:
		vec.ArithInts(op, dv, any(a).([]uint64), any(b).([]uint64))
	case []uint32:
		vec.ArithInts(op, dv, any(a).([]uint32), any(b).([]uint32))
	case []uint16:
		vec.ArithInts(op, dv, any(a).([]uint16), any(b).([]uint16))
	case []uint8:
		vec.ArithInts(op, dv, any(a).([]uint8), any(b).([]uint8))
	default:
		vec.Arith(op, d, a, b)
	}
}

// extremes sets d[i] = max(a[i], b[i]) (or min) with Go's rules (NaN if
// either is NaN, +0 above -0), by internal/vec's vector loops where one
// exists for T (called directly: a func value would move callers'
// buffers to the heap).
func extremes[T chunk.Number](greatest bool, d, a, b []T) {
	switch dv := any(d).(type) {
	case []float64:
		extremesVec(greatest, dv, any(a).([]float64), any(b).([]float64))
	case []float32:
		extremesVec(greatest, dv, any(a).([]float32), any(b).([]float32))
	case []int64:
		op := vec.MinInt
		if greatest {
			op = vec.MaxInt
		}
		vec.Int64(op, dv, any(a).([]int64), any(b).([]int64))
	case []int32:
		extremesInts(greatest, dv, any(a).([]int32), any(b).([]int32))
	case []int16:
		extremesInts(greatest, dv, any(a).([]int16), any(b).([]int16))
	case []int8:
		extremesInts(greatest, dv, any(a).([]int8), any(b).([]int8))
	case []uint32:
		extremesInts(greatest, dv, any(a).([]uint32), any(b).([]uint32))
	case []uint16:
		extremesInts(greatest, dv, any(a).([]uint16), any(b).([]uint16))
	case []uint8:
		extremesInts(greatest, dv, any(a).([]uint8), any(b).([]uint8))
	default:
		for i := range d {
			if greatest {
				d[i] = max(a[i], b[i])
			} else {
				d[i] = min(a[i], b[i])
			}
		}
	}
}

func extremesVec[T float32 | float64](greatest bool, d, a, b []T) {
	if greatest {
		vec.MaxElems(d, a, b)
	} else {
		vec.MinElems(d, a, b)
	}
}

func extremesInts[T int8 | int16 | int32 | uint8 | uint16 | uint32](greatest bool, d, a, b []T) {
	if greatest {
		vec.MaxElemsInts(d, a, b)
	} else {
		vec.MinElemsInts(d, a, b)
	}
}

func binaryFloat[T float](op Op, d, a, b []T) error {
	if common(op, d, a, b) {
		return nil
	}
	a, b = a[:len(d)], b[:len(d)]
	switch op { // add, subtract, multiply and divide go to vec (binary)
	case OpFloorDiv, OpMod:
		floorMod(op == OpMod, d, a, b)
	case OpPow:
		powFloat(d, a, b)
	case OpArctan2:
		if d64, ok := any(d).([]float64); ok {
			vec.Atan2Float64(d64, any(a).([]float64), any(b).([]float64))
		} else {
			vec.Atan2Float32(any(d).([]float32), any(a).([]float32), any(b).([]float32))
		}
	case OpHypot:
		hypotFloat(d, a, b)
	case OpLogaddexp:
		if d64, ok := any(d).([]float64); ok {
			vec.LogAddExpFloat64(d64, any(a).([]float64), any(b).([]float64))
		} else {
			vec.LogAddExpFloat32(any(d).([]float32), any(a).([]float32), any(b).([]float32))
		}
	default:
		return errors.New("blockwise: " + op.String() + " is not defined for floats")
	}
	return nil
}

// powFloat sets d[i] = a[i] ** b[i] by vec.PowFloat64 or vec.PowFloat32.
// A power of one half (x ** 0.5, the commonest after squares) is a
// square root, exactly what a correctly rounded pow gives at a fifth of
// its cost. Where a holds -0, -Inf or NaN (its least element is not +0
// or above), -0 and -Inf first become +0 and +Inf, pow's results there
// (d may be a).
func powFloat[T float](d, a, b []T) {
	if len(b) > 0 && b[0] == 0.5 && uniform(b) {
		src := a
		if m := least(a); !(m > 0 || m == 0 && !math.Signbit(float64(m))) {
			for i, v := range a {
				if v == 0 || math.IsInf(float64(v), -1) {
					v = T(math.Abs(float64(v)))
				}
				d[i] = v
			}
			src = d
		}
		if d64, ok := any(d).([]float64); ok {
			vec.SqrtFloat64(d64, any(src).([]float64))
		} else {
			vec.SqrtFloat32(any(d).([]float32), any(src).([]float32))
		}
		return
	}
	if d64, ok := any(d).([]float64); ok {
		vec.PowFloat64(d64, any(a).([]float64), any(b).([]float64))
		return
	}
	vec.PowFloat32(any(d).([]float32), any(a).([]float32), any(b).([]float32))
}

// least returns the least element of a non-empty v (NaN if any is NaN,
// -0 below +0), by vec's AVX2 loop.
func least[T float](v []T) T {
	if v64, ok := any(v).([]float64); ok {
		return T(vec.MinFloat64(v64))
	}
	return T(vec.MinFloat32(any(v).([]float32)))
}

// uniform reports whether every element of v is v[0]: whether v equals
// itself moved by one element (the runtime's vector comparison of
// bytes).
func uniform[T integer | float](v []T) bool {
	b, n := bytesOf(v), int(unsafe.Sizeof(*new(T)))
	return len(b) <= n || bytes.Equal(b[n:], b[:len(b)-n])
}

func binaryInt[T integer](op Op, d, a, b []T) error {
	if common(op, d, a, b) {
		return nil
	}
	a, b = a[:len(d)], b[:len(d)]
	if (op == OpFloorDiv || op == OpMod) && len(b) > 0 && uniform(b) && floorDivBy(op == OpMod, d, a, b[0]) {
		return nil // one positive divisor: by multiplication
	}
	var zero T
	// Floor division and modulo round the truncated quotient and
	// remainder towards minus infinity without a branch on the data:
	// sign is all ones when the remainder's sign differs from the
	// divisor's (only the divisor's sign is branched on, which stays the
	// same along a tile in practice).
	signed, top := ^zero < 0, 8*unsafe.Sizeof(zero)-1
	sign := func(r, y T) T {
		if y < 0 {
			r = -r
		}
		return r >> top // all ones for negative r (signed T only)
	}
	switch op {
	case OpFloorDiv:
		for i := range d {
			x, y := a[i], b[i]
			if y == 0 {
				d[i] = 0 // NumPy's result, with a warning
				continue
			}
			if y == ^zero && x < 0 && -x < 0 { // MinInt / -1 wraps, as in NumPy
				d[i] = x
				continue
			}
			q := x / y
			if signed {
				q += sign(x-q*y, y)
			}
			d[i] = q
		}
	case OpMod:
		for i := range d {
			x, y := a[i], b[i]
			if y == 0 || (y == ^zero && y < 0) {
				d[i] = 0
				continue
			}
			r := x % y
			if signed {
				r += y & sign(r, y)
			}
			d[i] = r
		}
	case OpPow:
		for i := range d {
			e := b[i]
			if e < 0 {
				return errNegativePower
			}
			r, x := T(1), a[i]
			for e > 0 {
				if e&1 != 0 {
					r *= x
				}
				x *= x
				e >>= 1
			}
			d[i] = r
		}
	case OpAnd, OpOr, OpXor:
		bitwise(op, bytesOf(d), bytesOf(a), bytesOf(b))
	case OpLeftShift, OpRightShift:
		shift(op == OpLeftShift, d, a, b)
	default:
		return errors.New("blockwise: " + op.String() + " is not defined for integers")
	}
	return nil
}

// floorDivBy divides a by one divisor y with vec.FloorDivBy (or
// FloorDivByInt64) and reports whether it did: y must be positive and
// fit int64 (a uint64 above it does not).
func floorDivBy[T integer](mod bool, d, a []T, y T) bool {
	if y <= 0 || int64(y) <= 0 {
		return false
	}
	switch d := any(d).(type) {
	case []int64:
		return vec.FloorDivByInt64(mod, d, any(a).([]int64), int64(y))
	case []int8:
		return vec.FloorDivBy(mod, d, any(a).([]int8), int64(y))
	case []uint8:
		return vec.FloorDivBy(mod, d, any(a).([]uint8), int64(y))
	case []int16:
		return vec.FloorDivBy(mod, d, any(a).([]int16), int64(y))
	case []uint16:
		return vec.FloorDivBy(mod, d, any(a).([]uint16), int64(y))
	case []int32:
		return vec.FloorDivBy(mod, d, any(a).([]int32), int64(y))
	case []uint32:
		return vec.FloorDivBy(mod, d, any(a).([]uint32), int64(y))
	}
	return false // uint64: its values above 2⁶³ do not fit int64
}

// shift is NumPy's npy_lshift and npy_rshift: a count at least the
// width (or negative, read as unsigned) gives 0, or -1 for a negative
// value shifted right.
func shift[T integer](left bool, d, a, b []T) {
	var zero T
	width := uint64(unsafe.Sizeof(zero)) * 8
	if len(b) > 0 && b[0] >= 0 && uint64(b[0]) < width && uniform(b) { // one count in range: no branch per element
		vec.Shift(left, d, a, uint(b[0]))
		return
	}
	for i := range d {
		n := uint64(b[i])
		if b[i] < 0 {
			n = width
		}
		switch {
		case n < width && left:
			d[i] = a[i] << n
		case n < width:
			d[i] = a[i] >> n
		case !left && a[i] < 0:
			d[i] = ^zero
		default:
			d[i] = 0
		}
	}
}

func binaryBool(op Op, d, a, b []bool) error {
	switch op {
	case OpAnd, OpMul, OpMinimum:
		op = OpAnd
	case OpOr, OpAdd, OpMaximum:
		op = OpOr
	case OpXor, OpNe:
		op = OpXor
	default:
		return errors.New("blockwise: " + op.String() + " is not defined for bool")
	}
	bitwise(op, bytesOf(d), bytesOf(a), bytesOf(b)) // bools are the bytes 0 and 1
	return nil
}

// Convert is chunk.Convert (dst from src, len(src) elements) with
// internal/vec's loops for the conversions to and between floats they
// have: Go's scalar ones are slow (CVTSL2SD, CVTSQ2SD, CVTSS2SD and the
// like keep a false dependency on the register they write).
func Convert(dst, src any) {
	switch s := deref(src).(type) {
	case []float32:
		if d, ok := deref(dst).([]float64); ok {
			vec.Float32To64(d[:len(s)], s)
			return
		}
	case []float64:
		if d, ok := deref(dst).([]float32); ok {
			vec.Float64To32(d[:len(s)], s)
			return
		}
	case []int64:
		if d, ok := deref(dst).([]float64); ok {
			vec.Int64ToFloat64(d[:len(s)], s)
			return
		}
	case []int32:
		if intToFloat(dst, s) {
			return
		}
	case []int16:
		if intToFloat(dst, s) {
			return
		}
	case []uint16:
		if intToFloat(dst, s) {
			return
		}
	case []int8:
		if intToFloat(dst, s) {
			return
		}
	case []uint8:
		if intToFloat(dst, s) {
			return
		}
	case []bool:
		// A Go bool is the byte 0 or 1: convert those bytes (the mean of
		// a comparison, a count as floats).
		if intToFloat(dst, unsafe.Slice((*uint8)(unsafe.Pointer(unsafe.SliceData(s))), len(s))) {
			return
		}
	}
	chunk.Convert(dst, src)
}

// intToFloat converts s into dst by vec.IntToFloat when dst holds floats,
// and reports whether it did.
func intToFloat[S int8 | uint8 | int16 | uint16 | int32](dst any, s []S) bool {
	switch d := deref(dst).(type) {
	case []float32:
		vec.IntToFloat(d[:len(s)], s)
	case []float64:
		vec.IntToFloat(d[:len(s)], s)
	default:
		return false
	}
	return true
}

// deref is the slice s points to, for the slices Convert converts (views
// hold pointers to theirs), else s itself.
func deref(s any) any {
	switch p := s.(type) {
	case *[]float32:
		return *p
	case *[]float64:
		return *p
	case *[]int64:
		return *p
	case *[]int32:
		return *p
	case *[]int16:
		return *p
	case *[]uint16:
		return *p
	case *[]int8:
		return *p
	case *[]uint8:
		return *p
	case *[]bool:
		return *p
	}
	return s
}

// bitwise applies and, or or xor (op) to bytes: each bit is its own, so
// this serves integers of every width, and bools.
func bitwise(op Op, d, a, b []byte) {
	switch op {
	case OpAnd:
		vec.Bitwise(vec.BitAnd, d, a, b)
	case OpOr:
		vec.Bitwise(vec.BitOr, d, a, b)
	default:
		vec.Bitwise(vec.BitXor, d, a, b)
	}
}

// compare applies a comparison to slices of dtype dt, writing bools.
func compare(op Op, dt chunk.DType, dst []bool, a, b any) {
	c := vecCmp[op]
	switch dt {
	case chunk.Bool:
		vec.CompareSmall(c, dst, bytesOf(Slice[bool](a)), bytesOf(Slice[bool](b)))
	case chunk.Int8:
		vec.CompareSmall(c, dst, Slice[int8](a), Slice[int8](b))
	case chunk.Int16:
		vec.CompareSmall(c, dst, Slice[int16](a), Slice[int16](b))
	case chunk.Int32:
		vec.CompareInt32(c, dst, Slice[int32](a), Slice[int32](b))
	case chunk.Int64:
		vec.CompareInt64(c, dst, Slice[int64](a), Slice[int64](b))
	case chunk.Uint8:
		vec.CompareSmall(c, dst, Slice[uint8](a), Slice[uint8](b))
	case chunk.Uint16:
		vec.CompareSmall(c, dst, Slice[uint16](a), Slice[uint16](b))
	case chunk.Uint32:
		vec.Compare(c, dst, Slice[uint32](a), Slice[uint32](b))
	case chunk.Uint64:
		vec.Compare(c, dst, Slice[uint64](a), Slice[uint64](b))
	case chunk.Float32:
		vec.CompareFloat32(c, dst, Slice[float32](a), Slice[float32](b))
	case chunk.Float64:
		vec.CompareFloat64(c, dst, Slice[float64](a), Slice[float64](b))
	case chunk.Complex64:
		compareComplex(op, dst, Slice[complex64](a), Slice[complex64](b))
	case chunk.Complex128:
		compareComplex(op, dst, Slice[complex128](a), Slice[complex128](b))
	}
}

// vecCmp maps the comparison ops to internal/vec's.
var vecCmp = [...]vec.Cmp{OpEq: vec.Eq, OpNe: vec.Ne, OpLt: vec.Lt, OpLe: vec.Le, OpGt: vec.Gt, OpGe: vec.Ge}

// bytesOf views integers or bools as their bytes: bools are the bytes 0
// and 1 that Go stores them as, so they compare as false < true.
func bytesOf[T integer | float | ~bool](v []T) []byte {
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*int(unsafe.Sizeof(zero)))
}

// unary applies a same-dtype unary op (negative, absolute, sign, square,
// logical_not) or a float function to slices of dtype dt.
func unary(op Op, dt chunk.DType, dst, a any) error {
	switch dt {
	case chunk.Bool:
		d, x := Slice[bool](dst), Slice[bool](a)
		switch op {
		case OpNot: // flip the bytes 0 and 1, eight at a time
			db, xb := bytesOf(d), bytesOf(x[:len(d)])
			i, le := 0, enc.LittleEndian
			for ; i+8 <= len(db); i += 8 {
				le.PutUint64(db[i:], le.Uint64(xb[i:])^0x0101010101010101)
			}
			for ; i < len(db); i++ {
				db[i] = xb[i] ^ 1
			}
		case OpAbs, OpSquare, OpSign:
			copy(d, x)
		default:
			return errors.New("blockwise: " + op.String() + " is not defined for bool")
		}
		return nil
	case chunk.Int8:
		return unaryInt(op, Slice[int8](dst), Slice[int8](a))
	case chunk.Int16:
		return unaryInt(op, Slice[int16](dst), Slice[int16](a))
	case chunk.Int32:
		return unaryInt(op, Slice[int32](dst), Slice[int32](a))
	case chunk.Int64:
		return unaryInt(op, Slice[int64](dst), Slice[int64](a))
	case chunk.Uint8:
		return unaryInt(op, Slice[uint8](dst), Slice[uint8](a))
	case chunk.Uint16:
		return unaryInt(op, Slice[uint16](dst), Slice[uint16](a))
	case chunk.Uint32:
		return unaryInt(op, Slice[uint32](dst), Slice[uint32](a))
	case chunk.Uint64:
		return unaryInt(op, Slice[uint64](dst), Slice[uint64](a))
	case chunk.Float32:
		d, x := Slice[float32](dst), Slice[float32](a)
		switch op {
		case OpSquare:
			vec.Float32(vec.Mul, d, x, x)
			return nil
		case OpSqrt:
			vec.SqrtFloat32(d, x)
			return nil
		}
		if floatFunc32(op, d, x) {
			return nil
		}
		return unaryFloat(op, d, x)
	case chunk.Float64:
		d, x := Slice[float64](dst), Slice[float64](a)
		switch op {
		case OpSquare:
			vec.Float64(vec.Mul, d, x, x)
			return nil
		case OpSqrt:
			vec.SqrtFloat64(d, x)
			return nil
		}
		if floatFunc64(op, d, x) {
			return nil
		}
		return unaryFloat(op, d, x)
	case chunk.Complex64:
		return unaryComplex(op, Slice[complex64](dst), Slice[complex64](a))
	case chunk.Complex128:
		return unaryComplex(op, Slice[complex128](dst), Slice[complex128](a))
	}
	return errors.New("blockwise: bad dtype " + dt.String())
}

// zeroTile is a tile of zero bytes: the minuend of integer negations.
var zeroTile [TileSize * 8]byte

func unaryInt[T integer](op Op, d, x []T) error {
	x = x[:len(d)]
	var zero T
	switch op {
	case OpNeg:
		if len(d)*int(unsafe.Sizeof(zero)) <= len(zeroTile) { // 0 - x by internal/vec's loops
			arith(vec.Sub, d, unsafe.Slice((*T)(unsafe.Pointer(&zeroTile[0])), len(d)), x)
			break
		}
		for i := range d {
			d[i] = zero - x[i]
		}
	case OpAbs:
		if d64, ok := any(d).([]int64); ok {
			vec.AbsInt64(d64, any(x).([]int64))
			break
		}
		if zero-1 > 0 { // unsigned
			copy(d, x)
			break
		}
		if n := len(d) * int(unsafe.Sizeof(zero)); n > 0 && n <= len(zeroTile) && &d[0] != &x[0] {
			// max(0 - x, x) by internal/vec's loops (the least value stays itself)
			arith(vec.Sub, d, unsafe.Slice((*T)(unsafe.Pointer(&zeroTile[0])), len(d)), x)
			extremes(true, d, d, x)
			break
		}
		sign := 8*unsafe.Sizeof(zero) - 1
		for i, v := range x { // without a branch: m is 0 or -1 (all ones)
			m := v >> sign
			d[i] = v ^ m - m
		}
	case OpSign:
		for i := range d {
			switch {
			case x[i] > 0:
				d[i] = 1
			case x[i] < 0:
				d[i] = zero - 1
			default:
				d[i] = 0
			}
		}
	case OpSquare:
		arith(vec.Mul, d, x, x)
	case OpFloor, OpCeil, OpRound, OpTrunc:
		copy(d, x)
	case OpNot:
		for i := range d {
			d[i] = ^x[i]
		}
	default:
		return errors.New("blockwise: " + op.String() + " is not defined for integers")
	}
	return nil
}

func unaryFloat[T float](op Op, d, x []T) error {
	x = x[:len(d)]
	switch op {
	case OpNeg:
		vec.NegFloat(d, x)
		return nil
	case OpAbs:
		vec.AbsFloat(d, x)
		return nil
	case OpSquare:
		for i := range d {
			d[i] = x[i] * x[i]
		}
		return nil
	case OpSqrt:
		for i := range d {
			d[i] = T(math.Sqrt(float64(x[i])))
		}
		return nil
	case OpSign:
		vec.SignFloat(d, x)
		return nil
	}
	return errors.New("blockwise: " + op.String() + " is not defined for floats")
}

// floatFunc64 sets d[i] = f(x[i]) for the float function f of op, with
// internal/vec's vector kernel where it has one; it reports whether op is
// a float function.
func floatFunc64(op Op, d, x []float64) bool {
	switch op {
	case OpExp:
		vec.ExpFloat64(d, x)
		return true
	case OpLog:
		vec.LogFloat64(d, x)
		return true
	case OpSin:
		vec.SinFloat64(d, x)
		return true
	case OpCos:
		vec.CosFloat64(d, x)
		return true
	case OpTanh:
		vec.TanhFloat64(d, x)
		return true
	case OpArctan:
		vec.AtanFloat64(d, x)
		return true
	case OpRound, OpFloor, OpCeil, OpTrunc:
		vec.RoundFloat64(roundMode(op), d, x)
		return true
	case OpLog2:
		vec.Log2Float64(d, x)
		return true
	case OpLog10:
		vec.Log10Float64(d, x)
		return true
	case OpLog1p:
		vec.Log1pFloat64(d, x)
		return true
	case OpExp2:
		vec.Exp2Float64(d, x)
		return true
	case OpExpm1:
		vec.Expm1Float64(d, x)
		return true
	case OpTan:
		vec.TanFloat64(d, x)
		return true
	case OpArcsin:
		vec.AsinFloat64(d, x)
		return true
	case OpArccos:
		vec.AcosFloat64(d, x)
		return true
	case OpSinh:
		vec.SinhFloat64(d, x)
		return true
	case OpCosh:
		vec.CoshFloat64(d, x)
		return true
	case OpArcsinh:
		vec.AsinhFloat64(d, x)
		return true
	case OpArccosh:
		vec.AcoshFloat64(d, x)
		return true
	case OpArctanh:
		vec.AtanhFloat64(d, x)
		return true
	case OpCbrt:
		vec.CbrtFloat64(d, x)
		return true
	}
	f := floatFunc(op)
	if f == nil {
		return false
	}
	x = x[:len(d)]
	for i := range d {
		d[i] = f(x[i])
	}
	return true
}

// floatFunc32 is floatFunc64 for float32: internal/vec's float32 kernel
// where it has one (each computes in float64 lanes and rounds once), else
// it widens blocks of x on the stack, computes them in float64 and rounds
// the results.
func floatFunc32(op Op, d, x []float32) bool {
	switch op {
	case OpArctan:
		vec.AtanFloat32(d, x)
		return true
	case OpTanh:
		vec.TanhFloat32(d, x)
		return true
	case OpLog:
		vec.LogFloat32(d, x)
		return true
	case OpSin:
		vec.SinFloat32(d, x)
		return true
	case OpCos:
		vec.CosFloat32(d, x)
		return true
	case OpRound, OpFloor, OpCeil, OpTrunc:
		vec.RoundFloat32(roundMode(op), d, x)
		return true
	case OpExp:
		vec.ExpFloat32(d, x)
		return true
	case OpExp2:
		vec.Exp2Float32(d, x)
		return true
	case OpExpm1:
		vec.Expm1Float32(d, x)
		return true
	case OpLog2:
		vec.Log2Float32(d, x)
		return true
	case OpLog10:
		vec.Log10Float32(d, x)
		return true
	case OpLog1p:
		vec.Log1pFloat32(d, x)
		return true
	case OpTan:
		vec.TanFloat32(d, x)
		return true
	case OpArcsin:
		vec.AsinFloat32(d, x)
		return true
	case OpArccos:
		vec.AcosFloat32(d, x)
		return true
	case OpSinh:
		vec.SinhFloat32(d, x)
		return true
	case OpCosh:
		vec.CoshFloat32(d, x)
		return true
	case OpArcsinh:
		vec.AsinhFloat32(d, x)
		return true
	case OpArccosh:
		vec.AcoshFloat32(d, x)
		return true
	case OpArctanh:
		vec.AtanhFloat32(d, x)
		return true
	case OpCbrt:
		vec.CbrtFloat32(d, x)
		return true
	}
	if floatFunc(op) == nil {
		return false
	}
	var wx, wd [512]float64
	x = x[:len(d)]
	for off := 0; off < len(d); off += len(wx) {
		n := min(len(wx), len(d)-off)
		vec.Float32To64(wx[:n], x[off:off+n])
		floatFunc64(op, wd[:n], wx[:n])
		vec.Float64To32(d[off:off+n], wd[:n])
	}
	return true
}

// roundMode is internal/vec's rounding mode of round, floor, ceil or
// trunc.
func roundMode(op Op) vec.RoundMode {
	switch op {
	case OpFloor:
		return vec.RoundFloor
	case OpCeil:
		return vec.RoundCeil
	case OpTrunc:
		return vec.RoundTrunc
	}
	return vec.RoundEven
}

func floatFunc(op Op) func(float64) float64 {
	switch op {
	case OpExp:
		return math.Exp
	case OpExpm1:
		return math.Expm1
	case OpLog:
		return math.Log
	case OpLog1p:
		return math.Log1p
	case OpLog2:
		return math.Log2
	case OpLog10:
		return math.Log10
	case OpSin:
		return math.Sin
	case OpCos:
		return math.Cos
	case OpTan:
		return math.Tan
	case OpArcsin:
		return math.Asin
	case OpArccos:
		return math.Acos
	case OpArctan:
		return math.Atan
	case OpSinh:
		return math.Sinh
	case OpCosh:
		return math.Cosh
	case OpTanh:
		return math.Tanh
	case OpArcsinh:
		return math.Asinh
	case OpArccosh:
		return math.Acosh
	case OpArctanh:
		return math.Atanh
	case OpExp2:
		return math.Exp2
	case OpCbrt:
		return math.Cbrt
	case OpFloor:
		return math.Floor
	case OpCeil:
		return math.Ceil
	case OpRound:
		return math.RoundToEven
	case OpTrunc:
		return math.Trunc
	}
	return nil
}

// predicate applies isnan, isinf or isfinite to slices of dtype dt.
func predicate(op Op, dt chunk.DType, d []bool, a any) {
	switch dt {
	case chunk.Float64:
		predicateF(op, d, Slice[float64](a))
	case chunk.Float32:
		predicateF(op, d, Slice[float32](a))
	case chunk.Complex64:
		predicateC(op, d, Slice[complex64](a))
	case chunk.Complex128:
		predicateC(op, d, Slice[complex128](a))
	default: // integers and bool are always finite
		for i := range d {
			d[i] = op == OpIsFinite
		}
	}
}

func predicateF[T float](op Op, d []bool, x []T) {
	x = x[:len(d)]
	switch op {
	case OpIsNaN: // x != x, with the vector comparison
		switch v := any(x).(type) {
		case []float64:
			vec.CompareFloat64(vec.Ne, d, v, v)
		case []float32:
			vec.CompareFloat32(vec.Ne, d, v, v)
		default:
			for i := range d {
				d[i] = x[i] != x[i]
			}
		}
	case OpIsInf: // by the bits, without a branch: exponent all ones, mantissa zero
		if x32, ok := any(x).([]float32); ok { // float32's own bits: no widening
			for i, v := range x32 {
				d[i] = math.Float32bits(v)&^(1<<31) == 0xff<<23
			}
			return
		}
		for i, v := range x {
			d[i] = math.Float64bits(float64(v))&^(1<<63) == 0x7ff<<52
		}
	case OpIsFinite: // 256 elements at a time
		var t [256]T
		for lo := 0; lo < len(d); lo += len(t) {
			hi := min(lo+len(t), len(d))
			finite(d[lo:hi], t[:hi-lo], x[lo:hi])
		}
	}
}

// finite sets d[i] to whether x[i] is finite, by vec's loops for float32
// and float64: w = x - x is 0 for a finite x and NaN for ±Inf and NaN,
// and w == w tells which.
func finite[T float](d []bool, w, x []T) {
	switch v := any(x).(type) {
	case []float64:
		w := any(w).([]float64)
		vec.Float64(vec.Sub, w, v, v)
		vec.CompareFloat64(vec.Eq, d, w, w)
	case []float32:
		w := any(w).([]float32)
		vec.Float32(vec.Sub, w, v, v)
		vec.CompareFloat32(vec.Eq, d, w, w)
	default: // exponent not all ones
		for i, v := range x {
			d[i] = math.Float64bits(float64(v))&(0x7ff<<52) != 0x7ff<<52
		}
	}
}

// where selects a or b by cond into dst, all of dtype dt.
func where(dt chunk.DType, dst any, cond []bool, a, b any) {
	switch dt {
	case chunk.Bool:
		vec.Select(Slice[bool](dst), cond, Slice[bool](a), Slice[bool](b))
	case chunk.Int8:
		vec.Select(Slice[int8](dst), cond, Slice[int8](a), Slice[int8](b))
	case chunk.Int16:
		vec.Select(Slice[int16](dst), cond, Slice[int16](a), Slice[int16](b))
	case chunk.Int32:
		vec.Select(Slice[int32](dst), cond, Slice[int32](a), Slice[int32](b))
	case chunk.Int64:
		vec.Select(Slice[int64](dst), cond, Slice[int64](a), Slice[int64](b))
	case chunk.Uint8:
		vec.Select(Slice[uint8](dst), cond, Slice[uint8](a), Slice[uint8](b))
	case chunk.Uint16:
		vec.Select(Slice[uint16](dst), cond, Slice[uint16](a), Slice[uint16](b))
	case chunk.Uint32:
		vec.Select(Slice[uint32](dst), cond, Slice[uint32](a), Slice[uint32](b))
	case chunk.Uint64:
		vec.Select(Slice[uint64](dst), cond, Slice[uint64](a), Slice[uint64](b))
	case chunk.Float32:
		vec.Select(Slice[float32](dst), cond, Slice[float32](a), Slice[float32](b))
	case chunk.Float64:
		vec.Select(Slice[float64](dst), cond, Slice[float64](a), Slice[float64](b))
	case chunk.Complex64:
		vec.Select(Slice[complex64](dst), cond, Slice[complex64](a), Slice[complex64](b))
	case chunk.Complex128:
		vec.Select(Slice[complex128](dst), cond, Slice[complex128](a), Slice[complex128](b))
	}
}

// fillConst sets every element of dst (dtype dt) to the constant of in.
func fillConst(in *Instr, dst any) {
	switch in.DType {
	case chunk.Bool:
		fill(Slice[bool](dst), in.K != 0)
	case chunk.Int8:
		fill(Slice[int8](dst), int8(in.K))
	case chunk.Int16:
		fill(Slice[int16](dst), int16(in.K))
	case chunk.Int32:
		fill(Slice[int32](dst), int32(in.K))
	case chunk.Int64:
		fill(Slice[int64](dst), in.K)
	case chunk.Uint8:
		fill(Slice[uint8](dst), uint8(in.K))
	case chunk.Uint16:
		fill(Slice[uint16](dst), uint16(in.K))
	case chunk.Uint32:
		fill(Slice[uint32](dst), uint32(in.K))
	case chunk.Uint64:
		fill(Slice[uint64](dst), uint64(in.K))
	case chunk.Float32:
		fill(Slice[float32](dst), float32(in.F))
	case chunk.Float64:
		fill(Slice[float64](dst), in.F)
	case chunk.Complex64:
		fill(Slice[complex64](dst), complex(float32(in.F), float32(in.G)))
	case chunk.Complex128:
		fill(Slice[complex128](dst), complex(in.F, in.G))
	}
}

func fill[T any](d []T, v T) {
	for i := range d {
		d[i] = v
	}
}

// Counter-based random numbers: the value of element i depends only on
// the seed and i, so it does not change with the chunking.

// mix64 and golden are splitmix64's finaliser and counter step.
func mix64(z uint64) uint64 { return vec.Mix64(z) }

const golden = vec.Golden

// streamKey derives independent stream keys from a seed.
func streamKey(seed int64, stream uint64) uint64 {
	return mix64(uint64(seed)*golden ^ mix64(stream+1))
}

// uniformRun fills d with the uniform stream of key from element start.
func uniformRun(d []float64, key uint64, start int64) {
	vec.Uniform(d, key+uint64(start)*golden)
}

// normalRun fills d with the standard normal stream of keys key1 and
// key2 from element start: Box–Muller's √(−2·ln u1)·cos(2π·u2) of the
// two uniform streams (u1 moved into (0, 1)), 256 elements at a time
// through vec's loops, which give math.Log's, math.Sqrt's and math.Cos's
// bits.
func normalRun(d []float64, key1, key2 uint64, start int64) {
	c1, c2 := key1+uint64(start)*golden, key2+uint64(start)*golden
	var u1, u2 [256]float64
	for len(d) > 0 {
		n := min(len(d), len(u1))
		a, b, out := u1[:n], u2[:n], d[:n]
		vec.Uniform(a, c1)
		vec.Uniform(b, c2)
		for i := range a {
			a[i] += 0x1p-54 // in (0, 1)
		}
		vec.LogFloat64(out, a)
		for i := range out {
			out[i] *= -2
		}
		vec.SqrtFloat64(out, out)
		for i := range b {
			b[i] *= 2 * math.Pi
		}
		vec.CosFloat64(a, b)
		for i := range out {
			out[i] *= a[i]
		}
		c1 += uint64(n) * golden
		c2 += uint64(n) * golden
		d = d[n:]
	}
}

func randIntRun(d []int64, key uint64, start int64, lo, hi float64) {
	c := key + uint64(start)*golden
	span := uint64(int64(hi) - int64(lo))
	base := int64(lo)
	for i := range d {
		c += golden
		h, _ := mulHi(mix64(c), span)
		d[i] = base + int64(h)
	}
}

func mulHi(a, b uint64) (uint64, uint64) {
	const mask32 = 1<<32 - 1
	a0, a1 := a&mask32, a>>32
	b0, b1 := b&mask32, b>>32
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1, w2 := t&mask32, t>>32
	w1 += a0 * b1
	return a1*b1 + w2 + w1>>32, a * b
}

// Slice returns the typed slice a tile value holds: a []T, or a *[]T (a
// tile view, which Tile returns for an input read in place). It panics
// when v holds neither, which is a bug in chunkwise.
func Slice[T any](v any) []T {
	if p, ok := v.(*[]T); ok {
		return *p
	}
	return v.([]T)
}
