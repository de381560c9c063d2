//go:build !amd64 || noasm

package vec

// usePowAVX512 tells whether powF64x8 runs: never without assembly.
var usePowAVX512 bool

func powF64x8(d, x, y []float64) int { panic("vec: no AVX-512") }

func powF32x8(d, x, y []float32) int { panic("vec: no AVX-512") }

func trigF64x8(d, x []float64, octants int64, sign uint64) int { panic("vec: no AVX-512") }

func atanF64x8(d, x []float64) { panic("vec: no AVX-512") }
