//go:build !amd64 || noasm

package zstdec

const haveSeqLoop = false

func seqLoop(s *seqState) int { panic("zstdec: no assembly sequence loop") }

const haveHufLoop = false

func huf4Loop(out *byte, q, groups int, cells *[1 << maxHufBits]uint16, st *[4]hufStream) int {
	panic("zstdec: no assembly Huffman loop")
}

func huf4PairLoop(out *byte, op, end *[4]int, pairs *[1 << maxHufBits]uint32, st *[4]hufStream) {
	panic("zstdec: no assembly Huffman loop")
}

func huf8Loop(out *byte, q, groups int, cells *[2][1 << maxHufBits]uint16, st *[8]hufStream) int {
	panic("zstdec: no assembly Huffman loop")
}
