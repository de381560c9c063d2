package zarr

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
)

// TestGroups builds a tree of groups and arrays in each format and lists
// it, through a store with ListDir and through one with only List.
func TestGroups(t *testing.T) {
	ctx := context.Background()
	for _, format := range []int{2, 3} {
		mem := kv.NewMemory()
		for _, s := range []store.Store{mem, struct{ store.Store }{mem}} {
			if _, err := CreateGroup(ctx, mem, "", format, map[string]any{"title": "root"}, true); err != nil {
				t.Fatal(err)
			}
			if _, err := Create(ctx, mem, "a/b/x", CreateOptions{Format: format, DType: chunk.Int8, Shape: []int{3}, Chunks: []int{2}, Overwrite: true, Attributes: map[string]any{"units": "m"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := Create(ctx, mem, "y", CreateOptions{Format: format, DType: chunk.Float64, Shape: []int{3}, Chunks: []int{2}, Overwrite: true}); err != nil {
				t.Fatal(err)
			}
			g, err := OpenGroup(ctx, s, "")
			if err != nil {
				t.Fatal(err)
			}
			if g.Format() != format || g.Attrs()["title"] != "root" {
				t.Errorf("v%d root: format %d, attrs %v", format, g.Format(), g.Attrs())
			}
			ms, err := g.Members(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 2 || ms[0].Name != "a" || ms[0].Group == nil || ms[1].Name != "y" || ms[1].Array == nil {
				t.Fatalf("v%d members %+v", format, ms)
			}
			sub, _ := ms[0].Group.Members(ctx)
			if len(sub) != 1 || sub[0].Name != "b" || sub[0].Group == nil {
				t.Fatalf("v%d a's members %+v", format, sub)
			}
			leaf, _ := sub[0].Group.Members(ctx)
			if len(leaf) != 1 || leaf[0].Array == nil || leaf[0].Array.Path() != "a/b/x" ||
				!reflect.DeepEqual(leaf[0].Array.Attrs(), map[string]any{"units": "m"}) {
				t.Fatalf("v%d a/b's members %+v", format, leaf)
			}
			if _, err := Open(ctx, s, "a"); err == nil {
				t.Errorf("v%d: Open of a group: no error", format)
			}
			if _, err := OpenGroup(ctx, s, "y"); err == nil {
				t.Errorf("v%d: OpenGroup of an array: no error", format)
			}
			if _, err := Create(ctx, mem, "y/z", CreateOptions{Format: format, DType: chunk.Int8, Shape: []int{3}, Chunks: []int{2}}); err == nil {
				t.Errorf("v%d: Create inside an array: no error", format)
			}
		}
	}
}

func TestConsolidated(t *testing.T) {
	ctx := context.Background()
	g, err := OpenGroup(ctx, kv.NewDir(corpusDir(t)), "zarr2/consolidated")
	if err != nil {
		t.Fatal(err)
	}
	if !g.Consolidated() {
		t.Fatal("zarr2/consolidated: not read as consolidated")
	}
	ms, err := g.Members(ctx)
	if err != nil || len(ms) != 4 {
		t.Fatalf("members %v, %v", ms, err)
	}
	for _, m := range ms {
		if m.Array == nil || m.Array.Attrs()["_ARRAY_DIMENSIONS"] == nil {
			t.Errorf("%s: attributes from .zmetadata missing: %v", m.Name, m.Array)
		}
	}
}

func TestWriteShard(t *testing.T) {
	ctx := context.Background()
	s := kv.NewMemory()
	a, err := Create(ctx, s, "", CreateOptions{DType: chunk.Float32, Shape: []int{37, 23}, Chunks: []int{5, 7}, Shard: []int{20, 14}, Codec: "gzip", FillValue: -1})
	if err != nil {
		t.Fatal(err)
	}
	want := testData(chunk.Float32, []int{37, 23}, 9)
	sg, _ := chunk.RegularGrid([]int{37, 23}, a.ShardShape())
	sg.Blocks(func(idx []int) {
		if err := a.WriteShard(ctx, idx, want.Region(sg.BlockBox(idx))); err != nil {
			t.Fatal(err)
		}
	})
	got, err := readAll(ctx, a)
	if err != nil || !equalNaN(chunk.Float32, got.Bytes(), want.Bytes()) {
		t.Errorf("WriteShard round trip differs (%v)", err)
	}
	if err := a.WriteShard(ctx, []int{0, 0}, want); err == nil {
		t.Error("WriteShard of the wrong shape: no error")
	}
	if err := a.WriteShard(ctx, []int{2, 0}, want.Region(sg.BlockBox([]int{1, 0}))); err == nil {
		t.Error("WriteShard outside the grid: no error")
	}
}

// TestConsolidatedV3 reads a group with zarr-python 3's consolidated
// metadata (the consolidated_metadata field of the group's zarr.json): its
// members come from there, without reading their own zarr.json (absent
// here) or listing the store.
func TestConsolidatedV3(t *testing.T) {
	ctx := context.Background()
	arr := func(shape string, attrs string) string {
		return `{"zarr_format":3,"node_type":"array","shape":` + shape + `,"data_type":"float64",` +
			`"chunk_grid":{"name":"regular","configuration":{"chunk_shape":[2,5]}},` +
			`"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":1.5,` +
			`"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"attributes":` + attrs + `}`
	}
	s := kv.NewMemory()
	root := `{"zarr_format":3,"node_type":"group","attributes":{"title":"t"},"consolidated_metadata":{"kind":"inline",` +
		`"must_understand":false,"metadata":{"a":` + arr("[4,5]", `{"units":"m"}`) + `,` +
		`"g":{"zarr_format":3,"node_type":"group","attributes":{"x":1},"consolidated_metadata":null},` +
		`"g/b":` + arr("[3,5]", `{}`) + `}}}`
	if err := s.Set(ctx, "data.zarr/zarr.json", []byte(root)); err != nil {
		t.Fatal(err)
	}
	g, err := OpenGroup(ctx, s, "data.zarr")
	if err != nil {
		t.Fatal(err)
	}
	if !g.Consolidated() || g.Attrs()["title"] != "t" {
		t.Fatalf("consolidated %v, attrs %v", g.Consolidated(), g.Attrs())
	}
	ms, err := g.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Name != "a" || ms[0].Array == nil || ms[1].Name != "g" || ms[1].Group == nil {
		t.Fatalf("members %+v", ms)
	}
	if a := ms[0].Array; !reflect.DeepEqual(a.Meta().Shape, []int{4, 5}) || a.Attrs()["units"] != "m" {
		t.Errorf("a: shape %v, attrs %v", a.Meta().Shape, a.Attrs())
	}
	d, err := ms[0].Array.ReadChunk(ctx, []int{1, 0})
	if err != nil || d.Float(0) != 1.5 {
		t.Errorf("a's missing chunk: %v, %v", d, err)
	}
	sub, err := ms[1].Group.Members(ctx)
	if err != nil || len(sub) != 1 || sub[0].Name != "b" || sub[0].Array == nil || sub[0].Array.Path() != "data.zarr/g/b" ||
		ms[1].Group.Attrs()["x"] != 1.0 {
		t.Fatalf("g's members %+v, %v; attrs %v", sub, err, ms[1].Group.Attrs())
	}

	// Bad consolidated metadata: clear errors.
	for doc, want := range map[string]string{
		`{"zarr_format":3,"node_type":"group","consolidated_metadata":{"kind":"remote","metadata":{}}}`:                                          `kind "remote"`,
		`{"zarr_format":3,"node_type":"group","consolidated_metadata":{"kind":"inline","metadata":{"../x":{}}}}`:                                 `names "../x"`,
		`{"zarr_format":3,"node_type":"group","consolidated_metadata":{"kind":"inline","metadata":{"a":{"zarr_format":3,"node_type":"array"}}}}`: `array "bad.zarr/a"`,
	} {
		s.Set(ctx, "bad.zarr/zarr.json", []byte(doc))
		g, err := OpenGroup(ctx, s, "bad.zarr")
		if err == nil {
			_, err = g.Members(ctx)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %s", doc, err, want)
		}
	}
}
