package kernel

// bluestein computes a DFT of length n as a circular convolution of
// 5-smooth length m >= 2n-1 (Bluestein's chirp-z algorithm): with
// jk = (j² + k² - (k-j)²)/2 and c[j] = exp(-πi j²/n),
//
//	X[k] = c[k] · Σ_j (x[j] c[j]) · conj(c[k-j]).
type bluestein struct {
	chirp  []complex128 // c[j], j < n
	kernel []complex128 // the DFT of conj(c) wrapped around length m, over m
	inner  *Complex     // length m
	buf    []complex128 // length m
}

func newBluestein(n int) *bluestein {
	m := smoothAbove(2*n - 1)
	b := &bluestein{
		chirp:  make([]complex128, n),
		kernel: make([]complex128, m),
		inner:  NewComplex(m),
		buf:    make([]complex128, m),
	}
	for j := range n {
		c := unitRoot(j*j%(2*n), 2*n) // exp(-2πi j²/(2n)), reduced exactly
		b.chirp[j] = c
		b.kernel[j] = complex(real(c)/float64(m), -imag(c)/float64(m))
		if j > 0 {
			b.kernel[m-j] = b.kernel[j]
		}
	}
	b.inner.Forward(b.kernel)
	return b
}

func (b *bluestein) forward(x []complex128) {
	a, n, m := b.buf, len(b.chirp), len(b.buf)
	for j, c := range b.chirp {
		a[j] = x[j] * c
	}
	clear(a[n:])
	b.inner.Forward(a)
	// Multiply by the kernel's transform and negate the indices, so that
	// the next forward transform is the inverse one.
	a[0] *= b.kernel[0]
	for j, k := 1, m-1; j <= k; j, k = j+1, k-1 {
		a[j], a[k] = a[k]*b.kernel[k], a[j]*b.kernel[j]
	}
	b.inner.Forward(a)
	for j, c := range b.chirp {
		x[j] = a[j] * c
	}
}

// smoothAbove returns the least 2^a·3^b·5^c >= n.
func smoothAbove(n int) int {
	best := 1
	for best < n {
		best *= 2
	}
	for p5 := 1; p5 < best; p5 *= 5 {
		for p35 := p5; p35 < best; p35 *= 3 {
			v := p35
			for v < n {
				v *= 2
			}
			best = min(best, v)
		}
	}
	return best
}
