package array

import (
	"context"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestPlanCopy pins rechunker's plan on the shapes of the benchmark and
// of a copy that needs no intermediate store (whose write blocks, unlike
// the intermediate one's, are consolidated).
func TestPlanCopy(t *testing.T) {
	shape := []int{32000, 16000}
	p := planCopy(shape, []int{250, 16000}, []int{16000, 250}, 8, 64<<20)
	want := copyPlan{Read: []int{500, 16000}, Inter: []int{500, 250}, Write: []int{16000, 250}}
	if !slices.Equal(p.Read, want.Read) || !slices.Equal(p.Inter, want.Inter) || !slices.Equal(p.Write, want.Write) {
		t.Errorf("rows to columns: %+v, want %+v", p, want)
	}
	// Row bands into larger row bands: each source chunk is read once.
	p = planCopy(shape, []int{250, 16000}, []int{1000, 16000}, 8, 256<<20)
	if p.Inter != nil || !slices.Equal(p.Write, []int{2000, 16000}) {
		t.Errorf("rows to rows: %+v", p)
	}
	// Intermediate chunks tile both read blocks and write units.
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 200; i++ {
		shape := []int{1 + rng.Intn(3000), 1 + rng.Intn(3000)}
		src := []int{1 + rng.Intn(400), 1 + rng.Intn(400)}
		dst := []int{1 + rng.Intn(400), 1 + rng.Intn(400)}
		p := planCopy(shape, src, dst, 8, int64(1+rng.Intn(1<<20)))
		for a, n := range shape {
			if p.Inter == nil {
				break
			}
			for _, b := range []int{p.Read[a], p.Write[a]} {
				if b < n && b%p.Inter[a] != 0 {
					t.Fatalf("shape %v from %v to %v: plan %+v: intermediate chunks cross blocks of %d on axis %d", shape, src, dst, p, b, a)
				}
			}
		}
	}
	if a := readAmplification([]int{10}, []int{3}, []int{4}); a != 1.6 {
		// blocks [0,4) [4,8) [8,10) read [0,6) [3,9) [6,10): 16 of 10
		t.Errorf("amplification %v, want 1.6", a)
	}
}

// TestStoreCopy rechunks a row-chunked Zarr store into columns and back,
// through the intermediate store and directly, under a budget that
// holds a few chunks, and compares every element with the source.
// Resuming after losing some chunks rewrites only those.
func TestStoreCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.zarr")
	shape := []int{512, 384}
	want, err := NewRNG(3).Random(shape, chunk.Regular(16, 384)).Persist(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := want.ToZarr(ctx, src, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{16, 384}}); err != nil {
		t.Fatal(err)
	}
	wantD, err := want.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const budget = 256 << 10 // per-block memory 32 KiB: 8 of the 48 KiB source rows don't fit one block
	opts := []Option{WithMemoryLimit(budget), WithWorkers(2), WithScratchDir(filepath.Join(dir, "scratch"))}
	check := func(path string, chunks []int) {
		t.Helper()
		got, err := FromZarr(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.chunkSize(), chunks) {
			t.Errorf("%s has chunks %v, want %v", path, got.chunkSize(), chunks)
		}
		d, err := got.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(d.Bytes(), wantD.Bytes()) {
			t.Fatalf("%s differs from the source", path)
		}
	}
	x, err := FromZarr(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	cols := filepath.Join(dir, "cols.zarr")
	if p := planCopy(shape, []int{16, 384}, []int{512, 8}, 8, copyMemory(configOf(opts))); p.Inter == nil {
		t.Fatalf("plan %+v: the test wants an intermediate store", p)
	}
	if err := x.Rechunk(chunk.Regular(512, 8)).ToZarr(ctx, cols, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{512, 8}}, opts...); err != nil {
		t.Fatal(err)
	}
	check(cols, []int{512, 8})
	if l, _ := os.ReadDir(filepath.Join(dir, "scratch")); len(l) != 0 {
		t.Errorf("intermediate file left behind: %v", l)
	}
	// And back, from columns into rows.
	y, err := FromZarr(ctx, cols, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := filepath.Join(dir, "rows.zarr")
	if err := y.ToZarr(ctx, rows, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{16, 384}}, opts...); err != nil {
		t.Fatal(err)
	}
	check(rows, []int{16, 384})
	// A direct copy: rows into larger row bands.
	bands := filepath.Join(dir, "bands.zarr")
	if err := x.ToZarr(ctx, bands, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{32, 384}}, opts...); err != nil {
		t.Fatal(err)
	}
	check(bands, []int{32, 384})

	// Lose 5 of the 48 column chunks, as an interrupted run would, and
	// resume: only those are written again.
	for _, k := range []string{"0.0", "0.7", "0.20", "0.33", "0.47"} {
		if err := os.Remove(filepath.Join(cols, k)); err != nil {
			t.Fatal(err)
		}
	}
	kept := map[string]time.Time{}
	entries, err := os.ReadDir(cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() {
			kept[e.Name()] = info.ModTime()
		}
	}
	time.Sleep(20 * time.Millisecond) // so that a rewrite shows in the times
	if err := x.Rechunk(chunk.Regular(512, 8)).ToZarr(ctx, cols, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{512, 8}},
		append(opts, WithResume())...); err != nil {
		t.Fatal(err)
	}
	check(cols, []int{512, 8})
	for name, mt := range kept {
		info, err := os.Stat(filepath.Join(cols, name))
		if err != nil || !info.ModTime().Equal(mt) {
			t.Errorf("%s was written again on resume (%v)", name, err)
		}
	}
}

// interruptedDir is a directory store whose SetOver fails after a number
// of calls, as a copy interrupted in its second stage would.
type interruptedDir struct {
	*kv.Dir
	left atomic.Int32
}

func (d *interruptedDir) SetOver(ctx context.Context, key string, value []byte, path string) (bool, error) {
	if d.left.Add(-1) < 0 {
		return false, errors.New("interrupted")
	}
	return d.Dir.SetOver(ctx, key, value, path)
}

// TestStoreCopyInterrupted copies rows into columns through the
// intermediate files, resumably, into a destination that fails after 10
// of its 48 units (each moved in from its intermediate file); the re-run
// writes only the 38 missing units and removes the intermediate. Into a
// memory store, where nothing can move, each unit is written and its
// intermediate file removed.
func TestStoreCopyInterrupted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.zarr")
	shape := []int{512, 384}
	want, err := NewRNG(5).Random(shape, chunk.Regular(16, 384)).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := FromDense(want, chunk.Regular(16, 384)).ToZarr(ctx, src, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{16, 384}}); err != nil {
		t.Fatal(err)
	}
	x, err := FromZarr(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	scratch := filepath.Join(dir, "scratch")
	opts := []Option{WithMemoryLimit(256 << 10), WithWorkers(2), WithScratchDir(scratch), WithResume()}
	o := zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{512, 8}}
	cols := filepath.Join(dir, "cols.zarr")
	d := &interruptedDir{Dir: kv.NewDir(cols)}
	d.left.Store(10)
	z, err := zarr.Create(ctx, d, "", zarr.CreateOptions{Format: 2, Codec: "lz4", DType: chunk.Float64, Shape: shape, Chunks: o.Chunks})
	if err != nil {
		t.Fatal(err)
	}
	err = x.Rechunk(chunk.Regular(512, 8)).Store(ctx, z, append(opts, func(c *config) { c.stored = storedIn(cols, z) })...)
	var we *WriteError
	if !errors.As(err, &we) || len(we.Failed) != 38 {
		t.Fatalf("interrupted copy: %v, want 38 failed writes", err)
	}
	written := map[string]time.Time{}
	entries, _ := os.ReadDir(cols)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() && e.Name() != ".zarray" {
			written[e.Name()] = info.ModTime()
		}
	}
	if len(written) != 10 {
		t.Fatalf("%d units written before the interruption, want 10", len(written))
	}
	time.Sleep(20 * time.Millisecond) // so that a rewrite shows in the times
	if err := x.Rechunk(chunk.Regular(512, 8)).ToZarr(ctx, cols, o, opts...); err != nil {
		t.Fatal(err)
	}
	for name, mt := range written {
		if info, err := os.Stat(filepath.Join(cols, name)); err != nil || !info.ModTime().Equal(mt) {
			t.Errorf("%s was written again on resume (%v)", name, err)
		}
	}
	check := func(r store.Reader, what string) {
		t.Helper()
		y, err := FromStore(r, nil).Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(y.Bytes(), want.Bytes()) {
			t.Fatalf("%s differs from the source", what)
		}
		if l, _ := os.ReadDir(scratch); len(l) != 0 {
			t.Errorf("%s: intermediate files left behind: %v", what, l)
		}
	}
	z, err = zarr.Open(ctx, kv.NewDir(cols), "")
	if err != nil {
		t.Fatal(err)
	}
	check(z, "the resumed copy")
	m, err := zarr.Create(ctx, kv.NewMemory(), "", zarr.CreateOptions{Format: 2, Codec: "lz4", DType: chunk.Float64, Shape: shape, Chunks: o.Chunks})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Rechunk(chunk.Regular(512, 8)).Store(ctx, m, opts[:3]...); err != nil {
		t.Fatal(err)
	}
	check(m, "the copy into memory")
}
