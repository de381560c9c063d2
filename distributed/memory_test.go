package distributed

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/report"
	"github.com/chunkwise/chunkwise/scheduler"
)

// spillFiles lists the worker spill files under dir.
func spillFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "chunkwise-worker-*", "*.lz4"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func randomChunk(r *rand.Rand, n int) *chunk.Dense {
	d := chunk.NewDense(chunk.Float64, []int{n})
	for i := range chunk.Values[float64](d) {
		chunk.Values[float64](d)[i] = r.NormFloat64()
	}
	return d
}

// TestWorkerSpills gives a worker process a 4 MiB budget and 16 MiB of
// values to hold (scattered chunks and a persisted array): it spills
// them, serves and uses them exactly, and removes its files when it
// stops.
func TestWorkerSpills(t *testing.T) {
	dir := t.TempDir()
	ctx := testCtx(t, 90*time.Second)
	lc, err := NewLocalCluster(ctx, Options{Workers: 1, NThreads: 1, Processes: true, MemoryLimit: 4 << 20, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer lc.Close()
	c := lc.Client()

	r := rand.New(rand.NewPCG(1, 2))
	var data []any
	for range 8 {
		data = append(data, randomChunk(r, 1<<17)) // 1 MiB each
	}
	futs, err := c.Scatter(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	x := array.NewRNG(9).Random([]int{1024, 1024}, chunk.Regular(128, 1024)) // 8 chunks of 1 MiB
	p, err := x.Persist(ctx, array.WithExecutor(c))
	if err != nil {
		t.Fatal(err)
	}
	// At most 4 of the 16 values fit in memory: 12 or more are on disk.
	if files := spillFiles(t, dir); len(files) < 12 {
		t.Fatalf("%d spill files while holding 16 MiB under a 4 MiB budget, want at least 12", len(files))
	}

	// Served back over HTTP, exactly.
	got, err := c.Gather(ctx, futs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		if !equalDense(got[i].(*chunk.Dense), data[i].(*chunk.Dense)) {
			t.Fatalf("scattered chunk %d came back different", i)
		}
	}
	// Read back by tasks: the sum of the scattered chunks and a
	// reduction of the persisted array.
	total, err := c.Reduce(ctx, addDense, futs, 2).Result(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The same tree here: pairs, then pairs of pairs.
	level := make([]*chunk.Dense, len(data))
	for i, d := range data {
		level[i] = d.(*chunk.Dense)
	}
	for len(level) > 1 {
		var next []*chunk.Dense
		for i := 0; i < len(level); i += 2 {
			s := chunk.NewDense(chunk.Float64, []int{1 << 17})
			for _, d := range level[i : i+2] {
				for j, v := range chunk.Values[float64](d) {
					chunk.Values[float64](s)[j] += v
				}
			}
			next = append(next, s)
		}
		level = next
	}
	want := level[0]
	if !equalDense(total.(*chunk.Dense), want) {
		t.Fatal("the sum of the spilled scattered chunks differs")
	}
	local, err := x.Persist(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantSum, err := local.Sum(array.Axis(0)).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotSum, err := p.Sum(array.Axis(0)).Compute(ctx, array.WithExecutor(c))
	if err != nil {
		t.Fatal(err)
	}
	if !equalDense(gotSum, wantSum) {
		t.Fatal("the sum of the spilled persisted array differs")
	}

	if err := lc.Close(); err != nil {
		t.Fatal(err)
	}
	if files := spillFiles(t, dir); len(files) > 0 {
		t.Fatalf("spill files left after the cluster closed: %v", files)
	}
	if dirs, _ := filepath.Glob(filepath.Join(dir, "chunkwise-worker-*")); len(dirs) > 0 {
		t.Fatalf("spill directories left after the cluster closed: %v", dirs)
	}
}

// TestStoreSpill drives a worker's store directly: the least recently
// used values go to disk, come back intact, a value in use stays in
// memory, released values lose their files, and a corrupt file is an
// error naming it.
func TestStoreSpill(t *testing.T) {
	dir := t.TempDir()
	const budget = 7 << 19 // 3.5 MiB: three values of 1 MiB and their headers
	s := newStore(budget, dir, "t")
	r := rand.New(rand.NewPCG(3, 4))
	vals := make([]*chunk.Dense, 6)
	for i := range vals {
		vals[i] = randomChunk(r, 1<<17)
		parts, err := encodeValue(vals[i])
		if err != nil {
			t.Fatal(err)
		}
		s.put("c", scheduler.NewKey("v", []int{i}), vals[i], parts)
	}
	if s.bytes > budget {
		t.Fatalf("%d bytes in memory, budget %d", s.bytes, budget)
	}
	if n := len(spillFiles(t, dir)); n != 3 {
		t.Fatalf("%d spill files, want 3 (the oldest values)", n)
	}
	// The oldest value is back in memory and pinned while in use: the
	// others make room for it.
	v, done, ok, err := s.acquire("c", scheduler.NewKey("v", []int{0}))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if !equalDense(v.(*chunk.Dense), vals[0]) {
		t.Fatal("a spilled value came back different")
	}
	done()
	s.reserve(2 << 20)
	if st := s.byCli["c"][scheduler.NewKey("v", []int{0})]; !st.inMem {
		t.Fatal("the value used last was spilled first")
	}
	if s.bytes > budget-2<<20 {
		t.Fatalf("%d bytes in memory beside 2 MiB reserved, budget %d", s.bytes, budget)
	}
	s.unreserve(2 << 20)
	// Served from its file.
	_, f, size, ok, err := s.open("c", scheduler.NewKey("v", []int{1}))
	if err != nil || !ok || f == nil {
		t.Fatal("a spilled value is not served from its file", ok, err)
	}
	back, err := scheduler.ReadValue(f, size)
	f.Close()
	if err != nil || !equalDense(back.(*chunk.Dense), vals[1]) {
		t.Fatal("a spilled value is served different", err)
	}
	// A corrupt file is an error naming it.
	st := s.byCli["c"][scheduler.NewKey("v", []int{2})]
	if st.inMem {
		t.Fatal("value 2 should be on disk")
	}
	if err := os.WriteFile(st.path, []byte("not lz4"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.acquire("c", scheduler.NewKey("v", []int{2})); err == nil {
		t.Fatal("reading back a corrupt spill file did not fail")
	} else {
		wantErr(t, err, st.path)
	}
	// Released values take their files with them.
	var keys []scheduler.Key
	for i := range vals {
		keys = append(keys, scheduler.NewKey("v", []int{i}))
	}
	s.release("c", keys)
	if n := len(spillFiles(t, dir)); n != 0 {
		t.Fatalf("%d spill files after releasing every value", n)
	}
	if s.bytes != 0 {
		t.Fatalf("%d bytes counted after releasing every value", s.bytes)
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if dirs, _ := filepath.Glob(filepath.Join(dir, "chunkwise-worker-*")); len(dirs) > 0 {
		t.Fatalf("spill directory left after close: %v", dirs)
	}
}

// TestStoreCountsRunningUnits checks that a running unit counts as the
// largest value seen, its result to be: starting two units beside three
// held values of 1 MiB under a 3.5 MiB budget spills two of them, and
// finishing gives the room back, once.
func TestStoreCountsRunningUnits(t *testing.T) {
	dir := t.TempDir()
	const budget = 7 << 19
	s := newStore(budget, dir, "t")
	defer s.close()
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 3 {
		v := randomChunk(r, 1<<17)
		parts, err := encodeValue(v)
		if err != nil {
			t.Fatal(err)
		}
		s.put("c", scheduler.NewKey("v", []int{i}), v, parts)
	}
	if n := len(spillFiles(t, dir)); n != 0 {
		t.Fatalf("%d spill files before any unit runs, want 0", n)
	}
	done1, done2 := s.coming(), s.coming()
	if n := len(spillFiles(t, dir)); n != 2 {
		t.Fatalf("%d spill files with two units running, want 2", n)
	}
	if s.bytes+s.reserved > budget {
		t.Fatalf("%d bytes held and %d reserved, budget %d", s.bytes, s.reserved, budget)
	}
	done1()
	done1()
	done2()
	if s.reserved != 0 {
		t.Fatalf("%d bytes still reserved after the units finished", s.reserved)
	}
}

// TestSpillEventsOnCluster profiles a worker process under a 4 MiB
// budget: persisting 8 MiB of chunks, then summing them. The profile
// has a spill event for each spill file the worker wrote and a load
// event for each chunk it read back, named after the worker, with the
// chunk's encoded bytes, as the local executor's profile has.
func TestSpillEventsOnCluster(t *testing.T) {
	dir := t.TempDir()
	ctx := testCtx(t, 60*time.Second)
	lc := cluster(t, Options{Workers: 1, NThreads: 1, Processes: true, MemoryLimit: 4 << 20, Dir: dir})
	c := lc.Client()
	waitWorkers(t, ctx, c, 1)
	worker := c.Workers()[0].Name
	x := array.NewRNG(9).Random([]int{1024, 1024}, chunk.Regular(128, 1024)) // 8 chunks of 1 MiB

	p := diagnostics.StartProfiler(50 * time.Millisecond)
	px, err := x.Persist(ctx, array.WithExecutor(c), array.WithProfiler(p))
	if err != nil {
		t.Fatal(err)
	}
	persist := p.Stop()
	size := map[scheduler.Key]int64{} // the persisted chunks' encoded bytes
	spilled := map[scheduler.Key]bool{}
	for _, ev := range persist.Events {
		switch ev.Kind {
		case scheduler.EventTask:
			size[ev.Key] = ev.BytesOut
		case scheduler.EventLoad:
			t.Fatalf("a load while persisting: %+v", ev)
		}
	}
	checkIO := func(ev scheduler.Event) {
		t.Helper()
		if ev.WorkerName != worker || ev.Worker != -1 || ev.Kernel != "" || ev.End.Before(ev.Start) ||
			ev.BytesIn != size[ev.Key] || ev.BytesOut != size[ev.Key] || ev.BytesOut < 1<<20 {
			t.Fatalf("I/O event %+v, the chunk's task had %d bytes out on %s", ev, size[ev.Key], worker)
		}
	}
	for _, ev := range persist.Events {
		if ev.Kind == scheduler.EventSpill {
			checkIO(ev)
			if spilled[ev.Key] {
				t.Fatalf("%v spilled twice", ev.Key)
			}
			spilled[ev.Key] = true
		}
	}
	if files := spillFiles(t, dir); len(spilled) != len(files) || len(files) < 4 {
		t.Fatalf("%d spill events for %d spill files (at least 4 of 8 chunks of 1 MiB under 4 MiB)", len(spilled), len(files))
	}
	for _, s := range persist.Samples {
		if s.Spilled != 0 {
			t.Fatalf("this process's sample counts %d bytes spilled: the worker spilled them", s.Spilled)
		}
	}

	// Summing reads back every chunk on disk.
	p = diagnostics.StartProfiler(50 * time.Millisecond)
	got, err := px.Sum(array.Axis(0)).Compute(ctx, array.WithExecutor(c), array.WithProfiler(p))
	if err != nil {
		t.Fatal(err)
	}
	sum := p.Stop()
	local, err := x.Persist(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := local.Sum(array.Axis(0)).Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !equalDense(got, want) {
		t.Fatal("the sum of the spilled chunks differs")
	}
	loaded := map[scheduler.Key]bool{}
	for _, ev := range sum.Events {
		if ev.Kind == scheduler.EventLoad {
			checkIO(ev)
			loaded[ev.Key] = true
		}
	}
	for k := range spilled {
		if !loaded[k] {
			t.Errorf("%v was on disk, but no load event for it (%d loads)", k, len(loaded))
		}
	}
	var html bytes.Buffer
	if err := report.WriteHTML(ctx, &html, sum); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "<title>load on "+worker+" ") {
		t.Error("the report names no load on the worker")
	}
}
