package chunk

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// checkGrid verifies a grid's index math against its chunk sizes.
func checkGrid(t testing.TB, g Grid) {
	t.Helper()
	for a, cs := range g.Chunks() {
		off := g.Offsets(a)
		if len(off) != len(cs)+1 || off[0] != 0 || off[len(cs)] != g.Shape()[a] {
			t.Fatalf("axis %d: offsets %v for chunks %v", a, off, cs)
		}
		for i, c := range cs {
			if off[i+1]-off[i] != c {
				t.Fatalf("axis %d: offsets %v for chunks %v", a, off, cs)
			}
		}
		for x := 0; x < g.Shape()[a]; x++ {
			b := g.BlockOf(a, x)
			if b < 0 || b >= len(cs) || x < off[b] || x >= off[b+1] {
				t.Fatalf("axis %d chunks %v: BlockOf(%d) = %d", a, cs, x, b)
			}
		}
	}
	if g.NumBlocksTotal() > 20000 {
		return
	}
	total, blocks := 0, 0
	g.Blocks(func(idx []int) {
		box := g.BlockBox(idx)
		if !EqualShapes(box.Shape(), g.BlockShape(idx)) {
			t.Fatalf("block %v: box %v, shape %v", idx, box, g.BlockShape(idx))
		}
		total += box.Size()
		blocks++
	})
	if total != g.Size() || blocks != g.NumBlocksTotal() {
		t.Fatalf("blocks cover %d elements in %d blocks, want %d in %d", total, blocks, g.Size(), g.NumBlocksTotal())
	}
}

func randChunks(r *rand.Rand) [][]int {
	nd := r.Intn(5)
	cs := make([][]int, nd)
	for a := range cs {
		if r.Intn(8) == 0 {
			cs[a] = []int{0}
			continue
		}
		k := 1 + r.Intn(5)
		for i := 0; i < k; i++ {
			cs[a] = append(cs[a], 1+r.Intn(6))
		}
	}
	return cs
}

func TestGridRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for it := 0; it < 500; it++ {
		cs := randChunks(r)
		g, err := NewGrid(cs)
		if err != nil {
			t.Fatalf("NewGrid(%v): %v", cs, err)
		}
		checkGrid(t, g)
		if !g.Equal(g) {
			t.Fatal("grid not equal to itself")
		}
	}
}

func TestRegularGrid(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for it := 0; it < 300; it++ {
		nd := r.Intn(5)
		shape, cs := make([]int, nd), make([]int, nd)
		for a := range shape {
			shape[a], cs[a] = r.Intn(12), 1+r.Intn(5)
		}
		g, err := RegularGrid(shape, cs)
		if err != nil {
			t.Fatalf("RegularGrid(%v, %v): %v", shape, cs, err)
		}
		if !EqualShapes(g.Shape(), shape) {
			t.Fatalf("shape %v, want %v", g.Shape(), shape)
		}
		for a, c := range g.Chunks() {
			for i, n := range c {
				if shape[a] > 0 && (n > cs[a] || (i < len(c)-1 && n != cs[a])) {
					t.Fatalf("RegularGrid(%v, %v) axis %d: chunks %v", shape, cs, a, c)
				}
			}
		}
		checkGrid(t, g)
	}
}

// TestGridEmptyChunks checks that chunks of size 0 are allowed anywhere,
// as Dask allows (a boolean mask's selection leaves them): offsets count
// them, BlockOf skips them.
func TestGridEmptyChunks(t *testing.T) {
	g, err := NewGrid([][]int{{2, 0, 1}, {0, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if s := g.Shape(); s[0] != 3 || s[1] != 3 {
		t.Fatalf("shape %v, want [3 3]", s)
	}
	if b := g.BlockBox([]int{2, 1}); b.Min[0] != 2 || b.Max[0] != 3 || b.Min[1] != 0 || b.Max[1] != 3 {
		t.Fatalf("block [2 1] box %v", b)
	}
	if b := g.BlockBox([]int{1, 0}); b.Min[0] != 2 || b.Max[0] != 2 || b.Max[1] != 0 {
		t.Fatalf("empty block [1 0] box %v", b)
	}
	checkGrid(t, g)
}

func TestGridErrors(t *testing.T) {
	cases := []struct {
		f    func() error
		want []string
	}{
		{func() error { _, err := NewGrid([][]int{{2}, {-1}}); return err }, []string{"axis 1", "-1"}},
		{func() error { _, err := NewGrid([][]int{{}}); return err }, []string{"axis 0", "no chunks"}},
		{func() error { _, err := RegularGrid([]int{3}, []int{1, 2}); return err }, []string{"[3]", "[1 2]"}},
		{func() error { _, err := RegularGrid([]int{3, -2}, []int{1, 2}); return err }, []string{"[3 -2]", "axis 1"}},
		{func() error { _, err := RegularGrid([]int{3, 2}, []int{0, 2}); return err }, []string{"[0 2]", "axis 0"}},
	}
	for i, c := range cases {
		err := c.f()
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("case %d: %q does not mention %q", i, err, w)
			}
		}
	}
}

func TestPlan(t *testing.T) {
	cases := []struct {
		spec   Spec
		shape  []int
		dt     DType
		target int64
		base   []int
		want   string // fmt of chunks
	}{
		{Regular(3, 4), []int{10, 8}, Float64, 0, nil, "[[3 3 3 1] [4 4]]"},
		{Spec{Sizes(1, 4, 5), Whole()}, []int{10, 8}, Float64, 0, nil, "[[1 4 5] [8]]"},
		{nil, []int{10, 8}, Float64, 0, nil, "[[10] [8]]"},
		{nil, []int{1000, 1000}, Float64, 8 * 10000, nil, "[[100 100 100 100 100 100 100 100 100 100] [100 100 100 100 100 100 100 100 100 100]]"},
		{Spec{Auto(), Size(10)}, []int{100, 100}, Uint8, 200, nil, "[[20 20 20 20 20] [10 10 10 10 10 10 10 10 10 10]]"},
		{nil, []int{1000}, Float64, 8 * 300, []int{64}, "[[256 256 256 232]]"},
		{Spec{Auto(), Whole()}, []int{0, 5}, Float64, 0, nil, "[[0] [5]]"},
		{Spec{}, []int{}, Float64, 0, nil, "[]"},
	}
	for _, c := range cases {
		g, err := c.spec.Plan(c.shape, c.dt, c.target, c.base)
		if err != nil {
			t.Errorf("Plan(%v, %v): %v", c.spec, c.shape, err)
			continue
		}
		if got := fmt.Sprint(g.Chunks()); got != c.want {
			t.Errorf("Plan(%v, %v, %v, %d, %v) = %s, want %s", c.spec, c.shape, c.dt, c.target, c.base, got, c.want)
		}
		checkGrid(t, g)
	}
}

// Auto chunks come near the target, never far above it, and respect a
// store's chunks.
func TestPlanAutoProperties(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for it := 0; it < 300; it++ {
		nd := 1 + r.Intn(3)
		shape := make([]int, nd)
		for a := range shape {
			shape[a] = r.Intn(600)
		}
		dt := DTypes[r.Intn(len(DTypes))]
		target := int64(64 + r.Intn(1<<20))
		var base []int
		if r.Intn(2) == 0 {
			base = make([]int, nd)
			for a := range base {
				base[a] = 1 + r.Intn(50)
			}
		}
		g, err := Spec(nil).Plan(shape, dt, target, base)
		if err != nil {
			t.Fatalf("Plan(%v, %v, %d, %v): %v", shape, dt, target, base, err)
		}
		checkGrid(t, g)
		bytes := int64(dt.Size())
		for _, c := range g.Chunks() {
			bytes *= int64(c[0])
		}
		var grain int64 = int64(dt.Size())
		if base != nil {
			for _, b := range base {
				grain *= int64(b)
			}
		}
		if bytes > 2*target && bytes > grain {
			t.Errorf("Plan(%v, %v, %d, %v): chunks %v hold %d bytes", shape, dt, target, base, g.Chunks(), bytes)
		}
		if base != nil {
			for a, c := range g.Chunks() {
				if len(c) > 1 && c[0]%base[a] != 0 {
					t.Errorf("Plan(%v, base %v): axis %d chunks %v not aligned", shape, base, a, c)
				}
			}
		}
	}
}

func TestPlanErrors(t *testing.T) {
	cases := []struct {
		spec  Spec
		shape []int
		base  []int
		want  []string
	}{
		{Regular(2), []int{3, 3}, nil, []string{"1 chunk specs", "[3 3]", "2 axes"}},
		{Regular(0), []int{3}, nil, []string{"size 0", "axis 0"}},
		{Spec{Whole(), Size(-2)}, []int{3, 3}, nil, []string{"size -2", "axis 1"}},
		{Spec{Sizes(1, 1)}, []int{3}, nil, []string{"[1 1]", "axis 0", "sum to 2", "3"}},
		{Spec{Sizes(3, 0)}, []int{3}, nil, []string{"[3 0]", "axis 0", "positive"}},
		{Spec{Whole()}, []int{-3}, nil, []string{"[-3]", "axis 0"}},
		{nil, []int{3}, []int{1, 2}, []string{"[1 2]", "[3]"}},
	}
	for _, c := range cases {
		_, err := c.spec.Plan(c.shape, Float64, 0, c.base)
		if err == nil {
			t.Errorf("Plan(%v, %v): no error", c.spec, c.shape)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Plan(%v, %v): %q does not mention %q", c.spec, c.shape, err, w)
			}
		}
	}
}

func TestPromoteMatchesTableRules(t *testing.T) {
	// Promotion is symmetric and idempotent, and bool is the identity.
	for _, a := range DTypes {
		if Promote(a, a) != a || Promote(a, Bool) != a || Promote(Bool, a) != a {
			t.Errorf("Promote identities fail for %v", a)
		}
		for _, b := range DTypes {
			if Promote(a, b) != Promote(b, a) {
				t.Errorf("Promote(%v, %v) = %v but Promote(%v, %v) = %v", a, b, Promote(a, b), b, a, Promote(b, a))
			}
		}
	}
	for _, c := range []struct{ a, b, want DType }{
		{Int8, Uint8, Int16}, {Int64, Uint64, Float64}, {Int16, Float32, Float32}, {Int32, Float32, Float64},
		{Uint16, Float32, Float32}, {Uint32, Int32, Int64}, {Uint8, Int64, Int64}, {Float32, Float64, Float64},
		{Complex64, Float32, Complex64}, {Complex64, Float64, Complex128}, {Complex64, Int16, Complex64},
		{Complex64, Int32, Complex128}, {Complex64, Complex128, Complex128}, {Uint64, Complex128, Complex128},
	} {
		if got := Promote(c.a, c.b); got != c.want {
			t.Errorf("Promote(%v, %v) = %v, NumPy gives %v", c.a, c.b, got, c.want)
		}
	}
	for _, name := range []string{"float64", "<f8", "i4", "|b1", "u8", ">i2", "bool"} {
		if _, err := ParseDType(name); err != nil {
			t.Errorf("ParseDType(%q): %v", name, err)
		}
	}
	if _, err := ParseDType("complex256"); err == nil || !strings.Contains(err.Error(), "complex256") {
		t.Errorf("ParseDType(complex256): %v", err)
	}
}

// TestPlanBaseOverEdge: an axis whose base chunk is longer than the
// cube's edge takes one base chunk and leaves the rest of the target to
// the other axes (it used to round every axis up, to 4x the target).
func TestPlanBaseOverEdge(t *testing.T) {
	g, err := Spec(nil).Plan([]int{357, 210, 337}, Uint64, 83146, []int{43, 5, 48})
	if err != nil {
		t.Fatal(err)
	}
	n := int64(Uint64.Size())
	for a, c := range g.Chunks() {
		n *= int64(c[0])
		if c[0]%[]int{43, 5, 48}[a] != 0 {
			t.Errorf("axis %d chunks %v not multiples of the base", a, c)
		}
	}
	if n > 83146 {
		t.Errorf("chunks %v hold %d bytes, over the target 83146", g.Chunks(), n)
	}
}
