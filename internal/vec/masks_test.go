package vec

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCompareInt64MatchesScalar(t *testing.T) {
	testCompareInt(t, 5, CompareInt64, []int64{math.MinInt64, math.MaxInt64, -1, 0, 1, 1 << 32, -1 << 32})
}

func TestCompareInt32MatchesScalar(t *testing.T) {
	testCompareInt(t, 7, CompareInt32, []int32{math.MinInt32, math.MaxInt32, -1, 0, 1, 1 << 16, -1 << 16})
}

// testCompareInt checks an integer comparison kernel against Go's
// operators for every op, with the limits among the operands and many
// equal pairs.
func testCompareInt[T int32 | int64](t *testing.T, seed uint64, kernel func(Cmp, []bool, []T, []T), special []T) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	value := func() T {
		if r.IntN(2) == 0 {
			return special[r.IntN(len(special))]
		}
		return T(r.Int64())
	}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 100, 1024, 1031} {
			for op := Eq; op <= Ge; op++ {
				a, b := make([]T, n+1), make([]T, n+2)
				for i := range a {
					a[i] = value()
				}
				for i := range b {
					b[i] = value()
					if r.IntN(3) == 0 && i < len(a) {
						b[i] = a[i]
					}
				}
				buf := make([]bool, n+2)
				buf[0], buf[n+1] = true, true
				d := buf[1 : 1+n]
				for i := range d {
					d[i] = r.IntN(2) == 0 // garbage that must be overwritten
				}
				kernel(op, d, a, b)
				for i := range d {
					want := [...]bool{Eq: a[i] == b[i], Ne: a[i] != b[i], Lt: a[i] < b[i], Le: a[i] <= b[i], Gt: a[i] > b[i], Ge: a[i] >= b[i]}[op]
					if d[i] != want {
						t.Fatalf("avx2=%v n=%d op=%d: d[%d] = %v for %v vs %v, want %v", fast, n, op, i, d[i], a[i], b[i], want)
					}
				}
				if !buf[0] || !buf[n+1] {
					t.Fatalf("avx2=%v n=%d: guard overwritten", fast, n)
				}
			}
		}
	})
}

func TestSelect(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	f64 := func() float64 { return specials[r.IntN(len(specials))] * r.NormFloat64() }
	testSelect(t, r, f64)
	testSelect(t, r, func() float32 { return float32(f64()) })
	testSelect(t, r, func() int64 { return int64(r.Uint64()) })
	testSelect(t, r, func() uint32 { return r.Uint32() })
	testSelect(t, r, func() int16 { return int16(r.Uint32()) })
	testSelect(t, r, func() complex128 { return complex(f64(), f64()) })
}

// testSelect checks Select against a loop over every length near the
// vector loops' blocks, bit for bit (NaN payloads, -0), on both paths.
func testSelect[T comparable](t *testing.T, r *rand.Rand, value func() T) {
	var z T
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1031} {
			a, b, c := make([]T, n+1), make([]T, n+2), make([]bool, n+3)
			for i := range a {
				a[i] = value()
			}
			for i := range b {
				b[i] = value()
			}
			for i := range c {
				c[i] = r.IntN(2) == 0
			}
			buf := make([]T, n+2)
			buf[0], buf[n+1] = value(), value()
			g0, g1 := buf[0], buf[n+1]
			d := buf[1 : 1+n]
			Select(d, c, a, b)
			for i := range d {
				want := b[i]
				if c[i] {
					want = a[i]
				}
				if d[i] != want && !(d[i] != d[i] && want != want) {
					t.Fatalf("%T avx2=%v n=%d: d[%d] = %v, want %v (c %v)", z, fast, n, i, d[i], want, c[i])
				}
				if f, ok := any(d[i]).(float64); ok && math.Float64bits(f) != math.Float64bits(any(want).(float64)) {
					t.Fatalf("avx2=%v n=%d: d[%d] bits %x, want %x", fast, n, i, math.Float64bits(f), math.Float64bits(any(want).(float64)))
				}
			}
			if buf[0] != g0 && g0 == g0 || buf[n+1] != g1 && g1 == g1 {
				t.Fatalf("%T avx2=%v n=%d: guard overwritten", z, fast, n)
			}
		}
	})
}

// TestInt64Loops checks Int64, AddWidened and AbsInt64 against
// Go's operators, with the limits among the operands (sums wrap; |least|
// is itself) and ties, on both paths.
func TestInt64Loops(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	special := []int64{math.MinInt64, math.MaxInt64, -1, 0, 1}
	value := func() int64 {
		if r.IntN(3) == 0 {
			return special[r.IntN(len(special))]
		}
		return int64(r.Uint64()) >> r.IntN(64)
	}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 15, 16, 17, 33, 100, 1031} {
			a, b, b32 := make([]int64, n+1), make([]int64, n+2), make([]int32, n+3)
			for i := range a {
				a[i] = value()
			}
			for i := range b {
				b[i] = value()
				if r.IntN(4) == 0 && i < len(a) {
					b[i] = a[i]
				}
			}
			for i := range b32 {
				b32[i] = int32(value())
			}
			buf := make([]int64, n+2)
			d := buf[1 : 1+n]
			check := func(what string, want func(i int) int64) {
				t.Helper()
				for i := range d {
					if d[i] != want(i) {
						t.Fatalf("%s avx2=%v n=%d: d[%d] = %d for %d, %d, want %d", what, fast, n, i, d[i], a[i], b[i], want(i))
					}
				}
				if buf[0] != 0 || buf[n+1] != 0 {
					t.Fatalf("%s avx2=%v n=%d: guard overwritten", what, fast, n)
				}
			}
			Int64(AddInt, d, a, b)
			check("add", func(i int) int64 { return a[i] + b[i] })
			Int64(MaxInt, d, a, b)
			check("max", func(i int) int64 {
				if a[i] > b[i] {
					return a[i]
				}
				return b[i]
			})
			Int64(MinInt, d, a, b)
			check("min", func(i int) int64 {
				if a[i] < b[i] {
					return a[i]
				}
				return b[i]
			})
			AddWidened(d, a, b32)
			check("widen", func(i int) int64 { return a[i] + int64(b32[i]) })
			checkWiden(t, fast, r, d, a, buf, n)
			AbsInt64(d, a)
			check("abs", func(i int) int64 {
				if a[i] < 0 {
					return -a[i]
				}
				return a[i]
			})
		}
	})
}

// checkWiden checks AddWidened from every narrower integer type, into
// int64 and uint64, with b's extremes (sign or zero extension), in place
// (d = a) too.
func checkWiden(t *testing.T, fast bool, r *rand.Rand, d, a, buf []int64, n int) {
	t.Helper()
	bits := make([]uint64, n+3)
	for i := range bits {
		bits[i] = r.Uint64()
		if r.IntN(4) == 0 {
			bits[i] = []uint64{0, 1<<63 - 1, 1 << 63, ^uint64(0), 0x7f, 0x80, 0x7fff, 0x8000}[r.IntN(8)]
		}
	}
	widenCase(t, fast, "int8", d, a, buf, bits, func(v uint64) int8 { return int8(v) })
	widenCase(t, fast, "uint8", d, a, buf, bits, func(v uint64) uint8 { return uint8(v) })
	widenCase(t, fast, "int16", d, a, buf, bits, func(v uint64) int16 { return int16(v) })
	widenCase(t, fast, "uint16", d, a, buf, bits, func(v uint64) uint16 { return uint16(v) })
	widenCase(t, fast, "int32", d, a, buf, bits, func(v uint64) int32 { return int32(v) })
	widenCase(t, fast, "uint32", d, a, buf, bits, func(v uint64) uint32 { return uint32(v) })
}

func widenCase[S int8 | uint8 | int16 | uint16 | int32 | uint32](t *testing.T, fast bool, name string, d, a, buf []int64, bits []uint64, conv func(uint64) S) {
	t.Helper()
	b := make([]S, len(bits))
	for i, v := range bits {
		b[i] = conv(v)
	}
	AddWidened(d, a, b)
	in := append([]int64(nil), a[:len(d)]...)
	AddWidened(in, in, b)
	u := make([]uint64, len(d))
	au := make([]uint64, len(d))
	for i := range au {
		au[i] = uint64(a[i])
	}
	AddWidened(u, au, b)
	for i := range d {
		want := a[i] + int64(b[i])
		if d[i] != want || in[i] != want || u[i] != uint64(want) {
			t.Fatalf("widen %s avx2=%v n=%d: d[%d] = %d (in place %d, uint64 %d) for %d + %d, want %d", name, fast, len(d), i, d[i], in[i], u[i], a[i], b[i], want)
		}
	}
	if buf[0] != 0 || buf[len(d)+1] != 0 {
		t.Fatalf("widen %s avx2=%v n=%d: guard overwritten", name, fast, len(d))
	}
}

// TestArgRowFloat64 checks ArgRowFloat64 against a loop of the rule: a
// strictly better value (never NaN, never a tie) takes the best; the
// flags tell a negative index or a NaN in x anywhere in the row.
func TestArgRowFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1, -1, 2}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 100, 1000} {
			for _, larger := range []bool{false, true} {
				for _, withNaN := range []bool{false, true} {
					x, val, ix := make([]float64, n), make([]float64, n+1), make([]int64, n+1)
					for i := range x {
						x[i] = vals[1+r.IntN(len(vals)-1)]
						if withNaN && r.IntN(50) == 0 {
							x[i] = math.NaN()
						}
						val[i], ix[i] = vals[r.IntN(len(vals))], int64(r.IntN(1000))-int64(BoolInt(r.IntN(40) == 0))*2000
					}
					val[n], ix[n] = 7, 7 // guard
					wv, wi := slices.Clone(val), slices.Clone(ix)
					var wu, wn bool
					for i, v := range x {
						wu, wn = wu || wi[i] < 0, wn || math.IsNaN(v)
						if c := wv[i]; larger && v > c || !larger && v < c {
							wv[i], wi[i] = v, 5000
						}
					}
					u, m := ArgRowFloat64(larger, val, ix, x, 5000)
					if u != wu || m != wn {
						t.Fatalf("avx2=%v n=%d larger=%v: flags %v %v, want %v %v", fast, n, larger, u, m, wu, wn)
					}
					for i := range val {
						if math.Float64bits(val[i]) != math.Float64bits(wv[i]) || ix[i] != wi[i] {
							t.Fatalf("avx2=%v n=%d larger=%v: [%d] = %v@%d, want %v@%d (x %v)", fast, n, larger, i, val[i], ix[i], wv[i], wi[i], x[min(i, n-1)])
						}
					}
				}
			}
		}
	})
}

// TestArgRowFloat32 is TestArgRowFloat64 for float32 rows.
func TestArgRowFloat32(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 30))
	nan := float32(math.NaN())
	vals := []float32{nan, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), 0, 1, -1, 2}
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 100, 1000} {
			for _, larger := range []bool{false, true} {
				for _, withNaN := range []bool{false, true} {
					x, val, ix := make([]float32, n), make([]float32, n+1), make([]int64, n+1)
					for i := range x {
						x[i] = vals[1+r.IntN(len(vals)-1)]
						if withNaN && r.IntN(50) == 0 {
							x[i] = nan
						}
						val[i], ix[i] = vals[r.IntN(len(vals))], int64(r.IntN(1000))-int64(BoolInt(r.IntN(40) == 0))*2000
					}
					val[n], ix[n] = 7, 7 // guard
					wv, wi := slices.Clone(val), slices.Clone(ix)
					var wu, wn bool
					for i, v := range x {
						wu, wn = wu || wi[i] < 0, wn || v != v
						if c := wv[i]; larger && v > c || !larger && v < c {
							wv[i], wi[i] = v, 5000
						}
					}
					u, m := ArgRowFloat32(larger, val, ix, x, 5000)
					if u != wu || m != wn {
						t.Fatalf("avx2=%v n=%d larger=%v: flags %v %v, want %v %v", fast, n, larger, u, m, wu, wn)
					}
					for i := range val {
						if math.Float32bits(val[i]) != math.Float32bits(wv[i]) || ix[i] != wi[i] {
							t.Fatalf("avx2=%v n=%d larger=%v: [%d] = %v@%d, want %v@%d", fast, n, larger, i, val[i], ix[i], wv[i], wi[i])
						}
					}
				}
			}
		}
	})
}

// TestArgRowInts checks ArgRowInts against ArgRowGo for int64 and int32
// rows, with the limits and ties (a tie keeps the best) and unset bests,
// on both paths.
func TestArgRowInts(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 100, 1000} {
			for _, larger := range []bool{false, true} {
				checkArgRowInts(t, r, fast, n, larger, []int64{math.MinInt64, math.MaxInt64, -1, 0, 1, 5})
				checkArgRowInts(t, r, fast, n, larger, []int32{math.MinInt32, math.MaxInt32, -1, 0, 1, 5})
			}
		}
	})
}

func checkArgRowInts[T int32 | int64](t *testing.T, r *rand.Rand, fast bool, n int, larger bool, vals []T) {
	t.Helper()
	x, val, ix := make([]T, n), make([]T, n+1), make([]int64, n+1)
	for i := range x {
		x[i] = vals[r.IntN(len(vals))]
		if r.IntN(2) == 0 {
			x[i] = T(r.Uint64())
		}
		val[i], ix[i] = vals[r.IntN(len(vals))], int64(r.IntN(1000))-int64(BoolInt(r.IntN(40) == 0))*2000
	}
	val[n], ix[n] = 7, 7 // guard
	wv, wi := slices.Clone(val), slices.Clone(ix)
	wu, _ := ArgRowGo(larger, wv[:n], wi[:n], x, 5000)
	u, m := ArgRowInts(larger, val, ix, x, 5000)
	if u != wu || m {
		t.Fatalf("avx2=%v %T n=%d larger=%v: flags %v %v, want %v false", fast, x, n, larger, u, m, wu)
	}
	for i := range val {
		if val[i] != wv[i] || ix[i] != wi[i] {
			t.Fatalf("avx2=%v %T n=%d larger=%v: [%d] = %v@%d, want %v@%d", fast, x, n, larger, i, val[i], ix[i], wv[i], wi[i])
		}
	}
}

// TestSignsAndNarrowing checks AbsFloat and NegFloat bit for bit against
// math.Abs and Go's negation (NaN payloads, -0, ±Inf), float64 and
// float32 of odd and even lengths, and Float64To32 against Go's
// conversion (overflow to ±Inf, subnormals, ties), on both paths.
func TestSignsAndNarrowing(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	vals := append(slices.Clone(specials), math.Float64frombits(0xfff0000000000123), 3.4028235677973366e38, 1.401298464324817e-45, 1+1.0/(1<<24), -1-3.0/(1<<24))
	paths(t, func(fast bool) {
		for _, n := range []int{0, 1, 2, 15, 16, 17, 31, 32, 33, 100, 1031} {
			x := make([]float64, n)
			for i := range x {
				x[i] = vals[r.IntN(len(vals))] * float64(1+r.IntN(3))
			}
			x32 := make([]float32, n)
			for i := range x32 {
				x32[i] = float32(x[i])
			}
			buf := make([]float64, n+2)
			d := buf[1 : 1+n]
			AbsFloat(d, x)
			for i := range d {
				if math.Float64bits(d[i]) != math.Float64bits(math.Abs(x[i])) {
					t.Fatalf("avx2=%v n=%d: abs(%v) = %v", fast, n, x[i], d[i])
				}
			}
			NegFloat(d, x)
			for i := range d {
				if math.Float64bits(d[i]) != math.Float64bits(-x[i]) {
					t.Fatalf("avx2=%v n=%d: -(%v) = %v", fast, n, x[i], d[i])
				}
			}
			buf32 := make([]float32, n+2)
			d32 := buf32[1 : 1+n]
			AbsFloat(d32, x32)
			for i := range d32 {
				if math.Float32bits(d32[i]) != math.Float32bits(x32[i])&(1<<31-1) {
					t.Fatalf("avx2=%v n=%d: float32 abs(%v) = %v", fast, n, x32[i], d32[i])
				}
			}
			NegFloat(d32, x32)
			for i := range d32 {
				if math.Float32bits(d32[i]) != math.Float32bits(-x32[i]) {
					t.Fatalf("avx2=%v n=%d: float32 -(%v) = %v", fast, n, x32[i], d32[i])
				}
			}
			Float64To32(d32, x)
			for i := range d32 {
				if want := float32(x[i]); math.Float32bits(d32[i]) != math.Float32bits(want) && !(want != want && d32[i] != d32[i]) {
					t.Fatalf("avx2=%v n=%d: float32(%v) = %v, want %v", fast, n, x[i], d32[i], want)
				}
			}
			if buf[0] != 0 || buf[n+1] != 0 || buf32[0] != 0 || buf32[n+1] != 0 {
				t.Fatalf("avx2=%v n=%d: guard overwritten", fast, n)
			}
		}
	})
}
