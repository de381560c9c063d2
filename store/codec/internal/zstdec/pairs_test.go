package zstdec

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/huff0"
)

// TestHuffmanPairs checks four-stream literal sections decoded two
// symbols a lookup (hufTable.pairs) against the input they were
// compressed from (klauspost's huff0, the zstd literals format) and
// against decoding one symbol a lookup, over symbol distributions from
// a few very frequent symbols (pairs pay) to flat ones (they do not),
// lengths from pairsMinLiterals to a block's most, and stream ends at
// every offset; and that pairs are used exactly where they pay.
func TestHuffmanPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	paid := 0
	for trial := range 200 {
		n := pairsMinLiterals + r.IntN(blockMax-pairsMinLiterals+1)
		in := make([]byte, n)
		heavy := 1 + r.IntN(4)   // symbols that take most of the data
		light := 2 + r.IntN(254) // and the rest, uniform
		share := r.Float64()
		for i := range in {
			if r.Float64() < share {
				in[i] = byte(r.IntN(heavy))
			} else {
				in[i] = byte(r.IntN(light))
			}
		}
		comp, _, err := huff0.Compress4X(in, &huff0.Scratch{})
		if err == huff0.ErrIncompressible || err == huff0.ErrUseRLE {
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: huff0: %v", trial, err)
		}
		var d Decoder
		used, err := d.readHuf(comp)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		pay := d.huf.pairsPay
		got := make([]byte, n)
		if err := huf4(got, comp[used:], &d.huf); err != nil || !bytes.Equal(got, in) {
			t.Fatalf("trial %d: %d literals (pairs %v): %v, equal %v", trial, n, pay, err, bytes.Equal(got, in))
		}
		if haveHufLoop && pay != d.huf.pairsBuilt {
			t.Fatalf("trial %d: pairs pay %v but built %v", trial, pay, d.huf.pairsBuilt)
		}
		if pay {
			paid++
			d.huf.pairsPay = false // one symbol a lookup
			one := make([]byte, n)
			if err := huf4(one, comp[used:], &d.huf); err != nil || !bytes.Equal(one, in) {
				t.Fatalf("trial %d: one symbol a lookup: %v", trial, err)
			}
		}
		// Truncated and damaged streams are errors or other bytes, never a
		// panic or a write past the literals.
		bad := bytes.Clone(comp[used:])
		bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
		huf4(make([]byte, n), bad, &d.huf)
		huf4(make([]byte, n), bad[:r.IntN(len(bad))], &d.huf)
	}
	t.Logf("pairs paid in %d trials", paid)
	if haveHufLoop && paid < 30 {
		t.Fatalf("pairs paid in only %d trials", paid)
	}
}
