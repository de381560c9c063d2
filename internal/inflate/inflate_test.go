package inflate

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	stdadler "hash/adler32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// inputs returns test inputs of the kinds chunks hold: empty, tiny,
// random, text-like, float arrays, runs and short periods (overlapping
// matches of every distance under 8), up to a few hundred KiB.
func inputs(r *rand.Rand) map[string][]byte {
	words := []string{"chunk", "array", "zarr", "dask", "deflate", "huffman", " ", "\n", "window"}
	text := []byte{}
	for len(text) < 100000 {
		text = append(text, words[r.IntN(len(words))]...)
	}
	floats := make([]byte, 8*30000)
	for i := range 30000 {
		binary.LittleEndian.PutUint64(floats[8*i:], math.Float64bits(float64(i/7)*0.25+float64(r.IntN(4))))
	}
	random := make([]byte, 70000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	periods := []byte{}
	for range 400 {
		p := 1 + r.IntN(20)
		unit := random[r.IntN(1000):][:p]
		for range 1 + r.IntN(40) {
			periods = append(periods, unit...)
		}
		periods = append(periods, random[r.IntN(1000):][:r.IntN(5)]...)
	}
	return map[string][]byte{
		"empty": {}, "one": {7}, "short": []byte("abcabcabcabcabcx"),
		"text": text, "floats": floats, "random": random, "periods": periods,
		"zeros": make([]byte, 300000),
	}
}

// compressors make raw deflate streams with Go's and klauspost's
// writers at every level (-2 Huffman only, 0 stored, 1–9).
func compressors() map[string]func([]byte) []byte {
	writers := map[string]func(io.Writer, int) (io.WriteCloser, error){
		"go":        func(w io.Writer, level int) (io.WriteCloser, error) { return flate.NewWriter(w, level) },
		"klauspost": func(w io.Writer, level int) (io.WriteCloser, error) { return kflate.NewWriter(w, level) },
	}
	m := map[string]func([]byte) []byte{}
	for name, newWriter := range writers {
		for level := -2; level <= 9; level++ {
			m[fmt.Sprint(name, level)] = func(b []byte) []byte {
				var buf bytes.Buffer
				w, _ := newWriter(&buf, level)
				w.Write(b)
				w.Close()
				return buf.Bytes()
			}
		}
	}
	return m
}

func TestRawRoundTrip(t *testing.T) {
	in := inputs(rand.New(rand.NewPCG(1, 2)))
	for cname, comp := range compressors() {
		for name, data := range in {
			z := comp(data)
			// Known size, exact room: decodes in place.
			dst := make([]byte, 0, len(data))
			out, n, err := Raw(dst, z, len(data))
			if err != nil || n != len(z) || !bytes.Equal(out, data) {
				t.Fatalf("%s %s: n %d of %d, err %v, equal %v", cname, name, n, len(z), err, bytes.Equal(out, data))
			}
			if len(data) > 0 && &out[0] != &dst[:1][0] {
				t.Fatalf("%s %s: decoded outside dst", cname, name)
			}
			// Unknown size: grows from a prefix, which stays.
			out, _, err = Raw([]byte("pre"), append(z, "trailing"...), math.MaxInt)
			if err != nil || string(out[:3]) != "pre" || !bytes.Equal(out[3:], data) {
				t.Fatalf("%s %s grown: err %v", cname, name, err)
			}
		}
	}
}

func TestRawTooLarge(t *testing.T) {
	data := inputs(rand.New(rand.NewPCG(3, 4)))["text"]
	z := compressors()["go6"](data)
	for _, max := range []int{0, 1, 1000, len(data) - 1} {
		buf := make([]byte, len(data)+64)
		for i := range buf {
			buf[i] = 0xA5
		}
		_, _, err := Raw(buf[:0:len(data)], z, max)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("max %d: err %v, want ErrTooLarge", max, err)
		}
		for i, c := range buf[len(data):] {
			if c != 0xA5 {
				t.Fatalf("max %d: byte %d past the capacity written", max, i)
			}
		}
	}
	if out, _, err := Raw(nil, z, len(data)); err != nil || !bytes.Equal(out, data) {
		t.Fatalf("max = size: %v", err)
	}
}

func TestZlibGzipRoundTrip(t *testing.T) {
	in := inputs(rand.New(rand.NewPCG(5, 6)))
	for _, level := range []int{0, 1, 6, 9} {
		for name, data := range in {
			var zb, gb bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&zb, level)
			zw.Write(data)
			zw.Close()
			gw, _ := gzip.NewWriterLevel(&gb, level)
			gw.Name, gw.Comment, gw.Extra = "chunk.0.0", "a comment", []byte{1, 2, 3}
			gw.Write(data)
			gw.Close()
			if out, err := Zlib(nil, zb.Bytes(), len(data)); err != nil || !bytes.Equal(out, data) {
				t.Fatalf("zlib %d %s: %v", level, name, err)
			}
			out, err := Gzip(nil, append(gb.Bytes(), gb.Bytes()...), 2*len(data))
			if err != nil || !bytes.Equal(out, append(data, data...)) {
				t.Fatalf("gzip %d %s (two members): %v", level, name, err)
			}
		}
	}
}

// TestPythonZlib decodes streams that C zlib wrote (testdata/mkfixtures.py):
// every level, the filtered, Huffman-only, RLE and fixed strategies, a
// 512-byte window, and sync and full flushes (empty stored blocks).
func TestPythonZlib(t *testing.T) {
	var cases []struct {
		File, Format, Sha256 string
		Size                 int
	}
	b, err := os.ReadFile("testdata/python.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cases); err != nil || len(cases) < 40 {
		t.Fatalf("%d cases, %v", len(cases), err)
	}
	for _, c := range cases {
		z, err := os.ReadFile(filepath.Join("testdata/python", c.File))
		if err != nil {
			t.Fatal(err)
		}
		var out []byte
		switch c.Format {
		case "zlib":
			out, err = Zlib(nil, z, c.Size)
		case "gzip":
			out, err = Gzip(nil, z, c.Size)
		default:
			var n int
			out, n, err = Raw(make([]byte, 0, c.Size), z, c.Size)
			if err == nil && n != len(z) {
				err = fmt.Errorf("took %d of %d bytes", n, len(z))
			}
		}
		sum := sha256.Sum256(out)
		if err != nil || len(out) != c.Size || hex.EncodeToString(sum[:]) != c.Sha256 {
			t.Errorf("%s: %d bytes, want %d, err %v", c.File, len(out), c.Size, err)
		}
	}
}

// TestCorrupt checks that every strict prefix of a stream, a wrong
// checksum, bytes after the end and damaged headers are errors.
func TestCorrupt(t *testing.T) {
	in := inputs(rand.New(rand.NewPCG(7, 8)))
	for _, name := range []string{"empty", "short", "periods", "random"} {
		data := in[name]
		for _, level := range []int{0, 1, 9} {
			var zb, gb bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&zb, level)
			zw.Write(data)
			zw.Close()
			gw, _ := gzip.NewWriterLevel(&gb, level)
			gw.Write(data)
			gw.Close()
			z, g := zb.Bytes(), gb.Bytes()
			raw := z[2 : len(z)-4]
			step := 1 + len(z)/300
			for n := 0; n < len(z); n = nextPrefix(n, step, len(z)) {
				if _, err := Zlib(nil, z[:n], math.MaxInt); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%s %d: zlib prefix %d of %d: err %v", name, level, n, len(z), err)
				}
			}
			for n := 0; n < len(raw); n = nextPrefix(n, step, len(raw)) {
				if _, _, err := Raw(nil, raw[:n], math.MaxInt); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%s %d: raw prefix %d of %d: err %v", name, level, n, len(raw), err)
				}
			}
			for n := 0; n < len(g); n = nextPrefix(n, step, len(g)) {
				if _, err := Gzip(nil, g[:n], math.MaxInt); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%s %d: gzip prefix %d of %d: err %v", name, level, n, len(g), err)
				}
			}
			bad := func(what string, b []byte, f func([]byte) error) {
				t.Helper()
				if err := f(b); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%s %d: %s: err %v", name, level, what, err)
				}
			}
			zl := func(b []byte) error { _, err := Zlib(nil, b, math.MaxInt); return err }
			gz := func(b []byte) error { _, err := Gzip(nil, b, math.MaxInt); return err }
			flip := func(b []byte, i int, m byte) []byte {
				c := bytes.Clone(b)
				c[i] ^= m
				return c
			}
			bad("wrong adler", flip(z, len(z)-1, 1), zl)
			bad("trailing byte", append(bytes.Clone(z), 0), zl)
			bad("method", flip(z, 0, 1), zl)
			bad("header check", flip(z, 1, 1), zl)
			bad("wrong crc", flip(g, len(g)-8, 1), gz)
			bad("wrong size", flip(g, len(g)-1, 1), gz)
			bad("trailing garbage member", append(bytes.Clone(g), 1, 2, 3), gz)
			bad("gzip magic", flip(g, 0, 1), gz)
		}
	}
	// Streams whose matches reach into a preset dictionary they lack,
	// decoded after a prefix: short (careful loop) and long (fast loop).
	dict := in["text"][:30000]
	for _, n := range []int{40, 20000} {
		var zb bytes.Buffer
		w, _ := flate.NewWriterDict(&zb, 6, dict)
		w.Write(in["text"][30000 : 30000+n])
		w.Close()
		for _, room := range []int{n, 50000} { // no margin: careful loop only
			dst := make([]byte, 1000, 1000+room)
			if _, _, err := Raw(dst, zb.Bytes(), room); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%d bytes with distances before the start, room %d: err %v", n, room, err)
			}
		}
	}
}

// nextPrefix steps through prefix lengths, taking each of the last 16.
func nextPrefix(n, step, size int) int {
	if n+step >= size-16 {
		return max(n+1, size-16)
	}
	return n + step
}

// TestHandMade decodes streams written bit by bit: the degenerate and
// empty codes zlib accepts, and the invalid symbols it rejects.
func TestHandMade(t *testing.T) {
	// A dynamic block whose distance code is one codeword of length 1
	// and whose literal/length code uses 'a', the length 3 and EOB.
	var w bitWriter
	w.bits(1, 1)  // final
	w.bits(2, 2)  // dynamic
	w.bits(1, 5)  // 258 literal/length codes
	w.bits(0, 5)  // 1 distance code
	w.bits(15, 4) // 19 code length codes
	// Code length code: lengths 1 and 2 get 2 bits, 0 gets 2 bits, 18 gets 2 bits.
	pre := map[int]int{0: 2, 1: 2, 2: 2, 18: 2}
	for _, sym := range codeOrder {
		w.bits(uint64(pre[int(sym)]), 3)
	}
	// Canonical precode: 0→00, 1→01, 2→10, 18→11 (written bit-reversed).
	code := map[int]uint64{0: 0, 1: 2, 2: 1, 18: 3}
	lens := make([]int, 258)
	lens['a'], lens[256], lens[257] = 1, 2, 2
	for i := 0; i < len(lens); {
		if lens[i] == 0 {
			run := 0
			for i+run < len(lens) && lens[i+run] == 0 && run < 138 {
				run++
			}
			if run >= 11 {
				w.bits(code[18], 2)
				w.bits(uint64(run-11), 7)
				i += run
				continue
			}
		}
		w.bits(code[lens[i]], 2)
		i++
	}
	w.bits(code[1], 2) // the distance code: symbol 0, length 1
	// Literal code: 'a'→0, 256→10, 257→11 (bit-reversed: 256→01, 257→11).
	w.bits(0, 1) // 'a'
	w.bits(3, 2) // length 3
	w.bits(0, 1) // distance symbol 0: distance 1
	w.bits(1, 2) // end of block
	stream := w.bytes()
	out, n, err := Raw(nil, stream, 100)
	if err != nil || string(out) != "aaaa" || n != len(stream) {
		t.Fatalf("degenerate distance code: %q, %d of %d, %v", out, n, len(stream), err)
	}
	if got, err := io.ReadAll(flate.NewReader(bytes.NewReader(stream))); err != nil || string(got) != "aaaa" {
		t.Fatalf("compress/flate disagrees with the hand-made stream: %q %v", got, err)
	}
	// A fixed block whose end-of-block code (seven 0 bits) reaches into
	// a last byte that is missing.
	w = bitWriter{}
	w.bits(3, 3)       // final, fixed
	w.rev(0x30+'a', 8) // literal 'a'
	w.bits(0, 7)       // end of block
	stream = w.bytes()
	if out, _, err := Raw(nil, stream, 10); err != nil || string(out) != "a" {
		t.Fatalf("fixed block: %q %v", out, err)
	}
	if _, _, err := Raw(nil, stream[:len(stream)-1], 10); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("fixed block without its last byte: err %v", err)
	}
	// Fixed blocks with the invalid symbols 286 and 30.
	for _, s := range []struct {
		name string
		f    func(*bitWriter)
	}{
		{"literal/length 286", func(w *bitWriter) { w.rev(0xc6, 8) }},
		{"distance 30", func(w *bitWriter) { w.rev(0x01, 7); w.rev(30, 5) }},
		{"reserved block type", func(w *bitWriter) {}},
	} {
		var w bitWriter
		w.bits(1, 1)
		if s.name == "reserved block type" {
			w.bits(3, 2)
		} else {
			w.bits(1, 2)
			w.rev(0x30+'a', 8) // literal 'a'
		}
		s.f(&w)
		w.bits(0, 7) // end of block
		if _, _, err := Raw(nil, w.bytes(), 100); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err %v", s.name, err)
		}
	}
}

// bitWriter writes a deflate bit stream, least significant bit first.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

// rev writes an n-bit Huffman codeword, most significant bit first.
func (w *bitWriter) rev(code uint64, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		w.bits(code>>uint(i)&1, 1)
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nbits > 0 {
		return append(w.buf, byte(w.acc))
	}
	return w.buf
}

func TestAdler32(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	b := make([]byte, 40000)
	for i := range b {
		b[i] = 255 - byte(r.IntN(3)) // near the overflow bound
	}
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 5535, 5536, 5537, 5551, 5552, 5553, 5560, 11104, 40000} {
		if got, want := adler32(b[:n]), stdadler.Checksum(b[:n]); got != want {
			t.Fatalf("%d bytes: %08x, want %08x", n, got, want)
		}
	}
}

func TestNoAllocation(t *testing.T) {
	data := inputs(rand.New(rand.NewPCG(11, 12)))["floats"]
	var zb bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&zb, 1)
	zw.Write(data)
	zw.Close()
	dst := make([]byte, 0, len(data))
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := Zlib(dst, zb.Bytes(), len(data)); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0.5 {
		t.Fatalf("%v allocations per decode", allocs)
	}
}

// FuzzRaw checks that the decoder agrees with compress/flate on any
// input: both fail, or both give the same bytes.
func FuzzRaw(f *testing.F) {
	in := inputs(rand.New(rand.NewPCG(13, 14)))
	comps := compressors()
	for _, name := range []string{"short", "periods"} {
		for _, c := range []string{"go-2", "go0", "go1", "go9", "klauspost1", "klauspost5"} {
			z := comps[c](in[name])
			f.Add(z[:min(len(z), 2000)])
		}
	}
	f.Fuzz(func(t *testing.T, z []byte) {
		want, werr := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), 1<<20))
		got, n, err := Raw(nil, z, 1<<20)
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) && err == nil {
			t.Fatalf("ours %d bytes (took %d) err %v; compress/flate %d bytes err %v", len(got), n, err, len(want), werr)
		}
		if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error %v wraps neither ErrCorrupt nor ErrTooLarge", err)
		}
	})
}

func BenchmarkZlib(b *testing.B) {
	data := inputs(rand.New(rand.NewPCG(15, 16)))["floats"]
	for _, level := range []int{1, 6} {
		var zb bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&zb, level)
		zw.Write(data)
		zw.Close()
		dst := make([]byte, 0, len(data))
		b.Run(fmt.Sprint("level", level), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				Zlib(dst, zb.Bytes(), len(data))
			}
		})
	}
}

// TestTableLongCodes builds tables for random complete codes with
// codewords up to 15 bits (subtables) and decodes every codeword.
func TestTableLongCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for trial := range 300 {
		nsym := 2 + r.IntN(numLitlen-1)
		// Split leaves of a code tree, mostly the deepest, until there
		// are nsym: a complete code.
		leaves := []uint8{0}
		for len(leaves) < nsym {
			i := len(leaves) - 1
			if r.IntN(3) == 0 {
				i = r.IntN(len(leaves))
			}
			if leaves[i] == 15 {
				i = slicesIndexBelow(leaves, 15)
				if i < 0 {
					break
				}
			}
			l := leaves[i] + 1
			leaves[i] = l
			leaves = append(leaves, l)
		}
		lens := make([]uint8, numLitlen)
		for i, sym := range r.Perm(numLitlen)[:len(leaves)] {
			lens[sym] = leaves[i]
		}
		results := make([]uint32, numLitlen)
		for i := range results {
			results[i] = uint32(i) << 16
		}
		table := make([]uint32, litTableSize)
		if !buildTable(table, lens, results, litBits, distSubFlag, distBadFlag) {
			t.Fatalf("trial %d: complete code %v rejected", trial, leaves)
		}
		// Canonical codewords, looked up bit-reversed as a stream reads them.
		var next [16]int
		var count [16]int
		for _, n := range lens {
			count[n]++
		}
		count[0] = 0
		c := 0
		for l := 1; l <= 15; l++ {
			c = (c + count[l-1]) << 1
			next[l] = c
		}
		for sym, l := range lens {
			if l == 0 {
				continue
			}
			cw := next[l]
			next[l]++
			in := uint64(0)
			for i := range int(l) {
				in |= uint64(cw>>(int(l)-1-i)&1) << i
			}
			for k := range 4 { // followed by other bits, the stream's next
				in := in
				if k > 0 {
					in |= r.Uint64() << l
				}
				e := table[in&(1<<litBits-1)]
				if e&distSubFlag != 0 {
					e = table[e>>16+uint32(in>>litBits&(1<<(e>>8&15)-1))]
				}
				if e&distBadFlag != 0 || int(e>>16) != sym || e&0xff != uint32(l) || e>>8&15 != uint32(l) {
					t.Fatalf("trial %d: symbol %d (length %d) decodes as %d with %d bits", trial, sym, l, e>>16, e&0xff)
				}
			}
		}
	}
}

// slicesIndexBelow returns the index of the last element below v, or -1.
func slicesIndexBelow(s []uint8, v uint8) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < v {
			return i
		}
	}
	return -1
}

func BenchmarkAdler32(b *testing.B) {
	p := inputs(rand.New(rand.NewPCG(19, 20)))["random"]
	b.SetBytes(int64(len(p)))
	for b.Loop() {
		adler32(p)
	}
}

// fixedBlock writes one final fixed-code block of the literals and
// matches in ops (a match is {length, distance}, a literal {byte, 0})
// and returns the stream and what it decodes to.
func fixedBlock(ops [][2]int) (stream, want []byte) {
	var w bitWriter
	w.bits(3, 3) // final, fixed
	sym := func(s int) {
		switch {
		case s < 144:
			w.rev(uint64(0x30+s), 8)
		case s < 256:
			w.rev(uint64(0x190+s-144), 9)
		case s < 280:
			w.rev(uint64(s-256), 7)
		default:
			w.rev(uint64(0xc0+s-280), 8)
		}
	}
	for _, op := range ops {
		if op[1] == 0 {
			sym(op[0])
			want = append(want, byte(op[0]))
			continue
		}
		length, dist := op[0], op[1]
		s := 0
		for s < 28 && lengthBase(s+1) <= length {
			s++
		}
		if length == 258 {
			s = 28
		}
		sym(257 + s)
		if e := lengthExtra(s); e > 0 {
			w.bits(uint64(length-lengthBase(s)), e)
		}
		d := 0
		for d < 29 && distBase(d+1) <= dist {
			d++
		}
		w.rev(uint64(d), 5)
		if e := distExtra(d); e > 0 {
			w.bits(uint64(dist-distBase(d)), e)
		}
		for range length {
			want = append(want, want[len(want)-dist])
		}
	}
	sym(256)
	return w.bytes(), want
}

func lengthExtra(s int) uint {
	if s < 8 || s == 28 {
		return 0
	}
	return uint(s-4) / 4
}

func lengthBase(s int) int {
	if s == 28 {
		return 258
	}
	b := 3
	for i := range s {
		b += 1 << lengthExtra(i)
	}
	return b
}

func distExtra(d int) uint {
	if d < 4 {
		return 0
	}
	return uint(d-2) / 2
}

func distBase(d int) int {
	b := 1
	for i := range d {
		b += 1 << distExtra(i)
	}
	return b
}

// TestMatchAtEnd decodes matches of every kind of copy (short, long,
// overlapping) that end at, or a few bytes before, the end of the
// output, into a buffer of exactly the decoded size (which the decoder
// must not write past), into a growing one, and with one byte too few
// allowed; input follows the stream, so the fast loop runs to the end.
func TestMatchAtEnd(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, size := range []int{40, 300, 2048} {
		for _, length := range []int{3, 8, 9, 16, 17, 31, 100, 258} {
			for _, dist := range []int{1, 2, 3, 7, 8, 9, 16, 33, 300} {
				for tail := range 20 {
					prefix := size - length - tail
					if prefix < dist || prefix < 1 {
						continue
					}
					var ops [][2]int
					for range prefix {
						ops = append(ops, [2]int{r.IntN(256), 0})
					}
					ops = append(ops, [2]int{length, dist})
					for range tail {
						ops = append(ops, [2]int{r.IntN(256), 0})
					}
					stream, want := fixedBlock(ops)
					padded := append(bytes.Clone(stream), make([]byte, 16)...)
					name := fmt.Sprintf("size %d, match %d at %d, %d literals after", size, length, dist, tail)
					buf := make([]byte, 3+size+32)
					for i := range buf {
						buf[i] = 0xA5
					}
					copy(buf, "pre")
					out, n, err := Raw(buf[:3:3+size], padded, size)
					if err != nil || n != len(stream) || !bytes.Equal(out[3:], want) {
						t.Fatalf("%s: n %d of %d, err %v", name, n, len(stream), err)
					}
					for i, c := range buf[3+size:] {
						if c != 0xA5 {
							t.Fatalf("%s: byte %d past the capacity written", name, i)
						}
					}
					if out, _, err := Raw([]byte("pre"), padded, math.MaxInt); err != nil || !bytes.Equal(out[3:], want) {
						t.Fatalf("%s, grown: err %v", name, err)
					}
					if out, _, err := Raw(nil, stream, size); err != nil || !bytes.Equal(out, want) {
						t.Fatalf("%s, no input after: err %v", name, err)
					}
					if _, _, err := Raw(buf[:0:size], padded, size-1); !errors.Is(err, ErrTooLarge) {
						t.Fatalf("%s, one byte too few: err %v", name, err)
					}
				}
			}
		}
	}
}
