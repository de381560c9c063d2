package inflate

import "math/bits"

// A table entry is a uint32. For every kind of entry, bits 0–7 hold the
// number of input bits the symbol consumes (code length plus extra bits)
// and bits 8–11 the code length, where the extra bits start, both
// counted from the symbol's first bit also in a subtable; a pointer to
// a subtable consumes nothing (so a symbol is consumed in one step and
// can be left undecoded) and holds the subtable's index bits, the bits
// after the main table's, in bits 8–11. The value (literal byte, base
// length or distance, subtable start) is in bits 16 and up, below the
// flags of literal/length entries.
const (
	litFlag    = 1 << 31 // literal/length entry: a literal byte
	excFlag    = 1 << 30 // literal/length entry: end of block, subtable or invalid
	subFlag    = 1 << 29 // literal/length entry (with excFlag): subtable pointer
	eobFlag    = 1 << 28 // literal/length entry (with excFlag): end of block
	litValMask = 0xfff   // literal/length value bits above 16

	distSubFlag = 1 << 14 // distance entry: subtable pointer
	distBadFlag = 1 << 15 // distance entry: invalid symbol or unused code
)

const (
	numLitlen = 288 // literal/length symbols, 286 and 287 invalid
	numDist   = 32  // distance symbols, 30 and 31 invalid
	numPre    = 19  // code length (precode) symbols

	litBits  = 11 // index bits of the literal/length main table
	distBits = 8  // index bits of the distance main table
	preBits  = 7  // the longest precode codeword

	// The most entries a main table and its subtables need, over all
	// complete codes (zlib's "enough" program: 288 symbols at 11 bits,
	// 32 at 8, lengths up to 15).
	litTableSize  = 2342
	distTableSize = 402
	preTableSize  = 1 << preBits
)

// litResults holds what each literal/length symbol decodes to, without
// the code length: literals, end of block, and lengths as base and
// extra-bit count.
var litResults = func() (r [numLitlen]uint32) {
	for i := range 256 {
		r[i] = litFlag | uint32(i)<<16
	}
	r[256] = excFlag | eobFlag
	base := uint32(3)
	for sym := 257; sym < 285; sym++ {
		extra := uint32(0)
		if sym >= 265 {
			extra = uint32(sym-261) / 4
		}
		r[sym] = base<<16 | extra
		base += 1 << extra
	}
	r[285] = 258 << 16
	r[286], r[287] = excFlag, excFlag // invalid
	return r
}()

// distResults holds each distance symbol's base and extra-bit count.
var distResults = func() (r [numDist]uint32) {
	base := uint32(1)
	for sym := range 30 {
		extra := uint32(0)
		if sym >= 4 {
			extra = uint32(sym-2) / 2
		}
		r[sym] = base<<16 | extra
		base += 1 << extra
	}
	r[30], r[31] = distBadFlag, distBadFlag
	return r
}()

// preResults holds each precode symbol (its value in bits 16 and up).
var preResults = func() (r [numPre]uint32) {
	for i := range r {
		r[i] = uint32(i) << 16
	}
	return r
}()

// fixedLit and fixedDist are the tables of the fixed Huffman code
// (RFC 1951 section 3.2.6).
var fixedLit, fixedDist = func() (*[litTableSize]uint32, *[distTableSize]uint32) {
	var lens [numLitlen + numDist]uint8
	for i := range numLitlen {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	for i := range numDist {
		lens[numLitlen+i] = 5
	}
	lit, dist := new([litTableSize]uint32), new([distTableSize]uint32)
	if !buildTable(lit[:], lens[:numLitlen], litResults[:], litBits, excFlag|subFlag, excFlag) ||
		!buildTable(dist[:], lens[numLitlen:], distResults[:], distBits, distSubFlag, distBadFlag) {
		panic("inflate: fixed code tables")
	}
	return lit, dist
}()

// buildTable fills table, a main table of 1<<tableBits entries followed
// by subtables, for the canonical Huffman code whose code lengths
// (0 to 15; 0 for unused symbols) are lens; results[sym] holds symbol
// sym's entry without its code length. A subtable pointer carries
// subFlag, and bad fills the entries no codeword reaches. It reports
// false when the lengths do not form a complete code, a code with one
// codeword of length 1, or an empty code.
//
// As in libdeflate, the main table is filled by doubling: with the
// codewords up to length l placed in its first 1<<l entries, copying
// those entries after themselves places them for length l+1, where only
// the codewords of that length remain to be stored, one entry each. So
// most of the table is written by copy, not by a store per entry.
func buildTable(table []uint32, lens []uint8, results []uint32, tableBits uint, subFlag, bad uint32) bool {
	var count [16]int
	for _, l := range lens {
		count[l&15]++
	}
	return buildCounted(table, lens, &count, results, tableBits, subFlag, bad)
}

// buildCounted is buildTable given count[l], the number of lengths l
// in lens (count[0] is ignored), which readCodes counts as it reads
// them.
func buildCounted(table []uint32, lens []uint8, count *[16]int, results []uint32, tableBits uint, subFlag, bad uint32) bool {
	left := 1 // codewords of the current length not yet assigned
	maxLen := 0
	for l := 1; l <= 15; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false // over-subscribed
		}
		if count[l] != 0 {
			maxLen = l
		}
	}
	mainSize := 1 << tableBits
	if left != 0 {
		// Empty, or one codeword of length 1, or invalid: entries that
		// no codeword fills must fail.
		if maxLen > 1 || count[1] > 1 {
			return false // incomplete
		}
		e := bad
		for sym, l := range lens {
			if l != 0 {
				e = results[sym] + 1<<8 + 1
			}
		}
		for i := range table[:mainSize] {
			table[i] = bad
		}
		for i := 0; i < mainSize; i += 2 {
			table[i] = e // codeword 0
		}
		return true
	}

	// Symbols sorted by code length, then by value: the canonical order,
	// in which codewords increase.
	var offset [16]int
	for l := 1; l < 15; l++ {
		offset[l+1] = offset[l] + count[l]
	}
	var sorted [numLitlen]uint16
	for sym, l := range lens {
		if l != 0 {
			sorted[offset[l&15]] = uint16(sym)
			offset[l&15]++
		}
	}

	// Codewords up to tableBits long, stored at their bit-reversed value
	// (as the stream's bits index the table): code is the next codeword,
	// end the filled part's size.
	l := 1
	for count[l] == 0 {
		l++
	}
	code, end, k := 0, 1<<l, 0
	for ; l <= min(maxLen, int(tableBits)); l++ {
		if 1<<l > end {
			copy(table[end:2*end], table[:end])
			end *= 2
			code <<= 1
		}
		for _, sym := range sorted[k : k+count[l]] {
			table[reverse(code, l)] = results[sym] + uint32(l)<<8 + uint32(l)
			code++
		}
		k += count[l]
	}
	for ; end < mainSize; end *= 2 {
		copy(table[end:2*end], table[:end])
	}
	if maxLen <= int(tableBits) {
		return true
	}

	// Longer codewords: their first tableBits bits pick a subtable.
	remaining := *count // codewords of each length not yet placed
	subStart, subBits, prefix := 0, uint(0), -1
	next := mainSize // where the next subtable starts
	for ; l <= maxLen; l++ {
		code <<= 1
		for _, sym := range sorted[k : k+count[l]] {
			rev := reverse(code, l)
			code++
			if p := rev & (mainSize - 1); p != prefix {
				// Size the subtable to hold every codeword with this
				// prefix: grow it until the codewords left at its
				// lengths fill it.
				prefix = p
				subBits = uint(l) - tableBits
				fill := 1<<subBits - remaining[l]
				for fill > 0 && int(tableBits+subBits) < 15 {
					subBits++
					fill = fill<<1 - remaining[int(tableBits+subBits)]
				}
				subStart = next
				next += 1 << subBits
				if next > len(table) {
					return false
				}
				table[p] = subFlag | uint32(subStart)<<16 | uint32(subBits)<<8
			}
			remaining[l]--
			e := results[sym] + uint32(l)<<8 + uint32(l)
			for i := rev >> tableBits; i < 1<<subBits; i += 1 << (uint(l) - tableBits) {
				table[subStart+i] = e
			}
		}
		k += count[l]
	}
	return true
}

// reverse returns the l-bit codeword code bit-reversed, as the stream
// holds it. (Computed apart from the next codeword, unlike a reversed
// increment, it is off the loop's chain of dependences.)
func reverse(code, l int) int {
	return int(bits.Reverse16(uint16(code)) >> (16 - l))
}
