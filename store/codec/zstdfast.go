package codec

import (
	"encoding/binary"
	"math/bits"
	"sync"

	"github.com/klauspost/compress/huff0"
)

// A Zstandard encoder for the fastest levels (libzstd's 1 and 2 and the
// negative ones), in the manner of libzstd's "fast" strategy: each block
// of up to 128 KiB is searched for matches of at least 6 bytes (libzstd's
// level 1 asks as many) by the LZ4 compressor's single-probe search, its
// literals are Huffman-coded (huff0) when that pays, and its sequences
// coded with the format's predefined FSE tables. One frame, single
// segment, with the content size and no checksum. On the survey's
// float64 chunks it writes 90 MB where libzstd's level 1 writes 80 MB and
// the pure-Go encoder's fastest level 59 MB, at 1.4 times the latter's
// speed: a level asking for speed gets speed.
const zstdBlockMax = 128 << 10

// zstdMul and zstdMask make the LZ4 search find 6-byte matches.
var zstdMul, zstdMask = lz4Matching(6)

// zstdSeq is one sequence: literals, then a match of length match at
// distance off.
type zstdSeq struct{ lit, off, match uint32 }

type zstdFastState struct {
	lz4  []byte // the current block as one LZ4 block
	lits []byte
	seqs []zstdSeq
	huf  huff0.Scratch
	t    lz4Table
}

var zstdFastStates = sync.Pool{New: func() any { return new(zstdFastState) }}

// zstdFastEncode appends src (not empty, under 4 GiB) as one frame to dst.
func zstdFastEncode(dst, src []byte) []byte {
	n := len(src)
	dst = append(dst, 0x28, 0xB5, 0x2F, 0xFD) // magic
	switch {                                  // single segment, content size in 1, 2 or 4 bytes
	case n < 256:
		dst = append(dst, 0x20, byte(n))
	case n < 256+1<<16:
		dst = binary.LittleEndian.AppendUint16(append(dst, 0x60), uint16(n-256))
	default:
		dst = binary.LittleEndian.AppendUint32(append(dst, 0xA0), uint32(n))
	}
	s := zstdFastStates.Get().(*zstdFastState)
	defer zstdFastStates.Put(s)
	for off := 0; off < n; off += zstdBlockMax {
		b := src[off:min(off+zstdBlockMax, n)]
		dst = s.block(dst, b, off+len(b) == n)
	}
	return dst
}

// block appends b as one block: compressed, or raw when that is no
// larger.
func (s *zstdFastState) block(dst, b []byte, last bool) []byte {
	if cap(s.lz4) < lz4Bound(zstdBlockMax) {
		s.lz4 = make([]byte, lz4Bound(zstdBlockMax))
	}
	s.parse(s.lz4[:s.lz4Block(b)])
	start := len(dst)
	dst = s.sequences(s.literals(append(dst, 0, 0, 0)))
	size, kind := len(dst)-start-3, 2
	if size >= len(b) {
		dst = append(dst[:start+3], b...)
		size, kind = len(b), 0
	}
	h := uint32(size<<3 | kind<<1)
	if last {
		h |= 1
	}
	dst[start], dst[start+1], dst[start+2] = byte(h), byte(h>>8), byte(h>>16)
	return dst
}

// lz4Block compresses b into s.lz4 as an LZ4 block and returns its length.
func (s *zstdFastState) lz4Block(b []byte) int {
	d, anchor := 0, 0
	if len(b) > lz4MatchEnd {
		clear(s.t[:])
		d, anchor = lz4Sequences(s.lz4, b, 1, zstdMul, zstdMask, &s.t) // the bound always fits
	}
	d = lz4Token(s.lz4, d, len(b)-anchor, 0)
	return d + copy(s.lz4[d:], b[anchor:])
}

// parse splits the LZ4 block blk into s.seqs and s.lits, the literals of
// all sequences and then the block's last literals.
func (s *zstdFastState) parse(blk []byte) {
	s.lits, s.seqs = s.lits[:0], s.seqs[:0]
	length := func(i, l int) (int, int) {
		if l == 15 {
			for {
				c := blk[i]
				i++
				l += int(c)
				if c != 255 {
					break
				}
			}
		}
		return i, l
	}
	for i := 0; ; {
		tok := blk[i]
		var lit, m int
		i, lit = length(i+1, int(tok>>4))
		s.lits = append(s.lits, blk[i:i+lit]...)
		if i += lit; i == len(blk) {
			return
		}
		off := binary.LittleEndian.Uint16(blk[i:])
		i, m = length(i+2, int(tok&15))
		s.seqs = append(s.seqs, zstdSeq{uint32(lit), uint32(off), uint32(m + lz4MinMatch)})
	}
}

// literals appends the literals section: Huffman-coded in four streams
// when that is smaller, raw otherwise.
func (s *zstdFastState) literals(dst []byte) []byte {
	n := len(s.lits)
	if n >= 1024 {
		s.huf.Reuse = huff0.ReusePolicyNone
		out, _, err := huff0.Compress4X(s.lits, &s.huf)
		if err == nil && len(out)+5 < n {
			c := len(out)
			switch m := max(n, c); {
			case m < 1<<10:
				v := 2 | 1<<2 | n<<4 | c<<14
				dst = append(dst, byte(v), byte(v>>8), byte(v>>16))
			case m < 1<<14:
				dst = binary.LittleEndian.AppendUint32(dst, uint32(2|2<<2|n<<4|c<<18))
			default:
				v := uint64(2 | 3<<2 | n<<4 | c<<22)
				dst = append(binary.LittleEndian.AppendUint32(dst, uint32(v)), byte(v>>32))
			}
			return append(dst, out...)
		}
	}
	switch {
	case n < 32:
		dst = append(dst, byte(n<<3))
	case n < 1<<12:
		dst = binary.LittleEndian.AppendUint16(dst, uint16(1<<2|n<<4))
	default:
		v := 3<<2 | n<<4
		dst = append(dst, byte(v), byte(v>>8), byte(v>>16))
	}
	return append(dst, s.lits...)
}

// sequences appends the sequences section: the count, the predefined
// modes, and the FSE bitstream, which the decoder reads backwards, so
// the last sequence goes first.
func (s *zstdFastState) sequences(dst []byte) []byte {
	n := len(s.seqs)
	switch {
	case n < 128:
		dst = append(dst, byte(n))
	case n < 0x7F00:
		dst = append(dst, byte(n>>8)+0x80, byte(n))
	default:
		dst = binary.LittleEndian.AppendUint16(append(dst, 0xFF), uint16(n-0x7F00))
	}
	if n == 0 {
		return dst
	}
	w := zstdBits{out: append(dst, 0)} // all three tables predefined
	q := s.seqs[n-1]
	llc, mlc, ofc := zstdLLCode(q.lit), zstdMLCode(q.match-3), uint8(bits.Len32(q.off+3)-1)
	ml, of, ll := zstdMLTable.init(mlc), zstdOFTable.init(ofc), zstdLLTable.init(llc)
	w.extras(q, llc, mlc, ofc)
	for i := n - 2; i >= 0; i-- {
		q := s.seqs[i]
		llc, mlc, ofc := zstdLLCode(q.lit), zstdMLCode(q.match-3), uint8(bits.Len32(q.off+3)-1)
		of = zstdOFTable.encode(&w, of, ofc)
		ml = zstdMLTable.encode(&w, ml, mlc)
		ll = zstdLLTable.encode(&w, ll, llc)
		w.flush()
		w.extras(q, llc, mlc, ofc)
	}
	w.add(ml, zstdMLTable.log)
	w.add(of, zstdOFTable.log)
	w.add(ll, zstdLLTable.log)
	return w.close()
}

// zstdBits writes a bitstream, low bits first.
type zstdBits struct {
	out []byte
	c   uint64
	n   uint
}

// add adds the low nb bits of v; at most 32 may wait unflushed.
func (w *zstdBits) add(v uint32, nb uint8) {
	w.c |= uint64(v&(1<<nb-1)) << w.n
	w.n += uint(nb)
}

// flush writes the whole 32-bit words waiting.
func (w *zstdBits) flush() {
	if w.n >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.c))
		w.c >>= 32
		w.n -= 32
	}
}

// extras adds a sequence's extra bits: literal length, match length,
// offset (at most 16 bits each).
func (w *zstdBits) extras(q zstdSeq, llc, mlc, ofc uint8) {
	w.add(q.lit, zstdLLBits[llc])
	w.add(q.match-3, zstdMLBits[mlc])
	w.flush()
	w.add(q.off+3, ofc)
	w.flush()
}

// close adds the end mark and returns the output.
func (w *zstdBits) close() []byte {
	w.add(1, 1)
	for ; w.n > 0; w.n -= min(w.n, 8) {
		w.out = append(w.out, byte(w.c))
		w.c >>= 8
	}
	return w.out
}

// The predefined distributions (RFC 8878, 3.1.1.3.2.2), -1 for a
// "less than 1" probability, and the extra bits of each length code.
var (
	zstdLLTable = newFSEEncoder(6, []int16{4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1})
	zstdMLTable = newFSEEncoder(6, []int16{1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		-1, -1, -1, -1, -1, -1, -1})
	zstdOFTable = newFSEEncoder(5, []int16{1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1})
	zstdLLBits = [36]uint8{16: 1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	zstdMLBits = [53]uint8{32: 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	// The codes of literal lengths below 64 and match lengths (less 3)
	// below 128; above, a code grows by one per doubling.
	zstdLLCodes, zstdMLCodes = lengthCodes(64, 16, zstdLLBits[:]), lengthCodes(128, 32, zstdMLBits[:])
)

// lengthCodes returns the codes of the lengths below n: a length below
// first is its own code, and each later code covers 1<<bits[code].
func lengthCodes(n, first int, bits []uint8) []uint8 {
	codes := make([]uint8, n)
	code, next := first, first
	for v := range codes {
		if v < first {
			codes[v] = uint8(v)
			continue
		}
		if v == next {
			code, next = code+1, next+1<<bits[code]
		}
		codes[v] = uint8(code - 1)
	}
	return codes
}

func zstdLLCode(l uint32) uint8 {
	if l < 64 {
		return zstdLLCodes[l]
	}
	return uint8(bits.Len32(l)) - 1 + 19
}

func zstdMLCode(m uint32) uint8 {
	if m < 128 {
		return zstdMLCodes[m]
	}
	return uint8(bits.Len32(m)) - 1 + 36
}

// fseEncoder codes symbols with one FSE table (the reference's
// FSE_buildCTable, FSE_initCState2 and FSE_encodeSymbol).
type fseEncoder struct {
	log    uint8
	states []uint16
	syms   []fseSymbol
}

type fseSymbol struct {
	deltaBits uint32
	deltaFind int32
}

func newFSEEncoder(log uint8, norm []int16) *fseEncoder {
	size := 1 << log
	e := &fseEncoder{log: log, states: make([]uint16, size), syms: make([]fseSymbol, len(norm))}
	// Spread the symbols over the table: the "less than 1" ones at its
	// top, the others stepping through the rest.
	symbol := make([]uint8, size)
	cumul := make([]int, len(norm)+1)
	high := size - 1
	for s, c := range norm {
		if c == -1 {
			cumul[s+1] = cumul[s] + 1
			symbol[high] = uint8(s)
			high--
		} else {
			cumul[s+1] = cumul[s] + int(c)
		}
	}
	step, pos := size>>1+size>>3+3, 0
	for s, c := range norm {
		for range max(c, 0) {
			symbol[pos] = uint8(s)
			for pos = (pos + step) & (size - 1); pos > high; pos = (pos + step) & (size - 1) {
			}
		}
	}
	for u, s := range symbol {
		e.states[cumul[s]] = uint16(size + u)
		cumul[s]++
	}
	total := int32(0)
	for s, c := range norm {
		if c == -1 || c == 1 {
			e.syms[s] = fseSymbol{uint32(log)<<16 - uint32(size), total - 1}
			total++
			continue
		}
		out := uint32(log) - uint32(bits.Len16(uint16(c-1))-1)
		e.syms[s] = fseSymbol{out<<16 - uint32(c)<<out, total - int32(c)}
		total += int32(c)
	}
	return e
}

// init returns the state that first codes symbol s.
func (e *fseEncoder) init(s uint8) uint32 {
	t := e.syms[s]
	nb := (t.deltaBits + 1<<15) >> 16
	v := nb<<16 - t.deltaBits
	return uint32(e.states[int32(v>>nb)+t.deltaFind])
}

// encode adds the bits that lead from state to symbol s's and returns
// the new state.
func (e *fseEncoder) encode(w *zstdBits, state uint32, s uint8) uint32 {
	t := e.syms[s]
	nb := (state + t.deltaBits) >> 16
	w.add(state, uint8(nb))
	return uint32(e.states[int32(state>>nb)+t.deltaFind])
}
