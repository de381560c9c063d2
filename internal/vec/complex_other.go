//go:build !amd64 || noasm

package vec

func absC128(d []float64, x []complex128)              { panic("vec: no AVX2") }
func absC64(d []float32, x []complex64)                { panic("vec: no AVX2") }
func partC(d []float64, x []complex128, idx *[8]int32) { panic("vec: no AVX2") }
func mulC128(d, a, b []complex128)                     { panic("vec: no AVX2") }
func mulC64(d, a, b []complex64)                       { panic("vec: no AVX2") }
func flipC128(d, x []complex128, lo, hi uint64)        { panic("vec: no AVX2") }
func scaleC128(d, x []complex128, re, im float64)      { panic("vec: no AVX2") }
func divC128(d, a, b []complex128) bool                { panic("vec: no AVX2") }
func divC64(d, a, b []complex64) bool                  { panic("vec: no AVX2") }
