package picture

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/diagnostics"
)

// maxLines is the most chunk boundaries drawn along one axis; beyond it
// the axis is drawn filled, without its boundaries.
const maxLines = 100

// Chunks writes a's chunk grid to w as a standalone SVG document: the
// grid of its last three axes (one, two or three drawn; a 0-d array has
// no grid) beside a table of its shape, chunk shape, dtype, bytes, chunk
// count and task count. An array with a construction error is an error
// and writes nothing.
func Chunks(w io.Writer, a *array.Array) error {
	if err := a.Err(); err != nil {
		return err
	}
	tasks, err := a.NumTasks()
	if err != nil {
		return err
	}
	var b strings.Builder
	chunks := a.Chunks()
	if len(chunks) > 3 {
		chunks = chunks[len(chunks)-3:]
	}
	gw, gh := drawGrid(&b, chunks)
	rows := chunkTable(a, tasks)
	tx := gw + 30
	th := 20*len(rows) + 10
	width, height := tx+330, max(gh, th)+20
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" class="chunk-diagram" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<g transform="translate(10,10)">%s</g>`+"\n", b.String())
	for i, r := range rows {
		y := 24 + 20*i
		fmt.Fprintf(w, `<text x="%d" y="%d" font-weight="bold">%s</text><text x="%d" y="%d">%s</text>`+"\n",
			tx, y, html.EscapeString(r[0]), tx+110, y, html.EscapeString(r[1]))
	}
	_, err = fmt.Fprintln(w, "</svg>")
	return err
}

// chunkTable is the text beside the grid.
func chunkTable(a *array.Array, tasks int) [][2]string {
	first := make([]int, a.NDim())
	for i, c := range a.Chunks() {
		if len(c) > 0 {
			first[i] = c[0]
		}
	}
	biggest := int64(a.DType().Size())
	for _, s := range first {
		biggest *= int64(s)
	}
	return [][2]string{
		{"Shape", fmt.Sprint(a.Shape())},
		{"Chunk shape", fmt.Sprint(first)},
		{"Chunks", fmt.Sprint(a.Grid().NumBlocksTotal())},
		{"Dtype", a.DType().String()},
		{"Bytes", diagnostics.FormatBytes(a.NBytes())},
		{"Chunk bytes", diagnostics.FormatBytes(biggest)},
		{"Tasks", fmt.Sprint(tasks)},
	}
}

// axisPixels scales each axis's length to pixels: the longest gets 240,
// the others their share of it but no less than 24, so a thin axis
// still shows.
func axisPixels(chunks [][]int) []float64 {
	lens := make([]float64, len(chunks))
	longest := 1.0
	for i, c := range chunks {
		for _, s := range c {
			lens[i] += float64(s)
		}
		longest = max(longest, lens[i])
	}
	px := make([]float64, len(chunks))
	for i := range lens {
		px[i] = max(24, 240*lens[i]/longest)
	}
	return px
}

// bounds returns the chunk boundaries of one axis in pixels, 0 and
// size included, or only 0 and size past maxLines chunks.
func bounds(c []int, size float64) []float64 {
	total := 0
	for _, s := range c {
		total += s
	}
	if len(c) > maxLines || total == 0 {
		return []float64{0, size}
	}
	out := []float64{0}
	at := 0
	for _, s := range c {
		at += s
		out = append(out, size*float64(at)/float64(total))
	}
	return out
}

const (
	fill   = `fill="#ECB172" fill-opacity="0.8"`
	stroke = `stroke="#444" stroke-width="1"`
)

// drawGrid draws chunks (1 to 3 axes) at the origin and returns the
// drawing's width and height.
func drawGrid(b *strings.Builder, chunks [][]int) (w, h int) {
	px := axisPixels(chunks)
	line := func(x1, y1, x2, y2 float64) {
		fmt.Fprintf(b, `<line class="chunk-line" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" %s/>`+"\n", x1, y1, x2, y2, stroke)
	}
	face := func(pts ...float64) {
		var p strings.Builder
		for i := 0; i < len(pts); i += 2 {
			fmt.Fprintf(&p, "%.1f,%.1f ", pts[i], pts[i+1])
		}
		fmt.Fprintf(b, `<polygon class="chunk-face" points="%s" %s/>`+"\n", strings.TrimSpace(p.String()), fill)
	}
	switch len(chunks) {
	case 0:
		return 0, 0
	case 1:
		W, H := px[0], 25.0
		face(0, 0, W, 0, W, H, 0, H)
		for _, x := range bounds(chunks[0], W) {
			line(x, 0, x, H)
		}
		line(0, 0, W, 0)
		line(0, H, W, H)
		return int(W) + 1, int(H) + 1
	case 2:
		H, W := px[0], px[1]
		face(0, 0, W, 0, W, H, 0, H)
		for _, y := range bounds(chunks[0], H) {
			line(0, y, W, y)
		}
		for _, x := range bounds(chunks[1], W) {
			line(x, 0, x, H)
		}
		return int(W) + 1, int(H) + 1
	}
	// Three axes: depth (axis 0) recedes up and to the right.
	D, H, W := px[0]*0.6, px[1], px[2]
	face(0, D, D, 0, D+W, 0, W, D)           // top
	face(W, D, W+D, 0, W+D, H, W, D+H)       // side
	face(0, D, W, D, W, D+H, 0, D+H)         // front
	for _, t := range bounds(chunks[0], D) { // depth boundaries
		line(t, D-t, t+W, D-t)
		line(W+t, D-t, W+t, D-t+H)
	}
	for _, x := range bounds(chunks[2], W) {
		line(x, D, x+D, 0)
		line(x, D, x, D+H)
	}
	for _, y := range bounds(chunks[1], H) {
		line(0, D+y, W, D+y)
		line(W, D+y, W+D, y)
	}
	return int(W+D) + 1, int(H+D) + 1
}
