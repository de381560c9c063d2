package scheduler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/store/cache"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCgroupLimit reads v1 and v2 limit files laid out as the kernel
// does, the smallest along the group's path winning.
func TestCgroupLimit(t *testing.T) {
	for _, c := range []struct {
		name  string
		proc  string
		files map[string]string
		want  int64
	}{
		{"v1", "4:memory:/a/b\n3:cpu:/\n", map[string]string{
			"memory/a/b/memory.limit_in_bytes": "268435456\n",
			"memory/a/memory.limit_in_bytes":   "9223372036854771712\n",
			"memory/memory.limit_in_bytes":     "9223372036854771712\n"}, 256 << 20},
		{"v1-parent-smaller", "7:cpuacct,memory:/a/b\n", map[string]string{
			"memory/a/b/memory.limit_in_bytes": "1073741824\n",
			"memory/a/memory.limit_in_bytes":   "536870912\n"}, 512 << 20},
		{"v1-unlimited", "4:memory:/a\n", map[string]string{
			"memory/a/memory.limit_in_bytes": "9223372036854771712\n"}, 0},
		{"v1-namespaced", "4:memory:/\n", map[string]string{
			"memory/memory.limit_in_bytes": "2147483648\n"}, 2 << 30},
		{"v2", "0::/user.slice/app\n", map[string]string{
			"user.slice/app/memory.max": "134217728\n",
			"user.slice/memory.max":     "max\n"}, 128 << 20},
		{"v2-max", "0::/app\n", map[string]string{"app/memory.max": "max\n"}, 0},
		{"none", "0::/\n", nil, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			for p, v := range c.files {
				writeFile(t, filepath.Join(root, p), v)
			}
			proc := filepath.Join(root, "proc-self-cgroup")
			writeFile(t, proc, c.proc)
			if got := cgroupLimit(proc, root); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
	if got := cgroupLimit(filepath.Join(t.TempDir(), "missing"), "/nonexistent"); got != 0 {
		t.Errorf("missing /proc file: got %d", got)
	}
}

// TestDefaultMemoryLimit checks the machine's default against
// /proc/meminfo and the cgroup read independently.
func TestDefaultMemoryLimit(t *testing.T) {
	phys := physicalMemory()
	if phys < 64<<20 {
		t.Fatalf("physical memory %d: /proc/meminfo not read", phys)
	}
	want := phys
	if c := cgroupLimit("/proc/self/cgroup", "/sys/fs/cgroup"); c > 0 && c < want {
		want = c
	}
	if got := MachineMemory(); got != want {
		t.Errorf("MachineMemory = %d, want %d", got, want)
	}
	if got := DefaultMemoryLimit(); got != int64(float64(want)*DefaultBudgetFraction) {
		t.Errorf("DefaultMemoryLimit = %d", got)
	}
}

// TestValueLargerThanBudget fails the run at the first chunk that alone
// exceeds the budget, naming it and both sizes.
func TestValueLargerThanBudget(t *testing.T) {
	root, _ := twoPass(8, "dense")
	e := &Local{Workers: 2, MemoryLimit: 4096, SpillDir: t.TempDir()}
	_, err := e.Run(context.Background(), NewGraph(root), []Key{NewKey(root.Name(), []int{0})})
	var te *TaskError
	if !errors.Is(err, ErrBudget) || !errors.As(err, &te) || te.Key.Name != "gen" {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{"8.0 KiB", "4.0 KiB"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %s", err, want)
		}
	}
}

var observe atomic.Value // func(), called by budgettest.observe

func init() {
	RegisterFunc("budgettest.observe", func([]int, []any) (any, error) {
		observe.Load().(func())()
		return chunk.FromSlice([]int{1}, []float64{1})
	})
}

// TestRunHoldsMemory checks that a run with a budget caps the chunk
// cache and sets the Go soft memory limit while it lasts, and restores
// both after.
func TestRunHoldsMemory(t *testing.T) {
	const budgetBytes = 512 << 20
	before, cacheBefore := debug.SetMemoryLimit(-1), cache.Default().Budget()
	var inLimit, inCache int64
	observe.Store(func() { inLimit, inCache = debug.SetMemoryLimit(-1), cache.Default().Budget() })
	l := &testLayer{name: "observe", n: 1, task: func(int) Task { return Task{Kernel: "budgettest.observe"} }}
	e := &Local{MemoryLimit: budgetBytes}
	if _, err := e.Run(context.Background(), NewGraph(l), Keys(l)); err != nil {
		t.Fatal(err)
	}
	if want := min(before, budgetBytes-budgetBytes/10); inLimit != want {
		t.Errorf("soft limit during the run %d, want %d", inLimit, want)
	}
	if want := min(cacheBefore, budgetBytes/8); inCache != want {
		t.Errorf("cache budget during the run %d, want %d", inCache, want)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("soft limit after the run %d, want %d", got, before)
	}
	if got := cache.Default().Budget(); got != cacheBefore {
		t.Errorf("cache budget after the run %d, want %d", got, cacheBefore)
	}
	st := e.LastStats()
	if st.Budget != budgetBytes || st.LiveLimit <= 0 || st.LiveLimit < budgetBytes/2 || st.LiveLimit >= budgetBytes {
		t.Errorf("stats %+v", st)
	}
}

// TestRecomputeInsteadOfSpill runs the two-pass graph with generated
// chunks marked Recompute: cheap ones (1 MiB handed out in
// microseconds) are dropped and made again, never spilled; costly ones
// (20 ms for 8 KiB) are spilled, the cost model preferring the disk.
// The budget's live share holds one tree task's four inputs: a task's
// inputs are pinned while it runs (never shed), so two running tasks
// may hold eight, beyond a smaller live limit plus two values (the
// bound checked below) whenever both recompute theirs at once.
func TestRecomputeInsteadOfSpill(t *testing.T) {
	for _, c := range []struct {
		kind   string
		n      int
		value  int64
		budget int64 // in values
	}{{"regen", regenBlocks, regenElems * 8, 12}, {"slowregen", 32, spillElems * 8, 6}} {
		t.Run(c.kind, func(t *testing.T) {
			dir := t.TempDir()
			var made atomic.Int64 // the generator's task runs traced
			e := &Local{Workers: 2, MemoryLimit: c.budget * c.value, SpillDir: dir, Trace: func(ev Event) {
				if ev.Kind == EventTask && ev.Kernel == "spilltest.gen" {
					made.Add(1)
				}
			}}
			if _, err := runTwoPass(t, e, c.n, c.kind); err != nil {
				t.Fatal(err)
			}
			st := e.LastStats()
			t.Logf("%+v", st)
			if got, want := made.Load(), int64(c.n+st.Recomputed); got != want {
				t.Errorf("%d generator runs traced, want %d (%d blocks, %d made again)", got, want, c.n, st.Recomputed)
			}
			// The tree's 1-element partial sums may spill; no chunk should.
			if c.kind == "regen" && (st.Dropped == 0 || st.Recomputed == 0 || st.Spilled >= c.value) {
				t.Errorf("cheap values: want dropped and recomputed, not spilled: %+v", st)
			}
			if c.kind == "slowregen" && (st.Spills == 0 || st.Dropped != 0) {
				t.Errorf("costly values: want spilled, not dropped: %+v", st)
			}
			if st.PeakLive > st.LiveLimit+2*c.value {
				t.Errorf("peak live %d over the live limit %d + 2 values", st.PeakLive, st.LiveLimit)
			}
			if l := leftovers(t, dir); len(l) != 0 {
				t.Errorf("left behind: %v", l)
			}
		})
	}
}

// TestDropForRoot checks the room made for a ready root task after a
// worker has shed down to the limit: in the two-pass graph's first pass,
// with the chunks read so far filling the live share, chunks cheap to
// make again are dropped until one more fits, so that the next read may
// run beside the running task instead of waiting for it; chunks that
// could only be spilled stay, and nothing is written.
func TestDropForRoot(t *testing.T) {
	for _, kind := range []string{"regen", "dense"} {
		root, _ := twoPass(8, kind)
		p, err := NewGraph(root).plan([]Key{NewKey(root.Name(), []int{0})}, true)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		r := newRun(p, &Local{MemoryLimit: 1 << 30, SpillDir: dir}, nil, nil)
		r.mu.Lock()
		// Four chunks of 1 MiB read, one read running, a live share of
		// five and a half chunks: full for one more read.
		const size = regenElems * 8
		for range 4 {
			i := r.roots.pop()
			r.finish(i, regenChunks[0], false)
			r.sp.ran("spilltest.gen", time.Microsecond, size, false)
		}
		r.running = 1
		r.limit = 5*size + size/2
		if !r.over() || r.roots.Len() == 0 {
			t.Fatalf("%s: want the live share full with reads waiting (live %d, limit %d)", kind, r.live, r.limit)
		}
		r.sp.dropForRoot(r)
		st := r.sp.stats
		r.mu.Unlock()
		switch {
		case kind == "regen" && (r.over() || st.Dropped != 1):
			t.Errorf("regen: over %v after dropping %d chunks, want one dropped and room for a read (live %d)", r.over(), st.Dropped, r.live)
		case kind == "dense" && (!r.over() || st.Dropped != 0):
			t.Errorf("dense: %d chunks dropped, want none", st.Dropped)
		case st.Spills != 0 || len(leftovers(t, dir)) != 0:
			t.Errorf("%s: %d values spilled, want none", kind, st.Spills)
		}
		if kind != "regen" {
			continue
		}
		// Made again when needed, the dropped chunk's run is timed as a
		// run again: the cost model's measure of dropping.
		r.mu.Lock()
		for i := range p.nodes {
			if r.sp.state[i] == stateDropped {
				r.sp.load(r, int32(i), 0)
			}
		}
		again, st := r.sp.made["spilltest.gen"].again, r.sp.stats
		r.mu.Unlock()
		if st.Recomputed != 1 || again.bytes != size {
			t.Errorf("regen: %d recomputed, %d bytes timed as made again; want 1 and %d", st.Recomputed, again.bytes, size)
		}
	}
}

// TestCostModel checks the choice between dropping and spilling on set
// timings: the model's constants before any spill I/O is timed, the
// run's own rates after.
func TestCostModel(t *testing.T) {
	root, _ := twoPass(4, "regen")
	p, err := NewGraph(root).plan([]Key{NewKey(root.Name(), []int{0})}, true)
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(p, &Local{MemoryLimit: 1 << 30}, nil, nil)
	s := r.sp
	gen := int32(-1)
	for i, nd := range p.nodes {
		if nd.key.Name == "gen" {
			gen = int32(i)
		}
	}
	const size = 1 << 20
	s.nbytes[gen] = size
	// Constants: 50 µs + (1.0 + 1.0) ns/B × 1 MiB ≈ 2.15 ms to spill.
	s.ran("spilltest.gen", 3*time.Millisecond, size, false)
	if s.cheaperToRecompute(r, gen) {
		t.Error("3 ms to make 1 MiB: want spill under the constants")
	}
	// A first run into fresh memory was slow, a later one fast: a run
	// again costs what the fastest did, not the average (2.5 ms).
	s.ran("spilltest.gen", 2*time.Millisecond, size, false)
	s.ran("spilltest.gen", 5*time.Millisecond, size, false)
	if !s.cheaperToRecompute(r, gen) {
		t.Error("fastest run 2 ms per MiB: want recompute under the constants")
	}
	// Runs again timed: they are the cost, however fast a first run was.
	s.ran("spilltest.gen", 3*time.Millisecond, size, true)
	s.ran("spilltest.gen", 2*time.Millisecond, size, true) // 2.5 ms per MiB
	if s.cheaperToRecompute(r, gen) {
		t.Error("runs again 2.5 ms per MiB: want spill under the constants")
	}
	// A slow disk measured by the run: 4 ms per MiB written, and read
	// back at the same cost until a read is timed.
	s.writes.add(4*time.Millisecond, size)
	if !s.cheaperToRecompute(r, gen) {
		t.Error("2.5 ms per MiB against 8 ms of spill I/O: want recompute")
	}
	// Reads timed fast after all: 4 + 0.2 ms is still more than 2.5.
	s.reads.add(200*time.Microsecond, size)
	if !s.cheaperToRecompute(r, gen) {
		t.Error("2.5 ms per MiB against 4.2 ms of spill I/O: want recompute")
	}
	s.writes.add(0, 3*size) // the disk sped up: 1 ms per MiB written
	if s.cheaperToRecompute(r, gen) {
		t.Error("2.5 ms per MiB against 1.2 ms of spill I/O: want spill")
	}
	// A node not marked Recompute is never dropped.
	for i, nd := range p.nodes {
		if nd.fn != nil && !nd.recompute && s.cheaperToRecompute(r, int32(i)) {
			t.Errorf("%v may be dropped", nd.key)
		}
	}
}

// TestOverlappingHolds checks that budgets held at the same time (two
// runs, a worker's HoldMemory and a run inside it) add up in the soft
// memory limit instead of the smaller one capping the larger, that a
// run with HeldBudget adds nothing, and that the limit set before comes
// back when the last hold ends, in any order.
func TestOverlappingHolds(t *testing.T) {
	const a, b = 1 << 30, 256 << 20
	before := debug.SetMemoryLimit(-1)
	soft := func(n int64) int64 { return min(before, n-n/10) }
	relA := HoldMemory(a)
	if got := debug.SetMemoryLimit(-1); got != soft(a) {
		t.Fatalf("one hold: soft limit %d, want %d", got, soft(a))
	}
	relB := HoldMemory(b)
	if got, want := debug.SetMemoryLimit(-1), min(before, soft(a)+soft(b)); got != want {
		t.Errorf("two holds: soft limit %d, want their sum %d", got, want)
	}
	var inRun int64
	observe.Store(func() { inRun = debug.SetMemoryLimit(-1) })
	l := &testLayer{name: "observe", n: 1, task: func(int) Task { return Task{Kernel: "budgettest.observe"} }}
	if _, err := (&Local{MemoryLimit: b, HeldBudget: true}).Run(context.Background(), NewGraph(l), Keys(l)); err != nil {
		t.Fatal(err)
	}
	if want := min(before, soft(a)+soft(b)); inRun != want {
		t.Errorf("a run with HeldBudget changed the soft limit to %d, want %d", inRun, want)
	}
	relA()
	relA() // twice: harmless
	if got := debug.SetMemoryLimit(-1); got != soft(b) {
		t.Errorf("after the first release: soft limit %d, want %d", got, soft(b))
	}
	relB()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after both: soft limit %d, want %d", got, before)
	}
	if got := HoldMemory(0); got == nil {
		t.Error("HoldMemory(0) returned nil")
	} else {
		got()
	}
}

// TestParseMemoryLimit reads Dask's forms of a memory limit and rejects
// typos with an error naming them.
func TestParseMemoryLimit(t *testing.T) {
	m := MachineMemory()
	for s, want := range map[string]int64{"123": 123, "4GiB": 4 << 30, "512MB": 512e6, "1.5 GB": 1.5e9, "64mib": 64 << 20,
		"10k": 10e3, "2KiB": 2048, "1e9": 1e9, "7B": 7, " 3 TB ": 3e12, "0": 0, "-1": -1, "0.5": m / 2, "1.0": m} {
		got, err := ParseMemoryLimit(s)
		if err != nil {
			if m == 0 && strings.Contains(s, ".") && !strings.ContainsAny(s, "GB") {
				continue // no machine memory: fractions cannot be read
			}
			t.Errorf("%q: %v", s, err)
		} else if d := got - want; d < -1 || d > 1 {
			t.Errorf("%q = %d, want %d", s, got, want)
		}
	}
	for _, s := range []string{"", "lots", "4GiBs", "4 G i B", "-5", "-1GB", "0.5MB0", "1.5", "0x10", "NaN", "Inf", "4XB", "0.3B", "1e30"} {
		if _, err := ParseMemoryLimit(s); err == nil {
			t.Errorf("%q: no error", s)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
			t.Errorf("%q: the error %q does not name it", s, err)
		}
	}
}
