package blockwise

import (
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// A program evaluated tile by tile over a chunk larger than a tile, with
// broadcast inputs and non-finite constants, matches a plain loop, and
// survives encoding.
func TestEvalTilesAndEncoding(t *testing.T) {
	b := NewBuilder(2)
	x := b.Input(0, chunk.Float64)
	y := b.Cast(b.Input(1, chunk.Int32), chunk.Float64)
	v := b.Binary(OpSub, chunk.Float64, b.Binary(OpMul, chunk.Float64, b.Binary(OpAdd, chunk.Float64, x, b.Const(1, chunk.Float64)), b.Const(2, chunk.Float64)), b.Binary(OpMul, chunk.Float64, x, y))
	v = b.Binary(OpMaximum, chunk.Float64, v, b.Const(math.Inf(-1), chunk.Float64))
	v = b.Where(b.Unary(OpIsNaN, chunk.Bool, x), b.Const(math.NaN(), chunk.Float64), v, chunk.Float64)
	p := b.Program(v)
	q, err := DecodeProgram(p.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Instrs) != len(p.Instrs) {
		t.Fatalf("decoded program has %d instructions, want %d", len(q.Instrs), len(p.Instrs))
	}
	for i := range p.Instrs {
		a, c := p.Instrs[i], q.Instrs[i]
		if a.F != c.F && !(math.IsNaN(a.F) && math.IsNaN(c.F)) {
			t.Fatalf("instruction %d: F %v decoded as %v", i, a.F, c.F)
		}
	}
	rows, cols := 7, 1000 // 7000 elements: several tiles, rows straddle tiles
	xs := make([]float64, rows*cols)
	for i := range xs {
		xs[i] = float64(i%97) - 40
	}
	xs[5] = math.NaN()
	ys := make([]int32, cols)
	for i := range ys {
		ys[i] = int32(i % 5)
	}
	xd, _ := chunk.FromSlice([]int{rows, cols}, xs)
	yd, _ := chunk.FromSlice([]int{cols}, ys)
	out, err := Eval(q, Frame{Shape: []int{rows, cols}, Origin: []int{0, 0}, Global: []int{rows, cols}}, []*chunk.Dense{xd, yd})
	if err != nil {
		t.Fatal(err)
	}
	got := chunk.Values[float64](out)
	for i, xv := range xs {
		want := (xv+1)*2 - xv*float64(ys[i%cols])
		if math.IsNaN(xv) {
			want = math.NaN()
		}
		if got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
			t.Fatalf("element %d: got %v want %v", i, got[i], want)
		}
	}
}

func TestPowSquareRewriteIsExact(t *testing.T) {
	for _, dt := range []chunk.DType{chunk.Int8, chunk.Uint32, chunk.Float32, chunk.Float64} {
		b := NewBuilder(1)
		p := b.Program(b.Binary(OpPow, dt, b.Input(0, dt), b.Const(2, dt)))
		in := chunk.NewDense(dt, []int{5})
		in.Fill(7)
		out, err := Eval(p, Frame{Shape: []int{5}, Origin: []int{0}, Global: []int{5}}, []*chunk.Dense{in})
		if err != nil || out.Float(4) != 49 {
			t.Errorf("%v ** 2 = %v, %v", dt, out.Float(4), err)
		}
	}
}

// x**3, x**4 and x**1.5, x**2.5, x**3.5 (rewritten as products and a
// square root) stay within 2 ulp of the exact power, with math.Pow's
// special values (a NaN's sign aside), and other exponents
// (vec.PowFloat64, within 1 ulp of the exact power) within 1e-14 of
// math.Pow: it is itself 25 ulp off for 1e100 ** 2.5; float32 functions
// (internal/vec's float32 kernels: PowFloat32, ExpFloat32, TanhFloat32,
// LogFloat32, SinFloat32) give float32(f(float64(x))) or, near a tie, a
// neighbour, and floor exactly; float32 half-integer powers are within 2
// ulp.
func TestPowProductsAndFloat32Functions(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 1, -1, 2.5, -3.75, 1e-110, 1e100, -1e200, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324}
	xs := make([]float64, 1300)
	for i := range xs {
		xs[i] = math.Mod(float64(i)*0.618, 1)*20 - 10
	}
	copy(xs, special)
	eval := func(p *Program, in *chunk.Dense) *chunk.Dense {
		t.Helper()
		out, err := Eval(p, Frame{Shape: []int{len(xs)}, Origin: []int{0}, Global: []int{len(xs)}}, []*chunk.Dense{in})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	xd, _ := chunk.FromSlice([]int{len(xs)}, xs)
	for _, e := range []float64{3, 4, 1.5, 2.5, 3.5, -1.5, 0.3} {
		tol := 4.5e-16
		if e == -1.5 || e == 0.3 {
			tol = 1e-14
		}
		b := NewBuilder(1)
		got := chunk.Values[float64](eval(b.Program(b.Binary(OpPow, chunk.Float64, b.Input(0, chunk.Float64), b.Const(e, chunk.Float64))), xd))
		for i, x := range xs {
			want := math.Pow(x, e)
			if e-math.Trunc(e) == 0.5 && e > 1 && x > 0 && !math.IsInf(x, 0) {
				want = halfPowerExact(x, e) // math.Pow is 27 ulp off for 1e100 ** 1.5
			}
			ok := got[i] == want || math.IsNaN(got[i]) && math.IsNaN(want) || math.Abs(got[i]-want) <= tol*math.Abs(want)
			if !ok || !math.IsNaN(want) && math.Signbit(got[i]) != math.Signbit(want) {
				t.Fatalf("%v ** %v = %v, want %v", x, e, got[i], want)
			}
		}
	}
	x32 := make([]float32, len(xs))
	for i, v := range xs {
		x32[i] = float32(v)
	}
	xd32, _ := chunk.FromSlice([]int{len(xs)}, x32)
	for _, op := range []Op{OpExp, OpLog, OpSin, OpTanh, OpFloor} {
		b := NewBuilder(1)
		got := chunk.Values[float32](eval(b.Program(b.Unary(op, chunk.Float32, b.Input(0, chunk.Float32))), xd32))
		f := floatFunc(op)
		for i, x := range x32 {
			want := float32(f(float64(x)))
			if op != OpFloor && math.Abs(float64(got[i]-want)) <= 0x1p-23*math.Abs(float64(want)) {
				continue // vec's float32 kernels: the nearest float32 but near a tie
			}
			if got[i] != want && !(got[i] != got[i] && want != want) {
				t.Fatalf("%v(%v) = %v, want %v", op, x, got[i], want)
			}
		}
	}
	for _, e := range []float64{2.25, 1.5, 2.5, 3.5} {
		tol := 0x1p-23 // vec.PowFloat32: the nearest float32 but near a tie
		if e != 2.25 {
			tol = 0x1p-22 // products and a square root: 2 ulp
		}
		b := NewBuilder(1)
		got := chunk.Values[float32](eval(b.Program(b.Binary(OpPow, chunk.Float32, b.Input(0, chunk.Float32), b.Const(e, chunk.Float32))), xd32))
		for i, x := range x32 {
			want := float32(math.Pow(float64(x), e))
			if e != 2.25 && x > 0 && !math.IsInf(float64(x), 0) {
				want = float32(halfPowerExact(float64(x), e))
			}
			if got[i] != want && !(got[i] != got[i] && want != want) && math.Abs(float64(got[i]-want)) > tol*math.Abs(float64(want)) ||
				want == 0 && math.Signbit(float64(got[i])) != math.Signbit(float64(want)) {
				t.Fatalf("float32 %v ** %v = %v, want %v", x, e, got[i], want)
			}
		}
	}
}

// halfPowerExact returns x**e for e = n+½ and a positive finite x,
// rounded once: x^n·√x in 256-bit arithmetic.
func halfPowerExact(x, e float64) float64 {
	bx := new(big.Float).SetPrec(256).SetFloat64(x)
	p := new(big.Float).SetPrec(256).Sqrt(bx)
	for range int(e) {
		p.Mul(p, bx)
	}
	v, _ := p.Float64()
	return v
}

// A program that only reads an input through an axis map (a transpose,
// copied in blocks) matches the naive permuted read, for every element
// size, in 2 to 4 dimensions, with axes of length 1 and blocks cut short.
func TestEvalTransposedCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for it := range 60 {
		dt := []chunk.DType{chunk.Float64, chunk.Int32, chunk.Uint16, chunk.Bool}[it%4]
		nd := 2 + r.IntN(3)
		in := make([]int, nd)
		for a := range in {
			in[a] = []int{1, 3, 17, 40}[r.IntN(4)]
		}
		perm := r.Perm(nd)
		shape := make([]int, nd)
		for a, ia := range perm {
			shape[a] = in[ia]
		}
		vals := make([]float64, chunk.Prod(in))
		for i := range vals {
			vals[i] = float64(i * 37 % 251 % 3 * (i%97 + 1)) // a third zeros, for bools
		}
		f, _ := chunk.FromSlice(in, vals)
		src := f.AsType(dt)
		b := NewBuilder(1)
		b.SetPerm(0, perm)
		prog, frame := b.Program(b.Input(0, dt)), Frame{Shape: shape, Origin: make([]int, nd), Global: shape}
		out, err := Eval(prog, frame, []*chunk.Dense{src})
		if err != nil {
			t.Fatal(err)
		}
		// EvalShared hands back the input itself exactly when the
		// permutation is the identity, and the same values either way.
		shared, err := EvalShared(prog, frame, []*chunk.Dense{src})
		if err != nil {
			t.Fatal(err)
		}
		if identity := slices.Equal(perm, slices.Sorted(slices.Values(perm))); (shared == src) != identity || !reflect.DeepEqual(shared.Data(), out.Data()) {
			t.Fatalf("EvalShared through %v: input itself %v, equal values %v", perm, shared == src, reflect.DeepEqual(shared.Data(), out.Data()))
		}
		st := chunk.Strides(in)
		k := 0
		chunk.EachIndex(shape, func(idx []int) {
			q := 0
			for a, i := range idx {
				q += i * st[perm[a]]
			}
			if got, want := out.Float(k), src.Float(q); got != want {
				t.Fatalf("%v %v read through %v: element %v = %v, want %v", dt, in, perm, idx, got, want)
			}
			k++
		})
	}
}

func TestBroadcastShapes(t *testing.T) {
	cases := []struct {
		in   [][]int
		want []int
	}{
		{[][]int{{3, 1}, {4}}, []int{3, 4}},
		{[][]int{{}, {2, 0}}, []int{2, 0}},
		{[][]int{{1, 0}, {5, 1}}, []int{5, 0}},
		{[][]int{{2, 1, 3}, {4, 1}, {1}}, []int{2, 4, 3}},
	}
	for _, c := range cases {
		got, err := BroadcastShapes(c.in...)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("BroadcastShapes(%v) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if _, err := BroadcastShapes([]int{3}, []int{4}); err == nil {
		t.Error("BroadcastShapes([3], [4]): no error")
	}
}

func FuzzDecodeProgram(f *testing.F) {
	b := NewBuilder(1)
	x := b.Input(0, chunk.Float64)
	f.Add(b.Program(b.Binary(OpAdd, chunk.Float64, x, b.Const(math.NaN(), chunk.Float64))).Encode())
	f.Add((&Program{Instrs: []Instr{{Op: OpConst, DType: chunk.Float64, A: -1, B: -1, C: -1, F: math.Inf(1)}}}).Encode())
	f.Add((&Program{NIn: 3}).Encode())
	w := NewBuilder(1)
	w.SetPerm(0, []int{1, 0})
	w.SetBounds(0, [][]int{{0, 5}, nil})
	f.Add(w.Program(w.Input(0, chunk.Float64)).Encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := DecodeProgram(data)
		if err != nil {
			return
		}
		q, err := DecodeProgram(p.Encode())
		if err != nil {
			t.Fatalf("re-encoded program does not decode: %v", err)
		}
		if len(q.Instrs) != len(p.Instrs) || q.NIn != p.NIn || !reflect.DeepEqual(q.Perms, p.Perms) || !reflect.DeepEqual(q.Bounds, p.Bounds) {
			t.Fatalf("round trip changed the program")
		}
	})
}

// TestView checks that a view's one box follows set from tile to tile,
// for an empty chunk too, and that earlier type-asserted tiles keep their
// own headers.
func TestView(t *testing.T) {
	data := []float64{0, 1, 2, 3, 4, 5, 6}
	v := viewOf(data)
	v.set(0, 3)
	first := Slice[float64](v.box)
	v.set(3, 7)
	second := Slice[float64](v.box)
	if len(first) != 3 || first[2] != 2 || len(second) != 4 || second[0] != 3 || cap(second) != 4 {
		t.Fatalf("tiles %v %v (cap %d), want [0 1 2] [3 4 5 6] (cap 4)", first, second, cap(second))
	}
	e := viewOf([]int32{})
	e.set(0, 0)
	if got := Slice[int32](e.box); len(got) != 0 {
		t.Fatalf("empty view %v", got)
	}
}

// TestTileAllocs checks that evaluating a fused chain over inputs read in
// place allocates nothing per tile (views box pointers, not slices): a
// chunk of 64 tiles allocates no more than a chunk of one.
func TestTileAllocs(t *testing.T) {
	b := NewBuilder(2)
	x, y := b.Input(0, chunk.Float64), b.Input(1, chunk.Float64)
	chain := b.Program(b.Binary(OpMul, chunk.Float64, b.Binary(OpAdd, chunk.Float64, x, y), x))
	b1 := NewBuilder(1)
	only := b1.Program(b1.Input(0, chunk.Float64))
	allocs := func(p *Program, rows int, tiles bool) float64 {
		shape := []int{rows, TileSize}
		in := []*chunk.Dense{chunk.NewDense(chunk.Float64, shape), chunk.NewDense(chunk.Float64, shape)}[:p.NIn]
		f := Frame{Shape: shape, Origin: []int{0, 0}, Global: shape}
		out := chunk.NewDense(chunk.Float64, shape)
		e, err := NewEvaluator(p, f, in)
		if err != nil {
			t.Fatal(err)
		}
		defer e.Release()
		return testing.AllocsPerRun(5, func() {
			if !tiles {
				e.EvalTo(out)
				return
			}
			for off := 0; off < e.Len(); off += TileSize {
				if s := Slice[float64](e.Tile(off, TileSize, nil)); len(s) != TileSize {
					t.Fatalf("tile of %d values", len(s))
				}
			}
		})
	}
	for _, tc := range []struct {
		name  string
		p     *Program
		tiles bool
	}{{"EvalTo of a chain", chain, false}, {"Tile of an input read in place", only, true}} {
		if one, many := allocs(tc.p, 1, tc.tiles), allocs(tc.p, 64, tc.tiles); many > one {
			t.Errorf("%s: %v allocations for 64 tiles, %v for one: some tile allocates", tc.name, many, one)
		}
	}
}

// BenchmarkFusedChain evaluates ((x + 1) * 2 - x*x) over a 256×1024 float64
// chunk read in place: the fused-elementwise workload's inner loop.
func BenchmarkFusedChain(b *testing.B) {
	bl := NewBuilder(1)
	x := bl.Input(0, chunk.Float64)
	one, two := bl.Const(1, chunk.Float64), bl.Const(2, chunk.Float64)
	p := bl.Program(bl.Binary(OpSub, chunk.Float64,
		bl.Binary(OpMul, chunk.Float64, bl.Binary(OpAdd, chunk.Float64, x, one), two),
		bl.Binary(OpMul, chunk.Float64, x, x)))
	shape := []int{256, TileSize}
	in := chunk.NewDense(chunk.Float64, shape)
	out := chunk.NewDense(chunk.Float64, shape)
	f := Frame{Shape: shape, Origin: []int{0, 0}, Global: shape}
	b.SetBytes(int64(in.NBytes()))
	for b.Loop() {
		e, err := NewEvaluator(p, f, []*chunk.Dense{in})
		if err != nil {
			b.Fatal(err)
		}
		e.EvalTo(out)
		e.Release()
	}
}

// TestEvalWindows reads frames that are windows of larger chunks (Bounds),
// plainly and through an axis map, with every tiling a caller may use
// (whole tiles, TileLen's row tiles, single elements), against index
// math; and a window that leaves its chunk is an error.
func TestEvalWindows(t *testing.T) {
	const R, C = 7, 700 // rows long enough for row tiles
	vals := make([]float64, R*C)
	for i := range vals {
		vals[i] = float64(i%1013) - 500
	}
	src, _ := chunk.FromSlice([]int{R, C}, vals)
	// The chunk is the second of its array along both axes, which start
	// at 0 and 5 (rows) and 0 and 300 (columns).
	bounds := [][]int{{0, 5}, {0, 300}}
	for _, c := range []struct {
		perm          []int
		origin, shape []int
	}{
		{nil, []int{6, 310}, []int{4, 600}},       // rows 1..4, columns 10..609 of the chunk
		{nil, []int{5, 300}, []int{7, 700}},       // the whole chunk
		{nil, []int{8, 300}, []int{2, 700}},       // whole rows: one contiguous run
		{[]int{1, 0}, []int{350, 7}, []int{9, 3}}, // transposed: chunk columns 50..58, rows 2..4
	} {
		b := NewBuilder(1)
		b.SetPerm(0, c.perm)
		b.SetBounds(0, bounds)
		prog := b.Program(b.Binary(OpMul, chunk.Float64, b.Input(0, chunk.Float64), b.Const(2, chunk.Float64)))
		f := Frame{Shape: c.shape, Origin: c.origin, Global: []int{100, 1000}}
		if c.perm != nil {
			f.Global = []int{1000, 100}
		}
		want := make([]float64, chunk.Prod(c.shape))
		k := 0
		chunk.EachIndex(c.shape, func(idx []int) {
			i, j := idx[0]+c.origin[0]-5, idx[1]+c.origin[1]-300
			if c.perm != nil {
				i, j = idx[1]+c.origin[1]-5, idx[0]+c.origin[0]-300
			}
			want[k] = 2 * vals[i*C+j]
			k++
		})
		for _, step := range []string{"TileLen", "TileSize", "1"} {
			ev, err := NewEvaluator(prog, f, []*chunk.Dense{src})
			if err != nil {
				t.Fatalf("%v at %v: %v", c.shape, c.origin, err)
			}
			got := make([]float64, ev.Len())
			for off, n := 0, 0; off < ev.Len(); off += n {
				switch step {
				case "TileLen":
					n = ev.TileLen(off)
				case "TileSize":
					n = min(TileSize, ev.Len()-off)
				default:
					n = 1
				}
				copy(got[off:], Slice[float64](ev.Tile(off, n, nil)))
			}
			ev.Release()
			if !slices.Equal(got, want) {
				t.Fatalf("%v at %v through %v, tiles of %s: wrong values", c.shape, c.origin, c.perm, step)
			}
		}
	}
	b := NewBuilder(1)
	b.SetBounds(0, bounds)
	prog := b.Program(b.Input(0, chunk.Float64))
	if _, err := Eval(prog, Frame{Shape: []int{3, 100}, Origin: []int{10, 300}, Global: []int{100, 1000}}, []*chunk.Dense{src}); err == nil {
		t.Fatal("a window past the chunk's rows evaluated")
	}
}

// x ** 0.5 is a square root with pow's values at -0 and -Inf (math.Pow's
// bits everywhere, as the correctly rounded pow NumPy calls), also in
// place, on float64 and float32.
func TestPowHalfIsPow(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 2, 0.25, 1e-310, 5e-324, 1e300, -1e-300, math.Inf(1), math.Inf(-1), math.NaN()}
	for i := range 700 {
		xs = append(xs, math.Mod(float64(i)*0.618, 1)*1e3-1)
	}
	same := func(got, want float64) bool {
		return math.Float64bits(got) == math.Float64bits(want) || got != got && want != want
	}
	positive := slices.DeleteFunc(slices.Clone(xs), func(v float64) bool { return !(v > 0) })
	for _, xs := range [][]float64{xs, positive} { // the special values' path and the plain one
		testPowHalf(t, xs, same)
	}
}

func testPowHalf(t *testing.T, xs []float64, same func(got, want float64) bool) {
	half := make([]float64, len(xs))
	for i := range half {
		half[i] = 0.5
	}
	for _, inPlace := range []bool{false, true} {
		d, a := make([]float64, len(xs)), slices.Clone(xs)
		if inPlace {
			d = a
		}
		powFloat(d, a, half)
		for i, x := range xs {
			if want := math.Pow(x, 0.5); !same(d[i], want) {
				t.Fatalf("in place %v: %v ** 0.5 = %v, want %v", inPlace, x, d[i], want)
			}
		}
		d32, a32, half32 := make([]float32, len(xs)), make([]float32, len(xs)), make([]float32, len(xs))
		for i, x := range xs {
			a32[i], half32[i] = float32(x), 0.5
		}
		if inPlace {
			d32 = a32
		}
		powFloat(d32, a32, half32)
		for i, x := range xs {
			if want := float32(math.Pow(float64(float32(x)), 0.5)); !same(float64(d32[i]), float64(want)) {
				t.Fatalf("in place %v: float32 %v ** 0.5 = %v, want %v", inPlace, float32(x), d32[i], want)
			}
		}
	}
}

// TestEvalCasts checks the casts that Convert widens and narrows by
// internal/vec's loops (float32 ↔ float64, integers → float32 and float64)
// against Go's
// conversions, bit for bit, as a program's last instruction and inside
// one, over lengths around the tiles (zero included).
func TestEvalCasts(t *testing.T) {
	r := rand.New(rand.NewPCG(95, 96))
	for _, n := range []int{0, 1, 17, 1000, TileSize - 3, TileSize + 5, 2*TileSize + 33} {
		f32, f64, i32, i64 := make([]float32, n), make([]float64, n), make([]int32, n), make([]int64, n)
		for i := range n {
			f32[i] = math.Float32frombits(r.Uint32())
			f64[i] = math.Float64frombits(r.Uint64())
			if r.IntN(2) == 0 {
				f64[i] = r.NormFloat64() * 1e30 // within float32's range, rounded
			}
			i32[i] = int32(r.Uint32())
			i64[i] = int64(r.Uint64()) >> r.IntN(64)
		}
		cases := []struct {
			src      *chunk.Dense
			from, to chunk.DType
			want     func(i int) uint64
		}{
			{denseOf(f32), chunk.Float32, chunk.Float64, func(i int) uint64 { return math.Float64bits(float64(f32[i])) }},
			{denseOf(f64), chunk.Float64, chunk.Float32, func(i int) uint64 { return uint64(math.Float32bits(float32(f64[i]))) }},
			{denseOf(i32), chunk.Int32, chunk.Float64, func(i int) uint64 { return math.Float64bits(float64(i32[i])) }},
			{denseOf(i64), chunk.Int64, chunk.Float64, func(i int) uint64 { return math.Float64bits(float64(i64[i])) }},
			{denseOf(i32), chunk.Int32, chunk.Float32, func(i int) uint64 { return uint64(math.Float32bits(float32(i32[i]))) }},
		}
		i16, u8 := make([]int16, n), make([]uint8, n)
		for i := range n {
			i16[i], u8[i] = int16(i32[i]), uint8(i32[i])
		}
		for _, to := range []chunk.DType{chunk.Float32, chunk.Float64} {
			conv := func(v float64) uint64 { return math.Float64bits(v) }
			if to == chunk.Float32 {
				conv = func(v float64) uint64 { return uint64(math.Float32bits(float32(v))) }
			}
			cases = append(cases,
				struct {
					src      *chunk.Dense
					from, to chunk.DType
					want     func(i int) uint64
				}{denseOf(i16), chunk.Int16, to, func(i int) uint64 { return conv(float64(i16[i])) }},
				struct {
					src      *chunk.Dense
					from, to chunk.DType
					want     func(i int) uint64
				}{denseOf(u8), chunk.Uint8, to, func(i int) uint64 { return conv(float64(u8[i])) }})
		}
		for _, c := range cases {
			for _, inside := range []bool{false, true} {
				b := NewBuilder(1)
				v := b.Cast(b.Input(0, c.from), c.to)
				if inside { // the cast into a tile buffer, then negated twice
					v = b.Unary(OpNeg, c.to, b.Unary(OpNeg, c.to, v))
				}
				out, err := Eval(b.Program(v), Frame{Shape: []int{n}, Origin: []int{0}, Global: []int{n}}, []*chunk.Dense{c.src})
				if err != nil {
					t.Fatal(err)
				}
				for i := range n {
					var got uint64
					if c.to == chunk.Float32 {
						got = uint64(math.Float32bits(chunk.Values[float32](out)[i]))
					} else {
						got = math.Float64bits(chunk.Values[float64](out)[i])
					}
					w := c.want(i)
					if got != w && !(isNaNBits(got, c.to) && isNaNBits(w, c.to)) {
						t.Fatalf("%v -> %v n=%d inside=%v: element %d = %#x, want %#x", c.from, c.to, n, inside, i, got, w)
					}
				}
			}
		}
	}
}

func denseOf[T chunk.Element](v []T) *chunk.Dense {
	d, err := chunk.FromSlice([]int{len(v)}, v)
	if err != nil {
		panic(err)
	}
	return d
}

func isNaNBits(b uint64, dt chunk.DType) bool {
	if dt == chunk.Float32 {
		f := math.Float32frombits(uint32(b))
		return f != f
	}
	return math.IsNaN(math.Float64frombits(b))
}
