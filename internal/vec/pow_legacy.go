package vec

import "math"

// powLegacy is PowFloat64 on CPUs without AVX-512 (and with -tags noasm),
// where powOne, one element at a time, is bound by its latency: the
// earlier algorithm, math.Pow's, with the costly
// parts in vector loops: |y| splits into an integer yi and a fraction
// |yf| ≤ ½, x**yf is exp(yf·ln x) by LogFloat64 and ExpFloat64 over
// blocks, then x**yi multiplies in by repeated squaring, in math.Pow's
// order (math.Pow keeps mantissas and exponents apart; here the products
// are plain, which rounds alike while every factor is a normal number),
// and a negative y takes the reciprocal. Elements outside that range —
// x not a positive normal number, y not finite or |y| ≥ 2²⁰, or a power
// of x on the way that could leave the normal range (powRange) — and y = ±½ are
// math.Pow's (and math.Sqrt's) exactly. Within 4·(1 + |yf·ln x|) ulp of
// math.Pow (the exp of a rounded logarithm).
func powLegacy(d, x, y []float64) {
	x, y = x[:len(d)], y[:len(d)]
	const block = 256
	var lg, ex [block]float64
	var yis, ems [block]int32
	py, pyf, pyi, pem := math.NaN(), 0.0, int32(0), int32(0)
	for lo := 0; lo < len(d); lo += block {
		n := min(block, len(d)-lo)
		xb, yb, db := x[lo:lo+n], y[lo:lo+n], d[lo:lo+n]
		LogFloat64(lg[:n], xb)
		if c, hi := powBounds(yb); c == hi { // one exponent (±0 alike), not NaN
			powBlock(db, xb, c, lg[:n], ex[:n])
			continue
		}
		for i, v := range yb {
			if v != py { // a scalar exponent splits once
				py = v
				yi, yf := powSplit(v)
				pyf, pyi, pem = yf, int32(min(yi, 1<<20)), powRange(v, yi)
			}
			lg[i] *= pyf
			yis[i], ems[i] = pyi, pem
		}
		ExpFloat64(ex[:n], lg[:n])
		for i := range db {
			xv, yv := xb[i], yb[i]
			if e := int32(math.Float64bits(xv)>>52) - 1022; max(e, -e) >= ems[i] {
				db[i] = math.Pow(xv, yv)
				continue
			}
			acc, p := ex[i], xv
			for k := yis[i]; k != 0; k >>= 1 {
				if k&1 != 0 {
					acc *= p
				}
				p *= p
			}
			if yv < 0 {
				acc = 1 / acc
			}
			db[i] = acc
		}
	}
}

// powBlock is powLegacy's block for one exponent y (not NaN), with lg
// holding ln x: the same products in the same order, a pass over the block
// per step of the squaring.
func powBlock(d, x []float64, y float64, lg, ex []float64) {
	yi, yf := powSplit(y)
	em := powRange(y, yi)
	for i := range lg {
		lg[i] *= yf
	}
	ExpFloat64(ex, lg)
	if em > 0 {
		p := lg // ln x is no longer needed
		copy(p, x)
		for k := int32(yi); k != 0; k >>= 1 {
			if k&1 != 0 {
				mulInto(ex, p)
			}
			if k > 1 {
				mulInto(p, p)
			}
		}
		if y < 0 {
			for i := range ex {
				ex[i] = 1 / ex[i]
			}
		}
		// 2⁻ᵉᵐ ≤ x < 2ᵉᵐ⁻¹ is |e| < em for x = m·2ᵉ: every product stands.
		if lo, hi := powBounds(x); lo >= math.Ldexp(1, -int(em)) && hi < math.Ldexp(1, int(em)-1) {
			copy(d, ex)
			return
		}
	}
	for i, v := range x {
		if e := int32(math.Float64bits(v)>>52) - 1022; max(e, -e) >= em {
			d[i] = math.Pow(v, y)
		} else {
			d[i] = ex[i]
		}
	}
}

// powSplit is math.Pow's split of |y| into an integer and a fraction
// in (-½, ½].
func powSplit(y float64) (yi, yf float64) {
	a := math.Abs(y)
	if !(a < 1<<52) {
		return a, 0 // an integer, infinite or NaN
	}
	yi = float64(int64(a))
	if yf = a - yi; yf > 0.5 {
		yf--
		yi++
	}
	return yi, yf
}

// powRange is the bound on |e| for x = m·2ᵉ (½ ≤ m < 1) under which
// PowFloat64's products compute x**y for this y: every power of x the
// squaring forms, times x**yf, stays below 2^((|e|+1)·(2yi+2)) < 2⁹⁶⁰,
// well inside the normal range, and x is a positive normal number
// (negative x, zero, subnormals, ±Inf and NaN have |e| ≥ 1021). It is 0
// (math.Pow's) when y is not finite, |y| ≥ 2²⁰ or y = ±½ (math.Pow takes
// the square root).
func powRange(y, yi float64) int32 {
	if !(yi < 1<<20) || y == 0.5 || y == -0.5 {
		return 0
	}
	return int32(959 / (2*int(yi) + 2))
}

// mulInto sets d[i] *= a[i], by the AVX2 loop when it runs (called
// directly, so that callers' buffers stay on the stack).
func mulInto(d, a []float64) {
	if useAVX2 {
		mulF64(d, d, a)
		return
	}
	for i := range d {
		d[i] *= a[i]
	}
}

// powLegacy32 is PowFloat32 without AVX-512: powLegacy over blocks
// widened on the stack.
func powLegacy32(d, x, y []float32) {
	var wa, wb [256]float64
	for off := 0; off < len(d); off += len(wa) {
		n := min(len(wa), len(d)-off)
		Float32To64(wa[:n], x[off:off+n])
		Float32To64(wb[:n], y[off:off+n])
		powLegacy(wa[:n], wa[:n], wb[:n])
		Float64To32(d[off:off+n], wa[:n])
	}
}

// powBounds is the least and greatest element of v (not empty), NaN if
// one is NaN: MinFloat64 and MaxFloat64 in Go, which keep v on the stack.
func powBounds(v []float64) (lo, hi float64) {
	lo, hi = v[0], v[0]
	for _, e := range v[1:] {
		lo, hi = min(lo, e), max(hi, e)
	}
	return lo, hi
}
