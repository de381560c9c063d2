package zstdec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// inputs returns the test inputs by name: random bytes, text-like
// data, zeros, float64 arrays (raw and bitshuffled) and integers.
func inputs(size int, seed uint64) map[string][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	m := map[string][]byte{}
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	m["random"] = b
	words := []string{"the ", "chunk ", "array ", "zarr ", "of ", "float64 ", "compress ", "and ", "dask\n", "a "}
	var t []byte
	for len(t) < size {
		t = append(t, words[r.IntN(len(words))]...)
	}
	m["text"] = t[:size]
	m["zeros"] = make([]byte, size)
	f := make([]byte, size/8*8)
	x := 0.0
	for i := 0; i < len(f); i += 8 {
		x += r.NormFloat64() * 0.01
		binary.LittleEndian.PutUint64(f[i:], math.Float64bits(math.Sin(x)*100))
	}
	m["float64"] = f
	m["bitshuffled"] = bitshuffle(f)
	n := make([]byte, size/4*4)
	for i := 0; i < len(n); i += 4 {
		binary.LittleEndian.PutUint32(n[i:], uint32(i/4+r.IntN(16)))
	}
	m["ints"] = n
	return m
}

// bitshuffle transposes the bits of 8-byte elements as Blosc's
// BITSHUFFLE does (bit planes, element order within each).
func bitshuffle(src []byte) []byte {
	n := len(src) / 8
	out := make([]byte, len(src))
	for bit := 0; bit < 64; bit++ {
		for e := 0; e < n; e++ {
			if src[e*8+bit/8]>>(bit%8)&1 != 0 {
				p := bit*n + e
				out[p/8] |= 1 << (p % 8)
			}
		}
	}
	return out
}

func klausEncode(t testing.TB, src []byte, level zstd.EncoderLevel, crc, single bool) []byte {
	opts := []zstd.EOption{zstd.WithEncoderLevel(level), zstd.WithEncoderCRC(crc), zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true)}
	if single {
		opts = append(opts, zstd.WithSingleSegment(true))
	}
	e, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return e.EncodeAll(src, nil)
}

func TestRoundTripKlauspost(t *testing.T) {
	var d Decoder
	sizes := []int{0, 1, 7, 100, 1000, 4096, 65536, 200000, 1 << 20, 3<<20 + 5}
	if testing.Short() {
		sizes = sizes[:7]
	}
	for _, size := range sizes {
		for name, in := range inputs(size, uint64(size)) {
			for level := zstd.SpeedFastest; level <= zstd.SpeedBestCompression; level++ {
				for _, crc := range []bool{false, true} {
					for _, single := range []bool{false, true} {
						enc := klausEncode(t, in, level, crc, single)
						got, err := d.Decode(nil, enc, math.MaxInt32)
						if err != nil || !bytes.Equal(got, in) {
							t.Fatalf("%s %d level %v crc %v single %v: %v", name, size, level, crc, single, err)
						}
						// Into a buffer of exactly the size.
						exact := make([]byte, 0, len(in))
						got, err = d.Decode(exact, enc, len(in))
						if err != nil || !bytes.Equal(got, in) || (len(in) > 0 && &got[0] != &exact[:1][0]) {
							t.Fatalf("%s %d level %v exact: %v", name, size, level, err)
						}
					}
				}
			}
		}
	}
}

func TestStreamFramesKlauspost(t *testing.T) {
	var d Decoder
	for _, size := range []int{10, 5000, 300000} {
		for name, in := range inputs(size, 7) {
			var buf bytes.Buffer
			w, _ := zstd.NewWriter(&buf, zstd.WithEncoderCRC(true), zstd.WithWindowSize(1<<15))
			w.Write(in[:len(in)/2])
			w.Flush()
			w.Write(in[len(in)/2:])
			w.Close()
			// Two frames and a skippable one between.
			enc := append([]byte(nil), buf.Bytes()...)
			enc = append(enc, 0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3)
			enc = append(enc, buf.Bytes()...)
			got, err := d.Decode(nil, enc, math.MaxInt32)
			want := append(append([]byte(nil), in...), in...)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s %d: %v", name, size, err)
			}
		}
	}
}

func ExampleDecoder_Decode() {
	e, _ := zstd.NewWriter(nil)
	frame := e.EncodeAll([]byte("hello, hello, hello"), nil)
	var d Decoder
	out, err := d.Decode(nil, frame, 1<<20)
	fmt.Println(string(out), err)
	// Output: hello, hello, hello <nil>
}

// TestHuffmanDeepestLevel checks that Huffman weights whose deepest level
// does not hold an even number of leaves, at least two, are refused, as
// libzstd refuses them: two symbols of weight 2 (a complete code of two
// 1-bit codes, but none of weight 1), and a corrupt frame found by
// TestZstdDifferential in store/codec, which this decoder decoded and
// klauspost's refused.
func TestHuffmanDeepestLevel(t *testing.T) {
	var d Decoder
	// A header byte of 127 + n gives n weights, two to a byte.
	if _, err := d.readHuf(&hufTable{}, []byte{127 + 2, 0x20}); err == nil {
		t.Error("weights {2, 0, 2 implied} accepted")
	}
	if _, err := d.readHuf(&hufTable{}, []byte{127 + 2, 0x11}); err != nil {
		t.Errorf("weights {1, 1, 2 implied}: %v", err)
	}
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x60, 0x74, 0x00, 0xad, 0x00, 0x00, 0x32, 0xc1, 0x02, 0x06, 0xe0, 0x01,
		0xe3, 0x84, 0x7a, 0xf4, 0xf8, 0xd3, 0x9f, 0x0e, 0x01, 0x54, 0x11, 0x03, 0x2c, 0xbd, 0x16}
	if _, err := d.Decode(nil, frame, math.MaxInt32); err == nil {
		t.Error("the corrupt frame decoded")
	}
}

// TestMatchesOutOfReach checks that a match reaching before the frame's
// content, or further back than the frame's window, is an error, also
// when it comes early in a block (the assembly loop's part: the last
// sequences of a block are decoded in Go): frames klauspost's encoder
// wrote against a raw dictionary the frame does not name, and a block
// decoded under a window shorter than its matches. The rest of each
// block holds matches near enough, so that no later check can stand in.
func TestMatchesOutOfReach(t *testing.T) {
	// unique returns n bytes no four of which repeat: counters.
	next := 0
	unique := func(n int) []byte {
		b := make([]byte, 0, n+1)
		for len(b) < n {
			b = binary.BigEndian.AppendUint16(b, uint16(next))
			next++
		}
		return b[:n]
	}
	// near appends pieces of new bytes and copies of the bytes 200 back.
	near := func(b []byte) []byte {
		for range 300 {
			b = append(b, unique(2)...)
			b = append(b, b[len(b)-200:len(b)-170]...)
		}
		return b
	}
	var d Decoder
	frame := func(content []byte, opts ...zstd.EOption) []byte {
		enc, err := zstd.NewWriter(nil, append(opts, zstd.WithEncoderCRC(false), zstd.WithSingleSegment(false),
			zstd.WithWindowSize(1<<17))...)
		if err != nil {
			t.Fatal(err)
		}
		return enc.EncodeAll(content, nil)
	}

	// Before the content, within the window: the first match reaches
	// into a dictionary.
	dict := unique(8 << 10)
	content := near(append(bytes.Clone(dict[100:160]), unique(300)...))
	f := frame(content, zstd.WithEncoderDictRaw(0, dict))
	if h, err := ReadHeader(f); err != nil || h.DictID != 0 || h.SingleSegment || h.Window < uint64(len(dict)) {
		t.Fatalf("the dictionary frame's header: %+v, %v", h, err)
	}
	if _, err := d.Decode(nil, f, 1<<20); err == nil || !strings.Contains(err.Error(), "past the content's start") {
		t.Errorf("matches into a dictionary the frame does not name: %v", err)
	}

	// Beyond the window: a block whose one far match, 2 KiB back, comes
	// early, decoded under a window of 1 KiB.
	content = unique(2 << 10)
	content = near(append(append(content, content[:60]...), unique(300)...))
	f = frame(content)
	h, err := ReadHeader(f)
	if err != nil {
		t.Fatal(err)
	}
	bh := uint32(f[h.Len]) | uint32(f[h.Len+1])<<8 | uint32(f[h.Len+2])<<16
	if bh>>1&3 != 2 || bh&1 == 0 {
		t.Fatalf("the windowed frame is not one compressed block: header %#x", bh)
	}
	blk := f[h.Len+3 : h.Len+3+int(bh>>3)]
	for _, c := range []struct {
		window int
		ok     bool
	}{{4 << 10, true}, {1 << 10, false}} {
		d.startFrame()
		got, err := d.block(make([]byte, 0, len(content)+slack), blk, 0, c.window, len(content))
		if c.ok && (err != nil || !bytes.Equal(got, content)) {
			t.Fatalf("the block under a window of %d: %v", c.window, err)
		}
		if !c.ok && (err == nil || !strings.Contains(err.Error(), "past the content's start")) {
			t.Errorf("a match beyond a window of %d: %v", c.window, err)
		}
	}
}
