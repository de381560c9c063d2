package fft

import (
	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
)

// FFTFreq returns the n sample frequencies of an FFT of length n with
// sample spacing d: [0, 1, …, ⌈n/2⌉-1, -⌊n/2⌋, …, -1] / (d·n)
// (numpy.fft.fftfreq), float64, chunked by spec.
func FFTFreq(n int, d float64, spec chunk.Spec) *array.Array {
	if n < 1 {
		return fail("fftfreq", "n = %d; want at least 1", n)
	}
	v := make([]float64, n)
	for i := range v {
		k := i
		if i >= (n+1)/2 {
			k = i - n
		}
		v[i] = float64(k) / (d * float64(n))
	}
	return array.FromSlice(v, []int{n}, spec)
}

// RFFTFreq returns the n/2+1 nonnegative sample frequencies of an RFFT of
// length n with sample spacing d (numpy.fft.rfftfreq).
func RFFTFreq(n int, d float64, spec chunk.Spec) *array.Array {
	if n < 1 {
		return fail("rfftfreq", "n = %d; want at least 1", n)
	}
	v := make([]float64, n/2+1)
	for i := range v {
		v[i] = float64(i) / (d * float64(n))
	}
	return array.FromSlice(v, []int{len(v)}, spec)
}

// FFTShift moves the zero-frequency term to the center of the given axes,
// all by default (numpy.fft.fftshift): a roll by ⌊n/2⌋.
func FFTShift(x *array.Array, axes ...int) *array.Array { return shift("fftshift", x, axes, 1) }

// IFFTShift undoes FFTShift (numpy.fft.ifftshift): a roll by -⌊n/2⌋.
func IFFTShift(x *array.Array, axes ...int) *array.Array { return shift("ifftshift", x, axes, -1) }

func shift(op string, x *array.Array, axes []int, sign int) *array.Array {
	if x == nil {
		return fail(op, "nil array")
	}
	if x.Err() != nil {
		return x
	}
	nd := x.NDim()
	if axes == nil {
		for a := range nd {
			axes = append(axes, a)
		}
	}
	shifts := make([]int, len(axes))
	for i, a := range axes {
		if a < -nd || a >= nd {
			return fail(op, "axis %d out of range for %d dimensions", a, nd)
		}
		shifts[i] = sign * (x.Shape()[(a+nd)%nd] / 2)
	}
	if len(axes) == 0 {
		return x
	}
	return x.RollAxes(shifts, axes)
}
