package fft

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
)

// npScript evaluates each case's expression with the input bound to a.
const npScript = `
import sys, json, base64, numpy as np
out = []
for c in json.load(open(sys.argv[1])):
    a = np.frombuffer(base64.b64decode(c["data"]), dtype=c["dtype"]).reshape(c["shape"])
    try:
        r = np.asarray(eval(c["expr"]))
        out.append({"dtype": r.dtype.name, "shape": list(r.shape), "data": base64.b64encode(r.tobytes()).decode()})
    except Exception as e:
        out.append({"error": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`

type npCase struct {
	Expr  string `json:"expr"`
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	Data  string `json:"data"`
	got   *array.Array
}

type npResult struct {
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	Data  string `json:"data"`
	Error string `json:"error"`
}

func newCase(expr string, d *chunk.Dense, got *array.Array) npCase {
	return npCase{Expr: expr, DType: d.DType().String(), Shape: d.Shape(), Data: base64.StdEncoding.EncodeToString(d.Bytes()), got: got}
}

func randInput(r *rand.Rand, dt chunk.DType, shape []int) *chunk.Dense {
	d := chunk.NewDense(dt, shape)
	switch v := d.Data().(type) {
	case []float64:
		for i := range v {
			v[i] = r.NormFloat64()
		}
	case []float32:
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
	case []complex128:
		for i := range v {
			v[i] = complex(r.NormFloat64(), r.NormFloat64())
		}
	case []complex64:
		for i := range v {
			v[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
		}
	case []int32:
		for i := range v {
			v[i] = int32(r.IntN(20) - 10)
		}
	}
	return d
}

func randSpec(r *rand.Rand, shape []int) chunk.Spec {
	s := make(chunk.Spec, len(shape))
	for a, n := range shape {
		s[a] = chunk.Size(1 + r.IntN(max(n, 1)))
	}
	return s
}

func pyInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return "(" + strings.Join(s, ", ") + ",)"
}

// TestAgainstNumPy compares every transform with numpy.fft over random
// shapes (zero-length axes included), chunkings, lengths, axes, norms
// and input dtypes.
func TestAgainstNumPy(t *testing.T) {
	testcorpus.RequirePython(t, "numpy")
	r := rand.New(rand.NewPCG(15, 1))
	dtypes := []chunk.DType{chunk.Float64, chunk.Float32, chunk.Complex128, chunk.Complex64, chunk.Int32}
	norms := []Norm{Backward, Ortho, Forward}
	one := []struct {
		name string
		f    func(*array.Array, ...Option) *array.Array
	}{{"fft", FFT}, {"ifft", IFFT}, {"rfft", RFFT}, {"irfft", IRFFT}, {"hfft", HFFT}, {"ihfft", IHFFT}}
	many := []struct {
		name string
		f    func(*array.Array, ...Option) *array.Array
	}{{"fft2", FFT2}, {"ifft2", IFFT2}, {"fftn", FFTN}, {"ifftn", IFFTN}, {"rfft2", RFFT2}, {"irfft2", IRFFT2}, {"rfftn", RFFTN}, {"irfftn", IRFFTN}}
	var cases []npCase
	add := func(expr string, d *chunk.Dense, got *array.Array) { cases = append(cases, newCase(expr, d, got)) }
	shapeOf := func(minND int) []int {
		s := make([]int, minND+r.IntN(4-minND))
		for a := range s {
			s[a] = r.IntN(9)
			if r.IntN(8) == 0 {
				s[a] = 0
			}
		}
		return s
	}
	for it := 0; it < 120; it++ {
		c := one[it%len(one)]
		dt := dtypes[r.IntN(len(dtypes))]
		if c.name == "rfft" || c.name == "ihfft" {
			dt = dtypes[r.IntN(2)] // real input (NumPy's rfft refuses complex)
		}
		shape := shapeOf(1)
		d := randInput(r, dt, shape)
		x := array.FromDense(d, randSpec(r, shape))
		norm := norms[r.IntN(3)]
		axis := r.IntN(len(shape)) - len(shape)*r.IntN(2)
		opts := []Option{Axes(axis), WithNorm(norm)}
		expr := fmt.Sprintf("np.fft.%s(a, axis=%d, norm=%q", c.name, axis, norm)
		if r.IntN(2) == 0 {
			n := 1 + r.IntN(10)
			opts = append(opts, N(n))
			expr += fmt.Sprintf(", n=%d", n)
		}
		add(expr+")", d, c.f(x, opts...))
	}
	for it := 0; it < 120; it++ {
		c := many[it%len(many)]
		dt := dtypes[r.IntN(len(dtypes))]
		if strings.HasPrefix(c.name, "rfft") {
			dt = dtypes[r.IntN(2)]
		}
		shape := shapeOf(2)
		d := randInput(r, dt, shape)
		x := array.FromDense(d, randSpec(r, shape))
		norm := norms[r.IntN(3)]
		opts := []Option{WithNorm(norm)}
		expr := fmt.Sprintf("np.fft.%s(a, norm=%q", c.name, norm)
		var axes []int
		if r.IntN(2) == 0 {
			for _, a := range r.Perm(len(shape))[:1+r.IntN(len(shape))] {
				axes = append(axes, a)
			}
			if strings.HasSuffix(c.name, "2") && len(axes) != 2 {
				axes = []int{0, len(shape) - 1}
			}
			opts = append(opts, Axes(axes...))
			expr += ", axes=" + pyInts(axes)
		}
		if r.IntN(2) == 0 {
			k := len(axes)
			if k == 0 {
				k = 2
				if !strings.HasSuffix(c.name, "2") {
					k = 1 + r.IntN(len(shape))
				}
			}
			s := make([]int, k)
			for i := range s {
				s[i] = 1 + r.IntN(8)
			}
			opts = append(opts, N(s...))
			expr += ", s=" + pyInts(s)
		}
		add(expr+")", d, c.f(x, opts...))
	}
	for it := 0; it < 12; it++ {
		shape := shapeOf(1)
		d := randInput(r, chunk.Complex128, shape)
		x := array.FromDense(d, randSpec(r, shape))
		add("np.fft.fftshift(a)", d, FFTShift(x))
		add("np.fft.ifftshift(a, axes=0)", d, IFFTShift(x, 0))
		n := 1 + r.IntN(12)
		add(fmt.Sprintf("np.fft.fftfreq(%d, 0.25)", n), d, FFTFreq(n, 0.25, chunk.Spec{chunk.Size(3)}))
		add(fmt.Sprintf("np.fft.rfftfreq(%d)", n), d, RFFTFreq(n, 1, chunk.Spec{chunk.Size(2)}))
	}
	checkNumPy(t, cases)
}

// checkNumPy evaluates the cases' expressions with NumPy and compares
// each result with the case's array.
func checkNumPy(t *testing.T, cases []npCase) {
	t.Helper()
	b, _ := json.Marshal(cases)
	path := filepath.Join(t.TempDir(), "cases.json")
	os.WriteFile(path, b, 0o644)
	var res []npResult
	out := testcorpus.RunPython(t, npScript, path)
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != len(cases) {
		t.Fatalf("numpy: %v %.300s", err, out)
	}
	for i, c := range cases {
		what := fmt.Sprintf("%s on %s%v", c.Expr, c.DType, c.Shape)
		if res[i].Error != "" {
			if c.got.Err() == nil {
				if _, err := c.got.Compute(context.Background()); err == nil {
					t.Errorf("%s: numpy raises %s; got no error", what, res[i].Error)
				}
			}
			continue
		}
		if c.got.Err() != nil {
			t.Errorf("%s: %v", what, c.got.Err())
			continue
		}
		got, err := c.got.Compute(context.Background())
		if err != nil {
			t.Errorf("%s: %v", what, err)
			continue
		}
		wdt, _ := chunk.ParseDType(res[i].DType)
		raw, _ := base64.StdEncoding.DecodeString(res[i].Data)
		want, err := chunk.FromBytes(wdt, res[i].Shape, raw)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := near(got, want); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	t.Logf("%d results checked against numpy", len(cases))
}

// TestLongAgainstNumPy compares the 1-d transforms of long lanes (every
// kernel path: radix passes, Bluestein for large prime factors, the
// real packing of even lengths) along the last axis and along the first,
// whose lanes are gathered in batches.
func TestLongAgainstNumPy(t *testing.T) {
	testcorpus.RequirePython(t, "numpy")
	r := rand.New(rand.NewPCG(7, 8))
	var cases []npCase
	for _, n := range []int{997, 1000, 1024, 4096, 4800, 5000, 6000, 10007, 19946} {
		re := randInput(r, chunk.Float64, []int{2, n})
		z := randInput(r, chunk.Complex128, []int{2, n})
		h := randInput(r, chunk.Complex128, []int{2, n/2 + 1}) // junk imaginary parts at 0 and n/2 are ignored
		x, y, w := array.FromDense(re, nil), array.FromDense(z, nil), array.FromDense(h, nil)
		cases = append(cases,
			newCase("np.fft.fft(a)", re, FFT(x)),
			newCase("np.fft.fft(a)", z, FFT(y)),
			newCase("np.fft.ifft(a)", z, IFFT(y)),
			newCase("np.fft.rfft(a)", re, RFFT(x)),
			newCase(fmt.Sprintf("np.fft.irfft(a, n=%d)", n), h, IRFFT(w, N(n))))
	}
	for _, n := range []int{1000, 997} {
		shape := []int{n, 21} // blocks 13 and 8 lanes wide: full and partial batches
		re, z := randInput(r, chunk.Float64, shape), randInput(r, chunk.Complex128, shape)
		spec := chunk.Spec{chunk.Size(300), chunk.Size(13)}
		x, y := array.FromDense(re, spec), array.FromDense(z, spec)
		cases = append(cases,
			newCase("np.fft.fft(a, axis=0)", re, FFT(x, Axes(0))),
			newCase("np.fft.ifft(a, axis=0)", z, IFFT(y, Axes(0))),
			newCase("np.fft.rfft(a, axis=0)", re, RFFT(x, Axes(0))),
			newCase("np.fft.irfft(a, axis=0)", z, IRFFT(y, Axes(0))))
	}
	checkNumPy(t, cases)
}

// near compares as complex128 with a tolerance relative to the result's
// largest magnitude (FFT errors scale with it).
func near(got, want *chunk.Dense) error {
	if got.DType() != want.DType() || !chunk.EqualShapes(got.Shape(), want.Shape()) {
		return fmt.Errorf("got %v%v, want %v%v", got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	g := chunk.Values[complex128](got.AsType(chunk.Complex128))
	w := chunk.Values[complex128](want.AsType(chunk.Complex128))
	scale := 1.0
	for _, v := range w {
		scale = math.Max(scale, cmplx.Abs(v))
	}
	for i := range w {
		if cmplx.Abs(g[i]-w[i]) > 1e-12*scale {
			return fmt.Errorf("element %d: got %v, want %v", i, g[i], w[i])
		}
	}
	return nil
}

func TestErrors(t *testing.T) {
	x := array.FromSlice([]float64{1, 2, 3, 4}, []int{2, 2}, nil)
	for _, c := range []struct {
		a    *array.Array
		want string
	}{
		{FFT(x, N(0)), "invalid number of data points (0)"},
		{FFT(x, Axes(2)), "axis 2 out of range"},
		{FFT(x, WithNorm("unitary")), `norm "unitary"`},
		{FFT(x, Axes(0, 1)), "1-d transform"},
		{FFT2(x, Axes(0, 0)), "repeated axis"},
		{FFTN(x, Axes(0, 1), N(3)), "1 lengths for 2 axes"},
		{IRFFT(array.FromSlice([]complex128{1}, []int{1}, nil)), "invalid number of data points (0)"},
		{FFT(array.Zeros([]int{0}, chunk.Float64, nil)), "invalid number of data points (0)"},
		{FFTFreq(0, 1, nil), "n = 0"},
		{FFT(nil), "nil array"},
	} {
		if err := c.a.Err(); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "fft: ") {
			t.Errorf("error %v; want one naming %q", err, c.want)
		}
	}
}
