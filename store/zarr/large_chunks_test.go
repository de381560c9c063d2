package zarr

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/kv"
)

// TestLargeChunks reads chunks of a MiB and more from a directory store
// (each read into a recycled buffer and decoded) under each codec and
// compares them with what was written; a damaged one is an error that
// names it once.
func TestLargeChunks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := kv.NewDir(dir)
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range []string{"zstd", "zlib", "gzip", "lz4", "blosc-lz4", "blosc-zstd"} {
		a, err := Create(ctx, s, c, CreateOptions{Format: 2, DType: chunk.Float64, Shape: []int{800, 400}, Chunks: []int{400, 400}, Codec: c})
		if err != nil {
			t.Fatal(err)
		}
		var want []*chunk.Dense
		for b := range 2 {
			d := chunk.NewDense(chunk.Float64, []int{400, 400})
			v := chunk.Values[float64](d)
			for i := range v {
				v[i] = r.Float64()
			}
			if err := a.WriteChunk(ctx, []int{b, 0}, d); err != nil {
				t.Fatal(err)
			}
			want = append(want, d)
		}
		for b := range 2 {
			got, err := a.ReadChunk(ctx, []int{b, 0})
			if err != nil || !slices.Equal(chunk.Values[float64](got), chunk.Values[float64](want[b])) {
				t.Fatalf("%s: chunk %d read back: %v", c, b, err)
			}
		}
	}

	// A damaged chunk: an error that names it once.
	path := filepath.Join(dir, "zstd", "1.0")
	bad, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(bad) / 2; i < len(bad)/2+64; i++ {
		bad[i] ^= 0x5A
	}
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, s, "zstd")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReadChunk(ctx, []int{1, 0}); err == nil || strings.Count(err.Error(), `"zstd/1.0"`) != 1 {
		t.Errorf("a damaged chunk: %v", err)
	}

}
