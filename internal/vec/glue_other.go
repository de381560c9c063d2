//go:build !amd64 || noasm

package vec

func affineF64(d, x []float64, a, b float64)     { panic("vec: no AVX2") }
func withinF64(x []float64, lo, hi float64) bool { panic("vec: no AVX2") }
func copySignF64(d, x []float64)                 { panic("vec: no AVX2") }

func splitLog2F64(f, e, x []float64) { panic("vec: no AVX2") }

func pow2F64(d, k []float64) { panic("vec: no AVX2") }

func signF64(d, x []uint64) { panic("vec: no AVX2") }

func signF32(d, x []uint32) { panic("vec: no AVX2") }
