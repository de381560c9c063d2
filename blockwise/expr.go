package blockwise

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Op is one elementwise operation of an expression program.
type Op uint8

// The operations. Binary arithmetic and comparisons take operands of one
// dtype (the builder inserts casts); comparisons and predicates give bool.
const (
	OpInvalid Op = iota
	// Leaves.
	OpInput     // input chunk K
	OpConst     // constant: K for bool and integers, F for floats, F+iG for complex
	OpIndex     // global C-order flat index of the element (int64)
	OpAxisIndex // global index of the element along axis K (int64)
	OpRandom    // uniform [0, 1) float64 from seed K
	OpNormal    // standard normal float64 from seed K
	OpRandInt   // uniform integer in [F, G) from seed K (int64)
	// Conversion.
	OpCast
	// Binary arithmetic.
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpFloorDiv
	OpMod
	OpPow
	OpArctan2   // floats only, as the float ops below
	OpHypot     //
	OpLogaddexp //
	OpMaximum
	OpMinimum
	// Bitwise (integers) and logical (bool).
	OpAnd
	OpOr
	OpLeftShift  // integers only
	OpRightShift //
	OpXor
	// Comparisons.
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	// Unary, same dtype.
	OpNeg
	OpAbs
	OpSign
	OpSquare
	OpNot
	// Unary on floats.
	OpSqrt
	OpExp
	OpExpm1
	OpLog
	OpLog1p
	OpLog2
	OpLog10
	OpSin
	OpCos
	OpTan
	OpArcsin
	OpArccos
	OpArctan
	OpSinh
	OpCosh
	OpTanh
	OpArcsinh
	OpArccosh
	OpArctanh
	OpExp2
	OpCbrt
	OpFloor
	OpCeil
	OpRound
	OpTrunc
	// Predicates (result bool).
	OpIsNaN
	OpIsInf
	OpIsFinite
	// Complex parts: a complex operand, a float result (OpConj keeps the
	// dtype). The array package handles real operands.
	OpReal
	OpImag
	OpConj
	OpAngle
	OpComplex // A + iB from two floats of the part dtype
	// Ternary: A ? B : C.
	OpWhere
	// A leaf, last so that the operations above keep their numbers: true
	// where the element's index along the frame's last axis minus its
	// index along the axis before is at most K (numpy.tri; bool).
	OpTri
	numOps
)

var opNames = [numOps]string{
	OpInput: "input", OpConst: "const", OpIndex: "index", OpAxisIndex: "axis_index",
	OpRandom: "random", OpNormal: "normal", OpRandInt: "randint", OpCast: "astype",
	OpAdd: "add", OpSub: "subtract", OpMul: "multiply", OpDiv: "true_divide",
	OpFloorDiv: "floor_divide", OpMod: "mod", OpPow: "power", OpMaximum: "maximum",
	OpMinimum: "minimum", OpAnd: "and", OpOr: "or", OpXor: "xor", OpEq: "equal",
	OpNe: "not_equal", OpLt: "less", OpLe: "less_equal", OpGt: "greater",
	OpGe: "greater_equal", OpNeg: "negative", OpAbs: "absolute", OpSign: "sign",
	OpSquare: "square", OpNot: "logical_not", OpSqrt: "sqrt", OpExp: "exp",
	OpExpm1: "expm1", OpLog: "log", OpLog1p: "log1p", OpLog2: "log2", OpLog10: "log10",
	OpSin: "sin", OpCos: "cos", OpTan: "tan", OpArcsin: "arcsin", OpArccos: "arccos",
	OpArctan: "arctan", OpSinh: "sinh", OpCosh: "cosh", OpTanh: "tanh",
	OpArctan2: "arctan2", OpHypot: "hypot", OpLogaddexp: "logaddexp",
	OpLeftShift: "left_shift", OpRightShift: "right_shift", OpArcsinh: "arcsinh",
	OpArccosh: "arccosh", OpArctanh: "arctanh", OpExp2: "exp2", OpCbrt: "cbrt",
	OpFloor: "floor", OpCeil: "ceil", OpRound: "round", OpTrunc: "trunc",
	OpIsNaN: "isnan", OpIsInf: "isinf", OpIsFinite: "isfinite", OpWhere: "where",
	OpReal: "real", OpImag: "imag", OpConj: "conjugate", OpAngle: "angle", OpComplex: "complex",
	OpTri: "tri",
}

// String returns NumPy's name for the operation.
func (o Op) String() string {
	if o < numOps && opNames[o] != "" {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

func (o Op) isBinaryArith() bool { return o >= OpAdd && o <= OpMinimum }
func (o Op) isBitwise() bool     { return o >= OpAnd && o <= OpXor }
func (o Op) isCompare() bool     { return o >= OpEq && o <= OpGe }
func (o Op) isFloatUnary() bool  { return o >= OpSqrt && o <= OpTrunc }
func (o Op) isPredicate() bool   { return o >= OpIsNaN && o <= OpIsFinite }

// Instr is one step of a Program: an operation, its result dtype, the
// instructions it reads (A, B, C; -1 when unused) and its immediate
// operands. Instr is comparable so that programs are hash-consed.
type Instr struct {
	Op      Op
	DType   chunk.DType
	A, B, C int32
	K       int64   // input number, axis, seed or integer/bool constant
	F, G    float64 // float constant, or a random integer range
}

// Program is an elementwise expression over NIn input chunks, in SSA
// form: each instruction reads only earlier ones and the last is the
// result. Programs are values; Builder makes them.
type Program struct {
	Instrs []Instr
	NIn    int
	// Perms maps, for input k, each axis of the frame to the axis of the
	// input chunk it reads (-1: none, the input is broadcast along it).
	// A nil entry (or a nil Perms) reads the chunk right-aligned with the
	// frame, as NumPy broadcasting does; a permutation reads a transposed
	// chunk in place, with no transposed copy.
	Perms [][]int
	// Bounds gives, for input k and each axis of its chunks, where its
	// chunks start along that axis when the frame is a window of one of
	// them there (the frame's chunks cut the input's finer: see
	// Input.Blocks), in the frame's coordinates: the first is at or
	// before 0 (before it when the array read is a slice of the input
	// that starts inside its first chunk). A nil entry (or a nil Bounds)
	// reads chunks the frame spans exactly.
	Bounds [][][]int
	// Steps gives, for input k read through windows, the step between
	// the chunk elements that consecutive frame elements read along each
	// of its axes (a strided or reversed slice: x[::2], x[::-1]); nil, or
	// 0 along an axis, reads consecutive elements. With a step s, Bounds
	// are in the input's units: frame element g reads element
	// g·s − Bounds[k][i][j] of chunk j, the last whose bound is at or
	// before g·s.
	Steps [][]int
}

// Operations lists the operations p applies, in order and once each
// ("random, add, multiply"), leaving out reading inputs and constants;
// "" when there are none.
func (p *Program) Operations() string {
	var ops []string
	for _, in := range p.Instrs {
		if name := in.Op.String(); in.Op != OpInput && in.Op != OpConst && !slices.Contains(ops, name) {
			ops = append(ops, name)
		}
	}
	return strings.Join(ops, ", ")
}

// DType returns the dtype of the program's result.
func (p *Program) DType() chunk.DType { return p.Instrs[len(p.Instrs)-1].DType }

// Encode returns the canonical encoding of p (scheduler.EncodeParams:
// constants keep their bits, NaN and ±Inf included).
func (p *Program) Encode() []byte { return scheduler.EncodeParams(p) }

// DecodeProgram parses the output of Encode and checks that it is a
// well-formed program.
func DecodeProgram(b []byte) (*Program, error) {
	var p Program
	if err := scheduler.DecodeParams(b, &p); err != nil {
		return nil, fmt.Errorf("blockwise: bad program: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Program) check() error {
	if len(p.Instrs) == 0 {
		return fmt.Errorf("blockwise: empty program")
	}
	if p.Perms != nil && len(p.Perms) != p.NIn {
		return fmt.Errorf("blockwise: %d input axis maps for %d inputs", len(p.Perms), p.NIn)
	}
	if p.Bounds != nil && len(p.Bounds) != p.NIn {
		return fmt.Errorf("blockwise: %d input windows for %d inputs", len(p.Bounds), p.NIn)
	}
	for k, b := range p.Bounds {
		for i, starts := range b {
			if len(starts) > 0 && starts[0] > 0 || !slices.IsSorted(starts) {
				return fmt.Errorf("blockwise: input %d: chunk starts %v along axis %d", k, starts, i)
			}
		}
	}
	if p.Steps != nil && len(p.Steps) != p.NIn {
		return fmt.Errorf("blockwise: %d input steps for %d inputs", len(p.Steps), p.NIn)
	}
	for k, steps := range p.Steps {
		if steps != nil && (p.Bounds == nil || len(p.Bounds[k]) != len(steps)) {
			return fmt.Errorf("blockwise: input %d: steps %v without windows along its axes", k, steps)
		}
	}
	for i, in := range p.Instrs {
		if in.Op == OpInvalid || in.Op >= numOps || !in.DType.Valid() {
			return fmt.Errorf("blockwise: bad instruction %d: %+v", i, in)
		}
		for _, a := range []int32{in.A, in.B, in.C} {
			if a >= int32(i) || a < -1 {
				return fmt.Errorf("blockwise: instruction %d reads %d", i, a)
			}
		}
		if in.Op == OpInput && (in.K < 0 || in.K >= int64(p.NIn)) {
			return fmt.Errorf("blockwise: instruction %d reads input %d of %d", i, in.K, p.NIn)
		}
	}
	return nil
}

// Builder assembles a Program, sharing identical instructions (common
// subexpressions are computed once per tile).
type Builder struct {
	p    Program
	seen map[Instr]int32
}

// NewBuilder returns a builder for a program over nIn inputs.
func NewBuilder(nIn int) *Builder {
	return &Builder{p: Program{NIn: nIn}, seen: make(map[Instr]int32)}
}

// Extend returns a builder over p's inputs, read as p reads them (its
// axis maps and windows), that holds p: result is p's result, to which
// the caller appends operations before taking the Program.
func Extend(p *Program) (b *Builder, result int32) {
	b = NewBuilder(p.NIn)
	for k, perm := range p.Perms {
		b.SetPerm(k, perm)
	}
	for k, bounds := range p.Bounds {
		b.SetBounds(k, bounds)
	}
	for k, steps := range p.Steps {
		b.SetSteps(k, steps)
	}
	ins := make([]int32, p.NIn)
	for k := range ins {
		ins[k] = -1
	}
	for _, in := range p.Instrs {
		if in.Op == OpInput && ins[in.K] < 0 {
			ins[in.K] = b.Input(int(in.K), in.DType)
		}
	}
	for k := range ins {
		if ins[k] < 0 {
			ins[k] = b.Input(k, chunk.Float64) // an input p does not read: pruned by Program
		}
	}
	return b, b.Append(p, ins)
}

// SetBounds sets where input k's chunks start along each of its axes,
// for the axes along which the frame is a window of one (see
// Program.Bounds).
func (b *Builder) SetBounds(k int, bounds [][]int) {
	if bounds == nil {
		return
	}
	if b.p.Bounds == nil {
		b.p.Bounds = make([][][]int, b.p.NIn)
	}
	b.p.Bounds[k] = bounds
}

// InOrder reports whether input k is read in its chunks' own order: no
// axis map that moves an axis, no step (a reversal) along any. A chunk
// of the frame's shape read in order is read as it is.
func (p *Program) InOrder(k int) bool {
	if p.Steps != nil && p.Steps[k] != nil {
		for _, s := range p.Steps[k] {
			if s != 0 && s != 1 {
				return false
			}
		}
	}
	if p.Perms != nil && p.Perms[k] != nil {
		for a, b := range p.Perms[k] {
			if a != b {
				return false
			}
		}
	}
	return true
}

// SetSteps sets the steps along input k's axes (see Program.Steps).
func (b *Builder) SetSteps(k int, steps []int) {
	if steps == nil {
		return
	}
	if b.p.Steps == nil {
		b.p.Steps = make([][]int, b.p.NIn)
	}
	b.p.Steps[k] = steps
}

// SetPerm sets the axis map of input k (see Program.Perms).
func (b *Builder) SetPerm(k int, perm []int) {
	if perm == nil {
		return
	}
	if b.p.Perms == nil {
		b.p.Perms = make([][]int, b.p.NIn)
	}
	b.p.Perms[k] = append([]int(nil), perm...)
}

// Emit appends in (or finds an identical earlier instruction) and
// returns its index.
func (b *Builder) Emit(in Instr) int32 {
	if i, ok := b.seen[in]; ok {
		return i
	}
	i := int32(len(b.p.Instrs))
	b.p.Instrs = append(b.p.Instrs, in)
	b.seen[in] = i
	return i
}

// DType returns the result dtype of instruction i.
func (b *Builder) DType(i int32) chunk.DType { return b.p.Instrs[i].DType }

// Input emits a read of input k of dtype dt.
func (b *Builder) Input(k int, dt chunk.DType) int32 {
	return b.Emit(Instr{Op: OpInput, DType: dt, A: -1, B: -1, C: -1, K: int64(k)})
}

// Const emits the constant v of dtype dt.
func (b *Builder) Const(v float64, dt chunk.DType) int32 {
	return b.ConstComplex(complex(v, 0), dt)
}

// ConstInt emits the integer constant v of the integer dtype dt exactly
// (Const goes through a float64, exact only up to 2^53); for uint64, v
// holds the bits.
func (b *Builder) ConstInt(v int64, dt chunk.DType) int32 {
	return b.Emit(Instr{Op: OpConst, DType: dt, A: -1, B: -1, C: -1, K: v})
}

// ConstComplex emits the constant z of dtype dt: its real part unless dt
// is complex.
func (b *Builder) ConstComplex(z complex128, dt chunk.DType) int32 {
	v := real(z)
	if dt == chunk.Float16 { // a float32 constant holding the rounded value
		return b.Cast(b.Const(float64(chunk.HalfFromFloat64(v).Float32()), chunk.Float32), dt)
	}
	in := Instr{Op: OpConst, DType: dt, A: -1, B: -1, C: -1}
	if dt.IsComplex() {
		in.F, in.G = v, imag(z)
	} else if dt.IsFloat() {
		in.F = v
	} else if dt == chunk.Bool {
		if v != 0 {
			in.K = 1
		}
	} else {
		in.K = int64(v)
		if dt == chunk.Uint64 && v >= 1<<63 {
			in.K = int64(uint64(v))
		}
	}
	return b.Emit(in)
}

// Cast emits a conversion of i to dt (nothing when it already has dt).
func (b *Builder) Cast(i int32, dt chunk.DType) int32 {
	if b.DType(i) == dt {
		return i
	}
	return b.Emit(Instr{Op: OpCast, DType: dt, A: i, B: -1, C: -1})
}

// Leaf emits an operand-free instruction (OpIndex, OpAxisIndex, OpRandom,
// OpNormal, OpRandInt, OpTri) with immediates k, f and g.
func (b *Builder) Leaf(op Op, dt chunk.DType, k int64, f, g float64) int32 {
	return b.Emit(Instr{Op: op, DType: dt, A: -1, B: -1, C: -1, K: k, F: f, G: g})
}

// Unary emits op applied to i, with result dtype dt; i must already have
// the dtype the op computes in.
func (b *Builder) Unary(op Op, dt chunk.DType, i int32) int32 {
	if dt == chunk.Float16 || b.DType(i) == chunk.Float16 {
		return b.Cast(b.Unary(op, wide(dt), b.widen(i)), dt)
	}
	return b.Emit(Instr{Op: op, DType: dt, A: i, B: -1, C: -1})
}

// Binary emits op applied to i and j, which must have one dtype, with
// result dtype dt.
func (b *Builder) Binary(op Op, dt chunk.DType, i, j int32) int32 {
	if dt == chunk.Float16 || b.DType(i) == chunk.Float16 {
		return b.Cast(b.Binary(op, wide(dt), b.widen(i), b.widen(j)), dt)
	}
	if c := b.p.Instrs[j]; op == OpPow && c.Op == OpConst && ((c.F == 2 && c.G == 0) || (c.K == 2 && !c.DType.IsFloat() && !c.DType.IsComplex())) {
		return b.Unary(OpSquare, dt, i) // x**2 is x*x, exactly, and far cheaper than math.Pow
	}
	if c := b.p.Instrs[j]; op == OpPow && c.Op == OpConst && c.DType.IsFloat() && (c.F == 3 || c.F == 4) {
		// x**3 and x**4 by multiplication: within 2 ulp of math.Pow
		// (the same special values), at a hundredth of its cost.
		sq := b.Unary(OpSquare, dt, i)
		if c.F == 4 {
			return b.Unary(OpSquare, dt, sq)
		}
		return b.Emit(Instr{Op: OpMul, DType: dt, A: sq, B: i, C: -1})
	}
	if c := b.p.Instrs[j]; op == OpPow && c.Op == OpConst && (dt == chunk.Float32 || dt == chunk.Float64) &&
		(c.F == 1.5 || c.F == 2.5 || c.F == 3.5) {
		return b.halfPower(dt, i, int(c.F))
	}
	return b.Emit(Instr{Op: op, DType: dt, A: i, B: j, C: -1})
}

// halfPower emits x**(n+½), n = 1 to 3, as xⁿ·x**½: a power of one half is
// a square root (powFloat's fast path), the rest products: within 2 ulp
// of the exact power, as x**3 is, at a fifth of pow's cost. xⁿ is |x|,
// x² or |x|·x², so that -0 and -Inf give +0 and +Inf, and a negative x
// NaN, as pow does.
func (b *Builder) halfPower(dt chunk.DType, i int32, n int) int32 {
	root := b.Emit(Instr{Op: OpPow, DType: dt, A: i, B: b.Const(0.5, dt), C: -1})
	var p int32
	switch n {
	case 1:
		p = b.Unary(OpAbs, dt, i)
	case 2:
		p = b.Unary(OpSquare, dt, i)
	default:
		p = b.Emit(Instr{Op: OpMul, DType: dt, A: b.Unary(OpSquare, dt, i), B: b.Unary(OpAbs, dt, i), C: -1})
	}
	return b.Emit(Instr{Op: OpMul, DType: dt, A: p, B: root, C: -1})
}

// Where emits cond ? x : y; cond is bool, x and y of dtype dt.
func (b *Builder) Where(cond, x, y int32, dt chunk.DType) int32 {
	if dt == chunk.Float16 {
		return b.Cast(b.Where(cond, b.widen(x), b.widen(y), chunk.Float32), dt)
	}
	return b.Emit(Instr{Op: OpWhere, DType: dt, A: cond, B: x, C: y})
}

// Float16 has no kernels: an operation on it computes in float32 and
// rounds its result back to float16, as NumPy's float16 loops do.

// wide returns the dtype an operation of result dtype dt computes in.
func wide(dt chunk.DType) chunk.DType {
	if dt == chunk.Float16 {
		return chunk.Float32
	}
	return dt
}

// widen returns i as float32 when it is float16 (a float16 constant is
// its float32 constant, exactly), else i.
func (b *Builder) widen(i int32) int32 {
	if b.DType(i) != chunk.Float16 {
		return i
	}
	if in := b.p.Instrs[i]; in.Op == OpCast && b.p.Instrs[in.A].Op == OpConst {
		return in.A
	}
	return b.Cast(i, chunk.Float32)
}

// Append copies program q into b, reading b's instruction inputs[k] where
// q reads its input k, and returns the index of q's result.
func (b *Builder) Append(q *Program, inputs []int32) int32 {
	remap := make([]int32, len(q.Instrs))
	for i, in := range q.Instrs {
		if in.Op == OpInput {
			remap[i] = b.Cast(inputs[in.K], in.DType)
			continue
		}
		for _, r := range []*int32{&in.A, &in.B, &in.C} {
			if *r >= 0 {
				*r = remap[*r]
			}
		}
		remap[i] = b.Emit(in)
	}
	return remap[len(q.Instrs)-1]
}

// Program returns the program that computes instruction result: the
// instructions it needs, in order, with result last.
func (b *Builder) Program(result int32) *Program {
	need := make([]bool, result+1)
	need[result] = true
	for i := result; i >= 0; i-- {
		if !need[i] {
			continue
		}
		in := b.p.Instrs[i]
		for _, r := range []int32{in.A, in.B, in.C} {
			if r >= 0 {
				need[r] = true
			}
		}
	}
	remap := make([]int32, result+1)
	p := &Program{NIn: b.p.NIn, Perms: b.p.Perms, Bounds: b.p.Bounds, Steps: b.p.Steps}
	for i := int32(0); i <= result; i++ {
		if !need[i] {
			continue
		}
		in := b.p.Instrs[i]
		for _, r := range []*int32{&in.A, &in.B, &in.C} {
			if *r >= 0 {
				*r = remap[*r]
			}
		}
		remap[i] = int32(len(p.Instrs))
		p.Instrs = append(p.Instrs, in)
	}
	return p
}
