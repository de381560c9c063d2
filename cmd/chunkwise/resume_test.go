package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/npy"
)

// TestConvertResume interrupts a conversion (a chunk file missing) and
// continues it with --resume: the missing chunk is written, the chunks
// already there are not written again, and the result is exact.
func TestConvertResume(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.npy"), filepath.Join(dir, "out.zarr")
	x := chunk.NewDense(chunk.Float64, []int{40, 30})
	for i, v := range chunk.Values[float64](x) {
		chunk.Values[float64](x)[i] = v + float64(i)
	}
	if err := npy.WriteFile(src, x); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "convert", "--format", "zarr2", "--chunks", "10,30", src, dst)
	if err := os.Remove(filepath.Join(dst, "2.0")); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dst, "0.0")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(kept, old, old); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := run(t, "convert", "--format", "zarr2", "--chunks", "10,30", src, dst); code == 0 || !strings.Contains(errs, "exist") {
		t.Fatalf("converting onto an existing array without --resume: exit %d, %q", code, errs)
	}
	mustRun(t, "convert", "--format", "zarr2", "--chunks", "10,30", "--resume", src, dst)
	if st, err := os.Stat(kept); err != nil || !st.ModTime().Equal(old) {
		t.Errorf("chunk 0.0 was written again on resume (%v)", err)
	}
	a, err := array.FromZarr(context.Background(), dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := array.ToSlice[float64](context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range chunk.Values[float64](x) {
		if got[i] != v {
			t.Fatalf("element %d: %v, want %v", i, got[i], v)
		}
	}
	if _, errs, code := run(t, "convert", "--format", "hdf5", "--resume", src, filepath.Join(dir, "o.h5")); code == 0 || !strings.Contains(errs, "--resume") {
		t.Errorf("--resume with hdf5: exit %d, %q", code, errs)
	}
}

// TestConvertResumeSharded continues an interrupted sharded Zarr v3
// conversion: the missing shard is written, the shards already there
// are not written again, and the result is exact.
func TestConvertResumeSharded(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.npy"), filepath.Join(dir, "out.zarr")
	x := chunk.NewDense(chunk.Int32, []int{45, 30})
	for i := range chunk.Values[int32](x) {
		chunk.Values[int32](x)[i] = int32(i * 7)
	}
	if err := npy.WriteFile(src, x); err != nil {
		t.Fatal(err)
	}
	args := []string{"convert", "--format", "zarr3", "--chunks", "5,10", "--shard", "2,2", src, dst}
	mustRun(t, args...)
	shards, err := filepath.Glob(filepath.Join(dst, "c", "*", "*"))
	if err != nil || len(shards) != 10 {
		t.Fatalf("%d shard files (%v), want 10", len(shards), err)
	}
	lost := filepath.Join(dst, "c", "1", "1")
	if err := os.Remove(lost); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for _, p := range shards {
		if p != lost {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustRun(t, append(args[:len(args)-2:len(args)-2], "--resume", src, dst)...)
	for _, p := range shards {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			t.Errorf("shard %s: %v", p, err)
		case p != lost && !st.ModTime().Equal(old):
			t.Errorf("shard %s was written again on resume", p)
		}
	}
	a, err := array.FromZarr(context.Background(), dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := array.ToSlice[int32](context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range chunk.Values[int32](x) {
		if got[i] != v {
			t.Fatalf("element %d: %v, want %v", i, got[i], v)
		}
	}
	// Other shards than the array has are not resumed but refused.
	if _, errs, code := run(t, "convert", "--format", "zarr3", "--chunks", "5,10", "--shard", "1,2", "--resume", src, dst); code == 0 || !strings.Contains(errs, "exist") {
		t.Errorf("--resume with other shards: exit %d, %q", code, errs)
	}
}
