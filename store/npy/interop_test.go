package npy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/internal/testcorpus"

	"github.com/chunkwise/chunkwise/chunk"
)

type manifestEntry struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Format   string `json:"format"`
	DType    string `json:"dtype"`
	Shape    []int  `json:"shape"`
	Order    any    `json:"order"`
	Expected string `json:"expected"`
	SHA256   string `json:"sha256"`
	Codec    struct {
		Version string `json:"npy_version"`
	} `json:"codec"`
}

func TestInterop(t *testing.T) {
	// The shared corpus of files written by NumPy, zarr-python and h5py
	// (see ../shared/testdata/README.md).
	interopDir := testcorpus.Path(t, "interop")
	b, err := os.ReadFile(filepath.Join(interopDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Arrays []manifestEntry `json:"arrays"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range m.Arrays {
		if e.Format != "npy" {
			continue
		}
		n++
		t.Run(e.Name, func(t *testing.T) {
			path := filepath.Join(interopDir, e.Path)
			got, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ReadFile(filepath.Join(interopDir, e.Expected))
			if err != nil {
				t.Fatal(err)
			}
			equalDense(t, e.Name, got, want)
			sum := sha256.Sum256(got.Bytes())
			if hex.EncodeToString(sum[:]) != e.SHA256 {
				t.Errorf("sha256 of the data differs from the manifest")
			}
			h := must(ReadHeader(must(os.Open(path))))
			if h.Descr != e.DType || h.Fortran != (e.Order == "F") || !chunk.EqualShapes(h.Shape, e.Shape) ||
				e.Codec.Version != "" && e.Codec.Version != string(rune('0'+h.Major))+".0" {
				t.Errorf("header %+v does not match the manifest %+v", h, e)
			}
			// Chunked reads with a small chunk shape agree too.
			cs := make([]int, len(e.Shape))
			for a := range cs {
				cs[a] = 2
			}
			f, err := OpenChunked(path, cs)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			g := must(f.Meta().Grid())
			g.Blocks(func(idx []int) {
				c, err := f.ReadChunk(context.Background(), idx)
				if err != nil {
					t.Fatal(err)
				}
				equalDense(t, e.Name, c, want.Region(g.BlockBox(idx)))
			})
		})
	}
	if n == 0 {
		t.Fatal("no npy entries in the manifest")
	}
}
