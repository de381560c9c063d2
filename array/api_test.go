package array

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestMapBlocksAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(30))
	for it := 0; it < 40; it++ {
		shape := randShape(r, 1, 4, 200)
		d := randDense(r, chunk.Float64, shape)
		e := randDense(r, chunk.Int32, shape)
		x, y := FromDense(d, randSpec(r, shape)), FromDense(e, randSpec(r, shape))
		// out = x + y + (sum of the block index), computed per block.
		z := MapBlocks(func(block []int, in ...*chunk.Dense) (*chunk.Dense, error) {
			s := 0
			for _, b := range block {
				s += b
			}
			a, b := chunk.Values[float64](in[0]), chunk.Values[int32](in[1])
			out := make([]float64, len(a))
			for i := range a {
				out[i] = a[i] + float64(b[i]) + float64(s)
			}
			return chunk.FromSlice(in[0].Shape(), out)
		}, chunk.Float64, x, y)
		what := fmt.Sprintf("map_blocks over %v chunks %v / %v", shape, x.Chunks(), y.Chunks())
		if z.Err() != nil {
			t.Fatalf("%s: %v", what, z.Err())
		}
		want := chunk.NewDense(chunk.Float64, shape)
		wv, dv, ev := chunk.Values[float64](want), chunk.Values[float64](d), chunk.Values[int32](e)
		idx := make([]int, len(shape))
		for p := range wv {
			chunk.Unravel(idx, p, shape)
			s := 0
			for a, i := range idx {
				s += x.Grid().BlockOf(a, i)
			}
			wv[p] = dv[p] + float64(ev[p]) + float64(s)
		}
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		checkDense(t, what, got, want, 0)
	}
}

func scaleBlock(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
	return in[0].AsType(chunk.Float64), nil
}

// registerScale registers test.scale; registering the same function
// again (as a second run of the test in one process does) is allowed.
func registerScale() error { return RegisterBlockFunc("test.scale", scaleBlock) }

func TestMapBlocksNamedIsDeterministic(t *testing.T) {
	const name = "test.scale"
	if err := registerScale(); err != nil {
		t.Fatal(err)
	}
	if err := registerScale(); err != nil {
		t.Errorf("the same function registered again: %v", err)
	}
	if err := RegisterBlockFunc(name, nil); err == nil || !strings.Contains(err.Error(), name) {
		t.Errorf("nil function: %v", err)
	}
	other := func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) { return in[0], nil }
	if err := RegisterBlockFunc(name, other); err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "different function") {
		t.Errorf("another function under a taken name: %v", err)
	}
	x := Arange(0, 20, 1, chunk.Int32, chunk.Regular(6))
	p, _ := json.Marshal(2)
	a, b := MapBlocksNamed(name, p, chunk.Float64, x), MapBlocksNamed(name, p, chunk.Float64, x)
	if a.Name() != b.Name() {
		t.Errorf("equal MapBlocksNamed calls have names %s and %s", a.Name(), b.Name())
	}
	if c := MapBlocksNamed(name, []byte("3"), chunk.Float64, x); c.Name() == a.Name() {
		t.Errorf("different parameters give the same name")
	}
	got, err := ToSlice[float64](bg, a)
	if err != nil || len(got) != 20 || got[19] != 19 {
		t.Fatalf("MapBlocksNamed: %v %v", got, err)
	}
	if z := MapBlocksNamed("no.such.func", nil, chunk.Float64, x); z.Err() == nil || !strings.Contains(z.Err().Error(), "no.such.func") {
		t.Errorf("unknown function: %v", z.Err())
	}
}

func TestMapBlocksBadResult(t *testing.T) {
	x := Ones([]int{5}, chunk.Float64, chunk.Regular(2))
	z := MapBlocks(func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) { return in[0].AsType(chunk.Int8), nil }, chunk.Float64, x)
	_, err := z.Compute(bg)
	if err == nil || !strings.Contains(err.Error(), "int8") || !strings.Contains(err.Error(), "float64") {
		t.Errorf("wrong dtype from a block function: %v", err)
	}
	z = MapBlocks(func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) { panic("user bug") }, chunk.Float64, x)
	if _, err := z.Compute(bg); err == nil || !strings.Contains(err.Error(), "user bug") {
		t.Errorf("panicking block function: %v", err)
	}
}

func TestMapAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(31))
	shape := []int{7, 0, 3}
	for _, s := range [][]int{{7, 5, 3}, shape, {1}, {}} {
		d := randDense(r, chunk.Int16, s)
		z := Map(FromDense(d, randSpec(r, s)), func(v int16) float32 { return float32(v) / 4 })
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatal(err)
		}
		want := refMap(chunk.Float32, []*chunk.Dense{d}, func(_ int, pos []int) num {
			return num{dt: chunk.Float32, f: float64(float32(at(d, pos[0]).i) / 4)}
		})
		checkDense(t, fmt.Sprint("map over ", s), got, want, 0)
	}
	if z := Map(Ones([]int{3}, chunk.Float64, nil), func(v int16) int16 { return v }); z.Err() == nil ||
		!strings.Contains(z.Err().Error(), "map") || !strings.Contains(z.Err().Error(), "float64") || !strings.Contains(z.Err().Error(), "int16") {
		t.Errorf("Map with the wrong type: %v", z.Err())
	}
}

// ---- creation ----

func TestCreationAllDTypes(t *testing.T) {
	r := rand.New(rand.NewSource(32))
	for _, dt := range chunk.DTypes {
		for _, v := range []float64{0, 1, 3} {
			shape := randShape(r, 0, 4, 200)
			spec := randSpec(r, shape)
			var z *Array
			switch v {
			case 0:
				z = Zeros(shape, dt, spec)
				if r.Intn(2) == 0 {
					z = Empty(shape, dt, spec)
				}
			case 1:
				z = Ones(shape, dt, spec)
			default:
				z = Full(shape, v, dt, spec)
			}
			want := chunk.NewDense(dt, shape)
			for p := 0; p < want.Len(); p++ {
				setNum(want, p, num{dt: chunk.Float64, f: v})
			}
			got, err := z.Compute(bg)
			if err != nil {
				t.Fatal(err)
			}
			checkDense(t, fmt.Sprintf("full(%v, %v, %v)", shape, v, dt), got, want, 0)
		}
	}
}

func TestArangeLinspaceMatchNumPy(t *testing.T) {
	cases := []struct {
		what string
		a    *Array
		want []float64 // from numpy
	}{
		{"linspace(0, 1, 7)", Linspace(0, 1, 7, true, chunk.Regular(3)), []float64{0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333, 1.0}},
		{"linspace(-3, 5, 6, endpoint=False)", Linspace(-3, 5, 6, false, chunk.Regular(4)), []float64{-3.0, -1.6666666666666667, -0.3333333333333335, 1.0, 2.333333333333333, 3.666666666666666}},
		{"linspace(2, 3, 1)", Linspace(2, 3, 1, true, nil), []float64{2.0}},
		{"linspace(2, 3, 0)", Linspace(2, 3, 0, true, nil), []float64{}},
		{"linspace(0, 1, 10)", Linspace(0, 1, 10, true, chunk.Regular(3)), []float64{0.0, 0.1111111111111111, 0.2222222222222222, 0.3333333333333333, 0.4444444444444444, 0.5555555555555556, 0.6666666666666666, 0.7777777777777777, 0.8888888888888888, 1.0}},
		{"arange(0.5, 3.2, 0.7)", Arange(0.5, 3.2, 0.7, chunk.Float64, chunk.Regular(3)), []float64{0.5, 1.2, 1.9, 2.5999999999999996}},
		{"arange(0, 1, 0.1)", Arange(0, 1, 0.1, chunk.Float64, chunk.Regular(4)), []float64{0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9}},
		{"arange(10, -3, -4)", Arange(10, -3, -4, chunk.Int64, nil).AsType(chunk.Float64), []float64{10, 6, 2, -2}},
		{"arange(5, 1, 1)", Arange(5, 1, 1, chunk.Int32, nil).AsType(chunk.Float64), []float64{}},
	}
	for _, c := range cases {
		got, err := ToSlice[float64](bg, c.a)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v (%v), NumPy gives %v", c.what, got, err, c.want)
		}
	}
	if a := Arange(0, 5, 1, chunk.Uint8, nil); a.DType() != chunk.Uint8 {
		t.Errorf("arange dtype %v", a.DType())
	}
}

func TestEyeAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(33))
	for it := 0; it < 40; it++ {
		n, m, k := r.Intn(8), r.Intn(8), r.Intn(9)-4
		dt := chunk.DTypes[r.Intn(len(chunk.DTypes))]
		mm := m
		if mm <= 0 {
			mm = n
		}
		z := Eye(n, m, k, dt, randSpec(r, []int{n, mm}))
		want := chunk.NewDense(dt, []int{n, mm})
		for i := 0; i < n; i++ {
			for j := 0; j < mm; j++ {
				if j-i == k {
					setNum(want, i*mm+j, num{dt: chunk.Bool, b: true})
				}
			}
		}
		got, err := z.Compute(bg)
		if err != nil {
			t.Fatal(err)
		}
		checkDense(t, fmt.Sprintf("eye(%d, %d, %d, %v)", n, m, k, dt), got, want, 0)
	}
}

// ---- random ----

func TestRandomReproducibleAndIndependentOfChunking(t *testing.T) {
	shape := []int{37, 23}
	specs := []chunk.Spec{chunk.Regular(37, 23), chunk.Regular(5, 7), {chunk.Sizes(1, 30, 6), chunk.Sizes(20, 3)}, chunk.Regular(1, 1)}
	gens := []struct {
		name string
		f    func(*RNG, chunk.Spec) *Array
	}{
		{"uniform", func(g *RNG, s chunk.Spec) *Array { return g.Uniform(-2, 3, shape, s) }},
		{"normal", func(g *RNG, s chunk.Spec) *Array { return g.Normal(1, 2, shape, s) }},
		{"integers", func(g *RNG, s chunk.Spec) *Array { return g.Integers(-5, 17, shape, s).AsType(chunk.Float64) }},
	}
	for _, gen := range gens {
		var first []float64
		for _, s := range specs {
			v, err := ToSlice[float64](bg, gen.f(NewRNG(42), s))
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = v
				continue
			}
			if fmt.Sprint(v) != fmt.Sprint(first) {
				t.Errorf("%s: values change with chunks %v", gen.name, s)
			}
		}
		// Rechunking does not change values either.
		v, _ := ToSlice[float64](bg, gen.f(NewRNG(42), specs[1]).Rechunk(chunk.Regular(9, 4)))
		if fmt.Sprint(v) != fmt.Sprint(first) {
			t.Errorf("%s: values change with rechunking", gen.name)
		}
		other, _ := ToSlice[float64](bg, gen.f(NewRNG(43), specs[0]))
		if fmt.Sprint(other) == fmt.Sprint(first) {
			t.Errorf("%s: seeds 42 and 43 give the same values", gen.name)
		}
		g := NewRNG(42)
		a, _ := ToSlice[float64](bg, gen.f(g, specs[0]))
		b, _ := ToSlice[float64](bg, gen.f(g, specs[0]))
		if fmt.Sprint(a) == fmt.Sprint(b) {
			t.Errorf("%s: two draws from one RNG are equal", gen.name)
		}
	}
}

func TestRandomStatistics(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 50_000
	}
	stats := func(v []float64) (mean, std, lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, x := range v {
			mean += x
			lo, hi = min(lo, x), max(hi, x)
		}
		mean /= float64(len(v))
		for _, x := range v {
			std += (x - mean) * (x - mean)
		}
		return mean, math.Sqrt(std / float64(len(v))), lo, hi
	}
	g := NewRNG(7)
	u, _ := ToSlice[float64](bg, g.Uniform(-1, 3, []int{n}, chunk.Regular(10_000)))
	m, s, lo, hi := stats(u)
	if math.Abs(m-1) > 0.02 || math.Abs(s-4/math.Sqrt(12)) > 0.02 || lo < -1 || hi >= 3 {
		t.Errorf("uniform(-1, 3): mean %v std %v range [%v, %v]", m, s, lo, hi)
	}
	z, _ := ToSlice[float64](bg, g.Normal(5, 2, []int{n}, chunk.Regular(7_000)))
	m, s, _, _ = stats(z)
	if math.Abs(m-5) > 0.03 || math.Abs(s-2) > 0.03 {
		t.Errorf("normal(5, 2): mean %v std %v", m, s)
	}
	iv, _ := ToSlice[int64](bg, g.Integers(-3, 4, []int{n}, chunk.Regular(9_999)))
	counts := map[int64]int{}
	for _, v := range iv {
		counts[v]++
	}
	if len(counts) != 7 {
		t.Errorf("integers(-3, 4) took values %v", counts)
	}
	for v, c := range counts {
		if v < -3 || v >= 4 || math.Abs(float64(c)/float64(n)-1.0/7) > 0.01 {
			t.Errorf("integers(-3, 4): value %d drawn %d times of %d", v, c, n)
		}
	}
}

// ---- compute, persist, shared work ----

func TestPersistKeepsNameAndValues(t *testing.T) {
	r := rand.New(rand.NewSource(34))
	d := randDense(r, chunk.Float32, []int{9, 4})
	var calls atomic.Int64
	x := MapBlocks(func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		calls.Add(1)
		return in[0].Clone(), nil
	}, chunk.Float32, FromDense(d, chunk.Regular(4, 3)))
	p, err := x.Persist(bg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != x.Name() || !p.Grid().Equal(x.Grid()) || p.DType() != x.DType() {
		t.Errorf("persist changed the array: %v vs %v", p, x)
	}
	before := calls.Load()
	for i := 0; i < 3; i++ {
		got, err := p.Mul(2).Compute(bg)
		if err != nil {
			t.Fatal(err)
		}
		checkDense(t, "persisted*2", got, refBinary(binCases[2], chunk.Float32, chunk.Float32, d, scalarDense(2.0)), 0)
	}
	if calls.Load() != before {
		t.Errorf("computing from a persisted array re-ran its graph (%d calls)", calls.Load()-before)
	}
}

func TestComputeAllSharesWork(t *testing.T) {
	var calls atomic.Int64
	base := Arange(0, 100, 1, chunk.Float64, chunk.Regular(10))
	m := MapBlocks(func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		calls.Add(1)
		return in[0].Clone(), nil
	}, chunk.Float64, base)
	a, b, c := m.Add(1), m.Mul(2).Sum(), m.Index(S(None, None, -1))
	outs, err := ComputeAll(bg, []*Array{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 10 {
		t.Errorf("the shared map_blocks ran %d times, want once per block (10)", n)
	}
	if got := chunk.Values[float64](outs[1])[0]; got != 9900 {
		t.Errorf("sum = %v, want 9900", got)
	}
	if got := chunk.Values[float64](outs[2]); got[0] != 99 || got[99] != 0 {
		t.Errorf("reversed = %v", got)
	}
	// Equal expressions get equal names, so their work is shared too.
	if x, y := base.Add(1).Mul(3), base.Add(1).Mul(3); x.Name() != y.Name() {
		t.Errorf("equal expressions have names %s and %s", x.Name(), y.Name())
	}
}

func TestToSliceDTypeMismatch(t *testing.T) {
	x := Ones([]int{3}, chunk.Int32, nil)
	_, err := ToSlice[float64](bg, x)
	if err == nil || !strings.Contains(err.Error(), "int32") || !strings.Contains(err.Error(), "float64") || !strings.Contains(err.Error(), "to_slice") {
		t.Errorf("ToSlice[float64] of int32: %v", err)
	}
	v, err := ToSlice[int32](bg, x)
	if err != nil || fmt.Sprint(v) != "[1 1 1]" {
		t.Errorf("ToSlice[int32] = %v, %v", v, err)
	}
}

// ((x+1)*2 - x*x).Sum() over a persisted array runs tile by tile: the
// bytes allocated while computing are a small fraction of the input.
func TestFusedReductionAllocatesNoChunkTemporaries(t *testing.T) {
	n, c := 1<<21, 1<<17 // 16 MiB of float64 in 16 chunks of 1 MiB
	if testing.Short() {
		n = 1 << 19
	}
	x, err := NewRNG(1).Random([]int{n}, chunk.Regular(c)).Persist(bg)
	if err != nil {
		t.Fatal(err)
	}
	y := x.Add(1).Mul(2).Sub(x.Mul(x)).Sum()
	if _, err := y.Compute(bg); err != nil { // warm up
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got, err := y.Compute(bg)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	input := uint64(n * 8)
	t.Logf("allocated %d bytes computing over %d input bytes (%.2f%%)", alloc, input, 100*float64(alloc)/float64(input))
	if alloc > input/10 {
		t.Errorf("fused reduction allocated %d bytes, over 10%% of the %d input bytes: chunk-sized temporaries", alloc, input)
	}
	// And the value is right.
	xs, _ := ToSlice[float64](bg, x)
	want := 0.0
	for _, v := range xs {
		want += (v+1)*2 - v*v
	}
	if g := chunk.Values[float64](got)[0]; math.Abs(g-want) > 1e-9*float64(n) {
		t.Errorf("sum = %v, want %v", g, want)
	}
}

// Non-finite constants survive the task encoding (JSON has no NaN).
func TestNonFiniteConstants(t *testing.T) {
	x := FromSlice([]float64{1, -2, 3}, []int{3}, chunk.Regular(2))
	cases := []struct {
		what string
		a    *Array
		want string
	}{
		{"full(NaN)", Full([]int{2}, math.NaN(), chunk.Float64, nil), "[NaN NaN]"},
		{"full(-Inf) float32", Full([]int{2}, math.Inf(-1), chunk.Float32, nil).AsType(chunk.Float64), "[-Inf -Inf]"},
		{"maximum(x, -Inf)", x.Maximum(math.Inf(-1)), "[1 -2 3]"},
		{"where(x>0, x, NaN)", Where(x.Gt(0), x, math.NaN()), "[1 NaN 3]"},
		{"x + Inf", x.Add(math.Inf(1)), "[+Inf +Inf +Inf]"},
		{"sum(x * Inf)", x.Mul(math.Inf(1)).Sum(), "[NaN]"},
	}
	for _, c := range cases {
		got, err := ToSlice[float64](bg, c.a)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("%s = %v (%v), want %s", c.what, got, err, c.want)
		}
	}
}

// TestMapBlocksClosureReleased checks that a MapBlocks closure is
// registered only while an array built from it can be computed.
func TestMapBlocksClosureReleased(t *testing.T) {
	x := Arange(0, 10, 1, chunk.Float64, chunk.Regular(5))
	id := closureID.Load() + 1
	y := MapBlocks(func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) { return in[0], nil }, chunk.Float64, x)
	name := fmt.Sprintf("closure-%d", id)
	s := y.Sum()
	y = nil
	runtime.GC()
	if v, err := ToSlice[float64](context.Background(), s); err != nil || v[0] != 45 {
		t.Fatalf("sum of a MapBlocks result after its array was dropped: %v %v", v, err)
	}
	if _, ok := blockFuncs.Get(name); !ok {
		t.Fatalf("%s forgotten while an array built on it lives", name)
	}
	runtime.KeepAlive(s)
	s = nil
	for deadline := time.Now().Add(5 * time.Second); ; {
		runtime.GC()
		if _, ok := blockFuncs.Get(name); !ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still registered after every array using it was collected", name)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
