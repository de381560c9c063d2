package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// TestConvertChunksUnderBudget converts a row-chunked store into columns
// and back under a budget small enough that the copy goes through an
// intermediate file, and compares every element with the source.
func TestConvertChunksUnderBudget(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "rows.zarr")
	x := array.NewRNG(4).Random([]int{512, 384}, chunk.Regular(16, 384))
	if err := x.ToZarr(ctx, src, zarr.CreateOptions{Format: 2, Codec: "lz4", Chunks: []int{16, 384}}); err != nil {
		t.Fatal(err)
	}
	want, err := x.Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cols, back := filepath.Join(dir, "cols.zarr"), filepath.Join(dir, "back.zarr")
	mustRun(t, "convert", src, cols, "--format", "zarr2", "--codec", "lz4", "--chunks", "512,8", "--memory-limit", "256KiB")
	mustRun(t, "convert", cols, back, "--format", "zarr3", "--chunks", "16,384", "--memory-limit", "256KiB")
	for _, p := range []string{cols, back} {
		y, err := array.FromZarr(ctx, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := y.Compute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s differs from the source", p)
		}
	}
	if _, errs, code := run(t, "convert", src, filepath.Join(dir, "bad.zarr"), "--format", "zarr2", "--memory-limit", "lots"); code == 0 || !strings.Contains(errs, "--memory-limit") {
		t.Errorf("a bad --memory-limit: exit %d, %q", code, errs)
	}
}
