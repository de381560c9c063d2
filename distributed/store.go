package distributed

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/chunkwise/chunkwise/scheduler"
)

// store holds a worker's values, by client, until the client releases
// them or goes away. With a limit it keeps the values in memory plus the
// bytes reserved by running units (their fetched inputs, and each the
// largest value seen so far for its result to be, as the local
// executor counts a running task) within it: beyond that, the values
// used longest ago are written to spill files (scheduler.WriteSpillFile,
// the local executor's format) in a directory of its own under base, and
// read back when a unit uses them; the data plane serves a spilled value
// straight from its file. Values in use by a unit are not spilled (that
// would free nothing). Spill files go when their value is released, the
// directory when the store is closed.
type store struct {
	limit int64  // memory budget in bytes; <= 0: none
	base  string // where the spill directory is made ("": the system's temporary directory)
	name  string // the worker's name, part of the directory's

	shedding sync.Mutex // one shed at a time: the others wait for its room

	mu       sync.Mutex
	byCli    map[string]map[scheduler.Key]*stored // guarded by mu
	bytes    int64                                // values in memory; guarded by mu
	reserved int64                                // bytes running units hold; guarded by mu
	largest  int64                                // the largest value held or fetched so far; guarded by mu
	clock    uint64                               // use order; guarded by mu
	dir      string                               // spill directory, made at the first spill; guarded by mu
	files    int                                  // spill files written, naming the next; guarded by mu
	io       map[string][]spillIO                 // spills and loads not yet reported, by client; guarded by mu
}

// spillIO is a value a worker wrote to its spill file or read back, for
// the client's profiler (taskTrace.IO).
type spillIO struct {
	Key   wireKey `json:"key"`
	Load  bool    `json:"load,omitempty"` // read back; else written
	Start int64   `json:"s"`              // Unix nanoseconds
	End   int64   `json:"e"`
	Size  int64   `json:"n"` // encoded bytes
}

// maxIO bounds the spills and loads the store keeps for a client that
// gets no results to carry them.
const maxIO = 4096

// noteIO records a spill or load of a client's value. Callers hold mu.
func (s *store) noteIO(client string, k scheduler.Key, load bool, start time.Time, size int64) {
	if len(s.io[client]) < maxIO {
		s.io[client] = append(s.io[client], spillIO{Key: toWire(k), Load: load, Start: start.UnixNano(), End: time.Now().UnixNano(), Size: size})
	}
}

// takeIO returns and forgets the spills and loads of a client's values
// since the last call.
func (s *store) takeIO(client string) []spillIO {
	if s.limit <= 0 {
		return nil // it never spills
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	io := s.io[client]
	delete(s.io, client)
	return io
}

type stored struct {
	v     any
	parts [][]byte // the encoding while in memory
	size  int64
	inMem bool
	path  string // its spill file, "" if none
	pins  int    // units using it now
	used  uint64 // the store's clock at its last use
	// spilling says a shed is writing its file; released that it went
	// meanwhile (the shed then removes the file); noSpill that writing
	// its file failed once (it stays in memory).
	spilling, released, noSpill bool
}

func newStore(limit int64, base, name string) *store {
	return &store{limit: limit, base: base, name: name, byCli: make(map[string]map[scheduler.Key]*stored),
		io: make(map[string][]spillIO)}
}

// put stores a client's value, then spills others to keep the budget.
func (s *store) put(client string, k scheduler.Key, v any, parts [][]byte) {
	s.mu.Lock()
	m := s.byCli[client]
	if m == nil {
		m = make(map[scheduler.Key]*stored)
		s.byCli[client] = m
	}
	if old := m[k]; old != nil {
		s.forget(old)
	}
	s.clock++
	st := &stored{v: v, parts: parts, size: encodedSize(parts), inMem: true, used: s.clock}
	m[k] = st
	s.bytes += st.size
	s.largest = max(s.largest, st.size)
	s.mu.Unlock()
	s.shed()
}

// has reports whether the store holds a client's value.
func (s *store) has(client string, k scheduler.Key) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.byCli[client][k]
	return ok
}

// acquire returns a client's value for a unit, reading it back from its
// spill file if need be, and keeps it from being spilled until done is
// called. ok is false when the store does not hold it; a spill file that
// cannot be read back is an error.
func (s *store) acquire(client string, k scheduler.Key) (v any, done func(), ok bool, err error) {
	s.mu.Lock()
	st := s.byCli[client][k]
	if st == nil {
		s.mu.Unlock()
		return nil, nil, false, nil
	}
	st.pins++
	s.clock++
	st.used = s.clock
	done = func() {
		s.mu.Lock()
		st.pins--
		s.mu.Unlock()
		s.shed()
	}
	if st.inMem {
		v = st.v
		s.mu.Unlock()
		return v, done, true, nil
	}
	path := st.path
	s.mu.Unlock()
	// Another unit may read the same file at the same time: both then
	// bring it back, and the first one in stays.
	start := time.Now()
	v, err = readSpilled(path, st.size)
	if err != nil {
		done()
		s.mu.Lock()
		gone := st.released // released meanwhile: its file went with it
		s.mu.Unlock()
		return nil, nil, !gone, err
	}
	parts, err := encodeValue(v)
	if err != nil {
		done()
		return nil, nil, true, err
	}
	s.mu.Lock()
	s.noteIO(client, k, true, start, st.size)
	if !st.inMem && !st.released {
		st.v, st.parts, st.inMem = v, parts, true
		s.bytes += st.size
	}
	s.mu.Unlock()
	return v, done, true, nil
}

// open returns a client's value for the data plane: its encoding in
// memory, or a reader of its spill file. ok is false when the store
// does not hold it.
func (s *store) open(client string, k scheduler.Key) (parts [][]byte, file io.ReadCloser, size int64, ok bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.byCli[client][k]
	if st == nil {
		return nil, nil, 0, false, nil
	}
	s.clock++
	st.used = s.clock
	if st.inMem {
		return st.parts, nil, st.size, true, nil
	}
	// Opened under the lock: a release may remove the file only after.
	file, err = scheduler.OpenSpillFile(st.path)
	return nil, file, st.size, true, err
}

// readSpilled reads back a value of n encoded bytes from its spill file,
// to the end of the file (where its checksum is checked).
func readSpilled(path string, n int64) (any, error) {
	f, err := scheduler.OpenSpillFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	v, err := scheduler.ReadValue(f, n)
	if err == nil {
		var one [1]byte
		if m, rerr := f.Read(one[:]); m != 0 || rerr != io.EOF {
			err = errors.New("trailing or corrupt data")
		}
	}
	if err != nil {
		return nil, errors.New("distributed: reading back spill file " + path + ": " + err.Error())
	}
	return v, nil
}

// reserve counts n bytes a unit holds while it runs (its fetched inputs)
// against the budget, spilling values to make room; unreserve gives them
// back.
func (s *store) reserve(n int64) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	s.reserved += n
	s.largest = max(s.largest, n)
	s.mu.Unlock()
	s.shed()
}

// coming reserves room for a starting unit's result: the largest value
// seen so far. The returned function gives it back, once.
func (s *store) coming() (done func()) {
	s.mu.Lock()
	n := s.largest
	s.mu.Unlock()
	s.reserve(n)
	var once sync.Once
	return func() { once.Do(func() { s.unreserve(n) }) }
}

func (s *store) unreserve(n int64) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	s.reserved -= n
	s.mu.Unlock()
}

// shed spills the values used longest ago until the values in memory
// and the reserved bytes fit the budget, or nothing more can go.
func (s *store) shed() {
	if s.limit <= 0 {
		return
	}
	s.shedding.Lock()
	defer s.shedding.Unlock()
	for {
		s.mu.Lock()
		if s.bytes+s.reserved <= s.limit {
			s.mu.Unlock()
			return
		}
		var victim *stored
		var vClient string
		var vKey scheduler.Key
		for c, m := range s.byCli {
			for k, st := range m {
				if st.inMem && st.pins == 0 && !st.noSpill && (victim == nil || st.used < victim.used) {
					victim, vClient, vKey = st, c, k
				}
			}
		}
		if victim == nil {
			s.mu.Unlock()
			return
		}
		if victim.path != "" { // its file is still there: only drop it from memory
			s.dropMem(victim)
			s.mu.Unlock()
			continue
		}
		path, err := s.nextPath()
		if err != nil {
			victim.noSpill = true
			s.mu.Unlock()
			continue
		}
		victim.spilling = true
		parts := victim.parts
		s.mu.Unlock()

		start := time.Now()
		_, err = scheduler.WriteSpillFile(path, parts)

		s.mu.Lock()
		victim.spilling = false
		switch {
		case err != nil:
			victim.noSpill = true
		case victim.released:
			os.Remove(path)
		default:
			s.noteIO(vClient, vKey, false, start, victim.size)
			victim.path = path
			if victim.pins == 0 && victim.inMem {
				s.dropMem(victim)
			}
		}
		s.mu.Unlock()
	}
}

// dropMem lets go of a spilled value's memory. Callers hold mu.
func (s *store) dropMem(st *stored) {
	st.v, st.parts, st.inMem = nil, nil, false
	s.bytes -= st.size
}

// nextPath names the next spill file, making the directory first.
// Callers hold mu.
func (s *store) nextPath() (string, error) {
	if s.dir == "" {
		d, err := os.MkdirTemp(s.base, "chunkwise-worker-"+s.name+"-")
		if err != nil {
			return "", err
		}
		s.dir = d
	}
	s.files++
	return filepath.Join(s.dir, strconv.Itoa(s.files)+".lz4"), nil
}

// forget removes a value's memory and file. Callers hold mu.
func (s *store) forget(st *stored) {
	if st.inMem {
		s.bytes -= st.size
		st.inMem = false
	}
	st.v, st.parts, st.released = nil, nil, true
	if st.path != "" && !st.spilling {
		os.Remove(st.path)
	}
}

func (s *store) release(client string, keys []scheduler.Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.byCli[client]
	for _, k := range keys {
		if st := m[k]; st != nil {
			s.forget(st)
			delete(m, k)
		}
	}
}

// dropClient forgets everything a client stored.
func (s *store) dropClient(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.byCli[client] {
		s.forget(st)
	}
	delete(s.byCli, client)
	delete(s.io, client)
}

func (s *store) clients() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.byCli))
	for c := range s.byCli {
		out = append(out, c)
	}
	return out
}

// close forgets every value and removes the spill directory.
func (s *store) close() error {
	s.shedding.Lock() // no spill is being written
	defer s.shedding.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, m := range s.byCli {
		for _, st := range m {
			s.forget(st)
		}
		delete(s.byCli, c)
	}
	if s.dir == "" {
		return nil
	}
	return os.RemoveAll(s.dir)
}
