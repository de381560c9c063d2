package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// powInputs are pairs spanning what PowFloat64 must get right: random
// bits for x (subnormals, negatives, ±0, ±Inf, NaN among them), x near 1,
// and exponents that are integers, halves, small and huge fractions,
// negative, ±Inf and NaN.
func powInputs(n int, r *rand.Rand) (x, y []float64) {
	specials := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 2, -2, math.Inf(1), math.Inf(-1), math.NaN(), 0x1p-1074, 0x1p-1022, math.MaxFloat64, 1 << 20, 1<<20 - 0.5, 1e300, 1e-300}
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		switch i % 5 {
		case 0:
			x[i] = math.Float64frombits(r.Uint64())
		case 1:
			x[i] = math.Exp(r.NormFloat64() * 50)
		case 2:
			x[i] = 1 + r.NormFloat64()*1e-3
		case 3:
			x[i] = r.Float64() * 10
		default:
			x[i] = specials[r.IntN(len(specials))]
		}
		switch i % 7 {
		case 0:
			y[i] = float64(r.IntN(41) - 20)
		case 1:
			y[i] = float64(r.IntN(41)-20) / 2
		case 2:
			y[i] = r.Float64()*20 - 10
		case 3:
			y[i] = r.NormFloat64() * 1e4
		case 4:
			y[i] = specials[r.IntN(len(specials))]
		case 5:
			y[i] = math.Float64frombits(r.Uint64())
		default:
			y[i] = r.Float64()*4 - 2
		}
	}
	return x, y
}

// TestPowFloat64 checks PowFloat64 against math.Pow: bit for bit where
// it defers to math.Pow (every special case), and elsewhere within
// 4·(1 + |yf·ln x|) ulp, the rounding of exp of a rounded logarithm.
func TestPowFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for _, n := range []int{0, 1, 3, 255, 256, 257, 5000} {
		x, y := powInputs(n, r)
		checkPow(t, x, y)
	}
	// One exponent for a whole block (powBlock), a scalar's case.
	for _, c := range []float64{2.5, -1.5, 0.3, -0.3, 7, -3, 0, 1, 12.75, 1e6, 1<<20 - 0.5, 0.5, -0.5, math.Inf(1), math.NaN()} {
		x, _ := powInputs(700, r)
		y := make([]float64, len(x))
		for i := range y {
			y[i] = c
		}
		checkPow(t, x, y)
	}
	// Blocks inside powRange's bounds but for one element at or just
	// beyond an edge (the block's range check).
	for _, c := range []float64{2.5, -1.5, 0.3, 7, 12.75} {
		yi, _ := powSplit(c)
		em := int(powRange(c, yi))
		lo, hi := math.Ldexp(1, -em), math.Ldexp(1, em-1)
		for _, edge := range []float64{lo, math.Nextafter(lo, 0), hi, math.Nextafter(hi, 0)} {
			x, y := make([]float64, 512), make([]float64, 512)
			for i := range x {
				x[i], y[i] = math.Ldexp(0.5+r.Float64()/2, r.IntN(2*em-2)-em+1), c
			}
			x[r.IntN(len(x))] = edge
			checkPow(t, x, y)
		}
	}
	// y = ±½ is math.Sqrt's, bit for bit.
	x, y := powInputs(1000, r)
	for i := range y {
		y[i] = 0.5 - float64(i%2)
	}
	d := make([]float64, len(x))
	PowFloat64(d, x, y)
	for i := range d {
		if want := math.Pow(x[i], y[i]); math.Float64bits(d[i]) != math.Float64bits(want) && !(math.IsNaN(d[i]) && math.IsNaN(want)) {
			t.Fatalf("pow(%g, %g) = %g, want %g", x[i], y[i], d[i], want)
		}
	}
	// In place, over x and over y.
	x, y = powInputs(1000, r)
	want := make([]float64, len(x))
	PowFloat64(want, x, y)
	xc, yc := append([]float64(nil), x...), append([]float64(nil), y...)
	PowFloat64(xc, xc, y)
	PowFloat64(yc, x, yc)
	for i := range want {
		if math.Float64bits(xc[i]) != math.Float64bits(want[i]) || math.Float64bits(yc[i]) != math.Float64bits(want[i]) {
			t.Fatalf("in place: pow(%g, %g) = %g / %g, want %g", x[i], y[i], xc[i], yc[i], want[i])
		}
	}
}

// checkPow compares PowFloat64 over x and y with math.Pow: bit for bit
// where it defers to math.Pow, elsewhere within 4·(1 + |yf·ln x|) ulp.
func checkPow(t *testing.T, x, y []float64) {
	t.Helper()
	d := make([]float64, len(x))
	PowFloat64(d, x, y)
	for i := range d {
		want := math.Pow(x[i], y[i])
		yi, yf := powSplit(y[i])
		e := int32(math.Float64bits(x[i])>>52) - 1022
		if max(e, -e) >= powRange(y[i], yi) || math.IsNaN(want) {
			if math.Float64bits(d[i]) != math.Float64bits(want) && !(math.IsNaN(d[i]) && math.IsNaN(want)) {
				t.Fatalf("pow(%g, %g) = %g, want math.Pow's %g", x[i], y[i], d[i], want)
			}
			continue
		}
		if ulps := math.Abs(d[i]-want) / ulp(math.Abs(want)); ulps > 4*(1+math.Abs(yf*math.Log(x[i]))) {
			t.Fatalf("pow(%g, %g) = %g, math.Pow %g: %.1f ulp", x[i], y[i], d[i], want, ulps)
		}
	}
}

// TestPowTanhBuffersOnStack checks that PowFloat64 and TanhFloat64 keep
// their block buffers on the stack (an indirect call to a vector loop
// moves them to the heap: an allocation per call).
func TestPowTanhBuffersOnStack(t *testing.T) {
	x, y, d := make([]float64, 1000), make([]float64, 1000), make([]float64, 1000)
	for i := range x {
		x[i], y[i] = float64(i)/100, 2.5
	}
	if a := testing.AllocsPerRun(5, func() { PowFloat64(d, x, y) }); a != 0 {
		t.Fatalf("PowFloat64: %v allocations per call", a)
	}
	if a := testing.AllocsPerRun(5, func() { TanhFloat64(d, x) }); a != 0 {
		t.Fatalf("TanhFloat64: %v allocations per call", a)
	}
}
