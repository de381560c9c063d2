package codec

import (
	"encoding/binary"
	"math/bits"
	"sync"
)

// The LZ4 block compressor: a greedy single-probe search over a hash
// table of 4096 positions (16 KiB, which stays in the L1 cache), the
// reference library's fast mode and its acceleration: after every 64
// probes without a match the search steps acceleration more bytes at a
// time, so incompressible data costs little.
const (
	lz4HashLog     = 12
	lz4MinMatch    = 4
	lz4LastLits    = 5  // a block ends with at least 5 literals
	lz4MatchEnd    = 12 // and its last match starts at least 12 bytes before the end
	lz4MaxOffset   = 1<<16 - 1
	lz4SkipTrigger = 6
	lz4MaxAccel    = 1 << 16
)

type lz4Table [1 << lz4HashLog]uint32

var lz4Tables = sync.Pool{New: func() any { return new(lz4Table) }}

// lz4Bound is the largest block lz4Compress writes for n bytes: all
// literals, with one length byte per 255.
func lz4Bound(n int) int { return n + n/255 + 16 }

// lz4Matching returns how the search matches positions for matches of
// at least minMatch bytes (4 to 8): they hash by their first 5 bytes, or
// minMatch if more (mul, a multiplier that drops the other bytes, for
// lz4Hash), and match when the bytes in mask are equal.
func lz4Matching(minMatch int) (mul, mask uint64) {
	mul, mask = 889523592379<<(64-8*max(minMatch, 5)), ^uint64(0)
	if minMatch < 8 {
		mask = 1<<(8*minMatch) - 1
	}
	return mul, mask
}

// lz4Mul and lz4Mask are LZ4's: 4-byte matches.
var lz4Mul, lz4Mask = lz4Matching(lz4MinMatch)

// lz4Hash returns the table index of the bytes x.
func lz4Hash(x, mul uint64) uint64 { return x * mul >> (64 - lz4HashLog) }

func load32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }
func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

// lz4Compress writes src as one raw LZ4 block into dst and returns its
// length, or 0 when the block would not fit in len(dst) (it never
// writes past len(dst); lz4Bound(len(src)) bytes always suffice).
// Acceleration below 1 is 1.
func lz4Compress(dst, src []byte, accel int) int {
	accel = min(max(accel, 1), lz4MaxAccel)
	d, anchor := 0, 0
	if len(src) > lz4MatchEnd {
		t := lz4Tables.Get().(*lz4Table)
		clear(t[:])
		d, anchor = lz4Sequences(dst, src, accel, lz4Mul, lz4Mask, t)
		lz4Tables.Put(t)
		if d < 0 {
			return 0
		}
	}
	lit := len(src) - anchor
	if d+1+lit+(lit+240)/255 > len(dst) {
		return 0
	}
	d = lz4Token(dst, d, lit, 0)
	d += copy(dst[d:], src[anchor:])
	return d
}

// lz4SequencesGo writes the block's sequences (literals and a match
// each, matched as lz4Matching's mul and mask say) into dst and returns
// the output length and where the final literals start, or d < 0 when
// dst is too short. It is the reference for the assembly kernel
// (lz4enc_amd64.s), which must write the same bytes. LZ4 asks for 4-byte
// matches, Zstandard's fast encoder for 6.
func lz4SequencesGo(dst, src []byte, accel int, mul, mask uint64, t *lz4Table) (d, anchor int) {
	last := len(src) - lz4MatchEnd  // the last position a match may start at
	limit := len(src) - lz4LastLits // matches end before the final literals
	t[lz4Hash(load64(src, 0), mul)] = 0
	ip, ref := 1, 0
	for {
		if ip, ref = lz4Search(src, t, ip, last, accel, mul, mask); ip > last {
			return d, anchor
		}
		for ip > anchor && ref > 0 && src[ip-1] == src[ref-1] { // extend backwards
			ip--
			ref--
		}
		lit := ip - anchor
		if d+lit+lit/255+16 > len(dst) {
			return -1, 0
		}
		tok := d
		d = lz4Token(dst, d, lit, 0)
		if lit <= 32 {
			// Short literals go 8 bytes at a time, past their end: the
			// room check left 8 bytes of slack and src holds at least
			// 12 more bytes from ip.
			for k := 0; k < lit; k += 8 {
				binary.LittleEndian.PutUint64(dst[d+k:], load64(src, anchor+k))
			}
			d += lit
		} else {
			d += copy(dst[d:], src[anchor:ip])
		}
		for {
			binary.LittleEndian.PutUint16(dst[d:], uint16(ip-ref))
			d += 2
			m := matchLen(src, ip+lz4MinMatch, ref+lz4MinMatch, limit)
			ip += lz4MinMatch + m
			if d+m/255+6 > len(dst) {
				return -1, 0
			}
			if m >= 15 {
				dst[tok] |= 15
				d = lz4Extend(dst, d, m-15)
			} else {
				dst[tok] |= byte(m)
			}
			anchor = ip
			if ip > last {
				return d, anchor
			}
			t[lz4Hash(load64(src, ip-2), mul)] = uint32(ip - 2)
			// A match right here continues without literals.
			x := load64(src, ip)
			h := lz4Hash(x, mul)
			ref = int(t[h])
			t[h] = uint32(ip)
			if ip-ref > lz4MaxOffset || (load64(src, ref)^x)&mask != 0 {
				break
			}
			tok = d
			dst[d] = 0
			d++
		}
		ip++
	}
}

// lz4Search probes position after position from ip for a match (the
// bytes in mask equal) within 64 KiB, entering each into t, and returns
// the first match's position and reference, or a position past last when
// there is none. After every 64 probes without a match it steps accel
// more bytes.
func lz4Search(src []byte, t *lz4Table, ip, last, accel int, mul, mask uint64) (int, int) {
	step, probes := 1, accel<<lz4SkipTrigger
	for ip <= last {
		x := load64(src, ip)
		h := lz4Hash(x, mul)
		ref := int(t[h])
		t[h] = uint32(ip)
		if ip-ref <= lz4MaxOffset && (load64(src, ref)^x)&mask == 0 {
			return ip, ref
		}
		ip += step
		step = probes >> lz4SkipTrigger
		probes++
	}
	return ip, 0
}

// lz4Token writes a token at dst[d] with literal length lit (its high
// nibble) and match nibble m, then lit's extension bytes, and returns
// the next position.
func lz4Token(dst []byte, d, lit int, m byte) int {
	if lit < 15 {
		dst[d] = byte(lit)<<4 | m
		return d + 1
	}
	dst[d] = 15<<4 | m
	return lz4Extend(dst, d+1, lit-15)
}

// lz4Extend writes the extension bytes of a length's remainder r: 255s
// and a final byte below 255.
func lz4Extend(dst []byte, d, r int) int {
	for ; r >= 255; r -= 255 {
		dst[d] = 255
		d++
	}
	dst[d] = byte(r)
	return d + 1
}

// matchLen returns how many bytes from src[i:] equal those from src[j:],
// stopping at limit (i > j).
func matchLen(src []byte, i, j, limit int) int {
	start := i
	for i+8 <= limit {
		if x := load64(src, i) ^ load64(src, j); x != 0 {
			return i - start + bits.TrailingZeros64(x)>>3
		}
		i += 8
		j += 8
	}
	for i < limit && src[i] == src[j] {
		i++
		j++
	}
	return i - start
}
