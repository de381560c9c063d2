package vec

import "math"

// ExpFloat64 sets d[i] = eˣ for x = x[i], i < len(d) (x is at least as
// long; d must not overlap x: the elements left to math.Exp are read
// again after the loop). The AVX2+FMA loop reduces x = n·ln2 + r (|r| ≤ ln2/2, Cody–Waite
// with an FMA), sums the Taylor series of eʳ to degree 13 (truncation
// below 1e-17) and adds n to the exponent: within a few ulp of
// math.Exp, which computes every element outside [-708, 709] (overflow,
// subnormal results, NaN) and every element on CPUs without the loop.
// With AVX-512F the same loop runs over eight lanes (the same bits).
func ExpFloat64(d, x []float64) {
	x = x[:len(d)]
	n, out := 0, 0 // direct calls: a func value would move callers' buffers to the heap
	switch {
	case useAVX512F && prefix(len(d), 8) > 0:
		n = prefix(len(d), 8)
		out = expF64x8(d[:n], x[:n])
	case hasFMA && prefix(len(d), 4) > 0:
		n = prefix(len(d), 4)
		out = expF64(d[:n], x[:n])
	}
	if out != 0 {
		for i, v := range x[:n] {
			if !(v >= expLo && v <= expHi) {
				d[i] = math.Exp(v)
			}
		}
	}
	for i := n; i < len(d); i++ {
		d[i] = math.Exp(x[i])
	}
}

// expLo and expHi bound the arguments the vector loop computes itself:
// their results are normal numbers.
const expLo, expHi = -708, 709

// expConsts holds the vector loop's constants, four lanes each: log2(e),
// ln2 split in a high part exact in n·ln2hi and a low part, the bounds,
// then 1/k! for k = 13 down to 0.
var expConsts = func() (t [19][4]float64) {
	row := func(i int, v float64) { t[i] = [4]float64{v, v, v, v} }
	row(0, math.Log2E)
	row(1, math.Float64frombits(0x3fe62e42fee00000))
	row(2, math.Float64frombits(0x3dea39ef35793c76))
	row(3, expHi)
	row(4, expLo)
	f := 1.0
	for k := 1; k <= 13; k++ {
		f *= float64(k)
	}
	for k := 13; k >= 0; k-- {
		row(5+13-k, 1/f)
		if k > 0 {
			f /= float64(k)
		}
	}
	return t
}()
