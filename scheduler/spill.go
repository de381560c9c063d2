package scheduler

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Stats describes one finished run of a Local executor.
type Stats struct {
	// PeakLive is the largest number of bytes held by live values at
	// once (values that report NBytes; spilled values do not count,
	// values being written to disk do).
	PeakLive int64
	// Spilled is the bytes of values written to spill files (their
	// encoded, uncompressed size); SpilledFile the bytes those files took
	// after lz4 compression.
	Spilled, SpilledFile int64
	// Spills is how many values were written to disk, Loads how many were
	// read back.
	Spills, Loads int
	// Dropped is how many values were dropped from memory to be
	// recomputed (Task.Recompute) rather than spilled, Recomputed how many
	// times such a value was computed again.
	Dropped, Recomputed int
	// Budget is the run's whole memory budget in bytes (0: none), and
	// LiveLimit the share of it that live values may hold.
	Budget, LiveLimit int64
}

// Value states while a run spills. Only nodes in stateMem have their
// value in run.values; a node leaves stateMem only when it is not pinned.
const (
	stateMem      uint8 = iota // in memory (or not yet computed, or released)
	stateSpilling              // in memory, being written by one worker
	stateSpilled               // on disk only
	stateLoading               // on disk or dropped, being read back or recomputed by one worker
	stateDropped               // nowhere: its task runs again when a dependent needs it
)

// Cost model of shedding, in nanoseconds: per byte of a value, writing
// it to a spill file (lz4 compression and the write) and reading it back
// (the read and decompression); per file, creating, opening and removing
// it. Measured on a laptop-class disk and CPU; a run replaces them by
// the spill I/O it has timed itself.
const (
	spillWriteNs = 1.0
	spillReadNs  = 0.6
	spillFileNs  = 50e3
)

// spiller is the part of a run that exists only under a memory limit:
// which values are on disk, which may go there, and the files. All
// fields are guarded by run.mu except dir, made once under dirOnce.
type spiller struct {
	state   []uint8
	pins    []int32 // running tasks reading each node
	started []bool  // the task has been taken to run
	nbytes  []int64 // bytes counted in live for each spillable value
	// recs are the spill files: of values on disk, and of values read
	// back that still have dependents to run, so that spilling them
	// again costs no write.
	recs map[int32]spillRecord
	// garbage are files of released values, removed by a worker once it
	// has let go of mu.
	garbage []string
	// cand are the values that may be spilled: in memory, encodable, not
	// an output, with dependents still to run. pos[i] is i's place in
	// cand, or -1.
	cand []int32
	pos  []int32
	// writing is the bytes of values in stateSpilling: still live, but
	// soon not.
	writing int64
	stats   Stats
	// made is, by Recompute kernel, the cost of dropping a value (see
	// recomputeNs); writes and reads the spill I/O timed so far.
	made          map[string]*madeRate
	writes, reads ioRate

	base    string // SpillDir, or the per-process default
	ownBase bool   // base is the default, removed when empty
	dirOnce sync.Once
	dir     string // this run's directory under base
	dirErr  error
}

func newSpiller(n int, base string) *spiller {
	s := &spiller{state: make([]uint8, n), pins: make([]int32, n), started: make([]bool, n),
		nbytes: make([]int64, n), pos: make([]int32, n), recs: make(map[int32]spillRecord), base: base,
		made: make(map[string]*madeRate)}
	for i := range s.pos {
		s.pos[i] = -1
	}
	if s.base == "" {
		s.base = filepath.Join(os.TempDir(), "chunkwise-spill-"+strconv.Itoa(os.Getpid()))
		s.ownBase = true
	}
	return s
}

// runDir returns this run's spill directory, making it on first use.
// Runs in one process share base, each in its own directory.
func (s *spiller) runDir() (string, error) {
	s.dirOnce.Do(func() {
		if s.dirErr = os.MkdirAll(s.base, 0o700); s.dirErr == nil {
			s.dir, s.dirErr = os.MkdirTemp(s.base, "run-")
		}
	})
	return s.dir, s.dirErr
}

// cleanup removes every spill file of the run. Called once all workers
// have returned, so no I/O is in flight.
func (s *spiller) cleanup() error {
	if s.dir == "" {
		return nil
	}
	err := os.RemoveAll(s.dir)
	if s.ownBase {
		os.Remove(s.base) // fails harmlessly while another run uses it
	}
	return err
}

// add makes node i, just finished with value v, a spill candidate when
// it can be. Callers hold mu.
func (s *spiller) add(r *run, i int32, v any, size int64) {
	if size <= 0 || r.waiters[i] == 0 || r.p.nodes[i].output || !(s.recomputable(r, i) || spillable(v)) {
		return
	}
	s.nbytes[i] = size
	s.pos[i] = int32(len(s.cand))
	s.cand = append(s.cand, i)
}

// recomputable reports whether node i's task may run again to remake
// its value: it is marked Recompute and reads only literals, which stay
// in memory for the whole run.
func (s *spiller) recomputable(r *run, i int32) bool {
	nd := r.p.nodes[i]
	if !nd.recompute {
		return false
	}
	for _, in := range nd.inputs {
		if r.p.nodes[in].fn != nil {
			return false
		}
	}
	return true
}

// madeRate is what a Recompute kernel's tasks took in a run: the
// fastest first run per byte, and the time and bytes of the runs again
// of dropped values.
type madeRate struct {
	fastest float64 // ns per byte; 0 before a first run was timed
	again   ioRate
}

// ran records that a Recompute task of kernel took d to make size
// bytes, for the first time or again (a dropped value remade). Callers
// hold mu.
func (s *spiller) ran(kernel string, d time.Duration, size int64, again bool) {
	m := s.made[kernel]
	if m == nil {
		m = new(madeRate)
		s.made[kernel] = m
	}
	if again {
		m.again.add(d, size)
		return
	}
	if ns := float64(d.Nanoseconds()) / float64(max(size, 1)); m.fastest == 0 || ns < m.fastest {
		m.fastest = ns
	}
}

// recomputeNs is the time per byte that running a task of kernel again
// is taken to cost: what its runs again took, once some were timed;
// before, its fastest first run. A first run pays for what a run again
// mostly does not: memory never touched before (1–2 ns/byte on a
// virtual machine whose host backs it lazily, 5–10 times a page-cache
// read) and cold caches. Averaging those in, a first pass over a store
// looked dearer to re-read than to spill when it first filled the
// budget.
func (s *spiller) recomputeNs(kernel string) float64 {
	m := s.made[kernel]
	switch {
	case m == nil:
		return 0
	case m.again.bytes > 0:
		return m.again.nsPerByte(0)
	}
	return m.fastest
}

// cheaperToRecompute reports whether running node i's task again costs
// less than spilling its value and reading it back: the time per byte
// its kernel's tasks took in this run (recomputeNs) against the spill
// I/O's. Until
// this run has timed a spill write, the model's constants stand in;
// until it has read a spill file back, reading is taken to cost what
// writing did (one file, one disk), or the read constant if more.
func (s *spiller) cheaperToRecompute(r *run, i int32) bool {
	if !s.recomputable(r, i) {
		return false
	}
	size := float64(s.nbytes[i])
	write := s.writes.nsPerByte(spillWriteNs)
	read := s.reads.nsPerByte(max(write, spillReadNs))
	spill := spillFileNs + (write+read)*size
	return s.recomputeNs(r.p.nodes[i].kernel)*size <= spill
}

// minTimedIO is the size of the smallest spill file whose write or read
// times the per-byte rates: a smaller one costs mostly its file (create,
// open, remove: spillFileNs), and dividing that by its few bytes would
// make every later estimate of a large value's spill far too high.
const minTimedIO = 64 << 10

// ioRate sums the time and bytes of timed spill writes or reads, or of
// a kernel's runs again.
type ioRate struct {
	time  time.Duration
	bytes int64
}

func (r *ioRate) add(d time.Duration, n int64) { r.time += d; r.bytes += n }

// nsPerByte returns the measured rate, or def before anything was timed
// (r nil or empty).
func (r *ioRate) nsPerByte(def float64) float64 {
	if r == nil || r.bytes == 0 {
		return def
	}
	return float64(r.time.Nanoseconds()) / float64(r.bytes)
}

// release forgets node i, whose last dependent has run: its file, if
// any, becomes garbage. Callers hold mu.
func (s *spiller) release(i int32) {
	s.drop(i)
	if rec, ok := s.recs[i]; ok {
		delete(s.recs, i)
		s.garbage = append(s.garbage, rec.path)
	}
}

// collect removes the files of released values with mu released.
// Callers hold mu.
func (s *spiller) collect(r *run) {
	if len(s.garbage) == 0 {
		return
	}
	g := s.garbage
	s.garbage = nil
	r.mu.Unlock()
	for _, p := range g {
		os.Remove(p)
	}
	r.mu.Lock()
}

// drop removes node i from the candidates. Callers hold mu.
func (s *spiller) drop(i int32) {
	p := s.pos[i]
	if p < 0 {
		return
	}
	last := s.cand[len(s.cand)-1]
	s.cand[p] = last
	s.pos[last] = p
	s.cand = s.cand[:len(s.cand)-1]
	s.pos[i] = -1
}

// victim returns the candidate needed last — whose earliest dependent
// still to run has the largest priority — or -1. Callers hold mu.
func (s *spiller) victim(r *run) int32 {
	best, bestNeed := int32(-1), int32(-1)
	for _, c := range s.cand {
		if s.pins[c] > 0 || s.state[c] != stateMem {
			continue
		}
		need := int32(math.MaxInt32)
		for _, d := range r.deps[r.depStart[c]:r.depStart[c+1]] {
			if !s.started[d] {
				need = min(need, r.p.nodes[d].priority)
			}
		}
		if need > bestNeed {
			best, bestNeed = c, need
		}
	}
	return best
}

// shed spills values, least soon needed first, until the live bytes, the
// running tasks' coming values and extra fit the limit or nothing more
// can go. The writes happen with mu
// released; the value is in stateSpilling meanwhile, so no task takes it
// and no other worker writes it. Callers hold mu; shed returns with it
// held.
func (s *spiller) shed(r *run, extra int64) {
	for r.err == nil && r.live-s.writing+r.coming()+extra > r.limit {
		v := s.victim(r)
		if v < 0 {
			return
		}
		dir, err := s.runDir()
		if err != nil {
			r.fail(fmt.Errorf("scheduler: spill directory: %w", err))
			return
		}
		size, val := s.nbytes[v], r.values[v]
		if s.cheaperToRecompute(r, v) {
			s.dropValue(r, v)
			continue
		}
		if _, ok := s.recs[v]; ok {
			// Read back earlier and unchanged since: its file still holds it.
			s.state[v] = stateSpilled
			s.drop(v)
			r.values[v] = nil
			r.live -= size
			continue
		}
		s.state[v] = stateSpilling
		s.writing += size
		r.mu.Unlock()
		start := time.Now()
		rec, written, err := writeSpill(filepath.Join(dir, strconv.Itoa(int(v))+".lz4"), val)
		took := time.Since(start)
		val = nil
		r.mu.Lock()
		s.writing -= size
		switch {
		case errors.Is(err, errNotEncodable):
			s.state[v] = stateMem
			s.drop(v) // never try it again
		case err != nil:
			s.state[v] = stateMem
			r.fail(&TaskError{Key: r.p.nodes[v].key, Err: fmt.Errorf("spilling: %w", err)})
		default:
			if rec.n >= minTimedIO {
				s.writes.add(took, rec.n)
			}
			s.state[v] = stateSpilled
			s.drop(v)
			s.recs[v] = rec
			r.values[v] = nil
			r.live -= size
			s.stats.Spilled += rec.n
			s.stats.SpilledFile += written
			s.stats.Spills++
			if r.trace != nil {
				r.trace(Event{Kind: EventSpill, Key: r.p.nodes[v].key, Worker: -1, Start: start, End: start.Add(took), BytesIn: size, BytesOut: size})
			}
		}
		r.cond.Broadcast() // tasks waiting for v may load it now
	}
}

// dropForRoot makes room for a ready root task besides the running ones
// (see run.over) by dropping values cheaper to
// recompute than to spill, least soon needed first; it spills nothing.
// Without it, a first pass over a store whose chunks a second pass needs
// keeps the live values at the limit, and the run holds each read back
// until no task runs: the reads run one at a time. Callers hold mu.
func (s *spiller) dropForRoot(r *run) {
	if r.roots.Len() == 0 {
		return
	}
	for r.err == nil && r.over() {
		v := s.victim(r)
		if v < 0 || !s.cheaperToRecompute(r, v) {
			return
		}
		s.dropValue(r, v)
	}
}

// dropValue drops in-memory value v, to be recomputed when needed.
// Callers hold mu.
func (s *spiller) dropValue(r *run, v int32) {
	val := r.values[v]
	s.state[v] = stateDropped
	s.drop(v)
	r.values[v] = nil
	r.live -= s.nbytes[v]
	recycle(val) // unless a consumer that keeps it pinned it
	s.stats.Dropped++
}

// acquire pins task i's inputs and reads back the spilled ones, waiting
// for inputs another worker is writing or reading; worker is the worker
// running i. It returns false when the run has failed meanwhile. Callers
// hold mu; acquire may release it and returns with it held.
func (s *spiller) acquire(r *run, i int32, worker int) bool {
	in := r.p.nodes[i].inputs
	for _, x := range in {
		s.pins[x]++
	}
	for {
		if r.err != nil {
			s.unpin(r, i)
			return false
		}
		wait, again := false, false
		for _, x := range in {
			switch s.state[x] {
			case stateSpilling, stateLoading:
				wait = true
			case stateSpilled, stateDropped:
				s.load(r, x, worker)
				again = true
			}
			if again {
				break
			}
		}
		switch {
		case again:
		case wait:
			r.cond.Wait()
		default:
			s.started[i] = true
			return true
		}
	}
}

// load brings node x back into memory — reads its spill file, or runs
// its task again on worker when it was dropped (traced as a task run) —
// first shedding others to make room for it. Callers hold mu; it is
// released during the read or the task.
func (s *spiller) load(r *run, x int32, worker int) {
	size := s.nbytes[x]
	s.shed(r, size)
	if r.err != nil {
		return
	}
	from := s.state[x]
	if from != stateSpilled && from != stateDropped {
		// Another worker read it back or recomputed it (or is doing so)
		// while shed had mu released: the caller looks at it again.
		return
	}
	s.state[x] = stateLoading
	if from == stateDropped {
		nd := r.p.nodes[x]
		args := make([]any, len(nd.inputs))
		for j, in := range nd.inputs {
			args[j] = r.values[in] // literals
		}
		r.mu.Unlock()
		start := time.Now()
		v, err := call(nd, args, false)
		took := time.Since(start)
		if r.trace != nil && err == nil {
			r.traceTask(nd, worker, start, args, v)
		}
		r.mu.Lock()
		if err == nil && sizeOf(v) != size {
			err = &TaskError{Key: nd.key, Err: fmt.Errorf("recomputed value has %d bytes, the first had %d (the kernel is not deterministic)", sizeOf(v), size)}
		}
		if err != nil {
			s.state[x] = stateDropped
			r.fail(err)
			return
		}
		s.stats.Recomputed++
		s.ran(nd.kernel, took, size, true)
		s.resident(r, x, v, size)
		return
	}
	rec := s.recs[x]
	r.mu.Unlock()
	start := time.Now()
	v, err := readSpill(rec)
	took := time.Since(start)
	r.mu.Lock()
	if err != nil {
		s.state[x] = stateSpilled
		r.fail(&TaskError{Key: r.p.nodes[x].key, Err: fmt.Errorf("reading back %s: %w", rec.path, err)})
		return
	}
	if rec.n >= minTimedIO {
		s.reads.add(took, rec.n)
	}
	s.stats.Loads++
	if r.trace != nil {
		r.trace(Event{Kind: EventLoad, Key: r.p.nodes[x].key, Worker: -1, Start: start, End: start.Add(took), BytesIn: size, BytesOut: size})
	}
	s.resident(r, x, v, size)
}

// resident puts node x's value v, of size bytes, back in memory as a
// candidate. Callers hold mu.
func (s *spiller) resident(r *run, x int32, v any, size int64) {
	s.state[x] = stateMem
	r.values[x] = v
	r.live += size
	r.peak = max(r.peak, r.live)
	s.pos[x] = int32(len(s.cand))
	s.cand = append(s.cand, x)
	r.cond.Broadcast()
}

// unpin releases task i's hold on its inputs. Callers hold mu.
func (s *spiller) unpin(r *run, i int32) {
	for _, x := range r.p.nodes[i].inputs {
		s.pins[x]--
	}
}
