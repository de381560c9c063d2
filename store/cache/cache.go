package cache

import (
	"container/list"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chunkwise/chunkwise/chunk"
)

// DefaultBudget is the byte budget of the process-wide cache returned by
// Default, unless the environment variable CHUNKWISE_CACHE_BYTES says
// otherwise.
const DefaultBudget = 256 << 20

// Cache holds decoded chunks under string keys, up to a budget of bytes,
// evicting the least recently used chunk when a new one does not fit.
//
// # Algorithm
//
// Entries sit in a doubly linked list in order of last use and in a map by
// key. Get moves a hit to the front; a miss runs the loader once per key
// however many goroutines ask at the same time (the others wait for its
// result, as groupcache's singleflight does), inserts the result at the
// front and evicts from the back until the total is within the budget.
// A chunk larger than the whole budget is returned but not kept.
//
// # Sharing
//
// Cached chunks are shared by every caller that gets them: callers must
// treat them as read-only, as the scheduler's kernels treat their inputs.
//
// # Concurrency
//
// All methods are safe for concurrent use. mu guards the list, the map,
// the byte count and the in-flight loads; loaders run outside it.
type Cache struct {
	mu       sync.Mutex
	budget   int64                    // guarded by mu; the effective budget, ≤ 0 disables caching
	base     int64                    // guarded by mu; the budget set by New or SetBudget
	caps     []int64                  // guarded by mu; caps of the Cap calls not yet undone
	used     int64                    // guarded by mu
	ll       *list.List               // guarded by mu; front = most recent
	items    map[string]*list.Element // guarded by mu
	inflight map[string]*call         // guarded by mu
	ghosts   map[string]struct{}      // guarded by mu; keys missed once by GetScan
	ghostQ   []string                 // guarded by mu; ghosts in insertion order

	hits, misses, evictions atomic.Int64
}

type entry struct {
	key string
	d   *chunk.Dense
}

// call is one in-flight load that other callers of the key wait for.
type call struct {
	wg      sync.WaitGroup
	d       *chunk.Dense
	err     error
	waiters int // guarded by Cache.mu
}

// New returns a cache that holds at most budget bytes of chunks. A budget
// of 0 or less disables it: Get always loads and keeps nothing (concurrent
// loads of one key are still merged).
func New(budget int64) *Cache {
	return &Cache{budget: budget, base: budget, ll: list.New(), items: map[string]*list.Element{}, inflight: map[string]*call{},
		ghosts: map[string]struct{}{}}
}

var (
	defaultOnce  sync.Once
	defaultCache *Cache
)

// Default returns the process-wide cache that every computation shares
// (array.FromStore reads go through it). Its budget is DefaultBudget, or
// the number of bytes in the environment variable CHUNKWISE_CACHE_BYTES
// when that is set to an integer (0 disables caching; suffixes KiB, MiB
// and GiB are understood). Change it at run time with SetBudget.
func Default() *Cache {
	defaultOnce.Do(func() {
		budget := int64(DefaultBudget)
		if v := os.Getenv("CHUNKWISE_CACHE_BYTES"); v != "" {
			if n, ok := parseBytes(v); ok {
				budget = n
			}
		}
		defaultCache = New(budget)
	})
	return defaultCache
}

// parseBytes reads "123", "64MiB", "1GiB" or "512KiB".
func parseBytes(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for suf, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suf) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, suf)), m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return n * mult, true
}

// Budget returns the cache's budget in bytes, as bounded by any Cap in
// force.
func (c *Cache) Budget() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.budget
}

// SetBudget changes the budget, evicting least recently used chunks until
// the cache fits it. A budget of 0 or less disables the cache and empties
// it. Caps in force (Cap) still bound it.
func (c *Cache) SetBudget(bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base = bytes
	c.applyLocked()
}

// Cap bounds the budget by bytes until the returned function is called:
// a computation with a memory budget caps the process-wide cache at its
// share of it (scheduler.Local does, while a run lasts). The cache evicts
// at once down to the cap. Caps nest: the smallest in force applies, and
// undoing the last restores the budget SetBudget or New set. Calling the
// returned function more than once has no further effect.
func (c *Cache) Cap(bytes int64) (undo func()) {
	c.mu.Lock()
	c.caps = append(c.caps, bytes)
	c.applyLocked()
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			for i, v := range c.caps {
				if v == bytes {
					c.caps = append(c.caps[:i], c.caps[i+1:]...)
					break
				}
			}
			c.applyLocked()
		})
	}
}

// applyLocked sets the effective budget from the base and the caps and
// evicts down to it.
func (c *Cache) applyLocked() {
	c.budget = c.base
	for _, v := range c.caps {
		c.budget = min(c.budget, v)
	}
	c.evictLocked()
}

// Get returns the chunk cached under key, or calls load to produce it,
// caches the result (errors are not cached) and returns it. Concurrent
// Gets of one missing key call load once; the others wait and share its
// result or error. The returned chunk is shared: do not modify it. A
// chunk the cache keeps or shares is pinned (chunk.Dense.Pin); one
// GetScan did not admit and nobody waited for stays the caller's alone.
func (c *Cache) Get(key string, load func() (*chunk.Dense, error)) (*chunk.Dense, error) {
	return c.get(key, admitAlways, load)
}

// maxGhosts bounds the keys GetScan remembers.
const maxGhosts = 1 << 16

// GetScan is Get for reads that are part of a scan larger than the cache,
// where least-recently-used caching would only evict everything else and
// never hit: a chunk loaded by GetScan is kept only when its key was
// already missed once recently (its second load), so that chunks read
// repeatedly still get cached while a single pass over a large array
// leaves the cache, and the memory it holds, alone.
func (c *Cache) GetScan(key string, load func() (*chunk.Dense, error)) (*chunk.Dense, error) {
	return c.get(key, admitSecond, load)
}

// GetAgain is GetScan for a read that repeats one made earlier by the
// same computation (its scheduler dropped the chunk and now reads it
// again rather than spilling it): it is answered from the cache when the
// chunk is there, but a load is neither kept nor counted as the key's
// second read. A computation that reads each chunk of a large array
// twice thus leaves its chunks unpinned, to be recycled for the next
// read, instead of cycling them through the cache.
func (c *Cache) GetAgain(key string, load func() (*chunk.Dense, error)) (*chunk.Dense, error) {
	return c.get(key, admitNever, load)
}

// admission says which loads get keeps.
type admission int

const (
	admitAlways admission = iota // Get
	admitSecond                  // GetScan: a key's second load within the ghost window
	admitNever                   // GetAgain
)

func (c *Cache) get(key string, mode admission, load func() (*chunk.Dense, error)) (*chunk.Dense, error) {
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		d := e.Value.(*entry).d
		c.mu.Unlock()
		c.hits.Add(1)
		return d, nil
	}
	if cl, ok := c.inflight[key]; ok {
		cl.waiters++
		c.mu.Unlock()
		cl.wg.Wait()
		c.hits.Add(1)
		return cl.d, cl.err
	}
	cl := &call{}
	cl.wg.Add(1)
	c.inflight[key] = cl
	c.mu.Unlock()
	c.misses.Add(1)

	func() {
		defer func() {
			if r := recover(); r != nil {
				cl.err = panicError{r}
			}
		}()
		cl.d, cl.err = load()
	}()

	c.mu.Lock()
	delete(c.inflight, key)
	admit := mode == admitAlways
	if mode == admitSecond && c.budget > 0 {
		if _, seen := c.ghosts[key]; seen {
			delete(c.ghosts, key)
			admit = true
		} else {
			c.ghosts[key] = struct{}{}
			c.ghostQ = append(c.ghostQ, key)
			for len(c.ghosts) > maxGhosts || len(c.ghostQ) > 2*maxGhosts {
				delete(c.ghosts, c.ghostQ[0])
				c.ghostQ = c.ghostQ[1:]
			}
		}
	}
	if admit && cl.err == nil && cl.d != nil {
		c.addLocked(key, cl.d)
	}
	if cl.d != nil && cl.waiters > 0 {
		cl.d.Pin() // shared with the waiters
	}
	c.mu.Unlock()
	cl.wg.Done()
	if p, ok := cl.err.(panicError); ok {
		panic(p.v) // re-raise in the loading goroutine only
	}
	return cl.d, cl.err
}

type panicError struct{ v any }

func (p panicError) Error() string { return "cache: loader panicked" }

// Add stores d under key, replacing what was there.
func (c *Cache) Add(key string, d *chunk.Dense) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(key, d)
}

func (c *Cache) addLocked(key string, d *chunk.Dense) {
	d.Pin() // held here beyond the computation that loaded it
	n := int64(d.NBytes())
	if c.budget <= 0 || n > c.budget {
		c.removeLocked(key)
		return
	}
	if e, ok := c.items[key]; ok {
		old := e.Value.(*entry)
		c.used += n - int64(old.d.NBytes())
		old.d = d
		c.ll.MoveToFront(e)
	} else {
		c.items[key] = c.ll.PushFront(&entry{key: key, d: d})
		c.used += n
	}
	c.evictLocked()
}

func (c *Cache) evictLocked() {
	for c.used > max(c.budget, 0) {
		e := c.ll.Back()
		if e == nil {
			break
		}
		c.removeElementLocked(e)
		c.evictions.Add(1)
	}
}

func (c *Cache) removeLocked(key string) {
	if e, ok := c.items[key]; ok {
		c.removeElementLocked(e)
	}
}

func (c *Cache) removeElementLocked(e *list.Element) {
	en := e.Value.(*entry)
	c.ll.Remove(e)
	delete(c.items, en.key)
	c.used -= int64(en.d.NBytes())
}

// Remove drops the chunk cached under key, if any.
func (c *Cache) Remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeLocked(key)
}

// RemovePrefix drops every chunk whose key starts with prefix: all the
// chunks of one array, when its keys share a prefix. Writers call it so
// that later reads do not see stale chunks.
func (c *Cache) RemovePrefix(prefix string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if strings.HasPrefix(k, prefix) {
			c.removeElementLocked(e)
		}
	}
}

// Stats are a cache's counters.
type Stats struct {
	Hits, Misses, Evictions int64 // Gets answered from the cache or an in-flight load; loads; chunks evicted for space
	Bytes                   int64 // bytes held now
	Entries                 int   // chunks held now
	Budget                  int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load(),
		Bytes: c.used, Entries: len(c.items), Budget: c.budget}
}
