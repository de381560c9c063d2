package scheduler

import (
	"fmt"
	"io"
	"sort"

	"github.com/chunkwise/chunkwise/chunk"
)

// Layer is a symbolic set of tasks that produce the blocks of one name: a
// rule from block index to Task, not a map of every block. Graphs are
// DAGs of layers; only the tasks that requested keys need are ever made.
type Layer interface {
	// Name is the layer's deterministic name, shared by all its keys.
	Name() string
	// Inputs are the layers whose keys this layer's tasks read.
	Inputs() []Layer
	// NumBlocks is the shape of the block grid.
	NumBlocks() []int
	// Task returns the task for block idx, which lies inside NumBlocks.
	Task(idx []int) Task
}

// Graph is the set of layers reachable from some root layers, by name.
// Layers with equal names are the same computation, so shared work across
// roots appears once.
type Graph struct {
	ids    map[string]int32 // layer name → position in layers
	layers []Layer
}

// NewGraph returns the graph of every layer reachable from roots.
func NewGraph(roots ...Layer) *Graph {
	g := &Graph{ids: make(map[string]int32)}
	stack := append([]Layer(nil), roots...)
	for len(stack) > 0 {
		l := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		name := l.Name()
		if _, seen := g.ids[name]; seen {
			continue
		}
		g.ids[name] = int32(len(g.layers))
		g.layers = append(g.layers, l)
		stack = append(stack, l.Inputs()...)
	}
	return g
}

// Layer returns the layer called name, or nil.
func (g *Graph) Layer(name string) Layer {
	if id, ok := g.ids[name]; ok {
		return g.layers[id]
	}
	return nil
}

// Layers returns the number of layers.
func (g *Graph) Layers() int { return len(g.layers) }

// Keys returns every key of layer l in C order of block index.
func Keys(l Layer) []Key {
	name, nb := l.Name(), l.NumBlocks()
	keys := make([]Key, 0, chunk.Prod(nb)) // a million keys grown by append cost a second of copying
	chunk.EachIndex(nb, func(idx []int) { keys = append(keys, NewKey(name, idx)) })
	return keys
}

// WriteDOT writes the tasks that keys need, after culling and before
// fusion, as a Graphviz digraph: a box per task labelled with its kernel
// and an arrow from each input to its dependent.
func (g *Graph) WriteDOT(w io.Writer, keys []Key) error {
	p, err := g.plan(keys, false)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w, "digraph chunkwise {\n  rankdir=BT;\n  node [shape=box, fontsize=10];"); err != nil {
		return err
	}
	order := make([]int, len(p.nodes))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return p.nodes[order[a]].priority < p.nodes[order[b]].priority })
	for _, i := range order {
		n := p.nodes[i]
		label := n.kernel
		if label == "" {
			label = "data"
		}
		fmt.Fprintf(w, "  n%d [label=%q];\n", i, n.key.String()+"\n"+label)
		for _, in := range n.inputs {
			fmt.Fprintf(w, "  n%d -> n%d;\n", in, i)
		}
	}
	_, err = fmt.Fprintln(w, "}")
	return err
}

// NumTasks returns how many tasks computing keys takes after culling and
// fusion, literals not counted.
func (g *Graph) NumTasks(keys []Key) (int, error) {
	p, err := g.plan(keys, true)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range p.nodes {
		if p.nodes[i].fn != nil && !p.nodes[i].fused {
			n++
		}
	}
	return n, nil
}
