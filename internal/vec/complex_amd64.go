//go:build amd64 && !noasm

package vec

//go:noescape
func absC128(d []float64, x []complex128)

//go:noescape
func absC64(d []float32, x []complex64)

//go:noescape
func partC(d []float64, x []complex128, idx *[8]int32)

//go:noescape
func mulC128(d, a, b []complex128)

//go:noescape
func mulC64(d, a, b []complex64)

//go:noescape
func flipC128(d, x []complex128, lo, hi uint64)

//go:noescape
func scaleC128(d, x []complex128, re, im float64)

//go:noescape
func divC128(d, a, b []complex128) bool

//go:noescape
func divC64(d, a, b []complex64) bool
