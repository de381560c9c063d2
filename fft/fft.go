package fft

import (
	"fmt"
	"math"
	"slices"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/fft/internal/kernel"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// Norm is the scaling of a transform pair, NumPy's norm argument.
type Norm string

// The scalings: Backward (the default) leaves the forward transform
// unscaled and scales the inverse by 1/n; Ortho scales both by 1/√n;
// Forward scales the forward transform by 1/n.
const (
	Backward Norm = "backward"
	Ortho    Norm = "ortho"
	Forward  Norm = "forward"
)

// Option configures a transform.
type Option func(*config)

type config struct {
	n    []int // nil: the input's lengths
	axes []int // nil: the transform's default axes
	norm Norm
}

// N sets the length of each transformed axis (NumPy's n for the 1-d
// transforms, s for the others): the input is cropped or zero-padded to
// it; for IRFFT-like transforms it is the output length.
func N(n ...int) Option { return func(c *config) { c.n = slices.Clone(n) } }

// Axes sets the transformed axes (one for the 1-d transforms; default
// the last, the last two for the 2-d ones, all for the N-d ones).
func Axes(axes ...int) Option { return func(c *config) { c.axes = slices.Clone(axes) } }

// WithNorm sets the scaling (default Backward).
func WithNorm(n Norm) Option { return func(c *config) { c.norm = n } }

// kind is what a 1-d transform maps.
type kind uint8

const (
	c2c kind = iota // complex to complex
	r2c             // real to the n/2+1 nonnegative frequencies
	c2r             // n/2+1 frequencies to n real values
)

// scale returns the factor of a transform of length n.
func scale(norm Norm, n int, inverse bool) float64 {
	switch {
	case norm == Ortho:
		return 1 / math.Sqrt(float64(n))
	case (norm == Backward) == inverse:
		return 1 / float64(n)
	}
	return 1
}

func swap(norm Norm) Norm {
	switch norm {
	case Backward:
		return Forward
	case Forward:
		return Backward
	}
	return norm
}

func fail(op, format string, args ...any) *array.Array {
	return array.Errored(fmt.Errorf("fft: "+op+": "+format, args...))
}

func parse(op string, x *array.Array, opts []Option) (config, *array.Array) {
	c := config{norm: Backward}
	for _, o := range opts {
		o(&c)
	}
	if x == nil {
		return c, fail(op, "nil array")
	}
	if x.Err() != nil {
		return c, x
	}
	if c.norm != Backward && c.norm != Ortho && c.norm != Forward {
		return c, fail(op, "norm %q; want backward, ortho or forward", c.norm)
	}
	for _, n := range c.n {
		if n < 1 {
			return c, fail(op, "invalid number of data points (%d)", n)
		}
	}
	nd := x.NDim()
	for i, a := range c.axes {
		if a < -nd || a >= nd {
			return c, fail(op, "axis %d out of range for %d dimensions", a, nd)
		}
		c.axes[i] = (a + nd) % nd
		if slices.Contains(c.axes[:i], c.axes[i]) {
			return c, fail(op, "repeated axis %d", a)
		}
	}
	return c, nil
}

// one1d transforms x along one axis: the shared body of the 1-d
// transforms.
func one1d(op string, x *array.Array, k kind, inverse bool, opts []Option) *array.Array {
	c, bad := parse(op, x, opts)
	if bad != nil {
		return bad
	}
	if len(c.n) > 1 || len(c.axes) > 1 {
		return fail(op, "%d lengths and %d axes for a 1-d transform", len(c.n), len(c.axes))
	}
	if x.NDim() == 0 {
		return fail(op, "a 0-d array has no axis to transform")
	}
	axis := x.NDim() - 1
	if len(c.axes) == 1 {
		axis = c.axes[0]
	}
	n := -1
	if len(c.n) == 1 {
		n = c.n[0]
	}
	return transform(op, x, axis, n, k, inverse, c.norm)
}

// transform is one 1-d transform of x along axis with length n (-1: the
// default) and the given scaling.
func transform(op string, x *array.Array, axis, n int, k kind, inverse bool, norm Norm) *array.Array {
	if x.Err() != nil {
		return x
	}
	m := x.Shape()[axis]
	if n < 0 {
		n = m
		if k == c2r {
			n = 2 * (m - 1)
		}
	}
	if n < 1 {
		return fail(op, "invalid number of data points (%d) along axis %d", n, axis)
	}
	f := scale(norm, n, inverse)
	switch k {
	case r2c:
		return alongAxis(op, x.AsType(chunk.Float64), axis, n/2+1, func() func([]complex128, []float64) {
			p, pad := kernel.NewReal(n), []float64(nil)
			return func(dst []complex128, src []float64) {
				p.Forward(dst, fit(src, n, &pad))
				scaleTo(dst, f)
			}
		})
	case c2r:
		return alongAxis(op, x.AsType(chunk.Complex128), axis, n, func() func([]float64, []complex128) {
			p, pad := kernel.NewReal(n), []complex128(nil)
			return func(dst []float64, src []complex128) {
				p.Inverse(dst, fit(src, n/2+1, &pad))
				if f != 1 {
					vec.ScaleFloat64(dst, dst, f)
				}
			}
		})
	}
	if !x.DType().IsComplex() {
		return alongAxis(op, x.AsType(chunk.Float64), axis, n, realLanes(n, inverse, f))
	}
	return alongAxis(op, x.AsType(chunk.Complex128), axis, n, complexLanes(n, inverse, f))
}

// complexLanes returns a maker of lane functions for complex transforms
// of length n, scaled by f, of complex lanes.
func complexLanes(n int, inverse bool, f float64) func() func([]complex128, []complex128) {
	return func() func([]complex128, []complex128) {
		p := kernel.NewComplex(n)
		return func(dst, src []complex128) {
			if len(src) >= n { // no copy
				if inverse {
					p.InverseTo(dst, src[:n])
				} else {
					p.ForwardTo(dst, src[:n])
				}
				scaleTo(dst, f)
				return
			}
			src = src[:min(len(src), n)]
			copy(dst, src)
			clear(dst[len(src):])
			if inverse {
				p.Inverse(dst)
			} else {
				p.Forward(dst)
			}
			scaleTo(dst, f)
		}
	}
}

// realLanes returns a maker of lane functions for complex transforms of
// length n, scaled by f, of real lanes: a real transform (half the work)
// and its conjugate-symmetric other half. The unnormalized inverse
// transform of a real sequence is the conjugate of its forward one.
func realLanes(n int, inverse bool, f float64) func() func([]complex128, []float64) {
	return func() func([]complex128, []float64) {
		p, pad := kernel.NewReal(n), []float64(nil)
		return func(dst []complex128, src []float64) {
			p.ForwardFull(dst, fit(src, n, &pad))
			if inverse {
				vec.ScaleComplex128(dst, dst, f, -f)
				return
			}
			scaleTo(dst, f)
		}
	}
}

// fit returns src cropped or zero-padded (into *pad) to n values.
func fit[T float64 | complex128](src []T, n int, pad *[]T) []T {
	if len(src) >= n {
		return src[:n]
	}
	if *pad == nil {
		*pad = make([]T, n)
	}
	copy(*pad, src)
	clear((*pad)[len(src):])
	return *pad
}

// scaleTo multiplies both parts of each d[i] by f, as NumPy scales.
func scaleTo(d []complex128, f float64) {
	if f != 1 {
		vec.ScaleComplex128(d, d, f, f)
	}
}

// FFT returns the discrete Fourier transform of x along one axis
// (numpy.fft.fft).
func FFT(x *array.Array, opts ...Option) *array.Array { return one1d("fft", x, c2c, false, opts) }

// IFFT returns the inverse of FFT (numpy.fft.ifft).
func IFFT(x *array.Array, opts ...Option) *array.Array { return one1d("ifft", x, c2c, true, opts) }

// RFFT returns the n/2+1 nonnegative-frequency terms of the transform of
// real input (numpy.fft.rfft).
func RFFT(x *array.Array, opts ...Option) *array.Array { return one1d("rfft", x, r2c, false, opts) }

// IRFFT returns the real inverse of RFFT (numpy.fft.irfft): n real values,
// by default 2(m-1) for m input terms.
func IRFFT(x *array.Array, opts ...Option) *array.Array {
	return one1d("irfft", x, c2r, true, opts)
}

// HFFT returns the real transform of a Hermitian-symmetric signal given by
// its first half (numpy.fft.hfft): IRFFT of the conjugate with the
// scaling's direction swapped.
func HFFT(x *array.Array, opts ...Option) *array.Array {
	c, bad := parse("hfft", x, opts)
	if bad != nil {
		return bad
	}
	return one1d("hfft", x.AsType(chunk.Complex128).Conj(), c2r, true, append(opts, WithNorm(swap(c.norm))))
}

// IHFFT returns the inverse of HFFT (numpy.fft.ihfft): the conjugate of
// RFFT with the scaling's direction swapped.
func IHFFT(x *array.Array, opts ...Option) *array.Array {
	c, bad := parse("ihfft", x, opts)
	if bad != nil {
		return bad
	}
	return one1d("ihfft", x, r2c, false, append(opts, WithNorm(swap(c.norm)))).Conj()
}
