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

// BenchmarkComplexOps times the complex elementwise ops that commonly
// follow a transform, on a 2000x2000 complex128 array (and complex64 for
// abs) in (500, 2000) chunks, each summed.
func BenchmarkComplexOps(b *testing.B) {
	const n = 2000
	v := make([]complex128, n*n)
	for i := range v {
		v[i] = complex(float64(i%977)/977-0.5, float64(i%1013)/1013-0.5)
	}
	x := array.FromSlice(v, []int{n, n}, chunk.Regular(500, n))
	x64 := x.AsType(chunk.Complex64)
	for _, c := range []struct {
		name string
		expr func() *array.Array
	}{
		{"add-scalar", func() *array.Array { return x.Add(1).Real().Sum() }},
		{"real", func() *array.Array { return x.Real().Sum() }},
		{"imag", func() *array.Array { return x.Imag().Sum() }},
		{"abs", func() *array.Array { return x.Abs().Sum() }},
		{"abs-c64", func() *array.Array { return x64.Abs().Sum() }},
		{"angle", func() *array.Array { return x.Angle().Sum() }},
		{"mul-real-scalar", func() *array.Array { return x.Mul(2.5).Imag().Sum() }},
		{"power", func() *array.Array { return x.Mul(x.Conj()).Real().Sum() }},
		{"div", func() *array.Array { return x.Div(x.Add(1i)).Real().Sum() }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(16 * n * n)
			for b.Loop() {
				if _, err := c.expr().Compute(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
