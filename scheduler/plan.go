package scheduler

import (
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/chunkwise/chunkwise/chunk"
)

// A plan is the materialised, culled (and optionally fused) part of a
// graph that some keys need: a flat array of nodes with integer edges, so
// that executing it touches no map.
type plan struct {
	nodes   []*node
	outputs []int32 // node of each requested key, in request order
	remote  bool    // some task waits on the network (Task.Remote)
}

// prepared is a kernel's Func for one parameter string, as tasks run it,
// for a forwarding kernel the Func itself, which pins nothing, and for a
// consuming kernel its ConsumingFunc.
type prepared struct {
	fn, forward Func
	consume     ConsumingFunc
}

type node struct {
	key       Key
	kernel    string
	fn        Func          // nil for a literal
	forward   Func          // a forwarding kernel's Func, not pinning its inputs (RegisterForwarding)
	consume   ConsumingFunc // a consuming kernel's (RegisterConsuming), unless other tasks are fused into it
	block     []int
	inputs    []int32
	value     any  // a literal's value
	inline    bool // may be fused into its only dependent
	recompute bool // may be dropped and run again (Task.Recompute)
	fused     bool // merged into its dependent; never runs on its own
	output    bool
	priority  int32 // position in a depth-first post-order from the outputs: lower runs first
}

// plan lowers the tasks keys need, in post-order from the keys so that
// a node's priority completes one subtree before another starts — the
// ordering that keeps the live set small for trees and chains.
func (g *Graph) plan(keys []Key, fuse bool) (*plan, error) {
	p := &plan{outputs: make([]int32, len(keys))}
	layers := make([]*layerIndex, len(g.layers)) // by layer id, made on first use
	var last *layerIndex
	// Prepared kernels, by the identity of the parameter bytes (layers
	// share one slice across their tasks) and then by content.
	type paramsID struct {
		kernel string
		ptr    *byte
		n      int
	}
	byID := make(map[paramsID]prepared)
	byKernel := make(map[string]map[string]prepared) // kernel → params → Func
	type frame struct {
		n    int32
		next int
		deps []Key
	}
	var stack []frame
	var post int32
	// Nodes, block indices and input lists are allocated in blocks that
	// double from small to large: a small graph touches little fresh
	// memory (each new page costs a fault), a large one few allocations.
	var slab []node
	var ints []int
	var refs []int32
	grow := 1 // block size factor: 1, 2, 4 … 32
	block := func(n, min int) int {
		return max(n*grow, min)
	}
	var scratch []int
	visit := func(k Key) (int32, bool, error) {
		li := last
		if li == nil || li.name != k.Name {
			id, ok := g.ids[k.Name]
			if !ok {
				return 0, false, fmt.Errorf("scheduler: no layer for key %v", k)
			}
			if li = layers[id]; li == nil {
				li = newLayerIndex(g.layers[id], k.Name)
				layers[id] = li
			}
			last = li
		}
		scratch = k.AppendBlock(scratch[:0])
		pos, ok := li.flat(scratch)
		if !ok {
			return 0, false, fmt.Errorf("scheduler: key %v outside layer %s's %v blocks", k, k.Name, li.nb)
		}
		if i := li.nodes[pos]; i >= 0 {
			return i, false, nil
		}
		if len(ints) < len(scratch) {
			ints = make([]int, block(128, len(scratch)))
		}
		idx := ints[:len(scratch):len(scratch)]
		ints = ints[len(scratch):]
		copy(idx, scratch)
		t := li.layer.Task(idx)
		p.remote = p.remote || t.Remote
		if len(refs) < len(t.Inputs) {
			refs = make([]int32, block(128, len(t.Inputs)))
		}
		n := node{key: k, kernel: t.Kernel, value: t.Value, inline: t.Inline, recompute: t.Recompute, block: idx, priority: -1,
			inputs: refs[:0:len(t.Inputs)]} // appends below stay within this capacity
		refs = refs[len(t.Inputs):]
		id := paramsID{t.Kernel, unsafe.SliceData(t.Params), len(t.Params)}
		if pf, ok := byID[id]; ok && t.Kernel != "" {
			n.fn, n.forward, n.consume = pf.fn, pf.forward, pf.consume
		} else if t.Kernel != "" {
			byParams := byKernel[t.Kernel]
			if byParams == nil {
				byParams = make(map[string]prepared)
				byKernel[t.Kernel] = byParams
			}
			pf, ok := byParams[string(t.Params)]
			if !ok {
				kn, err := lookup(t.Kernel)
				if err != nil {
					return 0, false, &TaskError{Key: k, Err: err}
				}
				var fn Func
				if kn.consume != nil {
					pf.consume, err = kn.consume(t.Params)
					fn = borrowing(pf.consume)
				} else {
					fn, err = kn.prepare(t.Params)
				}
				if err != nil {
					return 0, false, &TaskError{Key: k, Err: fmt.Errorf("kernel %s: bad parameters: %w", t.Kernel, err)}
				}
				pf.fn = fn
				if kn.forwards {
					pf.forward = fn
				}
				if !kn.borrows {
					pf.fn = pinInputs(fn)
				}
				byParams[string(t.Params)] = pf
			}
			byID[id] = pf
			n.fn, n.forward, n.consume = pf.fn, pf.forward, pf.consume
		}
		if len(slab) == 0 {
			slab = make([]node, block(32, 1))
			grow = min(2*grow, 32)
		}
		slab[0] = n
		i := int32(len(p.nodes))
		p.nodes = append(p.nodes, &slab[0])
		slab = slab[1:]
		li.nodes[pos] = i
		stack = append(stack, frame{n: i, deps: t.Inputs})
		return i, true, nil
	}
	for o, k := range keys {
		root, _, err := visit(k)
		if err != nil {
			return nil, err
		}
		p.outputs[o] = root
		p.nodes[root].output = true
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(f.deps) {
				p.nodes[f.n].priority = post
				post++
				stack = stack[:len(stack)-1]
				continue
			}
			dk := f.deps[f.next]
			f.next++
			d, fresh, err := visit(dk)
			if err != nil {
				return nil, err
			}
			if !fresh && p.nodes[d].priority < 0 {
				return nil, fmt.Errorf("scheduler: cycle through key %v", dk)
			}
			p.nodes[f.n].inputs = append(p.nodes[f.n].inputs, d)
		}
	}
	if fuse {
		p.fuse()
	}
	return p, nil
}

// fuse merges every inline task that has exactly one dependent into that
// dependent, children before parents, so a chain of blockwise tasks runs
// as one task per output chunk. Each dependent is rebuilt once, with all
// its fusable inputs at a time: a merge of n inline pieces costs O(n).
func (p *plan) fuse() {
	ndep := make([]int32, len(p.nodes))
	for i := range p.nodes {
		for _, in := range p.nodes[i].inputs {
			ndep[in]++
		}
	}
	// Nodes were appended in pre-order; walk by ascending priority
	// (post-order) so that a node's inputs have absorbed theirs before
	// it absorbs them.
	order := make([]int32, len(p.nodes))
	for i := range p.nodes {
		order[p.nodes[i].priority] = int32(i)
	}
	fusable := func(t int32) bool {
		tn := p.nodes[t]
		return tn.inline && tn.fn != nil && !tn.output && ndep[t] == 1
	}
	for _, d := range order {
		dn := p.nodes[d]
		if dn.fn == nil || !slices.ContainsFunc(dn.inputs, fusable) {
			continue
		}
		// parts[j] is dn's j-th input: a fused node, or -1 for an input
		// passed through.
		parts := make([]*node, len(dn.inputs))
		n := 0
		for j, in := range dn.inputs {
			if fusable(in) {
				parts[j] = p.nodes[in]
				n += len(parts[j].inputs)
			} else {
				n++
			}
		}
		dn.fn = fusedCall(dn.fn, dn.forward, parts)
		dn.consume = nil // its first input may now be a fused task's
		spliced := make([]int32, 0, n)
		for j, in := range dn.inputs {
			if tn := parts[j]; tn != nil {
				spliced = append(spliced, tn.inputs...)
				tn.fused = true
				tn.inputs = nil
			} else {
				spliced = append(spliced, in)
			}
		}
		dn.inputs = spliced
	}
}

// fusedCall returns df with the tasks parts (nil entries: inputs passed
// through) run first on their slices of in, each fused value recycled
// once df has returned unless df pinned it (a kernel that keeps its
// inputs). When df forwards (forward, its Func without pinning, is not
// nil), only the inputs passed through are pinned, and a fused value
// that df's result shares a buffer with hands its recyclability over to
// that result: nothing else reads it, since a fused task has one
// dependent.
func fusedCall(df, forward Func, parts []*node) Func {
	type part struct {
		fn    Func
		block []int
		key   Key
		n     int // inputs it takes from in; -1: in's value passed through
	}
	ps := make([]part, len(parts))
	for j, tn := range parts {
		if tn == nil {
			ps[j].n = -1
			continue
		}
		ps[j] = part{tn.fn, tn.block, tn.key, len(tn.inputs)}
	}
	return func(block []int, in []any) (any, error) {
		args := make([]any, len(ps))
		off := 0
		var err error
		for j, pt := range ps {
			if pt.n < 0 {
				args[j] = in[off]
				off++
				continue
			}
			var v any
			if v, err = pt.fn(pt.block, in[off:off+pt.n]); err != nil {
				var te *TaskError
				if !errors.As(err, &te) {
					err = &TaskError{Key: pt.key, Err: err}
				}
				break
			}
			args[j] = v
			off += pt.n
		}
		var out any
		switch {
		case err != nil:
		case forward != nil:
			for j, pt := range ps {
				if pt.n < 0 {
					pin(args[j])
				}
			}
			out, err = forward(block, args)
		default:
			out, err = df(block, args)
		}
		for j, pt := range ps {
			if pt.n >= 0 && args[j] != nil && !(forward != nil && err == nil && handOver(args[j], out)) {
				recycle(args[j])
			}
		}
		return out, err
	}
}

// handOver passes the recyclability of chunk from to chunk to when to is
// a view of from's buffer, and reports whether it is.
func handOver(from, to any) bool {
	f, ok1 := from.(*chunk.Dense)
	t, ok2 := to.(*chunk.Dense)
	return ok1 && ok2 && f.HandOver(t)
}

// layerIndex maps the block indices of one layer to plan nodes, densely:
// no hashing of keys on the lowering path.
type layerIndex struct {
	name  string
	layer Layer
	nb    []int
	nodes []int32 // by C-order block position; -1 until lowered
	one   [1]int32
}

func newLayerIndex(l Layer, name string) *layerIndex {
	nb := l.NumBlocks()
	n := 1
	for _, b := range nb {
		n *= b
	}
	li := &layerIndex{name: name, layer: l, nb: nb}
	if n == 1 {
		li.nodes = li.one[:] // single-block layers (delayed values) need no second allocation
	} else {
		li.nodes = make([]int32, n)
	}
	for i := range li.nodes {
		li.nodes[i] = -1
	}
	return li
}

// flat returns the C-order position of block idx, or false when idx lies
// outside the layer.
func (li *layerIndex) flat(idx []int) (int, bool) {
	if len(idx) != len(li.nb) {
		return 0, false
	}
	p := 0
	for a, i := range idx {
		if i < 0 || i >= li.nb[a] {
			return 0, false
		}
		p = p*li.nb[a] + i
	}
	return p, true
}
