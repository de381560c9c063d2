//go:build !amd64 || noasm

package codec

func bitunshuffleFast(dst, src, tmp []byte, typesize, n int) bool { return false }

func bitshuffleFast(dst, src, tmp []byte, typesize, n int) bool { return false }
