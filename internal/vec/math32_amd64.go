//go:build amd64 && !noasm

package vec

// The AVX-512 loops of math32.go, each over a multiple of eight elements.

//go:noescape
func expF32x8(d, x []float32)

//go:noescape
func exp2F32x8(d, x []float32)

//go:noescape
func expm1F32x8(d, x []float32)

// logF32x8 sets d[i] = ln x[i] · scale (LogFloat32's loop for scale 1).
//
//go:noescape
func logF32x8(d, x []float32, scale float64)

//go:noescape
func log1pF32x8(d, x []float32)

//go:noescape
func sinhF32x8(d, x []float32)

//go:noescape
func coshF32x8(d, x []float32)

//go:noescape
func asinF32x8(d, x []float32)

//go:noescape
func acosF32x8(d, x []float32)

//go:noescape
func asinhF32x8(d, x []float32)

//go:noescape
func acoshF32x8(d, x []float32)

//go:noescape
func atanhF32x8(d, x []float32)

//go:noescape
func cbrtF32x8(d, x []float32)

// tanF32x8 returns non-zero when some |x| exceeds trigMax32 (or is NaN).
//
//go:noescape
func tanF32x8(d, x []float32) int

//go:noescape
func logAddExpF32x8(d, a, b []float32)

//go:noescape
func atan2F32x8(d, y, x []float32)
