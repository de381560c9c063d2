package array

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// TestShapeAgainstNumPy cross-checks tricky cases with NumPy itself. It
// is skipped when python3 with numpy is not installed.
func TestShapeAgainstNumPy(t *testing.T) {
	script := `
import json, numpy as np
x = np.arange(2*5).reshape(2, 5)
r = {}
for m in ["constant", "edge", "reflect", "symmetric"]:
    r["pad-" + m] = np.pad(x, ((3, 1), (7, 6)), m).ravel().tolist()
# NumPy before 2.0 wraps oddly when a width exceeds the axis; within it
# every version agrees.
r["pad-wrap"] = np.pad(x, ((1, 2), (4, 3)), "wrap").ravel().tolist()
r["roll"] = np.roll(x, -13).ravel().tolist()
r["roll1"] = np.roll(x, -13, axis=1).ravel().tolist()
r["repeat"] = np.repeat(x, 3, axis=0).ravel().tolist()
r["tile"] = np.tile(x, (2, 1, 3)).ravel().tolist()
r["take"] = np.take(x, [4, -1, 0, 0, 2], axis=1).ravel().tolist()
r["flip"] = np.flip(x).ravel().tolist()
print(json.dumps(r))
`
	testcorpus.RequirePython(t, "numpy")
	out := testcorpus.RunPython(t, script)
	var want map[string][]int64
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	x := Arange(0, 10, 1, chunk.Int64, chunk.Regular(3)).Reshape(2, 5).Rechunk(chunk.Regular(1, 2))
	got := map[string]*Array{
		"pad-constant":  x.Pad([][2]int{{3, 1}, {7, 6}}, PadConstant, 0),
		"pad-edge":      x.Pad([][2]int{{3, 1}, {7, 6}}, PadEdge, 0),
		"pad-reflect":   x.Pad([][2]int{{3, 1}, {7, 6}}, PadReflect, 0),
		"pad-symmetric": x.Pad([][2]int{{3, 1}, {7, 6}}, PadSymmetric, 0),
		"pad-wrap":      x.Pad([][2]int{{1, 2}, {4, 3}}, PadWrap, 0),
		"roll":          x.Roll(-13),
		"roll1":         x.Roll(-13, 1),
		"repeat":        x.Repeat(3, 0),
		"tile":          x.Tile(2, 1, 3),
		"take":          x.Take([]int{4, -1, 0, 0, 2}, 1),
		"flip":          x.Flip(),
	}
	for name, y := range got {
		v, err := ToSlice[int64](context.Background(), y)
		if err != nil || !slices.Equal(v, want[name]) {
			t.Errorf("%s = %v, %v; numpy gives %v", name, v, err, want[name])
		}
	}
}
