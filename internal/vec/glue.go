package vec

import "math"

// The elementwise steps between the vector kernels of derived.go, each
// an AVX2 loop over the multiple of eight elements of a tile and Go for
// the rest (and the whole without AVX2), the same bits either way. They
// are called directly, never through func values, so that the callers'
// tiles stay on the stack.

// affine sets d[i] = x[i]·a + b, rounded after the product and after
// the sum as Go's x*a + b (d may be x).
func affine(d, x []float64, a, b float64) {
	x = x[:len(d)]
	n := prefix(len(d), 8)
	if n > 0 {
		affineF64(d[:n], x[:n], a, b)
	}
	for i := n; i < len(d); i++ {
		d[i] = x[i]*a + b
	}
}

// within reports whether lo ≤ x[i] ≤ hi for every element (none NaN).
func within(x []float64, lo, hi float64) bool {
	n := prefix(len(x), 8)
	if n > 0 && !withinF64(x[:n], lo, hi) {
		return false
	}
	for _, v := range x[n:] {
		if !(v >= lo && v <= hi) {
			return false
		}
	}
	return true
}

// copySign gives each d[i] the sign of x[i].
func copySign(d, x []float64) {
	x = x[:len(d)]
	n := prefix(len(d), 8)
	if n > 0 {
		copySignF64(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = math.Copysign(d[i], x[i])
	}
}

// splitLog2 writes x[i] = f[i]·2^e[i] with f[i] in [√2/2, √2) for
// positive normal x[i] (other elements get values of no meaning): the
// split that keeps log₂ x = log f/ln 2 + e free of cancellation near 1.
func splitLog2(f, e, x []float64) {
	x, e = x[:len(f)], e[:len(f)]
	n := prefix(len(f), 4)
	if n > 0 {
		splitLog2F64(f[:n], e[:n], x[:n])
	}
	for i := n; i < len(f); i++ {
		b := math.Float64bits(x[i])
		f[i], e[i] = math.Float64frombits(b&(1<<52-1)|0x3ff<<52), float64(int(b>>52&0x7ff)-1023)
		if f[i] >= math.Sqrt2 {
			f[i], e[i] = f[i]/2, e[i]+1
		}
	}
}

// pow2 sets d[i] = 2^k[i] for integers k[i] in [-1022, 1023] (other
// elements get values of no meaning).
func pow2(d, k []float64) {
	k = k[:len(d)]
	n := prefix(len(d), 8)
	if n > 0 {
		pow2F64(d[:n], k[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = math.Float64frombits(uint64(int64(k[i])+1023) << 52)
	}
}
