//go:build !amd64 || noasm

package codec

func lz4Sequences(dst, src []byte, accel int, mul, mask uint64, t *lz4Table) (d, anchor int) {
	return lz4SequencesGo(dst, src, accel, mul, mask, t)
}
