//go:build cgo

package h5array_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/array/h5array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/hdf5"
	"github.com/chunkwise/chunkwise/store/kv"
	"github.com/chunkwise/chunkwise/store/npy"
	"github.com/chunkwise/chunkwise/store/zarr"
)

type entry struct {
	Name      string `json:"name"`
	Path      string `json:"path"`
	Dataset   string `json:"dataset"`
	Format    string `json:"format"`
	Expected  string `json:"expected"`
	MustError bool   `json:"must_error"`
}

// open opens a corpus entry through the array API.
func open(ctx context.Context, root string, e entry, spec chunk.Spec) (*array.Array, error) {
	p := filepath.Join(root, filepath.FromSlash(e.Path))
	switch e.Format {
	case "zarr2", "zarr3":
		return array.FromZarr(ctx, p, spec)
	case "hdf5":
		return h5array.FromHDF5(p, e.Dataset, spec)
	case "npy":
		return array.FromNPY(p, spec)
	}
	return nil, fmt.Errorf("unknown format %q", e.Format)
}

func sameValues(got, want *chunk.Dense) error {
	if got.DType() != want.DType() || !chunk.EqualShapes(got.Shape(), want.Shape()) {
		return fmt.Errorf("got %v %v, want %v %v", got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	for i := 0; i < got.Len(); i++ {
		g, w := got.Float(i), want.Float(i)
		if g != w && !(math.IsNaN(g) && math.IsNaN(w)) || g == 0 && math.Signbit(g) != math.Signbit(w) {
			return fmt.Errorf("element %d is %v, want %v", i, g, w)
		}
	}
	return nil
}

// TestInteropRead reads every array of the corpus through the array API
// (FromZarr, FromNPY, FromHDF5) with the store's chunks, with a chunking
// that does not align with them, and sliced, and compares each with its
// expected .npy.
func TestInteropRead(t *testing.T) {
	ctx := context.Background()
	root := testcorpus.Path(t, "interop")
	raw, err := os.ReadFile(filepath.Join(root, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Arrays []entry }
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Arrays {
		t.Run(e.Name, func(t *testing.T) {
			x, err := open(ctx, root, e, nil)
			var got *chunk.Dense
			if err == nil {
				got, err = x.Compute(ctx)
			}
			if e.MustError {
				if err == nil {
					t.Fatal("read succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := npy.ReadFile(filepath.Join(root, filepath.FromSlash(e.Expected)))
			if err != nil {
				t.Fatal(err)
			}
			if err := sameValues(got, want); err != nil {
				t.Fatalf("store chunks: %v", err)
			}
			if x.NDim() == 0 || x.Size() == 0 {
				return
			}
			// Misaligned chunks: 3 along every axis.
			spec := make(chunk.Spec, x.NDim())
			for i := range spec {
				spec[i] = chunk.Size(3)
			}
			y, err := open(ctx, root, e, spec)
			if err != nil {
				t.Fatal(err)
			}
			if got, err = y.Compute(ctx); err != nil {
				t.Fatal(err)
			}
			if err := sameValues(got, want); err != nil {
				t.Fatalf("chunks of 3: %v", err)
			}
			// A slice: the second half of the first axis.
			n := x.Shape()[0]
			if got, err = x.Index(array.S(n/2, array.None, 1)).Compute(ctx); err != nil {
				t.Fatal(err)
			}
			box := chunk.Box{Min: make([]int, x.NDim()), Max: append([]int(nil), x.Shape()...)}
			box.Min[0] = n / 2
			if err := sameValues(got, want.Region(box)); err != nil {
				t.Fatalf("slice: %v", err)
			}
		})
	}
}

// npyDescr is NumPy's type string of dt.
func npyDescr(dt chunk.DType, bigEndian bool) string {
	kind := map[chunk.Kind]string{chunk.KindBool: "b", chunk.KindInt: "i", chunk.KindUint: "u", chunk.KindFloat: "f", chunk.KindComplex: "c"}[dt.Kind()]
	order := "<"
	if dt.Size() == 1 {
		order = "|"
	} else if bigEndian {
		order = ">"
	}
	return fmt.Sprintf("%s%s%d", order, kind, dt.Size())
}

// testArray returns a small array of dtype dt with chunks (5, 4), which
// align with none of the store chunkings below.
func testArray(dt chunk.DType, seed int64) *array.Array {
	shape := []int{13, 9}
	rng := array.NewRNG(seed)
	switch {
	case dt == chunk.Bool:
		return rng.Integers(0, 2, shape, chunk.Regular(5, 4)).AsType(dt)
	case dt == chunk.Float32 || dt == chunk.Float64:
		return rng.Normal(0, 1e3, shape, chunk.Regular(5, 4)).AsType(dt)
	default:
		lo, hi := chunk.Limits(dt)
		return rng.Integers(int64(math.Max(lo, -1e15)), int64(math.Min(hi, 1e15)), shape, chunk.Regular(5, 4)).AsType(dt)
	}
}

// TestInteropWrite writes arrays of every dtype in every format, codec
// and order through x.Store, ToZarr, ToNPY and ToHDF5, with array chunks
// misaligned with the store's chunks (and shards), and has
// verify_with_python.py read them back with zarr-python, zarrita, h5py
// and NumPy.
func TestInteropWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not running verify_with_python.py")
	}
	script := testcorpus.Path(t, "verify_with_python.py")
	testcorpus.RequirePython(t, "zarr", "numcodecs", "h5py")
	ctx := context.Background()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "expected"), 0o755)
	var entries []map[string]any
	add := func(name string, x *array.Array, e map[string]any, write func(x *array.Array) error) {
		want, err := x.Compute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := write(x); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		exp := "expected/" + name + ".npy"
		if err := npy.WriteFile(filepath.Join(dir, filepath.FromSlash(exp)), want); err != nil {
			t.Fatal(err)
		}
		e["name"], e["expected"], e["shape"], e["missing_chunks"] = name, exp, x.Shape(), []string{}
		entries = append(entries, e)
	}
	v2codecs := []string{"none", "zlib", "gzip", "lz4", "zstd", "blosc-lz4", "blosc-zstd"}
	v3codecs := []string{"none", "gzip", "zstd", "blosc-lz4", "blosc-zstd"}
	type variant struct {
		order string
		big   bool
	}
	for i, dt := range chunk.DTypes {
		x := testArray(dt, int64(i))
		variants := []variant{{"C", false}}
		if dt == chunk.Float64 || dt == chunk.Int16 || dt == chunk.Uint32 || dt == chunk.Bool {
			variants = append(variants, variant{"F", false}, variant{"C", true}, variant{"F", true})
		}
		for _, v := range variants {
			suffix := fmt.Sprintf("%s_%s", dt, v.order)
			if v.big {
				suffix += "_be"
			}
			for _, c := range v2codecs {
				name := "z2_" + suffix + "_" + c
				o := zarr.CreateOptions{Format: 2, Chunks: []int{4, 3}, Codec: c, Order: v.order, BigEndian: v.big}
				if c == "none" {
					o.Codec = ""
				}
				add(name, x, map[string]any{"format": "zarr2", "path": name, "dtype": npyDescr(dt, v.big),
					"chunks": []int{4, 3}, "order": v.order}, func(x *array.Array) error {
					return x.ToZarr(ctx, filepath.Join(dir, name), o)
				})
			}
			for _, c := range v3codecs {
				for _, shard := range [][]int{nil, {8, 6}} {
					name := "z3_" + suffix + "_" + c
					chunks := []int{4, 3}
					if shard != nil {
						name += "_sharded"
						chunks = shard
					}
					o := zarr.CreateOptions{Format: 3, Chunks: []int{4, 3}, Shard: shard, Codec: c, Order: v.order, BigEndian: v.big}
					if c == "none" {
						o.Codec = ""
					}
					e := map[string]any{"format": "zarr3", "path": name, "dtype": npyDescr(dt, false), "chunks": chunks}
					if dt == chunk.Float16 || dt.IsComplex() {
						e["reference_reader"] = "zarr3py" // zarrita 0.7.5 has neither float16 nor complex types
					}
					add(name, x, e, func(x *array.Array) error {
						// Through a store and x.Store rather than ToZarr.
						z, err := zarr.Create(ctx, kv.NewDir(filepath.Join(dir, name)), "", withShape(o, x))
						if err != nil {
							return err
						}
						return x.Store(ctx, z)
					})
				}
			}
			if !v.big && v.order == "C" {
				for _, gz := range []int{0, 4} {
					name := fmt.Sprintf("h5_%s_gzip%d", suffix, gz)
					add(name, x, map[string]any{"format": "hdf5", "path": name + ".h5", "dataset": "/g/data",
						"dtype": npyDescr(dt, false), "chunks": []int{4, 3}}, func(x *array.Array) error {
						return h5array.ToHDF5(ctx, x, filepath.Join(dir, name+".h5"), "/g/data",
							h5array.Options{Chunks: []int{4, 3}, Options: hdf5.Options{Gzip: gz, Shuffle: gz > 0}})
					})
				}
			}
			name := "npy_" + suffix + ".npy"
			add(strings.TrimSuffix(name, ".npy"), x, map[string]any{"format": "npy", "path": name,
				"dtype": npyDescr(dt, v.big), "order": v.order}, func(x *array.Array) error {
				p := filepath.Join(dir, name)
				if v.order == "C" && !v.big {
					return x.ToNPY(ctx, p)
				}
				f, err := npy.CreateWith(p, x.DType(), x.Shape(), []int{4, 9}, npy.Options{Fortran: v.order == "F", BigEndian: v.big})
				if err != nil {
					return err
				}
				if err := x.Store(ctx, f); err != nil {
					return err
				}
				return f.Close()
			})
		}
	}
	b, _ := json.MarshalIndent(map[string]any{"arrays": entries, "groups": []any{}}, "", " ")
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("/usr/bin/python3", script, dir).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Logf("verify_with_python.py on %d arrays: %s", len(entries), lines[len(lines)-1])
	if err != nil {
		t.Errorf("verify_with_python.py failed (%v):\n%s", err, out)
	}
}

func withShape(o zarr.CreateOptions, x *array.Array) zarr.CreateOptions {
	o.DType, o.Shape = x.DType(), x.Shape()
	return o
}
