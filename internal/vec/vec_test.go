package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

var ops = []Op{Add, Sub, Mul, Div}

// special values every op must treat exactly as the scalar loop does.
var specials = []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, math.MaxFloat64}

func TestFloat64MatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 100, 1024, 1031} {
			for _, op := range ops {
				// Guard regions around d catch writes past its end; a and b
				// are longer than d, as the evaluator's tiles may be.
				buf := make([]float64, n+4)
				for i := range buf {
					buf[i] = -7
				}
				d, want := buf[2:2+n], make([]float64, n)
				a, b := make([]float64, n+3), make([]float64, n+5)
				for i := range a {
					a[i] = r.NormFloat64() * 1e3
					if r.IntN(8) == 0 {
						a[i] = specials[r.IntN(len(specials))]
					}
				}
				for i := range b {
					b[i] = r.NormFloat64()
					if r.IntN(8) == 0 {
						b[i] = specials[r.IntN(len(specials))]
					}
				}
				Float64(op, d, a, b)
				float64Go(op, want, a, b)
				for i := range want {
					if math.Float64bits(d[i]) != math.Float64bits(want[i]) {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v, want %v", avx, n, op, i, d[i], want[i])
					}
				}
				if buf[0] != -7 || buf[1] != -7 || buf[n+2] != -7 || buf[n+3] != -7 {
					t.Fatalf("avx2=%v n=%d op=%d: guard region overwritten", avx, n, op)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

func TestFloat32MatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 31, 32, 33, 63, 64, 65, 1024, 1031} {
			for _, op := range ops {
				buf := make([]float32, n+4)
				for i := range buf {
					buf[i] = -7
				}
				d, want := buf[2:2+n], make([]float32, n)
				a, b := make([]float32, n+1), make([]float32, n+2)
				for i := range a {
					a[i] = float32(r.NormFloat64() * 1e3)
					if r.IntN(8) == 0 {
						a[i] = float32(specials[r.IntN(len(specials))])
					}
				}
				for i := range b {
					b[i] = float32(r.NormFloat64())
				}
				Float32(op, d, a, b)
				float32Go(op, want, a, b)
				for i := range want {
					if math.Float32bits(d[i]) != math.Float32bits(want[i]) {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v, want %v", avx, n, op, i, d[i], want[i])
					}
				}
				if buf[0] != -7 || buf[1] != -7 || buf[n+2] != -7 || buf[n+3] != -7 {
					t.Fatalf("avx2=%v n=%d op=%d: guard region overwritten", avx, n, op)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

// TestInPlace checks d may alias a or b, as the evaluator's buffers may.
func TestInPlace(t *testing.T) {
	a := make([]float64, 100)
	for i := range a {
		a[i] = float64(i)
	}
	Float64(Mul, a, a, a)
	for i, v := range a {
		if v != float64(i*i) {
			t.Fatalf("a[%d] = %v, want %v", i, v, i*i)
		}
	}
}

func BenchmarkAddF64(b *testing.B) {
	x, y, d := make([]float64, 1024), make([]float64, 1024), make([]float64, 1024)
	b.SetBytes(3 * 8 * 1024)
	for b.Loop() {
		Float64(Add, d, x, y)
	}
}

func BenchmarkAddF64Go(b *testing.B) {
	x, y, d := make([]float64, 1024), make([]float64, 1024), make([]float64, 1024)
	b.SetBytes(3 * 8 * 1024)
	for b.Loop() {
		float64Go(Add, d, x, y)
	}
}

func TestUniformMatchesScalar(t *testing.T) {
	for _, fast := range []bool{false, true} {
		if fast && !hasAVX512DQ {
			continue
		}
		useAVX512DQ = fast
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 1000, 1024} {
			for _, c := range []uint64{0, 42, 1<<64 - 5, 0x123456789abcdef} {
				buf := make([]float64, n+2)
				buf[0], buf[n+1] = -7, -7
				d, want := buf[1:1+n], make([]float64, n)
				Uniform(d, c)
				uniformGo(want, c)
				for i := range want {
					if d[i] != want[i] || d[i] < 0 || d[i] >= 1 {
						t.Fatalf("avx512=%v n=%d c=%d: d[%d] = %v, want %v in [0, 1)", fast, n, c, i, d[i], want[i])
					}
				}
				if buf[0] != -7 || buf[n+1] != -7 {
					t.Fatalf("avx512=%v n=%d: guard overwritten", fast, n)
				}
			}
		}
	}
	useAVX512DQ = hasAVX512DQ
}

// TestUniformRuns checks that a stream cut into runs gives the values of
// the whole stream, which is what makes random arrays independent of
// their chunking.
func TestUniformRuns(t *testing.T) {
	whole := make([]float64, 100)
	Uniform(whole, 7)
	for _, cut := range []int{1, 16, 37} {
		a := make([]float64, 100)
		Uniform(a[:cut], 7)
		Uniform(a[cut:], 7+uint64(cut)*Golden)
		for i := range a {
			if a[i] != whole[i] {
				t.Fatalf("cut %d: a[%d] = %v, want %v", cut, i, a[i], whole[i])
			}
		}
	}
}

func BenchmarkUniform(b *testing.B) {
	d := make([]float64, 1024)
	b.SetBytes(8 * 1024)
	for b.Loop() {
		Uniform(d, 1)
	}
}

func BenchmarkUniformGo(b *testing.B) {
	d := make([]float64, 1024)
	b.SetBytes(8 * 1024)
	for b.Loop() {
		uniformGo(d, 1)
	}
}

func TestAddMomentsMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 1003} {
			x, k := make([]float64, n), make([]float64, n+2)
			c, s1, s2 := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
			wc, w1, w2 := make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
			for i := range x {
				x[i] = 1e9 + r.Float64()
				if r.IntN(10) == 0 {
					x[i] = specials[r.IntN(len(specials))]
				}
			}
			for i := range k {
				k[i] = 1e9 + r.Float64()
			}
			for i := range s1 {
				c[i], s1[i], s2[i] = float64(r.IntN(100)), r.NormFloat64(), r.Float64()
				wc[i], w1[i], w2[i] = c[i], s1[i], s2[i]
			}
			AddMoments(c, s1, s2, x, k)
			addMomentsGo(wc, w1, w2, x, k)
			for i := range s1 {
				if c[i] != wc[i] || math.Float64bits(s1[i]) != math.Float64bits(w1[i]) || math.Float64bits(s2[i]) != math.Float64bits(w2[i]) {
					t.Fatalf("avx2=%v n=%d: [%d] = %v, %v, %v, want %v, %v, %v", avx, n, i, c[i], s1[i], s2[i], wc[i], w1[i], w2[i])
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

// TestExtremeMatchesScalar checks Max and Min against one sequential
// pass, with NaN, infinities and zeros of both signs placed at random
// (a NaN result must be NaN; otherwise the bits must agree).
func TestExtremeMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	vals := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(), 3.5, -3.5}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
	}
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{1, 2, 15, 16, 63, 64, 65, 100, 1024, 1031} {
			for trial := 0; trial < 40; trial++ {
				x := make([]float64, n)
				for i := range x {
					switch trial % 4 {
					case 0:
						x[i] = r.NormFloat64() // no specials
					case 1:
						x[i] = vals[r.IntN(2)] // zeros of both signs only
					case 2:
						x[i] = vals[r.IntN(len(vals))]
					case 3:
						x[i] = vals[r.IntN(6)] // no NaN
					}
				}
				if got, want := MaxFloat64(x), extremeGo(x, true); !same(got, want) {
					t.Fatalf("avx2=%v n=%d: MaxFloat64 = %v, want %v (%v)", avx, n, got, want, x)
				}
				if got, want := MinFloat64(x), extremeGo(x, false); !same(got, want) {
					t.Fatalf("avx2=%v n=%d: MinFloat64 = %v, want %v", avx, n, got, want)
				}
				x32 := make([]float32, n)
				for i, v := range x {
					x32[i] = float32(v)
				}
				if got, want := MaxFloat32(x32), extremeGo(x32, true); !same(float64(got), float64(want)) {
					t.Fatalf("avx2=%v n=%d: MaxFloat32 = %v, want %v", avx, n, got, want)
				}
				if got, want := MinFloat32(x32), extremeGo(x32, false); !same(float64(got), float64(want)) {
					t.Fatalf("avx2=%v n=%d: MinFloat32 = %v, want %v", avx, n, got, want)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

func BenchmarkMaxFloat64(b *testing.B) {
	x := make([]float64, 1024)
	for i := range x {
		x[i] = float64(i % 17)
	}
	b.SetBytes(8 * 1024)
	for b.Loop() {
		MaxFloat64(x)
	}
}

func TestCompareFloat64MatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 15, 16, 17, 33, 100, 1024} {
			for op := Eq; op <= Ge; op++ {
				a, b := make([]float64, n+1), make([]float64, n+2)
				for i := range a {
					a[i] = specials[r.IntN(len(specials))]
				}
				for i := range b {
					b[i] = specials[r.IntN(len(specials))]
					if r.IntN(3) == 0 && i < len(a) {
						b[i] = a[i] // equal values often
					}
				}
				buf := make([]bool, n+2)
				buf[0], buf[n+1] = true, true
				d, want := buf[1:1+n], make([]bool, n)
				for i := range d {
					d[i] = r.IntN(2) == 0 // garbage that must be overwritten
				}
				CompareFloat64(op, d, a, b)
				compareGo(op, want, a, b)
				for i := range want {
					if d[i] != want[i] {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v for %v vs %v, want %v", avx, n, op, i, d[i], a[i], b[i], want[i])
					}
				}
				if !buf[0] || !buf[n+1] {
					t.Fatalf("avx2=%v n=%d: guard overwritten", avx, n)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

func TestSqrtFloat64MatchesMath(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024} {
			x := make([]float64, n+1)
			for i := range x {
				x[i] = math.Abs(r.NormFloat64()) * math.Pow(10, float64(r.IntN(40)-20))
				if r.IntN(6) == 0 {
					x[i] = specials[r.IntN(len(specials))] // negatives give NaN
				}
			}
			buf := make([]float64, n+2)
			buf[0], buf[n+1] = -7, -7
			d := buf[1 : 1+n]
			SqrtFloat64(d, x)
			for i := range d {
				want := math.Sqrt(x[i])
				if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("avx2=%v n=%d: sqrt(%v) = %v, want %v", avx, n, x[i], d[i], want)
				}
			}
			if buf[0] != -7 || buf[n+1] != -7 {
				t.Fatalf("avx2=%v n=%d: guard overwritten", avx, n)
			}
		}
	}
	useAVX2 = hasAVX2
}

func TestElemsMatchScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	vals := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.NaN(), 2.5}
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 15, 16, 17, 100, 1024} {
			a, b := make([]float64, n+1), make([]float64, n+2)
			for i := range a {
				a[i] = vals[r.IntN(len(vals))]
			}
			for i := range b {
				b[i] = vals[r.IntN(len(vals))]
			}
			for _, greatest := range []bool{false, true} {
				buf := make([]float64, n+2)
				buf[0], buf[n+1] = -7, -7
				d := buf[1 : 1+n]
				if greatest {
					MaxElems(d, a, b)
				} else {
					MinElems(d, a, b)
				}
				for i := range d {
					want := pick(a[i], b[i], greatest)
					if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
						t.Fatalf("avx2=%v n=%d max=%v: (%v, %v) gave %v, want %v", avx, n, greatest, a[i], b[i], d[i], want)
					}
				}
				if buf[0] != -7 || buf[n+1] != -7 {
					t.Fatalf("avx2=%v n=%d: guard overwritten", avx, n)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

// TestExpFloat64 checks the vector exp against math.Exp: within 2 ulp
// over the whole range, exact where math.Exp takes over (overflow,
// subnormal results, NaN, infinities).
func TestExpFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, fast := range []bool{false, true} {
		if fast && !(hasAVX2 && hasFMA) {
			continue
		}
		useAVX2 = fast
		for _, n := range []int{0, 1, 3, 4, 5, 100, 1024, 4099} {
			x := make([]float64, n)
			for i := range x {
				switch r.IntN(5) {
				case 0:
					x[i] = r.Float64()*1460 - 750 // the whole range and beyond
				case 1:
					x[i] = specials[r.IntN(len(specials))]
				case 2:
					x[i] = []float64{709, 709.78, 710, -708, -708.5, -745.2, -746, 0.5 * math.Ln2, -0.5 * math.Ln2}[r.IntN(9)]
				default:
					x[i] = r.NormFloat64() * 3
				}
			}
			buf := make([]float64, n+2)
			buf[0], buf[n+1] = -7, -7
			d := buf[1 : 1+n]
			ExpFloat64(d, x)
			for i := range d {
				want := math.Exp(x[i])
				switch {
				case want != want || math.IsInf(want, 0) || want == 0 || want < 0x1p-1022:
					if math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
						t.Fatalf("fast=%v: exp(%v) = %v, want %v", fast, x[i], d[i], want)
					}
				case math.Abs(d[i]-want) > 2*ulp(want):
					t.Fatalf("fast=%v: exp(%v) = %v, want %v (%.1f ulp)", fast, x[i], d[i], want, math.Abs(d[i]-want)/ulp(want))
				}
			}
			if buf[0] != -7 || buf[n+1] != -7 {
				t.Fatalf("fast=%v n=%d: guard overwritten", fast, n)
			}
		}
	}
	useAVX2 = hasAVX2
}

func ulp(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }

func BenchmarkExpFloat64(b *testing.B) {
	x, d := make([]float64, 1024), make([]float64, 1024)
	for i := range x {
		x[i] = float64(i)/100 - 5
	}
	b.SetBytes(8 * 1024)
	for b.Loop() {
		ExpFloat64(d, x)
	}
}

func TestCompareFloat32MatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 15, 16, 17, 33, 100, 1024} {
			for op := Eq; op <= Ge; op++ {
				a, b := make([]float32, n+1), make([]float32, n+2)
				for i := range a {
					a[i] = float32(specials[r.IntN(len(specials))])
				}
				for i := range b {
					b[i] = float32(specials[r.IntN(len(specials))])
					if r.IntN(3) == 0 && i < len(a) {
						b[i] = a[i]
					}
				}
				buf := make([]bool, n+2)
				buf[0], buf[n+1] = true, true
				d, want := buf[1:1+n], make([]bool, n)
				for i := range d {
					d[i] = r.IntN(2) == 0
				}
				CompareFloat32(op, d, a, b)
				compareGo(op, want, a, b)
				for i := range want {
					if d[i] != want[i] {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v for %v vs %v, want %v", avx, n, op, i, d[i], a[i], b[i], want[i])
					}
				}
				if !buf[0] || !buf[n+1] {
					t.Fatalf("avx2=%v n=%d: guard overwritten", avx, n)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}

func TestSqrtFloat32MatchesMath(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	for _, avx := range []bool{false, true} {
		if avx && !hasAVX2 {
			continue
		}
		useAVX2 = avx
		for _, n := range []int{0, 1, 31, 32, 33, 100, 1024} {
			x := make([]float32, n)
			for i := range x {
				x[i] = math.Float32frombits(r.Uint32()) // every bit pattern: negatives, NaN, subnormals
			}
			d := make([]float32, n)
			SqrtFloat32(d, x)
			for i := range d {
				want := float32(math.Sqrt(float64(x[i])))
				if math.Float32bits(d[i]) != math.Float32bits(want) && !(d[i] != d[i] && want != want) {
					t.Fatalf("avx2=%v: sqrt(%v) = %v, want %v", avx, x[i], d[i], want)
				}
			}
		}
	}
	useAVX2 = hasAVX2
}
