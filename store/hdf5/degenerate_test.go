//go:build cgo

package hdf5

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/npy"
)

// TestDegenerateShapes writes zero-length, 0-d and single-element
// datasets, reads them back and has h5py read them; it also reads the
// same shapes as h5py writes them (contiguous, chunked and scalar).
func TestDegenerateShapes(t *testing.T) {
	ctx := context.Background()
	testcorpus.RequirePython(t, "h5py", "numpy")
	dir := t.TempDir()
	path := filepath.Join(dir, "w.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	type check struct{ Dataset, NPY string }
	var checks []check
	for i, c := range []struct{ shape, chunks []int }{
		{[]int{0, 5}, []int{0, 5}},
		{[]int{4, 0}, []int{2, 0}},
		{[]int{0}, []int{3}},
		{[]int{}, []int{}},
		{[]int{1}, []int{1}},
		{[]int{1, 1}, []int{4, 4}},
	} {
		name := fmt.Sprintf("d%d", i)
		o := Options{Gzip: 4, Shuffle: true}
		if len(c.shape) == 0 {
			o = Options{}
		}
		ds, err := f.CreateDataset(name, chunk.Float32, c.shape, c.chunks, o)
		if err != nil {
			t.Fatalf("create %v chunks %v: %v", c.shape, c.chunks, err)
		}
		want := randomDense(rng, chunk.Float32, c.shape)
		writeAll(t, ds, want)
		if got := readAll(t, ds, func(b []int) (*chunk.Dense, error) { return ds.ReadChunk(ctx, b) }); !sameData(got, want) {
			t.Fatalf("%v: read back %v", c.shape, got.Data())
		}
		p := filepath.Join(dir, name+".npy")
		if err := npy.WriteFile(p, want); err != nil {
			t.Fatal(err)
		}
		checks = append(checks, check{name, p})
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(checks)
	list := filepath.Join(dir, "checks.json")
	os.WriteFile(list, js, 0o666)
	testcorpus.RunPython(t, `
import sys, json, numpy as np, h5py
bad = 0
with h5py.File(sys.argv[1], "r") as f:
    for c in json.load(open(sys.argv[2])):
        got, want = f[c["Dataset"]][()], np.load(c["NPY"])
        if got.shape != want.shape or got.dtype != want.dtype or not np.array_equal(got, want):
            bad += 1
            print("MISMATCH", c, got.shape, want.shape, file=sys.stderr)
sys.exit(1 if bad else 0)
`, path, list)

	// Written by h5py.
	src := filepath.Join(dir, "py.h5")
	testcorpus.RunPython(t, `
import sys, numpy as np, h5py
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("contiguous_0x5", shape=(0, 5), dtype="<f8")
    f.create_dataset("chunked_0x5", shape=(0, 5), maxshape=(None, 5), chunks=(3, 5), dtype="<i2", compression="gzip")
    f.create_dataset("empty_1d", shape=(0,), dtype="<u4")
    f.create_dataset("scalar", data=np.float64(2.5))
    f.create_dataset("scalar_be", data=np.array(7, dtype=">i8"))
    f.create_dataset("one_chunked", data=np.full((1, 1), 9, "<i4"), chunks=(1, 1), compression="gzip")
    f.create_dataset("one_contiguous", data=np.array([4.5], "<f4"))
`, src)
	r, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tc := range []struct {
		name  string
		shape []int
		want  []float64
	}{
		{"contiguous_0x5", []int{0, 5}, nil},
		{"chunked_0x5", []int{0, 5}, nil},
		{"empty_1d", []int{0}, nil},
		{"scalar", []int{}, []float64{2.5}},
		{"scalar_be", []int{}, []float64{7}},
		{"one_chunked", []int{1, 1}, []float64{9}},
		{"one_contiguous", []int{1}, []float64{4.5}},
	} {
		d, err := r.Dataset(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		for pname, read := range map[string]func([]int) (*chunk.Dense, error){
			"ReadChunk": func(b []int) (*chunk.Dense, error) { return d.ReadChunk(ctx, b) },
			"H5Dread":   d.slabOf,
		} {
			got := readAll(t, d, read)
			if !chunk.EqualShapes(got.Shape(), tc.shape) || got.Len() != len(tc.want) {
				t.Fatalf("%s (%s): shape %v, want %v", tc.name, pname, got.Shape(), tc.shape)
			}
			for i, w := range tc.want {
				if got.Float(i) != w {
					t.Fatalf("%s (%s): element %d is %v, want %v", tc.name, pname, i, got.Float(i), w)
				}
			}
		}
	}
}
