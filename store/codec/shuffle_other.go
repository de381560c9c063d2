//go:build !amd64 || noasm

package codec

func shuffleFast(dst, src []byte, n, typesize int, inverse bool) int { return 0 }

func transposeBitsFast(w []byte) int { return 0 }
