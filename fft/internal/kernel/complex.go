// Package kernel computes discrete Fourier transforms of one length:
// complex forward and inverse, and real forward and inverse, all
// unnormalized with NumPy's sign convention (forward exp(-2πi jk/n)).
//
// Lengths whose prime factors are small go through mixed-radix Stockham
// autosort passes (radix 8, 4, 2, 3, 5 and a generic odd radix); lengths
// with a large prime factor go through Bluestein's chirp-z algorithm
// with a convolution of 5-smooth length, so every length is O(n log n).
// Real transforms of even length pack the input into a complex sequence
// of half the length.
//
// On amd64 with AVX the radix 2, 3, 4 and 5 passes run in assembly
// (passes_amd64.s), two complex values per instruction; they give the
// same bits as their pure-Go twins in passes.go, which the noasm build
// tag selects.
//
// A plan holds its own scratch, so transforms allocate nothing but a
// plan must not be used by two goroutines at once: pool plans per
// goroutine.
package kernel

import (
	"fmt"
	"slices"
)

// Complex is a plan for complex transforms of length n.
type Complex struct {
	n      int
	passes []pass
	work   []complex128 // the other buffer of the Stockham ping-pong
	blue   *bluestein   // non-nil when n has a large prime factor
}

// NewComplex returns a plan for complex transforms of length n >= 1.
func NewComplex(n int) *Complex {
	if n < 1 {
		panic(fmt.Sprintf("kernel: transform length %d", n))
	}
	p := &Complex{n: n}
	radices := factor(n)
	if useBluestein(n, radices) {
		p.blue = newBluestein(n)
		return p
	}
	s := 1
	for _, r := range radices {
		m := n / (s * r)
		p.passes = append(p.passes, newPass(r, m, s))
		s *= r
	}
	if len(p.passes) > 1 {
		p.work = make([]complex128, n)
	}
	return p
}

// Len returns the transform length.
func (p *Complex) Len() int { return p.n }

// Forward replaces x by its DFT: X[k] = Σ_j x[j] exp(-2πi jk/n).
func (p *Complex) Forward(x []complex128) {
	if len(x) != p.n {
		p.badLength(len(x))
	}
	if p.blue != nil {
		p.blue.forward(x)
		return
	}
	// The passes alternate between x and work; the last one has m = 1,
	// so it can run in place and always ends in x.
	src, dst := x, p.work
	for i := range p.passes {
		if i == len(p.passes)-1 {
			dst = x
		}
		p.passes[i].run(dst, src)
		src, dst = dst, src
	}
}

// ForwardTo sets dst to the DFT of src, which it leaves unmodified: the
// first pass reads src and the last writes dst, so there is no copy. dst
// and src must have n values each and be the same slice or not overlap.
func (p *Complex) ForwardTo(dst, src []complex128) {
	if len(dst) != p.n || len(src) != p.n {
		p.badLength(min(len(dst), len(src)))
	}
	if &dst[0] == &src[0] || p.blue != nil || len(p.passes) == 0 {
		copy(dst, src)
		p.Forward(dst)
		return
	}
	// Pass i < P-1 writes dst when P-2-i is even, else work, so that
	// pass P-2 writes dst and the last pass (m = 1) runs in place there.
	last := len(p.passes) - 1
	bufs := [2][]complex128{dst, p.work}
	for i := range p.passes {
		out := bufs[(last-1-i)&1]
		if i == last {
			out = dst
		}
		p.passes[i].run(out, src)
		src = out
	}
}

// InverseTo sets dst to the unnormalized inverse DFT of src, which it
// leaves unmodified: src with its indices negated is copied to dst and
// transformed there. dst and src must have n values each and not overlap.
func (p *Complex) InverseTo(dst, src []complex128) {
	if len(dst) != p.n || len(src) != p.n {
		p.badLength(min(len(dst), len(src)))
	}
	dst[0] = src[0]
	d, s := dst[1:], src[1:]
	for i, v := range s {
		d[len(s)-1-i] = v
	}
	p.Forward(dst)
}

func (p *Complex) badLength(n int) {
	panic(fmt.Sprintf("kernel: %d values for a transform of length %d", n, p.n))
}

// Inverse replaces x by its unnormalized inverse DFT:
// x[j] = Σ_k X[k] exp(+2πi jk/n). It is the forward transform of X with
// its indices negated (mod n).
func (p *Complex) Inverse(x []complex128) {
	if len(x) > 1 {
		slices.Reverse(x[1:])
	}
	p.Forward(x)
}

// factor returns the radices of n's passes: 8s, then a 4 or 2, then odd
// primes in increasing order (so the last, twiddle-free pass is the
// largest).
func factor(n int) []int {
	var f []int
	for n%8 == 0 {
		f, n = append(f, 8), n/8
	}
	for n%4 == 0 {
		f, n = append(f, 4), n/4
	}
	if n%2 == 0 {
		f, n = append(f, 2), n/2
	}
	for p := 3; p*p <= n; p += 2 {
		for n%p == 0 {
			f, n = append(f, p), n/p
		}
	}
	if n > 1 {
		f = append(f, n)
	}
	return f
}

// passCost estimates the work per element of the radix passes.
func passCost(radices []int) float64 {
	c := 0.0
	for _, r := range radices {
		switch {
		case r <= 5:
			c += float64(r)
		case r == 8: // three radix-2 levels in one pass over memory
			c += 6
		default: // the generic pass does ~r²/2 multiply-adds per r values
			c += 1.5 * float64(r)
		}
	}
	return c
}

// useBluestein reports whether a chirp-z transform of length n is
// estimated to be cheaper than the direct radix passes.
func useBluestein(n int, radices []int) bool {
	if len(radices) == 0 || radices[len(radices)-1] <= 5 {
		return false
	}
	m := smoothAbove(2*n - 1)
	direct := float64(n) * passCost(radices)
	chirp := 2*float64(m)*passCost(factor(m)) + 6*float64(n+m)
	return chirp < direct
}
