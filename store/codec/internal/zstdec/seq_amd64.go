//go:build amd64 && !noasm

package zstdec

import "golang.org/x/sys/cpu"

// haveSeqLoop reports whether seqLoop may run: it needs SSSE3 (PSHUFB)
// for matches at distances under 16, and BMI2 (SHLX, SHRX) to read bits.
var haveSeqLoop = cpu.X86.HasSSSE3 && cpu.X86.HasBMI2

// seqLoop decodes and executes sequences from s.i down, while s.i > 0
// (the last sequence reads no state update) and the bit stream has 16
// bytes left, and returns what stopped it (seqStopped, seqPending or an
// error). It executes a sequence only when it ends by s.limit; it may
// then write up to 63 bytes past it (the slack), and read as far past
// the literals.
// Its pure-Go twin is the loop of sequences.
//
//go:noescape
func seqLoop(s *seqState) int

// shufTab[off] spreads the first off bytes of a 16-byte load over all
// 16 (byte k takes byte k mod off), and stepTab[off] is the largest
// multiple of off up to 16: storing the spread pattern every step bytes
// writes a match at distance off.
var (
	shufTab [16][16]byte
	stepTab [16]uint64
)

func init() {
	for off := 1; off < 16; off++ {
		for k := range 16 {
			shufTab[off][k] = byte(k % off)
		}
		stepTab[off] = uint64(16 / off * off)
	}
}

// haveHufLoop reports whether huf4Loop may run: it needs BMI1 (TZCNT)
// and BMI2 (SHLX).
var haveHufLoop = cpu.X86.HasBMI1 && cpu.X86.HasBMI2

// huf4Loop decodes the four Huffman streams st, whose outputs start at
// out, out+q, out+2q and out+3q, in at most groups rounds of ten
// symbols of each, while every stream has the bytes left before its
// current word for a round, and returns how many symbols of each it
// decoded. Its
// pure-Go twin is the loop after it in huf4Streams.
//
//go:noescape
func huf4Loop(out *byte, q, groups int, cells *[1 << maxHufBits]uint16, st *[4]hufStream) int

// huf4PairLoop decodes the four Huffman streams st with pairs (see
// hufTable.pairs), one or two symbols a lookup, stream k writing at
// out+op[k] and never at or past out+end[k], in rounds of five lookups
// of each stream while every stream has room in its output for a round
// and the bytes left before its current word for a refill, and advances
// op to where each stream stopped. Its pure-Go fallback is hufTail,
// which finishes each stream.
//
//go:noescape
func huf4PairLoop(out *byte, op, end *[4]int, pairs *[1 << maxHufBits]uint32, st *[4]hufStream)

// huf8Loop decodes two sections of four Huffman streams at once: st[k]
// writes at out+k*q, the first section's streams (0-3) with cells[0],
// the second's with cells[1], in at most groups rounds of ten symbols of
// each, while every stream has the bytes left before its current word
// for a round, and returns how many symbols of each it decoded. Eight
// streams' chains of lookups overlap where four leave the core waiting.
//
//go:noescape
func huf8Loop(out *byte, q, groups int, cells *[2][1 << maxHufBits]uint16, st *[8]hufStream) int
