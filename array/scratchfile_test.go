package array

import (
	"context"
	"errors"
	"io/fs"
	"math/rand"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestScratchFile writes random arrays of 1 to 3 axes chunk by chunk
// into intermediate files with random chunks and write units (flat
// units and units split on later axes, edge units clipped), reads every
// unit back and compares it with the array's box, then writes it into a
// Zarr array through unitWriter: in a directory store the unit's file
// moves in, in a memory store it is removed; reading the unit again is
// an error. Resumable, a reopened file lists the chunks written before,
// except those of units already written out.
func TestScratchFile(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 40; trial++ {
		nd := 1 + rng.Intn(3)
		shape, inter, unit := make([]int, nd), make([]int, nd), make([]int, nd)
		for a := range shape {
			shape[a] = 1 + rng.Intn(13)
			inter[a] = 1 + rng.Intn(4)
			unit[a] = inter[a] * (1 + rng.Intn(3))
		}
		dt := []chunk.DType{chunk.Float64, chunk.Int16, chunk.Bool}[trial%3]
		want := chunk.NewDense(dt, shape)
		b := want.Bytes()
		for i := range b {
			b[i] = byte(rng.Intn(256))
			if dt == chunk.Bool {
				b[i] &= 1
			}
		}
		resumable, moves := trial%2 == 0, trial%4 < 2
		dir := t.TempDir()
		m := store.Meta{DType: dt, Shape: shape}
		s, err := openScratchFile(dir, m, inter, unit, resumable)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := chunk.RegularGrid(shape, inter)
		var first [][]int // written before the reopen
		chunk.EachIndex(g.NumBlocks(), func(c []int) {
			if err := s.WriteChunk(ctx, c, want.Region(g.BlockBox(c)).Clone()); err != nil {
				t.Fatal(err)
			}
			first = append(first, slices.Clone(c))
		})
		var ds store.Store = kv.NewMemory()
		if moves {
			ds = kv.NewDir(t.TempDir())
		}
		dst, err := zarr.Create(ctx, ds, "", zarr.CreateOptions{Format: 2, DType: dt, Shape: shape, Chunks: unit})
		if err != nil {
			t.Fatal(err)
		}
		w := &unitWriter{dst, s}
		r := s.unitReader()
		ug, _ := r.Meta().Grid()
		out := 0 // units written out
		chunk.EachIndex(ug.NumBlocks(), func(u []int) {
			if resumable && out == ug.NumBlocksTotal()/2 {
				s.Close()
				if s, err = openScratchFile(dir, m, inter, unit, true); err != nil {
					t.Fatal(err)
				}
				w.s = s
				for _, c := range first {
					if in := s.unitOf(c); s.stored(c) != (chunk.Ravel(in, ug.NumBlocks()) >= out) {
						t.Fatalf("%v %v/%v: chunk %v of unit %v listed %v after reopening with %d units out", shape, inter, unit, c, in, s.stored(c), out)
					}
				}
				r = s.unitReader()
			}
			d, err := r.ReadChunk(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if w := want.Region(ug.BlockBox(u)).Clone(); !slices.Equal(d.Bytes(), w.Bytes()) {
				t.Fatalf("%v %v chunks %v units %v: unit %v differs", dt, shape, inter, unit, u)
			}
			if err := w.WriteChunk(ctx, u, d); err != nil {
				t.Fatal(err)
			}
			out++
			if _, err := os.Stat(s.unitPath(chunk.Ravel(u, ug.NumBlocks()))); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("unit %v written out, its file still there: %v", u, err)
			}
			if _, err = r.ReadChunk(ctx, u); err == nil || !strings.Contains(err.Error(), "freed already") {
				t.Fatalf("unit %v read again after being written out: %v", u, err)
			}
		})
		s.Close()
		got := chunk.NewDense(dt, shape)
		if err := fillBox(ctx, got, dst, ug, chunk.Box{Min: make([]int, nd), Max: shape}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%v %v chunks %v units %v: the destination differs", dt, shape, inter, unit)
		}
		if l, _ := os.ReadDir(dir); len(l) > 1 {
			t.Errorf("files left in the intermediate's directory: %v", l)
		}
	}
}
