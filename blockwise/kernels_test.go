package blockwise

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// TestIntAbs checks abs of every integer dtype against a branch per
// element, limits included (abs of the least signed value wraps to
// itself, as NumPy's does).
func TestIntAbs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	testIntAbs(t, r, chunk.Int8, []int8{math.MinInt8, math.MaxInt8, -1, 0, 1})
	testIntAbs(t, r, chunk.Int16, []int16{math.MinInt16, math.MaxInt16, -1, 0, 1})
	testIntAbs(t, r, chunk.Int32, []int32{math.MinInt32, math.MaxInt32, -1, 0, 1})
	testIntAbs(t, r, chunk.Int64, []int64{math.MinInt64, math.MaxInt64, -1, 0, 1})
	testIntAbs(t, r, chunk.Uint8, []uint8{math.MaxUint8, 0, 1, 128})
	testIntAbs(t, r, chunk.Uint64, []uint64{math.MaxUint64, 0, 1, 1 << 63})
}

func testIntAbs[T integer](t *testing.T, r *rand.Rand, dt chunk.DType, special []T) {
	for _, n := range []int{0, 1, 7, 100} {
		x := make([]T, n)
		for i := range x {
			x[i] = T(r.Uint64())
			if r.IntN(3) == 0 {
				x[i] = special[r.IntN(len(special))]
			}
		}
		d := make([]T, n)
		if err := unary(OpAbs, dt, d, x); err != nil {
			t.Fatal(err)
		}
		for i, v := range x {
			want := v
			if v < 0 {
				want = -v
			}
			if d[i] != want {
				t.Fatalf("%v n=%d: abs(%v) = %v, want %v", dt, n, v, d[i], want)
			}
		}
	}
}

// TestIsNaNAndWhere checks isnan over NaN, ±Inf, -0 and lengths around
// the vector blocks, and where of the result (nansum's rewrite) bit for
// bit.
func TestIsNaNAndWhere(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1.5, -2, math.Float64frombits(0x7ff0000000000001)}
	for _, n := range []int{0, 1, 15, 16, 17, 33, 1000} {
		x, x32 := make([]float64, n), make([]float32, n)
		for i := range x {
			x[i] = vals[r.IntN(len(vals))]
			x32[i] = float32(x[i])
		}
		nan, nan32 := make([]bool, n), make([]bool, n)
		predicate(OpIsNaN, chunk.Float64, nan, x)
		predicate(OpIsNaN, chunk.Float32, nan32, x32)
		zero := make([]float64, n)
		d := make([]float64, n)
		where(chunk.Float64, d, nan, zero, x)
		for i, v := range x {
			if nan[i] != math.IsNaN(v) || nan32[i] != math.IsNaN(v) {
				t.Fatalf("n=%d: isnan(%v) = %v (float32 %v)", n, v, nan[i], nan32[i])
			}
			want := v
			if math.IsNaN(v) {
				want = 0
			}
			if math.Float64bits(d[i]) != math.Float64bits(want) {
				t.Fatalf("n=%d: where(isnan(%v), 0, x) = %v", n, v, d[i])
			}
		}
	}
}

// TestFmodIsMathMod checks fmod against math.Mod bit for bit: random
// bits (every exponent, subnormals, ±0, ±Inf, NaN), quotients near
// integers (a = k·b nudged by an ulp either way, where a/b rounds across
// an integer), quotients from 2⁵⁰ to 2⁶², and both signs of each operand.
func TestFmodIsMathMod(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pick := func() float64 {
		switch r.IntN(4) {
		case 0:
			return math.Float64frombits(r.Uint64())
		case 1:
			return []float64{0, math.Inf(1), math.NaN(), 0x1p-1074, 0x1p-1000, 0x1p1000, math.MaxFloat64, 0.3, 0.1, 1, 3}[r.IntN(11)]
		default:
			return math.Exp(r.NormFloat64() * 20)
		}
	}
	for range 50000 {
		a, b := pick(), pick()
		switch r.IntN(3) {
		case 0: // a near an integer multiple of b
			k := math.Trunc(math.Exp(r.Float64() * 40))
			a = k * b
			for range r.IntN(3) {
				a = math.Nextafter(a, []float64{0, math.Inf(1)}[r.IntN(2)])
			}
		case 1:
			a = b * math.Ldexp(1+r.Float64(), 50+r.IntN(12))
		}
		if r.IntN(2) == 0 {
			a = -a
		}
		if r.IntN(2) == 0 {
			b = -b
		}
		if got, want := fmod(a, b), math.Mod(a, b); math.Float64bits(got) != math.Float64bits(want) && !(got != got && want != want) {
			t.Fatalf("fmod(%v, %v) = %v, math.Mod %v", a, b, got, want)
		}
	}
}

// TestModByIsPyMod checks modBy, the float remainder by one divisor,
// against pyMod element by element, bit for bit, for divisors of every
// kind (tiny, huge, ±0, ±Inf, NaN, negative) over random dividends, near
// multiples and far quotients, in place too.
func TestModByIsPyMod(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, b := range []float64{0.3, -0.3, 1, -7.5, 3e-300, 0x1p-1001, 1e300, 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, 5e-324} {
		a := make([]float64, 3000)
		for i := range a {
			switch i % 5 {
			case 0:
				a[i] = math.Float64frombits(r.Uint64())
			case 1:
				a[i] = math.Trunc(r.NormFloat64()*1e6) * b
				a[i] = math.Nextafter(a[i], []float64{0, math.Inf(-1), math.Inf(1)}[r.IntN(3)])
			case 2:
				a[i] = b * math.Ldexp(r.Float64()-0.5, r.IntN(70))
			case 3:
				a[i] = []float64{0, math.Copysign(0, -1), math.Inf(1), math.NaN(), 1e308}[r.IntN(5)]
			default:
				a[i] = r.NormFloat64() * 10
			}
		}
		d := make([]float64, len(a))
		modBy(d, a, b)
		for i, x := range a {
			if want := pyMod(x, b); math.Float64bits(d[i]) != math.Float64bits(want) && !(d[i] != d[i] && want != want) {
				t.Fatalf("%v %% %v = %v, pyMod %v", x, b, d[i], want)
			}
		}
		modBy(a, a, b)
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(d[i]) && !(a[i] != a[i] && d[i] != d[i]) {
				t.Fatalf("in place: %v, want %v", a[i], d[i])
			}
		}
	}
}
