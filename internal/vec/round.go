package vec

import "math"

// RoundMode says which way RoundFloat64 and RoundFloat32 round: its
// value is the rounding control of x86's ROUNDPD.
type RoundMode uint8

const (
	RoundEven  RoundMode = iota // to nearest, ties to even (NumPy's rint and round)
	RoundFloor                  // toward -Inf
	RoundCeil                   // toward +Inf
	RoundTrunc                  // toward zero
)

// roundFunc is the math function of each mode.
var roundFunc = [...]func(float64) float64{RoundEven: math.RoundToEven, RoundFloor: math.Floor, RoundCeil: math.Ceil, RoundTrunc: math.Trunc}

// RoundFloat64 sets d[i] to x[i] rounded to an integer value by m, for
// i < len(d), bit for bit as the math function of m.
func RoundFloat64(m RoundMode, d, x []float64) {
	x = x[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		roundF64(m, d[:n], x[:n])
	}
	roundTail(m, d[n:], x[n:])
}

// RoundFloat32 is RoundFloat64 for float32 (exact: every float32 rounds
// to a float32).
func RoundFloat32(m RoundMode, d, x []float32) {
	x = x[:len(d)]
	n := prefix(len(d), 16)
	if n > 0 {
		roundF32(m, d[:n], x[:n])
	}
	roundTail(m, d[n:], x[n:])
}

// roundTail rounds element by element with m's math function.
func roundTail[T float32 | float64](m RoundMode, d, x []T) {
	f := roundFunc[m]
	for i := range d {
		d[i] = T(f(float64(x[i])))
	}
}
