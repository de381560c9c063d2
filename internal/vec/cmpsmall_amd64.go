//go:build amd64 && !noasm

package vec

// cmpI8 and cmpI16 are CompareSmall's AVX2 loops over a multiple of 32
// elements: d[i] = a[i]^bias == b[i]^bias when eq, else a[i]^bias >
// b[i]^bias as signed integers; negated when not.
//
//go:noescape
func cmpI8(eq bool, d []bool, a, b []uint8, bias uint8, not bool)

//go:noescape
func cmpI16(eq bool, d []bool, a, b []uint16, bias uint16, not bool)
