//go:build !amd64 || noasm

package chunk

var useDeinterleave3 bool

func deinterleave3(d0, d1, d2, s *byte, groups int) { panic("chunk: no SSSE3") }
