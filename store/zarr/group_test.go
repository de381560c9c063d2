package zarr

import (
	"context"
	"reflect"
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
