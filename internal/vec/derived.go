package vec

import "math"

// The functions of this file are built by identities from the vector
// kernels (ExpFloat64, LogFloat64, AtanFloat64, SinFloat64, CosFloat64,
// SqrtFloat64 and the vector division), run over tiles of tile elements
// on the stack, with Go's scalar additions and products between them.
// Each sets d[i] = f(x[i]) for i < len(d) (x is at least as long; d may
// be x), and each leaves to math's function what its identity does not
// cover (NaN, infinities, the ends of the domain, overflow), so special
// values are math's. Log2Float64 and Log10Float64 give math's bits; the
// others stay within a few ulp of math's (TestDerived bounds each), as
// NumPy's vector functions do of the C library's. Kernels are called
// directly, never through func values (that would move the tiles to the
// heap), and never in place: ExpFloat64, LogFloat64 and the sine and
// cosine read x again for the elements they leave to math.

// tile is the length of the stack tiles.
const tile = 512

// Log2Float64 is log₂ by math.Log2's steps: x = frac·2^exp, exp−1 for
// frac = ½ (powers of two exact), else log(frac)/ln2 + exp, with
// LogFloat64: math.Log2's bits.
func Log2Float64(d, x []float64) {
	x = x[:len(d)]
	var f, e, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			b := math.Float64bits(v)
			if k := int(b >> 52 & 0x7ff); k != 0 && k != 0x7ff { // normal: frexp inline
				f[i], e[i] = math.Float64frombits(b&^(0x7ff<<52)|1022<<52), float64(k-1022)
				continue
			}
			fr, ex := math.Frexp(v)
			f[i], e[i] = fr, float64(ex)
		}
		LogFloat64(l[:n], f[:n])
		for i := range db {
			if f[i] == 0.5 {
				db[i] = e[i] - 1
			} else {
				db[i] = l[i]*(1/math.Ln2) + e[i]
			}
		}
	}
}

// Log10Float64 is log₁₀ x = ln x · (1/ln 10), math.Log10's formula with
// LogFloat64: math.Log10's bits.
func Log10Float64(d, x []float64) {
	x = x[:len(d)]
	var l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		LogFloat64(l[:n], x[lo:lo+n])
		for i, v := range l[:n] {
			d[lo+i] = v * (1 / math.Ln10)
		}
	}
}

// Exp2Float64 is 2ˣ = 2ᵏ·e^((x−k)·ln2) for k = ⌊x⌋: exact for integers x;
// x outside [-1022, 1023] (subnormal or infinite results) and NaN are
// math.Exp2's.
func Exp2Float64(d, x []float64) {
	x = x[:len(d)]
	var k, t, e [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			k[i] = math.Floor(v)
			t[i] = (v - k[i]) * math.Ln2
		}
		ExpFloat64(e[:n], t[:n])
		for i, v := range xb {
			if v >= -1022 && v < 1024 {
				db[i] = e[i] * math.Float64frombits(uint64(int64(k[i])+1023)<<52)
			} else {
				db[i] = math.Exp2(v)
			}
		}
	}
}

// Expm1Float64 is eˣ − 1 as (u − 1) + u·(x − ln u) for u = eˣ rounded:
// the product corrects the rounding of u (and of ExpFloat64) to first
// order, so the result is accurate near 0 too. Zeros, x outside
// [-708, 709] and NaN are math.Expm1's.
func Expm1Float64(d, x []float64) {
	x = x[:len(d)]
	var u, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		expm1Tile(db, xb, &u, &l)
	}
}

// expm1Tile is Expm1Float64 of one tile, with u and l for scratch.
func expm1Tile(d, x []float64, u, l *[tile]float64) {
	n := len(d)
	ExpFloat64(u[:n], x)
	LogFloat64(l[:n], u[:n])
	for i, v := range x {
		if v >= expLo && v <= expHi && v != 0 {
			d[i] = (u[i] - 1) + u[i]*(v-l[i])
		} else {
			d[i] = math.Expm1(v)
		}
	}
}

// Log1pFloat64 is ln(1 + x) as ln u + c/u for u = 1 + x rounded and c =
// x − (u − 1) its rounding error, so the result is accurate near 0 too.
// Zeros, x ≤ −1, +Inf and NaN are math.Log1p's.
func Log1pFloat64(d, x []float64) {
	x = x[:len(d)]
	var u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		log1pTile(d[lo:lo+n], x[lo:lo+n], &u, &c, &l)
	}
}

// log1pTile is Log1pFloat64 of one tile, with u, c and l for scratch.
func log1pTile(d, x []float64, u, c, l *[tile]float64) {
	n := len(d)
	for i, v := range x {
		u[i] = 1 + v
		c[i] = v - (u[i] - 1)
	}
	LogFloat64(l[:n], u[:n])
	divide(c[:n], c[:n], u[:n])
	for i, v := range x {
		if v > -1 && v < math.MaxFloat64 && v != 0 {
			d[i] = l[i] + c[i]
		} else {
			d[i] = math.Log1p(v)
		}
	}
}

// TanFloat64 is tan x = sin x / cos x.
func TanFloat64(d, x []float64) {
	x = x[:len(d)]
	var s, c [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb := x[lo : lo+n]
		SinFloat64(s[:n], xb)
		CosFloat64(c[:n], xb)
		divide(d[lo:lo+n], s[:n], c[:n])
	}
}

// AsinFloat64 is arcsin x = arctan(x / √((1−x)(1+x))); ±1 give ±π/2 and
// |x| > 1 NaN through the square root.
func AsinFloat64(d, x []float64) {
	x = x[:len(d)]
	var a [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb := x[lo : lo+n]
		for i, v := range xb {
			a[i] = (1 - v) * (1 + v)
		}
		SqrtFloat64(a[:n], a[:n])
		divide(a[:n], xb, a[:n])
		AtanFloat64(d[lo:lo+n], a[:n])
	}
}

// AcosFloat64 is arccos x = 2·arctan √((1−x)/(1+x)); −1 gives π and
// |x| > 1 NaN through the square root.
func AcosFloat64(d, x []float64) {
	x = x[:len(d)]
	var a, b [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i], b[i] = 1-v, 1+v
		}
		divide(a[:n], a[:n], b[:n])
		SqrtFloat64(a[:n], a[:n])
		AtanFloat64(a[:n], a[:n])
		for i := range db {
			db[i] = 2 * a[i]
		}
	}
}

// CoshFloat64 is cosh x = (e^|x| + e^−|x|)/2, a sum of positive terms;
// |x| > 708 and NaN are math.Cosh's.
func CoshFloat64(d, x []float64) {
	x = x[:len(d)]
	var a, e, f [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i] = -math.Abs(v)
		}
		ExpFloat64(f[:n], a[:n])
		for i := range n {
			a[i] = -a[i]
		}
		ExpFloat64(e[:n], a[:n])
		for i, v := range xb {
			if a[i] <= -expLo {
				db[i] = 0.5*e[i] + 0.5*f[i]
			} else {
				db[i] = math.Cosh(v)
			}
		}
	}
}

// SinhFloat64 is sinh x = (expm1(x) − expm1(−x))/2: the two terms have
// opposite signs, so nothing cancels, near 0 either. |x| > 708 and NaN
// are math.Sinh's.
func SinhFloat64(d, x []float64) {
	x = x[:len(d)]
	var p, m, a, u, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i] = -v
		}
		expm1Tile(m[:n], a[:n], &u, &l)
		expm1Tile(p[:n], xb, &u, &l)
		for i, v := range xb {
			if math.Abs(v) <= -expLo && v != 0 {
				db[i] = 0.5 * (p[i] - m[i])
			} else {
				db[i] = math.Sinh(v)
			}
		}
	}
}

// AsinhFloat64 is arsinh x = ±log1p(|x| + x²/(1 + √(1+x²))) (fdlibm's
// form near 0, exact in the limit of large |x| too); |x| > 2²⁸, zeros
// and NaN are math.Asinh's.
func AsinhFloat64(d, x []float64) {
	x = x[:len(d)]
	var a, s, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i] = math.Abs(v)
			s[i] = 1 + a[i]*a[i]
		}
		SqrtFloat64(s[:n], s[:n])
		for i := range n {
			s[i] += 1
			u[i] = a[i] * a[i]
		}
		divide(s[:n], u[:n], s[:n])
		for i := range n {
			s[i] += a[i]
		}
		log1pTile(s[:n], s[:n], &u, &c, &l)
		for i, v := range xb {
			if a[i] <= 1<<28 && v != 0 {
				db[i] = math.Copysign(s[i], v)
			} else {
				db[i] = math.Asinh(v)
			}
		}
	}
}

// AcoshFloat64 is arcosh x = log1p(t + √(t(t+2))) for t = x − 1 (fdlibm's
// form near 1, exact in the limit of large x too); x < 1, x > 2²⁸ and NaN
// are math.Acosh's.
func AcoshFloat64(d, x []float64) {
	x = x[:len(d)]
	var t, s, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			t[i] = v - 1
			s[i] = t[i] * (t[i] + 2)
		}
		SqrtFloat64(s[:n], s[:n])
		for i := range n {
			s[i] += t[i]
		}
		log1pTile(s[:n], s[:n], &u, &c, &l)
		for i, v := range xb {
			if v >= 1 && v <= 1<<28 {
				db[i] = s[i]
			} else {
				db[i] = math.Acosh(v)
			}
		}
	}
}

// AtanhFloat64 is artanh x = ±log1p(2|x|/(1−|x|))/2; ±1 give ±Inf, and
// zeros, |x| > 1 and NaN are math.Atanh's.
func AtanhFloat64(d, x []float64) {
	x = x[:len(d)]
	var a, b, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i] = 2 * math.Abs(v)
			b[i] = 1 - math.Abs(v)
		}
		divide(a[:n], a[:n], b[:n])
		log1pTile(a[:n], a[:n], &u, &c, &l)
		for i, v := range xb {
			if math.Abs(v) <= 1 && v != 0 {
				db[i] = math.Copysign(0.5*a[i], v)
			} else {
				db[i] = math.Atanh(v)
			}
		}
	}
}

// CbrtFloat64 is ∛x from t = e^(ln|x|/3) by one Newton step, t − (t −
// |x|/t²)/3 (the error of t squared), with x's sign; a result of 17
// significant bits or fewer whose cube is a normal x (8 → 2) is returned
// exactly.
// Zeros, infinities and NaN are math.Cbrt's.
func CbrtFloat64(d, x []float64) {
	x = x[:len(d)]
	var a, t, q [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		xb, db := x[lo:lo+n], d[lo:lo+n]
		for i, v := range xb {
			a[i] = math.Abs(v)
		}
		LogFloat64(q[:n], a[:n])
		for i := range n {
			q[i] *= 1.0 / 3
		}
		ExpFloat64(t[:n], q[:n])
		for i := range n {
			q[i] = t[i] * t[i]
		}
		divide(q[:n], a[:n], q[:n])
		for i, v := range xb {
			if !(a[i] > 0 && a[i] <= math.MaxFloat64) {
				db[i] = math.Cbrt(v)
				continue
			}
			c := t[i] - (t[i]-q[i])*(1.0/3)
			// An exact cube root has at most 17 significant bits: round
			// c to 17 and keep that when it cubes to |x| exactly.
			if y := math.Float64frombits((math.Float64bits(c) + 1<<35) &^ (1<<36 - 1)); a[i] >= 0x1p-1022 && y*y*y == a[i] {
				c = y
			}
			db[i] = math.Copysign(c, v)
		}
	}
}

// LogAddExpFloat64 sets d[i] = ln(e^a[i] + e^b[i]) (a and b are at least
// as long as d; d may be either) without overflow, as NumPy's logaddexp:
// max(a, b) + log1p(e^−|a−b|), and a + ln 2 where a = b (infinities
// included).
func LogAddExpFloat64(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	var t, e, u, c, l [tile]float64
	for lo := 0; lo < len(d); lo += tile {
		n := min(tile, len(d)-lo)
		ab, bb, db := a[lo:lo+n], b[lo:lo+n], d[lo:lo+n]
		for i, v := range ab {
			t[i] = -math.Abs(v - bb[i])
		}
		ExpFloat64(e[:n], t[:n])
		log1pTile(e[:n], e[:n], &u, &c, &l)
		for i, v := range ab {
			if w := bb[i]; v == w {
				db[i] = v + math.Ln2
			} else {
				db[i] = max(v, w) + e[i]
			}
		}
	}
}

// divide sets d[i] = a[i]/b[i] with the vector loop where there is one,
// called directly.
func divide(d, a, b []float64) {
	a, b = a[:len(d)], b[:len(d)]
	if useAVX2 && len(d) >= minSIMD {
		divF64(d, a, b)
		return
	}
	for i := range d {
		d[i] = a[i] / b[i]
	}
}

// LogAddExpFloat32 is LogAddExpFloat64 for float32, computed in float64
// and rounded.
func LogAddExpFloat32(d, a, b []float32) { binaryViaFloat64(d, a, b, opLogAddExp) }
