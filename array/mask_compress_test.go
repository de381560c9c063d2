package array

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestCompressInto checks the copy of kept rows against a plain loop for
// every element size it specializes, row lengths (empty rows too), densities from none to
// all (both of its loops), and flags whose kept ones end anywhere.
func TestCompressInto(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for trial := range 2000 {
		n := r.Intn(70)
		row := []int{1, 2, 4, 8, 16, 3, 24, 0}[trial%8]
		density := []float64{0, 0.02, 0.1, 0.3, 0.49, 0.51, 0.9, 1}[r.Intn(8)]
		flags := make([]byte, n)
		for i := range flags {
			if r.Float64() < density {
				flags[i] = 1
			}
		}
		src := make([]byte, n*row)
		r.Read(src)
		var want []byte
		for i, f := range flags {
			if f == 1 {
				want = append(want, src[i*row:(i+1)*row]...)
			}
		}
		dst := make([]byte, len(want)+row) // one spare row must stay untouched
		for i := range dst {
			dst[i] = 0xEE
		}
		if got, kept := compressInto(dst, src, flags, row), bytes.Count(flags, []byte{1}); got != kept {
			t.Fatalf("n %d row %d: wrote %d rows, want %d", n, row, got, kept)
		}
		if !bytes.Equal(dst[:len(want)], want) || bytes.Count(dst[len(want):], []byte{0xEE}) != row {
			t.Fatalf("n %d row %d density %v flags %v: wrong rows", n, row, density, flags)
		}
	}
}
