//go:build !amd64 || noasm

package vec

var useCompress bool

func compress64(d, src []uint64, flags []byte) (n, q int) { panic("vec: no AVX-512") }
func compress32(d, src []uint32, flags []byte) (n, q int) { panic("vec: no AVX-512") }

func partitionLess(v, tmp []float64, pivot float64) (l, r int) { panic("vec: no AVX-512") }
