package blockwise

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestIntAbs checks abs of every integer dtype against a branch per
// element, limits included (abs of the least signed value wraps to
// itself, as NumPy's does), and negation and squares (testIntUnary).
func TestIntAbs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	testIntAbs(t, r, chunk.Int8, []int8{math.MinInt8, math.MaxInt8, -1, 0, 1})
	testIntAbs(t, r, chunk.Int16, []int16{math.MinInt16, math.MaxInt16, -1, 0, 1})
	testIntAbs(t, r, chunk.Int32, []int32{math.MinInt32, math.MaxInt32, -1, 0, 1})
	testIntAbs(t, r, chunk.Int64, []int64{math.MinInt64, math.MaxInt64, -1, 0, 1})
	testIntAbs(t, r, chunk.Uint8, []uint8{math.MaxUint8, 0, 1, 128})
	testIntAbs(t, r, chunk.Uint64, []uint64{math.MaxUint64, 0, 1, 1 << 63})
}

func testIntAbs[T integer](t *testing.T, r *rand.Rand, dt chunk.DType, special []T) {
	testIntUnary(t, r, dt, special)
	for _, n := range []int{0, 1, 7, 100, 1024, TileSize*8 + 1} {
		x := make([]T, n)
		for i := range x {
			x[i] = T(r.Uint64())
			if r.IntN(3) == 0 {
				x[i] = special[r.IntN(len(special))]
			}
		}
		d := make([]T, n)
		if err := unary(OpAbs, dt, d, x); err != nil {
			t.Fatal(err)
		}
		in := slices.Clone(x)
		if err := unary(OpAbs, dt, in, in); err != nil {
			t.Fatal(err)
		}
		for i, v := range x {
			want := v
			if v < 0 {
				want = -v
			}
			if d[i] != want || in[i] != want {
				t.Fatalf("%v n=%d: abs(%v) = %v (in place %v), want %v", dt, n, v, d[i], in[i], want)
			}
		}
	}
}

// testIntUnary checks negation and squares of integers against Go's
// wrapping operators, over lengths around internal/vec's loops and past
// the zero tile negation subtracts from (TestIntAbs's dtypes and limits).
func testIntUnary[T integer](t *testing.T, r *rand.Rand, dt chunk.DType, special []T) {
	for _, n := range []int{0, 1, 7, 100, 1024, 2000, TileSize*8 + 1} {
		x := make([]T, n)
		for i := range x {
			x[i] = T(r.Uint64())
			if r.IntN(3) == 0 {
				x[i] = special[r.IntN(len(special))]
			}
		}
		for _, op := range []Op{OpNeg, OpSquare} {
			d := make([]T, n)
			if err := unary(op, dt, d, x); err != nil {
				t.Fatal(err)
			}
			for i, v := range x {
				want := -v
				if op == OpSquare {
					want = v * v
				}
				if d[i] != want {
					t.Fatalf("%v %v n=%d: of %v = %v, want %v", dt, op, n, v, d[i], want)
				}
			}
		}
	}
}

// TestIsNaNAndWhere checks isnan over NaN, ±Inf, -0 and lengths around
// the vector blocks, and where of the result (nansum's rewrite) bit for
// bit.
func TestIsNaNAndWhere(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1.5, -2, math.Float64frombits(0x7ff0000000000001)}
	for _, n := range []int{0, 1, 15, 16, 17, 33, 1000} {
		x, x32 := make([]float64, n), make([]float32, n)
		for i := range x {
			x[i] = vals[r.IntN(len(vals))]
			x32[i] = float32(x[i])
		}
		nan, nan32 := make([]bool, n), make([]bool, n)
		predicate(OpIsNaN, chunk.Float64, nan, x)
		predicate(OpIsNaN, chunk.Float32, nan32, x32)
		zero := make([]float64, n)
		d := make([]float64, n)
		where(chunk.Float64, d, nan, zero, x)
		for i, v := range x {
			if nan[i] != math.IsNaN(v) || nan32[i] != math.IsNaN(v) {
				t.Fatalf("n=%d: isnan(%v) = %v (float32 %v)", n, v, nan[i], nan32[i])
			}
			want := v
			if math.IsNaN(v) {
				want = 0
			}
			if math.Float64bits(d[i]) != math.Float64bits(want) {
				t.Fatalf("n=%d: where(isnan(%v), 0, x) = %v", n, v, d[i])
			}
		}
	}
}

// TestFmodIsMathMod checks fmod against math.Mod bit for bit: random
// bits (every exponent, subnormals, ±0, ±Inf, NaN), quotients near
// integers (a = k·b nudged by an ulp either way, where a/b rounds across
// an integer), quotients from 2⁵⁰ to 2⁶², and both signs of each operand.
func TestFmodIsMathMod(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pick := func() float64 {
		switch r.IntN(4) {
		case 0:
			return math.Float64frombits(r.Uint64())
		case 1:
			return []float64{0, math.Inf(1), math.NaN(), 0x1p-1074, 0x1p-1000, 0x1p1000, math.MaxFloat64, 0.3, 0.1, 1, 3}[r.IntN(11)]
		default:
			return math.Exp(r.NormFloat64() * 20)
		}
	}
	for range 50000 {
		a, b := pick(), pick()
		switch r.IntN(3) {
		case 0: // a near an integer multiple of b
			k := math.Trunc(math.Exp(r.Float64() * 40))
			a = k * b
			for range r.IntN(3) {
				a = math.Nextafter(a, []float64{0, math.Inf(1)}[r.IntN(2)])
			}
		case 1:
			a = b * math.Ldexp(1+r.Float64(), 50+r.IntN(12))
		}
		if r.IntN(2) == 0 {
			a = -a
		}
		if r.IntN(2) == 0 {
			b = -b
		}
		if got, want := fmod(a, b), math.Mod(a, b); math.Float64bits(got) != math.Float64bits(want) && !(got != got && want != want) {
			t.Fatalf("fmod(%v, %v) = %v, math.Mod %v", a, b, got, want)
		}
	}
}

// TestFloorModIsPy checks floorMod, the float remainder and floor
// division of a tile, against pyMod and pyFloorDiv element by element,
// bit for bit, for divisors of every kind (tiny, huge, ±0, ±Inf, NaN,
// negative), one divisor or one per element, over random dividends, near
// multiples and far quotients, in place too; float32 also against NumPy's
// float32 npy_divmodf, computed in float32.
func TestFloorModIsPy(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	divisors := []float64{0.3, -0.3, 1, -7.5, 3e-300, 0x1p-1001, 1e300, 0, math.Copysign(0, -1), math.Inf(1),
		math.Inf(-1), math.NaN(), math.MaxFloat64, 5e-324, 1e-40, 3e38}
	dividends := func(b []float64) []float64 {
		a := make([]float64, len(b))
		for i := range a {
			switch i % 5 {
			case 0:
				a[i] = math.Float64frombits(r.Uint64())
			case 1:
				a[i] = math.Trunc(r.NormFloat64()*math.Exp(r.Float64()*20)) * b[i]
				a[i] = math.Nextafter(a[i], []float64{0, math.Inf(-1), math.Inf(1)}[r.IntN(3)])
			case 2:
				a[i] = b[i] * math.Ldexp(r.Float64()-0.5, r.IntN(70))
			case 3:
				a[i] = []float64{0, math.Copysign(0, -1), math.Inf(1), math.NaN(), 1e308, -1e30}[r.IntN(6)]
			default:
				a[i] = r.NormFloat64() * 10
			}
		}
		return a
	}
	var cases [][]float64
	for _, b := range divisors {
		c := make([]float64, 3000)
		for i := range c {
			c[i] = b
		}
		cases = append(cases, c)
	}
	for range 20 { // a divisor per element
		c := make([]float64, 3000)
		for i := range c {
			c[i] = divisors[r.IntN(len(divisors))] * math.Ldexp(1+r.Float64(), r.IntN(9)-4)
		}
		cases = append(cases, c)
	}
	cases = append(cases, nil)
	for _, b := range cases {
		a := dividends(b)
		for _, mod := range []bool{true, false} {
			checkFloorMod(t, mod, a, b)
			a32, b32 := make([]float32, len(a)), make([]float32, len(b))
			for i := range a {
				a32[i], b32[i] = float32(a[i]), float32(b[i])
			}
			checkFloorMod(t, mod, a32, b32)
		}
	}
}

func checkFloorMod[T float](t *testing.T, mod bool, a, b []T) {
	t.Helper()
	same := func(x, y T) bool {
		return x == y && math.Signbit(float64(x)) == math.Signbit(float64(y)) || x != x && y != y
	}
	d := make([]T, len(a))
	floorMod(mod, d, a, b)
	for i, x := range a {
		want := T(pyFloorDiv(float64(x), float64(b[i])))
		if mod {
			want = T(pyMod(float64(x), float64(b[i])))
		}
		if !same(d[i], want) {
			t.Fatalf("floorMod(mod %v) %T: %v, %v = %v, want %v", mod, x, x, b[i], d[i], want)
		}
		if x32, ok := any(x).(float32); ok {
			div, m := npyDivmod32(x32, any(b[i]).(float32))
			q := math.Abs(float64(x) / float64(b[i]))
			if mod && !same(d[i], T(m)) || !mod && q < 0x1p21 && !same(d[i], T(div)) {
				t.Fatalf("floorMod(mod %v) float32: %v, %v = %v, NumPy %v, %v", mod, x, b[i], d[i], div, m)
			}
		}
	}
	c := append([]T(nil), a...)
	floorMod(mod, c, c, b)
	for i := range c {
		if !same(c[i], d[i]) {
			t.Fatalf("in place: %v, want %v", c[i], d[i])
		}
	}
}

// npyDivmod32 is NumPy's npy_divmodf, in float32 arithmetic (fmodf is
// exact, so math.Mod's result rounds to it without error).
func npyDivmod32(a, b float32) (float32, float32) {
	mod := float32(math.Mod(float64(a), float64(b)))
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
		mod = float32(math.Copysign(0, float64(b)))
	}
	if div == 0 {
		return float32(math.Copysign(0, float64(a/b))), mod
	}
	fd := float32(math.Floor(float64(div)))
	if div-fd > 0.5 {
		fd++
	}
	return fd, mod
}

// TestFloatFunc32Allocates nothing: its float64 buffers stay on the
// stack, which every kernel it calls must allow (a vector loop called
// through a func value made them escape, and each float32 tile of exp
// then allocated 8 KiB).
func TestFloatFunc32AllocatesNothing(t *testing.T) {
	x, d := make([]float32, 1000), make([]float32, 1000)
	x64, d64 := make([]float64, 1000), make([]float64, 1000)
	for i := range x {
		x[i] = float32(i) / 7000
		x64[i] = float64(x[i])
	}
	for _, op := range []Op{OpExp, OpFloor, OpRound, OpSqrt, OpArctan, OpLog2, OpLog10, OpLog1p, OpExp2, OpExpm1, OpTan,
		OpArcsin, OpArccos, OpSinh, OpCosh, OpArcsinh, OpArccosh, OpArctanh, OpCbrt} {
		if n := testing.AllocsPerRun(20, func() { floatFunc32(op, d, x) }); n != 0 {
			t.Errorf("%v: %v allocations a call, want 0", op, n)
		}
		if n := testing.AllocsPerRun(20, func() { floatFunc64(op, d64, x64) }); n != 0 {
			t.Errorf("%v float64: %v allocations a call, want 0", op, n)
		}
	}
}

// TestFloatFunc32 checks that floatFunc32 computes each float function
// of op: within 1 ulp of float32(f(float64(x))) for math's f, NaN for
// NaN, over values across the domains and special values.
func TestFloatFunc32(t *testing.T) {
	x := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 0.5, -0.5, 2, 1e-45, 1e-30, 1e30, float32(math.Inf(1)),
		float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, 88.8, -104}
	for i := range 1000 {
		u := math.Mod(float64(i)*0.6180339887498949, 1)
		x = append(x, float32(2*u-1), float32(20*u-10), float32(math.Exp(60*u-30)))
	}
	d := make([]float32, len(x))
	for _, op := range []Op{OpExp, OpExp2, OpExpm1, OpLog, OpLog2, OpLog10, OpLog1p, OpSin, OpCos, OpTan, OpArcsin, OpArccos,
		OpArctan, OpSinh, OpCosh, OpTanh, OpArcsinh, OpArccosh, OpArctanh, OpCbrt} {
		if !floatFunc32(op, d, x) {
			t.Fatalf("%v: not a float function", op)
		}
		f := floatFunc(op)
		for i, v := range x {
			want := float32(f(float64(v)))
			got := d[i]
			if got == want || got != got && want != want {
				continue
			}
			if got != got || want != want || math.Abs(float64(got)-float64(want)) > float64(math.Nextafter32(float32(math.Abs(float64(want))), float32(math.Inf(1)))-float32(math.Abs(float64(want)))) {
				t.Fatalf("%v(%v) = %v, want %v", op, v, got, want)
			}
		}
	}
}

// TestNormalRunBits checks that normalRun, which runs Box–Muller through
// vec's loops 256 elements at a time, gives the bits of the formula
// computed one element at a time with math's functions, from any start
// and for any length, so that a random normal array's values stay what
// they were and do not depend on how its tiles are cut.
func TestNormalRunBits(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 19))
	for trial := range 200 {
		key1, key2, start := r.Uint64(), r.Uint64(), r.Int64N(1<<40)
		n := r.IntN(1100)
		got := make([]float64, n)
		normalRun(got, key1, key2, start)
		c1, c2 := key1+uint64(start)*golden, key2+uint64(start)*golden
		for i := range got {
			c1 += golden
			c2 += golden
			u1 := float64(mix64(c1)>>11)*0x1p-53 + 0x1p-54
			u2 := float64(mix64(c2)>>11) * 0x1p-53
			want := math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
			if math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Fatalf("trial %d: element %d of %d from %d: %v, want %v", trial, i, n, start, got[i], want)
			}
		}
	}
}

// TestIntFloorDivByOne checks binaryInt's floor division and remainder
// by one divisor for every integer type (vec's multiplying and float64
// loops, uint64's and negative divisors' own) against Go's truncated
// division floored, element by element, divisor 0 giving 0 as NumPy's.
func TestIntFloorDivByOne(t *testing.T) {
	checkIntFloorDivByOne[int8](t)
	checkIntFloorDivByOne[uint8](t)
	checkIntFloorDivByOne[int16](t)
	checkIntFloorDivByOne[uint16](t)
	checkIntFloorDivByOne[int32](t)
	checkIntFloorDivByOne[uint32](t)
	checkIntFloorDivByOne[int64](t)
	checkIntFloorDivByOne[uint64](t)
}

func checkIntFloorDivByOne[T integer](t *testing.T) {
	t.Helper()
	r := rand.New(rand.NewPCG(43, 44))
	a := make([]T, 1000)
	for i := range a {
		a[i] = T(r.Uint64())
	}
	for _, y := range []T{1, 3, 100, T(r.Uint64()), T(r.Uint64()) >> 3, 0, ^T(0), ^T(0) - 5} {
		b := make([]T, len(a))
		for i := range b {
			b[i] = y
		}
		for _, op := range []Op{OpFloorDiv, OpMod} {
			d := make([]T, len(a))
			if err := binaryInt(op, d, a, b); err != nil {
				t.Fatal(err)
			}
			for i, x := range a {
				var want T
				if y != 0 && !(y == ^T(0) && y < 0 && op == OpMod) {
					q, m := x/y, x%y
					if y == ^T(0) && y < 0 && x < 0 && -x < 0 {
						q = x // the least value // -1 wraps
					}
					if m != 0 && (m < 0) != (y < 0) {
						q, m = q-1, m+y
					}
					want = q
					if op == OpMod {
						want = m
					}
				}
				if d[i] != want {
					t.Fatalf("%T %v %v %v = %v, want %v", x, x, op, y, d[i], want)
				}
			}
		}
	}
}
