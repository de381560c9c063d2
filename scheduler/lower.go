package scheduler

import (
	"context"
	"fmt"
	"slices"
)

// Lowered is one task of a lowered graph (see Graph.Lower): its key, the
// task as its layer gives it (inputs as keys, a literal's Value), its
// priority and the unit it runs in.
type Lowered struct {
	Key  Key
	Task Task
	// Priority is the task's position in the depth-first post-order
	// from the outputs that the local executor runs by: lower first.
	Priority int32
	// Unit is the index (in the lowered list) of the task this one is
	// fused into; a task that runs on its own, and a literal, is its own
	// unit. A unit's members (the tasks whose Unit is its index) run as
	// one pass, and its external inputs are the members' inputs that are
	// not members.
	Unit int32
}

// Lower returns the tasks that computing keys needs, culled and with
// inline tasks marked as fused into their only dependent exactly as the
// local executor fuses them, and the index of each key's task in the
// list. It is how an executor that runs tasks elsewhere (a cluster)
// sees a graph: as data. An unknown key or a kernel that is not
// registered is an error, as for Run.
func (g *Graph) Lower(keys []Key) ([]Lowered, []int32, error) {
	p, err := g.plan(keys, false)
	if err != nil {
		return nil, nil, err
	}
	// Inputs before fusion, by node: fusion splices them.
	dependent := make([]int32, len(p.nodes))
	for i := range dependent {
		dependent[i] = -1
	}
	for i, n := range p.nodes {
		for _, in := range n.inputs {
			dependent[in] = int32(i)
		}
	}
	p.fuse()
	out := make([]Lowered, len(p.nodes))
	for i, n := range p.nodes {
		t := g.layers[g.ids[n.key.Name]].Task(n.block)
		out[i] = Lowered{Key: n.key, Task: t, Priority: n.priority, Unit: int32(i)}
	}
	for i, n := range p.nodes {
		if !n.fused {
			continue
		}
		u := dependent[i]
		for p.nodes[u].fused {
			u = dependent[u]
		}
		out[i].Unit = u
	}
	return out, slices.Clone(p.outputs), nil
}

// KeyTask is a task and the key it computes.
type KeyTask struct {
	Key  Key
	Task Task
}

// RunUnit runs tasks, the members of one unit of a lowered graph (see
// Lowered), with the values of their external inputs, and returns the
// value of key out. Members are fused again as Lower fused them, so a
// fused chain runs as one pass. It runs on the calling goroutine, with
// e's memory limit and spill directory (e may be nil; its Workers and
// Progress are not used); a missing input or member is an error naming
// the key, a failing or panicking kernel a *TaskError.
func RunUnit(ctx context.Context, e *Local, tasks []KeyTask, inputs map[Key]any, out Key) (any, error) {
	if len(tasks) == 1 && tasks[0].Key == out {
		// One task: no graph to build.
		t := tasks[0].Task
		args := make([]any, len(t.Inputs))
		for i, k := range t.Inputs {
			v, ok := inputs[k]
			if !ok {
				return nil, fmt.Errorf("scheduler: input %v of %v missing", k, out)
			}
			args[i] = v
		}
		kn, err := lookup(t.Kernel)
		if err != nil {
			return nil, &TaskError{Key: out, Err: err}
		}
		fn, err := kn.prepare(t.Params)
		if err != nil {
			return nil, &TaskError{Key: out, Err: fmt.Errorf("kernel %s: bad parameters: %w", t.Kernel, err)}
		}
		return call(&node{key: out, kernel: t.Kernel, fn: fn, block: out.Block()}, args, false)
	}
	byName := make(map[string]*listLayer)
	add := func(k Key, t Task) {
		l := byName[k.Name]
		if l == nil {
			l = &listLayer{name: k.Name, tasks: make(map[string]Task)}
			byName[k.Name] = l
		}
		l.tasks[k.index] = t
		idx := k.Block()
		if len(l.nb) < len(idx) {
			l.nb = append(l.nb, make([]int, len(idx)-len(l.nb))...)
		}
		for a, i := range idx {
			l.nb[a] = max(l.nb[a], i+1)
		}
	}
	for k, v := range inputs {
		add(k, Task{Value: v})
	}
	for _, t := range tasks {
		add(t.Key, t.Task)
	}
	layers := make([]Layer, 0, len(byName))
	for _, l := range byName {
		layers = append(layers, l)
	}
	one := &Local{Workers: 1}
	if e != nil {
		one.MemoryLimit, one.SpillDir, one.HeldBudget = e.MemoryLimit, e.SpillDir, e.HeldBudget
	}
	vals, err := one.Run(ctx, NewGraph(layers...), []Key{out})
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

// listLayer is a layer made from a list of keyed tasks: the blocks that
// are not listed are never asked for, because RunUnit asks only for its
// output and the graph holds every task it reaches.
type listLayer struct {
	name  string
	nb    []int
	tasks map[string]Task // by packed block index
}

func (l *listLayer) Name() string     { return l.name }
func (l *listLayer) Inputs() []Layer  { return nil }
func (l *listLayer) NumBlocks() []int { return l.nb }
func (l *listLayer) Task(idx []int) Task {
	t, ok := l.tasks[NewKey(l.name, idx).index]
	if !ok {
		return Task{Kernel: "scheduler.missing", Params: []byte(NewKey(l.name, idx).String())}
	}
	return t
}

func init() {
	Register("scheduler.missing", func(params []byte) (Func, error) {
		return nil, fmt.Errorf("scheduler: task %s was not sent with its unit", params)
	})
}
