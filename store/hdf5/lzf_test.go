//go:build cgo

package hdf5

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/npy"
)

// TestLZFFromH5py reads datasets h5py compressed with its lzf filter
// (which this machine's libhdf5 cannot decode: the chunks are decoded in
// Go), alone and after shuffle, with fletcher32, of several dtypes and
// chunk shapes, with chunks lzf could not shrink (stored unfiltered, the
// filter's bit set in their mask) and edge chunks, against the values
// h5py reads. LZF carries no checksum: a chunk whose stream breaks (its
// first control byte made a reference before the start) is an error
// naming the chunk.
func TestLZFFromH5py(t *testing.T) {
	ctx := context.Background()
	testcorpus.RequirePython(t, "h5py", "numpy")
	dir := t.TempDir()
	src := filepath.Join(dir, "lzf.h5")
	testcorpus.RunPython(t, `
import sys, os, numpy as np, h5py
d = sys.argv[2]
r = np.random.default_rng(3)
smooth = np.round(np.sin(np.arange(120 * 70).reshape(120, 70) / 50.0), 3)
cases = {
    "f8": (smooth, dict(chunks=(25, 30))),
    "f8_noise": (r.normal(size=(64, 64)), dict(chunks=(16, 64))),  # lzf cannot shrink these
    "f4_shuffle": (smooth.astype("<f4"), dict(chunks=(40, 70), shuffle=True)),
    "i2_fletcher": ((smooth * 1000).astype("<i2"), dict(chunks=(33, 17), fletcher32=True)),
    "be_i8": ((smooth * 1e6).astype(">i8"), dict(chunks=(50, 50))),
    "u1_3d": (r.integers(0, 4, size=(9, 20, 31)).astype("u1"), dict(chunks=(4, 7, 31))),
}
with h5py.File(sys.argv[1], "w") as f:
    for name, (a, kw) in cases.items():
        f.create_dataset(name, data=a, compression="lzf", **kw)
with h5py.File(sys.argv[1], "r") as f:
    for name in cases:
        np.save(os.path.join(d, name + ".npy"), f[name][()])
    off = f["f8"].id.get_chunk_info(0).byte_offset
data = bytearray(open(sys.argv[1], "rb").read())
data[off] = 0xE0
open(os.path.join(d, "damaged.h5"), "wb").write(bytes(data))
`, src, dir)
	f, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, name := range []string{"f8", "f8_noise", "f4_shuffle", "i2_fletcher", "be_i8", "u1_3d"} {
		d, err := f.Dataset(name)
		if err != nil {
			t.Fatal(err)
		}
		if !d.rawOK {
			t.Fatalf("%s: filters %v not decoded in Go", name, d.Filters())
		}
		want, err := npy.ReadFile(filepath.Join(dir, name+".npy"))
		if err != nil {
			t.Fatal(err)
		}
		got := readAll(t, d, func(b []int) (*chunk.Dense, error) { return d.ReadChunk(ctx, b) })
		if !sameData(got, want) {
			t.Fatalf("%s: values differ from h5py's", name)
		}
	}
	bad, err := Open(filepath.Join(dir, "damaged.h5"))
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	d, err := bad.Dataset("f8")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ReadChunk(ctx, []int{0, 0}); err == nil || !strings.Contains(err.Error(), "chunk [0 0]") || !strings.Contains(err.Error(), "lzf") {
		t.Fatalf("damaged chunk: %v", err)
	}
	if _, err := d.ReadChunk(ctx, []int{0, 1}); err != nil {
		t.Fatalf("the chunk after the damaged one: %v", err)
	}
}
