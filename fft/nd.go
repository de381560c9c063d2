package fft

import (
	"github.com/chunkwise/chunkwise/array"
)

// multi transforms x over several axes, the last one first (as NumPy),
// with the real-input (r2c) or real-output (c2r) step on the last axis.
// two selects the 2-d default axes.
func multi(op string, x *array.Array, k kind, inverse, two bool, opts []Option) *array.Array {
	c, bad := parse(op, x, opts)
	if bad != nil {
		return bad
	}
	nd := x.NDim()
	axes := c.axes
	switch {
	case axes != nil && c.n != nil && len(axes) != len(c.n):
		return fail(op, "%d lengths for %d axes", len(c.n), len(axes))
	case axes != nil:
	case c.n != nil:
		if len(c.n) > nd {
			return fail(op, "%d lengths for %d dimensions", len(c.n), nd)
		}
		for a := nd - len(c.n); a < nd; a++ {
			axes = append(axes, a)
		}
	case two:
		if nd < 2 {
			return fail(op, "a %d-d array has no last two axes", nd)
		}
		axes = []int{nd - 2, nd - 1}
	default:
		for a := range nd {
			axes = append(axes, a)
		}
	}
	if len(axes) == 0 {
		return x // NumPy returns the input (as its transform's dtype)
	}
	n := make([]int, len(axes))
	for i := range n {
		n[i] = -1
		if c.n != nil {
			n[i] = c.n[i]
		}
	}
	last := len(axes) - 1
	if k == r2c {
		x = transform(op, x, axes[last], n[last], r2c, false, c.norm)
		axes, n = axes[:last], n[:last]
	}
	stop := 0
	if k == c2r {
		stop = 1
	}
	for i := len(axes) - 1 - stop; i >= 0; i-- {
		x = transform(op, x, axes[i], n[i], c2c, inverse, c.norm)
	}
	if k == c2r {
		x = transform(op, x, axes[last], n[last], c2r, true, c.norm)
	}
	return x
}

// FFT2 is FFTN over the last two axes by default (numpy.fft.fft2).
func FFT2(x *array.Array, opts ...Option) *array.Array {
	return multi("fft2", x, c2c, false, true, opts)
}

// IFFT2 is the inverse of FFT2 (numpy.fft.ifft2).
func IFFT2(x *array.Array, opts ...Option) *array.Array {
	return multi("ifft2", x, c2c, true, true, opts)
}

// FFTN returns the N-d discrete Fourier transform over the given axes,
// all by default, or the last len(N) when only N is given
// (numpy.fft.fftn).
func FFTN(x *array.Array, opts ...Option) *array.Array {
	return multi("fftn", x, c2c, false, false, opts)
}

// IFFTN is the inverse of FFTN (numpy.fft.ifftn).
func IFFTN(x *array.Array, opts ...Option) *array.Array {
	return multi("ifftn", x, c2c, true, false, opts)
}

// RFFT2 is RFFTN over the last two axes by default (numpy.fft.rfft2).
func RFFT2(x *array.Array, opts ...Option) *array.Array {
	return multi("rfft2", x, r2c, false, true, opts)
}

// IRFFT2 is the inverse of RFFT2 (numpy.fft.irfft2).
func IRFFT2(x *array.Array, opts ...Option) *array.Array {
	return multi("irfft2", x, c2r, true, true, opts)
}

// RFFTN is the N-d transform of real input: RFFT over the last axis, FFT
// over the others (numpy.fft.rfftn).
func RFFTN(x *array.Array, opts ...Option) *array.Array {
	return multi("rfftn", x, r2c, false, false, opts)
}

// IRFFTN is the inverse of RFFTN (numpy.fft.irfftn): the last axis has
// 2(m-1) real values unless N says otherwise.
func IRFFTN(x *array.Array, opts ...Option) *array.Array {
	return multi("irfftn", x, c2r, true, false, opts)
}
