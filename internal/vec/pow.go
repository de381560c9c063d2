package vec

import "math"

// PowFloat64 sets d[i] = x[i] ** y[i], i < len(d) (x and y are at least
// as long; d may be x or y), within 1 ulp of the exact power (TestPowFloat64
// measures about 0.52 ulp at most): ln|x| in double-double precision
// (a 32-entry table, then a degree-12 polynomial, powLog), times y
// in double-double, then e to that power (a 16-entry table of 2^(j/16),
// a degree-7 polynomial, powExp). Negative x with an integer y takes the
// sign of the power's parity. math.Pow computes every special case, so
// that it keeps its bits: x zero, subnormal, infinite or NaN, y infinite,
// NaN or 1, negative x with a fractional y, and |y·ln x| > 708 (overflow,
// underflow and subnormal results). A constant exponent of ½ or 1 is
// math.Sqrt's or x itself, as in NumPy.
//
// With AVX-512 one loop computes all of it in registers, eight lanes at a
// time (powF64x8); powOne is the same operations in Go, the same bits,
// for the tail. Other CPUs take powLegacy (within a few ulp of math.Pow).
func PowFloat64(d, x, y []float64) {
	x, y = x[:len(d)], y[:len(d)]
	if len(d) == 0 || powConst(d, x, y) {
		return
	}
	if !usePowAVX512 {
		powLegacy(d, x, y)
		return
	}
	n := prefix(len(d), 8)
	if n > 0 {
		powVector(d[:n], x[:n], y[:n])
	}
	for i := n; i < len(d); i++ {
		d[i] = powOne(x[i], y[i])
	}
}

// powConst computes the exponents NumPy also takes apart when every y[i]
// is one of them, and reports whether it did: ½ by SqrtFloat64 (math.Pow
// differs from math.Sqrt for -0 and -Inf only, which it recomputes) and 1,
// x itself.
func powConst(d, x, y []float64) bool {
	c := y[0]
	if c != 0.5 && c != 1 {
		return false
	}
	for _, v := range y {
		if v != c {
			return false
		}
	}
	if c == 1 {
		copy(d, x)
		return true
	}
	var buf [256]float64 // d may be x
	for lo := 0; lo < len(d); lo += len(buf) {
		xb := x[lo:min(lo+len(buf), len(d))]
		b := buf[:len(xb)]
		SqrtFloat64(b, xb)
		for i, v := range b {
			if v == 0 || v != v {
				b[i] = math.Pow(xb[i], 0.5)
			}
		}
		copy(d[lo:], b)
	}
	return true
}

// powVector runs powF64x8 over a multiple of eight elements, then
// math.Pow over the lanes it left NaN (its special cases), through a block
// on the stack when d is x or y.
func powVector(d, x, y []float64) {
	if &d[0] != &x[0] && &d[0] != &y[0] {
		if powF64x8(d, x, y) != 0 {
			powFix(d, x, y)
		}
		return
	}
	var buf [256]float64
	for lo := 0; lo < len(d); lo += len(buf) {
		hi := min(lo+len(buf), len(d))
		b := buf[:hi-lo]
		if powF64x8(b, x[lo:hi], y[lo:hi]) != 0 {
			powFix(b, x[lo:hi], y[lo:hi])
		}
		copy(d[lo:hi], b)
	}
}

// powFix sets the NaN elements of d to math.Pow's.
func powFix(d, x, y []float64) {
	for i, v := range d {
		if v != v {
			d[i] = math.Pow(x[i], y[i])
		}
	}
}

// The constants of powOne and powF64x8.
const (
	powOff    = 0x3fe6c00000000000 // 1 − 18.5·2⁴⁷ in bits: z = 1 lies amid interval 18
	powLn2Hi  = 0x1.62e42feep-1    // ln 2's high part: k·powLn2Hi is exact
	powLn2Lo  = 0x1.a39ef35793c76p-33
	powMaxArg = 708 // |y·ln x| beyond it: math.Pow's (results near or past the normal range)
	powShift  = 0x1.8p52
	powInvN   = 16 * math.Log2E // 16/ln 2
)

// powLogPoly is the Taylor series of (ln(1+r) − r + r²/2)/r³ to r⁸:
// ln(1+r) to r¹¹, within 2⁻⁷¹ for |r| < 2⁻⁵·⁶; powExpPoly is that of
// (eʳ − 1 − r)/r² to r⁵: eʳ to r⁷, within 2⁻⁵⁹ for |r| ≤ ln2/32.
var (
	powLogPoly = [9]float64{1. / 3, -1. / 4, 1. / 5, -1. / 6, 1. / 7, -1. / 8, 1. / 9, -1. / 10, 1. / 11}
	powExpPoly = [6]float64{1. / 2, 1. / 6, 1. / 24, 1. / 120, 1. / 720, 1. / 5040}
)

// powOne is x ** y by PowFloat64's algorithm, operation by operation as
// powF64x8 computes it (explicit conversions keep products from fusing).
func powOne(x, y float64) float64 {
	ax := math.Abs(x)
	if !(ax >= 0x1p-1022 && ax <= math.MaxFloat64 && math.Abs(y) <= math.MaxFloat64) || y == 1 ||
		x < 0 && math.RoundToEven(y) != y {
		return math.Pow(x, y)
	}
	hi, lo := powLog(ax)
	phi := y * hi
	plo := math.FMA(y, lo, math.FMA(y, hi, -phi))
	if !(math.Abs(phi) <= powMaxArg) {
		return math.Pow(x, y)
	}
	v := powExp(phi, plo)
	if h := y * 0.5; x < 0 && math.RoundToEven(h) != h {
		v = -v
	}
	return v
}

// powLog is ln x = hi + lo for a positive normal x, within about 2⁻⁶⁸
// of hi: x = 2ᵏ·z with z in [powOff, 2·powOff), the table's 1/c for z's
// interval, r = z/c − 1 (exact), ln x = k·ln2 + ln c + ln(1+r), the
// leading terms summed without rounding error (Fast2Sum; the table keeps
// |ln c| ≥ |r| where ln c ≠ 0), the result renormalised.
func powLog(x float64) (hi, lo float64) {
	ix := math.Float64bits(x)
	tmp := ix - powOff
	i := tmp >> 47 & 31
	k := int64(tmp) >> 52
	z := math.Float64frombits(ix - uint64(k)<<52)
	r := math.FMA(z, math.Float64frombits(powLogTable[0][i]), -1)
	kf := float64(k)
	t1 := math.FMA(kf, powLn2Hi, math.Float64frombits(powLogTable[1][i])) // exact
	hi = t1 + r
	lo1 := (t1 - hi) + r
	ar := -0.5 * r
	ar2 := r * ar // −r²/2
	ar2lo := math.FMA(r, ar, -ar2)
	hi2 := hi + ar2
	lo2 := (hi - hi2) + ar2
	p := powLogPoly[8]
	for j := 7; j >= 0; j-- {
		p = math.FMA(p, r, powLogPoly[j])
	}
	r3 := float64(r*r) * r
	a := math.FMA(kf, powLn2Lo, math.Float64frombits(powLogTable[2][i]))
	a += lo1 + lo2
	a += ar2lo
	a = math.FMA(r3, p, a)
	hi = hi2 + a // renormalised: |lo| below hi's ulp
	return hi, (hi2 - hi) + a
}

// powExp is e^(hi+lo) for |hi| ≤ powMaxArg and |lo| tiny against it:
// hi = (16m + j)·ln2/16 + r, e^(hi+lo) = 2ᵐ·2^(j/16)·e^(r+lo).
func powExp(hi, lo float64) float64 {
	kd := math.FMA(hi, powInvN, powShift)
	n := kd - powShift
	j := math.Float64bits(kd) & 15
	r := math.FMA(-n, powLn2Hi/16, hi)
	r = math.FMA(-n, powLn2Lo/16, r)
	r += lo
	p := powExpPoly[5]
	for k := 4; k >= 0; k-- {
		p = math.FMA(p, r, powExpPoly[k])
	}
	q := math.FMA(float64(r*r), p, r)
	th := math.Float64frombits(powExpTable[0][j])
	v := th + math.FMA(th, q, math.Float64frombits(powExpTable[1][j]))
	return v * math.Float64frombits(uint64(1023+int64(math.Floor(n/16)))<<52) // exact: v·2ᵐ is normal
}

// powConsts holds powF64x8's constants (bits), in the order its
// assembly reads them.
var powConsts = func() (t [33]uint64) {
	f := math.Float64bits
	copy(t[:], []uint64{1<<63 - 1, powOff, 16, f(0x1p-1022), f(math.MaxFloat64), f(1), f(powLn2Hi), f(powLn2Lo), f(-0.5)})
	for j, c := range powLogPoly {
		t[9+j] = f(c)
	}
	copy(t[18:], []uint64{f(powMaxArg), f(powShift), f(powInvN), f(powLn2Hi / 16), f(powLn2Lo / 16)})
	for j, c := range powExpPoly {
		t[23+j] = f(c)
	}
	copy(t[29:], []uint64{f(1. / 16), 1 << 63, f(math.NaN()), f(0.5)})
	return t
}()

// PowFloat32 is PowFloat64 for float32: the same reductions in float64
// arithmetic with float32's needs (a 16-entry table for ln c, degree-8
// and degree-5 polynomials, no double-double), within 2⁻⁴⁰ of the
// exact power before the rounding to float32, so that the result is
// float32(x ** y) but within 2⁻⁴⁰ of a tie between two float32 (then the
// other neighbour: 1 ulp). Special cases are float32(math.Pow(x, y)),
// and |y·ln x| > powMaxArg32 (results near float32's limits) too.
// With AVX-512 one loop computes eight lanes at a time (powF32x8);
// powOne32 is its twin in Go, the same bits, for the tail. Other CPUs
// take powLegacy32.
func PowFloat32(d, x, y []float32) {
	x, y = x[:len(d)], y[:len(d)]
	if !usePowAVX512 {
		powLegacy32(d, x, y)
		return
	}
	n := prefix(len(d), 8)
	if n > 0 {
		if &d[0] != &x[0] && &d[0] != &y[0] {
			if powF32x8(d[:n], x[:n], y[:n]) != 0 {
				powFix32(d[:n], x, y)
			}
		} else {
			var buf [256]float32
			for lo := 0; lo < n; lo += len(buf) {
				hi := min(lo+len(buf), n)
				b := buf[:hi-lo]
				if powF32x8(b, x[lo:hi], y[lo:hi]) != 0 {
					powFix32(b, x[lo:hi], y[lo:hi])
				}
				copy(d[lo:hi], b)
			}
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = powOne32(x[i], y[i])
	}
}

// powFix32 sets the NaN elements of d to float32(math.Pow(x, y)).
func powFix32(d, x, y []float32) {
	for i, v := range d {
		if v != v {
			d[i] = float32(math.Pow(float64(x[i]), float64(y[i])))
		}
	}
}

// The constants of PowFloat32: z in [powOff32, 2·powOff32) falls in 16
// intervals, z = 1 amid interval 9 (1/c = 1 there, so that ln x near 1 has
// no cancellation).
const (
	powOff32    = 0x3fe6800000000000 // 1 − 9.5·2⁴⁸ in bits
	powMaxArg32 = 87                 // e^±87 is a normal float32
)

// powLog32Table holds 1/c for c amid each interval, and −ln(1/c) (math.Log's,
// within an ulp: float32 needs no more).
var powLog32Table = func() (t [2][16]float64) {
	for i := range 16 {
		zlo, zhi := math.Float64frombits(powOff32+uint64(i)<<48), math.Float64frombits(powOff32+uint64(i+1)<<48)
		invc := 2 / (zlo + zhi)
		if i == 9 {
			invc = 1
		}
		t[0][i], t[1][i] = invc, -math.Log(invc)
	}
	return t
}()

// powLog32Poly is the Taylor series of (ln(1+r) − r)/r² to r⁶: ln(1+r)
// to r⁸, within 2⁻⁴⁸ for |r| ≤ 2⁻⁵; powExp32Poly that of (eʳ − 1)/r to
// r⁴: eʳ to r⁵, within 2⁻⁴² for |r| ≤ ln2/32.
var (
	powLog32Poly = [7]float64{-1. / 2, 1. / 3, -1. / 4, 1. / 5, -1. / 6, 1. / 7, -1. / 8}
	powExp32Poly = [5]float64{1, 1. / 2, 1. / 6, 1. / 24, 1. / 120}
)

// powOne32 is x ** y by PowFloat32's algorithm, operation by operation as
// powF32x8 computes it.
func powOne32(x32, y32 float32) float32 {
	x, y := float64(x32), float64(y32)
	ax := math.Abs(x)
	if !(ax >= 0x1p-1022 && ax <= math.MaxFloat64 && math.Abs(y) <= math.MaxFloat64) || y == 1 ||
		x < 0 && math.RoundToEven(y) != y {
		return float32(math.Pow(x, y))
	}
	phi := y * log32(ax)
	if !(math.Abs(phi) <= powMaxArg32) {
		return float32(math.Pow(x, y))
	}
	n, em1, th := expSplit32(phi)
	v := math.FMA(th, em1, th) * math.Float64frombits(uint64(1023+int64(math.Floor(n/16)))<<52)
	if h := y * 0.5; x < 0 && math.RoundToEven(h) != h {
		v = -v
	}
	return float32(v)
}

// expSplit32 splits v as n·ln2/16 + r for the float32 exponentials (pow,
// tanh): it returns n, eʳ − 1 by powExp32Poly and 2^(j/16) for j the low
// four bits of n; the operations of the assembly's EXPM1_32.
func expSplit32(v float64) (n, em1, tj float64) {
	kd := math.FMA(v, powInvN, powShift)
	n = kd - powShift
	j := math.Float64bits(kd) & 15
	r := math.FMA(-n, math.Ln2/16, v)
	q := powExp32Poly[4]
	for m := 3; m >= 0; m-- {
		q = math.FMA(q, r, powExp32Poly[m])
	}
	return n, float64(q * r), math.Float64frombits(powExpTable[0][j])
}

// powConsts32 holds powF32x8's, logF32x8's and EXPM1X32's constants (bits), in the
// order their assembly reads them.
var powConsts32 = func() (t [31]uint64) {
	f := math.Float64bits
	copy(t[:], []uint64{1<<63 - 1, powOff32, f(0x1p-1022), f(math.MaxFloat64), f(1), f(math.Ln2), f(0.5)})
	for j, c := range powLog32Poly {
		t[7+j] = f(c)
	}
	copy(t[14:], []uint64{f(powMaxArg32), f(powShift), f(powInvN), f(math.Ln2 / 16)})
	for j, c := range powExp32Poly {
		t[18+j] = f(c)
	}
	copy(t[23:], []uint64{f(1. / 16), 1 << 63, uint64(math.Float32bits(float32(math.NaN()))), f(tanhMax32), f(2), f(math.Inf(-1)), f(math.Inf(1)), f(math.NaN())})
	return t
}()
