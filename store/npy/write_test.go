package npy

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestWriteModes writes files of several pieces by many goroutines at
// once, chunks in a random order, some never written, in each way a File
// writes chunks (write.go): the file's bytes must be those WriteWith
// writes for the whole array (zeros where no chunk was written), and
// NumPy must load them.
func TestWriteModes(t *testing.T) {
	const (
		direct = iota
		filled
		unmapped // the mapping dropped before the writes: WriteAt of short runs
	)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 8))
	dir := t.TempDir()
	var cases []pyCase
	for i, tc := range []struct {
		dt            chunk.DType
		shape, cs     []int
		o             Options
		mode, skipped int // skipped: every skipped-th block is not written (0: none)
	}{
		{chunk.Float64, []int{700, 1300}, []int{150, 170}, Options{}, filled, 0},
		{chunk.Int16, []int{900, 700, 3}, []int{100, 90, 3}, Options{Fortran: true}, filled, 5},
		{chunk.Float32, []int{1000, 999}, []int{333, 250}, Options{BigEndian: true}, filled, 3},
		{chunk.Bool, []int{3000, 2000}, []int{1000, 300}, Options{Fortran: true, BigEndian: true}, filled, 0},
		{chunk.Uint8, []int{3000, 1000}, []int{100, 1000}, Options{Version: 2}, filled, 0}, // 100 KB runs: filled too
		{chunk.Float64, []int{10, 300, 500}, []int{3, 300, 500}, Options{}, direct, 0},     // 3.6 MB runs, the last 1.2 MB
		{chunk.Complex128, []int{300, 700}, []int{300, 250}, Options{Fortran: true}, direct, 0},
		{chunk.Int32, []int{2_000_000}, []int{700_000}, Options{BigEndian: true}, direct, 2},
		{chunk.Float64, []int{700, 1300}, []int{150, 170}, Options{}, unmapped, 4},
		{chunk.Int64, []int{3, 300_000}, []int{2, 300_000}, Options{Fortran: true}, unmapped, 0}, // 2-element runs
	} {
		name := fmt.Sprintf("%v%v/%v/%+v", tc.dt, tc.shape, tc.cs, tc.o)
		want := randomDense(rng, tc.dt, tc.shape)
		path := filepath.Join(dir, fmt.Sprintf("w%d.npy", i))
		w := must(CreateWith(path, tc.dt, tc.shape, tc.cs, tc.o))
		if mapped := w.mapped != nil; !mapped && tc.mode != unmapped {
			t.Skipf("%s: the file was not mapped", name)
		}
		switch tc.mode {
		case direct:
			if !w.direct {
				t.Fatalf("%s: chunks not written directly", name)
			}
		case filled:
			if w.direct || w.filled == nil {
				t.Fatalf("%s: chunks not written by filling (direct %v)", name, w.direct)
			}
		case unmapped:
			w.dropMapping()
		}
		g := must(w.Meta().Grid())
		var blocks [][]int
		k := 0
		g.Blocks(func(idx []int) {
			k++
			if tc.skipped > 0 && k%tc.skipped == 0 {
				box := g.BlockBox(idx)
				chunk.CopyBox(want, box.Min, chunk.NewDense(tc.dt, box.Shape()), chunk.Box{Min: make([]int, len(box.Min)), Max: box.Shape()})
				return
			}
			blocks = append(blocks, append([]int(nil), idx...))
		})
		rng.Shuffle(len(blocks), func(a, b int) { blocks[a], blocks[b] = blocks[b], blocks[a] })
		var wg sync.WaitGroup
		errs := make(chan error, len(blocks))
		for _, idx := range blocks {
			wg.Go(func() {
				if err := w.WriteChunk(ctx, idx, want.Region(g.BlockBox(idx))); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("%s: %v", name, err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var ref bytes.Buffer
		if err := WriteWith(&ref, want, tc.o); err != nil {
			t.Fatal(err)
		}
		if got := must(os.ReadFile(path)); !bytes.Equal(got, ref.Bytes()) {
			t.Fatalf("%s: the file differs from WriteWith's (%d bytes, want %d)", name, len(got), ref.Len())
		}
		raw := path + ".raw"
		if err := os.WriteFile(raw, want.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, pyCase{File: path, Raw: raw, Descr: descrOf(tc.dt, tc.o.BigEndian),
			DType: descrOf(tc.dt, false), Shape: tc.shape, Fortran: tc.o.Fortran})
	}
	t.Run("numpy", func(t *testing.T) { numpyAccepts(t, python(t), dir, cases) })
}

// TestWideChunksNotFilled checks that chunks spanning more than fillLimit
// bytes of the file are copied into the mapping without filling (the
// file stays sparse but for their pages), and read back.
func TestWideChunksNotFilled(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wide.npy")
	shape, cs := []int{2, fillLimit + 1<<20}, []int{2, 4096}
	w := must(CreateWith(path, chunk.Uint8, shape, cs, Options{}))
	if w.mapped == nil {
		t.Skip("the file was not mapped")
	}
	if w.direct || w.filled != nil {
		t.Fatalf("chunks of 2×4096 bytes spanning %d bytes: direct %v, filled %v; want copied without filling", shape[1]+4096, w.direct, w.filled != nil)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	d5, d7 := randomDense(rng, chunk.Uint8, cs), randomDense(rng, chunk.Uint8, cs)
	for _, err := range []error{w.WriteChunk(ctx, []int{0, 5}, d5), w.WriteChunk(ctx, []int{0, 7}, d7), w.Close()} {
		if err != nil {
			t.Fatal(err)
		}
	}
	r := must(OpenChunked(path, cs))
	defer r.Close()
	for _, tc := range []struct {
		block []int
		want  *chunk.Dense
	}{{[]int{0, 5}, d5}, {[]int{0, 7}, d7}, {[]int{0, 6}, chunk.NewDense(chunk.Uint8, cs)}} {
		equalDense(t, fmt.Sprintf("block %v", tc.block), must(r.ReadChunk(ctx, tc.block)), tc.want)
	}
}

// TestByteSpan compares byteSpan with the runs eachRun visits.
func TestByteSpan(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 500 {
		nd := 1 + rng.IntN(4)
		shape, box := make([]int, nd), chunk.Box{Min: make([]int, nd), Max: make([]int, nd)}
		for a := range shape {
			shape[a] = 1 + rng.IntN(9)
			box.Min[a] = rng.IntN(shape[a])
			box.Max[a] = box.Min[a] + 1 + rng.IntN(shape[a]-box.Min[a])
		}
		es := 1 << rng.IntN(4)
		lo, hi := int64(-1), int64(0)
		eachRun(shape, box, es, func(off int64, p, n int) error {
			if lo < 0 {
				lo = off
			}
			hi = off + int64(n)
			return nil
		})
		if glo, ghi := byteSpan(shape, box, es); glo != lo || ghi != hi {
			t.Fatalf("shape %v box %v es %d: byteSpan [%d, %d), runs span [%d, %d)", shape, box, es, glo, ghi, lo, hi)
		}
	}
}
