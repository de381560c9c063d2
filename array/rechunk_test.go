package array

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
)

// randomChunks returns a random chunking of an axis of length n: regular,
// ragged, size-1 or whole.
func randomChunks(rng *rand.Rand, n int) []int {
	if n == 0 {
		return []int{0}
	}
	switch rng.Intn(4) {
	case 0:
		return chunk.SplitAxis(n, 1+rng.Intn(n))
	case 1:
		return []int{n}
	case 2:
		return chunk.SplitAxis(n, 1)
	}
	var cs []int
	for rest := n; rest > 0; {
		c := min(rest, 1+rng.Intn(max(n/2, 1)))
		cs = append(cs, c)
		rest -= c
	}
	return cs
}

func sizesSpec(cs [][]int) chunk.Spec {
	s := make(chunk.Spec, len(cs))
	for a, c := range cs {
		s[a] = chunk.Sizes(c...)
	}
	return s
}

// TestRechunkRandom rechunks random 1-d to 4-d arrays between random
// chunkings (ragged, size-1, whole, empty axes), from resident chunks and
// from computed ones, and checks every value.
func TestRechunkRandom(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 200; iter++ {
		nd := 1 + rng.Intn(4)
		shape := make([]int, nd)
		for a := range shape {
			shape[a] = rng.Intn(13)
			if rng.Intn(10) > 0 {
				shape[a] = max(shape[a], 1)
			}
		}
		n := chunk.Prod(shape)
		data := make([]int32, n)
		for i := range data {
			data[i] = int32(i)
		}
		from, to := make([][]int, nd), make([][]int, nd)
		for a := range shape {
			from[a], to[a] = randomChunks(rng, shape[a]), randomChunks(rng, shape[a])
		}
		x := FromSlice(data, shape, sizesSpec(from))
		for _, computed := range []bool{false, true} {
			in := x
			if computed {
				in = x.Add(int32(0)) // a computed layer, not resident chunks
			}
			y := in.Rechunk(sizesSpec(to))
			if err := y.Err(); err != nil {
				t.Fatalf("%v %v→%v: %v", shape, from, to, err)
			}
			if !y.Grid().Equal(mustGrid(t, to)) {
				t.Fatalf("%v→%v: got chunks %v", from, to, y.Chunks())
			}
			got, err := ToSlice[int32](ctx, y)
			if err != nil {
				t.Fatalf("%v %v→%v: %v", shape, from, to, err)
			}
			for i := range got {
				if got[i] != int32(i) {
					t.Fatalf("%v %v→%v (computed %v): element %d = %d", shape, from, to, computed, i, got[i])
				}
			}
		}
	}
}

func mustGrid(t *testing.T, cs [][]int) chunk.Grid {
	t.Helper()
	g, err := chunk.NewGrid(cs)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestRechunkSpecs(t *testing.T) {
	ctx := context.Background()
	x := Arange(0, 600, 1, chunk.Float64, chunk.Regular(7)).Index(S(None, None, 1))
	m := FromSlice(make([]float64, 600), []int{20, 30}, chunk.Regular(3, 7))
	for _, tc := range []struct {
		a    *Array
		spec chunk.Spec
		want [][]int
	}{
		{m, chunk.Spec{chunk.Whole(), chunk.Size(10)}, [][]int{{20}, {10, 10, 10}}},
		{m, chunk.Spec{chunk.Size(5), chunk.Whole()}, [][]int{{5, 5, 5, 5}, {30}}},
		{m, chunk.Spec{chunk.Auto(), chunk.Auto()}, [][]int{{20}, {30}}},
		{x, chunk.Regular(600), [][]int{{600}}},
	} {
		y := tc.a.Rechunk(tc.spec)
		if y.Err() != nil || !y.Grid().Equal(mustGrid(t, tc.want)) {
			t.Errorf("Rechunk(%v): chunks %v err %v, want %v", tc.spec, y.Chunks(), y.Err(), tc.want)
		}
		if _, err := y.Compute(ctx); err != nil {
			t.Error(err)
		}
	}
	for _, bad := range []chunk.Spec{{chunk.Size(0), chunk.Whole()}, {chunk.Whole()}, {chunk.Sizes(1, 2), chunk.Whole()}} {
		if y := m.Rechunk(bad); y.Err() == nil {
			t.Errorf("Rechunk(%v) accepted", bad)
		}
	}
	if y := m.Rechunk(chunk.Regular(3, 7)); y != m {
		t.Error("rechunk to the same chunks is not a no-op")
	}
}

// taskBytes walks the tasks that compute a and returns, over all tasks
// except the leaves of the input layer, the largest sum of input bytes
// plus output bytes. sizes maps a layer name to its grid.
func maxTaskBytes(t *testing.T, a *Array, grids map[string]chunk.Grid, itemsize int) int {
	t.Helper()
	g := scheduler.NewGraph(a.Layer())
	worst := 0
	var walk func(l scheduler.Layer)
	seen := map[string]bool{}
	walk = func(l scheduler.Layer) {
		if seen[l.Name()] {
			return
		}
		seen[l.Name()] = true
		lg, ok := grids[l.Name()]
		if !ok {
			return // the input layer
		}
		chunk.EachIndex(l.NumBlocks(), func(idx []int) {
			task := l.Task(idx)
			b := chunk.Prod(lg.BlockShape(idx)) * itemsize
			for _, k := range task.Inputs {
				ig, ok := grids[k.Name]
				if !ok {
					t.Fatalf("no grid for layer %s", k.Name)
				}
				b += chunk.Prod(ig.BlockShape(k.Block())) * itemsize
			}
			worst = max(worst, b)
		})
		for _, in := range l.Inputs() {
			walk(in)
		}
	}
	walk(g.Layer(a.Name()))
	return worst
}

// stageGrids returns the grid of every layer a rechunk built, by name.
func stageGrids(x, y *Array) map[string]chunk.Grid {
	grids := map[string]chunk.Grid{x.Name(): x.Grid()}
	var walk func(l scheduler.Layer)
	walk = func(l scheduler.Layer) {
		switch r := l.(type) {
		case *rechunkLayer:
			grids[r.name] = r.st.out
			if r.split != nil {
				grids[r.split.name] = r.st.pieces
			}
			grids[r.in.Name()] = r.st.in
			walk(r.in)
		case *splitLayer:
			walk(r.in)
		}
	}
	walk(y.Layer())
	return grids
}

// TestRechunkMemoryBound checks the plan: for computed inputs, no task of
// any rechunk holds more than twice the larger of an input and an output
// chunk (inputs plus output), whatever the pair of chunkings.
func TestRechunkMemoryBound(t *testing.T) {
	cases := []struct{ shape, from, to []int }{
		{[]int{400, 400}, []int{4, 400}, []int{400, 4}},   // rows → columns
		{[]int{400, 400}, []int{1, 400}, []int{400, 1}},   // extreme: multi-stage
		{[]int{300, 300}, []int{100, 100}, []int{7, 300}}, // split and merge
		{[]int{300, 300}, []int{30, 30}, []int{300, 300}}, // merge only
		{[]int{300, 300}, []int{300, 300}, []int{13, 17}}, // split only
		{[]int{60, 60, 60}, []int{60, 2, 60}, []int{3, 60, 60}},
		{[]int{1000}, []int{7}, []int{333}},
	}
	for _, c := range cases {
		x := NewRNG(1).Random(c.shape, chunk.Regular(c.from...))
		y := x.Rechunk(chunk.Regular(c.to...))
		grids := stageGrids(x, y)
		chunkBytes := func(cs []int) int { return chunk.Prod(cs) * 8 }
		bound := 2 * max(chunkBytes(c.from), chunkBytes(c.to))
		got := maxTaskBytes(t, y, grids, 8)
		plan, _ := x.RechunkPlan(chunk.Regular(c.to...))
		t.Logf("%v %v→%v: %d stages, max task bytes %d (bound %d)", c.shape, c.from, c.to, len(plan), got, bound)
		if got > bound {
			t.Errorf("%v %v→%v: a task holds %d bytes, bound %d", c.shape, c.from, c.to, got, bound)
		}
		// And the values survive.
		want, err := x.Compute(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		d, err := y.Compute(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range chunk.Values[float64](d) {
			if v != chunk.Values[float64](want)[i] {
				t.Fatalf("%v→%v: element %d differs", c.from, c.to, i)
			}
		}
	}
}

// TestRechunkPlanStages checks that crossing chunkings with tiny pieces go
// through intermediate chunkings and that the benchmark's rows → columns
// case is a single direct stage from resident chunks.
func TestRechunkPlanStages(t *testing.T) {
	x := NewRNG(1).Random([]int{2000, 2000}, chunk.Regular(1, 2000))
	plan, err := x.RechunkPlan(chunk.Regular(2000, 1))
	if err != nil || len(plan) < 2 {
		t.Fatalf("(1, 2000)→(2000, 1): plan %v, %v; want intermediate stages", plan, err)
	}
	for _, g := range plan[:len(plan)-1] {
		if b := maxChunkBytes(g, 8); b > 2000*8 {
			t.Errorf("intermediate chunks %v exceed the larger chunk's bytes", g.Chunks())
		}
	}
	xs := FromSlice(make([]float64, 400*400), []int{400, 400}, chunk.Regular(4, 400))
	plan, _ = xs.RechunkPlan(chunk.Regular(400, 4))
	if len(plan) != 1 {
		t.Errorf("resident rows → columns: %d stages, want 1", len(plan))
	}
}

func TestRechunkNumTasks(t *testing.T) {
	x := NewRNG(1).Random([]int{100, 100}, chunk.Regular(10, 100))
	y := x.Rechunk(chunk.Regular(100, 10))
	n, err := y.NumTasks()
	if err != nil {
		t.Fatal(err)
	}
	// 10 generators, 100 pieces, 10 merges.
	if n != 120 {
		t.Errorf("%d tasks, want 120", n)
	}
	_ = fmt.Sprint
}

// BenchmarkRechunk moves a (2000, 2000) float64 array from rows to
// columns: from resident chunks (one direct stage) and from computed
// ones (split and merge tasks through an intermediate chunking).
func BenchmarkRechunk(b *testing.B) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		resident bool
	}{{"resident", true}, {"computed", false}} {
		b.Run(tc.name, func(b *testing.B) {
			x := NewRNG(1).Random([]int{2000, 2000}, chunk.Regular(20, 2000))
			if tc.resident {
				var err error
				if x, err = x.Persist(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(2000 * 2000 * 8)
			for b.Loop() {
				if _, err := x.Rechunk(chunk.Regular(2000, 20)).Sum().Compute(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRechunkPlanMillion builds and plans merging a million (1, 1)
// chunks into a hundred (100, 100) ones: each merge task fuses its
// 10,000 generator pieces.
func BenchmarkRechunkPlanMillion(b *testing.B) {
	for b.Loop() {
		x := NewRNG(1).Random([]int{1000, 1000}, chunk.Regular(1, 1))
		if n, err := x.Rechunk(chunk.Regular(100, 100)).NumTasks(); err != nil || n != 100 {
			b.Fatal(n, err)
		}
	}
}

// TestRechunkMergeLarge merges small chunks into one chunk large enough
// (parallelCopyMin) to be copied on every core, and checks every element.
func TestRechunkMergeLarge(t *testing.T) {
	const r, c = 1600, 1400 // 17.9 MB of float64
	v := make([]float64, r*c)
	for i := range v {
		v[i] = float64(i)
	}
	x := FromSlice(v, []int{r, c}, chunk.Spec{chunk.Sizes(chunk.SplitAxis(r, 130)...), chunk.Sizes(chunk.SplitAxis(c, 170)...)})
	y := x.Rechunk(chunk.Regular(r, c))
	if nb := y.NumBlocks(); nb[0] != 1 || nb[1] != 1 || r*c*8 < parallelCopyMin {
		t.Fatalf("blocks %v of %d bytes: not the parallel merge", nb, r*c*8)
	}
	d, err := y.Compute(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range chunk.Values[float64](d) {
		if got != float64(i) {
			t.Fatalf("element %d is %v", i, got)
		}
	}
}
