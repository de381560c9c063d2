package vec

import "math"

// atan16Ulps bounds atanF32x16's error in ulp of the exact value:
// AtanFloat32's doc gives the maximum found over every float32 (at
// x = 0.052533925).
var atan16Ulps = 0.507

// atan16One is atanF32x16's algorithm for one element, operation by
// operation, its FMAs by fma32 (explicit conversions keep Go from fusing
// the others).
func atan16One(x float32) float32 {
	a := float32(math.Abs(float64(x)))
	if a > atan16Cap {
		a = atan16Cap
	}
	inv := a > 1
	bh, bl := a, float32(0)
	if inv {
		bh = 1 / a
		bl = float32(fma32(-bh, a, 1) * bh)
	}
	kd := fma32(bh, 8, trig16Shift)
	c := float32((kd - trig16Shift) * 0.125)
	num := bh - c
	row := 0
	if inv { // u's sign flipped: −num − bl
		num, row = -num, 1
	}
	dh := fma32(bh, c, 1)
	dl := fma32(bh, c, 1-dh)
	dl = fma32(bl, c, dl)
	y := 1 / dh
	q := float32(num * y)
	rho := fma32(-q, dh, num)
	rho = fma32(-q, dl, rho)
	rho -= bl
	ul := float32(rho * y)
	z := float32(q * q)
	p := fma32(z, atan16P[1], atan16P[0])
	t := fma32(float32(q*z), p, ul)
	k := math.Float32bits(kd) & 15
	th, tl := atan16Tab[row][k], atan16Tab[2+row][k]
	s := th + q
	e := (th - s) + q
	t += tl
	t += e
	v := s + t
	return math.Float32frombits(math.Float32bits(v) | math.Float32bits(x)&(1<<31))
}
