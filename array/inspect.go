package array

import (
	"io"

	"github.com/chunkwise/chunkwise/scheduler"
)

// WriteDOT writes the tasks that computing the arrays takes, after
// culling and before fusion, as a Graphviz digraph (render it with
// `dot -Tsvg`). Chunks already in memory appear as data nodes.
func WriteDOT(w io.Writer, arrays ...*Array) error {
	if err := firstErr(arrays...); err != nil {
		return err
	}
	roots := make([]scheduler.Layer, len(arrays))
	var keys []scheduler.Key
	for i, a := range arrays {
		roots[i] = a.layer
		keys = append(keys, scheduler.Keys(a.layer)...)
	}
	return scheduler.NewGraph(roots...).WriteDOT(w, keys)
}
