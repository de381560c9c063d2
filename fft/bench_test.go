package fft

import (
	"context"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// BenchmarkLastAxis times the 1-d transforms along the last axis of a
// 200x4000 array in (100, 4000) chunks, the survey's layout, computed
// and summed (lanes per second: b.SetBytes counts the input's bytes).
func BenchmarkLastAxis(b *testing.B) {
	const rows, n = 200, 4000
	v := make([]float64, rows*n)
	for i := range v {
		v[i] = float64(i%977) / 977
	}
	x := array.FromSlice(v, []int{rows, n}, chunk.Regular(100, n))
	xc := x.AsType(chunk.Complex128)
	for _, c := range []struct {
		name  string
		bytes int
		expr  func() *array.Array
	}{
		{"fft-real", 8, func() *array.Array { return FFT(x).Real().Sum() }},
		{"fft-complex", 16, func() *array.Array { return FFT(xc).Real().Sum() }},
		{"ifft-complex", 16, func() *array.Array { return IFFT(xc).Real().Sum() }},
		{"rfft", 8, func() *array.Array { return RFFT(x).Real().Sum() }},
		{"irfft", 16, func() *array.Array { return IRFFT(xc, N(n)).Sum() }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(c.bytes * rows * n))
			for b.Loop() {
				if _, err := c.expr().Compute(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
