//go:build !amd64 || noasm

package chunk

var useTransposeAVX2 bool

func transposeTile32(dst []uint32, ds int, src []uint32, ss int, r, c int) {
	panic("chunk: no AVX2")
}

func transposeTile64(dst []uint64, ds int, src []uint64, ss int, r, c int) {
	panic("chunk: no AVX2")
}
