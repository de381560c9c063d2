//go:build cgo

package hdf5

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/npy"
)

// TestWriteDirect checks the chunks of unfiltered datasets that
// WriteChunk writes itself (allocated at creation, written outside
// libhdf5): they read back, by both read paths and by h5py, chunks never
// written read as zeros (the default fill value), filtered datasets and a
// file without its second handle take libhdf5's path, and a write after
// Close is an error naming the chunk.
func TestWriteDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	path := filepath.Join(dir, "d.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	shape, chunks := []int{1100, 700}, []int{512, 512} // 3 x 2 chunks of 2 MiB of float64, edges cut
	want := randomDense(rng, chunk.Float64, shape)
	for i := range chunk.Values[float64](want) {
		chunk.Values[float64](want)[i] = rng.Float64()
	}
	full, err := f.CreateDataset("full", chunk.Float64, shape, chunks, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !full.direct {
		t.Fatal("an unfiltered dataset is not written directly")
	}
	writeAll(t, full, want)

	// Only the chunks of the first block row: the rest read as zeros.
	part, err := f.CreateDataset("part", chunk.Int64, shape, chunks, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !part.direct {
		t.Fatal("an unfiltered dataset is not written directly")
	}
	wantPart := chunk.NewDense(chunk.Int64, shape)
	g, _ := part.Meta().Grid()
	for j := 0; j < 2; j++ {
		box := g.BlockBox([]int{0, j})
		src := randomDense(rng, chunk.Int64, box.Shape())
		if err := part.WriteChunk(context.Background(), []int{0, j}, src); err != nil {
			t.Fatal(err)
		}
		chunk.CopyBox(wantPart, box.Min, src, chunk.Box{Min: []int{0, 0}, Max: box.Shape()})
	}

	gz, err := f.CreateDataset("gz", chunk.Float64, shape, chunks, Options{Gzip: 1})
	if err != nil {
		t.Fatal(err)
	}
	if gz.direct {
		t.Fatal("a deflated dataset is written directly")
	}
	writeAll(t, gz, want)

	// Small chunks, and more than directMaxChunks, are libhdf5's to write.
	for _, c := range []struct{ shape, chunks []int }{{shape, []int{256, 512}}, {[]int{1025 * 512, 512}, []int{512, 512}}} {
		ds, err := f.CreateDataset(fmt.Sprintf("lib%v", c.chunks), chunk.Float64, c.shape, c.chunks, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ds.direct {
			t.Fatalf("shape %v, chunks %v: written directly", c.shape, c.chunks)
		}
	}

	// Without the second handle, libhdf5 writes unfiltered chunks too.
	w := f.wraw
	f.wraw = nil
	viaLib, err := f.CreateDataset("vialib", chunk.Float64, shape, chunks, Options{})
	f.wraw = w
	if err != nil {
		t.Fatal(err)
	}
	if viaLib.direct {
		t.Fatal("a dataset is written directly without the file's second handle")
	}
	writeAll(t, viaLib, want)

	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	err = full.WriteChunk(context.Background(), []int{0, 0}, want.Region(chunk.Box{Min: []int{0, 0}, Max: chunks}))
	if err == nil || !strings.Contains(err.Error(), "chunk [0 0]") {
		t.Fatalf("write after Close: %v, want an error naming chunk [0 0]", err)
	}

	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range []struct {
		name string
		want *chunk.Dense
	}{{"full", want}, {"part", wantPart}, {"gz", want}, {"vialib", want}} {
		ds, err := r.Dataset(c.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, ds, func(b []int) (*chunk.Dense, error) { return ds.ReadChunk(context.Background(), b) }); !sameData(got, c.want) {
			t.Fatalf("%s: raw read differs", c.name)
		}
		if got := readAll(t, ds, ds.slabOf); !sameData(got, c.want) {
			t.Fatalf("%s: H5Dread differs", c.name)
		}
	}

	py := testcorpus.RequirePython(t, "h5py", "numpy")
	for _, c := range []struct {
		name string
		want *chunk.Dense
	}{{"full", want}, {"part", wantPart}} {
		np := filepath.Join(dir, c.name+".npy")
		if err := npy.WriteFile(np, c.want); err != nil {
			t.Fatal(err)
		}
		script := `
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    d = f[sys.argv[2]]
    want = np.load(sys.argv[3])
    ok = d.dtype == want.dtype and d.shape == want.shape and np.array_equal(d[()], want) and d.compression is None
    print(sys.argv[2], d.dtype, d.shape, d.chunks, "ok" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
`
		out, err := exec.Command(py, "-c", script, path, c.name, np).CombinedOutput()
		t.Logf("h5py: %s", out)
		if err != nil {
			t.Fatalf("h5py reads %s otherwise: %v", c.name, err)
		}
	}
}
