package picture

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/goccy/go-graphviz"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

// Format is a picture's file format.
type Format string

// The formats Visualize writes.
const (
	SVG Format = "svg"
	PNG Format = "png"
	DOT Format = "dot" // Graphviz's input text, not laid out
)

// Level is how much of a graph Visualize draws.
type Level int

// The levels of Visualize.
const (
	Layers Level = iota // one node per operation (layer)
	Tasks               // one node per task, for at most MaxTasks tasks
)

// MaxTasks is the most tasks Visualize draws at level Tasks.
const MaxTasks = 500

// Visualize writes the graph that computing arrays takes to w in format
// f, at level lv. Bad input — an array with a construction error, an
// unknown format or level, more than MaxTasks tasks at level Tasks — is
// an error and writes nothing.
func Visualize(ctx context.Context, w io.Writer, f Format, lv Level, arrays ...*array.Array) error {
	var roots []scheduler.Layer
	var keys []scheduler.Key
	for _, a := range arrays {
		if err := a.Err(); err != nil {
			return err
		}
		roots = append(roots, a.Layer())
		keys = append(keys, scheduler.Keys(a.Layer())...)
	}
	return draw(ctx, w, f, lv, roots, keys)
}

// VisualizeDelayed is Visualize for delayed values.
func VisualizeDelayed(ctx context.Context, w io.Writer, f Format, lv Level, values ...delayed.Lazy) error {
	var roots []scheduler.Layer
	var keys []scheduler.Key
	for i, v := range values {
		if v == nil || v.Layer() == nil {
			return fmt.Errorf("picture: delayed value %d is nil", i)
		}
		if e, ok := v.(interface{ Err() error }); ok && e.Err() != nil {
			return e.Err()
		}
		roots = append(roots, v.Layer())
		keys = append(keys, v.Key())
	}
	return draw(ctx, w, f, lv, roots, keys)
}

func draw(ctx context.Context, w io.Writer, f Format, lv Level, roots []scheduler.Layer, keys []scheduler.Key) error {
	if f != SVG && f != PNG && f != DOT {
		return fmt.Errorf("picture: unknown format %q (want svg, png or dot)", f)
	}
	if len(roots) == 0 {
		return fmt.Errorf("picture: nothing to draw")
	}
	var dot bytes.Buffer
	switch lv {
	case Layers:
		writeLayerDOT(&dot, roots)
	case Tasks:
		g := scheduler.NewGraph(roots...)
		n, err := g.NumTasks(keys)
		if err != nil {
			return err
		}
		if n > MaxTasks {
			return fmt.Errorf("picture: %d tasks are too many to draw one by one (at most %d); draw the layers instead", n, MaxTasks)
		}
		if err := g.WriteDOT(&dot, keys); err != nil {
			return err
		}
	default:
		return fmt.Errorf("picture: unknown level %d", lv)
	}
	if f == DOT {
		_, err := w.Write(dot.Bytes())
		return err
	}
	return Render(ctx, w, f, dot.Bytes())
}

// Render lays out the Graphviz DOT text dot and writes it to w as SVG or
// PNG. Text that does not parse is an error.
func Render(ctx context.Context, w io.Writer, f Format, dot []byte) error {
	if f != SVG && f != PNG {
		return fmt.Errorf("picture: cannot render to %q (want svg or png)", f)
	}
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("picture: starting graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("picture: bad DOT: %w", err)
	}
	defer g.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.Format(f), &out); err != nil {
		return fmt.Errorf("picture: rendering: %w", err)
	}
	_, err = w.Write(out.Bytes())
	return err
}

// writeLayerDOT writes the graph of layers reachable from roots: a node
// per layer, labelled with its operation and block grid, and an arrow
// from each input layer to the layers reading it.
func writeLayerDOT(w *bytes.Buffer, roots []scheduler.Layer) {
	w.WriteString("digraph chunkwise {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fe\", fontname=\"Helvetica\", fontsize=11];\n")
	ids := map[string]int{}
	var order []scheduler.Layer
	var visit func(l scheduler.Layer)
	visit = func(l scheduler.Layer) {
		if _, ok := ids[l.Name()]; ok {
			return
		}
		ids[l.Name()] = -1 // on the stack
		for _, in := range l.Inputs() {
			visit(in)
		}
		ids[l.Name()] = len(order)
		order = append(order, l)
	}
	for _, r := range roots {
		visit(r)
	}
	for i, l := range order {
		fmt.Fprintf(w, "  l%d [label=%q];\n", i, LayerLabel(l))
		for _, in := range l.Inputs() {
			fmt.Fprintf(w, "  l%d -> l%d;\n", ids[in.Name()], i)
		}
	}
	w.WriteString("}\n")
}

// LayerLabel names a layer for a person: its operation (the name a
// layer gives with an Operation method, as delayed calls give their
// function's, else the kernel of its first block's task, "data" for
// literal chunks) and its block grid.
func LayerLabel(l scheduler.Layer) string {
	nb := l.NumBlocks()
	op := "data"
	n := 1
	for _, b := range nb {
		n *= b
	}
	if n > 0 {
		if k := l.Task(make([]int, len(nb))).Kernel; k != "" {
			op = k
		}
	}
	if o, ok := l.(interface{ Operation() string }); ok && o.Operation() != "" {
		op = o.Operation()
	}
	dims := make([]string, len(nb))
	for i, b := range nb {
		dims[i] = fmt.Sprint(b)
	}
	grid := strings.Join(dims, "×")
	if len(nb) == 0 {
		grid = "1"
	}
	return fmt.Sprintf("%s\n%s blocks", op, grid)
}
