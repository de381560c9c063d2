package zstdec

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/huff0"
	"github.com/klauspost/compress/zstd"
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
		var tb hufTable
		used, err := d.readHuf(&tb, comp)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		pay := tb.pairsPay
		got := make([]byte, n)
		if err := huf4(got, comp[used:], &tb); err != nil || !bytes.Equal(got, in) {
			t.Fatalf("trial %d: %d literals (pairs %v): %v, equal %v", trial, n, pay, err, bytes.Equal(got, in))
		}
		if haveHufLoop && pay != tb.pairsBuilt {
			t.Fatalf("trial %d: pairs pay %v but built %v", trial, pay, tb.pairsBuilt)
		}
		if pay {
			paid++
			tb.pairsPay = false // one symbol a lookup
			one := make([]byte, n)
			if err := huf4(one, comp[used:], &tb); err != nil || !bytes.Equal(one, in) {
				t.Fatalf("trial %d: one symbol a lookup: %v", trial, err)
			}
		}
		// Truncated and damaged streams are errors or other bytes, never a
		// panic or a write past the literals.
		bad := bytes.Clone(comp[used:])
		bad[r.IntN(len(bad))] ^= byte(1 + r.IntN(255))
		huf4(make([]byte, n), bad, &tb)
		huf4(make([]byte, n), bad[:r.IntN(len(bad))], &tb)
	}
	t.Logf("pairs paid in %d trials", paid)
	if haveHufLoop && paid < 30 {
		t.Fatalf("pairs paid in only %d trials", paid)
	}
}

// TestLiteralSectionPairs decodes frames of consecutive blocks holding
// only Huffman literals (four streams, from klauspost's huff0), each
// with its own tree or the previous block's, of lengths that give either
// block of a pair the longer streams, so that blockPair decodes them
// together (huf8Loop, then each section on its own, closed up when its
// streams are shorter than the stride); the content must be the input, as klauspost's decoder also finds,
// and damaged frames are errors or other bytes, never a panic.
func TestLiteralSectionPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	kinds := map[[2]byte]int{} // the kinds of paired sections seen
	for trial := range 60 {
		var s huff0.Scratch
		s.Reuse = []huff0.ReusePolicy{huff0.ReusePolicyAllow, huff0.ReusePolicyPrefer}[r.IntN(2)]
		var content []byte
		frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0, 0, 0, 0} // single segment, 4-byte size
		nblocks := 2 + r.IntN(4)
		prev := byte(0)
		for b := range nblocks {
			n := pairMinLiterals + r.IntN(3*pairMinLiterals)
			switch r.IntN(5) {
			case 0:
				n = pairMinLiterals + r.IntN(blockMax-pairMinLiterals-16)
			case 1: // streams of a multiple of 4 KiB: pairStride moves them apart
				n = 4 << 12 * (1 + r.IntN(7))
			}
			in := make([]byte, n)
			spread := 2 + r.IntN(60)
			if r.IntN(3) == 0 {
				spread = 250
			}
			for i := range in {
				in[i] = byte(r.NormFloat64()*float64(spread)/4) + 'a'
			}
			comp, reused, err := huff0.Compress4X(in, &s)
			if err != nil {
				t.Fatalf("trial %d block %d: huff0: %v", trial, b, err)
			}
			kind := byte(2)
			if reused {
				kind = 3
			}
			if b > 0 {
				kinds[[2]byte{prev, kind}]++
			}
			prev = kind
			v := uint64(kind) | 3<<2 | uint64(n)<<4 | uint64(len(comp))<<22
			lh := []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24), byte(v >> 32)}
			size := len(lh) + len(comp) + 1 // and an empty sequences section
			bh := uint32(size)<<3 | 2<<1
			if b == nblocks-1 {
				bh |= 1
			}
			frame = append(frame, byte(bh), byte(bh>>8), byte(bh>>16))
			frame = append(append(append(frame, lh...), comp...), 0)
			content = append(content, in...)
		}
		binary.LittleEndian.PutUint32(frame[5:], uint32(len(content)))
		kd, err := zstd.NewReader(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want, err := kd.DecodeAll(frame, nil); err != nil || !bytes.Equal(want, content) {
			t.Fatalf("trial %d: klauspost's decoder: %v (the test's frame is wrong)", trial, err)
		}
		var d Decoder
		got, err := d.Decode(nil, frame, len(content))
		if err != nil || !bytes.Equal(got, content) {
			t.Fatalf("trial %d: %d blocks: %v, equal %v", trial, nblocks, err, bytes.Equal(got, content))
		}
		for range 4 {
			bad := bytes.Clone(frame)
			bad[9+r.IntN(len(bad)-9)] ^= byte(1 + r.IntN(255))
			d.Decode(nil, bad, len(content))
			d.Decode(nil, bad[:9+r.IntN(len(bad)-9)], len(content))
		}
	}
	for _, k := range [][2]byte{{2, 2}, {2, 3}, {3, 2}, {3, 3}} {
		if kinds[k] == 0 {
			t.Errorf("no pair of sections of kinds %v", k)
		}
	}
	t.Log(kinds)
}
