//go:build amd64 && !noasm

package vec

// roundF64 and roundF32 run RoundFloat64's and RoundFloat32's AVX loop
// for mode m over a multiple of sixteen elements. They call the loops
// directly, not through a table of funcs, so that d and x do not escape
// (callers round buffers on their stack).
func roundF64(m RoundMode, d, x []float64) {
	switch m {
	case RoundEven:
		roundEvenF64(d, x)
	case RoundFloor:
		floorF64(d, x)
	case RoundCeil:
		ceilF64(d, x)
	default:
		truncF64(d, x)
	}
}

func roundF32(m RoundMode, d, x []float32) {
	switch m {
	case RoundEven:
		roundEvenF32(d, x)
	case RoundFloor:
		floorF32(d, x)
	case RoundCeil:
		ceilF32(d, x)
	default:
		truncF32(d, x)
	}
}

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
