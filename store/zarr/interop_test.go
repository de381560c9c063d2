package zarr

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/kv"
)

// TestInteropRead reads every Zarr array of the interop corpus and
// compares it with its expected .npy.
func TestInteropRead(t *testing.T) {
	ctx := context.Background()
	m := readManifest(t, corpusDir(t))
	n := 0
	for _, e := range m.Arrays {
		if e.Format != "zarr2" && e.Format != "zarr3" {
			continue
		}
		n++
		t.Run(e.Name, func(t *testing.T) {
			a, err := OpenPath(ctx, filepath.Join(corpusDir(t), e.Path))
			if err != nil {
				t.Fatal(err)
			}
			checkAgainstNPY(t, a, filepath.Join(corpusDir(t), e.Expected))
			if want := map[string]int{"zarr2": 2, "zarr3": 3}[e.Format]; a.Format() != want {
				t.Errorf("Format = %d, want %d", a.Format(), want)
			}
			if e.Attrs != nil && !reflect.DeepEqual(a.Attrs(), e.Attrs) {
				t.Errorf("Attrs = %v, want %v", a.Attrs(), e.Attrs)
			}
			if sh := a.ShardShape(); sh != nil && !slices.Equal(sh, e.Chunks) {
				t.Errorf("ShardShape = %v, want %v", sh, e.Chunks)
			} else if sh == nil && !slices.Equal(a.Meta().Chunks, e.Chunks) {
				t.Errorf("Chunks = %v, want %v", a.Meta().Chunks, e.Chunks)
			}
		})
	}
	t.Logf("%d Zarr arrays in the manifest", n)
}

func checkAgainstNPY(t *testing.T, a *Array, npyPath string) {
	t.Helper()
	ctx := context.Background()
	b, err := os.ReadFile(npyPath)
	if err != nil {
		t.Fatal(err)
	}
	descr, _, shape, data, err := readNPY(b)
	if err != nil {
		t.Fatal(err)
	}
	meta := a.Meta()
	dt, _, err := parseV2DType(descr)
	if err != nil || dt != meta.DType {
		t.Fatalf("dtype %v, expected .npy has %q", meta.DType, descr)
	}
	if !chunk.EqualShapes(meta.Shape, shape) {
		t.Fatalf("shape %v, want %v", meta.Shape, shape)
	}
	got, err := readAll(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !equalNaN(dt, got.Bytes(), data) {
		t.Errorf("values differ from %s", npyPath)
	}
}

func TestInteropGroups(t *testing.T) {
	ctx := context.Background()
	m := readManifest(t, corpusDir(t))
	for _, g := range m.Groups {
		if g.Format != "zarr2" && g.Format != "zarr3" {
			continue
		}
		t.Run(g.Path, func(t *testing.T) {
			grp, err := OpenGroup(ctx, kv.NewDir(corpusDir(t)), g.Path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(grp.Attrs(), g.Attrs) {
				t.Errorf("Attrs = %v, want %v", grp.Attrs(), g.Attrs)
			}
			mem, err := grp.Members(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, mb := range mem {
				names = append(names, mb.Name)
				if mb.Array != nil {
					if _, err := readAll(ctx, mb.Array); err != nil {
						t.Errorf("%s: %v", mb.Name, err)
					}
				}
			}
			if !slices.Equal(names, g.Children) {
				t.Errorf("members %q, want %q", names, g.Children)
			}
		})
	}
}
