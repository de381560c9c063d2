package vec

import "math"

// AtanFloat64 sets d[i] = atan x for x = x[i], i < len(d) (x is at least
// as long; d may be x). The AVX-512 loop is math.Atan's algorithm
// (Cephes': |x| ≤ 0.66 directly, beyond tan(3π/8) by π/2 − atan(1/|x|),
// between by π/4 + atan((|x|−1)/(|x|+1)), a rational function of x²)
// with the same operations in the same order, the three arguments
// blended into one division: it returns math.Atan's bits (NaN, ±0 and
// ±Inf included). Without AVX-512 it is math.Atan.
func AtanFloat64(d, x []float64) {
	x = x[:len(d)]
	n := 0
	if useAVX512F {
		n = prefix(len(d), 8)
	}
	if n > 0 {
		atanF64x8(d[:n], x[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = math.Atan(x[i])
	}
}

// atanConsts holds atanF64x8's constants: the magnitude mask, 0.66,
// tan(3π/8), 1, math.Atan's P0…P4 and Q0…Q4, π/2, its low part
// (Morebits), π/4, half the low part and the sign bit.
var atanConsts = [...]float64{
	math.Float64frombits(1<<63 - 1), 0.66, 2.41421356237309504880, 1,
	-8.750608600031904122785e-01, -1.615753718733365076637e+01, -7.500855792314704667340e+01,
	-1.228866684490136173410e+02, -6.485021904942025371773e+01,
	+2.485846490142306297962e+01, +1.650270098316988542046e+02, +4.328810604912902668951e+02,
	+4.853903996359136964868e+02, +1.945506571482613964425e+02,
	math.Pi / 2, 6.123233995736765886130e-17, math.Pi / 4, 0.5 * 6.123233995736765886130e-17,
	math.Float64frombits(1 << 63),
}
