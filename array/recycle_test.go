package array

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
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
