//go:build !amd64 || noasm

package vec

var (
	roundF64 [RoundTrunc + 1]func(d, x []float64)
	roundF32 [RoundTrunc + 1]func(d, x []float32)
)
