package picture_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/diagnostics/picture"
	"github.com/chunkwise/chunkwise/internal/browsertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestChunksInBrowser draws 1-, 2- and 3-d chunk grids and checks in
// Chromium that each has the chunk boundaries its grid has, a sane
// size, and the table of facts.
func TestChunksInBrowser(t *testing.T) {
	cases := []struct {
		name  string
		a     *array.Array
		lines int // boundary lines drawn
	}{
		// 1-d: 5 chunks, 6 boundaries plus top and bottom.
		{"1d", array.NewRNG(1).Random([]int{100}, chunk.Regular(20)), 6 + 2},
		// 2-d: 3 row chunks (4 lines) and 4 column chunks (5 lines).
		{"2d", array.NewRNG(1).Random([]int{300, 400}, chunk.Regular(100, 100)), 4 + 5},
		// 3-d: each boundary drawn on two faces: 2·(3+1) + 2·(2+1) + 2·(4+1).
		{"3d", array.NewRNG(1).Random([]int{30, 20, 40}, chunk.Regular(10, 10, 10)), 2*4 + 2*3 + 2*5},
		// Ragged chunks are drawn where they fall.
		{"ragged", array.NewRNG(1).Random([]int{10, 10}, chunk.Spec{chunk.Sizes(3, 7), chunk.Sizes(5, 5)}), 3 + 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := picture.Chunks(&b, c.a); err != nil {
				t.Fatal(err)
			}
			pg := browsertest.Open(t, "file://"+writeFile(t, c.name+".svg", b.Bytes()), 30*time.Second)
			if n := browsertest.Eval[int](pg, `document.querySelectorAll("line.chunk-line").length`); n != c.lines {
				t.Errorf("%d lines drawn, want %d", n, c.lines)
			}
			w := browsertest.Eval[float64](pg, `document.querySelector("svg").getBBox().width`)
			h := browsertest.Eval[float64](pg, `document.querySelector("svg").getBBox().height`)
			if w < 100 || h < 25 || w > 1000 || h > 1000 {
				t.Errorf("the picture is %g×%g", w, h)
			}
			text := browsertest.Eval[string](pg, `document.querySelector("svg").textContent`)
			tasks, _ := c.a.NumTasks()
			for _, want := range []string{"Shape", strings.Trim(strings.ReplaceAll(strings.Trim(strings.Join(strings.Fields(strings.Trim(fmtInts(c.a.Shape()), "[]")), " "), " "), "  ", " "), " "), "float64", "Tasks"} {
				if !strings.Contains(text, want) {
					t.Errorf("the picture's text %q lacks %q", text, want)
				}
			}
			if !strings.Contains(text, "Tasks"+itoa(tasks)) {
				t.Errorf("the picture's text %q lacks the task count %d", text, tasks)
			}
			// The grid lies inside the picture.
			out := browsertest.Eval[int](pg, `(() => { const s = document.querySelector("svg").getBoundingClientRect();
				return [...document.querySelectorAll("line.chunk-line, polygon")].filter(e => { const b = e.getBoundingClientRect();
				return b.left < s.left || b.right > s.right + 1 || b.top < s.top || b.bottom > s.bottom + 1; }).length })()`)
			if out != 0 {
				t.Errorf("%d shapes outside the picture", out)
			}
			if errs := pg.Errors(); len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			pg.Screenshot(t, "chunks-"+c.name)
		})
	}
}

func fmtInts(s []int) string {
	var b strings.Builder
	for _, v := range s {
		b.WriteString(itoa(v) + " ")
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// TestVisualizeInBrowser draws the graph of layers and of tasks and
// counts their nodes in Chromium.
func TestVisualizeInBrowser(t *testing.T) {
	ctx := context.Background()
	x := array.NewRNG(2).Random([]int{40, 40}, chunk.Regular(20, 20))
	y := x.Transpose().Add(x).Sum()
	tasks, err := y.NumTasks()
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := picture.Visualize(ctx, &dot, picture.DOT, picture.Layers, y); err != nil {
		t.Fatal(err)
	}
	layers := strings.Count(dot.String(), "[label=")
	// The sum's layer says what was fused into it.
	if !strings.Contains(dot.String(), `"sum of random, add`) {
		t.Errorf("the sum's layer does not name its fused operations: %s", dot.String())
	}
	for _, lv := range []struct {
		name  string
		level picture.Level
		nodes int
	}{{"layers", picture.Layers, layers}, {"tasks", picture.Tasks, -1}} {
		var b bytes.Buffer
		if err := picture.Visualize(ctx, &b, picture.SVG, lv.level, y); err != nil {
			t.Fatal(err)
		}
		pg := browsertest.Open(t, "file://"+writeFile(t, lv.name+".svg", b.Bytes()), 30*time.Second)
		n := browsertest.Eval[int](pg, `document.querySelectorAll("g.node").length`)
		if lv.level == picture.Tasks {
			// Every task before fusion, and at least the ones after it.
			if n < tasks {
				t.Errorf("the task graph has %d nodes for %d tasks", n, tasks)
			}
		} else if n != lv.nodes || n < 2 {
			t.Errorf("the layer graph has %d nodes, its DOT %d", n, lv.nodes)
		}
		if e := browsertest.Eval[int](pg, `document.querySelectorAll("g.edge").length`); e < n-1 {
			t.Errorf("%d edges for %d connected nodes", e, n)
		}
		if w := browsertest.Eval[float64](pg, `document.querySelector("svg").getBBox().width`); w <= 10 {
			t.Errorf("the graph is %g wide", w)
		}
		pg.Screenshot(t, "graph-"+lv.name)
	}
	var p bytes.Buffer
	if err := picture.Visualize(ctx, &p, picture.PNG, picture.Layers, y); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&p)
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 50 || b.Dy() < 50 || browsertest.Colours(img) < 2 {
		t.Errorf("the PNG is %v with %d colours", b, browsertest.Colours(img))
	}
}

func TestVisualizeDelayed(t *testing.T) {
	inc := delayed.Func1("picturetest.inc", func(x int) int { return x + 1 })
	add := delayed.Func2("picturetest.add", func(a, b int) int { return a + b })
	v := add(inc(delayed.Lit(1)), inc(delayed.Lit(2)))
	var b bytes.Buffer
	if err := picture.VisualizeDelayed(context.Background(), &b, picture.SVG, picture.Tasks, v); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.Contains(s, "<svg") || !strings.Contains(s, "picturetest.add") || strings.Count(s, `class="node"`) < 3 {
		t.Fatalf("the delayed graph lacks its nodes: %.300s", s)
	}
	// The graph of layers names each call by its function.
	b.Reset()
	if err := picture.VisualizeDelayed(context.Background(), &b, picture.DOT, picture.Layers, v); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.Contains(s, "picturetest.inc") || !strings.Contains(s, "picturetest.add") || strings.Contains(s, "delayed.call") {
		t.Errorf("the layers are not named by their functions: %s", s)
	}
}

func TestVisualizeBadInput(t *testing.T) {
	ctx := context.Background()
	x := array.NewRNG(2).Random([]int{4000, 4000}, chunk.Regular(100, 100))
	var b bytes.Buffer
	for _, c := range []struct {
		f   picture.Format
		lv  picture.Level
		a   *array.Array
		say string
	}{
		{"gif", picture.Layers, x, "unknown format"},
		{picture.SVG, 7, x, "unknown level"},
		{picture.SVG, picture.Tasks, x, "too many"},
		{picture.SVG, picture.Layers, x.Reshape(3), "reshape"},
	} {
		b.Reset()
		err := picture.Visualize(ctx, &b, c.f, c.lv, c.a)
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), c.say) || b.Len() != 0 {
			t.Errorf("Visualize(%s, %d): %v, %d bytes written; want an error saying %q", c.f, c.lv, err, b.Len(), c.say)
		}
	}
	if err := picture.Chunks(&b, x.Reshape(3)); err == nil {
		t.Error("Chunks of a bad array: no error")
	}
	if err := picture.Render(ctx, &b, picture.SVG, []byte("digraph {")); err == nil {
		t.Error("Render of broken DOT: no error")
	}
}
