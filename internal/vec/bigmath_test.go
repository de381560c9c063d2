package vec

import (
	"math"
	"math/big"
)

// bigPrec is the precision of the test references: far beyond float64's,
// so that a reference rounded to float64 is the correctly rounded value.
const bigPrec = 256

func bigF(v float64) *big.Float { return new(big.Float).SetPrec(bigPrec).SetFloat64(v) }

// bigLn2 is ln 2 = 2·atanh(1/3).
var bigLn2 = func() *big.Float {
	third := new(big.Float).SetPrec(bigPrec).Quo(bigF(1), bigF(3))
	return bigAtanh2(third)
}()

// bigAtanh2 is 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) for |s| ≤ ⅓.
func bigAtanh2(s *big.Float) *big.Float {
	sum, term := new(big.Float).SetPrec(bigPrec).Set(s), new(big.Float).SetPrec(bigPrec).Set(s)
	s2 := new(big.Float).SetPrec(bigPrec).Mul(s, s)
	eps := new(big.Float).SetPrec(bigPrec).SetMantExp(bigF(1), -bigPrec-8)
	for n := 3; ; n += 2 {
		term.Mul(term, s2)
		q := new(big.Float).SetPrec(bigPrec).Quo(term, bigF(float64(n)))
		if new(big.Float).Abs(q).Cmp(eps) < 0 {
			break
		}
		sum.Add(sum, q)
	}
	return sum.Mul(sum, bigF(2))
}

// bigLog is ln x for x > 0: x = m·2ᵉ, ln m by bigAtanh2((m-1)/(m+1)).
func bigLog(x *big.Float) *big.Float {
	m := new(big.Float).SetPrec(bigPrec)
	e := x.MantExp(m) // m in [½, 1)
	m.Mul(m, bigF(2))
	e--
	if m.Cmp(bigF(math.Sqrt2)) > 0 {
		m.Quo(m, bigF(2))
		e++
	}
	num := new(big.Float).SetPrec(bigPrec).Sub(m, bigF(1))
	den := new(big.Float).SetPrec(bigPrec).Add(m, bigF(1))
	l := bigAtanh2(num.Quo(num, den))
	return l.Add(l, new(big.Float).SetPrec(bigPrec).Mul(bigLn2, bigF(float64(e))))
}

// bigExp is eᵗ: t = n·ln2 + r, eʳ by its Taylor series.
func bigExp(t *big.Float) *big.Float {
	q, _ := new(big.Float).SetPrec(bigPrec).Quo(t, bigLn2).Float64()
	n := math.Round(q)
	r := new(big.Float).SetPrec(bigPrec).Sub(t, new(big.Float).SetPrec(bigPrec).Mul(bigLn2, bigF(n)))
	sum, term := bigF(1), bigF(1)
	eps := new(big.Float).SetPrec(bigPrec).SetMantExp(bigF(1), -bigPrec-8)
	for k := 1; ; k++ {
		term.Mul(term, r)
		term.Quo(term, bigF(float64(k)))
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
		sum.Add(sum, term)
	}
	return sum.SetMantExp(sum, int(n))
}

// bigPow is |x|**y for finite x ≠ 0 and finite y, and the ulp of the float64
// nearest it (0 when it is not a normal number's).
func bigPow(x, y float64) float64 {
	l := bigLog(bigF(math.Abs(x)))
	v, _ := bigExp(l.Mul(l, bigF(y))).Float64()
	return v
}

// bigPowUlps is the error of got against |x|**y in ulp of the exact
// value (the ulp of the float64 nearest it).
func bigPowUlps(got, x, y float64) float64 {
	l := bigLog(bigF(math.Abs(x)))
	exact := bigExp(l.Mul(l, bigF(y)))
	near, _ := exact.Float64()
	u := bigF(ulp(math.Abs(near)))
	diff := new(big.Float).SetPrec(bigPrec).Sub(bigF(math.Abs(got)), exact)
	f, _ := diff.Quo(diff.Abs(diff), u).Float64()
	return f
}
