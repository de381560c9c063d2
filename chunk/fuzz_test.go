package chunk

import (
	"bytes"
	"testing"
)

func FuzzUnmarshalDense(f *testing.F) {
	for _, d := range []*Dense{NewDense(Float64, []int{2, 3}), NewDense(Bool, nil), NewDense(Uint16, []int{0, 4}), NewDense(Int8, []int{5})} {
		b, _ := d.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{denseMagic, byte(Float64), 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 2, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := UnmarshalDense(b)
		if err != nil {
			return
		}
		c, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		e, err := UnmarshalDense(c)
		if err != nil || e.DType() != d.DType() || !EqualShapes(e.Shape(), d.Shape()) || !bytes.Equal(e.Bytes(), d.Bytes()) {
			t.Fatalf("re-encoding %v %v does not round-trip: %v", d.DType(), d.Shape(), err)
		}
	})
}

// FuzzGrid checks the block ↔ element math of grids made from fuzzed
// chunk sizes, by NewGrid, RegularGrid and Spec.Plan.
func FuzzGrid(f *testing.F) {
	f.Add([]byte{3, 4, 1, 0, 2, 2}, uint16(10), uint16(3), int64(1000))
	f.Add([]byte{0}, uint16(0), uint16(1), int64(1))
	f.Add([]byte{1, 1, 1, 9}, uint16(65535), uint16(7), int64(-5))
	f.Fuzz(func(t *testing.T, sizes []byte, n, c uint16, target int64) {
		if len(sizes) > 64 {
			return
		}
		// Two axes: explicit sizes (a 0 ends the axis), then a regular one.
		var cs []int
		for _, s := range sizes {
			cs = append(cs, int(s))
		}
		if g, err := NewGrid([][]int{cs}); err == nil {
			checkGrid(t, g)
		}
		if g, err := RegularGrid([]int{int(n)}, []int{int(c)}); err == nil {
			checkGrid(t, g)
		} else if c != 0 {
			t.Fatalf("RegularGrid([%d], [%d]): %v", n, c, err)
		}
		shape := []int{int(n) % 2000, len(sizes)}
		for _, spec := range []Spec{nil, {Size(int(c)), Auto()}, {Auto(), Sizes(cs...)}} {
			g, err := spec.Plan(shape, Float32, target%(1<<30), nil)
			if err != nil {
				continue
			}
			if !EqualShapes(g.Shape(), shape) {
				t.Fatalf("Plan(%v, %v) gives shape %v", spec, shape, g.Shape())
			}
			checkGrid(t, g)
		}
	})
}
