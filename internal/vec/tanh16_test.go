package vec

import "math"

// tanh16Ulps bounds tanhF32x16's error in ulp of the exact value:
// TanhFloat32's doc gives the maximum found over every float32 (at
// x = 0.2546148).
var tanh16Ulps = 0.561

// tanh16One is tanhF32x16's algorithm for one element, operation by
// operation, its FMAs by fma32 (explicit conversions keep Go from fusing
// the others).
func tanh16One(x float32) float32 {
	a := float32(math.Abs(float64(x)))
	if a > tanh16Cap {
		a = tanh16Cap
	}
	y := a + a
	kd := fma32(y, tanh16InvLn2, trig16Shift)
	k := kd - trig16Shift
	r := fma32(-k, tanh16L1, y)
	r = fma32(-k, tanh16L2, r)
	p := fma32(fma32(1./24, r, 1./6), r, 0.5)
	p = fma32(float32(r*r), p, r) // eʳ − 1
	j := math.Float32bits(kd) & 15
	th, tl := tanh16Tab[0][j], tanh16Tab[1][j]
	tau := fma32(th, p, tl)
	m := math.Float32bits(kd) << 19 & 0x7f800000 // m·2²³ (trig16Shift's bits << 19 are 0)
	eh := math.Float32frombits(math.Float32bits(th) + m)
	tau = math.Float32frombits(math.Float32bits(tau) + m)
	eb := eh + tau
	el := (eh - eb) + tau
	dh := eb + 1
	dl := ((eb - dh) + 1) + el
	h := 1 / dh // g/2 = h + hl
	rho := fma32(-h, dh, 1)
	rho = fma32(-h, dl, rho)
	hl := float32(rho * h)
	s := fma32(-2, h, 1)
	e := fma32(-2, h, 1-s)
	v := s + fma32(-2, hl, e)
	if !(a >= tanh16Poly) { // NaN too: the scaling above may make E finite
		z := float32(a * a)
		q := tanh16Q[3]
		for i := 2; i >= 0; i-- {
			q = fma32(q, z, tanh16Q[i])
		}
		v = fma32(float32(z*a), q, a)
	}
	return math.Float32frombits(math.Float32bits(v) | math.Float32bits(x)&(1<<31))
}
