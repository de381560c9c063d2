package kernel

import (
	"fmt"
	"math/cmplx"
	"unsafe"
)

// Real is a plan for transforms of real sequences of length n: n real
// values to the n/2+1 nonnegative-frequency coefficients and back.
type Real struct {
	n int
	// Even n: the length-n/2 transform of the pairs x[2j] + i·x[2j+1],
	// with the twiddles exp(-2πi k/n), k <= n/4, that separate the
	// transforms of the even and odd values, and buf for Inverse's pairs.
	// Odd n: the length-n complex transform and buf for its sequence.
	c   *Complex
	tw  []complex128
	buf []complex128
}

// NewReal returns a plan for real transforms of length n >= 1.
func NewReal(n int) *Real {
	if n < 1 {
		panic(fmt.Sprintf("kernel: transform length %d", n))
	}
	if n%2 == 1 {
		return &Real{n: n, c: NewComplex(n), buf: make([]complex128, n)}
	}
	h := n / 2
	p := &Real{n: n, c: NewComplex(h), tw: make([]complex128, h/2+1), buf: make([]complex128, h)}
	for k := range p.tw {
		p.tw[k] = unitRoot(k, n)
	}
	return p
}

// Len returns the number of real values.
func (p *Real) Len() int { return p.n }

func (p *Real) badLengths(nReal, nCmplx int) {
	panic(fmt.Sprintf("kernel: %d real and %d complex values for a real transform of length %d", nReal, nCmplx, p.n))
}

// Forward sets dst (n/2+1 values) to the first half of the DFT of src
// (n values), as numpy.fft.rfft.
func (p *Real) Forward(dst []complex128, src []float64) {
	if len(src) != p.n || len(dst) != p.n/2+1 {
		p.badLengths(len(src), len(dst))
	}
	if p.n == 1 {
		dst[0] = complex(src[0], 0)
		return
	}
	if p.n%2 == 1 {
		b := p.buf[:len(src)]
		for j, v := range src {
			b[j] = complex(v, 0)
		}
		p.c.Forward(b)
		copy(dst, b)
		dst[0] = complex(real(dst[0]), 0) // exactly, as the even case
		return
	}
	h := p.n / 2
	z := dst[:h]
	p.c.ForwardTo(z, pairs(src))
	// With Z the transform of the pairs, the transforms of the even and
	// odd values are E[k] = (Z[k] + conj Z[h-k])/2 and
	// O[k] = (Z[k] - conj Z[h-k])/2i, and X[k] = E[k] + w^k O[k],
	// X[h-k] = conj(E[k] - w^k O[k]), w = exp(-2πi/n).
	z0 := z[0]
	dst[0], dst[h] = complex(real(z0)+imag(z0), 0), complex(real(z0)-imag(z0), 0)
	k := 1
	if useAVX { // pairs of k < h-k
		pairs := (h - 1) / 4
		realForwardAVX(dst[:h+1], p.tw[:2*pairs+1], h, pairs)
		k += 2 * pairs
	}
	for ; k < len(p.tw); k++ {
		u, v := dst[k], cmplx.Conj(dst[h-k])
		e, o := scale(0.5, u+v), mulNegI(scale(0.5, u-v))*p.tw[k]
		dst[k], dst[h-k] = e+o, cmplx.Conj(e-o)
	}
}

// ForwardFull sets dst (n values) to the whole DFT of src (n values), as
// numpy.fft.fft of real input: Forward's half and, by the symmetry
// X[n-k] = conj X[k] of a real sequence's transform, the rest. It costs
// about half a complex transform of length n.
func (p *Real) ForwardFull(dst []complex128, src []float64) {
	if len(src) != p.n || len(dst) != p.n {
		p.badLengths(len(src), len(dst))
	}
	n := p.n
	p.Forward(dst[:n/2+1], src)
	lo, hi := dst[1:(n+1)/2], dst[n/2+1:] // hi[i] = conj lo[len(lo)-1-i]
	if useAVX {
		conjReverseAVX(hi, lo)
		return
	}
	for i, v := range lo {
		hi[len(lo)-1-i] = cmplx.Conj(v)
	}
}

// Inverse sets dst (n values) to the unnormalized inverse DFT of the
// Hermitian sequence whose first half is src (n/2+1 values), as
// numpy.fft.irfft times n: the imaginary parts of src[0] and, for even n,
// src[n/2] are ignored. src is not modified.
func (p *Real) Inverse(dst []float64, src []complex128) {
	if len(dst) != p.n || len(src) != p.n/2+1 {
		p.badLengths(len(dst), len(src))
	}
	n := p.n
	if n == 1 {
		dst[0] = real(src[0])
		return
	}
	if n%2 == 1 {
		// The Hermitian sequence with its indices negated, so that a
		// forward transform does the inverse one.
		b := p.buf[:n]
		b[0] = complex(real(src[0]), 0)
		for k := 1; k <= n/2; k++ {
			b[k], b[n-k] = cmplx.Conj(src[k]), src[k]
		}
		p.c.Forward(b)
		for j, v := range b {
			dst[j] = real(v)
		}
		return
	}
	// Undo Forward's separation, building 2Z (so the length-n/2 inverse
	// gives n times the pairs) with its indices negated (mod n/2), so
	// that a forward transform does the inverse one and writes the pairs
	// straight into dst.
	h := n / 2
	z := p.buf
	a, b := real(src[0]), real(src[h])
	z[0] = complex(a+b, a-b)
	k := 1
	if useAVX { // pairs of k < h-k
		pairs := (h - 1) / 4
		realInverseAVX(z[:h], src[:h+1], p.tw[:2*pairs+1], h, pairs)
		k += 2 * pairs
	}
	for ; k < len(p.tw); k++ {
		u, v := src[k], cmplx.Conj(src[h-k])
		e, o := u+v, -mulNegI(u-v)*cmplx.Conj(p.tw[k]) // o = i·conj(w^k)·(u-v)
		z[k], z[h-k] = cmplx.Conj(e-o), e+o
	}
	p.c.ForwardTo(pairs(dst), z)
}

// pairs returns x (of even length) as the complex values x[2j] + i·x[2j+1],
// sharing its memory: a complex128 is laid out as its real and imaginary
// float64 parts.
func pairs(x []float64) []complex128 {
	return unsafe.Slice((*complex128)(unsafe.Pointer(unsafe.SliceData(x))), len(x)/2)
}
