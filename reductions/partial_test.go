package reductions

import (
	"bytes"
	"math"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestPartialRoundTrip(t *testing.T) {
	a, _ := chunk.FromSlice([]int{2, 1}, []float64{1.5, -2})
	b, _ := chunk.FromSlice([]int{2, 1}, []int64{3, -1})
	p := &Partial{Parts: []*chunk.Dense{a, nil, b}}
	if got, want := p.NBytes(), 32; got != want {
		t.Errorf("NBytes = %d, want %d", got, want)
	}
	enc, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	q, err := UnmarshalPartial(enc)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Parts) != 3 || q.Parts[1] != nil || !bytes.Equal(q.Parts[0].Bytes(), a.Bytes()) || !bytes.Equal(q.Parts[2].Bytes(), b.Bytes()) || q.Parts[2].DType() != chunk.Int64 {
		t.Errorf("round trip: %+v", q.Parts)
	}
	for i := range enc {
		if _, err := UnmarshalPartial(enc[:i]); err == nil {
			t.Errorf("truncated at %d: no error", i)
		}
	}
}

func FuzzUnmarshalPartial(f *testing.F) {
	a, _ := chunk.FromSlice([]int{3}, []float64{1, 2, 3})
	enc, _ := (&Partial{Parts: []*chunk.Dense{a, nil}}).MarshalBinary()
	f.Add(enc)
	f.Add([]byte{'P', 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := UnmarshalPartial(b)
		if err != nil {
			return
		}
		again, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := UnmarshalPartial(again); err != nil {
			t.Fatal(err)
		}
	})
}

// TestChanMerge checks the shifted parallel update against a direct
// two-pass computation.
func TestChanMerge(t *testing.T) {
	x := []float64{1e9 + 0.25, 1e9 + 0.5, 1e9 + 0.125, 1e9 + 0.75, 1e9 + 0.5}
	n1, k1, m1, q1 := segmentMoments(x[:2], false)
	n2, k2, m2, q2 := segmentMoments(x[2:], false)
	n, k, m, q := chanMerge(n1, k1, m1, q1, n2, k2, m2, q2)
	_, k0, m0, q0 := segmentMoments(x, false)
	if n != 5 || k+m != k0+m0 || math.Abs(q-q0) > 1e-15 {
		t.Errorf("merged (n %v, mean %v, M2 %v), want (5, %v, %v)", n, k+m, q, k0+m0, q0)
	}
}
