package chunk

import (
	"encoding/binary"
	"math/rand"
	"testing"
)

func TestPooledDenseProtocol(t *testing.T) {
	const n = poolMin / 8
	d := NewPooledDense(Float64, []int{n})
	if !d.Recyclable() || d.Len() != n {
		t.Fatalf("fresh pooled chunk: recyclable %v len %d", d.Recyclable(), d.Len())
	}
	d.Pin()
	d.Recycle()
	if d.Len() != n || d.Recyclable() {
		t.Fatalf("a pinned chunk was recycled (len %d)", d.Len())
	}
	e := NewPooledDense(Float64, []int{2, n / 2})
	Values[float64](e)[0] = 7
	e.Recycle()
	if e.Len() != 0 || len(Values[float64](e)) != 0 || e.Recyclable() {
		t.Fatalf("recycled chunk still holds %d elements", e.Len())
	}
	e.Recycle() // twice is harmless
	// Reuse: a later request of that size gets a full-size buffer, new or
	// recycled, that the producer then overwrites.
	f := NewPooledDense(Float64, []int{n / 2, 2})
	if f.Len() != n || len(Values[float64](f)) != n {
		t.Fatalf("pooled chunk of %d elements has %d", n, len(Values[float64](f)))
	}
	// Small (unless poisoning) and plain chunks are never recycled.
	small := []*Dense{NewDense(Float64, []int{n})}
	if !poison {
		small = append(small, NewPooledDense(Float64, []int{4}))
	}
	for _, g := range small {
		g.Recycle()
		if g.Len() == 0 {
			t.Fatalf("chunk of shape %v recycled", g.Shape())
		}
	}
}

// TestCapacityClasses checks the classes pooled buffers are kept by: a
// class holds every length it serves with at most 1/32 to spare, is its
// own class both ways, and a buffer recycled from any chunk (a view that
// ends before its buffer does, say) goes to a class it can fill.
func TestCapacityClasses(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 100000; i++ {
		n := rng.Intn(1 << uint(rng.Intn(31)))
		c := classUp(n)
		if c < n || c > n+n/32 && n >= 64 || classDown(c) != c || classUp(c) != c {
			t.Fatalf("classUp(%d) = %d (classDown %d)", n, c, classDown(c))
		}
		if d := classDown(n); d > n || classUp(d) != d || d < n-n/32 {
			t.Fatalf("classDown(%d) = %d", n, d)
		}
	}
	// Chunks of nearly equal lengths share buffers, resliced to their own.
	a := NewPooledDense(Float64, []int{4000, 1000})
	if a.Len() != 4000*1000 {
		t.Fatalf("pooled chunk of %d elements, want %d", a.Len(), 4000*1000)
	}
	a.Recycle()
	for _, n := range []int{3998766, 4000000, 4001234} {
		if classUp(n) != classUp(4000*1000) {
			t.Errorf("%d elements are not in the class of 4000000", n)
		}
		d := NewPooledDense(Float64, []int{n})
		if d.Len() != n || len(Values[float64](d)) != n {
			t.Errorf("pooled chunk of %d elements has %d", n, d.Len())
		}
		d.Recycle()
	}
}

// TestPoolAcrossDTypes checks that pooled buffers are plain memory: one
// given back by a float64 chunk serves an int64 or complex128 chunk of
// the same bytes (the pool hands back the buffer it holds: with one
// goroutine and no collection in between, the same one), and keeps its
// whole capacity round after round.
func TestPoolAcrossDTypes(t *testing.T) {
	const n = 1 << 16 // 512 KiB of float64
	d := NewPooledDense(Float64, []int{n})
	p := dataPtr(d.Data())
	d.Recycle()
	for round, dt := range []DType{Int64, Complex128, Float64, Uint8, Int64} {
		m := n * 8 / dt.Size()
		e := NewPooledDense(dt, []int{m})
		if e.Len() != m || e.NBytes() != n*8 {
			t.Fatalf("round %d: %v chunk of %d elements has %d (%d bytes)", round, dt, m, e.Len(), e.NBytes())
		}
		if dataPtr(e.Data()) != p {
			t.Errorf("round %d: the %v chunk did not get the buffer given back", round, dt)
		}
		b := e.Bytes()
		for i := range b {
			b[i] = byte(i)
		}
		if want := float64(int64(binary.LittleEndian.Uint64(b[len(b)-8:]))); dt == Int64 && e.Float(m-1) != want {
			t.Errorf("round %d: the last int64 reads %v, its bytes say %v", round, e.Float(m-1), want)
		}
		e.Recycle()
	}
}

// TestSharedViews checks the holds of views that share a pooled buffer:
// the buffer goes back to the pool with the last of its holders, not
// before, and a pin on any holder keeps it from the pool for good.
func TestSharedViews(t *testing.T) {
	const n = 1 << 14
	for _, pinView := range []bool{false, true} {
		d := NewPooledDense(Float64, []int{2, n / 2})
		p := dataPtr(d.Data())
		v1, v2 := d.View(0, []int{n / 2}), d.View(n/2, []int{n / 2})
		if !d.Share(v1) || !d.Share(v2) || !d.Share(v2) {
			t.Fatal("Share refused views of d")
		}
		if other := NewDense(Float64, []int{n}); d.Share(other) || other.Recyclable() {
			t.Fatal("Share took a chunk outside d's buffer")
		}
		if d.Recyclable() || v1.Recyclable() {
			t.Fatal("a shared buffer is recyclable by one of its holders alone")
		}
		Values[float64](v2)[0] = 42
		if pinView {
			v1.Pin()
		}
		d.Recycle()
		v1.Recycle()
		if pinView {
			if d.Len() != n || v1.Len() != n/2 || v2.Recyclable() {
				t.Fatal("recycled a buffer a view pinned")
			}
			v2.Recycle()
			if e := NewPooledDense(Float64, []int{n}); dataPtr(e.Data()) == p {
				t.Fatal("a pinned buffer went back to the pool")
			}
			continue
		}
		if d.Len() != 0 || v1.Len() != 0 {
			t.Fatal("a released holder keeps its elements")
		}
		if !v2.Recyclable() || Values[float64](v2)[0] != 42 {
			t.Fatal("the last holder lost its buffer or its hold")
		}
		if e := NewPooledDense(Float64, []int{n}); dataPtr(e.Data()) == p {
			t.Fatal("the buffer went back to the pool while a view held it")
		}
		v2.Recycle()
		if e := NewPooledDense(Float64, []int{n}); dataPtr(e.Data()) != p {
			t.Error("the buffer did not go back to the pool with its last holder")
		}
	}
	// HandOver to a view that already shares the buffer leaves one hold.
	d := NewPooledDense(Float64, []int{n})
	v := d.View(0, []int{n})
	d.Share(v)
	if !d.HandOver(v) || !v.Recyclable() {
		t.Fatal("HandOver to a sharing view left two holds")
	}
}

// TestScratchBytes checks GetBytes and PutBytes: the length asked for,
// and a buffer given back serving a later request of a near size (the
// same capacity class) and a chunk of that class.
func TestScratchBytes(t *testing.T) {
	const n = 5_600_000
	b := GetBytes(n)
	if len(b) != n || cap(b) < n {
		t.Fatalf("GetBytes(%d): len %d cap %d", n, len(b), cap(b))
	}
	p := &b[0]
	PutBytes(b)
	c := GetBytes(n - 1000)
	if len(c) != n-1000 || &c[0] != p {
		t.Errorf("a near size did not get the buffer given back (len %d)", len(c))
	}
	PutBytes(c)
	d := NewPooledDense(Uint8, []int{n + 1000})
	if &d.Bytes()[0] != p {
		t.Error("a chunk of the class did not get the buffer given back")
	}
	if small := GetBytes(10); len(small) != 10 {
		t.Fatalf("GetBytes(10): len %d", len(small))
	}
}
