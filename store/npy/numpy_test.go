package npy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"

	"github.com/chunkwise/chunkwise/chunk"
)

// python returns Debian's python3 when it can import numpy, or skips.
func python(t *testing.T) string {
	t.Helper()
	return testcorpus.RequirePython(t, "numpy")
}

// numpyCheck loads every file listed in a JSON list with np.load and
// compares it with the raw little-endian C-order bytes beside it.
const numpyCheck = `
import json, sys, numpy as np
cases = json.load(open(sys.argv[1]))
bad = 0
for c in cases:
    a = np.load(c["file"])
    want = np.frombuffer(open(c["raw"], "rb").read(), dtype=np.dtype(c["dtype"]).newbyteorder("<")).reshape(c["shape"])
    ok = (a.dtype.str == c["descr"] and list(a.shape) == c["shape"]
          and (a.flags.f_contiguous if c["fortran"] else a.flags.c_contiguous)
          and a.tobytes(order="C") == want.astype(a.dtype).tobytes(order="C"))
    if not ok:
        bad += 1
        print("MISMATCH", c["file"], a.dtype.str, a.shape, file=sys.stderr)
print(len(cases), "checked", bad, "bad")
sys.exit(1 if bad else 0)
`

// numpyWrite writes, for every dtype, byte order, memory order and format
// version, a file with np.save / np.lib.format.write_array plus its raw
// little-endian C-order bytes.
const numpyWrite = `
import json, sys, numpy as np
out = sys.argv[1]
rng = np.random.default_rng(7)
cases = []
names = ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "c8", "c16"]
shapes = [(), (0,), (0, 3), (4, 0), (1,), (1, 1), (5,), (3, 4), (2, 3, 4)]
i = 0
for n in names:
    for bo in "<>":
        for order in "CF":
            for ver in [None, (1, 0), (2, 0), (3, 0)]:
                for shape in shapes:
                    dt = np.dtype(n).newbyteorder(bo)
                    if dt.kind == "b":
                        a = rng.integers(0, 2, size=shape).astype(dt)
                    elif dt.kind == "c":
                        a = (rng.standard_normal(size=shape) + 1j * rng.standard_normal(size=shape)).astype(dt)
                        if a.size:
                            a.flat[0] = complex(1, np.nan)
                    elif dt.kind == "f":
                        a = (rng.standard_normal(size=shape) * 1e3).astype(dt)
                        if a.size:
                            a.flat[0] = np.nan
                    else:
                        info = np.iinfo(dt)
                        a = rng.integers(info.min, info.max, size=shape, dtype=dt.newbyteorder("="), endpoint=True).astype(dt)
                    a = np.asarray(a, order=order)
                    f = f"{out}/np{i}.npy"
                    if ver is None:
                        np.save(f, a)
                    else:
                        with open(f, "wb") as fh:
                            np.lib.format.write_array(fh, a, version=ver)
                    raw = f"{out}/np{i}.raw"
                    open(raw, "wb").write(a.astype(dt.newbyteorder("<")).tobytes(order="C"))
                    cases.append({"file": f, "raw": raw, "descr": dt.str, "shape": list(shape)})
                    i += 1
json.dump(cases, open(f"{out}/cases.json", "w"))
print(i)
`

type pyCase struct {
	File    string `json:"file"`
	Raw     string `json:"raw"`
	Descr   string `json:"descr"`
	DType   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Fortran bool   `json:"fortran"`
}

func TestNumPyLoadsOurFiles(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	var cases []pyCase
	for _, dt := range chunk.DTypes {
		for _, shape := range testShapes {
			for _, o := range layouts {
				d := randomDense(rng, dt, shape)
				file := filepath.Join(dir, fmt.Sprintf("go%d.npy", len(cases)))
				var buf bytes.Buffer
				if err := WriteWith(&buf, d, o); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, buf.Bytes(), 0o666); err != nil {
					t.Fatal(err)
				}
				raw := file + ".raw"
				if err := os.WriteFile(raw, d.Bytes(), 0o666); err != nil {
					t.Fatal(err)
				}
				cases = append(cases, pyCase{File: file, Raw: raw, Descr: descrOf(dt, o.BigEndian),
					DType: descrOf(dt, false), Shape: shape, Fortran: o.Fortran})
			}
		}
	}
	// The chunked writer too, in every layout, with degenerate shapes and
	// the chunk size 0 an empty axis gets from an array library.
	for i, o := range append(layouts, layouts...) {
		shape, chunks := []int{9, 8, 7}, []int{4, 3, 5}
		switch i {
		case 4, 5:
			shape, chunks = []int{0, 5}, []int{0, 5}
		case 6:
			shape, chunks = []int{}, []int{}
		case 7:
			shape, chunks = []int{1, 1}, []int{3, 3}
		}
		want := randomDense(rng, chunk.Int32, shape)
		file := filepath.Join(dir, fmt.Sprintf("chunked%d.npy", len(cases)))
		w := must(CreateWith(file, chunk.Int32, want.Shape(), chunks, o))
		g := must(w.Meta().Grid())
		g.Blocks(func(idx []int) {
			if err := w.WriteChunk(t.Context(), idx, want.Region(g.BlockBox(idx))); err != nil {
				t.Fatal(err)
			}
		})
		w.Close()
		raw := file + ".raw"
		os.WriteFile(raw, want.Bytes(), 0o666)
		cases = append(cases, pyCase{File: file, Raw: raw, Descr: descrOf(chunk.Int32, o.BigEndian), DType: "<i4", Shape: shape, Fortran: o.Fortran})
	}
	numpyAccepts(t, py, dir, cases)
}

// numpyAccepts has NumPy (interpreter py) load each case's file and
// compare it with its raw bytes, the case list written in dir.
func numpyAccepts(t *testing.T, py, dir string, cases []pyCase) {
	t.Helper()
	list := filepath.Join(dir, "cases.json")
	os.WriteFile(list, must(json.Marshal(cases)), 0o666)
	out, err := exec.Command(py, "-c", numpyCheck, list).CombinedOutput()
	t.Logf("numpy: %s", out)
	if err != nil {
		t.Fatalf("numpy rejected files written by chunkwise: %v", err)
	}
}

func TestWeReadNumPyFiles(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	out, err := exec.Command(py, "-c", numpyWrite, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy writer: %v %s", err, out)
	}
	var cases []pyCase
	if err := json.Unmarshal(must(os.ReadFile(filepath.Join(dir, "cases.json"))), &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got, err := ReadFile(c.File)
		if err != nil {
			t.Fatalf("%s (%s %v): %v", c.File, c.Descr, c.Shape, err)
		}
		raw := must(os.ReadFile(c.Raw))
		if !chunk.EqualShapes(got.Shape(), c.Shape) || !bytes.Equal(got.Bytes(), raw) {
			t.Fatalf("%s (%s %v): data differ", c.File, c.Descr, c.Shape)
		}
		// And chunk by chunk.
		cs := make([]int, len(c.Shape))
		for a := range cs {
			cs[a] = 2
		}
		f := must(OpenChunked(c.File, cs))
		g := must(f.Meta().Grid())
		g.Blocks(func(idx []int) {
			ch, err := f.ReadChunk(t.Context(), idx)
			if err != nil {
				t.Fatal(err)
			}
			equalDense(t, c.File, ch, got.Region(g.BlockBox(idx)))
		})
		f.Close()
	}
	t.Logf("read %d files written by NumPy", len(cases))
}
