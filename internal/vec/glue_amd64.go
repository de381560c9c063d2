//go:build amd64 && !noasm

package vec

//go:noescape
func affineF64(d, x []float64, a, b float64)

//go:noescape
func withinF64(x []float64, lo, hi float64) bool

//go:noescape
func copySignF64(d, x []float64)

//go:noescape
func splitLog2F64(f, e, x []float64)

//go:noescape
func pow2F64(d, k []float64)

//go:noescape
func signF64(d, x []uint64)

//go:noescape
func signF32(d, x []uint32)
