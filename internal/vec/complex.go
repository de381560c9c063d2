package vec

import (
	"math"
	"unsafe"
)

// The elementwise kernels of the complex dtypes that users hit most:
// absolute value, the real or imaginary part, multiplication and
// division (which a product or quotient with a real array or scalar
// becomes after the cast), sign flips (conjugate, negation) and scaling
// by a real factor. Each is an AVX2 loop over the leading multiple of
// its block and a Go loop for the rest (or for all without AVX2); the Go
// loop is the reference and the vector loop gives its bits.

// AbsComplex128 sets d[i] = |x[i]| for i < len(d) (x is at least as
// long), as hypot: +Inf when either part is infinite (even if the other
// is NaN), else NaN when either is NaN, else √(re²+im²) with no spurious
// overflow or underflow, within one ulp of the exact value (see abs128).
func AbsComplex128(d []float64, x []complex128) {
	x = x[:len(d)]
	n := 0
	if hasFMA {
		n = prefix(len(d), 4)
	}
	if n > 0 {
		absC128(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = abs128(real(x[i]), imag(x[i]))
	}
}

// Thresholds and scales of abs128: the larger part is scaled into
// [2^-474, 2^500] so that the squares and their rounding errors are
// normal float64 numbers.
const (
	absBig   = 0x1p500
	absSmall = 0x1p-450
	absDown  = 0x1p-600
	absUp    = 0x1p600
)

// abs128 is the reference of AbsComplex128. With x ≥ y the parts'
// magnitudes, scaled by a power of two when x is very large or very
// small, h = √(x²+y²) from one fused multiply-add is within about one
// ulp; the residual x²+y²-h², computed almost exactly from the products'
// rounding errors (xx-hh is exact by Sterbenz's lemma, as h² lies in
// [x², 2x²]), corrects it by r/2h to within about half an ulp. The
// explicit conversions keep each product rounded on its own, as the
// vector loop does.
func abs128(re, im float64) float64 {
	a, b := math.Abs(re), math.Abs(im)
	switch {
	case math.IsInf(a, 0) || math.IsInf(b, 0):
		return math.Inf(1)
	case a != a || b != b || a+b == 0:
		return a + b // NaN or 0
	}
	x, y := max(a, b), min(a, b)
	s, inv := 1.0, 1.0
	if x > absBig {
		s, inv = absDown, absUp
	} else if x < absSmall {
		s, inv = absUp, absDown
	}
	x, y = x*s, y*s
	h := math.Sqrt(math.FMA(x, x, float64(y*y)))
	hh, xx := float64(h*h), float64(x*x)
	r := math.FMA(y, y, xx-hh) + (math.FMA(x, x, -xx) - math.FMA(h, h, -hh))
	return (h + r/(h+h)) * inv
}

// AbsComplex64 is AbsComplex128 for complex64, computed in float64:
// the squares of float32 parts are exact there, so the float32 result is
// √(re²+im²) rounded twice (within one ulp), with hypot's Inf and NaN
// rules.
func AbsComplex64(d []float32, x []complex64) {
	x = x[:len(d)]
	n := prefix(len(d), 4)
	if n > 0 {
		absC64(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = abs64(x[i])
	}
}

// abs64 is the reference of AbsComplex64.
func abs64(z complex64) float32 {
	a, b := float64(real(z)), float64(imag(z))
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return float32(math.Inf(1))
	}
	return float32(math.Sqrt(a*a + b*b))
}

// PartComplex128 sets d[i] to the real part of x[i] (im false) or its
// imaginary part (im true) for i < len(d); x is at least as long.
func PartComplex128(d []float64, x []complex128, im bool) {
	x = x[:len(d)]
	n := prefix(len(d), 4)
	if n > 0 {
		partC(d[:n], x[:n], &partIdx[BoolInt(im)])
	}
	parts(d[n:], x[n:], im)
}

// PartComplex64 is PartComplex128 for complex64.
func PartComplex64(d []float32, x []complex64, im bool) {
	x = x[:len(d)]
	n := prefix(len(d), 8)
	if n > 0 {
		partC(unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(d))), n/2), pairs(x[:n]), &partIdx[2+BoolInt(im)])
	}
	parts(d[n:], x[n:], im)
}

// partIdx holds the VPERMPS indices with which partC gathers, from 32
// bytes of complex values, the real or imaginary parts (rows 0 and 1:
// two complex128; rows 2 and 3: four complex64) into the low 16 bytes.
var partIdx = [4][8]int32{
	{0, 1, 4, 5, 2, 3, 6, 7},
	{2, 3, 6, 7, 0, 1, 4, 5},
	{0, 2, 4, 6, 1, 3, 5, 7},
	{1, 3, 5, 7, 0, 2, 4, 6},
}

// parts is the reference of PartComplex128 and PartComplex64.
func parts[F float32 | float64, C complex64 | complex128](d []F, x []C, im bool) {
	x = x[:len(d)]
	for i, z := range x {
		if im {
			d[i] = F(imag(complex128(z)))
		} else {
			d[i] = F(real(complex128(z)))
		}
	}
}

// MulComplex128 sets d[i] = a[i]·b[i] for i < len(d) by the textbook
// formula (ac-bd) + (ad+bc)i, each product rounded on its own (never
// fused): Go's complex multiplication on amd64, and NumPy's.
func MulComplex128(d, a, b []complex128) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 4)
	if n > 0 {
		mulC128(d[:n], a[:n], b[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = mul128(a[i], b[i])
	}
}

func mul128(x, y complex128) complex128 {
	xr, xi, yr, yi := real(x), imag(x), real(y), imag(y)
	return complex(float64(xr*yr)-float64(xi*yi), float64(xr*yi)+float64(xi*yr))
}

// MulComplex64 is MulComplex128 for complex64, computed in float64 and
// rounded, as Go computes a complex64 product (the float64 products of
// float32 parts are exact).
func MulComplex64(d, a, b []complex64) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 4)
	if n > 0 {
		mulC64(d[:n], a[:n], b[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = complex64(mul128(complex128(a[i]), complex128(b[i])))
	}
}

// DivComplex128 sets d[i] = a[i]/b[i] for i < len(d) (d may be a or
// b), Go's complex division (Smith's algorithm, C99's infinities and
// zeros where it gives NaN + NaN·i): the vector loop computes Smith's
// steps four at a time into a tile, and the rare values whose parts are
// both NaN go through Go's division before the tile is copied to d.
func DivComplex128(d, a, b []complex128) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 4)
	var t [divTile]complex128
	for off := 0; off < n; off += divTile {
		m := min(divTile, n-off)
		q, x, y := t[:m], a[off:off+m], b[off:off+m]
		if divC128(q, x, y) {
			for i, z := range q {
				if real(z) != real(z) && imag(z) != imag(z) {
					q[i] = x[i] / y[i]
				}
			}
		}
		copy(d[off:], q)
	}
	for i := n; i < len(d); i++ {
		d[i] = a[i] / b[i]
	}
}

// DivComplex64 is DivComplex128 for complex64, computed in complex128
// and rounded, as Go divides complex64.
func DivComplex64(d, a, b []complex64) {
	a, b = a[:len(d)], b[:len(d)]
	n := prefix(len(d), 4)
	var t [divTile]complex64
	for off := 0; off < n; off += divTile {
		m := min(divTile, n-off)
		q, x, y := t[:m], a[off:off+m], b[off:off+m]
		if divC64(q, x, y) {
			for i, z := range q {
				if real(z) != real(z) && imag(z) != imag(z) {
					q[i] = complex64(complex128(x[i]) / complex128(y[i]))
				}
			}
		}
		copy(d[off:], q)
	}
	for i := n; i < len(d); i++ {
		d[i] = complex64(complex128(a[i]) / complex128(b[i]))
	}
}

// divTile is how many quotients the division computes before copying
// them to d (a multiple of the vector loop's four).
const divTile = 256

// Sign-bit patterns of flipC128: a complex128's two words, or two
// complex64 values.
const (
	sign64 = 1 << 63
	sign32 = 1 << 31
)

// ConjComplex128 sets d[i] to the conjugate of x[i] (or to -x[i] when
// neg) for i < len(d): sign flips, exact.
func ConjComplex128(d, x []complex128, neg bool) {
	x = x[:len(d)]
	var lo uint64
	if neg {
		lo = sign64
	}
	n := prefix(len(d), 4)
	if n > 0 {
		flipC128(d[:n], x[:n], lo, sign64)
	}
	conj(d[n:], x[n:], neg)
}

// ConjComplex64 is ConjComplex128 for complex64.
func ConjComplex64(d, x []complex64, neg bool) {
	x = x[:len(d)]
	var m uint64 = sign64 // a word is one complex64, its imaginary part on top
	if neg {
		m |= sign32
	}
	n := prefix(len(d), 8)
	if n > 0 {
		flipC128(pairs(d[:n]), pairs(x[:n]), m, m)
	}
	conj(d[n:], x[n:], neg)
}

// conj is the reference of ConjComplex128 and ConjComplex64.
func conj[C complex64 | complex128](d, x []C, neg bool) {
	x = x[:len(d)]
	for i, z := range x {
		if neg {
			d[i] = -z
		} else {
			w := complex128(z)
			d[i] = C(complex(real(w), -imag(w)))
		}
	}
}

// pairs views an even number of complex64 as complex128-sized pairs.
func pairs(x []complex64) []complex128 {
	return unsafe.Slice((*complex128)(unsafe.Pointer(unsafe.SliceData(x))), len(x)/2)
}

// ScaleComplex128 sets d[i] = complex(real(x[i])·re, imag(x[i])·im) for
// i < len(d): a complex scaled by a real factor part by part (re = im),
// as NumPy scales transforms, or scaled and conjugated (im = -re).
func ScaleComplex128(d, x []complex128, re, im float64) {
	x = x[:len(d)]
	n := prefix(len(d), 4)
	if n > 0 {
		scaleC128(d[:n], x[:n], re, im)
	}
	for i := n; i < len(d); i++ {
		d[i] = complex(real(x[i])*re, imag(x[i])*im)
	}
}

// ScaleFloat64 sets d[i] = x[i]·f for i < len(d).
func ScaleFloat64(d, x []float64, f float64) {
	x = x[:len(d)]
	n := prefix(len(d), 8)
	if n > 0 {
		scaleC128(pairsOf(d[:n]), pairsOf(x[:n]), f, f)
	}
	for i := n; i < len(d); i++ {
		d[i] = x[i] * f
	}
}

// pairsOf views an even number of float64 as complex128.
func pairsOf(x []float64) []complex128 {
	return unsafe.Slice((*complex128)(unsafe.Pointer(unsafe.SliceData(x))), len(x)/2)
}
