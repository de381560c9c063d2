package array

import (
	"context"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
)

// TestScratchFile writes random arrays of 1 to 3 axes chunk by chunk
// into intermediate files with random chunks and write units (flat
// units and units split on later axes, edge units clipped), reads every
// unit back and compares it with the array's box; a unit read twice
// without a journal is an error. Resumable, a reopened file lists the
// chunks written before.
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
		resumable := trial%2 == 0
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
		if resumable {
			s.Close()
			if s, err = openScratchFile(dir, m, inter, unit, true); err != nil {
				t.Fatal(err)
			}
			for _, c := range first {
				if !s.stored(c) {
					t.Fatalf("%v %v/%v: chunk %v not in the journal after reopening", shape, inter, unit, c)
				}
			}
		}
		r := s.unitReader()
		ug, _ := r.Meta().Grid()
		chunk.EachIndex(ug.NumBlocks(), func(u []int) {
			d, err := r.ReadChunk(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if w := want.Region(ug.BlockBox(u)).Clone(); !slices.Equal(d.Bytes(), w.Bytes()) {
				t.Fatalf("%v %v chunks %v units %v: unit %v differs", dt, shape, inter, unit, u)
			}
			_, err = r.ReadChunk(ctx, u)
			if resumable && err != nil {
				t.Fatalf("resumable: reading unit %v again: %v", u, err)
			}
			if !resumable && (err == nil || !strings.Contains(err.Error(), "freed already")) {
				t.Fatalf("unit %v read again after being freed: %v", u, err)
			}
		})
		s.Close()
	}
}
