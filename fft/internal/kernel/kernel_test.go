package kernel

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// testLengths are every length up to 130 (all radices, the generic odd
// pass and small Bluestein lengths) and larger ones of each kind: prime
// (997, 10007), twice a prime (19946 = 2·9973) and 5-smooth.
func testLengths() []int {
	var ns []int
	for n := 1; n <= 130; n++ {
		ns = append(ns, n)
	}
	return append(ns, 997, 1000, 1024, 4096, 4800, 5000, 6000, 10007, 19946)
}

// naiveDFT returns Σ_j x[j] exp(sign·2πi jk/n) for each k, with each
// twiddle from math.Sincos of its exactly reduced angle 2π(jk mod n)/n
// and compensated (Kahan) sums, so its error stays near an ulp of the
// result even for large n.
func naiveDFT(x []complex128, sign float64) []complex128 {
	n := len(x)
	w := make([]complex128, n)
	for u := range n {
		s, c := math.Sincos(2 * math.Pi * float64(u) / float64(n))
		w[u] = complex(c, sign*s)
	}
	out := make([]complex128, n)
	for k := range n {
		var sum, comp complex128
		for j, u := 0, 0; j < n; j++ {
			y := x[j]*w[u] - comp
			t := sum + y
			comp = (t - sum) - y
			sum = t
			if u += k; u >= n {
				u -= n
			}
		}
		out[k] = sum
	}
	return out
}

// relErr returns ‖got - want‖₂ / ‖want‖₂.
func relErr(got, want []complex128) float64 {
	var d, w float64
	for i := range want {
		d += sqAbs(got[i] - want[i])
		w += sqAbs(want[i])
	}
	if w == 0 {
		return math.Sqrt(d)
	}
	return math.Sqrt(d / w)
}

func sqAbs(z complex128) float64 { return real(z)*real(z) + imag(z)*imag(z) }

// tolerance bounds the relative 2-norm error of a transform of length n:
// ε·(4 + 2·log₂ n), ε = 2⁻⁵². A radix FFT's error grows like ε·log₂ n
// (each pass rounds every value a few times, with twiddles accurate to
// about an ulp), Bluestein's like ε·log₂ m of its convolution length
// m < 4n. The observed errors (1e-16 to 7e-16, the reference being
// accurate to about ε) are 5-20 times below this bound, while a wrong
// twiddle, sign or index gives errors of order 1 and twiddles accurate
// only to float32 give ~1e-8.
func tolerance(n int) float64 { return 0x1p-52 * (4 + 2*math.Log2(float64(n))) }

func randComplex(r *rand.Rand, n int) []complex128 {
	x := make([]complex128, n)
	for i := range x {
		x[i] = complex(r.NormFloat64(), r.NormFloat64())
	}
	return x
}

func TestComplex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range testLengths() {
		p := NewComplex(n)
		x := randComplex(r, n)
		want := naiveDFT(x, -1)
		got := append([]complex128(nil), x...)
		p.Forward(got)
		if e := relErr(got, want); e > tolerance(n) {
			t.Errorf("n=%d forward: relative error %.3g > %.3g", n, e, tolerance(n))
		}
		// ForwardTo: the same bits, without touching its input, for
		// every parity of the number of passes.
		keep := append([]complex128(nil), x...)
		to := make([]complex128, n)
		p.ForwardTo(to, x)
		if relErr(to, got) != 0 || relErr(x, keep) != 0 {
			t.Errorf("n=%d: ForwardTo differs from Forward or modified its input", n)
		}
		want = naiveDFT(x, 1)
		got = append(got[:0], x...)
		p.Inverse(got)
		if e := relErr(got, want); e > tolerance(n) {
			t.Errorf("n=%d inverse: relative error %.3g > %.3g", n, e, tolerance(n))
		}
		p.InverseTo(to, x)
		if relErr(to, got) != 0 || relErr(x, keep) != 0 {
			t.Errorf("n=%d: InverseTo differs from Inverse or modified its input", n)
		}
		// Round trip: Inverse(Forward(x)) = n·x.
		got = append(got[:0], x...)
		p.Forward(got)
		p.Inverse(got)
		for i := range got {
			got[i] /= complex(float64(n), 0)
		}
		if e := relErr(got, x); e > tolerance(n) {
			t.Errorf("n=%d round trip: relative error %.3g > %.3g", n, e, tolerance(n))
		}
	}
}

func TestReal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range testLengths() {
		p := NewReal(n)
		x := make([]float64, n)
		xc := make([]complex128, n)
		for i := range x {
			x[i] = r.NormFloat64()
			xc[i] = complex(x[i], 0)
		}
		want := naiveDFT(xc, -1)[:n/2+1]
		got := make([]complex128, n/2+1)
		p.Forward(got, x)
		if e := relErr(got, want); e > tolerance(n) {
			t.Errorf("n=%d real forward: relative error %.3g > %.3g", n, e, tolerance(n))
		}
		if imag(got[0]) != 0 || n%2 == 0 && imag(got[n/2]) != 0 {
			t.Errorf("n=%d real forward: X[0] = %v, X[n/2] = %v; want real", n, got[0], got[n/2])
		}

		// The inverse of a half spectrum with junk imaginary parts at 0
		// and (even n) n/2, which must be ignored, as NumPy does.
		half := randComplex(r, n/2+1)
		full := make([]complex128, n)
		for k := range full {
			if k <= n/2 {
				full[k] = half[k]
			} else {
				full[k] = cmplx.Conj(half[n-k])
			}
		}
		full[0] = complex(real(full[0]), 0)
		if n%2 == 0 {
			full[n/2] = complex(real(full[n/2]), 0)
		}
		wantInv := naiveDFT(full, 1)
		keep := append([]complex128(nil), half...)
		inv := make([]float64, n)
		p.Inverse(inv, half)
		if e := relErr(toComplex(inv), wantInv); e > tolerance(n) {
			t.Errorf("n=%d real inverse: relative error %.3g > %.3g", n, e, tolerance(n))
		}
		if relErr(half, keep) != 0 {
			t.Errorf("n=%d real inverse modified its input", n)
		}

		// Round trip: Inverse(Forward(x)) = n·x.
		p.Inverse(inv, got)
		for i := range inv {
			inv[i] /= float64(n)
		}
		if e := relErr(toComplex(inv), xc); e > tolerance(n) {
			t.Errorf("n=%d real round trip: relative error %.3g > %.3g", n, e, tolerance(n))
		}
	}
}

func toComplex(x []float64) []complex128 {
	z := make([]complex128, len(x))
	for i, v := range x {
		z[i] = complex(v, 0)
	}
	return z
}

// TestUnitRoot checks the octant reduction against direct math.Sincos
// (whose own error grows to a few ulps of 2π near k = n, hence 2e-15) and the exact
// values at multiples of π/2.
func TestUnitRoot(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 12, 360, 1000, 4096, 10007} {
		for k := range n {
			s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
			if d := cmplx.Abs(unitRoot(k, n) - complex(c, -s)); d > 2e-15 {
				t.Errorf("unitRoot(%d, %d) = %v, off by %.3g", k, n, unitRoot(k, n), d)
			}
		}
	}
	for _, c := range []struct {
		k, n int
		want complex128
	}{{0, 8, 1}, {2, 8, -1i}, {4, 8, -1}, {6, 8, 1i}, {3, 12, -1i}, {9, 12, 1i}} {
		if got := unitRoot(c.k, c.n); got != c.want {
			t.Errorf("unitRoot(%d, %d) = %v; want exactly %v", c.k, c.n, got, c.want)
		}
	}
}

// TestNoAllocs checks that transforms reuse the plans' buffers.
func TestNoAllocs(t *testing.T) {
	for _, n := range []int{12, 1000, 997} {
		c, re := NewComplex(n), NewReal(n)
		x, h, f := make([]complex128, n), make([]complex128, n/2+1), make([]float64, n)
		if a := testing.AllocsPerRun(10, func() {
			c.Forward(x)
			c.Inverse(x)
			re.Forward(h, f)
			re.Inverse(f, h)
		}); a != 0 {
			t.Errorf("n=%d: %v allocations per run", n, a)
		}
	}
}

// TestRealForwardFull checks the whole spectrum of real input against the
// complex transform of the same values, including lengths 1, 2 and odd
// ones, where the symmetric half has no middle term.
func TestRealForwardFull(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range testLengths() {
		x := randReal(r, n)
		want := naiveDFT(toComplex(x), -1)
		got := make([]complex128, n)
		NewReal(n).ForwardFull(got, x)
		if e := relErr(got, want); e > tolerance(n) {
			t.Errorf("n=%d: relative error %.3g > %.3g", n, e, tolerance(n))
		}
	}
}

// TestAsmSameBits checks that the assembly passes (where they exist) give
// exactly the bits of their pure-Go twins, for lengths with every radix
// at every position, even and odd strides s (the assembly's pairs and
// its one-value tail) and the Bluestein and real paths built on them.
func TestAsmSameBits(t *testing.T) {
	if !useAVX {
		t.Skip("no assembly passes here")
	}
	defer func() { useAVX = true }()
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range testLengths() {
		x := randComplex(r, n)
		xr := randReal(r, n)
		var got [2][]complex128
		var gotReal [2][]float64
		for i, asm := range []bool{true, false} {
			useAVX = asm
			c, re := NewComplex(n), NewReal(n)
			y := append([]complex128(nil), x...)
			c.Forward(y)
			c.Inverse(y)
			h := make([]complex128, n/2+1)
			re.Forward(h, xr)
			back := make([]float64, n)
			re.Inverse(back, h)
			full := make([]complex128, n)
			re.ForwardFull(full, xr)
			got[i], gotReal[i] = append(append(y, h...), full...), back
		}
		for j := range got[0] {
			if got[0][j] != got[1][j] {
				t.Errorf("n=%d: complex value %d: assembly %v, Go %v", n, j, got[0][j], got[1][j])
				break
			}
		}
		for j := range gotReal[0] {
			if gotReal[0][j] != gotReal[1][j] {
				t.Errorf("n=%d: real value %d: assembly %v, Go %v", n, j, gotReal[0][j], gotReal[1][j])
				break
			}
		}
	}
}

// TestAsmGuards runs each assembly pass (and the generic odd radix, whose
// pairs of sequences are in assembly) on buffers followed by guard
// values, for small m and s (odd and even), and checks that it writes
// nothing past r·m·s values and matches its Go twin.
func TestAsmGuards(t *testing.T) {
	if !useAVX {
		t.Skip("no assembly passes here")
	}
	defer func() { useAVX = true }()
	const guard = 8
	r := rand.New(rand.NewPCG(9, 10))
	for _, radix := range []int{2, 3, 4, 5, 7, 8, 11, 13} {
		for m := 1; m <= 4; m++ {
			for s := 1; s <= 5; s++ {
				p, n := newPass(radix, m, s), radix*m*s
				src := randComplex(r, n+guard)
				var got [2][]complex128
				for i, asm := range []bool{true, false} {
					useAVX = asm
					dst := make([]complex128, n+guard)
					for j := range dst {
						dst[j] = complex(-7, 7)
					}
					p.run(dst[:n], src[:n])
					got[i] = dst
				}
				for j := range got[0] {
					if got[0][j] != got[1][j] {
						t.Errorf("radix %d, m=%d, s=%d: value %d: assembly %v, Go %v", radix, m, s, j, got[0][j], got[1][j])
						break
					}
				}
			}
		}
	}
}
