package vec

import "math"

// SinFloat64 sets d[i] = sin x for x = x[i], i < len(d) (x is at least as
// long; d must not overlap x: the elements left to math are read again
// after the loop); CosFloat64 sets the cosine. The AVX2 loop is math.Sin's and
// math.Cos's algorithm (Cephes': the octant j of |x| by 4/π, x − j·π/4 in
// three parts, the sine or cosine polynomial by the octant) with the same
// operations in the same order, so it returns their bits; math.Sin and
// math.Cos compute every |x| ≥ 2²⁹ (Payne–Hanek reduction), ±Inf and NaN,
// and every element on CPUs without the loop. With AVX-512F the same loop
// runs over eight lanes (trigF64x8, the same bits).
func SinFloat64(d, x []float64) { trig(d, x, 0, 1<<63, math.Sin) }

// CosFloat64 is SinFloat64's twin for the cosine: cos x = sin(x + π/2),
// two octants on, whatever the sign of x.
func CosFloat64(d, x []float64) { trig(d, x, 2, 0, math.Cos) }

func trig(d, x []float64, octants int64, sign uint64, f func(float64) float64) {
	x = x[:len(d)]
	n, out := 0, 0
	switch {
	case useAVX512F && prefix(len(d), 8) > 0:
		n = prefix(len(d), 8)
		out = trigF64x8(d[:n], x[:n], octants, sign)
	case prefix(len(d), 4) > 0:
		n = prefix(len(d), 4)
		out = trigF64(d[:n], x[:n], octants, sign)
	}
	if out != 0 {
		for i, v := range x[:n] {
			if !(math.Abs(v) < trigMax) {
				d[i] = f(v)
			}
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = f(x[i])
	}
}

// trigMax bounds the |x| the vector loop reduces itself (math's
// reduceThreshold).
const trigMax = 1 << 29

// trigConsts holds the vector loop's constants, four lanes each (the
// int32 ones eight): the magnitude mask, trigMax, 4/π, the int32 1, ^1, 2
// and 4, the sign bit, π/4 in three parts, 1, ½, then Cephes' sine and
// cosine coefficients as in math/sin.go.
var trigConsts = func() (t [25][4]float64) {
	row := func(i int, v float64) { t[i] = [4]float64{v, v, v, v} }
	bits := func(i int, b uint64) { row(i, math.Float64frombits(b)) }
	i32 := func(i int, v uint32) { bits(i, uint64(v)|uint64(v)<<32) }
	bits(0, 1<<63-1)
	row(1, trigMax)
	row(2, 4/math.Pi)
	i32(3, 1)
	i32(4, ^uint32(1))
	i32(5, 2)
	i32(6, 4)
	bits(7, 1<<63)
	bits(8, 0x3fe921fb40000000)
	bits(9, 0x3e64442d00000000)
	bits(10, 0x3ce8469898cc5170)
	row(11, 1)
	row(12, 0.5)
	for i, b := range []uint64{0x3de5d8fd1fd19ccd, 0xbe5ae5e5a9291f5d, 0x3ec71de3567d48a1, 0xbf2a01a019bfdf03, 0x3f8111111110f7d0, 0xbfc5555555555548,
		0xbda8fa49a0861a9b, 0x3e21ee9d7b4e3f05, 0xbe927e4f7eac4bc6, 0x3efa01a019c844f5, 0xbf56c16c16c14f91, 0x3fa555555555554b} {
		bits(13+i, b)
	}
	return t
}()

// SinFloat32 sets d[i] = sin x for x = x[i], i < len(d) (x is at least as
// long; d may be x). With AVX-512 (F and DQ) one loop computes sixteen
// float32 lanes at a time (trigF32x16): the quadrant n of x by 2/π, r =
// x − n·π/2 in float32 as rh + rl (π/2 in three parts, the second
// product's rounding error recovered), then by n's parity sin r = rh +
// rh³·S(rh²) + rl or cos r = w + (((1 − w) − rh²/2) + rh⁴·C(rh²) −
// rh·rl) for w = 1 − rh²/2 (fdlibm's way of keeping 1 − rh²/2 exact), S
// and C minimax fits, the sign by n's second bit: within 0.893 ulp of sin
// x (0.877 for the cosine; every float32 with |n| ≤ trig16N checked
// against math.Sin and math.Cos, where 1 ulp is the float32 spacing at
// the exact value). |n| > trig16N (|x| > 102944), ±Inf, NaN and, for
// |n| > 1, the x within |n|·2⁻²³ of n·P1 (trig16Flagged, where rl may
// not be exact: about one float32 in 10⁴ below 102944) take trigOne32:
// float32(sin x) in float64, but within 2⁻³⁴ of a tie between two
// float32 (then the other one). Other CPUs take float32(SinFloat64) over
// widened blocks: float32(sin x) but within 2⁻⁵² of a tie. CosFloat32 is
// its twin for the cosine, one quadrant on.
func SinFloat32(d, x []float32) { trig32(d, x, 0) }

// CosFloat32 is SinFloat32 for the cosine.
func CosFloat32(d, x []float32) { trig32(d, x, 1) }

// trigMax32 bounds the |x| trigOne32 reduces itself.
const trigMax32 = 1 << 20

// trig32 is SinFloat32 (q = 0) and CosFloat32 (q = 1) in blocks, so that
// a block with flagged lanes rescans only its own x; in place, the
// blocks are computed on the stack, so that x is still there.
func trig32(d, x []float32, q uint64) {
	x = x[:len(d)]
	if !usePowAVX512 {
		viaFloat64(d, x, opSin+int(q))
		return
	}
	inPlace := len(d) > 0 && &d[0] == &x[0]
	var buf [256]float32
	for lo := 0; lo < len(d); lo += len(buf) {
		xb := x[lo:min(lo+len(buf), len(d))]
		b := d[lo : lo+len(xb)]
		if inPlace {
			b = buf[:len(xb)]
		}
		if trigF32x16(b, xb, q) != 0 {
			for i, v := range xb {
				if trig16Flagged(v) {
					b[i] = trigOne32(v, q)
				}
			}
		}
		if inPlace {
			copy(d[lo:], b)
		}
	}
}

// trigOne32 is SinFloat32 (q = 0) and CosFloat32 (q = 1) in float64 for
// one element (the lanes trigF32x16 flags), and TanFloat32's reduction
// and polynomials (tanF32x8): the quadrant n of x by 2/π, r = x − n·π/2
// in two parts (exact first product: |x| ≤ trigMax32), the sine or cosine
// Taylor polynomial of r to r¹³ or r¹² by n's parity, the sign by n's
// second bit; float32(sin x) but within 2⁻³⁴ of a tie between two
// float32. |x| > trigMax32, ±Inf and NaN are float32(math.Sin(x)).
func trigOne32(x32 float32, q uint64) float32 {
	x := float64(x32)
	if !(math.Abs(x) <= trigMax32) {
		if q == 0 {
			return float32(math.Sin(x))
		}
		return float32(math.Cos(x))
	}
	kd := math.FMA(x, 2/math.Pi, powShift)
	n := kd - powShift
	j := math.Float64bits(kd) + q
	r := math.FMA(-n, trigPio2Hi, x) // exact
	r = math.FMA(-n, trigPio2Lo, r)
	z := r * r
	s := trigSinPoly32[5]
	for k := 4; k >= 0; k-- {
		s = math.FMA(s, z, trigSinPoly32[k])
	}
	c := trigCosPoly32[5]
	for k := 4; k >= 0; k-- {
		c = math.FMA(c, z, trigCosPoly32[k])
	}
	v := math.FMA(float64(r*z), s, r)
	if j&1 != 0 {
		v = math.FMA(z, c, 1)
	}
	if j&2 != 0 {
		v = -v
	}
	return float32(v)
}

// trigPio2Hi and trigPio2Lo are π/2 in two parts, fdlibm's: the first
// with 31 significant bits, so that n·trigPio2Hi is exact for |n| < 2²².
const (
	trigPio2Hi = 1.57079632673412561417e+00
	trigPio2Lo = 6.07710050650619224932e-11
)

// trigSinPoly32 and trigCosPoly32 are the Taylor series of (sin r − r)/r³
// and (cos r − 1)/r² in r² to r¹⁰: within 2⁻⁴¹ for |r| ≤ π/4.
var (
	trigSinPoly32 = [6]float64{-1. / 6, 1. / 120, -1. / 5040, 1. / 362880, -1. / 39916800, 1. / 6227020800}
	trigCosPoly32 = [6]float64{-1. / 2, 1. / 24, -1. / 720, 1. / 40320, -1. / 3628800, 1. / 479001600}
)

// trigConsts32 holds tanF32x8's constants: the magnitude mask,
// trigMax32, 2/π, powShift, the two parts of π/2, 1, the sign bit, then
// trigSinPoly32 and trigCosPoly32.
var trigConsts32 = func() (t [20]float64) {
	copy(t[:], []float64{math.Float64frombits(1<<63 - 1), trigMax32, 2 / math.Pi, powShift, trigPio2Hi, trigPio2Lo, 1, math.Float64frombits(1 << 63)})
	copy(t[8:], trigSinPoly32[:])
	copy(t[14:], trigCosPoly32[:])
	return t
}()

// trigF32x16's reduction: x·2/π rounded to the quadrant n by
// trig16Shift (kd = x·2/π + trig16Shift, whose low bits are n), r = x −
// n·π/2 with π/2 in three float32 parts: r1 = x − n·P1 is exact (n·P1 is
// a multiple of 2⁻²³ and |r1| < 1), rh = r1 − n·P2 rounded, and −rl =
// ((rh − r1) + n·P2) + n·P3, the second step's rounding error recovered
// exactly where rh − r1 is (Sterbenz: where |n·P2| ≤ |r1|/2, which
// |r1|·2²³ ≥ |n| ensures; the other lanes, x within |n|·2⁻²³ of n·P1,
// are flagged).
const (
	trig16TwoOverPi = float32(2 / math.Pi)
	trig16Shift     = 0x1.8p23
	trig16P1        = float32(1.5707963705062866)     // float32(π/2)
	trig16P2        = float32(-4.371138828673793e-08) // float32(π/2 − P1)
	trig16P3        = float32(-1.7151245100058819e-15)
)

// trig16N bounds the quadrant |n| trigF32x16 computes (|x| ≤ 102944).
const trig16N = 1 << 16

// trig16Sin is S of sin r = r + r³·S(r²) and trig16Cos C of cos r = 1 −
// r²/2 + r⁴·C(r²): minimax fits (the relative error of sin r and cos r,
// for |r| ≤ π/4 + 2⁻¹⁰) rounded to float32, within 2⁻²⁸ of sin r and
// 2⁻²⁸·⁴ of cos r.
var (
	trig16Sin = [4]float32{-0.1666666716337204, 0.008333329111337662, -0.00019839302694890648, 2.718025825743098e-06}
	trig16Cos = [3]float32{0.04166661947965622, -0.0013886670349165797, 2.4382490664720535e-05}
)

// trig16Flagged tells whether trigF32x16 leaves x to trigOne32: |n| >
// trig16N (NaN and ±Inf among them), or |n| > 1 and x within |n|·2⁻²³ of
// n·P1, where the reduction's recovered error may not be exact (for |n|
// = 1 that is x = ±P1 alone, r1 = 0: exact). The float64 operations
// here are exact: n = round(x·float32(2/π)) as the FMA with trig16Shift
// rounds, r1 = x − n·P1.
func trig16Flagged(x float32) bool {
	n := math.RoundToEven(float64(x) * float64(trig16TwoOverPi))
	if !(math.Abs(n) <= trig16N) {
		return true
	}
	r1 := float64(x) - n*float64(trig16P1)
	return math.Abs(n) > 1 && math.Abs(r1)*0x1p23 < math.Abs(n)
}

// trig16Consts holds trigF32x16's constants as float32 bits: the
// magnitude mask, 2/π, trig16Shift, P1, P2, P3, 23 in the exponent's
// place (|n|·2⁻²³ by subtracting it from |n|'s bits), trig16Shift's bits −
// trig16N, 2·trig16N, trig16Sin from the highest term down, trig16Cos
// likewise, ½, 1, the sign bit, trig16Shift's bits − 1 and 2 (|n| > 1).
var trig16Consts = func() (t [21]uint32) {
	f := math.Float32bits
	copy(t[:], []uint32{1<<31 - 1, f(trig16TwoOverPi), f(trig16Shift), f(trig16P1), f(trig16P2), f(trig16P3), 23 << 23,
		f(trig16Shift) - trig16N, 2 * trig16N,
		f(trig16Sin[3]), f(trig16Sin[2]), f(trig16Sin[1]), f(trig16Sin[0]),
		f(trig16Cos[2]), f(trig16Cos[1]), f(trig16Cos[0]), f(0.5), f(1), 1 << 31,
		f(trig16Shift) - 1, 2})
	return t
}()
