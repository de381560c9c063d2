//go:build amd64 && !noasm

package codec

// lz4Sequences is lz4SequencesGo in assembly (lz4enc_amd64.s): the same
// search writing the same bytes, without the bounds checks and slice
// arithmetic Go spends on each probe. It needs lz4MatchEnd < len(src) <
// 2³² (lz4Compress's inputs hold at most MaxDecodedSize bytes).
//
//go:noescape
func lz4Sequences(dst, src []byte, accel int, mul, mask uint64, t *lz4Table) (d, anchor int)
