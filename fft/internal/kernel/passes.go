package kernel

// A pass is one radix-r step of a Stockham autosort FFT (decimation in
// frequency). Its input holds s interleaved sequences of length r·m,
// element i of sequence q at q + s·i; it computes, for k < m and t < r,
//
//	dst[q + s(rk+t)] = exp(-2πi kt/(rm)) · Σ_j src[q + s(k+jm)] exp(-2πi jt/r)
//
// which leaves r·s interleaved sequences of length m for the next pass
// and, after the last (m = 1), the transform in natural order. A pass
// with m = 1 reads each butterfly's inputs before writing its outputs to
// the same places, so it may run in place.
type pass struct {
	radix, m, s int
	tw          []complex128 // tw[k(radix-1)+t-1] = exp(-2πi kt/(radix·m))
	roots       []complex128 // generic radix: exp(-2πi u/radix), u < radix
	sums, difs  []complex128 // generic radix: scratch for one butterfly
	scratch     []complex128 // generic radix: the sums and differences of two, for oddPairsAVX
}

func newPass(r, m, s int) pass {
	p := pass{radix: r, m: m, s: s, tw: make([]complex128, m*(r-1))}
	for k := range m {
		for t := 1; t < r; t++ {
			p.tw[k*(r-1)+t-1] = unitRoot(k*t, r*m)
		}
	}
	if r%2 == 1 && r > 5 {
		p.roots = make([]complex128, r)
		for u := range r {
			p.roots[u] = unitRoot(u, r)
		}
		p.sums, p.difs = make([]complex128, r/2+1), make([]complex128, r/2+1)
		p.scratch = make([]complex128, 4*(r/2+1))
	}
	return p
}

func (p *pass) run(dst, src []complex128) {
	if p.runAsm(dst, src) {
		return
	}
	switch p.radix {
	case 2:
		pass2(dst, src, p.tw, p.m, p.s)
	case 3:
		pass3(dst, src, p.tw, p.m, p.s)
	case 4:
		pass4(dst, src, p.tw, p.m, p.s)
	case 5:
		pass5(dst, src, p.tw, p.m, p.s)
	case 8:
		pass8(dst, src, p.tw, p.m, p.s)
	default:
		p.passOdd(dst, src)
	}
}

// mulNegI returns -i·z.
func mulNegI(z complex128) complex128 { return complex(imag(z), -real(z)) }

// scale returns c·z for real c.
func scale(c float64, z complex128) complex128 { return complex(c*real(z), c*imag(z)) }

// Each pass below has two loop orders with the same butterfly: for the
// first pass (s = 1) the loop runs over k, reading r contiguous runs and
// writing contiguous groups of r; otherwise over k and then the s
// contiguous values of q, with the twiddles of k (skipped at k = 0, a
// branch that is always predicted). Outputs are stored as soon as they
// are made, so fewer values compete for registers (radix 5 gained ~10%).

func dft2(a0, a1 complex128) (complex128, complex128) { return a0 + a1, a0 - a1 }

func pass2(dst, src, tw []complex128, m, s int) {
	if s == 1 {
		x0, x1 := src[:m], src[m:][:m]
		for k := range x0 {
			y0, y1 := dft2(x0[k], x1[k])
			y := dst[2*k:][:2]
			y[0], y[1] = y0, y1*tw[k]
		}
		return
	}
	for k := range m {
		x0, x1 := src[s*k:][:s], src[s*(k+m):][:s]
		y := dst[2*s*k:][:2*s]
		y0s, y1s := y[:s], y[s:][:s]
		w := tw[k:][:1]
		for q := range x0 {
			y0, y1 := dft2(x0[q], x1[q])
			if k > 0 {
				y1 *= w[0]
			}
			y0s[q], y1s[q] = y0, y1
		}
	}
}

// sin3 is sin(2π/3) = √3/2.
const sin3 = 0.86602540378443864676372317075293618347140

func dft3(a0, a1, a2 complex128) (complex128, complex128, complex128) {
	t, d := a1+a2, mulNegI(scale(sin3, a1-a2))
	c := a0 - scale(0.5, t)
	return a0 + t, c + d, c - d
}

func pass3(dst, src, tw []complex128, m, s int) {
	if s == 1 {
		x0, x1, x2 := src[:m], src[m:][:m], src[2*m:][:m]
		for k := range x0 {
			y0, y1, y2 := dft3(x0[k], x1[k], x2[k])
			w, y := tw[2*k:][:2], dst[3*k:][:3]
			y[0], y[1], y[2] = y0, y1*w[0], y2*w[1]
		}
		return
	}
	for k := range m {
		x0, x1, x2 := src[s*k:][:s], src[s*(k+m):][:s], src[s*(k+2*m):][:s]
		y := dst[3*s*k:][:3*s]
		y0s, y1s, y2s := y[:s], y[s:][:s], y[2*s:][:s]
		w := tw[2*k:][:2]
		for q := range x0 {
			y0, y1, y2 := dft3(x0[q], x1[q], x2[q])
			if k > 0 {
				y1, y2 = y1*w[0], y2*w[1]
			}
			y0s[q], y1s[q], y2s[q] = y0, y1, y2
		}
	}
}

func dft4(a0, a1, a2, a3 complex128) (complex128, complex128, complex128, complex128) {
	b0, b1, b2, b3 := a0+a2, a0-a2, a1+a3, mulNegI(a1-a3)
	return b0 + b2, b1 + b3, b0 - b2, b1 - b3
}

func pass4(dst, src, tw []complex128, m, s int) {
	if s == 1 {
		x0, x1, x2, x3 := src[:m], src[m:][:m], src[2*m:][:m], src[3*m:][:m]
		for k := range x0 {
			y0, y1, y2, y3 := dft4(x0[k], x1[k], x2[k], x3[k])
			w, y := tw[3*k:][:3], dst[4*k:][:4]
			y[0], y[1], y[2], y[3] = y0, y1*w[0], y2*w[1], y3*w[2]
		}
		return
	}
	for k := range m {
		x0, x1, x2, x3 := src[s*k:][:s], src[s*(k+m):][:s], src[s*(k+2*m):][:s], src[s*(k+3*m):][:s]
		y := dst[4*s*k:][:4*s]
		y0s, y1s, y2s, y3s := y[:s], y[s:][:s], y[2*s:][:s], y[3*s:][:s]
		w := tw[3*k:][:3]
		for q := range x0 {
			y0, y1, y2, y3 := dft4(x0[q], x1[q], x2[q], x3[q])
			if k > 0 {
				y1, y2, y3 = y1*w[0], y2*w[1], y3*w[2]
			}
			y0s[q], y1s[q], y2s[q], y3s[q] = y0, y1, y2, y3
		}
	}
}

// sqrtHalf is √½, the parts of exp(-πi/4).
const sqrtHalf = 0.70710678118654752440084436210484903928483

// odd8 returns the inputs of the odd outputs' 4-point DFT from the
// differences b5, b6, b7 of a radix-8 butterfly: b5·exp(-πi/4) =
// √½(b5 - i·b5), b6·exp(-πi/2) = -i·b6, b7·exp(-3πi/4) = √½(-i·b7 - b7).
func odd8(b5, b6, b7 complex128) (complex128, complex128, complex128) {
	return scale(sqrtHalf, b5+mulNegI(b5)), mulNegI(b6), scale(sqrtHalf, mulNegI(b7)-b7)
}

// pass8's butterfly is a radix-2 step (b_j = a_j + a_{j+4}, b_{j+4} =
// a_j - a_{j+4}) and two 4-point DFTs: of b_0..b_3 for the even outputs
// and of b_{4+j}·exp(-2πi j/8) (odd8) for the odd ones.
func pass8(dst, src, tw []complex128, m, s int) {
	if s == 1 {
		x0, x1, x2, x3 := src[:m], src[m:][:m], src[2*m:][:m], src[3*m:][:m]
		x4, x5, x6, x7 := src[4*m:][:m], src[5*m:][:m], src[6*m:][:m], src[7*m:][:m]
		for k := range x0 {
			b0, b4 := x0[k]+x4[k], x0[k]-x4[k]
			b1, b5 := x1[k]+x5[k], x1[k]-x5[k]
			b2, b6 := x2[k]+x6[k], x2[k]-x6[k]
			b3, b7 := x3[k]+x7[k], x3[k]-x7[k]
			b5, b6, b7 = odd8(b5, b6, b7)
			w, y := tw[7*k:][:7], dst[8*k:][:8]
			y0, y2, y4, y6 := dft4(b0, b1, b2, b3)
			y[0], y[2], y[4], y[6] = y0, y2*w[1], y4*w[3], y6*w[5]
			y1, y3, y5, y7 := dft4(b4, b5, b6, b7)
			y[1], y[3], y[5], y[7] = y1*w[0], y3*w[2], y5*w[4], y7*w[6]
		}
		return
	}
	for k := range m {
		x0, x1, x2, x3 := src[s*k:][:s], src[s*(k+m):][:s], src[s*(k+2*m):][:s], src[s*(k+3*m):][:s]
		x4, x5, x6, x7 := src[s*(k+4*m):][:s], src[s*(k+5*m):][:s], src[s*(k+6*m):][:s], src[s*(k+7*m):][:s]
		y := dst[8*s*k:][:8*s]
		y0s, y1s, y2s, y3s := y[:s], y[s:][:s], y[2*s:][:s], y[3*s:][:s]
		y4s, y5s, y6s, y7s := y[4*s:][:s], y[5*s:][:s], y[6*s:][:s], y[7*s:][:s]
		w := tw[7*k:][:7]
		for q := range x0 {
			b0, b4 := x0[q]+x4[q], x0[q]-x4[q]
			b1, b5 := x1[q]+x5[q], x1[q]-x5[q]
			b2, b6 := x2[q]+x6[q], x2[q]-x6[q]
			b3, b7 := x3[q]+x7[q], x3[q]-x7[q]
			b5, b6, b7 = odd8(b5, b6, b7)
			y0, y2, y4, y6 := dft4(b0, b1, b2, b3)
			if k > 0 {
				y2, y4, y6 = y2*w[1], y4*w[3], y6*w[5]
			}
			y0s[q], y2s[q], y4s[q], y6s[q] = y0, y2, y4, y6
			y1, y3, y5, y7 := dft4(b4, b5, b6, b7)
			if k > 0 {
				y1, y3, y5, y7 = y1*w[0], y3*w[2], y5*w[4], y7*w[6]
			}
			y1s[q], y3s[q], y5s[q], y7s[q] = y1, y3, y5, y7
		}
	}
}

// The radix-5 constants: cos and sin of 2π/5 and 4π/5.
const (
	cos5a, sin5a = 0.30901699437494742410229341718281905886436, 0.95105651629515357211643933337938214340569
	cos5b, sin5b = -0.80901699437494742410229341718281905886436, 0.58778525229247312916870595463907276859765
)

// pair5 returns c ∓ i·d for c = a0 + ca·t1 + cb·t2, d = sa·d1 + sb·d2:
// two outputs of a 5-point DFT that share the sums t and differences d
// of the inputs paired as (1, 4) and (2, 3). (A whole 5-point DFT is too
// big for the inliner, so the passes spell out its three steps.)
func pair5(a0, t1, t2, d1, d2 complex128, ca, cb, sa, sb float64) (complex128, complex128) {
	cr, ci := real(a0)+ca*real(t1)+cb*real(t2), imag(a0)+ca*imag(t1)+cb*imag(t2)
	dr, di := sa*real(d1)+sb*real(d2), sa*imag(d1)+sb*imag(d2)
	return complex(cr+di, ci-dr), complex(cr-di, ci+dr)
}

func pass5(dst, src, tw []complex128, m, s int) {
	if s == 1 {
		x0, x1, x2, x3, x4 := src[:m], src[m:][:m], src[2*m:][:m], src[3*m:][:m], src[4*m:][:m]
		for k := range x0 {
			a0, t1, t2, d1, d2 := x0[k], x1[k]+x4[k], x2[k]+x3[k], x1[k]-x4[k], x2[k]-x3[k]
			w, y := tw[4*k:][:4], dst[5*k:][:5]
			y[0] = a0 + t1 + t2
			y1, y4 := pair5(a0, t1, t2, d1, d2, cos5a, cos5b, sin5a, sin5b)
			y[1], y[4] = y1*w[0], y4*w[3]
			y2, y3 := pair5(a0, t1, t2, d1, d2, cos5b, cos5a, sin5b, -sin5a)
			y[2], y[3] = y2*w[1], y3*w[2]
		}
		return
	}
	for k := range m {
		x0, x1, x2 := src[s*k:][:s], src[s*(k+m):][:s], src[s*(k+2*m):][:s]
		x3, x4 := src[s*(k+3*m):][:s], src[s*(k+4*m):][:s]
		y := dst[5*s*k:][:5*s]
		y0s, y1s, y2s, y3s, y4s := y[:s], y[s:][:s], y[2*s:][:s], y[3*s:][:s], y[4*s:][:s]
		w := tw[4*k:][:4]
		for q := range x0 {
			a0, t1, t2, d1, d2 := x0[q], x1[q]+x4[q], x2[q]+x3[q], x1[q]-x4[q], x2[q]-x3[q]
			y0s[q] = a0 + t1 + t2
			y1, y4 := pair5(a0, t1, t2, d1, d2, cos5a, cos5b, sin5a, sin5b)
			if k > 0 {
				y1, y4 = y1*w[0], y4*w[3]
			}
			y1s[q], y4s[q] = y1, y4
			y2, y3 := pair5(a0, t1, t2, d1, d2, cos5b, cos5a, sin5b, -sin5a)
			if k > 0 {
				y2, y3 = y2*w[1], y3*w[2]
			}
			y2s[q], y3s[q] = y2, y3
		}
	}
}

// passOdd is the pass of a generic odd radix r: each butterfly pairs
// inputs j and r-j, so output t and r-t share the sums and differences
// and cost r/2 real-by-complex products each.
func (p *pass) passOdd(dst, src []complex128) {
	r, m, s := p.radix, p.m, p.s
	h := r / 2
	sums, difs, roots := p.sums[:h+1], p.difs[:h+1], p.roots[:r]
	pairs := 0 // how many pairs of q the assembly does at each k
	if useAVX {
		pairs = s / 2
		if len(dst) < r*m*s || len(src) < r*m*s || len(p.tw) < (r-1)*m {
			panic("kernel: short buffers for a pass")
		}
	}
	for k := range m {
		w := p.tw[k*(r-1):][:r-1]
		if pairs > 0 {
			oddPairsAVX(dst[s*r*k:], src[s*k:], w, roots, p.scratch, s, m, r, k > 0)
		}
		for q := 2 * pairs; q < s; q++ {
			in, out := q+s*k, q+s*r*k
			a0 := src[in]
			y0 := a0
			for j := 1; j <= h; j++ {
				u, v := src[in+s*m*j], src[in+s*m*(r-j)]
				sums[j], difs[j] = u+v, u-v
				y0 += u + v
			}
			dst[out] = y0
			for t := 1; t <= h; t++ {
				// Σ_j over the pairs of a_j w^{jt} + a_{r-j} w^{-jt}
				// = sums_j cos(2πjt/r) - i difs_j sin(2πjt/r).
				c, d := a0, complex128(0)
				for j, u := 1, t; j <= h; j++ {
					c += scale(real(roots[u]), sums[j])
					d += scale(imag(roots[u]), difs[j])
					if u += t; u >= r {
						u -= r
					}
				}
				d = complex(-imag(d), real(d)) // i·d
				yt, yr := c+d, c-d
				if k > 0 {
					yt, yr = yt*w[t-1], yr*w[r-t-1]
				}
				dst[out+s*t], dst[out+s*(r-t)] = yt, yr
			}
		}
	}
}
