package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// benchLengths are small lengths of every kind (power of two, smooth,
// prime: generic pass and Bluestein), odd 5-smooth 2025 and 7·2⁹ = 3584
// (the generic radix-7 pass), the lengths of the speed target and primes
// 997 and 10007, where gonum's FFTPACK port is O(n²).
var benchLengths = []int{2, 3, 8, 12, 16, 31, 37, 60, 61, 64, 997, 1000, 1024, 2025, 3584, 4000, 4096, 4800, 5000, 6000, 10007}

// benchKinds make, for length n, one transform by this package and the
// same by gonum's dsp/fourier, on the same random data. The complex
// transforms copy their input first (as the fft package does per lane),
// so that repeated runs do not overflow.
var benchKinds = []struct {
	name          string
	kernel, gonum func(n int, r *rand.Rand) func()
}{
	{"forward",
		func(n int, r *rand.Rand) func() {
			p, x, y := NewComplex(n), randComplex(r, n), make([]complex128, n)
			return func() { copy(y, x); p.Forward(y) }
		},
		func(n int, r *rand.Rand) func() {
			p, x, y := fourier.NewCmplxFFT(n), randComplex(r, n), make([]complex128, n)
			return func() { copy(y, x); p.Coefficients(y, y) }
		}},
	{"inverse",
		func(n int, r *rand.Rand) func() {
			p, x, y := NewComplex(n), randComplex(r, n), make([]complex128, n)
			return func() { copy(y, x); p.Inverse(y) }
		},
		func(n int, r *rand.Rand) func() {
			p, x, y := fourier.NewCmplxFFT(n), randComplex(r, n), make([]complex128, n)
			return func() { copy(y, x); p.Sequence(y, y) }
		}},
	{"real-forward",
		func(n int, r *rand.Rand) func() {
			p, x, y := NewReal(n), randReal(r, n), make([]complex128, n/2+1)
			return func() { p.Forward(y, x) }
		},
		func(n int, r *rand.Rand) func() {
			p, x, y := fourier.NewFFT(n), randReal(r, n), make([]complex128, n/2+1)
			return func() { p.Coefficients(y, x) }
		}},
	{"real-inverse",
		func(n int, r *rand.Rand) func() {
			p, x, y := NewReal(n), make([]float64, n), randComplex(r, n/2+1)
			return func() { p.Inverse(x, y) }
		},
		func(n int, r *rand.Rand) func() {
			p, x, y := fourier.NewFFT(n), make([]float64, n), randComplex(r, n/2+1)
			return func() { p.Sequence(x, y) }
		}},
}

// BenchmarkVsGonum times each kind and length here ("kernel") and with
// gonum ("gonum"): compare the pairs' ns/op.
func BenchmarkVsGonum(b *testing.B) {
	for _, k := range benchKinds {
		for _, n := range benchLengths {
			for _, impl := range []struct {
				name string
				make func(int, *rand.Rand) func()
			}{{"kernel", k.kernel}, {"gonum", k.gonum}} {
				b.Run(fmt.Sprintf("%s/n=%d/%s", k.name, n, impl.name), func(b *testing.B) {
					f := impl.make(n, rand.New(rand.NewPCG(1, uint64(n))))
					for b.Loop() {
						f()
					}
				})
			}
		}
	}
}

func randReal(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	return x
}
