//go:build !amd64 || noasm

package inflate

import "encoding/binary"

// adlerBlocks adds the first len(q)&^15 bytes of q (at most 5536, so
// that nothing overflows) to the Adler-32 sums s1 and s2 and returns how
// many it added. Per 16 bytes, s2 gains 16·s1 plus the bytes weighted
// 16…1, and s1 their sum; the weighted sums come from one multiply per
// 8 bytes of 16-bit lanes (even and odd bytes apart), whose top lane
// collects lane·weight.
func adlerBlocks(s1, s2 uint32, q []byte) (uint32, uint32, int) {
	const (
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001
		even  = 8<<48 | 6<<32 | 4<<16 | 2 // weights of bytes 0, 2, 4, 6
		odd   = 7<<48 | 5<<32 | 3<<16 | 1 // weights of bytes 1, 3, 5, 7
	)
	m := len(q) &^ 15
	for q := q[:m]; len(q) >= 16; q = q[16:] {
		a, b := binary.LittleEndian.Uint64(q), binary.LittleEndian.Uint64(q[8:])
		ae, ao := a&lanes, a>>8&lanes
		be, bo := b&lanes, b>>8&lanes
		sa := uint32((ae + ao) * ones >> 48)
		sb := uint32((be + bo) * ones >> 48)
		wa := uint32((ae*even + ao*odd) >> 48)
		wb := uint32((be*even + bo*odd) >> 48)
		s2 += 16*s1 + 8*sa + wa + wb
		s1 += sa + sb
	}
	return s1, s2, m
}
