//go:build cgo

package hdf5

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// BenchmarkReadGzip reads a 2000×2000 float64 dataset (250×250 chunks,
// deflate level 4) chunk by chunk from 8 goroutines, through the raw-chunk
// path (decompression in Go, in parallel) and through H5Dread (all work
// under the lock), the baseline that h5py matches.
func BenchmarkReadGzip(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.h5")
	f, err := Create(path)
	if err != nil {
		b.Fatal(err)
	}
	want := chunk.NewDense(chunk.Float64, []int{2000, 2000})
	for i, v := 0, chunk.Values[float64](want); i < len(v); i++ {
		v[i] = float64(i%1000) * 0.5
	}
	ds, err := f.CreateDataset("d", chunk.Float64, []int{2000, 2000}, []int{250, 250}, Options{Gzip: 4, Shuffle: true})
	if err != nil {
		b.Fatal(err)
	}
	g, _ := ds.Meta().Grid()
	g.Blocks(func(idx []int) {
		if err := ds.WriteChunk(context.Background(), idx, want.Region(g.BlockBox(idx))); err != nil {
			b.Fatal(err)
		}
	})
	f.Close()
	r, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	d, err := r.Dataset("d")
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		read func([]int) (*chunk.Dense, error)
	}{
		{"raw", func(idx []int) (*chunk.Dense, error) { return d.ReadChunk(context.Background(), idx) }},
		{"H5Dread", d.slabOf},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(want.NBytes()))
			for b.Loop() {
				var blocks [][]int
				g.Blocks(func(idx []int) { blocks = append(blocks, append([]int(nil), idx...)) })
				work := make(chan []int)
				var wg sync.WaitGroup
				for w := 0; w < 8; w++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for idx := range work {
							if _, err := bc.read(idx); err != nil {
								b.Error(err)
							}
						}
					}()
				}
				for _, idx := range blocks {
					work <- idx
				}
				close(work)
				wg.Wait()
			}
		})
	}
}

// BenchmarkReadManyChunks reads a 1000×1000 float64 dataset in 15,625
// chunks of 8×8 (deflate level 1), as h5py users' files often are, chunk
// by chunk from 8 goroutines, and reports the index lookups a chunk
// takes: keyed lookups, no walks (a walk per chunk made this read
// quadratic in the chunks; see walkMaxChunks).
func BenchmarkReadManyChunks(b *testing.B) {
	path := filepath.Join(b.TempDir(), "many.h5")
	f, err := Create(path)
	if err != nil {
		b.Fatal(err)
	}
	shape := []int{1000, 1000}
	want := chunk.NewDense(chunk.Float64, shape)
	for i, v := 0, chunk.Values[float64](want); i < len(v); i++ {
		v[i] = float64(i%1000) * 0.5
	}
	ds, err := f.CreateDataset("d", chunk.Float64, shape, []int{8, 8}, Options{Gzip: 1})
	if err != nil {
		b.Fatal(err)
	}
	g, _ := ds.Meta().Grid()
	var blocks [][]int
	g.Blocks(func(idx []int) { blocks = append(blocks, append([]int(nil), idx...)) })
	for _, idx := range blocks {
		if err := ds.WriteChunk(context.Background(), idx, want.Region(g.BlockBox(idx))); err != nil {
			b.Fatal(err)
		}
	}
	f.Close()
	r, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	d, err := r.Dataset("d")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(want.NBytes()))
	walks0, keyed0 := lookups.walks.Load(), lookups.keyed.Load()
	for b.Loop() {
		work := make(chan []int, 64)
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for idx := range work {
					if _, err := d.ReadChunk(context.Background(), idx); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, idx := range blocks {
			work <- idx
		}
		close(work)
		wg.Wait()
	}
	reads := float64(b.N) * float64(len(blocks))
	b.ReportMetric(float64(lookups.walks.Load()-walks0)/reads, "walks/chunk")
	b.ReportMetric(float64(lookups.keyed.Load()-keyed0)/reads, "keyed/chunk")
}
