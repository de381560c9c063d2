//go:build !amd64 || noasm

package codec

func lz4Sequences(dst, src []byte, accel int, t *lz4Table) (d, anchor int) {
	return lz4SequencesGo(dst, src, accel, lz4MinMatch, t)
}
