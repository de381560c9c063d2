package kernel

import "math"

// unitRoot returns exp(-2πi k/n). The angle is reduced to the first
// octant by exact integer symmetries before math.Sincos, so every root is
// accurate to about an ulp and those at multiples of π/4 come out with
// exact zeros and unit parts.
func unitRoot(k, n int) complex128 {
	k %= n
	if k < 0 {
		k += n
	}
	switch {
	case 2*k > n: // θ in (π, 2π): the conjugate of the root at -θ
		z := unitRoot(n-k, n)
		return complex(real(z), -imag(z))
	case 4*k > n: // θ in (π/2, π]: -conj of the root at π-θ = 2π(n-2k)/(2n)
		z := unitRoot(n-2*k, 2*n)
		return complex(-real(z), imag(z))
	case 8*k > n: // θ in (π/4, π/2]: cos θ = sin φ, sin θ = cos φ, φ = π/2-θ
		s, c := math.Sincos(2 * math.Pi * float64(n-4*k) / float64(4*n))
		return complex(s, -c)
	}
	s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
	return complex(c, -s)
}
