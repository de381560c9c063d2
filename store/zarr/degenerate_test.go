package zarr

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/kv"
)

// degenerate are the shapes with nothing or almost nothing in them, with
// the chunk shape an array library gives them (0 on an empty axis).
var degenerate = []struct{ shape, chunks []int }{
	{[]int{0, 5}, []int{0, 5}},
	{[]int{4, 0}, []int{2, 0}},
	{[]int{0}, []int{3}},
	{[]int{}, []int{}},
	{[]int{1}, []int{1}},
	{[]int{1, 1}, []int{4, 4}},
}

// TestDegenerateShapes writes zero-length, 0-d and single-element arrays
// in both formats, reads them back, and has zarr-python read the v2
// ones; it also reads the same shapes as zarr-python writes them.
func TestDegenerateShapes(t *testing.T) {
	ctx := context.Background()
	testcorpus.RequirePython(t, "zarr", "numpy")
	dir := t.TempDir()
	type check struct{ Path, NPY string }
	var checks []check
	for i, c := range degenerate {
		for _, format := range []int{2, 3} {
			name := fmt.Sprintf("w%d_v%d", i, format)
			a, err := Create(ctx, kv.NewDir(dir), name, CreateOptions{Format: format, DType: chunk.Int32, Shape: c.shape, Chunks: c.chunks, Codec: "gzip", FillValue: -1})
			if err != nil {
				t.Fatalf("create %v chunks %v: %v", c.shape, c.chunks, err)
			}
			want := testData(chunk.Int32, c.shape, uint64(i))
			if err := writeAll(ctx, a, want, nil); err != nil {
				t.Fatalf("write %v: %v", c.shape, err)
			}
			r, err := Open(ctx, kv.NewDir(dir), name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := readAll(ctx, r)
			if err != nil || !chunk.EqualShapes(got.Shape(), c.shape) || !equalNaN(chunk.Int32, got.Bytes(), want.Bytes()) {
				t.Fatalf("v%d %v: read back %v %v, %v", format, c.shape, got.Shape(), got.Data(), err)
			}
			if format == 2 {
				npyPath := filepath.Join(dir, name+".npy")
				if err := writeNPY(npyPath, want); err != nil {
					t.Fatal(err)
				}
				checks = append(checks, check{filepath.Join(dir, name), npyPath})
			}
		}
	}
	js, _ := json.Marshal(checks)
	list := filepath.Join(dir, "checks.json")
	os.WriteFile(list, js, 0o666)
	testcorpus.RunPython(t, `
import sys, json, numpy as np, zarr
bad = 0
for c in json.load(open(sys.argv[1])):
    got = zarr.open(zarr.DirectoryStore(c["Path"]), mode="r")[...]
    want = np.load(c["NPY"])
    if got.shape != want.shape or got.dtype != want.dtype or not np.array_equal(got, want):
        bad += 1
        print("MISMATCH", c["Path"], got.shape, want.shape, file=sys.stderr)
sys.exit(1 if bad else 0)
`, list)

	// The same shapes written by zarr-python (which picks its own chunk
	// shape; 0 is not one it accepts).
	testcorpus.RunPython(t, `
import sys, os, numpy as np, zarr
for i, shape in enumerate([(0, 5), (4, 0), (0,), (), (1,), (1, 1)]):
    p = os.path.join(sys.argv[1], "py%d" % i)
    z = zarr.open(zarr.DirectoryStore(p), mode="w", shape=shape, dtype="<i4", fill_value=3)
    z[...] = np.arange(int(np.prod(shape)), dtype="<i4").reshape(shape) + 10
    np.save(p + ".npy", z[...])
`, dir)
	for i := range degenerate {
		p := filepath.Join(dir, fmt.Sprintf("py%d", i))
		a, err := OpenPath(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstNPY(t, a, p+".npy")
	}
}
