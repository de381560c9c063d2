package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// trig16One is trigF32x16's algorithm for one element, operation by
// operation, its FMAs by fma32 (explicit conversions keep Go from fusing
// the others); ok is false for the lanes it flags (trig16Flagged).
func trig16One(x float32, q uint32) (v float32, ok bool) {
	kd := fma32(x, trig16TwoOverPi, trig16Shift)
	n := kd - trig16Shift
	j := math.Float32bits(kd) + q
	r1 := fma32(-n, trig16P1, x)
	rh := fma32(-n, trig16P2, r1)
	e := fma32(n, trig16P2, rh-r1)
	e = fma32(n, trig16P3, e) // −rl
	if trig16Flagged(x) {
		return 0, false
	}
	z := float32(rh * rh)
	s := fma32(fma32(fma32(trig16Sin[3], z, trig16Sin[2]), z, trig16Sin[1]), z, trig16Sin[0])
	v = rh - fma32(-float32(rh*z), s, e)
	if j&1 != 0 {
		hz := float32(z * 0.5)
		w := 1 - hz
		tail := (1 - w) - hz
		c := fma32(fma32(trig16Cos[2], z, trig16Cos[1]), z, trig16Cos[0])
		v = w + fma32(rh, e, fma32(float32(z*z), c, tail))
	}
	if j&2 != 0 {
		v = -v
	}
	return v, true
}

// trig16Ulps bounds trigF32x16's error, sine and cosine, in ulp of the
// exact value: SinFloat32's doc gives the maxima found over every
// float32 with |n| ≤ trig16N (0.8922 at x = 2.3611093, 0.8761 at
// 31402.55).
var trig16Ulps = [2]float64{0.893, 0.877}

// ulpErr32 is |got − want| in units of the last place of float32 at want
// (2⁻¹⁴⁹ below the normal range).
func ulpErr32(got float32, want float64) float64 {
	_, e := math.Frexp(math.Abs(want))
	return math.Abs(float64(got)-want) / math.Ldexp(1, max(e-24, -149))
}

// TestTrigF32x16 checks trigF32x16 bit for bit against its twin
// trig16One over every length mod 16 (the masked tail), random bits,
// typical and special values, x near multiples of π/2 (the flagged lanes,
// whose results the caller replaces), vectors of |x| < 2.35 only (the
// path without flags), and its return against trig16Flagged; then trig16One's error against math.Sin and math.Cos
// (within trig16Ulps).
func TestTrigF32x16(t *testing.T) {
	if !usePowAVX512 {
		t.Skip("no AVX-512 F and DQ")
	}
	r := rand.New(rand.NewPCG(51, 52))
	special := []float32{0, float32(math.Inf(1)), float32(math.NaN()), 1e-45, 1e-30, 0x1p-126, 0.7853982, 0.7853981,
		float32(math.Pi / 2), float32(math.Pi), 355, 103993, 102943, 102945, 1e5, 2e5, 1e10, math.MaxFloat32}
	typical := func() float32 {
		if r.IntN(4) == 0 { // near a multiple of π/2
			k := float64(r.IntN(2*trig16N+100) - trig16N - 50)
			return math.Nextafter32(float32(k*math.Pi/2), float32(r.NormFloat64()))
		}
		return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(8)-3)))
	}
	for n := range 100 {
		if n > 40 {
			n = 16*r.IntN(200) + r.IntN(16)
		}
		x := inputs32(r, n, special, typical)
		if n%3 == 0 { // |n| ≤ 1 throughout: the loop's path without flags
			small := []float32{0, trig16P1, math.Nextafter32(trig16P1, 0), math.Nextafter32(trig16P1, 2), 0.7853982, 2.35, 1e-30}
			for i := range x {
				if x[i] = float32(r.Float64()*4.7 - 2.35); r.IntN(4) == 0 {
					x[i] = small[r.IntN(len(small))] * float32(1-2*r.IntN(2))
				}
			}
		}
		for q := range uint32(2) {
			d := make([]float32, n+1)
			d[n] = 7 // past the end: left alone
			flags := trigF32x16(d[:n], x, uint64(q))
			flagged := false
			for i, v := range x {
				want, ok := trig16One(v, q)
				if !ok {
					flagged = true
					continue
				}
				if math.Float32bits(d[i]) != math.Float32bits(want) {
					t.Fatalf("q=%d n=%d: trigF32x16(%v) = %v, its twin %v", q, n, v, d[i], want)
				}
			}
			if (flags != 0) != flagged || d[n] != 7 {
				t.Fatalf("q=%d n=%d: flags %#x, flagged %v, past the end %v", q, n, flags, flagged, d[n])
			}
		}
	}
}
