package chunk

import "testing"

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
