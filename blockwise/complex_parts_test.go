package blockwise

import (
	binenc "encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// hardParts are parts that exercise the special cases of the complex
// kernels: signed zeros, infinities, NaN, subnormals and the extremes.
var hardParts = []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), math.NaN(),
	5e-324, 0x1p-1022, math.MaxFloat64, -math.MaxFloat64, 0x1p500, 0x1p-450, 1e-300, 1e300,
	math.MaxFloat32, math.SmallestNonzeroFloat32}

// hardComplex returns n complex values with hard or random parts of any
// magnitude.
func hardComplex(r *rand.Rand, n int) []complex128 {
	part := func() float64 {
		switch r.IntN(4) {
		case 0:
			return hardParts[r.IntN(len(hardParts))]
		case 1:
			return math.Ldexp(r.Float64()*2-1, r.IntN(2100)-1075)
		}
		return r.NormFloat64()
	}
	x := make([]complex128, n)
	for i := range x {
		x[i] = complex(part(), part())
	}
	return x
}

func to64(x []complex128) []complex64 {
	y := make([]complex64, len(x))
	for i, v := range x {
		y[i] = complex64(v)
	}
	return y
}

// same reports whether two floats have the same bits (any two NaNs
// match).
func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b }

func sameC(a, b complex128) bool { return same(real(a), real(b)) && same(imag(a), imag(b)) }

// TestComplexKernelsExact checks the ops that run internal/vec's loops
// against Go's scalar arithmetic, bit for bit, over lengths from 0
// through several vector blocks and angle's tiles, for both complex
// dtypes.
func TestComplexKernelsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	lengths := []int{angleTile - 1, angleTile, angleTile + 1, 2*angleTile + 77, TileSize}
	for n := range 40 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		a, b := hardComplex(r, n), hardComplex(r, n)
		a32, b32 := to64(a), to64(b)
		for _, op := range []Op{OpAdd, OpSub, OpMul, OpDiv} {
			d, d32 := make([]complex128, n), make([]complex64, n)
			if err := binaryComplex(op, d, a, b); err != nil {
				t.Fatal(err)
			}
			if err := binaryComplex(op, d32, a32, b32); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				want, want32 := a[i]+b[i], a32[i]+b32[i]
				switch op {
				case OpSub:
					want, want32 = a[i]-b[i], a32[i]-b32[i]
				case OpMul:
					want, want32 = a[i]*b[i], a32[i]*b32[i]
				case OpDiv:
					want, want32 = a[i]/b[i], a32[i]/b32[i]
				}
				if !sameC(d[i], want) || !sameC(complex128(d32[i]), complex128(want32)) {
					t.Fatalf("%v %v, %v: got %v, %v; want %v, %v", op, a[i], b[i], d[i], d32[i], want, want32)
				}
			}
		}
		for _, op := range []Op{OpNeg, OpConj, OpSquare} {
			d, d32 := make([]complex128, n), make([]complex64, n)
			if err := unaryComplex(op, d, a); err != nil {
				t.Fatal(err)
			}
			if err := unaryComplex(op, d32, a32); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				want, want32 := -a[i], -a32[i]
				switch op {
				case OpConj:
					want, want32 = complex(real(a[i]), -imag(a[i])), complex(real(a32[i]), -imag(a32[i]))
				case OpSquare:
					want, want32 = a[i]*a[i], a32[i]*a32[i]
				}
				if !sameC(d[i], want) || !sameC(complex128(d32[i]), complex128(want32)) {
					t.Fatalf("%v %v: got %v, %v; want %v, %v", op, a[i], d[i], d32[i], want, want32)
				}
			}
		}
		for _, op := range []Op{OpReal, OpImag, OpAngle} {
			d, d32 := make([]float64, n), make([]float32, n)
			if err := complexToReal(op, chunk.Complex128, d, a); err != nil {
				t.Fatal(err)
			}
			if err := complexToReal(op, chunk.Complex64, d32, a32); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				want, want32 := real(a[i]), real(a32[i])
				switch op {
				case OpImag:
					want, want32 = imag(a[i]), imag(a32[i])
				case OpAngle:
					want, want32 = math.Atan2(imag(a[i]), real(a[i])), float32(math.Atan2(float64(imag(a32[i])), float64(real(a32[i]))))
				}
				if !same(d[i], want) || !same(float64(d32[i]), float64(want32)) {
					t.Fatalf("%v %v: got %v, %v; want %v, %v", op, a[i], d[i], d32[i], want, want32)
				}
			}
		}
	}
	if err := complexToReal(OpSign, chunk.Complex128, make([]float64, 1), make([]complex128, 1)); err == nil {
		t.Error("sign of complex numbers as a real: no error")
	}
}

// absScript writes np.abs of the complex128 and complex64 arrays in the
// files named to the files named with ".abs" appended, and np.hypot of
// their parts (libm's hypot) to ".hypot".
const absScript = `
import sys, numpy as np
for path, dt in ((sys.argv[1], np.complex128), (sys.argv[2], np.complex64)):
    a = np.fromfile(path, dtype=dt)
    np.abs(a).tofile(path + ".abs")
    np.hypot(a.real, a.imag).tofile(path + ".hypot")
`

// TestAbsAgainstNumPy checks the absolute values of hard complex values
// of both dtypes against NumPy's: within one ulp of np.hypot of the
// parts (libm's hypot, which np.abs calls without AVX-512), and within
// two of np.abs, whose AVX-512 loop in NumPy 1.24 is itself up to two
// ulps from the correctly rounded value; Inf, NaN and 0 exactly where
// NumPy has them.
func TestAbsAgainstNumPy(t *testing.T) {
	testcorpus.RequirePython(t, "numpy")
	r := rand.New(rand.NewPCG(7, 7))
	x := hardComplex(r, 20000)
	x32 := to64(x)
	dir := t.TempDir()
	p128, p64 := filepath.Join(dir, "c128"), filepath.Join(dir, "c64")
	write := func(path string, v any) {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := binenc.Write(f, binenc.LittleEndian, v); err != nil {
			t.Fatal(err)
		}
	}
	write(p128, x)
	write(p64, x32)
	testcorpus.RunPython(t, absScript, p128, p64)
	read := func(path string, v any) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := binenc.Read(f, binenc.LittleEndian, v); err != nil {
			t.Fatal(err)
		}
	}
	got, got32 := make([]float64, len(x)), make([]float32, len(x))
	if err := complexToReal(OpAbs, chunk.Complex128, got, x); err != nil {
		t.Fatal(err)
	}
	if err := complexToReal(OpAbs, chunk.Complex64, got32, x32); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ext string
		tol uint64
	}{{".hypot", 1}, {".abs", 2}} {
		want, want32 := make([]float64, len(x)), make([]float32, len(x))
		read(p128+c.ext, want)
		read(p64+c.ext, want32)
		var off, off32 int
		for i := range x {
			if d := ulpDiff(got[i], want[i]); d > c.tol {
				t.Fatalf("|%v| = %v; numpy%s %v", x[i], got[i], c.ext, want[i])
			} else if d > 0 {
				off++
			}
			if d := ulpDiff(got32[i], want32[i]); d > c.tol {
				t.Fatalf("|%v| = %v; numpy%s %v", x32[i], got32[i], c.ext, want32[i])
			} else if d > 0 {
				off32++
			}
		}
		t.Logf("numpy%s: %d of %d complex128 and %d complex64 differ (at most %d ulp)", c.ext, off, len(x), off32, c.tol)
	}
}

// ulpDiff is the distance in ulps between two non-negative floats: 0
// for two NaNs, and more than 1 for a NaN and a number.
func ulpDiff[F float32 | float64](a, b F) uint64 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxUint64
	}
	ia, ib := math.Float64bits(float64(a)), math.Float64bits(float64(b))
	if _, ok := any(a).(float32); ok {
		ia, ib = uint64(math.Float32bits(float32(a))), uint64(math.Float32bits(float32(b)))
	}
	return max(ia, ib) - min(ia, ib)
}
