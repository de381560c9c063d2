package chunk

import (
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
