//go:build !amd64 || noasm

package vec

func shiftBytes(size int, left bool, d, a []byte, n, keep, sign uint64) { panic("vec: no AVX2") }
