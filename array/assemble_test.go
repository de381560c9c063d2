package array

import (
	"bytes"
	"context"
	"math/rand"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestAssembleAgainstWhole cuts random arrays (zero-length axes, 0-d,
// ragged chunks, several dtypes) into their blocks and checks that
// assemble on 1 to 4 goroutines puts back the very same bytes.
func TestAssembleAgainstWhole(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	dtypes := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Int32, chunk.Uint8, chunk.Bool, chunk.Complex128}
	for c := 0; c < 400; c++ {
		shape := make([]int, rng.Intn(5))
		chunks := make([][]int, len(shape))
		for a := range shape {
			shape[a] = rng.Intn(7)
			if rng.Intn(3) == 0 {
				shape[a] += rng.Intn(40)
			}
			chunks[a] = randomChunks(rng, shape[a])
		}
		g, err := chunk.NewGrid(chunks)
		if err != nil {
			t.Fatal(err)
		}
		dt := dtypes[rng.Intn(len(dtypes))]
		whole := randDense(rng, dt, shape)
		var blocks []*chunk.Dense
		g.Blocks(func(idx []int) { blocks = append(blocks, whole.Region(g.BlockBox(idx))) })
		n := 1 + rng.Intn(4)
		got := assemble(g, dt, blocks, n)
		if got.DType() != dt || !slices.Equal(got.Shape(), shape) || !bytes.Equal(got.Bytes(), whole.Bytes()) {
			t.Fatalf("case %d: %v %v chunks %v on %d goroutines: assembled %v %v differs from the whole array",
				c, dt, shape, chunks, n, got.DType(), got.Shape())
		}
	}
}

func TestAssemblers(t *testing.T) {
	for _, c := range []struct{ workers, blocks, size, want int }{
		{3, 32, 128 << 20, 3},
		{0, 32, 128 << 20, min(runtime.GOMAXPROCS(0), 32)},
		{8, 2, 128 << 20, 2},
		{8, 32, 9 << 20, 2},
		{8, 32, 1 << 20, 1},
		{8, 0, 0, 1},
	} {
		if got := assemblers(c.workers, c.blocks, c.size); got != c.want {
			t.Errorf("assemblers(%d, %d blocks, %d bytes) = %d, want %d", c.workers, c.blocks, c.size, got, c.want)
		}
	}
}

// TestComputeAllStreamed computes random arrays (literal, transposed and
// elementwise; 0-d, zero-length axes, ragged chunks, several dtypes),
// several at once and one of them twice, on 1 to 4 workers, and checks
// every result against the whole buffer moved axis by axis in plain loops:
// each block is copied into its result as it is computed and its buffer
// recycled, so a block copied late or recycled early would show.
func TestComputeAllStreamed(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	dtypes := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Uint8, chunk.Bool, chunk.Complex128}
	for c := 0; c < 150; c++ {
		shape := make([]int, rng.Intn(5))
		spec := make(chunk.Spec, len(shape))
		for a := range shape {
			shape[a] = rng.Intn(7)
			if rng.Intn(2) == 0 && chunk.Prod(shape) < 4000 {
				shape[a] += rng.Intn(60) // blocks large enough to be pooled
			}
			spec[a] = chunk.Sizes(randomChunks(rng, shape[a])...)
		}
		dt := dtypes[rng.Intn(len(dtypes))]
		whole := randDense(rng, dt, shape)
		x := FromDense(whole, spec)
		perm := rng.Perm(len(shape))
		xt := x.Transpose(perm...)
		want := []*chunk.Dense{whole, refTransposed(whole, perm), whole, refTransposed(whole, perm)}
		arrays := []*Array{x, xt, x.Transpose(perm...).Transpose(inverse(perm)...), xt}
		if dt != chunk.Bool && !dt.IsComplex() {
			arrays[2] = x.Mul(1).AsType(dt) // an elementwise program: pooled blocks
		}
		got, err := ComputeAll(context.Background(), arrays, WithWorkers(1+rng.Intn(4)))
		if err != nil {
			t.Fatalf("case %d: %v %v chunks %v: %v", c, dt, shape, spec, err)
		}
		for i := range got {
			if got[i].DType() != dt || !slices.Equal(got[i].Shape(), want[i].Shape()) || !bytes.Equal(got[i].Bytes(), want[i].Bytes()) {
				t.Fatalf("case %d: %v %v chunks %v perm %v: result %d (%v %v) differs from the reference",
					c, dt, shape, spec, perm, i, got[i].DType(), got[i].Shape())
			}
		}
	}
}

// refTransposed is d with its axes in the order perm, by plain loops.
func refTransposed(d *chunk.Dense, perm []int) *chunk.Dense {
	shape := d.Shape()
	ts := make([]int, len(perm))
	for i, p := range perm {
		ts[i] = shape[p]
	}
	out := chunk.NewDense(d.DType(), ts)
	es := d.DType().Size()
	src, dst := d.Bytes(), out.Bytes()
	strides := chunk.Strides(shape)
	idx := make([]int, len(ts))
	for q := range out.Len() {
		r := q
		for a := len(ts) - 1; a >= 0; a-- {
			idx[a] = r % ts[a]
			r /= ts[a]
		}
		p := 0
		for a, i := range idx {
			p += i * strides[perm[a]]
		}
		copy(dst[q*es:(q+1)*es], src[p*es:(p+1)*es])
	}
	return out
}

func inverse(perm []int) []int {
	inv := make([]int, len(perm))
	for i, p := range perm {
		inv[p] = i
	}
	return inv
}

// TestComputeTransposed computes transposes and moveaxes of persisted
// arrays (whose blocks are written on several goroutines after the run)
// and of computed ones (written as the run hands them over), alone and
// together with other results in one ComputeAll, over random shapes
// (zero-length and one-length axes, ragged chunks) and dtypes, against
// the naive transpose of the source's values; each must be written from
// its source's blocks (transposedSource).
func TestComputeTransposed(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	dtypes := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Int64, chunk.Uint8, chunk.Bool, chunk.Complex128}
	ctx := context.Background()
	for c := 0; c < 200; c++ {
		shape := make([]int, 1+rng.Intn(4))
		spec := make(chunk.Spec, len(shape))
		for a := range shape {
			shape[a] = []int{0, 1, 2, 3, 5, 8}[rng.Intn(6)]
			spec[a] = chunk.Regular(1 + rng.Intn(4))[0]
		}
		dt := dtypes[rng.Intn(len(dtypes))]
		vals := make([]float64, chunk.Prod(shape))
		for i := range vals {
			vals[i] = float64(1 + (i*7)%11)
		}
		f, _ := chunk.FromSlice(shape, vals)
		x := FromDense(f.AsType(dt), spec)
		if rng.Intn(3) == 0 && dt != chunk.Bool && !dt.IsComplex() {
			x = x.CumSum(0) // computed blocks
		}
		perm := rng.Perm(len(shape))
		y := x.Transpose(perm...)
		if rng.Intn(2) == 0 && len(shape) > 1 {
			src, dst := rng.Intn(len(shape)), rng.Intn(len(shape))
			y = x.MoveAxis(src, dst)
			perm = perm[:0]
			for a := range shape {
				if a != src {
					perm = append(perm, a)
				}
			}
			perm = slices.Insert(perm, dst, src)
		}
		if _, _, ok := transposedSource(y); !ok && !slices.Equal(perm, identityAxes(len(shape))) {
			t.Fatalf("case %d: %v through %v is not read from its source", c, shape, perm)
		}
		xd, err := x.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := ComputeAll(ctx, []*Array{y, x, y})
		if err != nil {
			t.Fatalf("case %d: %v", c, err)
		}
		st := chunk.Strides(shape)
		want := make([]float64, 0, xd.Len())
		oshape := make([]int, len(shape))
		for a, k := range perm {
			oshape[a] = shape[k]
		}
		chunk.EachIndex(oshape, func(idx []int) {
			q := 0
			for a, i := range idx {
				q += i * st[perm[a]]
			}
			want = append(want, xd.Float(q))
		})
		for _, d := range []*chunk.Dense{ds[0], ds[2]} {
			if !slices.Equal(d.Shape(), oshape) || d.DType() != x.DType() {
				t.Fatalf("case %d: %v %v, want %v %v", c, d.DType(), d.Shape(), x.DType(), oshape)
			}
			for i, w := range want {
				if g := d.Float(i); g != w {
					t.Fatalf("case %d: %v %v chunks %v through %v: element %d = %v, want %v", c, dt, shape, spec, perm, i, g, w)
				}
			}
		}
		if !bytes.Equal(ds[1].Bytes(), xd.Bytes()) {
			t.Fatalf("case %d: the source computed with its transpose differs", c)
		}
	}
}

// TestNewResultCollects: a result of reclaimMin bytes or more, in a heap
// holding at least as much, collects garbage first; a smaller one does
// not, nor does one in a heap with more than reclaimScan times its bytes
// to scan (pointers).
func TestNewResultCollects(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // no collections but newResult's
	collects := func(bytes int) bool {
		s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
		metrics.Read(s)
		before := s[0].Value.Uint64()
		if d := newResult(chunk.Float64, []int{bytes / 8}); d.Len() != bytes/8 {
			t.Fatalf("result of %d elements has %d", bytes/8, d.Len())
		}
		metrics.Read(s)
		return s[0].Value.Uint64() != before
	}
	runtime.GC()
	keep := make([]byte, 8*reclaimMin) // the heap holds 8 times as much, without pointers
	if !collects(reclaimMin) {
		t.Errorf("a result of reclaimMin bytes in a heap of 8 times as much did not collect first")
	}
	if collects(reclaimMin / 8) {
		t.Errorf("a result of reclaimMin/8 bytes collected first")
	}
	ptrs := make([]*int, 2*reclaimMin/8) // twice reclaimMin of pointers to scan
	if !collects(reclaimMin) {
		t.Errorf("a result of reclaimMin bytes in a heap with twice as many bytes of pointers did not collect first")
	}
	more := make([]*int, 6*reclaimMin/8) // 8 times reclaimMin of pointers in all
	if collects(reclaimMin) {
		t.Errorf("a result of reclaimMin bytes in a heap with 8 times as many bytes of pointers collected first")
	}
	runtime.KeepAlive(keep)
	runtime.KeepAlive(ptrs)
	runtime.KeepAlive(more)
}
