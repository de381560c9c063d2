package cache

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func chunkOf(n int) *chunk.Dense { return chunk.NewDense(chunk.Float64, []int{n}) } // 8n bytes

func TestLRUEvictsByBytes(t *testing.T) {
	c := New(8 * 100)
	loads := 0
	get := func(k string, n int) *chunk.Dense {
		d, err := c.Get(k, func() (*chunk.Dense, error) { loads++; return chunkOf(n), nil })
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := get("a", 40)
	get("b", 40)
	if got := get("a", 40); got != a || loads != 2 {
		t.Fatalf("hit returned a new chunk or loaded again (loads %d)", loads)
	}
	get("c", 40) // evicts b, the least recently used
	if s := c.Stats(); s.Entries != 2 || s.Bytes != 8*80 || s.Evictions != 1 {
		t.Fatalf("stats %+v", s)
	}
	get("a", 40)
	if loads != 3 {
		t.Fatalf("a was evicted: loads %d", loads)
	}
	get("b", 40)
	if loads != 4 {
		t.Fatalf("b was not evicted: loads %d", loads)
	}
	get("big", 1000) // larger than the budget: returned, not kept
	if s := c.Stats(); s.Bytes > 800 {
		t.Fatalf("over budget: %+v", s)
	}
	c.RemovePrefix("a")
	if _, ok := c.items["a"]; ok {
		t.Fatal("RemovePrefix kept a")
	}
	c.SetBudget(0)
	if s := c.Stats(); s.Entries != 0 || s.Bytes != 0 {
		t.Fatalf("disabled cache holds %+v", s)
	}
	get("x", 1)
	get("x", 1)
	if s := c.Stats(); s.Entries != 0 {
		t.Fatalf("disabled cache kept a chunk: %+v", s)
	}
}

func TestErrorsNotCached(t *testing.T) {
	c := New(1 << 20)
	boom := errors.New("boom")
	n := 0
	for i := 0; i < 2; i++ {
		_, err := c.Get("k", func() (*chunk.Dense, error) { n++; return nil, boom })
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
	}
	if n != 2 {
		t.Fatalf("error cached: %d loads", n)
	}
}

func TestSingleflightAndRace(t *testing.T) {
	c := New(8 * 1000)
	var loads atomic.Int64
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := c.Get("same", func() (*chunk.Dense, error) {
				loads.Add(1)
				<-release
				return chunkOf(10), nil
			})
			if err != nil || d.Len() != 10 {
				t.Errorf("got %v, %v", d, err)
			}
		}()
	}
	// Let every goroutine reach Get, then finish the one load.
	for c.Stats().Misses == 0 {
	}
	close(release)
	wg.Wait()
	if loads.Load() != 1 {
		t.Fatalf("%d loads of one key", loads.Load())
	}
	// Many keys, many goroutines, small budget: exercised under -race.
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				k := fmt.Sprint((i * (g + 1)) % 37)
				c.Get(k, func() (*chunk.Dense, error) { return chunkOf(1 + i%50), nil })
				if i%100 == 0 {
					c.RemovePrefix("1")
				}
			}
		}(g)
	}
	wg.Wait()
	if s := c.Stats(); s.Bytes > s.Budget {
		t.Fatalf("over budget: %+v", s)
	}
}

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{{"0", 0, true}, {"123", 123, true}, {"64MiB", 64 << 20, true}, {"1 GiB", 1 << 30, true}, {"x", 0, false}} {
		got, ok := parseBytes(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseBytes(%q) = %d, %v", tc.in, got, ok)
		}
	}
}

func TestGetScanAdmitsOnSecondLoad(t *testing.T) {
	c := New(8 * 1000)
	loads := 0
	load := func() (*chunk.Dense, error) { loads++; return chunkOf(10), nil }
	c.GetScan("a", load)
	if s := c.Stats(); s.Entries != 0 {
		t.Fatalf("first scan load was cached: %+v", s)
	}
	c.GetScan("a", load)
	c.GetScan("a", load)
	if loads != 2 {
		t.Fatalf("%d loads, want 2 (second load admitted, third a hit)", loads)
	}
	for i := 0; i < 3*maxGhosts; i++ {
		c.GetScan(fmt.Sprint("k", i), func() (*chunk.Dense, error) { return chunkOf(1), nil })
	}
	if len(c.ghosts) > maxGhosts || len(c.ghostQ) > 2*maxGhosts {
		t.Fatalf("ghosts unbounded: %d, %d", len(c.ghosts), len(c.ghostQ))
	}
}

// TestGetAgainNeverAdmits checks that a repeated read within one
// computation is answered from the cache when it can be, but neither keeps
// its load nor counts as the key's second read, and leaves it recyclable.
func TestGetAgainNeverAdmits(t *testing.T) {
	c := New(1 << 30)
	loads := 0
	pooled := func() (*chunk.Dense, error) {
		loads++
		return chunk.NewPooledDense(chunk.Float64, []int{1 << 10}), nil
	}
	c.GetScan("a", pooled) // first read: a ghost
	for range 3 {
		if d, _ := c.GetAgain("a", pooled); !d.Recyclable() {
			t.Fatal("a chunk GetAgain loaded was pinned")
		}
	}
	if s := c.Stats(); s.Entries != 0 || loads != 4 {
		t.Fatalf("GetAgain cached its load or was answered from nothing: %+v, %d loads", s, loads)
	}
	c.GetScan("a", pooled) // still the second read: admitted
	if d, _ := c.GetAgain("a", pooled); d.Recyclable() || loads != 5 {
		t.Fatalf("GetAgain of a cached chunk: recyclable %v, %d loads, want a hit", d.Recyclable(), loads)
	}
	c.GetAgain("b", pooled)
	c.GetScan("b", pooled)
	if s := c.Stats(); s.Entries != 1 {
		t.Fatalf("GetAgain counted as a first read: %+v", s)
	}
}

// TestPinsWhatItShares checks the pooled-buffer protocol: a chunk the
// cache keeps or hands to several callers is pinned, and only one that a
// single GetScan caller received stays recyclable.
func TestPinsWhatItShares(t *testing.T) {
	c := New(1 << 30)
	pooled := func() (*chunk.Dense, error) { return chunk.NewPooledDense(chunk.Float64, []int{1 << 16}), nil }
	d, _ := c.GetScan("scan", pooled)
	if !d.Recyclable() {
		t.Error("a chunk GetScan did not keep was pinned")
	}
	if d, _ = c.GetScan("scan", pooled); d.Recyclable() {
		t.Error("a chunk GetScan admitted (second load) is recyclable")
	}
	if d, _ = c.Get("kept", pooled); d.Recyclable() {
		t.Error("a chunk Get cached is recyclable")
	}
	// Two concurrent scans of one key share one load.
	release := make(chan struct{})
	started := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]*chunk.Dense, 2)
	wg.Add(1)
	go func() {
		defer wg.Done()
		got[0], _ = c.GetScan("shared", func() (*chunk.Dense, error) {
			close(started)
			<-release
			return pooled()
		})
	}()
	<-started
	wg.Add(1)
	go func() {
		defer wg.Done()
		got[1], _ = c.GetScan("shared", pooled)
	}()
	for c.waiting("shared") == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if got[0] != got[1] || got[0].Recyclable() {
		t.Errorf("a chunk shared with a waiter: same %v, recyclable %v", got[0] == got[1], got[0].Recyclable())
	}
}

// waiting returns how many Gets wait for key's load.
func (c *Cache) waiting(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.inflight[key]; ok {
		return cl.waiters
	}
	return 0
}

// TestCap bounds the budget while caps are in force, evicting at once,
// and restores it when the last is undone.
func TestCap(t *testing.T) {
	c := New(10 * 8)
	for i := range 10 {
		c.Add(fmt.Sprint(i), chunk.NewDense(chunk.Float64, []int{1}))
	}
	undoA := c.Cap(6 * 8)
	undoB := c.Cap(3 * 8)
	if st := c.Stats(); st.Budget != 3*8 || st.Bytes > 3*8 || st.Entries != 3 {
		t.Fatalf("under caps 6 and 3: %+v", st)
	}
	undoB()
	undoB() // no further effect
	if st := c.Stats(); st.Budget != 6*8 {
		t.Fatalf("after undoing cap 3: %+v", st)
	}
	c.SetBudget(4 * 8) // below the remaining cap
	if st := c.Stats(); st.Budget != 4*8 {
		t.Fatalf("SetBudget under a larger cap: %+v", st)
	}
	undoA()
	if st := c.Stats(); st.Budget != 4*8 {
		t.Fatalf("after undoing every cap: %+v", st)
	}
}
