package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGlue checks the steps of glue.go against their definitions, on
// every path, over lengths around the vector loop's eight.
func TestGlue(t *testing.T) {
	r := rand.New(rand.NewPCG(77, 78))
	value := func() float64 {
		if r.IntN(6) == 0 {
			return specials[r.IntN(len(specials))]
		}
		if r.IntN(6) == 0 { // around √2, where splitLog2 halves
			return math.Ldexp(math.Sqrt2+r.NormFloat64()*1e-15, r.IntN(200)-100)
		}
		return r.NormFloat64() * 3
	}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 64, 515} {
			x, y := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], y[i] = value(), value()
			}
			a, b := value(), value()
			d, check := guard(n)
			affine(d, x, a, b)
			for i, v := range x {
				if want := v*a + b; bits(d[i]) != bits(want) {
					t.Fatalf("fast=%v: affine(%v, %v, %v) = %v, want %v", fast, v, a, b, d[i], want)
				}
			}
			check(t, "affine", fast)
			f, e := make([]float64, n), make([]float64, n)
			splitLog2(f, e, x)
			for i, v := range x {
				if v >= 0x1p-1022 && v <= math.MaxFloat64 && !(f[i] >= math.Sqrt2/2 && f[i] < math.Sqrt2 && math.Ldexp(f[i], int(e[i])) == v) {
					t.Fatalf("fast=%v: split of %v = %v·2^%v", fast, v, f[i], e[i])
				}
			}
			copy(d, y)
			copySign(d, x)
			for i := range x {
				if want := math.Copysign(y[i], x[i]); bits(d[i]) != bits(want) {
					t.Fatalf("fast=%v: copysign(%v, %v) = %v", fast, y[i], x[i], d[i])
				}
			}
			check(t, "copysign", fast)
			for _, op := range ops {
				Float64(op, d, x, y)
				for i := range x {
					want := []float64{x[i] + y[i], x[i] - y[i], x[i] * y[i], x[i] / y[i]}[op]
					if bits(d[i]) != bits(want) && !(d[i] != d[i] && want != want) {
						t.Fatalf("fast=%v: %v %v %v = %v, want %v", fast, x[i], op, y[i], d[i], want)
					}
				}
				check(t, "arith2", fast)
			}
			for _, bounds := range [][2]float64{{-1, 1}, {math.Inf(-1), math.Inf(1)}, {0, 0}, {-10, 10}} {
				lo, hi := bounds[0], bounds[1]
				want := true
				for _, v := range x {
					want = want && v >= lo && v <= hi
				}
				if got := within(x, lo, hi); got != want {
					t.Fatalf("fast=%v: within(%v, %v, %v) = %v", fast, x, lo, hi, got)
				}
				// One element moved out of [lo, hi] is seen wherever it is.
				if n > 0 && lo > math.Inf(-1) {
					k := r.IntN(n)
					old := x[k]
					x[k] = math.NaN()
					if within(x, lo, hi) {
						t.Fatalf("fast=%v: within missed a NaN at %d of %d", fast, k, n)
					}
					x[k] = math.Nextafter(lo, math.Inf(-1))
					if within(x, lo, hi) {
						t.Fatalf("fast=%v: within missed %v below %v at %d of %d", fast, x[k], lo, k, n)
					}
					x[k] = math.Nextafter(hi, math.Inf(1))
					if within(x, lo, hi) {
						t.Fatalf("fast=%v: within missed %v above %v at %d of %d", fast, x[k], hi, k, n)
					}
					x[k] = old
				}
			}
		}
	})
}

// TestPow2 checks pow2 over its whole domain on every path.
func TestPow2(t *testing.T) {
	paths(t, func(fast bool) {
		k := make([]float64, 2046)
		for i := range k {
			k[i] = float64(i - 1022)
		}
		d, check := guard(len(k))
		pow2(d, k)
		for i, v := range k {
			if d[i] != math.Ldexp(1, int(v)) {
				t.Fatalf("fast=%v: 2^%v = %v", fast, v, d[i])
			}
		}
		check(t, "pow2", fast)
	})
}

// TestSignFloat checks SignFloat against the branches of sign x on both
// paths, float64 and float32, in place too, over every length up to 70
// (the loops' steps and tails) with zeros, NaN, infinities and
// subnormals among random values.
func TestSignFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(91, 92))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), -math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324, 1e-40, -1e-40, 1, -1}
	paths(t, func(fast bool) {
		for n := range 70 {
			x := make([]float64, n)
			for i := range x {
				if r.IntN(3) == 0 {
					x[i] = special[r.IntN(len(special))]
				} else {
					x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
				}
			}
			checkSign(t, fast, x)
			x32 := make([]float32, n)
			for i, v := range x {
				x32[i] = float32(v)
			}
			checkSign(t, fast, x32)
		}
	})
}

func checkSign[T float32 | float64](t *testing.T, fast bool, x []T) {
	t.Helper()
	want := make([]T, len(x))
	for i, v := range x {
		switch {
		case v > 0:
			want[i] = 1
		case v < 0:
			want[i] = -1
		default:
			want[i] = v
		}
	}
	d := make([]T, len(x))
	SignFloat(d, x)
	in := append([]T(nil), x...)
	SignFloat(in, in)
	for i := range x {
		for _, got := range []T{d[i], in[i]} {
			if got != want[i] && !(got != got && want[i] != want[i]) || got == 0 && math.Signbit(float64(got)) != math.Signbit(float64(want[i])) {
				t.Fatalf("fast=%v n=%d: sign(%v) = %v, want %v", fast, len(x), x[i], got, want[i])
			}
		}
	}
}
