package array

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/cache"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// watched wraps a store writer: it counts chunk reads and writes per
// block and fails a write that overlaps another write of the same chunk
// (or of the same shard, when shard is set).
type watched struct {
	store.Writer
	mu       sync.Mutex
	reads    map[string]int
	writes   map[string]int
	inflight map[string]bool
	unit     []int // the write unit (store chunk or shard), in store chunks
	overlap  atomic.Bool
}

func watch(w store.Writer, unit []int) *watched {
	return &watched{Writer: w, reads: map[string]int{}, writes: map[string]int{}, inflight: map[string]bool{}, unit: unit}
}

func (w *watched) unitKey(block []int) string {
	u := make([]int, len(block))
	for a := range u {
		u[a] = block[a]
		if w.unit != nil {
			u[a] /= w.unit[a]
		}
	}
	return fmt.Sprint(u)
}

func (w *watched) ReadChunk(ctx context.Context, block []int) (*chunk.Dense, error) {
	w.mu.Lock()
	w.reads[fmt.Sprint(block)]++
	w.mu.Unlock()
	return w.Writer.ReadChunk(ctx, block)
}

func (w *watched) WriteChunk(ctx context.Context, block []int, d *chunk.Dense) error {
	k := w.unitKey(block)
	w.mu.Lock()
	if w.inflight[k] {
		w.overlap.Store(true)
	}
	w.inflight[k] = true
	w.writes[fmt.Sprint(block)]++
	w.mu.Unlock()
	err := w.Writer.WriteChunk(ctx, block, d)
	w.mu.Lock()
	delete(w.inflight, k)
	w.mu.Unlock()
	return err
}

// shardWatched adds WriteShard to watched for a sharded zarr array.
type shardWatched struct {
	*watched
	z *zarr.Array
}

func (w *shardWatched) ShardShape() []int { return w.z.ShardShape() }
func (w *shardWatched) WriteShard(ctx context.Context, shard []int, d *chunk.Dense) error {
	k := fmt.Sprint(shard)
	w.mu.Lock()
	if w.inflight[k] {
		w.overlap.Store(true)
	}
	w.inflight[k] = true
	w.writes["shard"+k]++
	w.mu.Unlock()
	err := w.z.WriteShard(ctx, shard, d)
	w.mu.Lock()
	delete(w.inflight, k)
	w.mu.Unlock()
	return err
}

func randomDense(rng *rand.Rand, shape []int) *chunk.Dense {
	v := make([]float64, chunk.Prod(shape))
	for i := range v {
		v[i] = rng.Float64()
	}
	d, _ := chunk.FromSlice(shape, v)
	return d
}

func equalDense(t *testing.T, what string, got, want *chunk.Dense) {
	t.Helper()
	if !chunk.EqualShapes(got.Shape(), want.Shape()) || got.DType() != want.DType() {
		t.Fatalf("%s: got %v %v, want %v %v", what, got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	for i := 0; i < got.Len(); i++ {
		if g, w := got.Float(i), want.Float(i); g != w && !(g != g && w != w) {
			t.Fatalf("%s: element %d is %v, want %v", what, i, g, w)
		}
	}
}

func memZarr(t *testing.T, o zarr.CreateOptions) *zarr.Array {
	t.Helper()
	z, err := zarr.Create(context.Background(), kv.NewMemory(), "a", o)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// readAll reads a store array directly, chunk by chunk, into one buffer.
func readAll(t *testing.T, r store.Reader) *chunk.Dense {
	t.Helper()
	d, err := FromStore(r, nil).Compute(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFromStoreChunkings(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	want := randomDense(rng, []int{23, 17})
	z := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{23, 17}, Chunks: []int{5, 4}, Codec: "zlib"})
	if err := FromDense(want, chunk.Regular(5, 4)).Store(ctx, z); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		spec       chunk.Spec
		wantChunks []int
	}{
		{"store", nil, []int{5, 4}},
		{"multiples", chunk.Regular(10, 8), []int{10, 8}},
		{"auto-aligned", chunk.Spec{chunk.Auto(), chunk.Size(4)}, []int{23, 4}},
		{"misaligned", chunk.Regular(7, 3), []int{7, 3}},
		{"whole", chunk.Spec{chunk.Whole(), chunk.Whole()}, []int{23, 17}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := FromStore(z, tc.spec)
			if x.Err() != nil {
				t.Fatal(x.Err())
			}
			if got := x.chunkSize(); !chunk.EqualShapes(got, tc.wantChunks) {
				t.Fatalf("chunks %v, want %v", got, tc.wantChunks)
			}
			got, err := x.Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			equalDense(t, tc.name, got, want)
			s, err := x.Sum().Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ws := 0.0
			for i := 0; i < want.Len(); i++ {
				ws += want.Float(i)
			}
			if d := s.Float(0) - ws; d > 1e-9 || d < -1e-9 {
				t.Fatalf("sum %v, want %v", s.Float(0), ws)
			}
		})
	}
	if x := FromStore(nil, nil); x.Err() == nil {
		t.Fatal("nil reader accepted")
	}
	if x := FromStore(z, chunk.Regular(5)); x.Err() == nil {
		t.Fatal("spec of the wrong length accepted")
	}
}

func TestSliceReadsOnlyTouchedChunks(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	want := randomDense(rng, []int{40, 30})
	z := memZarr(t, zarr.CreateOptions{Format: 3, DType: chunk.Float64, Shape: []int{40, 30}, Chunks: []int{10, 10}})
	if err := FromDense(want, nil).Store(ctx, z); err != nil {
		t.Fatal(err)
	}
	w := watch(z, nil)
	x := FromStore(w, nil).Index(S(12, 18, 1), S(21, 25, 1))
	got, err := x.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equalDense(t, "slice", got, want.Region(chunk.Box{Min: []int{12, 21}, Max: []int{18, 25}}))
	if len(w.reads) != 1 || w.reads["[1 2]"] != 1 {
		t.Fatalf("slice read chunks %v, want only [1 2]", w.reads)
	}
}

func TestChunkCacheSharedAndInvalidated(t *testing.T) {
	ctx := context.Background()
	z := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{20, 20}, Chunks: []int{10, 10}, Codec: "zstd"})
	if err := Ones([]int{20, 20}, chunk.Float64, chunk.Regular(10, 10)).Store(ctx, z); err != nil {
		t.Fatal(err)
	}
	w := watch(z, nil)
	x := FromStore(w, nil)
	for i := 0; i < 3; i++ {
		s, err := x.Sum().Compute(ctx)
		if err != nil || s.Float(0) != 400 {
			t.Fatalf("sum %v, %v", s, err)
		}
	}
	// A local store's chunk is kept from its second read on.
	if cache.Default().Budget() > 0 && w.reads["[0 0]"] != 2 {
		t.Fatalf("chunk [0 0] decoded %d times in 3 computations, want 2", w.reads["[0 0]"])
	}
	// Writing through the same object drops its cached chunks.
	if err := Zeros([]int{20, 20}, chunk.Float64, chunk.Regular(10, 10)).Store(ctx, w); err != nil {
		t.Fatal(err)
	}
	s, err := FromStore(w, nil).Sum().Compute(ctx)
	if err != nil || s.Float(0) != 0 {
		t.Fatalf("after overwrite: sum %v, %v (stale cache?)", s, err)
	}
}

// TestStoreMisaligned writes arrays whose chunks do not align with the
// store's chunks or shards, whole and into regions, and checks that no
// chunk or shard is ever written by two tasks at once, each is written
// exactly once, and the data reads back exactly.
func TestStoreMisaligned(t *testing.T) {
	ctx := context.Background()
	type tc struct {
		name      string
		opts      zarr.CreateOptions
		arrChunks []int
		origin    []int // nil: whole array
		shape     []int // the array's shape (a region's when origin is set)
	}
	cases := []tc{
		{"v2-aligned", zarr.CreateOptions{Format: 2, Chunks: []int{8, 8}}, []int{8, 8}, nil, nil},
		{"v2-misaligned", zarr.CreateOptions{Format: 2, Chunks: []int{8, 8}, Codec: "lz4"}, []int{5, 7}, nil, nil},
		{"v2-coprime", zarr.CreateOptions{Format: 2, Chunks: []int{7, 9}, Codec: "blosc-zstd"}, []int{3, 4}, nil, nil},
		{"v3-larger", zarr.CreateOptions{Format: 3, Chunks: []int{4, 4}}, []int{10, 13}, nil, nil},
		{"v3-shards", zarr.CreateOptions{Format: 3, Chunks: []int{4, 5}, Shard: []int{8, 10}, Codec: "zstd"}, []int{6, 7}, nil, nil},
		{"v3-shards-aligned", zarr.CreateOptions{Format: 3, Chunks: []int{4, 5}, Shard: []int{8, 10}}, []int{8, 10}, nil, nil},
		{"v2-region", zarr.CreateOptions{Format: 2, Chunks: []int{8, 8}}, []int{5, 6}, []int{3, 5}, []int{20, 17}},
		{"v3-shard-region", zarr.CreateOptions{Format: 3, Chunks: []int{4, 5}, Shard: []int{8, 10}}, []int{3, 7}, []int{7, 2}, []int{15, 21}},
		{"v2-region-inside-one-chunk", zarr.CreateOptions{Format: 2, Chunks: []int{8, 8}}, []int{1, 1}, []int{9, 9}, []int{3, 2}},
	}
	full := []int{29, 31}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i), 9))
			o := c.opts
			o.DType, o.Shape = chunk.Float64, full
			z := memZarr(t, o)
			want := randomDense(rng, full)
			unit := []int(nil)
			if o.Shard != nil {
				unit = []int{o.Shard[0] / o.Chunks[0], o.Shard[1] / o.Chunks[1]}
			}
			w := watch(z, unit)
			var tw store.Writer = w
			if o.Shard != nil {
				tw = &shardWatched{watched: w, z: z}
			}
			if c.origin != nil {
				// Start from known contents, then overwrite a region.
				if err := FromDense(want, chunk.Regular(full...)).Store(ctx, z); err != nil {
					t.Fatal(err)
				}
				for k := range w.writes {
					delete(w.writes, k)
				}
				part := randomDense(rng, c.shape)
				if err := FromDense(part, chunk.Regular(c.arrChunks...)).StoreRegion(ctx, tw, c.origin, WithWorkers(8)); err != nil {
					t.Fatal(err)
				}
				chunk.CopyBox(want, c.origin, part, chunk.Box{Min: []int{0, 0}, Max: c.shape})
			} else if err := FromDense(want, chunk.Regular(c.arrChunks...)).Store(ctx, tw, WithWorkers(8)); err != nil {
				t.Fatal(err)
			}
			if w.overlap.Load() {
				t.Fatal("two tasks wrote one store chunk (or shard) at once")
			}
			for k, n := range w.writes {
				if n != 1 {
					t.Fatalf("unit %s written %d times", k, n)
				}
			}
			got, err := FromStore(z, nil).Compute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			equalDense(t, c.name, got, want)
		})
	}
}

func TestStoreAllAndErrors(t *testing.T) {
	ctx := context.Background()
	a := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{10, 10}, Chunks: []int{3, 3}})
	b := memZarr(t, zarr.CreateOptions{Format: 3, DType: chunk.Int32, Shape: []int{10, 10}, Chunks: []int{4, 4}})
	v := make([]float64, 100)
	for i := range v {
		v[i] = float64(i)
	}
	x := FromSlice(v, []int{10, 10}, chunk.Regular(5, 5))
	if err := StoreAll(ctx, []*Array{x, x.Mul(2)}, []store.Writer{a, b}); err != nil {
		t.Fatal(err)
	}
	ga := readAll(t, a)
	gb := readAll(t, b)
	if gb.DType() != chunk.Int32 {
		t.Fatalf("dtype %v", gb.DType())
	}
	for i := 0; i < 100; i++ {
		if ga.Float(i) != float64(i) || gb.Float(i) != float64(2*i) {
			t.Fatalf("element %d: %v %v", i, ga.Float(i), gb.Float(i))
		}
	}
	for _, err := range []error{
		StoreAll(ctx, []*Array{x}, nil),
		x.Index(S(0, 5, 1)).Store(ctx, a),
		x.StoreRegion(ctx, a, []int{1, 0}),
		x.StoreRegion(ctx, a, []int{0}),
		StoreAll(ctx, []*Array{x, x}, []store.Writer{a, a}),
	} {
		if err == nil {
			t.Error("bad store accepted")
		}
	}
}

func TestNPYAndZarrFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	want := randomDense(rng, []int{33, 12})
	x := FromDense(want, chunk.Regular(10, 5))
	p := filepath.Join(dir, "a.npy")
	if err := x.ToNPY(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, spec := range []chunk.Spec{nil, chunk.Regular(7, 12), chunk.Regular(4, 5)} {
		y, err := FromNPY(p, spec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := y.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		equalDense(t, "npy", got, want)
	}
	zp := filepath.Join(dir, "a.zarr")
	if err := x.ToZarr(ctx, zp, zarr.CreateOptions{Format: 2, Chunks: []int{8, 8}, Codec: "lz4"}); err != nil {
		t.Fatal(err)
	}
	y, err := FromZarr(ctx, zp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := y.chunkSize(); !chunk.EqualShapes(got, []int{8, 8}) {
		t.Fatalf("chunks %v", got)
	}
	got, err := y.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equalDense(t, "zarr", got, want)
	// A second open of the same path has the same name: keys agree.
	y2, _ := FromZarr(ctx, zp, nil)
	if y.Name() != y2.Name() {
		t.Fatalf("names differ: %s %s", y.Name(), y2.Name())
	}
	if _, err := FromZarr(ctx, filepath.Join(dir, "missing"), nil); err == nil {
		t.Fatal("missing path accepted")
	}
	if _, err := FromNPY(filepath.Join(dir, "missing.npy"), nil); err == nil {
		t.Fatal("missing file accepted")
	}
}

// TestReopenFromSource runs a read task whose reader id is unknown, as a
// worker in another process would, reopening the array from its Source.
func TestReopenFromSource(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	zp := filepath.Join(dir, "a.zarr")
	if err := Ones([]int{6, 6}, chunk.Int16, chunk.Regular(3, 3)).ToZarr(ctx, zp, zarr.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	x, err := FromZarr(ctx, zp, nil)
	if err != nil {
		t.Fatal(err)
	}
	task := x.Layer().Task([]int{1, 1})
	// Rewrite the reader id to one this process never issued.
	var p readParams
	if err := scheduler.DecodeParams(task.Params, &p); err != nil {
		t.Fatal(err)
	}
	p.Reader = "elsewhere-1"
	b := scheduler.EncodeParams(p)
	prep, err := scheduler.Lookup(task.Kernel)
	if err != nil {
		t.Fatal(err)
	}
	f, err := prep(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f([]int{1, 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := v.(*chunk.Dense); d.Len() != 9 || d.Float(0) != 1 {
		t.Fatalf("got %v", d)
	}
}

// TestReadersReleased checks that the reader registry does not keep
// readers alive: arrays over many stores, once unreachable, leave no
// entries behind, while a live array keeps its reader (and its id) across
// collections.
func TestReadersReleased(t *testing.T) {
	ctx := context.Background()
	count := func() int {
		readerRegistry.mu.Lock()
		defer readerRegistry.mu.Unlock()
		return len(readerRegistry.byID)
	}
	// Earlier tests' dead arrays go first, so that none is released
	// while the count below is taken.
	for prev := -1; prev != count(); {
		prev = count()
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	before := count()
	keep := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{4}, Chunks: []int{2}})
	kept := FromStore(keep, nil)
	func() {
		live := make([]*Array, 50) // alive while counted: a collection may run during the loop
		for i := range live {
			z := memZarr(t, zarr.CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{4}, Chunks: []int{2}})
			live[i] = FromStore(z, nil)
			if _, err := live[i].Sum().Compute(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(); n < before+51 {
			t.Fatalf("%d readers registered, want at least %d", n, before+51)
		}
		runtime.KeepAlive(live)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for count() > before+1 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := count(); n > before+1 {
		t.Fatalf("%d readers still registered after their arrays died, want %d", n, before+1)
	}
	// The live array still computes, and a second array over its reader
	// shares its name (one reader, one id).
	if _, err := kept.Sum().Compute(ctx); err != nil {
		t.Fatal(err)
	}
	if again := FromStore(keep, nil); again.Name() != kept.Name() {
		t.Errorf("one reader got two names: %s, %s", kept.Name(), again.Name())
	}
}

// TestChunkKey checks the cache key of a store chunk against fmt's
// printing of its index, the format the keys had before (zero, negative
// and multi-digit indices, no axes).
func TestChunkKey(t *testing.T) {
	for _, idx := range [][]int{{}, {0}, {3, 1}, {12, 0, 305}, {-1, 7}} {
		if got, want := chunkKey("array/r1/", idx), "array/r1/"+fmt.Sprint(idx); got != want {
			t.Errorf("chunkKey(%v) = %q, want %q", idx, got, want)
		}
	}
}

// fakeChunks is a chunksReader whose chunk idx holds idx[0].
type fakeChunks struct{ reads [][][]int }

func (f *fakeChunks) ReadChunks(_ context.Context, blocks [][]int) ([]*chunk.Dense, error) {
	f.reads = append(f.reads, blocks)
	out := make([]*chunk.Dense, len(blocks))
	for i, b := range blocks {
		out[i], _ = chunk.FromSlice([]int{1}, []float64{float64(b[0])})
	}
	return out, nil
}

// TestChunkBatch checks a batch's reads: one ReadChunks from the first
// chunk asked for on, chunks handed out in order, skipping some (found
// in the cache), out of order, once each, and an error for one not in it.
func TestChunkBatch(t *testing.T) {
	f := &fakeChunks{}
	b := &chunkBatch{r: f, todo: [][]int{{0}, {1}, {2}, {3}, {4}, {5}}}
	for _, i := range []int{1, 2, 4, 3, 5} {
		d, err := b.load([]int{i})
		if err != nil || d.Float(0) != float64(i) {
			t.Fatalf("load %d: %v, %v", i, d, err)
		}
	}
	if len(f.reads) != 1 || len(f.reads[0]) != 5 {
		t.Errorf("reads %v, want one of chunks 1 to 5", f.reads)
	}
	for _, i := range []int{0, 3, 9} {
		if _, err := b.load([]int{i}); err == nil || !strings.Contains(err.Error(), "is not in its batch") {
			t.Errorf("load %d again or outside: %v", i, err)
		}
	}
	b.release()
}
