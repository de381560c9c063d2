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
// long; d may be x), computed in float64 with what float32 needs: the
// quadrant n of x by 2/π, r = x − n·π/2 in two parts (exact first product:
// |x| ≤ trigMax32), the sine or cosine Taylor polynomial of r to r¹³ or r¹²
// by n's parity, the sign by n's second bit. The result is float32(sin x)
// but within 2⁻³⁴ of a tie between two float32 (then the other one, 1
// ulp); |x| > trigMax32, ±Inf and NaN are float32(math.Sin(x)). With
// AVX-512 one loop computes eight lanes at a time (trigF32x8); trigOne32
// is its twin in Go, the same bits, for the tail. Other CPUs take
// float32(SinFloat64) over widened blocks. CosFloat32 is its twin for the
// cosine, one quadrant on.
func SinFloat32(d, x []float32) { trig32(d, x, 0) }

// CosFloat32 is SinFloat32 for the cosine.
func CosFloat32(d, x []float32) { trig32(d, x, 1) }

// trigMax32 bounds the |x| trig32 reduces itself.
const trigMax32 = 1 << 20

// trig32 is SinFloat32 (q = 0) and CosFloat32 (q = 1): blocks on the stack,
// so that x is still there to recompute |x| > trigMax32 when d is x.
func trig32(d, x []float32, q uint64) {
	x = x[:len(d)]
	if !usePowAVX512 {
		viaFloat64(d, x, opSin+int(q))
		return
	}
	var buf [256]float32
	for lo := 0; lo < len(d); lo += len(buf) {
		xb := x[lo:min(lo+len(buf), len(d))]
		b := buf[:len(xb)]
		n := len(b) &^ 7
		if n > 0 && trigF32x8(b[:n], xb[:n], q) != 0 {
			for i, v := range xb[:n] {
				if !(math.Abs(float64(v)) <= trigMax32) {
					b[i] = trigOne32(v, q)
				}
			}
		}
		for i := n; i < len(b); i++ {
			b[i] = trigOne32(xb[i], q)
		}
		copy(d[lo:], b)
	}
}

// trigOne32 is trig32's algorithm for one element, operation by operation
// as trigF32x8 computes it.
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

// trigConsts32 holds trigF32x8's constants: the magnitude mask,
// trigMax32, 2/π, powShift, the two parts of π/2, 1, the sign bit, then
// trigSinPoly32 and trigCosPoly32.
var trigConsts32 = func() (t [20]float64) {
	copy(t[:], []float64{math.Float64frombits(1<<63 - 1), trigMax32, 2 / math.Pi, powShift, trigPio2Hi, trigPio2Lo, 1, math.Float64frombits(1 << 63)})
	copy(t[8:], trigSinPoly32[:])
	copy(t[14:], trigCosPoly32[:])
	return t
}()
