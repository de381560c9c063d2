//go:build cgo

package hdf5

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// TestContiguousInPlace checks that the contiguous datasets h5py writes
// are read in place (npy.OpenRaw) when their data is allocated, of every
// dtype and byte order, and that every chunk and random boxes read so
// equal what libhdf5 reads by hyperslab; a dataset never written, and one
// in a file with a user block, are read right too.
func TestContiguousInPlace(t *testing.T) {
	ctx := context.Background()
	testcorpus.RequirePython(t, "h5py", "numpy")
	dir := t.TempDir()
	src := filepath.Join(dir, "py.h5")
	ub := filepath.Join(dir, "userblock.h5")
	testcorpus.RunPython(t, `
import sys, numpy as np, h5py
r = np.random.default_rng(5)
def vals(dt, shape):
    x = r.normal(size=shape) * 1000
    if np.dtype(dt).kind == "b":
        return x > 0
    if np.dtype(dt).kind == "c":
        return (x + 1j * x[::-1]).astype(dt)
    return x.astype(dt)
cases = {"f8": ("<f8", (300, 70)), "be_f8": (">f8", (300, 70)), "f4": ("<f4", (41, 5, 33)), "be_i4": (">i4", (900,)),
         "u8": ("<u8", (123, 45)), "i1": ("|i1", (64, 64)), "u2": ("<u2", (7, 1000)), "f2": ("<f2", (50, 60)),
         "c8": ("<c8", (40, 30)), "be_c16": (">c16", (20, 25)), "bool": ("|b1", (77, 13))}
with h5py.File(sys.argv[1], "w") as f:
    for name, (dt, shape) in cases.items():
        f.create_dataset(name, data=vals(dt, shape))
    f.create_dataset("unwritten", shape=(30, 40), dtype="<f8", fillvalue=2.5)
with h5py.File(sys.argv[2], "w", userblock_size=512) as f:
    f.create_dataset("f8", data=vals("<f8", (200, 90)))
`, src, ub)
	r := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct {
		path, name string
		inPlace    bool
	}{
		{src, "f8", true}, {src, "be_f8", true}, {src, "f4", true}, {src, "be_i4", true}, {src, "u8", true},
		{src, "i1", true}, {src, "u2", true}, {src, "f2", true}, {src, "c8", true}, {src, "be_c16", true},
		{src, "bool", true}, {src, "unwritten", false}, {ub, "f8", true},
	} {
		f, err := Open(c.path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.Dataset(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if (d.contig != nil) != c.inPlace {
			t.Fatalf("%s %s: read in place %v, want %v", c.path, c.name, d.contig != nil, c.inPlace)
		}
		got := readAll(t, d, func(b []int) (*chunk.Dense, error) { return d.ReadChunk(ctx, b) })
		if want := readAll(t, d, d.slabOf); !sameData(got, want) {
			t.Fatalf("%s %s: chunks differ from libhdf5's", c.path, c.name)
		}
		shape := d.Meta().Shape
		for range 20 {
			box := chunk.Box{Min: make([]int, len(shape)), Max: make([]int, len(shape))}
			for a, n := range shape {
				box.Min[a] = r.IntN(n + 1)
				box.Max[a] = box.Min[a] + r.IntN(n-box.Min[a]+1)
			}
			got, err := d.ReadRegion(ctx, box)
			if err != nil {
				t.Fatal(err)
			}
			want, err := d.readSlab(box, box.Min)
			if err != nil {
				t.Fatal(err)
			}
			if !sameData(got, want) {
				t.Fatalf("%s %s: box %v differs from libhdf5's", c.path, c.name, box)
			}
		}
		f.Close()
	}
}
