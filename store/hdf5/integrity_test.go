//go:build cgo

package hdf5

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// damage is one way of spoiling the stored bytes of a chunk in place.
type damage struct {
	name  string
	apply func(stored []byte)
}

var damages = []damage{
	// The last bytes of a deflate chunk are its Adler-32; of a fletcher32
	// chunk, its checksum.
	{"last byte", func(b []byte) { b[len(b)-1] ^= 0x01 }},
	{"middle byte", func(b []byte) { b[len(b)/2] ^= 0x10 }},
	{"zeroed tail", func(b []byte) { clear(b[len(b)*3/4:]) }},
}

// damageSources writes, next to each other in a temporary folder, h5py
// files with every filter pipeline chunkwise reads (deflate, shuffle,
// fletcher32, big-endian; a dataset of many chunks) plus copies of the corpus's HDF5 files, and
// returns their paths.
func damageSources(t *testing.T) []string {
	dir := t.TempDir()
	testcorpus.RequirePython(t, "h5py", "numpy")
	made := filepath.Join(dir, "made.h5")
	testcorpus.RunPython(t, `
import sys, h5py, numpy as np
rng = np.random.default_rng(7)
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("gzip_f8", data=np.round(rng.normal(size=(40, 100)), 2), chunks=(10, 100), compression="gzip")
    f.create_dataset("shuffle_gzip_i4_be", data=rng.integers(-1000, 1000, (33, 17)).astype(">i4"), chunks=(8, 8), compression="gzip", shuffle=True)
    f.create_dataset("fletcher_gzip_f4", data=rng.normal(size=(30, 30)).astype("f4"), chunks=(10, 15), compression="gzip", shuffle=True, fletcher32=True)
    f.create_dataset("fletcher_u2", data=rng.integers(0, 60000, (25,)).astype("u2"), chunks=(10,), fletcher32=True)
    f.create_dataset("fletcher_u1_odd", data=rng.integers(0, 255, (11, 7)).astype("u1"), chunks=(5, 3), fletcher32=True)
    # More chunks than walkMaxChunks: found by keyed lookups.
    f.create_dataset("many_fletcher_gzip_f8", data=np.round(rng.normal(size=(1100, 6)), 2), chunks=(1, 6), compression="gzip", fletcher32=True)
`, made)
	paths := []string{made}
	for _, name := range []string{"basic.h5", "groups.h5", "latest.h5"} {
		b, err := os.ReadFile(filepath.Join(testcorpus.Path(t, "interop/hdf5"), name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o666); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestDamagedChunks overwrites the stored bytes of chunks of real files
// (h5py's, and the corpus's) and checks that every read path — the
// parallel raw path that inflates in Go, and H5Dread — reports the file,
// the dataset and the chunk, while the chunks left intact still read
// exactly. h5py must fail on the same damaged chunks, which shows the
// damage is real.
func TestDamagedChunks(t *testing.T) {
	ctx := context.Background()
	type pyCase struct {
		File, Dataset string
		Start, Stop   []int
	}
	var pyCases []pyCase
	checked := 0
	for _, src := range damageSources(t) {
		f, err := Open(src)
		if err != nil {
			t.Fatal(err)
		}
		objs, err := f.List()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			if o.Kind != KindDataset || o.Layout != "chunked" || len(o.Filters) == 0 {
				continue
			}
			d, err := f.Dataset(o.Path)
			if err != nil {
				t.Fatal(err)
			}
			g := d.grid
			nb := g.NumBlocks()
			var blocks [][]int // the chunks written
			chunk.EachIndex(nb, func(b []int) {
				if _, _, ok, err := d.storedChunk(b); ok && err == nil {
					blocks = append(blocks, append([]int(nil), b...))
				}
			})
			if len(blocks) < 2 {
				continue
			}
			// Damage the first and the last; each is the other's intact
			// neighbour.
			picks := [][]int{blocks[0], blocks[len(blocks)-1]}
			for bi, block := range picks {
				off, size, _, err := d.storedChunk(block)
				if err != nil {
					t.Fatal(err)
				}
				other := picks[1-bi]
				wantOther, err := d.ReadChunk(ctx, other)
				if err != nil {
					t.Fatal(err)
				}
				for di, dm := range damages {
					b, err := os.ReadFile(src)
					if err != nil {
						t.Fatal(err)
					}
					dm.apply(b[off : off+size])
					bad := filepath.Join(filepath.Dir(src), fmt.Sprintf("bad_%d_%d_%d_%s", len(pyCases), bi, di, filepath.Base(src)))
					if err := os.WriteFile(bad, b, 0o666); err != nil {
						t.Fatal(err)
					}
					checkDamaged(t, bad, o.Path, block, other, wantOther, dm.name, d.rawOK)
					box := g.BlockBox(block)
					pyCases = append(pyCases, pyCase{bad, o.Path, box.Min, box.Max})
					checked++
				}
			}
		}
		f.Close()
	}
	if checked < 30 {
		t.Fatalf("only %d damaged chunks checked", checked)
	}
	js, _ := json.Marshal(pyCases)
	cases := filepath.Join(t.TempDir(), "cases.json")
	os.WriteFile(cases, js, 0o666)
	out := testcorpus.RunPython(t, `
import json, sys, h5py
bad = 0
cases = json.load(open(sys.argv[1]))
for c in cases:
    with h5py.File(c["File"], "r") as f:
        sl = tuple(slice(a, b) for a, b in zip(c["Start"], c["Stop"]))
        try:
            f[c["Dataset"]][sl]
            bad += 1
            print("h5py read damaged", c, file=sys.stderr)
        except OSError:
            pass
print(len(cases), "damaged chunks refused by h5py")
sys.exit(1 if bad else 0)
`, cases)
	t.Logf("%d damaged chunks refused on both read paths; %s", checked, strings.TrimSpace(out))
}

// checkDamaged opens the damaged copy path and checks that block of
// dataset name fails on both read paths with an error naming the file,
// the dataset and the chunk, while the intact block other still reads as
// wantOther.
func checkDamaged(t *testing.T, path, name string, block, other []int, wantOther *chunk.Dense, how string, raw bool) {
	t.Helper()
	ctx := context.Background()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := f.Dataset(name)
	if err != nil {
		t.Fatal(err)
	}
	if d.rawOK != raw {
		t.Fatalf("%s: raw path %v, want %v", name, d.rawOK, raw)
	}
	paths := map[string]func([]int) (*chunk.Dense, error){
		"ReadChunk": func(b []int) (*chunk.Dense, error) { return d.ReadChunk(ctx, b) },
		"H5Dread":   d.slabOf,
	}
	for pname, read := range paths {
		got, err := read(block)
		if err == nil {
			t.Fatalf("%s %s chunk %v (%s): %s returned data from a damaged chunk (first value %v)", path, name, block, how, pname, got.Float(0))
		}
		msg := err.Error()
		for _, want := range []string{path, fmt.Sprintf("%q", name), fmt.Sprintf("chunk %v", block)} {
			if !strings.Contains(msg, want) {
				t.Fatalf("%s: error %q does not name %s", pname, msg, want)
			}
		}
		// The cause: libhdf5's own message, or the Go decoder's.
		if !strings.Contains(msg, "inflate() failed") && !strings.Contains(msg, "Fletcher32") &&
			!strings.Contains(msg, "deflate filter: codec: corrupt input") && !strings.Contains(msg, "fletcher32 filter: checksum") {
			t.Fatalf("%s: error %q does not name the cause", pname, msg)
		}
		if strings.Contains(msg, "\n") {
			t.Fatalf("%s: error of several lines: %q", pname, msg)
		}
		got, err = read(other)
		if err != nil || !sameData(got, wantOther) {
			t.Fatalf("%s %s: intact chunk %v after damaging %v: %v", pname, name, other, block, err)
		}
	}
}
