//go:build cgo

package hdf5

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/npy"
)

func randomDense(rng *rand.Rand, dt chunk.DType, shape []int) *chunk.Dense {
	d := chunk.NewDense(dt, shape)
	if dt == chunk.Bool {
		v := chunk.Values[bool](d)
		for i := range v {
			v[i] = rng.IntN(2) == 1
		}
		return d
	}
	b := d.Bytes()
	for i := range b {
		// Low entropy so that deflate has something to do.
		b[i] = byte(rng.IntN(4))
	}
	return d
}

type written struct {
	Dataset string `json:"dataset"`
	NPY     string `json:"npy"`
	Gzip    int    `json:"gzip"`
	Shuffle bool   `json:"shuffle"`
	Chunks  []int  `json:"chunks"`
}

// writeAll writes want into ds chunk by chunk from many goroutines.
func writeAll(t *testing.T, ds *Dataset, want *chunk.Dense) {
	t.Helper()
	g, err := ds.Meta().Grid()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, g.NumBlocksTotal())
	g.Blocks(func(idx []int) {
		idx = append([]int(nil), idx...)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ds.WriteChunk(context.Background(), idx, want.Region(g.BlockBox(idx))); err != nil {
				errs <- err
			}
		}()
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestWriteReadBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	path := filepath.Join(dir, "w.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	type tc struct {
		shape, chunks []int
		o             Options
	}
	cases := []tc{
		{[]int{37, 23}, []int{10, 7}, Options{}},
		{[]int{37, 23}, []int{10, 7}, Options{Gzip: 4}},
		{[]int{40, 30}, []int{16, 16}, Options{Gzip: 6, Shuffle: true}},
		{[]int{9, 8, 7}, []int{4, 3, 5}, Options{Shuffle: true}},
		{[]int{50}, []int{64}, Options{Gzip: 1}},
	}
	wants := map[string]*chunk.Dense{}
	var list []written
	for _, dt := range chunk.DTypes {
		for i, c := range cases {
			name := fmt.Sprintf("/g%d/%v_%d", i%2, dt, i)
			want := randomDense(rng, dt, c.shape)
			ds, err := f.CreateDataset(name, dt, c.shape, c.chunks, c.o)
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, ds, want)
			wants[name] = want
			np := filepath.Join(dir, fmt.Sprintf("%d.npy", len(list)))
			if err := npy.WriteFile(np, want); err != nil {
				t.Fatal(err)
			}
			list = append(list, written{Dataset: name, NPY: np, Gzip: c.o.Gzip, Shuffle: c.o.Shuffle, Chunks: ds.Meta().Chunks})
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// Our reader, both paths.
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for name, want := range wants {
		ds, err := r.Dataset(name)
		if err != nil {
			t.Fatal(err)
		}
		if !ds.rawOK {
			t.Fatalf("%s: not read raw", name)
		}
		got := readAll(t, ds, func(b []int) (*chunk.Dense, error) { return ds.ReadChunk(context.Background(), b) })
		if !sameData(got, want) {
			t.Fatalf("%s: raw read differs", name)
		}
		slab := readAll(t, ds, ds.slabOf)
		if !sameData(slab, want) {
			t.Fatalf("%s: H5Dread differs", name)
		}
	}
	// h5py.
	py := testcorpus.RequirePython(t, "h5py", "numpy")
	lj := filepath.Join(dir, "list.json")
	b, _ := json.Marshal(list)
	os.WriteFile(lj, b, 0o666)
	script := `
import json, sys, h5py, numpy as np
cases = json.load(open(sys.argv[2]))
bad = 0
with h5py.File(sys.argv[1], "r") as f:
    for c in cases:
        d = f[c["dataset"]]
        want = np.load(c["npy"])
        ok = (d.dtype == want.dtype and d.shape == want.shape and np.array_equal(d[()], want)
              and list(d.chunks) == c["chunks"]
              and d.compression == ("gzip" if c["gzip"] else None)
              and (d.compression_opts == c["gzip"] if c["gzip"] else True)
              and d.shuffle == c["shuffle"])
        if not ok:
            bad += 1
            print("MISMATCH", c["dataset"], d.dtype, want.dtype, d.chunks, d.compression, d.compression_opts, d.shuffle, file=sys.stderr)
print(len(cases), "checked", bad, "bad")
sys.exit(1 if bad else 0)
`
	out, err := exec.Command(py, "-c", script, path, lj).CombinedOutput()
	t.Logf("h5py: %s", out)
	if err != nil {
		t.Fatalf("h5py rejected the file: %v", err)
	}
}

// TestH5pyTypes checks datasets h5py writes beyond the corpus: every
// dtype in both byte orders, and unsupported types rejected by name.
func TestH5pyTypes(t *testing.T) {
	py := testcorpus.RequirePython(t, "h5py", "numpy")
	dir := t.TempDir()
	path := filepath.Join(dir, "types.h5")
	script := `
import sys, h5py, numpy as np
rng = np.random.default_rng(1)
with h5py.File(sys.argv[1], "w") as f:
    for n in ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"]:
        for bo in "<>":
            dt = np.dtype(n).newbyteorder(bo)
            a = (rng.standard_normal((13, 6)) * 100).astype(dt) if n != "?" else rng.integers(0, 2, (13, 6)).astype("?")
            if dt.kind == "c":
                a = (rng.standard_normal((13, 6)) + 1j * rng.standard_normal((13, 6))).astype(dt)
            f.create_dataset(f"c/{n}{'le' if bo == '<' else 'be'}", data=a, chunks=(5, 4), compression="gzip", shuffle=True)
            f.create_dataset(f"s/{n}{'le' if bo == '<' else 'be'}", data=a)
            f.create_dataset(f"f/{n}{'le' if bo == '<' else 'be'}", data=a, chunks=(5, 4), fletcher32=True)
            np.save(f"{sys.argv[2]}/{n}{'le' if bo == '<' else 'be'}.npy", a.astype(dt.newbyteorder("<")))
    f.create_dataset("bad/compound", data=np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]))
    f.create_dataset("bad/string", data=np.array([b"ab", b"cd"]))
    f.create_dataset("bad/vlenstr", data=["x", "yz"], dtype=h5py.string_dtype())
    f.create_dataset("bad/enum", data=np.array([0, 1, 2], "i1"), dtype=h5py.enum_dtype({"R": 0, "G": 1, "B": 2}, basetype="i1"))
    f.create_dataset("bad/complex3", data=np.zeros(3, dtype=[("r", "<f8"), ("i", "<f8"), ("j", "<f8")]))
    f.attrs["title"] = "types"
    f["c"].attrs["n"] = np.arange(3)
    f["c"].attrs["x"] = 1.5
    f["c"].attrs["fixed"] = np.bytes_("abc")
`
	if out, err := exec.Command(py, "-c", script, path, dir).CombinedOutput(); err != nil {
		t.Fatalf("h5py: %v %s", err, out)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, n := range []string{"?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"} {
		for _, bo := range []string{"le", "be"} {
			want, err := npy.ReadFile(filepath.Join(dir, n+bo+".npy"))
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range []string{"c", "s", "f"} {
				ds, err := f.Dataset(g + "/" + n + bo)
				if err != nil {
					t.Fatal(err)
				}
				got := readAll(t, ds, func(b []int) (*chunk.Dense, error) { return ds.ReadChunk(context.Background(), b) })
				if !sameData(got, want) {
					t.Fatalf("%s/%s%s: data differ", g, n, bo)
				}
				if (g != "s") != ds.rawOK { // chunked: deflate, shuffle and fletcher32 decode in Go
					t.Errorf("%s/%s%s: raw path %v", g, n, bo, ds.rawOK)
				}
			}
		}
	}
	for name, what := range map[string]string{"bad/compound": "compound", "bad/string": "string", "bad/vlenstr": "string",
		"bad/enum": "enum", "bad/complex3": "compound"} {
		_, err := f.Dataset(name)
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), what) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want ErrUnsupported naming the dataset and %q", name, err, what)
		}
	}
	if _, err := f.Dataset("nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing dataset: %v", err)
	}
	if _, err := f.Dataset("c"); err == nil || !strings.Contains(err.Error(), "not a dataset") {
		t.Errorf("group as dataset: %v", err)
	}
	objs, err := f.List()
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Object{}
	for _, o := range objs {
		byPath[o.Path] = o
	}
	if o := byPath["/c/f8be"]; o.Kind != KindDataset || o.DType != ">f8" || fmt.Sprint(o.Chunks) != "[5 4]" ||
		len(o.Filters) != 2 || o.Filters[0].ID != 2 || o.Filters[1].ID != 1 {
		t.Errorf("/c/f8be: %+v", o)
	}
	if o := byPath["/bad/compound"]; o.Kind != KindDataset || o.DType != "compound" {
		t.Errorf("/bad/compound: %+v", o)
	}
	if o := byPath["/"]; o.Kind != KindGroup || len(o.Attrs) != 1 || o.Attrs[0].Value != "types" {
		t.Errorf("/: %+v", o)
	}
	if o := byPath["/c"]; fmt.Sprint(o.Attrs) != "[{fixed abc} {n [0 1 2]} {x 1.5}]" {
		t.Errorf("/c attrs: %v", o.Attrs)
	}
}

func TestListCorpus(t *testing.T) {
	f, err := Open(testcorpus.Path(t, "interop/hdf5/groups.h5"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	objs, err := f.List()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, o := range objs {
		paths = append(paths, o.Path)
		if o.Path == "/a/b/values" {
			attrs := fmt.Sprint(o.Attrs)
			if o.DType != "<f8" || fmt.Sprint(o.Shape) != "[12 8]" || o.Layout != "chunked" ||
				!strings.Contains(attrs, "units K") || !strings.Contains(attrs, "scale_factor 0.01") {
				t.Errorf("/a/b/values: %+v", o)
			}
		}
	}
	t.Logf("%v", paths)
	if !strings.Contains(strings.Join(paths, " "), "/a/b/values") {
		t.Errorf("paths %v", paths)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.h5")); err == nil {
		t.Error("missing file opened")
	}
	p := filepath.Join(dir, "not.h5")
	os.WriteFile(p, []byte("not hdf5 at all"), 0o666)
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "not an HDF5 file") {
		t.Errorf("non-HDF5 file: %v", err)
	}
	f, err := Create(filepath.Join(dir, "x.h5"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		dt            chunk.DType
		shape, chunks []int
		o             Options
	}{
		{chunk.Invalid, []int{4}, []int{2}, Options{}},
		{chunk.Int8, []int{}, []int{}, Options{Gzip: 1}}, // a scalar has no filters
		{chunk.Int8, []int{4}, []int{2, 2}, Options{}},
		{chunk.Int8, []int{4}, []int{0}, Options{}},
		{chunk.Int8, []int{-4}, []int{2}, Options{}},
		{chunk.Int8, []int{4}, []int{2}, Options{Gzip: 10}},
	} {
		if _, err := f.CreateDataset("d", c.dt, c.shape, c.chunks, c.o); err == nil {
			t.Errorf("CreateDataset(%v, %v, %v, %+v) accepted", c.dt, c.shape, c.chunks, c.o)
		}
	}
	ds, err := f.CreateDataset("a/b/d", chunk.Float32, []int{5, 0}, []int{2, 2}, Options{Gzip: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.CreateDataset("a/b/d", chunk.Float32, []int{5}, []int{2}, Options{}); err == nil {
		t.Error("existing name accepted")
	}
	ctx := context.Background()
	if err := ds.WriteChunk(ctx, []int{9, 0}, chunk.NewDense(chunk.Float32, []int{2, 0})); err == nil {
		t.Error("block outside the grid accepted")
	}
	if err := ds.WriteChunk(ctx, []int{0, 0}, chunk.NewDense(chunk.Float64, []int{2, 0})); err == nil {
		t.Error("wrong dtype accepted")
	}
	if err := ds.WriteChunk(ctx, []int{0, 0}, chunk.NewDense(chunk.Float32, []int{2, 0})); err != nil {
		t.Errorf("empty chunk: %v", err)
	}
}

// TestCorruptChunk damages the stored bytes of a deflated chunk and
// checks that the raw path reports the chunk instead of returning garbage.
func TestCorruptChunk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	want := chunk.NewDense(chunk.Float64, []int{64, 64})
	for i, v := 0, chunk.Values[float64](want); i < len(v); i++ {
		v[i] = float64(i % 7)
	}
	ds, err := f.CreateDataset("d", chunk.Float64, []int{64, 64}, []int{64, 64}, Options{Gzip: 9})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, ds, want)
	f.Close()
	b, _ := os.ReadFile(path)
	// The deflate stream starts with the zlib header 0x78 0xda (level 9).
	i := strings.Index(string(b), "\x78\xda")
	if i < 0 {
		t.Fatal("zlib stream not found")
	}
	for j := i + 2; j < i+40 && j < len(b); j++ {
		b[j] ^= 0x5a
	}
	os.WriteFile(path, b, 0o666)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d, err := r.Dataset("d")
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.ReadChunk(context.Background(), []int{0, 0})
	if err == nil || !strings.Contains(err.Error(), `"d" chunk [0 0]`) {
		t.Fatalf("corrupt chunk: %v", err)
	}
}

// TestReadKeepsChunks reads every chunk of h5py-written datasets whose
// filters decode in place (fletcher32 alone: the chunk is a prefix of the
// stored bytes) or into a new buffer (deflate, shuffle), many reads at
// once, keeps them all, and only then compares: a stored-bytes buffer
// recycled while a read still uses it would show as another chunk's data.
func TestReadKeepsChunks(t *testing.T) {
	py := testcorpus.RequirePython(t, "h5py", "numpy")
	path := filepath.Join(t.TempDir(), "f.h5")
	script := `
import sys, h5py, numpy as np
a = (np.arange(37 * 23, dtype=np.int64) * 7919 % 1000003).astype(np.uint32).reshape(37, 23)
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("fletcher", data=a, chunks=(10, 7), fletcher32=True)
    f.create_dataset("gzip_shuffle", data=a, chunks=(10, 7), compression="gzip", shuffle=True, fletcher32=True)
    f.create_dataset("gzip", data=a, chunks=(10, 7), compression="gzip")
`
	if out, err := exec.Command(py, "-c", script, path).CombinedOutput(); err != nil {
		t.Fatalf("h5py: %v\n%s", err, out)
	}
	want := chunk.NewDense(chunk.Uint32, []int{37, 23})
	for i := range want.Data().([]uint32) {
		want.Data().([]uint32)[i] = uint32(i * 7919 % 1000003)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, name := range []string{"fletcher", "gzip_shuffle", "gzip"} {
		ds, err := f.Dataset(name)
		if err != nil {
			t.Fatal(err)
		}
		g := ds.grid
		var blocks [][]int
		g.Blocks(func(b []int) { blocks = append(blocks, append([]int(nil), b...)) })
		for range 10 {
			kept := make([]*chunk.Dense, len(blocks))
			var wg sync.WaitGroup
			for i, b := range blocks {
				wg.Go(func() {
					c, err := ds.ReadChunk(context.Background(), b)
					if err != nil {
						t.Errorf("%s %v: %v", name, b, err)
						c = chunk.NewDense(chunk.Uint32, g.BlockShape(b))
					}
					kept[i] = c
				})
			}
			wg.Wait()
			for i, c := range kept {
				if box := g.BlockBox(blocks[i]); !sameData(c, want.Region(box)) {
					t.Fatalf("%s: chunk at %v changed after later reads", name, box.Min)
				}
			}
		}
	}
}
