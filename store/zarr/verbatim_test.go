package zarr

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
)

// TestVerbatimReads reads incompressible and compressible chunks under
// codecs that store incompressible data verbatim (and under none), from
// a directory and from memory, edge chunks and Fortran order included,
// and checks a truncated verbatim chunk is an error naming its key.
func TestVerbatimReads(t *testing.T) {
	ctx := context.Background()
	random := testData(chunk.Float64, []int{70, 90}, 3)
	smooth := chunk.NewDense(chunk.Float64, []int{70, 90})
	for i := range chunk.Values[float64](smooth) {
		chunk.Values[float64](smooth)[i] = float64(i % 5)
	}
	for _, codec := range []string{"lz4", "blosc-lz4", "none", "zlib"} {
		for _, order := range []string{"C", "F"} {
			for _, backend := range []string{"dir", "memory"} {
				var s store.Store = kv.NewMemory()
				if backend == "dir" {
					s = kv.NewDir(t.TempDir())
				}
				for name, data := range map[string]*chunk.Dense{"random": random, "smooth": smooth} {
					a, err := Create(ctx, s, name, CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{70, 90},
						Chunks: []int{32, 40}, Order: order, Codec: codec})
					if err != nil {
						t.Fatal(err)
					}
					if err := writeAll(ctx, a, data, map[string]bool{"[1 1]": true}); err != nil {
						t.Fatal(err)
					}
					got, err := readAll(ctx, a)
					if err != nil {
						t.Fatalf("%s %s %s %s: %v", codec, order, backend, name, err)
					}
					want := data.Clone()
					chunk.CopyBox(want, []int{32, 40}, chunk.NewDense(chunk.Float64, []int{32, 40}), chunk.Box{Min: []int{0, 0}, Max: []int{32, 40}})
					if !equalNaN(chunk.Float64, got.Bytes(), want.Bytes()) {
						t.Errorf("%s %s %s %s: read back differs", codec, order, backend, name)
					}
				}
			}
		}
	}
	// A verbatim LZ4 chunk cut short.
	dir := t.TempDir()
	a, err := Create(ctx, kv.NewDir(dir), "", CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{70, 90}, Chunks: []int{32, 40}, Codec: "lz4"})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAll(ctx, a, random, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "0.0")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, b[:len(b)-8], 0o644)
	if _, err := a.ReadChunk(ctx, []int{0, 0}); err == nil || !strings.Contains(err.Error(), `"0.0"`) {
		t.Errorf("truncated chunk: error %v, want one naming chunk \"0.0\"", err)
	}
}
