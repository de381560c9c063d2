package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
)

// The delayed-tree workload's functions, registered once by name as
// workers running this binary would need them.
var (
	treeInc = delayed.Func1("bench.inc", func(i int) int { return i + 1 })
	treeAdd = delayed.FuncN("bench.addn", func(xs ...int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
)

// delayedTree runs the delayed-tree workload of SPEC.md: n = 100 000 ×
// scale delayed inc(i), then a tree of adds with fan-in 8, like Dask's
// w_delayed_tree. Building the graph is untimed; seconds is the compute
// of the root alone. The checksum is the root's value, n(n+1)/2.
func delayedTree(scale float64) (seconds, checksum float64, extra map[string]any, err error) {
	n := int(100_000 * scale)
	if n < 1 {
		return 0, 0, nil, fmt.Errorf("delayed-tree: scale %g leaves no tasks", scale)
	}
	t0 := time.Now()
	level := make([]*delayed.Value[int], n)
	for i := range level {
		level[i] = treeInc(delayed.Lit(i))
	}
	for len(level) > 1 {
		next := make([]*delayed.Value[int], 0, (len(level)+7)/8)
		for i := 0; i < len(level); i += 8 {
			next = append(next, treeAdd(level[i:min(i+8, len(level))]...))
		}
		level = next
	}
	root := level[0]
	tasks, err := delayed.NumTasks(root)
	if err != nil {
		return 0, 0, nil, err
	}
	build := time.Since(t0).Seconds()
	runtime.GC() // the build's garbage is not the compute's to collect

	t1 := time.Now()
	r, err := root.Compute(context.Background())
	seconds = time.Since(t1).Seconds()
	if err != nil {
		return 0, 0, nil, err
	}
	expected := n * (n + 1) / 2
	if r != expected {
		return 0, 0, nil, fmt.Errorf("delayed-tree: root = %d, want %d", r, expected)
	}
	extra = map[string]any{
		"tasks":                 tasks,
		"tasks_per_s":           float64(tasks) / seconds,
		"us_per_task":           seconds * 1e6 / float64(tasks),
		"graph_build_s_untimed": build,
		"expected":              expected,
		"scheduler":             "local (goroutines, GOMAXPROCS workers)",
	}
	return seconds, float64(r), extra, nil
}

func init() {
	register("delayed-tree", []string{"tree8"}, func(sub string, scale float64) (Result, error) {
		secs, sum, extra, err := delayedTree(scale)
		return Result{Seconds: secs, Checksum: sum, Extra: extra,
			Params: map[string]any{"n_leaves": int(100_000 * scale), "fan_in": 8, "scale": scale}}, err
	})
}
