package vec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// powInputs are pairs spanning what PowFloat64 must get right: random
// bits for x (subnormals, negatives, ±0, ±Inf, NaN among them), x near 1,
// negative x, and exponents that are integers, halves, small and huge
// fractions, negative, ±Inf and NaN.
func powInputs(n int, r *rand.Rand) (x, y []float64) {
	specials := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 2, -2, math.Inf(1), math.Inf(-1), math.NaN(), 0x1p-1074, 0x1p-1022, math.MaxFloat64, 1 << 20, 1<<20 - 0.5, 1e300, 1e-300}
	x, y = make([]float64, n), make([]float64, n)
	for i := range x {
		switch i % 6 {
		case 0:
			x[i] = math.Float64frombits(r.Uint64())
		case 1:
			x[i] = math.Exp(r.NormFloat64() * 50)
		case 2:
			x[i] = 1 + r.NormFloat64()*1e-3
		case 3:
			x[i] = r.Float64() * 10
		case 4:
			x[i] = -r.Float64() * 10
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

// powUlpBound is the error PowFloat64 may have against the exact power,
// in ulp; powOne measures below 0.53 (TestPowAccuracy).
const powUlpBound = 1.0

// powSpecial tells whether x ** y is one of math.Pow's special cases
// for PowFloat64 (its bits, not its error bound, are the contract).
func powSpecial(x, y float64) bool {
	ax := math.Abs(x)
	if !(ax >= 0x1p-1022 && ax <= math.MaxFloat64 && math.Abs(y) <= math.MaxFloat64) || y == 1 || x < 0 && math.Trunc(y) != y {
		return true
	}
	hi, _ := powLog(ax)
	return !(math.Abs(y*hi) <= powMaxArg)
}

// checkPow compares PowFloat64 over x and y with math.Pow's bits for its
// special cases, and elsewhere with the exact power (the big reference,
// for every stride-th element) within powUlpBound and with powOne's bits.
// It returns the largest error seen, in ulp.
func checkPow(t *testing.T, x, y []float64, stride int) float64 {
	t.Helper()
	if !usePowAVX512 {
		checkPowLegacy(t, x, y)
		return 0
	}
	d := make([]float64, len(x))
	PowFloat64(d, x, y)
	worst := 0.0
	for i := range d {
		want := math.Pow(x[i], y[i])
		if powSpecial(x[i], y[i]) {
			if math.Float64bits(d[i]) != math.Float64bits(want) && !(math.IsNaN(d[i]) && math.IsNaN(want)) {
				t.Fatalf("pow(%g, %g) = %g, want math.Pow's %g", x[i], y[i], d[i], want)
			}
			continue
		}
		if one := powOne(x[i], y[i]); y[i] != 0.5 && math.Float64bits(d[i]) != math.Float64bits(one) {
			t.Fatalf("pow(%g, %g) = %g, powOne %g", x[i], y[i], d[i], one)
		}
		if math.Signbit(d[i]) != math.Signbit(want) {
			t.Fatalf("pow(%g, %g) = %g, want %g's sign", x[i], y[i], d[i], want)
		}
		if i%stride != 0 {
			continue
		}
		u := bigPowUlps(d[i], x[i], y[i])
		if u > powUlpBound {
			t.Fatalf("pow(%g, %g) = %g, math.Pow %g: %.3f ulp from the exact power", x[i], y[i], d[i], want, u)
		}
		worst = max(worst, u)
	}
	return worst
}

// TestPowFloat64 checks PowFloat64 with checkPow over random inputs of
// several lengths (vector loop and tail), one exponent per call (a
// scalar's case), special constants, and in place.
func TestPowFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	worst := 0.0
	for _, n := range []int{0, 1, 3, 8, 15, 255, 256, 257, 5000} {
		x, y := powInputs(n, r)
		worst = max(worst, checkPow(t, x, y, 3))
	}
	for _, c := range []float64{2.5, 1.7, -0.3, -1.5, 0.3, 7, -3, 3, 0, 1, -1, 2, 12.75, 1e6, 1<<20 - 0.5, 0.5, -0.5, math.Inf(1), math.NaN()} {
		x, _ := powInputs(700, r)
		y := make([]float64, len(x))
		for i := range y {
			y[i] = c
		}
		worst = max(worst, checkPow(t, x, y, 5))
	}
	t.Logf("largest error %.3f ulp", worst)
	// In place, over x and over y, with special cases in every block.
	for _, c := range []float64{math.NaN(), 0.5, 1} {
		x, y := powInputs(1000, r)
		if !math.IsNaN(c) {
			for i := range y {
				y[i] = c
			}
		}
		want := make([]float64, len(x))
		PowFloat64(want, x, y)
		xc, yc := append([]float64(nil), x...), append([]float64(nil), y...)
		PowFloat64(xc, xc, y)
		PowFloat64(yc, x, yc)
		for i := range want {
			if w := math.Pow(x[i], y[i]); c == c && math.Float64bits(want[i]) != math.Float64bits(w) && w == w {
				t.Fatalf("pow(%g, %g) = %g, want math.Pow's %g", x[i], y[i], want[i], w)
			}
			if math.Float64bits(xc[i]) != math.Float64bits(want[i]) || math.Float64bits(yc[i]) != math.Float64bits(want[i]) {
				t.Fatalf("in place: pow(%g, %g) = %g / %g, want %g", x[i], y[i], xc[i], yc[i], want[i])
			}
		}
	}
}

// TestPowAccuracy measures powOne (powF64x8's twin, the same bits) against
// the exact power over x in
// every binade and exponents that bring y·ln x near its bounds, where the
// logarithm's error counts most.
func TestPowAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	worst, n := 0.0, 20000
	if testing.Short() {
		n = 2000
	}
	x, y := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = math.Ldexp(1+r.Float64(), r.IntN(2040)-1020)
		if i%4 == 0 {
			x[i] = 1 + (r.Float64()-0.5)*0x1p-4 // around 1: the central interval
		}
		l := math.Log(x[i])
		y[i] = (r.Float64()*2 - 1) * 700 / math.Abs(l) // |y·ln x| up to 700
		if i%3 == 0 {
			y[i] = math.Round(y[i]) // integer exponents
		}
		if i%5 == 0 {
			x[i] = -x[i]
		}
	}
	for i := range x {
		if powSpecial(x[i], y[i]) {
			continue
		}
		got := powOne(x[i], y[i])
		if (got < 0) != (x[i] < 0 && math.Mod(y[i], 2) != 0) {
			t.Fatalf("pow(%g, %g) = %g: wrong sign", x[i], y[i], got)
		}
		worst = max(worst, bigPowUlps(got, x[i], y[i]))
	}
	t.Logf("largest error %.3f ulp over %d powers", worst, n)
	if worst > 0.6 {
		t.Errorf("largest error %.3f ulp, more than the 0.6 this algorithm keeps", worst)
	}
}

// lsbOf is the weight of v's lowest significant bit (v finite, not 0).
func lsbOf(v float64) float64 {
	m, e := math.Frexp(v)
	for m != math.Trunc(m) {
		m *= 2
		e--
	}
	return math.Ldexp(1, e)
}

// TestPowTables checks powLogTable and powExpTable against the 256-bit
// references, and the properties powLog relies on.
func TestPowTables(t *testing.T) {
	for i := range 32 {
		invc := math.Float64frombits(powLogTable[0][i])
		zlo, zhi := math.Float64frombits(powOff+uint64(i)<<47), math.Float64frombits(powOff+uint64(i+1)<<47)
		maxr := max(math.Abs(zlo*invc-1), math.Abs(math.Nextafter(zhi, 0)*invc-1))
		if maxr >= math.Exp2(-5.6) {
			t.Errorf("interval %d: |r| up to %g, beyond the polynomial's range", i, maxr)
		}
		// z·(1/c) − 1 is a multiple of lsb(z)·lsb(1/c) below 2·maxr: exact
		// if that spans 53 bits at most (1/c = 1: exact by Sterbenz).
		lsbz := 0x1p-52
		if zhi <= 1 {
			lsbz = 0x1p-53
		}
		if bits := math.Floor(math.Log2(maxr)) - math.Log2(lsbz*lsbOf(invc)) + 1; bits > 53 && invc != 1 {
			t.Errorf("interval %d: z·(1/c) − 1 needs %v bits", i, bits)
		}
		for _, z := range []float64{zlo, math.Nextafter(zhi, 0)} {
			r := math.FMA(z, invc, -1)
			if ch := math.Float64frombits(powLogTable[1][i]); ch != 0 && math.Abs(ch) < math.Abs(r) {
				t.Errorf("interval %d: |ln c| = %g < |r| = %g (Fast2Sum)", i, ch, r)
			}
		}
		hi, lo := math.Float64frombits(powLogTable[1][i]), math.Float64frombits(powLogTable[2][i])
		if hi*0x1p42 != math.Trunc(hi*0x1p42) {
			t.Errorf("ln c[%d]'s high part %g is not a multiple of 2⁻⁴²", i, hi)
		}
		want := bigLog(bigF(invc))
		want.Neg(want)
		diff, _ := want.Sub(want, bigF(hi)).Sub(want, bigF(lo)).Float64()
		if math.Abs(diff) > 0x1p-96 { // the low part's rounding
			t.Errorf("ln c[%d] off by %g", i, diff)
		}
	}
	if math.Float64frombits(powLogTable[0][18]) != 1 || powLogTable[1][18] != 0 || powLogTable[2][18] != 0 {
		t.Errorf("interval 18 (z around 1) is not c = 1")
	}
	for j := range 16 {
		want := bigExp(new(big.Float).SetPrec(bigPrec).Mul(bigLn2, bigF(float64(j)/16)))
		diff, _ := want.Sub(want, bigF(math.Float64frombits(powExpTable[0][j]))).Sub(want, bigF(math.Float64frombits(powExpTable[1][j]))).Float64()
		if math.Abs(diff) > 0x1p-100 {
			t.Errorf("2^(%d/16) off by %g", j, diff)
		}
	}
}

// TestPowBuffersOnStack checks that PowFloat64 and TanhFloat64 keep
// their block buffers on the stack (an indirect call to a vector loop
// moves them to the heap: an allocation per call).
func TestPowTanhBuffersOnStack(t *testing.T) {
	x, y, d := make([]float64, 1000), make([]float64, 1000), make([]float64, 1000)
	for i := range x {
		x[i], y[i] = float64(i)/100, 2.5
	}
	if a := testing.AllocsPerRun(5, func() { PowFloat64(x, x, y) }); a != 0 {
		t.Fatalf("PowFloat64: %v allocations per call", a)
	}
	if a := testing.AllocsPerRun(5, func() { TanhFloat64(d, x) }); a != 0 {
		t.Fatalf("TanhFloat64: %v allocations per call", a)
	}
	// The paths without AVX-512, through blocks widened on the stack.
	defer func(p, f bool) { usePowAVX512, useAVX512F = p, f }(usePowAVX512, useAVX512F)
	usePowAVX512, useAVX512F = false, false
	x32, y32 := make([]float32, 1000), make([]float32, 1000)
	if a := testing.AllocsPerRun(5, func() { PowFloat64(x, x, y); PowFloat32(x32, x32, y32); AtanFloat32(x32, x32); TanhFloat32(x32, x32) }); a != 0 {
		t.Fatalf("without AVX-512: %v allocations per call", a)
	}
}

// TestPowFloat32 checks PowFloat32 against float32(math.Pow) for the
// special cases (bit for bit), and elsewhere against powOne32 (bit for bit)
// and the exact power: the nearest float32, but within 2⁻³⁸ of a tie.
func TestPowFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 1, 7, 8, 9, 255, 256, 257, 3000} {
		x64, y64 := powInputs(n, r)
		x, y := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], y[i] = float32(x64[i]), float32(y64[i])
			if i%3 == 0 { // everyday ranges
				x[i], y[i] = float32(r.Float64()*10), float32(r.Float64()*10-5)
			}
		}
		checkPow32(t, x, y)
		if n > 0 { // in place, and one exponent
			want := make([]float32, n)
			PowFloat32(want, x, y)
			PowFloat32(x, x, y)
			for i := range want {
				if math.Float32bits(x[i]) != math.Float32bits(want[i]) {
					t.Fatalf("in place: %g, want %g", x[i], want[i])
				}
			}
			for i := range y {
				y[i], x[i] = 2.5, float32(r.Float64()*100)
			}
			checkPow32(t, x, y)
		}
	}
}

func checkPow32(t *testing.T, x, y []float32) {
	t.Helper()
	d := make([]float32, len(x))
	PowFloat32(d, x, y)
	checked := 0
	defer func() {
		if len(x) >= 256 && checked < len(x)/20 {
			t.Errorf("only %d of %d powers checked against the exact power", checked, len(x))
		}
	}()
	for i := range d {
		xd, yd := float64(x[i]), float64(y[i])
		want := float32(math.Pow(xd, yd))
		if one := powOne32(x[i], y[i]); usePowAVX512 && math.Float32bits(d[i]) != math.Float32bits(one) {
			t.Fatalf("pow(%g, %g) = %g, powOne32 %g", x[i], y[i], d[i], one)
		}
		ax := math.Abs(xd)
		if !(ax > 0 && ax <= math.MaxFloat64 && math.Abs(yd) <= math.MaxFloat64) || yd == 1 || xd < 0 && math.Trunc(yd) != yd || math.Abs(float64(want)) > 1e37 || math.Abs(float64(want)) < 1e-37 {
			if math.Float32bits(d[i]) != math.Float32bits(want) && !(d[i] != d[i] && want != want) {
				t.Fatalf("pow(%g, %g) = %g, want %g", x[i], y[i], d[i], want)
			}
			continue
		}
		if i%4 != 0 {
			continue
		}
		checked++
		e := bigPow(xd, yd)
		if xd < 0 && math.Mod(yd, 2) != 0 {
			e = -e
		}
		if got := d[i]; got != float32(e) {
			mid := (float64(got) + float64(float32(e))) / 2
			if math.Abs(e-mid) > 0x1p-38*math.Abs(e) {
				t.Fatalf("pow(%g, %g) = %g, exact %g", x[i], y[i], got, e)
			}
		}
	}
}

// TestPowLegacy checks powLegacy, PowFloat64 and PowFloat32 on CPUs
// without AVX-512, on this one.
func TestPowLegacy(t *testing.T) {
	defer func(v bool) { usePowAVX512 = v }(usePowAVX512)
	usePowAVX512 = false
	r := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{0, 1, 3, 255, 256, 257, 5000} {
		x, y := powInputs(n, r)
		checkPow(t, x, y, 1)
	}
	for _, c := range []float64{2.5, -1.5, 0.3, 7, 0.5, -0.5, 1} {
		x, _ := powInputs(700, r)
		y := make([]float64, len(x))
		for i := range y {
			y[i] = c
		}
		checkPow(t, x, y, 1)
	}
	x := make([]float32, 1000)
	y := make([]float32, 1000)
	for i := range x {
		x[i], y[i] = float32(r.Float64()*10), float32(r.Float64()*10-5)
	}
	checkPow32(t, x, y)
}

// checkPowLegacy compares powLegacy's PowFloat64 with math.Pow: bit for
// bit where it defers to math.Pow (every special case), elsewhere within
// 4·(1 + |yf·ln x|) ulp, the rounding of exp of a rounded logarithm.
func checkPowLegacy(t *testing.T, x, y []float64) {
	t.Helper()
	d := make([]float64, len(x))
	PowFloat64(d, x, y)
	for i := range d {
		want := math.Pow(x[i], y[i])
		yi, yf := powSplit(y[i])
		e := int32(math.Float64bits(x[i])>>52) - 1022
		if max(e, -e) >= powRange(y[i], yi) || math.IsNaN(want) {
			if math.Float64bits(d[i]) != math.Float64bits(want) && !(math.IsNaN(d[i]) && math.IsNaN(want)) {
				t.Fatalf("legacy: pow(%g, %g) = %g, want math.Pow's %g", x[i], y[i], d[i], want)
			}
			continue
		}
		if ulps := math.Abs(d[i]-want) / ulp(math.Abs(want)); ulps > 4*(1+math.Abs(yf*math.Log(x[i]))) {
			t.Fatalf("legacy: pow(%g, %g) = %g, math.Pow %g: %.1f ulp", x[i], y[i], d[i], want, ulps)
		}
	}
}
