//go:build amd64 && !noasm

package vec

// roundF64 and roundF32 hold RoundFloat64's and RoundFloat32's AVX loops,
// by mode, over a multiple of sixteen elements.
var (
	roundF64 = [...]func(d, x []float64){RoundEven: roundEvenF64, RoundFloor: floorF64, RoundCeil: ceilF64, RoundTrunc: truncF64}
	roundF32 = [...]func(d, x []float32){RoundEven: roundEvenF32, RoundFloor: floorF32, RoundCeil: ceilF32, RoundTrunc: truncF32}
)

//go:noescape
func roundEvenF64(d, x []float64)

//go:noescape
func floorF64(d, x []float64)

//go:noescape
func ceilF64(d, x []float64)

//go:noescape
func truncF64(d, x []float64)

//go:noescape
func roundEvenF32(d, x []float32)

//go:noescape
func floorF32(d, x []float32)

//go:noescape
func ceilF32(d, x []float32)

//go:noescape
func truncF32(d, x []float32)
