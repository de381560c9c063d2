package vec

import "math"

// SinFloat64 sets d[i] = sin x for x = x[i], i < len(d) (x is at least as
// long); CosFloat64 sets the cosine. The AVX2 loop is math.Sin's and
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
