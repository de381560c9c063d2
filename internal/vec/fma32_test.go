package vec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestFma32 checks fma32 against a·b + c computed exactly in big.Float and
// rounded once to float32, over random bits, the midpoints double
// rounding misses and special values.
func TestFma32(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	exact := func(a, b, c float32) float32 {
		if a != a || b != b || c != c || math.IsInf(float64(a), 0) || math.IsInf(float64(b), 0) || math.IsInf(float64(c), 0) {
			return float32(float64(a)*float64(b) + float64(c))
		}
		p := new(big.Float).SetPrec(200).Mul(big.NewFloat(float64(a)), big.NewFloat(float64(b)))
		p.Add(p, big.NewFloat(float64(c)))
		if p.Sign() == 0 {
			return float32(float64(a)*float64(b) + float64(c)) // the sign of zero
		}
		f, _ := p.Float32()
		return f
	}
	special := []float32{0, float32(math.Copysign(0, -1)), 1, -1, 0x1p-149, 0x1p-126, math.MaxFloat32, float32(math.Inf(1)), float32(math.NaN())}
	pick := func() float32 {
		switch r.IntN(3) {
		case 0:
			return math.Float32frombits(r.Uint32())
		case 1:
			return special[r.IntN(len(special))]
		}
		return float32(r.NormFloat64())
	}
	for i := 0; i < 200000; i++ {
		a, b, c := pick(), pick(), pick()
		if i%2 == 0 { // c near −a·b: the sum cancels, or sits on a midpoint
			m := 1 + float32(r.IntN(1<<24))*0x1p-24
			a, b = m, 1+0x1p-23*float32(r.IntN(64))
			c = -float32(float64(a) * float64(b))
			c += float32(r.IntN(3)-1) * 0x1p-24
		}
		got, want := fma32(a, b, c), exact(a, b, c)
		if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
			t.Fatalf("fma32(%g, %g, %g) = %g, want %g", a, b, c, got, want)
		}
	}
	// a·b + c rounds to a float64 s on the midpoint of two float32, the
	// exact sum just above it (ties to even would round s down) and just
	// below it.
	for _, c := range []float32{0x1p-60, -0x1p-60} {
		a := float32(1 + 0x1p-12)
		got, want := fma32(a, a, c), exact(a, a, c)
		if got != want || float32(float64(a)*float64(a)+float64(c)) == want && c > 0 {
			t.Fatalf("fma32 midpoint %g: %g, want %g", c, got, want)
		}
	}
}
