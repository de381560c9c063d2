package vec

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// tanBigPrec is the precision of tanBigPi, enough to reduce MaxFloat64
// with 200 bits to spare.
const tanBigPrec = 1300

// tanBigPi is π = 16·atan(1/5) − 4·atan(1/239) (Machin), tanBigPiHalf
// π/2, tanBigTwoOverPi 2/π.
var tanBigPi, tanBigPiHalf, tanBigTwoOverPi = func() (p, h, t *big.Float) {
	atanInv := func(n int64) *big.Float { // atan(1/n) = Σ (−1)ʲ/((2j+1)·n^(2j+1))
		sum := new(big.Float).SetPrec(tanBigPrec)
		pow := new(big.Float).SetPrec(tanBigPrec).Quo(big.NewFloat(1), big.NewFloat(float64(n)))
		n2 := big.NewFloat(float64(n * n))
		eps := new(big.Float).SetMantExp(big.NewFloat(1), -tanBigPrec-8)
		for j := int64(0); ; j++ {
			q := new(big.Float).SetPrec(tanBigPrec).Quo(pow, big.NewFloat(float64(2*j+1)))
			if q.Cmp(eps) < 0 {
				return sum
			}
			if j%2 == 0 {
				sum.Add(sum, q)
			} else {
				sum.Sub(sum, q)
			}
			pow.Quo(pow, n2)
		}
	}
	a, b := atanInv(5), atanInv(239)
	p = new(big.Float).SetPrec(tanBigPrec).Mul(a, big.NewFloat(16))
	p.Sub(p, b.Mul(b, big.NewFloat(4)))
	h = new(big.Float).SetPrec(tanBigPrec).Quo(p, big.NewFloat(2))
	t = new(big.Float).SetPrec(tanBigPrec).Quo(big.NewFloat(2), p)
	return p, h, t
}()

// bigTan is tan x for finite x ≠ 0 as the float64 nearest it and the
// float64 nearest the rest: x = k·π/2 + r in big floats of 160 bits
// beyond x's exponent, sin r by its Taylor series, cos r = √(1 − sin²r),
// and sin r/cos r or −cos r/sin r by k's parity.
func bigTan(x float64) (hi, lo float64) {
	const prec = 160
	_, e := math.Frexp(x)
	p := uint(prec + max(e, 0))
	X := new(big.Float).SetPrec(p).SetFloat64(x)
	v := new(big.Float).SetPrec(p).Mul(X, tanBigTwoOverPi)
	k, _ := v.Int(nil) // toward zero
	f := new(big.Float).SetPrec(p).Sub(v, new(big.Float).SetInt(k))
	switch {
	case f.Cmp(big.NewFloat(0.5)) > 0:
		k.Add(k, big.NewInt(1))
	case f.Cmp(big.NewFloat(-0.5)) < 0:
		k.Sub(k, big.NewInt(1))
	}
	kp := new(big.Float).SetPrec(tanBigPrec + uint(max(e, 0))).SetInt(k)
	r := new(big.Float).SetPrec(p).Sub(X, kp.Mul(kp, tanBigPiHalf))
	r.SetPrec(prec)
	r2 := new(big.Float).SetPrec(prec).Mul(r, r)
	s, term := new(big.Float).SetPrec(prec).Set(r), new(big.Float).SetPrec(prec).Set(r)
	eps := new(big.Float).SetMantExp(new(big.Float).Abs(r), -prec-4)
	for j := 1; ; j++ {
		term.Mul(term, r2)
		term.Quo(term, big.NewFloat(float64(-(2*j)*(2*j+1))))
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
		s.Add(s, term)
	}
	c := new(big.Float).SetPrec(prec).Mul(s, s)
	c.Sub(big.NewFloat(1), c)
	c.Sqrt(c)
	t := new(big.Float).SetPrec(prec)
	if k.Bit(0) == 0 {
		t.Quo(s, c)
	} else {
		t.Quo(c, s)
		t.Neg(t)
	}
	hi, _ = t.Float64()
	lo, _ = t.Sub(t, new(big.Float).SetFloat64(hi)).Float64()
	return hi, lo
}

// tanUlps is got's distance from hi + lo in ulp of hi.
func tanUlps(got, hi, lo float64) float64 {
	return math.Abs((got-hi)-lo) / ulp(math.Abs(hi))
}

// tanInputs returns n inputs for TestTan64: random bits (every exponent,
// subnormals and the Payne–Hanek range), uniform ones over ±10, ±10⁶
// and around tan64Max, floats nearest k·π/2 and their neighbours for k
// up to 2³⁴ and up to 2⁶⁰⁰, and the float64 nearest a multiple of π/2 in
// each binade below 2⁶⁴ (tanHard); specials are added by the test.
func tanInputs(r *rand.Rand, n int) []float64 {
	x := append([]float64(nil), tanHard...)
	for _, h := range tanHard {
		for j := 1; j <= 4; j++ {
			x = append(x, math.Nextafter(h, 0), math.Nextafter(h, math.Inf(1)), -h)
			h = math.Nextafter(h, math.Inf(1))
		}
	}
	near := func(k float64) float64 { // the float64 nearest k·π/2
		v, _ := new(big.Float).SetPrec(tanBigPrec).Mul(tanBigPiHalf, new(big.Float).SetFloat64(k)).Float64()
		return v
	}
	for len(x) < n {
		var v float64
		switch r.IntN(10) {
		case 0, 1:
			v = math.Float64frombits(r.Uint64())
			if v != v || math.IsInf(v, 0) {
				continue
			}
		case 2:
			v = math.Float64frombits(r.Uint64N(1<<52) | r.Uint64()&(1<<63)) // subnormal
		case 3:
			v = (r.Float64()*2 - 1) * 10
		case 4:
			v = (r.Float64()*2 - 1) * 1e6
		case 5:
			v = math.Ldexp(1+r.Float64(), r.IntN(90)-60) // every exponent of the three-part range
		case 6:
			v = tan64Max * (1 + (r.Float64()*2-1)*0x1p-20)
			if r.IntN(2) == 0 {
				v = math.Nextafter(tan64Max, float64(r.IntN(2))*1e300)
			}
		case 7, 8:
			v = near(math.Floor(r.Float64() * math.Ldexp(1, r.IntN(34))))
			for range r.IntN(3) {
				v = math.Nextafter(v, float64(r.IntN(2)*2-1)*math.Inf(1))
			}
		case 9:
			v = near(math.Ldexp(math.Floor(r.Float64()*0x1p53), r.IntN(600)))
		}
		if r.IntN(2) == 0 {
			v = -v
		}
		x = append(x, v)
	}
	return x
}

// tanHard holds, for each exponent below 64, the float64 of the binade
// (or below) nearest a multiple of π/2 (continued fractions of
// 2^(e−52)·2/π, mpmath), and the closest float64 overall
// (6381956970095103·2⁷⁹⁷).
var tanHard = []float64{
	0x1.921fb54442d18p+0, 0x1.921fb54442d18p+1, 0x1.6c6cbc45dc8dep+5, 0x1.6c6cbc45dc8dep+6,
	0x1.6c6cbc45dc8dep+7, 0x1.6c6cbc45dc8dep+8, 0x1.6c6cbc45dc8dep+9, 0x1.6c6cbc45dc8dep+10,
	0x1.6c6cbc45dc8dep+11, 0x1.6c6cbc45dc8dep+12, 0x1.6c6cbc45dc8dep+13, 0x1.67e57cdd4dc54p+15,
	0x1.39c6fd67805a7p+18, 0x1.39c6fd67805a7p+19, 0x1.9eb7148f354d6p+20, 0x1.9eb7148f354d6p+21,
	0x1.b951f1572eba5p+23, 0x1.b951f1572eba5p+24, 0x1.b951f1572eba5p+25, 0x1.b951f1572eba5p+26,
	0x1.b951f1572eba5p+27, 0x1.b951f1572eba5p+28, 0x1.55202aefde314p+29, 0x1.b951f1572eba5p+29,
	0x1.5c9508c58aafap+32, 0x1.de5e5054e921bp+34, 0x1.46546a5bd73ccp+35, 0x1.bb23eaa3db16dp+38,
	0x1.065c829d68730p+39, 0x1.065c829d68730p+40, 0x1.065c829d68730p+41, 0x1.065c829d68730p+42,
	0x1.7512069b7430dp+47, 0x1.7512069b7430dp+48, 0x1.7512069b7430dp+49, 0x1.44630cc2cad9dp+50,
	0x1.5cba89af1f855p+51, 0x1.5cba89af1f855p+52, 0x1.56a4aa740a5a7p+53, 0x1.59af9a1194efep+54,
	0x1.ae9608c734e12p+56, 0x1.c3cfa4749cdd7p+58, 0x1.4d8d546c1ba70p+59, 0x1.6ac5b262ca1ffp+849,
}

// TestTan64 checks tan64 on both paths against big floats over 2²⁰
// inputs (2¹⁴ with -short) in runs of lengths that are not multiples of
// eight, in place and not, with specials among them, and that the
// AVX-512 path gives the Go steps' bits.
func TestTan64(t *testing.T) {
	n := 1 << 20
	if testing.Short() {
		n = 1 << 14
	}
	r := rand.New(rand.NewPCG(85, 86))
	x := tanInputs(r, n)
	specials := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324, 0x1p-1022,
		math.MaxFloat64, -math.MaxFloat64, tan64Max, -tan64Max, math.Nextafter(tan64Max, 1e300), math.Nextafter(tan64Max, 0), math.Pi / 4, math.Pi / 2}
	for i := range n / 64 { // a special every 64 elements or so
		x[r.IntN(n)] = specials[i%len(specials)]
	}
	hi, lo := make([]float64, len(x)), make([]float64, len(x))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(x); i += workers {
				if v := x[i]; v != 0 && math.Abs(v) <= math.MaxFloat64 {
					hi[i], lo[i] = bigTan(v)
				}
			}
		}()
	}
	wg.Wait()
	worst := map[bool]float64{}
	var worstX map[bool]float64 = map[bool]float64{}
	paths(t, func(fast bool) {
		avx := useAVX512F
		d, check := guard(len(x))
		in := append([]float64(nil), x...)
		for lo, k := 0, 0; lo < len(x); k++ { // runs of 1, 7, 9, 23, 1000, 4101 elements
			m := min([]int{1, 7, 9, 23, 1000, 4101}[k%6], len(x)-lo)
			tan64(d[lo:lo+m], x[lo:lo+m])
			tan64(in[lo:lo+m], in[lo:lo+m])
			lo += m
		}
		check(t, "tan", fast)
		for i, v := range x {
			if math.Float64bits(d[i]) != math.Float64bits(in[i]) && !(d[i] != d[i] && in[i] != in[i]) {
				t.Fatalf("AVX-512=%v: tan(%v) = %v, in place %v", avx, v, d[i], in[i])
			}
			if one := tanOne64(v); math.Float64bits(d[i]) != math.Float64bits(one) && !(d[i] != d[i] && one != one) {
				t.Fatalf("AVX-512=%v: tan(%v) = %v, tanOne64 %v", avx, v, d[i], one)
			}
			switch {
			case v == 0 || v != v || math.IsInf(v, 0):
				if want := math.Tan(v); math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("AVX-512=%v: tan(%v) = %v, want math's %v", avx, v, d[i], want)
				}
				continue
			}
			u := tanUlps(d[i], hi[i], lo[i])
			if u > worst[avx] {
				worst[avx], worstX[avx] = u, v
			}
			if u > 0.53 {
				t.Fatalf("AVX-512=%v: tan(%v) = %v, want %v (%.4f ulps)", avx, v, d[i], hi[i], u)
			}
		}
	})
	t.Logf("%d inputs: at most %.4f ulps (AVX-512, at %v), %.4f (Go, at %v) from the exact value",
		len(x), worst[true], worstX[true], worst[false], worstX[false])
}

// BenchmarkTan64 times tan64 (tan64/Go: without AVX-512) and
// TanFloat64 (sin x/cos x by SinFloat64 and CosFloat64 over tiles) over
// 4096 elements (in cache) and 2²² (not) uniform in [−100, 100), in ns
// an element. NumPy's np.tan(x, out=d) on the same sizes and range is
// timed by
//
//	rng = np.random.default_rng(87)
//	x = rng.random(n) * 200 - 100; d = np.empty_like(x)
//	min(timeit.repeat(lambda: np.tan(x, out=d), number=reps, repeat=7)) / reps / n
func BenchmarkTan64(b *testing.B) {
	goPath := func(d, x []float64) {
		defer func(v bool) { useAVX512F = v }(useAVX512F)
		useAVX512F = false
		tan64(d, x)
	}
	for _, f := range []struct {
		name string
		f    func(d, x []float64)
	}{{"tan64", tan64}, {"tan64/Go", goPath}, {"TanFloat64", TanFloat64}} {
		for _, n := range []int{4096, 1 << 22} {
			b.Run(fmt.Sprint(f.name, "/", n), func(b *testing.B) {
				r := rand.New(rand.NewPCG(87, 88))
				x, d := make([]float64, n), make([]float64, n)
				for i := range x {
					x[i] = r.Float64()*200 - 100
				}
				b.SetBytes(8 * int64(n))
				for b.Loop() {
					f.f(d, x)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/element")
			})
		}
	}
}
