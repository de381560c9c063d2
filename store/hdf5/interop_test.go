//go:build cgo

package hdf5

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"github.com/chunkwise/chunkwise/store/npy"
)

type manifestEntry struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Dataset  string `json:"dataset"`
	Format   string `json:"format"`
	DType    string `json:"dtype"`
	Shape    []int  `json:"shape"`
	Chunks   []int  `json:"chunks"`
	Expected string `json:"expected"`
	Attrs    map[string]any
}

func hdf5Entries(t *testing.T) []manifestEntry {
	b, err := os.ReadFile(filepath.Join(testcorpus.Path(t, "interop"), "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Arrays []manifestEntry `json:"arrays"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var out []manifestEntry
	for _, e := range m.Arrays {
		if e.Format == "hdf5" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		t.Fatal("no hdf5 entries in the manifest")
	}
	return out
}

// sameData compares bytes, treating any two NaNs as equal.
func sameData(got, want *chunk.Dense) bool {
	if got.DType() != want.DType() || !chunk.EqualShapes(got.Shape(), want.Shape()) {
		return false
	}
	if bytes.Equal(got.Bytes(), want.Bytes()) {
		return true
	}
	if !got.DType().IsFloat() {
		return false
	}
	for i := 0; i < got.Len(); i++ {
		a, b := got.Float(i), want.Float(i)
		if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
			return false
		}
	}
	return true
}

// readAll assembles a whole array from r's chunks with the given reader.
func readAll(t *testing.T, d *Dataset, read func(block []int) (*chunk.Dense, error)) *chunk.Dense {
	t.Helper()
	m := d.Meta()
	g, err := m.Grid()
	if err != nil {
		t.Fatal(err)
	}
	out := chunk.NewDense(m.DType, m.Shape)
	g.Blocks(func(idx []int) {
		c, err := read(idx)
		if err != nil {
			t.Fatal(err)
		}
		box := g.BlockBox(idx)
		if !chunk.EqualShapes(c.Shape(), box.Shape()) {
			t.Fatalf("chunk %v has shape %v, want %v", idx, c.Shape(), box.Shape())
		}
		chunk.CopyBox(out, box.Min, c, chunk.Box{Min: make([]int, len(idx)), Max: c.Shape()})
	})
	return out
}

func TestInterop(t *testing.T) {
	ctx := context.Background()
	files := map[string]*File{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, e := range hdf5Entries(t) {
		t.Run(e.Name, func(t *testing.T) {
			f := files[e.Path]
			if f == nil {
				var err error
				if f, err = Open(filepath.Join(testcorpus.Path(t, "interop"), e.Path)); err != nil {
					t.Fatal(err)
				}
				files[e.Path] = f
			}
			d, err := f.Dataset(e.Dataset)
			if err != nil {
				t.Fatal(err)
			}
			want, err := npy.ReadFile(filepath.Join(testcorpus.Path(t, "interop"), e.Expected))
			if err != nil {
				t.Fatal(err)
			}
			m := d.Meta()
			if !chunk.EqualShapes(m.Shape, e.Shape) {
				t.Fatalf("shape %v, want %v", m.Shape, e.Shape)
			}
			if e.Chunks != nil && !chunk.EqualShapes(m.Chunks, e.Chunks) {
				t.Fatalf("chunks %v, want %v", m.Chunks, e.Chunks)
			}
			got := readAll(t, d, func(b []int) (*chunk.Dense, error) { return d.ReadChunk(ctx, b) })
			if !sameData(got, want) {
				t.Fatalf("data differ from %s (raw path %v)", e.Expected, d.rawOK)
			}
			slab := readAll(t, d, d.slabOf)
			if !sameData(slab, want) {
				t.Fatalf("H5Dread data differ from %s", e.Expected)
			}
			if d.info.layout == "chunked" && !d.rawOK {
				t.Errorf("chunked dataset with filters %v not read raw", d.info.filters)
			}
		})
	}
}

// slabOf reads block through libhdf5 (readSlab of its box).
func (d *Dataset) slabOf(block []int) (*chunk.Dense, error) {
	return d.readSlab(d.grid.BlockBox(block), block)
}
