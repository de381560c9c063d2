package delayed_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/delayed"
)

var (
	benchInc = delayed.Func1("bench.inc", func(i int) int { return i + 1 })
	benchAdd = delayed.FuncN("bench.addn", func(xs ...int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
)

// tree builds Dask's delayed-tree workload: n inc tasks and a tree of
// adds with fan-in 8.
func tree(n int) (*delayed.Value[int], int) {
	level := make([]*delayed.Value[int], n)
	for i := range level {
		level[i] = benchInc(delayed.Lit(i))
	}
	tasks := n
	for len(level) > 1 {
		next := make([]*delayed.Value[int], 0, (len(level)+7)/8)
		for i := 0; i < len(level); i += 8 {
			next = append(next, benchAdd(level[i:min(i+8, len(level))]...))
		}
		tasks += len(next)
		level = next
	}
	return level[0], tasks
}

// BenchmarkDelayedTree measures the bench workload delayed-tree: the
// compute of the root of 100 000 inc tasks and their add tree; graph
// building is untimed.
func BenchmarkDelayedTree(b *testing.B) {
	const n = 100_000
	root, tasks := tree(n)
	want := n * (n + 1) / 2
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		got, err := root.Compute(context.Background())
		if err != nil || got != want {
			b.Fatalf("got %d, %v; want %d", got, err, want)
		}
	}
	b.ReportMetric(float64(tasks)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(tasks*b.N), "µs/task")
	// CPU time per task, all threads and the GC included: steadier than
	// wall time on a shared machine.
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1e6/float64(tasks*b.N), "cpu-µs/task")
}

// cpuTime returns the CPU time used by the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBuildTree measures building the delayed-tree graph.
func BenchmarkBuildTree(b *testing.B) {
	for b.Loop() {
		tree(100_000)
	}
}
