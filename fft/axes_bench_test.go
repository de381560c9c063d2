package fft

import (
	"context"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// BenchmarkSurvey times the survey's FFT entries on a 4000x4000 array
// in (100, 4000) chunks, and transforms of it along the first axis.
func BenchmarkSurvey(b *testing.B) {
	const n = 4000
	v := make([]float64, n*n)
	for i := range v {
		v[i] = float64(i%977) / 977
	}
	rows := array.FromSlice(v, []int{n, n}, chunk.Regular(100, n))
	cols := array.FromSlice(v, []int{n, n}, chunk.Regular(n, 100))
	colsC := cols.AsType(chunk.Complex128)
	for _, c := range []struct {
		name string
		expr func() *array.Array
	}{
		{"rfft-last-abs-sum0", func() *array.Array { return RFFT(rows, Axes(1)).Abs().Sum(array.Axis(0)) }},
		{"fft-last-real-sum", func() *array.Array { return FFT(rows, Axes(1)).Real().Sum() }},
		{"fft-first-real-sum", func() *array.Array { return FFT(cols, Axes(0)).Real().Sum() }},
		{"fft-first-complex-real-sum", func() *array.Array { return FFT(colsC, Axes(0)).Real().Sum() }},
		{"fft2-real-sum", func() *array.Array { return FFT2(rows).Real().Sum() }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(8 * n * n)
			for b.Loop() {
				if _, err := c.expr().Compute(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
