package array

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/cache"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestRecycledReadsStayCorrect runs pipelines over a store whose chunks
// are large enough to be recycled (chunk.NewPooledDense) and checks that
// no result, persisted chunk or returned chunk is ever overwritten by a
// later chunk's data: reads feeding reductions, persisted reads reused by
// later computations, a chunk both returned and reduced in one run, and
// misaligned reads that assemble chunks from recycled store chunks.
func TestRecycledReadsStayCorrect(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	ref := randomDense(rng, []int{512, 768})
	z := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{512, 768}, Chunks: []int{256, 256}, Codec: "lz4"})
	if err := FromDense(ref, chunk.Regular(256, 256)).Store(ctx, z); err != nil {
		t.Fatal(err)
	}
	// No cache, then one that admits chunks on their second read (the
	// array is over half its budget) and returns them on the third.
	defer cache.Default().SetBudget(cache.Default().Budget())
	for _, budget := range []int64{0, 4 << 20} {
		cache.Default().SetBudget(budget)
		checkRecycledReads(t, z, ref)
	}
}

func checkRecycledReads(t *testing.T, z *zarr.Array, ref *chunk.Dense) {
	ctx := context.Background()
	var total float64
	for _, x := range chunk.Values[float64](ref) {
		total += x
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if d := got - want; d > 1e-9*want || d < -1e-9*want {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
	scalar := func(a *Array) float64 {
		t.Helper()
		d, err := a.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d.Float(0)
	}
	x := FromStore(z, nil)
	for range 3 {
		near("sum", scalar(x.Sum()), total)
		near("sum of x+1", scalar(x.Add(1).Sum()), total+512*768)
	}
	p, err := x.Persist(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		near("persisted sum of x*2", scalar(p.Mul(2).Sum()), 2*total)
	}
	got, err := p.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equalDense(t, "persisted chunks after reuse", got, ref)
	outs, err := ComputeAll(ctx, []*Array{x, x.Sum(), x.Mul(x).Sum()})
	if err != nil {
		t.Fatal(err)
	}
	equalDense(t, "chunks returned beside reductions of them", outs[0], ref)
	near("sum beside", outs[1].Float(0), total)
	for _, c := range []chunk.Spec{chunk.Regular(300, 300), chunk.Regular(512, 100)} {
		y := x.Rechunk(c)
		near("misaligned sum", scalar(y.Sum()), total)
		got, err := y.Add(0).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		equalDense(t, "misaligned x+0", got, ref)
	}
}

// TestRecomputedReadsStayUncached runs the two-pass x - x.mean(0) over a
// store under a budget that makes the scheduler drop its chunks and read
// them again: the repeated reads must not be admitted to the cache (they
// would be pinned there and never recycled), and the result must match.
func TestRecomputedReadsStayUncached(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(9, 10))
	ref := randomDense(rng, []int{1024, 4096})
	z := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{1024, 4096}, Chunks: []int{64, 4096}, Codec: "lz4"})
	if err := FromDense(ref, chunk.Regular(64, 4096)).Store(ctx, z); err != nil {
		t.Fatal(err)
	}
	defer cache.Default().SetBudget(cache.Default().Budget())
	cache.Default().SetBudget(0) // empty it
	cache.Default().SetBudget(8 << 20)
	before := cache.Default().Stats()
	ex := &scheduler.Local{Workers: 2, MemoryLimit: 16 << 20, SpillDir: t.TempDir()}
	x := FromStore(z, nil)
	got, err := x.Sub(x.Mean(Axis(0))).Std(Axis(0)).Compute(ctx, WithExecutor(ex))
	if err != nil {
		t.Fatal(err)
	}
	want, err := FromDense(ref, chunk.Regular(1024, 4096)).Std(Axis(0)).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkDense(t, "std of x - mean", got, want, 1e-12)
	if st := ex.LastStats(); st.Recomputed == 0 {
		t.Fatalf("no chunk was read again: %+v", st)
	}
	if s := cache.Default().Stats(); s.Entries != 0 || s.Evictions != before.Evictions {
		t.Fatalf("reads repeated within the computation were cached: %+v", s)
	}
}

// TestMapBlocksRecyclesInputs checks the contract of a block function's
// inputs: they are recycled once it returns, unless its result is one of
// them or a view of one. Over a pooled intermediate (x+1), functions
// returning a new chunk, their input and a view of it must all give x+1,
// and only the first may leave its inputs recycled (emptied).
func TestMapBlocksRecyclesInputs(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(11, 12))
	ref := randomDense(rng, []int{300, 260})
	x := FromDense(ref, chunk.Regular(40, 64)) // 20 KiB chunks: pooled
	want, err := x.Add(1).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		f        func(d *chunk.Dense) *chunk.Dense
		recycled bool
	}{
		{"copy", func(d *chunk.Dense) *chunk.Dense { return d.Clone() }, true},
		{"input", func(d *chunk.Dense) *chunk.Dense { return d }, false},
		{"view", func(d *chunk.Dense) *chunk.Dense {
			v, err := d.Reshape(d.Shape())
			if err != nil {
				panic(err)
			}
			return v
		}, false},
	} {
		var mu sync.Mutex
		var pooled []*chunk.Dense // kept against the contract, to look at afterwards
		f := func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
			if in[0].Recyclable() {
				mu.Lock()
				pooled = append(pooled, in[0])
				mu.Unlock()
			}
			return c.f(in[0]), nil
		}
		got, err := MapBlocks(f, chunk.Float64, x.Add(1)).Compute(ctx, WithExecutor(&scheduler.Local{Workers: 2}))
		if err != nil {
			t.Fatal(err)
		}
		equalDense(t, c.name, got, want)
		if len(pooled) == 0 {
			t.Fatalf("%s: no input came from the pool", c.name)
		}
		for _, d := range pooled {
			if emptied := d.Len() == 0; emptied != c.recycled {
				t.Fatalf("%s: an input was recycled: %v, want %v", c.name, emptied, c.recycled)
			}
		}
	}
}

// TestMapOutputsArePooled checks that Map, Map2 and ApplyAlongAxis give
// their chunks from the pool (they write every element), so that a
// consumer's executor recycles them: a block function reading them sees
// recyclable chunks, and the values are right.
func TestMapOutputsArePooled(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(13, 14))
	ref := randomDense(rng, []int{200, 150})
	x := FromDense(ref, chunk.Regular(100, 75)) // 60 KB chunks: pooled
	y := FromDense(ref.Region(chunk.Box{Min: []int{0, 0}, Max: []int{1, 150}}), chunk.Regular(1, 75))
	for _, c := range []struct {
		name string
		a    *Array
		want func(i, j int) float64
	}{
		{"map", Map(x, func(v float64) float64 { return 2 * v }), func(i, j int) float64 { return 2 * ref.Float(i*150+j) }},
		{"map2", Map2(x, y, func(a, b float64) float64 { return a - b }), func(i, j int) float64 { return ref.Float(i*150+j) - ref.Float(j) }},
		{"apply_along_axis", ApplyAlongAxis(x, 1, func(dst, lane []float64) { copy(dst, lane) }, 150), func(i, j int) float64 { return ref.Float(i*150 + j) }},
	} {
		observe, counts := poolObserver()
		got, err := MapBlocks(observe, chunk.Float64, c.a).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if seen, pooled := counts(); seen == 0 || pooled != seen {
			t.Fatalf("%s: %d of %d chunks came from the pool", c.name, pooled, seen)
		}
		for i := range 200 {
			for j := range 150 {
				if g, w := got.Float(i*150+j), c.want(i, j); g != w {
					t.Fatalf("%s: [%d %d] = %v, want %v", c.name, i, j, g, w)
				}
			}
		}
	}
}

// TestReductionOutputsArePooled checks that a reduction's output blocks
// (sums, means, extremes, moments) reach their consumer recyclable, so
// that its executor hands them back for the next blocks: each block of a
// reduction along axis 0 is seen by a block function as recyclable, and
// the values are right. (Before the aggregate handed its buffer over to
// the reshaped block, none was: every reduction's output was left to the
// garbage collector, and the next one faulted in fresh pages.)
func TestReductionOutputsArePooled(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(15, 16))
	x := FromDense(randomDense(rng, []int{6, 40, 300}), chunk.Regular(3, 40, 100)) // 32 KB output blocks: pooled
	for _, c := range []struct {
		name string
		r    *Array
	}{
		{"sum", x.Sum(Axis(0))}, {"mean", x.Mean(Axis(0))}, {"max", x.Max(Axis(0))}, {"std", x.Std(Axis(0))}, {"argmax", x.ArgMax(Axis(0))},
	} {
		want, err := c.r.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		observe, counts := poolObserver()
		got, err := MapBlocks(observe, c.r.DType(), c.r).Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if seen, pooled := counts(); seen != 3 || pooled != seen {
			t.Fatalf("%s: %d of %d blocks came recyclable, want 3 of 3", c.name, pooled, seen)
		}
		equalDense(t, c.name, got, want)
	}
}

// poolObserver returns a block function that copies its input, and a
// count of the inputs it saw and of those that were recyclable.
func poolObserver() (BlockFunc, func() (seen, pooled int)) {
	var mu sync.Mutex
	var seen, pooled int
	observe := func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		mu.Lock()
		seen++
		if in[0].Recyclable() {
			pooled++
		}
		mu.Unlock()
		return in[0].Clone(), nil
	}
	return observe, func() (int, int) {
		mu.Lock()
		defer mu.Unlock()
		return seen, pooled
	}
}

// TestSlicedViewsAreRecycled checks that a large contiguous slice of a
// pooled chunk, which getitem returns as a view of it, holds the chunk's
// buffer and releases it once its consumer has run (chunk.Dense.Share),
// instead of pinning it for the garbage collector; and that two views of
// one chunk (a difference along a single-chunk axis) read the right
// values, which a buffer recycled under one of them would not give
// (make test runs this with the pool poisoned).
func TestSlicedViewsAreRecycled(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(17, 18))
	ref := randomDense(rng, []int{300, 260})
	x := FromDense(ref, chunk.Regular(300, 64)) // 150 KB chunks: pooled
	y := x.Add(1)
	var mu sync.Mutex
	var views []*chunk.Dense // kept against the contract, to look at afterwards
	f := func(_ []int, in ...*chunk.Dense) (*chunk.Dense, error) {
		mu.Lock()
		views = append(views, in[0])
		mu.Unlock()
		return in[0].Clone(), nil
	}
	got, err := MapBlocks(f, chunk.Float64, y.Slice([2]int{1, 300}, [2]int{0, 260})).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 300; i++ {
		for j := range 260 {
			if g, w := got.Float((i-1)*260+j), ref.Float(i*260+j)+1; g != w {
				t.Fatalf("[%d %d] = %v, want %v", i, j, g, w)
			}
		}
	}
	if len(views) != 5 {
		t.Fatalf("%d blocks seen, want 5", len(views))
	}
	for _, v := range views {
		if v.Len() != 0 {
			t.Fatal("a view of a pooled chunk was not released after its consumer ran")
		}
	}
	d, err := y.Diff(1, 0, nil, nil).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 299 {
		for j := range 260 {
			if g, w := d.Float(i*260+j), (ref.Float((i+1)*260+j)+1)-(ref.Float(i*260+j)+1); g != w {
				t.Fatalf("diff [%d %d] = %v, want %v", i, j, g, w)
			}
		}
	}
}
