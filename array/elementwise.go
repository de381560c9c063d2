package array

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/chunkwise/chunkwise/blockwise"
	"github.com/chunkwise/chunkwise/chunk"
)

// maxInlineInstrs bounds how large a program grows by inlining its
// operands' programs; past it an operand is read as a computed chunk.
const maxInlineInstrs = 256

// operand is one argument of an elementwise operation: an array or a Go
// scalar.
type operand struct {
	arr  *Array
	val  float64
	ival int64
	big  bool    // an unsigned Go integer above math.MaxInt64 (ival wraps)
	imag float64 // of a complex scalar
	kind chunk.Kind
}

// intRange reports where the Go integer scalar o lies against the range
// of the integer dtype dt: below it, above it, or neither (also for any
// other operand or dtype).
func intRange(o operand, dt chunk.DType) (below, above bool) {
	if o.arr != nil || o.kind != chunk.KindInt || (dt.Kind() != chunk.KindInt && dt.Kind() != chunk.KindUint) {
		return false, false
	}
	bits := 8 * dt.Size()
	if dt.Kind() == chunk.KindUint {
		return !o.big && o.ival < 0, bits < 64 && (o.big || o.ival >= int64(1)<<bits)
	}
	return !o.big && bits < 64 && o.ival < -(int64(1)<<(bits-1)), o.big || bits < 64 && o.ival >= int64(1)<<(bits-1)
}

// emitConst emits the Go number o as a constant of dtype dt: a Go
// integer into an integer dtype exactly (beyond 2^53 too).
func (o operand) emitConst(b *blockwise.Builder, dt chunk.DType) int32 {
	if k := dt.Kind(); o.kind == chunk.KindInt && (k == chunk.KindInt || k == chunk.KindUint) {
		return b.ConstInt(o.ival, dt)
	}
	return b.ConstComplex(complex(o.val, o.imag), dt)
}

// outOfBounds is NumPy's error for a Go integer the operation's integer
// dtype cannot hold (NumPy 2's OverflowError: Python integers are weak,
// and one that does not fit is not wrapped).
func outOfBounds(name string, o operand, dt chunk.DType) *Array {
	v := strconv.FormatInt(o.ival, 10)
	if o.big {
		v = strconv.FormatUint(uint64(o.ival), 10)
	}
	return errorf(name, "Go integer %s out of bounds for %v", v, dt)
}

func toOperand(op string, v any) (operand, error) {
	switch x := v.(type) {
	case *Array:
		if x == nil {
			return operand{}, fmt.Errorf("array: %s: nil *Array operand", op)
		}
		return operand{arr: x}, x.err
	case bool:
		o := operand{kind: chunk.KindBool}
		if x {
			o.val, o.ival = 1, 1
		}
		return o, nil
	case int:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case int8:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case int16:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case int32:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case int64:
		return operand{val: float64(x), ival: x, kind: chunk.KindInt}, nil
	case uint:
		return operand{val: float64(x), ival: int64(x), big: uint64(x) > math.MaxInt64, kind: chunk.KindInt}, nil
	case uint8:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case uint16:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case uint32:
		return operand{val: float64(x), ival: int64(x), kind: chunk.KindInt}, nil
	case uint64:
		return operand{val: float64(x), ival: int64(x), big: x > math.MaxInt64, kind: chunk.KindInt}, nil
	case float32:
		return operand{val: float64(x), kind: chunk.KindFloat}, nil
	case float64:
		return operand{val: x, kind: chunk.KindFloat}, nil
	case complex64:
		return operand{val: float64(real(x)), imag: float64(imag(x)), kind: chunk.KindComplex}, nil
	case complex128:
		return operand{val: real(x), imag: imag(x), kind: chunk.KindComplex}, nil
	}
	return operand{}, fmt.Errorf("array: %s: operand of type %T; want *Array or a Go number", op, v)
}

// promote returns the dtype NumPy computes an operation on these operands
// in: arrays promote among themselves, then scalars join as weak types.
func promote(ops []operand) chunk.DType {
	dt := chunk.Invalid
	for _, o := range ops {
		if o.arr != nil {
			if dt == chunk.Invalid {
				dt = o.arr.dtype
			} else {
				dt = chunk.Promote(dt, o.arr.dtype)
			}
		}
	}
	for _, o := range ops {
		if o.arr == nil {
			dt = chunk.PromoteScalar(dt, o.kind)
		}
	}
	return dt
}

// emitFunc emits an operation over args, whose dtypes are given, and
// returns the result instruction or an error naming what is unsupported.
type emitFunc func(b *blockwise.Builder, args []int32) (int32, error)

// elementwise builds the array that applies emit to the operands,
// broadcast together (NumPy rules), operand i cast to dtype dts[i].
// Operands that are elementwise themselves are inlined, so a chain
// becomes one program.
func elementwise(op string, dts []chunk.DType, values []any, emit emitFunc) *Array {
	ops := make([]operand, len(values))
	var arrays []*Array
	for i, v := range values {
		o, err := toOperand(op, v)
		if err != nil {
			return errArray(err)
		}
		ops[i] = o
		if o.arr != nil {
			arrays = append(arrays, o.arr)
		}
	}
	if len(arrays) == 1 && arrays[0].err == nil && arrays[0].unknown != nil {
		return elementwiseUnknown(op, dts, ops, emit)
	}
	if bad := requireKnown(op, arrays...); bad != nil {
		return bad
	}
	shapes := make([][]int, len(arrays))
	for i, a := range arrays {
		shapes[i] = a.Shape()
	}
	shape, err := blockwise.BroadcastShapes(shapes...)
	if err != nil {
		return errorf(op, "%v", err)
	}
	g, err := refinedGrid(shape, arrays)
	if err != nil {
		return errorf(op, "%v", err)
	}
	nd := len(shape)
	// Gather the blockwise inputs of every operand, deduplicated.
	var inputs []blockwise.Input
	var perms [][]int
	var bounds [][][]int
	var steps [][]int
	seen := map[string]int{}
	type prepared struct {
		prog *blockwise.Program
		idx  []int32
	}
	preps := make([]prepared, len(ops))
	reads := 0
	for i, o := range ops {
		if o.arr == nil {
			continue
		}
		a := o.arr
		reads = max(reads, a.readBytes())
		var win []windows // per axis of a: how g's blocks sit in its chunks, where g cuts them finer
		if !sameChunksOnFullAxes(a, g) {
			if win = windowsOf(a, g); win == nil {
				a = a.Rechunk(alignSpec(a, g))
				if a.err != nil {
					return errArray(a.err)
				}
			}
		}
		e := a.asExpr()
		// A program that reads element positions (Arange, Eye, Tri,
		// random numbers) computes them in the frame it runs in, so it is
		// inlined only where that frame is its own: broadcast, it is read
		// as its chunks.
		if a.expr != nil && (len(a.expr.prog.Instrs) > maxInlineInstrs || hasPositionLeaves(e.prog) && !slices.Equal(a.Shape(), shape)) {
			e = (&Array{layer: a.layer, grid: a.grid, dtype: a.dtype}).asExpr()
		}
		lead := nd - a.NDim()
		opAxis := make([]int, a.NDim()) // operand axis → output axis or -1
		for j := range opAxis {
			opAxis[j] = lead + j
			if a.Shape()[j] == 1 && shape[lead+j] != 1 {
				opAxis[j] = -1
			}
		}
		idx := make([]int32, len(e.inputs))
		for k, in := range e.inputs {
			axes := make([]int, len(in.Axes))
			for j, ax := range in.Axes {
				axes[j] = -1
				if ax >= 0 {
					axes[j] = opAxis[ax]
				}
			}
			var perm []int // the input's axis map in the output frame, when not the default
			if e.prog.Perms != nil && e.prog.Perms[k] != nil {
				perm = make([]int, nd)
				for o := range perm {
					perm[o] = -1
					if o >= lead {
						perm[o] = e.prog.Perms[k][o-lead]
					}
				}
			}
			blocks, bnd := windowInput(e, k, win)
			var step []int
			if e.prog.Steps != nil {
				step = e.prog.Steps[k]
			}
			key := in.Layer.Name() + fmt.Sprint(axes, perm, blocks, bnd, step)
			n, ok := seen[key]
			if !ok {
				n = len(inputs)
				seen[key] = n
				inputs = append(inputs, blockwise.Input{Layer: in.Layer, Axes: axes, Blocks: blocks})
				perms = append(perms, perm)
				bounds = append(bounds, bnd)
				steps = append(steps, step)
			}
			idx[k] = int32(n)
		}
		preps[i] = prepared{prog: e.prog, idx: idx}
	}
	b := blockwise.NewBuilder(len(inputs))
	for k, perm := range perms {
		b.SetPerm(k, perm)
		b.SetBounds(k, bounds[k])
		b.SetSteps(k, steps[k])
	}
	inputDT := make([]chunk.DType, len(inputs))
	for i, o := range ops {
		if o.arr == nil {
			continue
		}
		for _, in := range preps[i].prog.Instrs {
			if in.Op == blockwise.OpInput {
				inputDT[preps[i].idx[in.K]] = in.DType
			}
		}
	}
	inIns := make([]int32, len(inputs))
	for k := range inputs {
		inIns[k] = b.Input(k, inputDT[k])
	}
	args := make([]int32, len(ops))
	for i, o := range ops {
		if o.arr == nil {
			args[i] = o.emitConst(b, dts[i])
			continue
		}
		ins := make([]int32, len(preps[i].idx))
		for k, n := range preps[i].idx {
			ins[k] = inIns[n]
		}
		args[i] = b.Cast(b.Append(preps[i].prog, ins), dts[i])
	}
	res, err := emit(b, args)
	if err != nil {
		return errorf(op, "%v", err)
	}
	prog := b.Program(res)
	l := blockwise.ExprLayer(prog, g, inputs)
	return &Array{layer: l, grid: g, dtype: prog.DType(), expr: &expr{prog: prog, inputs: inputs, reads: reads}}
}

// elementwiseUnknown is elementwise for one array, whose chunk sizes are
// unknown (a boolean mask's selection), and Go numbers: the result has
// the array's blocks, each task taking its shape from the block it
// reads, as Dask's elementwise operations on NaN chunks do. Several
// arrays would have to be lined up, which needs their sizes.
func elementwiseUnknown(op string, dts []chunk.DType, ops []operand, emit emitFunc) *Array {
	var a *Array
	for _, o := range ops {
		if o.arr != nil {
			a = o.arr
		}
	}
	e := a.asExpr()
	if hasPositionLeaves(e.prog) || e.prog.Perms != nil || e.prog.Bounds != nil {
		return errorf(op, "%v", ErrUnknownChunks)
	}
	b := blockwise.NewBuilder(len(e.inputs))
	ins := make([]int32, len(e.inputs))
	for _, in := range e.prog.Instrs {
		if in.Op == blockwise.OpInput {
			ins[in.K] = b.Input(int(in.K), in.DType)
		}
	}
	args := make([]int32, len(ops))
	for i, o := range ops {
		if o.arr != nil {
			args[i] = b.Cast(b.Append(e.prog, ins), dts[i])
		} else {
			args[i] = o.emitConst(b, dts[i])
		}
	}
	res, err := emit(b, args)
	if err != nil {
		return errorf(op, "%v", err)
	}
	prog := b.Program(res)
	l := blockwise.ExprLayerShapedByInput(prog, a.grid, e.inputs)
	return &Array{layer: l, grid: a.grid, dtype: prog.DType(), unknown: slices.Clone(a.unknown), expr: &expr{prog: prog, inputs: e.inputs, reads: a.readBytes()}}
}

// broadcastGrid picks the chunks of the broadcast result: on each axis,
// those of the first operand that spans it.
func broadcastGrid(shape []int, arrays []*Array) (chunk.Grid, error) {
	nd := len(shape)
	chunks := make([][]int, nd)
	for ax := range chunks {
		for _, a := range arrays {
			j := ax - (nd - a.NDim())
			if j >= 0 && a.Shape()[j] == shape[ax] {
				chunks[ax] = a.Chunks()[j]
				break
			}
		}
		if chunks[ax] == nil {
			chunks[ax] = []int{shape[ax]}
		}
	}
	return chunk.NewGrid(chunks)
}

// sameChunksOnFullAxes reports whether a's chunks match g's on every axis
// a spans fully (broadcast axes of length 1 always match).
func sameChunksOnFullAxes(a *Array, g chunk.Grid) bool {
	lead := g.NDim() - a.NDim()
	for j, c := range a.Chunks() {
		if a.Shape()[j] == 1 && g.Shape()[lead+j] != 1 {
			continue
		}
		if !slices.Equal(c, g.Chunks()[lead+j]) {
			return false
		}
	}
	return true
}

// alignSpec returns the chunk spec that gives a the chunks of g on the
// axes it spans.
func alignSpec(a *Array, g chunk.Grid) chunk.Spec {
	lead := g.NDim() - a.NDim()
	s := make(chunk.Spec, a.NDim())
	for j := range s {
		if a.Shape()[j] == 1 && g.Shape()[lead+j] != 1 {
			s[j] = chunk.Whole()
		} else {
			s[j] = chunk.Sizes(g.Chunks()[lead+j]...)
		}
	}
	return s
}

// binaryKind classifies binary operations for dtype rules.
type binaryKind uint8

const (
	arith      binaryKind = iota // result in the promoted dtype
	trueDiv                      // result in the promoted float dtype
	comparison                   // computed in the promoted dtype, result bool
	bitwise                      // bool or integers only
)

// binaryOperand checks the operands of a binary operation: it returns
// y as an operand, or an Array carrying the error.
func binaryOperand(name string, x *Array, y any) (operand, *Array) {
	if x == nil {
		return operand{}, errorf(name, "nil *Array")
	}
	if x.err != nil {
		return operand{}, x
	}
	o, err := toOperand(name, y)
	if err != nil {
		return operand{}, errArray(err)
	}
	return o, nil
}

func binaryOp(name string, op blockwise.Op, kind binaryKind, x *Array, y any) *Array {
	o, bad := binaryOperand(name, x, y)
	if bad != nil {
		return bad
	}
	ops := []operand{{arr: x}, o}
	dt := promote(ops)
	res := dt
	switch kind {
	case trueDiv:
		dt = chunk.FloatResult(dt)
		res = dt
	case comparison:
		res = chunk.Bool
	case bitwise:
		if dt.IsFloat() || dt.IsComplex() {
			return errorf(name, "ufunc %s not supported for the input types (%v and %s)", op, x.dtype, describe(o))
		}
	case arith:
		if dt.IsComplex() && (op == blockwise.OpFloorDiv || op == blockwise.OpMod) {
			return errorf(name, "ufunc %s not supported for complex numbers (%v and %s)", op, x.dtype, describe(o))
		}
		if dt == chunk.Bool {
			switch op {
			case blockwise.OpSub:
				return errorf(name, "numpy boolean subtract is not supported; use Xor or Ne")
			case blockwise.OpFloorDiv, blockwise.OpMod, blockwise.OpPow:
				dt, res = chunk.Int8, chunk.Int8
			}
		}
	}
	if below, above := intRange(o, dt); below || above {
		if kind != comparison {
			return outOfBounds(name, o, dt)
		}
		// Every value of x lies on one side of y: the comparison is
		// constant, as NumPy 2 gives it, and is made against the end of
		// dt's range on that side.
		lo, hi := dtypeRange(dt)
		switch {
		case above && (op == blockwise.OpLt || op == blockwise.OpLe || op == blockwise.OpNe):
			return x.Le(hi) // true
		case above:
			return x.Gt(hi) // false
		case op == blockwise.OpGt || op == blockwise.OpGe || op == blockwise.OpNe:
			return x.Ge(lo) // true
		}
		return x.Lt(lo) // false
	}
	return elementwise(name, []chunk.DType{dt, dt}, []any{x, y}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Binary(op, res, args[0], args[1]), nil
	})
}

// dtypeRange is the least and greatest value of the integer dtype dt, as
// Go integers that promote weakly to dt.
func dtypeRange(dt chunk.DType) (lo, hi any) {
	bits := 8 * dt.Size()
	if dt.Kind() == chunk.KindUint {
		return 0, uint64(math.MaxUint64) >> (64 - bits)
	}
	return int64(-1) << (bits - 1), int64(math.MaxInt64) >> (64 - bits)
}

func describe(o operand) string {
	if o.arr != nil {
		return o.arr.dtype.String()
	}
	return [...]string{"bool", "uint", "int", "float", "complex"}[o.kind] + " scalar"
}

// Add returns x + y elementwise. y is an *Array or a Go number; arrays
// broadcast (NumPy rules) and dtypes promote (numpy.result_type, scalars
// weak). The same holds for every binary operation below.
func (x *Array) Add(y any) *Array { return binaryOp("add", blockwise.OpAdd, arith, x, y) }

// Sub returns x - y elementwise (an error for two bool operands, as in
// NumPy).
func (x *Array) Sub(y any) *Array { return binaryOp("subtract", blockwise.OpSub, arith, x, y) }

// Mul returns x * y elementwise.
func (x *Array) Mul(y any) *Array { return binaryOp("multiply", blockwise.OpMul, arith, x, y) }

// Div returns the true division x / y: float64 for integer operands,
// float32 when both are float32.
func (x *Array) Div(y any) *Array { return binaryOp("true_divide", blockwise.OpDiv, trueDiv, x, y) }

// FloorDiv returns x // y with Python's rounding toward -∞; an integer
// division by zero gives 0, as in NumPy.
func (x *Array) FloorDiv(y any) *Array {
	return binaryOp("floor_divide", blockwise.OpFloorDiv, arith, x, y)
}

// Mod returns x % y with the sign of y (numpy.mod).
func (x *Array) Mod(y any) *Array { return binaryOp("mod", blockwise.OpMod, arith, x, y) }

// Pow returns x ** y. Integers raised to negative integer powers fail at
// compute time, as in NumPy.
func (x *Array) Pow(y any) *Array { return binaryOp("power", blockwise.OpPow, arith, x, y) }

// Maximum returns the elementwise maximum, propagating NaN.
func (x *Array) Maximum(y any) *Array { return binaryOp("maximum", blockwise.OpMaximum, arith, x, y) }

// Minimum returns the elementwise minimum, propagating NaN.
func (x *Array) Minimum(y any) *Array { return binaryOp("minimum", blockwise.OpMinimum, arith, x, y) }

// Eq returns x == y elementwise as bool.
func (x *Array) Eq(y any) *Array { return binaryOp("equal", blockwise.OpEq, comparison, x, y) }

// Ne returns x != y elementwise as bool.
func (x *Array) Ne(y any) *Array { return binaryOp("not_equal", blockwise.OpNe, comparison, x, y) }

// Lt returns x < y elementwise as bool.
func (x *Array) Lt(y any) *Array { return binaryOp("less", blockwise.OpLt, comparison, x, y) }

// Le returns x <= y elementwise as bool.
func (x *Array) Le(y any) *Array { return binaryOp("less_equal", blockwise.OpLe, comparison, x, y) }

// Gt returns x > y elementwise as bool.
func (x *Array) Gt(y any) *Array { return binaryOp("greater", blockwise.OpGt, comparison, x, y) }

// Ge returns x >= y elementwise as bool.
func (x *Array) Ge(y any) *Array { return binaryOp("greater_equal", blockwise.OpGe, comparison, x, y) }

// And returns the logical and of bool arrays, the bitwise and of integer
// ones (NumPy's &); floats are an error.
func (x *Array) And(y any) *Array { return binaryOp("bitwise_and", blockwise.OpAnd, bitwise, x, y) }

// Or returns the logical or of bool arrays, the bitwise or of integers.
func (x *Array) Or(y any) *Array { return binaryOp("bitwise_or", blockwise.OpOr, bitwise, x, y) }

// Xor returns the logical xor of bool arrays, the bitwise xor of integers.
func (x *Array) Xor(y any) *Array { return binaryOp("bitwise_xor", blockwise.OpXor, bitwise, x, y) }

// unaryKind classifies unary operations for dtype rules.
type unaryKind uint8

const (
	sameType   unaryKind = iota // result in the input dtype
	floatMath                   // computed in float (chunk.MathResult)
	predicate                   // result bool
	boolOrInt                   // logical not / bitwise invert
	signedOnly                  // same dtype, not bool
)

func unaryOp(name string, op blockwise.Op, kind unaryKind, x *Array) *Array {
	if x == nil {
		return errorf(name, "nil *Array")
	}
	if x.err != nil {
		return x
	}
	dt, res := x.dtype, x.dtype
	switch kind {
	case floatMath:
		dt = chunk.MathResult(dt)
		res = dt
	case predicate:
		res = chunk.Bool
	case boolOrInt:
		if dt.IsFloat() || dt.IsComplex() {
			return errorf(name, "ufunc %s not supported for %v", op, dt)
		}
	case signedOnly:
		if dt == chunk.Bool {
			return errorf(name, "the numpy boolean negative is not supported; use Not")
		}
	}
	if dt.IsComplex() {
		switch op {
		case blockwise.OpFloor, blockwise.OpCeil, blockwise.OpTrunc, blockwise.OpCbrt:
			return errorf(name, "ufunc %s not supported for complex numbers (%v)", op, dt)
		case blockwise.OpAbs:
			res = chunk.RealOf(dt) // |z| is real
		}
	}
	return elementwise(name, []chunk.DType{dt}, []any{x}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Unary(op, res, args[0]), nil
	})
}

// Neg returns -x.
func (x *Array) Neg() *Array { return unaryOp("negative", blockwise.OpNeg, signedOnly, x) }

// Abs returns |x|.
func (x *Array) Abs() *Array { return unaryOp("absolute", blockwise.OpAbs, sameType, x) }

// Sign returns -1, 0 or 1 by the sign of x (NaN stays NaN).
func (x *Array) Sign() *Array { return unaryOp("sign", blockwise.OpSign, signedOnly, x) }

// Square returns x*x.
func (x *Array) Square() *Array { return unaryOp("square", blockwise.OpSquare, sameType, x) }

// Not returns the logical not of a bool array, the bitwise invert of an
// integer one (NumPy's ~); floats are an error.
func (x *Array) Not() *Array { return unaryOp("invert", blockwise.OpNot, boolOrInt, x) }

// Sqrt returns the square root. Integer and bool inputs give NumPy's
// float (chunk.MathResult: float32 up to 16-bit integers, float64 above);
// the float functions below follow the same dtype rule.
func (x *Array) Sqrt() *Array { return unaryOp("sqrt", blockwise.OpSqrt, floatMath, x) }

// Exp returns e**x.
func (x *Array) Exp() *Array { return unaryOp("exp", blockwise.OpExp, floatMath, x) }

// Expm1 returns e**x - 1, accurate near 0.
func (x *Array) Expm1() *Array { return unaryOp("expm1", blockwise.OpExpm1, floatMath, x) }

// Log returns the natural logarithm.
func (x *Array) Log() *Array { return unaryOp("log", blockwise.OpLog, floatMath, x) }

// Log1p returns log(1 + x), accurate near 0.
func (x *Array) Log1p() *Array { return unaryOp("log1p", blockwise.OpLog1p, floatMath, x) }

// Log2 returns the base-2 logarithm.
func (x *Array) Log2() *Array { return unaryOp("log2", blockwise.OpLog2, floatMath, x) }

// Log10 returns the base-10 logarithm.
func (x *Array) Log10() *Array { return unaryOp("log10", blockwise.OpLog10, floatMath, x) }

// Sin returns the sine.
func (x *Array) Sin() *Array { return unaryOp("sin", blockwise.OpSin, floatMath, x) }

// Cos returns the cosine.
func (x *Array) Cos() *Array { return unaryOp("cos", blockwise.OpCos, floatMath, x) }

// Tan returns the tangent.
func (x *Array) Tan() *Array { return unaryOp("tan", blockwise.OpTan, floatMath, x) }

// Arcsin returns the inverse sine.
func (x *Array) Arcsin() *Array { return unaryOp("arcsin", blockwise.OpArcsin, floatMath, x) }

// Arccos returns the inverse cosine.
func (x *Array) Arccos() *Array { return unaryOp("arccos", blockwise.OpArccos, floatMath, x) }

// Arctan returns the inverse tangent.
func (x *Array) Arctan() *Array { return unaryOp("arctan", blockwise.OpArctan, floatMath, x) }

// Sinh returns the hyperbolic sine.
func (x *Array) Sinh() *Array { return unaryOp("sinh", blockwise.OpSinh, floatMath, x) }

// Cosh returns the hyperbolic cosine.
func (x *Array) Cosh() *Array { return unaryOp("cosh", blockwise.OpCosh, floatMath, x) }

// Tanh returns the hyperbolic tangent.
func (x *Array) Tanh() *Array { return unaryOp("tanh", blockwise.OpTanh, floatMath, x) }

// Floor rounds toward -∞.
func (x *Array) Floor() *Array { return unaryOp("floor", blockwise.OpFloor, floatMath, x) }

// Ceil rounds toward +∞.
func (x *Array) Ceil() *Array { return unaryOp("ceil", blockwise.OpCeil, floatMath, x) }

// Round rounds to the nearest integer, halves to even (numpy.round);
// integer and bool arrays are returned as they are, as NumPy does. With
// decimals (at most one) it rounds to that many decimal places, or to a
// multiple of 10**-decimals when negative, as numpy.round(x, decimals)
// does: rint(x·10**d)/10**d in x's float dtype; integers by negative
// decimals through float64 (exact below 2**53).
func (x *Array) Round(decimals ...int) *Array {
	if len(decimals) > 1 {
		return errorf("round", "%d decimals arguments; want at most one", len(decimals))
	}
	if len(decimals) == 1 && decimals[0] != 0 {
		return x.roundDecimals(decimals[0])
	}
	if x != nil && x.err == nil && !x.dtype.IsFloat() && !x.dtype.IsComplex() {
		return x
	}
	return unaryOp("round", blockwise.OpRound, floatMath, x)
}

// Trunc rounds toward zero.
func (x *Array) Trunc() *Array { return unaryOp("trunc", blockwise.OpTrunc, floatMath, x) }

// IsNaN reports NaN elements (always false for integers and bool).
func (x *Array) IsNaN() *Array { return unaryOp("isnan", blockwise.OpIsNaN, predicate, x) }

// IsInf reports ±Inf elements.
func (x *Array) IsInf() *Array { return unaryOp("isinf", blockwise.OpIsInf, predicate, x) }

// IsFinite reports elements that are neither NaN nor ±Inf.
func (x *Array) IsFinite() *Array { return unaryOp("isfinite", blockwise.OpIsFinite, predicate, x) }

// AsType returns x converted to dtype dt with NumPy's astype semantics.
func (x *Array) AsType(dt chunk.DType) *Array {
	if x == nil {
		return errorf("astype", "nil *Array")
	}
	if x.err != nil {
		return x
	}
	if !dt.Valid() {
		return errorf("astype", "invalid dtype %v", dt)
	}
	if dt == x.dtype {
		return x
	}
	return elementwise("astype", []chunk.DType{x.dtype}, []any{x}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Cast(args[0], dt), nil
	})
}

// Clip limits x to [lo, hi] (numpy.clip); lo and hi are arrays or Go
// numbers. A Go integer bound beyond the range of x's integer dtype is
// taken at the end of that range, as NumPy 2.1's clip takes a Python
// integer: the result keeps x's dtype.
func (x *Array) Clip(lo, hi any) *Array {
	if x != nil && x.err == nil && (x.dtype.Kind() == chunk.KindInt || x.dtype.Kind() == chunk.KindUint) {
		rlo, rhi := dtypeRange(x.dtype)
		for _, b := range []*any{&lo, &hi} {
			if o, err := toOperand("clip", *b); err == nil {
				if below, above := intRange(o, x.dtype); below {
					*b = rlo
				} else if above {
					*b = rhi
				}
			}
		}
	}
	return x.Maximum(lo).Minimum(hi)
}

// Where returns x where cond is true and y elsewhere (numpy.where). cond
// is cast to bool; x and y are arrays or Go numbers and promote together;
// all three broadcast.
func Where(cond *Array, x, y any) *Array {
	if cond == nil {
		return errorf("where", "nil condition")
	}
	if cond.err != nil {
		return cond
	}
	ox, err := toOperand("where", x)
	if err != nil {
		return errArray(err)
	}
	oy, err := toOperand("where", y)
	if err != nil {
		return errArray(err)
	}
	dt := promote([]operand{ox, oy})
	if dt == chunk.Invalid { // two scalars
		dt = chunk.PromoteScalar(chunk.PromoteScalar(chunk.Bool, ox.kind), oy.kind)
	}
	for _, o := range []operand{ox, oy} {
		if below, above := intRange(o, dt); below || above {
			return outOfBounds("where", o, dt)
		}
	}
	return elementwise("where", []chunk.DType{chunk.Bool, dt, dt}, []any{cond, x, y}, func(b *blockwise.Builder, args []int32) (int32, error) {
		return b.Where(args[0], args[1], args[2], dt), nil
	})
}

// maxRefinement bounds how many times more blocks than its operand with
// the most the result of misaligned operands may have.
const maxRefinement = 4

// refinedGrid picks the chunks of the broadcast result: on each axis, cut
// at every chunk boundary of every operand that spans it, as Dask's
// unify_chunks does, so that each operand's block is a window of one of
// its chunks, read in place, and no operand is copied to line up with
// another. Where that would multiply the blocks by more than
// maxRefinement, the first operand's chunks are used instead and the
// others rechunked to them.
func refinedGrid(shape []int, arrays []*Array) (chunk.Grid, error) {
	first, err := broadcastGrid(shape, arrays)
	if err != nil {
		return first, err
	}
	nd := len(shape)
	chunks := slices.Clone(first.Chunks())
	most := 1
	for _, a := range arrays {
		most = max(most, chunk.Prod(a.grid.NumBlocks()))
	}
	blocks := 1
	for ax := range chunks {
		if shape[ax] == 0 {
			continue
		}
		var cuts []int // every operand's chunk offsets, the axis length included
		for _, a := range arrays {
			j := ax - (nd - a.NDim())
			if j >= 0 && a.Shape()[j] == shape[ax] {
				cuts = append(cuts, a.grid.Offsets(j)...)
			}
		}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		chunks[ax] = make([]int, len(cuts)-1)
		for i := range chunks[ax] {
			chunks[ax][i] = cuts[i+1] - cuts[i]
		}
		blocks *= len(chunks[ax])
	}
	if blocks > maxRefinement*most {
		return first, nil
	}
	return chunk.NewGrid(chunks)
}

// windows places the blocks of a finer grid along one axis of an array:
// output block b lies in the array's chunk Blocks[b], and the array's
// chunks start at Starts.
type windows struct {
	Blocks []int
	Starts []int
}

// windowsOf returns, per axis of a, where g's blocks lie in a's chunks
// along the axes where g cuts them finer (zero entries elsewhere), or nil
// when g does not refine a's chunks (a must be rechunked).
func windowsOf(a *Array, g chunk.Grid) []windows {
	lead := g.NDim() - a.NDim()
	win := make([]windows, a.NDim())
	for j, c := range a.Chunks() {
		gc := g.Chunks()[lead+j]
		if a.Shape()[j] == 1 && g.Shape()[lead+j] != 1 || slices.Equal(c, gc) {
			continue
		}
		if a.Shape()[j] == 0 {
			return nil
		}
		ao, gs := a.grid.Offsets(j), g.Offsets(lead+j)
		blocks := make([]int, len(gc))
		for b := range blocks {
			i := a.grid.BlockOf(j, gs[b])
			if gs[b+1] > ao[i+1] {
				return nil // the block spans two of a's chunks
			}
			blocks[b] = i
		}
		win[j] = windows{Blocks: blocks, Starts: ao[:len(c)]}
	}
	return win
}

// windowInput returns how input k of operand expression e is read when
// the operand is read through win (windowsOf; nil: its own blocks): its
// block per output block along each of its axes, and where its chunks
// start, composed with the windows through which e already reads it.
func windowInput(e *expr, k int, win []windows) (blocks [][]int, bounds [][]int) {
	in := e.inputs[k]
	if e.prog.Bounds != nil && e.prog.Bounds[k] != nil {
		bounds = slices.Clone(e.prog.Bounds[k])
	}
	if in.Blocks != nil {
		blocks = slices.Clone(in.Blocks)
	}
	for i, j := range in.Axes {
		if j < 0 || win == nil || win[j].Blocks == nil {
			continue
		}
		if blocks == nil {
			blocks = make([][]int, len(in.Axes))
		}
		if bounds == nil {
			bounds = make([][]int, len(in.Axes))
		}
		inner := make([]int, len(win[j].Blocks))
		for b, ab := range win[j].Blocks {
			inner[b] = ab
			if in.Blocks != nil && in.Blocks[i] != nil {
				inner[b] = in.Blocks[i][ab]
			}
		}
		blocks[i] = inner
		if bounds[i] == nil {
			bounds[i] = win[j].Starts
		}
	}
	return blocks, bounds
}
