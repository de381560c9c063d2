package vec

import "math"

// fma32 is a·b + c rounded once to float32 (to nearest, ties to even), as
// the float32 FMA instructions compute it: the product is exact in
// float64, the sum s = a·b + c is rounded to float64 with its error e by
// TwoSum, and s rounds to float32 as the exact sum would (e decides
// where s falls on a midpoint between two float32, whose ties-to-even
// would otherwise be the double rounding's error). The float32 kernels'
// Go twins compute with it.
func fma32(a, b, c float32) float32 {
	p, w := float64(a)*float64(b), float64(c)
	s := p + w
	v := s - p
	e := (p - (s - v)) + (w - v)
	f := float32(s)
	if e == 0 || float64(f) == s || math.IsInf(s, 0) || s != s {
		return f
	}
	g := math.Nextafter32(f, float32(math.Copysign(math.Inf(1), s-float64(f))))
	if (float64(f)+float64(g))/2 != s {
		return f
	}
	// s is a midpoint of f and g: the exact sum lies on e's side of it.
	if (e > 0) == (g > f) {
		return g
	}
	return f
}
