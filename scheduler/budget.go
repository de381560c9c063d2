package scheduler

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/chunkwise/chunkwise/store/cache"
)

// DefaultBudgetFraction is the share of the machine's memory that a
// Local executor without a MemoryLimit takes as its budget: of the
// cgroup memory limit when the process runs under one, else of physical
// memory. The rest is left to the page cache, the program around the
// computation and other processes.
const DefaultBudgetFraction = 0.75

// softLimitFloor is the smallest budget for which a run sets the Go
// runtime's soft memory limit: the runtime and binary alone take several
// MiB, so a budget below this (a test's) bounds only the live values.
const softLimitFloor = 64 << 20

// MachineMemory returns the memory this process may use: the memory
// limit of its cgroup (v2 memory.max, or v1 memory.limit_in_bytes, the
// smallest along the path to the root) when there is one, else the
// machine's physical memory (MemTotal). It returns 0 when neither can
// be read (not Linux): the caller then has no machine budget.
func MachineMemory() int64 {
	machineOnce.Do(func() {
		machineMem = physicalMemory()
		if c := cgroupLimit("/proc/self/cgroup", "/sys/fs/cgroup"); c > 0 && (machineMem == 0 || c < machineMem) {
			machineMem = c
		}
	})
	return machineMem
}

var (
	machineOnce sync.Once
	machineMem  int64
)

// DefaultMemoryLimit returns the budget of a Local executor whose
// MemoryLimit is 0: DefaultBudgetFraction of MachineMemory, or 0 (no
// budget) when the machine's memory is unknown.
func DefaultMemoryLimit() int64 {
	return int64(float64(MachineMemory()) * DefaultBudgetFraction)
}

// physicalMemory reads MemTotal from /proc/meminfo, or returns 0.
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			fs := strings.Fields(rest)
			if len(fs) == 2 && fs[1] == "kB" {
				if n, err := strconv.ParseInt(fs[0], 10, 64); err == nil {
					return n << 10
				}
			}
		}
	}
	return 0
}

// cgroupLimit returns the memory limit of the cgroup the process file
// (/proc/self/cgroup) names, reading limit files under root: the v1
// memory controller's memory.limit_in_bytes, or v2's memory.max, the
// smallest set along the group's path up to root. Groups a container
// shows as "/" are read at root itself. It returns 0 when no limit is
// set or none can be read.
func cgroupLimit(procFile, root string) int64 {
	b, err := os.ReadFile(procFile)
	if err != nil {
		return 0
	}
	best := int64(0)
	take := func(v int64) {
		if v > 0 && (best == 0 || v < best) {
			best = v
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "": // cgroup v2
			take(limitAlong(filepath.Join(root), parts[2], "memory.max"))
			take(limitAlong(filepath.Join(root, "unified"), parts[2], "memory.max"))
		case hasController(parts[1], "memory"): // cgroup v1
			take(limitAlong(filepath.Join(root, "memory"), parts[2], "memory.limit_in_bytes"))
		}
	}
	return best
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// limitAlong returns the smallest limit in file along path and its
// ancestors below mount, or 0. "max" and v1's page-rounded MaxInt64 mean
// no limit.
func limitAlong(mount, path, file string) int64 {
	best := int64(0)
	for p := filepath.Clean("/" + path); ; p = filepath.Dir(p) {
		if b, err := os.ReadFile(filepath.Join(mount, p, file)); err == nil {
			s := strings.TrimSpace(string(b))
			if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 && n < math.MaxInt64/2 {
				if best == 0 || n < best {
					best = n
				}
			}
		}
		if p == "/" {
			return best
		}
	}
}

// budget is how one run splits its memory budget.
type budget struct {
	total int64 // the whole budget, bytes
	live  int64 // of which live values may hold this much
	cache int64 // the decoded-chunk cache's cap while the run lasts
}

// splitBudget divides total bytes: the decoded-chunk cache gets at most
// an eighth (less if its own budget is smaller), the Go heap's headroom
// (garbage between collections, kernels' scratch, I/O buffers, memory
// the runtime does not count) a third, and live values the rest — at
// least half of total.
func splitBudget(total int64) budget {
	c := min(total/8, max(cache.Default().Budget(), 0))
	reserve := min(c+total/3, total/2)
	return budget{total: total, live: total - reserve, cache: c}
}

// softLimits holds the Go soft memory limit while budgets are held (by
// runs while they last, by HoldMemory's callers): the sum of their soft
// limits, since concurrent computations in one process may each use
// their budget at the same time, never above nine tenths of
// MachineMemory nor above the limit set before the first hold, which is
// restored when the last one ends.
var softLimits softLimitState

type softLimitState struct {
	mu    sync.Mutex
	holds int   // active; guarded by mu
	sum   int64 // of the active holds' soft limits; guarded by mu
	saved int64 // the limit before the first hold; guarded by mu
}

// HoldMemory applies a budget of total bytes to the process until the
// returned function is called, as every run with a budget does while
// it lasts (see holdMemory): for an owner whose budget spans many runs,
// such as a cluster worker, whose runs then set Local.HeldBudget.
func HoldMemory(total int64) (release func()) {
	if total <= 0 {
		return func() {}
	}
	return holdMemory(splitBudget(total))
}

// holdMemory applies budget b to the process for one run: it caps the
// decoded-chunk cache and adds nine tenths of b.total to the Go
// runtime's soft memory limit (debug.SetMemoryLimit; the rest is the
// process's memory the Go runtime does not count: the binary's pages, C
// allocations), unless b is test-sized (below softLimitFloor). The
// returned function undoes both.
func holdMemory(b budget) (release func()) {
	restoreCache := cache.Default().Cap(b.cache)
	if b.total < softLimitFloor {
		return restoreCache
	}
	s := &softLimits
	soft := b.total - b.total/10
	s.mu.Lock()
	if s.holds == 0 {
		s.saved = debug.SetMemoryLimit(-1)
	}
	s.holds++
	s.sum += soft
	s.apply()
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.holds--
			s.sum -= soft
			if s.holds == 0 {
				debug.SetMemoryLimit(s.saved)
			} else {
				s.apply()
			}
			s.mu.Unlock()
			restoreCache()
		})
	}
}

// apply sets the soft limit for the holds active. Callers hold mu.
func (s *softLimitState) apply() {
	limit := min(s.saved, s.sum)
	if m := MachineMemory(); m > 0 {
		limit = min(limit, m-m/10)
	}
	debug.SetMemoryLimit(limit)
}

// ErrBudget is wrapped by the *TaskError of a run that cannot fit its
// memory budget: one value alone (a chunk) is larger than the budget.
var ErrBudget = errors.New("larger than the memory budget")

func budgetError(k Key, size, total int64) error {
	return &TaskError{Key: k, Err: fmt.Errorf("%w: the chunk is %s, the budget %s (use smaller chunks or a larger memory limit)",
		ErrBudget, FormatBytes(size), FormatBytes(total))}
}

// FormatBytes writes n bytes for people: "512 B", "3.0 MiB", "1.50 GiB".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// byteUnits are the units ParseMemoryLimit reads, lower case: decimal
// (kB, MB, GB, TB) and binary (KiB, MiB, GiB, TiB), the B optional, as
// Dask's parse_bytes.
var byteUnits = map[string]float64{"": 1, "b": 1,
	"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
	"ki": 1 << 10, "kib": 1 << 10, "mi": 1 << 20, "mib": 1 << 20, "gi": 1 << 30, "gib": 1 << 30, "ti": 1 << 40, "tib": 1 << 40}

// ParseMemoryLimit reads a memory budget as Dask's memory_limit: a
// number of bytes with an optional unit ("4GiB", "512MB", "1.5 GB",
// "1e9", case-insensitive), or a fraction of MachineMemory written with
// a decimal point ("0.5", "1.0"); "0" is 0 (the default budget) and
// "-1" is -1 (none). Anything else is an error naming the text.
func ParseMemoryLimit(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	num := strings.TrimRightFunc(t, func(r rune) bool { return r >= 'a' && r <= 'z' })
	unit := t[len(num):]
	num = strings.TrimSpace(num)
	mult, okUnit := byteUnits[unit]
	v, err := strconv.ParseFloat(num, 64)
	bad := fmt.Errorf("%q is not a memory size: want bytes with an optional unit (4GiB, 512MB), a fraction of the machine's memory (0.5), 0 for the default or -1 for none", s)
	switch {
	case !okUnit || err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(num, "xXpP_"):
		return 0, bad
	case unit == "" && (num == "0" || num == "-1"):
		return int64(v), nil
	case unit == "" && v > 0 && v <= 1 && strings.Contains(num, "."):
		m := MachineMemory()
		if m <= 0 {
			return 0, fmt.Errorf("%q is a fraction of the machine's memory, which is unknown here: give bytes", s)
		}
		return int64(v * float64(m)), nil
	}
	n := v * mult
	if n < 1 || n > math.MaxInt64/2 || mult == 1 && n != math.Trunc(n) { // bytes are whole
		return 0, bad
	}
	return int64(math.Round(n)), nil
}
