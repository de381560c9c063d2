//go:build !amd64 || noasm

package vec

func cmpI8(eq bool, d []bool, a, b []uint8, bias uint8, not bool)    { panic("vec: no AVX2") }
func cmpI16(eq bool, d []bool, a, b []uint16, bias uint16, not bool) { panic("vec: no AVX2") }
