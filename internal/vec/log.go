package vec

import "math"

// LogFloat64 sets d[i] = ln x for x = x[i], i < len(d) (x is at least as
// long; d must not overlap x: the elements left to math.Log are read
// again after the loop). The AVX2 loop is math.Log's algorithm (fdlibm's: x = 2ᵏ·(1+f)
// with √2/2 ≤ 1+f < √2, s = f/(2+f) and a degree-14 odd polynomial in s)
// with the same operations in the same order, so it returns math.Log's
// bits; math.Log itself computes every element that is not a positive
// normal number (zero, negatives, ±Inf, NaN; subnormals scaled to normal
// numbers first, see logOne) and every element on CPUs without the loop. With AVX-512F the same loop runs over
// eight lanes.
func LogFloat64(d, x []float64) {
	x = x[:len(d)]
	n, out := 0, 0 // direct calls, as in ExpFloat64
	switch {
	case useAVX512F && prefix(len(d), 8) > 0:
		n = prefix(len(d), 8)
		out = logF64x8(d[:n], x[:n])
	case prefix(len(d), 4) > 0:
		n = prefix(len(d), 4)
		out = logF64(d[:n], x[:n])
	}
	if out != 0 {
		for i, v := range x[:n] {
			if !(v >= 0x1p-1022 && v <= math.MaxFloat64) {
				d[i] = logOne(v)
			}
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = logOne(x[i])
	}
}

// logOne is math.Log but for positive subnormal x, which math.Log gets
// wrong on amd64 (its assembly does not normalize them, golang/go#56600:
// log(5e-324) is −709.09 there, not −744.44): ln x = ln(x·2⁵⁴) − 54·ln 2.
func logOne(x float64) float64 {
	if x > 0 && x < 0x1p-1022 {
		return math.Log(x*0x1p54) - 54*math.Ln2
	}
	return math.Log(x)
}

// logConsts holds the vector loop's constants, four lanes each: the
// bounds of positive normal numbers, the mantissa mask, 1, √2, the
// exponent's lowest bit, 2⁵² and 2⁵²+1023 (to turn a biased exponent into
// a float), 2, ½, fdlibm's L1 … L7, and ln2 split into a high part exact
// in k·ln2hi and a low part.
var logConsts = func() (t [19][4]float64) {
	row := func(i int, v float64) { t[i] = [4]float64{v, v, v, v} }
	bits := func(i int, b uint64) { row(i, math.Float64frombits(b)) }
	row(0, 0x1p-1022)
	row(1, math.MaxFloat64)
	bits(2, 1<<52-1)
	row(3, 1)
	row(4, math.Sqrt2)
	bits(5, 1<<52)
	row(6, 0x1p52)
	row(7, 0x1p52+1023)
	row(8, 2)
	row(9, 0.5)
	for i, b := range []uint64{0x3FE5555555555593, 0x3FD999999997FA04, 0x3FD2492494229359, 0x3FCC71C51D8E78AF,
		0x3FC7466496CB03DE, 0x3FC39A09D078C69F, 0x3FC2F112DF3E5244} {
		bits(10+i, b)
	}
	bits(17, 0x3fe62e42fee00000)
	bits(18, 0x3dea39ef35793c76)
	return t
}()

// LogFloat32 sets d[i] = ln x for x = x[i], i < len(d) (x is at least as
// long; d may be x), computed in float64 with what float32 needs: PowFloat32's
// logarithm (x = 2ᵏ·z, the 16-entry table's 1/c for z's interval, r = z/c − 1,
// ln x = k·ln2 + ln c + ln(1+r), a degree-8 polynomial), exact in its
// leading term near 1. The result is float32(ln x) but within 2⁻³⁶ of a tie
// between two float32 (then the other one, 1 ulp); 0, negative x, +Inf
// and NaN are math.Log's. With AVX-512 one loop computes eight lanes at a
// time (logF32x8); logOne32 is its twin in Go, the same bits, for the tail.
// Other CPUs take float32(LogFloat64) over widened blocks.
func LogFloat32(d, x []float32) {
	x = x[:len(d)]
	if !usePowAVX512 {
		viaFloat64(d, x, opLog)
		return
	}
	n := prefix(len(d), 8)
	if n > 0 {
		logF32x8(d[:n], x[:n], 1)
	}
	for i := n; i < len(d); i++ {
		d[i] = logOne32(x[i])
	}
}

// logOne32 is LogFloat32's algorithm for one element, operation by
// operation as logF32x8 computes it.
func logOne32(x32 float32) float32 {
	x := float64(x32)
	if !(x > 0 && x <= math.MaxFloat64) {
		return float32(math.Log(x))
	}
	return float32(log32(x))
}

// log32 is ln x for a positive, finite, normal x, to float32's needs
// (within 2⁻⁴⁸ relative): LogFloat32's and PowFloat32's logarithm, the
// assembly's LOG32.
func log32(x float64) float64 {
	ix := math.Float64bits(x)
	tmp := ix - powOff32
	i := tmp >> 48 & 15
	k := int64(tmp) >> 52
	z := math.Float64frombits(ix - uint64(k)<<52)
	r := math.FMA(z, powLog32Table[0][i], -1)
	p := powLog32Poly[6]
	for j := 5; j >= 0; j-- {
		p = math.FMA(p, r, powLog32Poly[j])
	}
	return math.FMA(float64(r*r), p, r) + math.FMA(float64(k), math.Ln2, powLog32Table[1][i])
}
