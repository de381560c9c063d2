package chunk

import (
	"bytes"
	"math/rand"
	"testing"
)

func randDenseChunk(r *rand.Rand) *Dense {
	nd := r.Intn(4)
	shape := make([]int, nd)
	for a := range shape {
		shape[a] = r.Intn(5)
	}
	d := NewDense(DTypes[r.Intn(len(DTypes))], shape)
	b := d.Bytes()
	r.Read(b)
	if d.DType() == Bool {
		for i := range b {
			b[i] &= 1
		}
	}
	return d
}

func TestMarshalRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for it := 0; it < 300; it++ {
		d := randDenseChunk(r)
		b, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		e, err := UnmarshalDense(b)
		if err != nil {
			t.Fatalf("%v %v: %v", d.DType(), d.Shape(), err)
		}
		if e.DType() != d.DType() || !EqualShapes(e.Shape(), d.Shape()) || !bytes.Equal(e.Bytes(), d.Bytes()) {
			t.Fatalf("round trip of %v %v changed it", d.DType(), d.Shape())
		}
		// Every truncation is an error, never a panic.
		for k := 0; k < len(b); k++ {
			if _, err := UnmarshalDense(b[:k]); err == nil && k < len(b) && d.NBytes() > 0 {
				t.Fatalf("truncated to %d of %d bytes: no error", k, len(b))
			}
		}
	}
}

// CopyBox agrees with an element-by-element copy.
func TestCopyBoxAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for it := 0; it < 300; it++ {
		src := randDenseChunk(r)
		nd := len(src.Shape())
		box := Box{Min: make([]int, nd), Max: make([]int, nd)}
		dstShape := make([]int, nd)
		dstMin := make([]int, nd)
		for a, n := range src.Shape() {
			box.Min[a] = r.Intn(n + 1)
			box.Max[a] = box.Min[a] + r.Intn(n-box.Min[a]+1)
			dstMin[a] = r.Intn(3)
			dstShape[a] = dstMin[a] + box.Max[a] - box.Min[a] + r.Intn(3)
		}
		dst := NewDense(src.DType(), dstShape)
		CopyBox(dst, dstMin, src, box)
		want := NewDense(src.DType(), dstShape)
		es := src.DType().Size()
		si, di := make([]int, nd), make([]int, nd)
		EachIndex(box.Shape(), func(off []int) {
			for a := range off {
				si[a], di[a] = box.Min[a]+off[a], dstMin[a]+off[a]
			}
			p, q := Ravel(si, src.Shape()), Ravel(di, dstShape)
			copy(want.Bytes()[q*es:(q+1)*es], src.Bytes()[p*es:(p+1)*es])
		})
		if !bytes.Equal(dst.Bytes(), want.Bytes()) {
			t.Fatalf("CopyBox(%v, %v, %v of %v) differs", dstShape, dstMin, box, src.Shape())
		}
		if reg := src.Region(box); !EqualShapes(reg.Shape(), box.Shape()) {
			t.Fatalf("Region shape %v, want %v", reg.Shape(), box.Shape())
		}
	}
}

func TestAsTypeAndFill(t *testing.T) {
	for _, from := range DTypes {
		for _, to := range DTypes {
			d := NewDense(from, []int{2, 3})
			d.Fill(3)
			e := d.AsType(to)
			for p := 0; p < e.Len(); p++ {
				want := 3.0
				if to == Bool || from == Bool {
					want = 1
				}
				if e.Float(p) != want {
					t.Fatalf("%v → %v: element %d is %v, want %v", from, to, p, e.Float(p), want)
				}
			}
		}
	}
	d, _ := FromSlice([]int{2}, []float64{-1.7, 2.9})
	if v := Values[int8](d.AsType(Int8)); v[0] != -1 || v[1] != 2 {
		t.Errorf("float → int8 = %v, want truncation [-1 2]", v)
	}
	if _, err := FromSlice([]int{2, 2}, []int8{1}); err == nil {
		t.Error("FromSlice with too few values: no error")
	}
	if _, err := FromBytes(Float32, []int{3}, make([]byte, 11)); err == nil {
		t.Error("FromBytes with 11 bytes for 3 float32: no error")
	}
	if b, _ := FromBytes(Bool, []int{2}, []byte{0, 7}); !Values[bool](b)[1] {
		t.Error("FromBytes: nonzero byte is not true")
	}
}
