package linalg

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/testcorpus"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// matrix is a test input: its values and the chunked array over them.
type matrix struct {
	shape []int
	data  []float64
}

func randomChunks(r *rand.Rand, n int) []int {
	if n == 0 {
		return []int{0}
	}
	var cs []int
	for n > 0 {
		c := 1 + r.IntN(n)
		if r.IntN(3) == 0 {
			c = n
		}
		cs = append(cs, c)
		n -= c
	}
	return cs
}

// chunked returns m as an array with random chunks.
func (m matrix) chunked(r *rand.Rand) *array.Array {
	spec := make(chunk.Spec, len(m.shape))
	for a, n := range m.shape {
		spec[a] = chunk.Sizes(randomChunks(r, n)...)
	}
	return array.FromSlice(m.data, m.shape, spec)
}

func randomMatrix(r *rand.Rand, rows, cols int) matrix {
	d := make([]float64, rows*cols)
	for i := range d {
		d[i] = r.NormFloat64()
	}
	return matrix{[]int{rows, cols}, d}
}

// conditioned returns a rows×cols matrix with singular values spaced
// logarithmically from 1 down to 1/cond, the last `deficient` of them
// zero.
func conditioned(r *rand.Rand, rows, cols int, cond float64, deficient int) matrix {
	k := min(rows, cols)
	u, _ := qrMat(mat(randomMatrix(r, rows, k)))
	v, _ := qrMat(mat(randomMatrix(r, cols, k)))
	for j := range k {
		s := math.Pow(cond, -float64(j)/float64(max(k-1, 1)))
		if j >= k-deficient {
			s = 0
		}
		for i := range rows {
			u.Data[i*u.Stride+j] *= s
		}
	}
	a := mul(false, true, u, v)
	return matrix{[]int{rows, cols}, a.Data}
}

func mat(m matrix) blas64.General {
	return blas64.General{Rows: m.shape[0], Cols: m.shape[1], Stride: max(m.shape[1], 1), Data: m.data}
}

// numpyCase is one expression NumPy evaluates over inputs a, b, ….
type numpyCase struct {
	Expr string
	In   []numpyArray
}

type numpyArray struct {
	Shape []int
	Data  []float64
}

const numpyScript = `
import json, sys, numpy as np
def sgn(q, r):
    # R's diagonal non-negative, as linalg.QR returns it.
    d = np.sign(np.diag(r)); d[d == 0] = 1
    return q * d, r * d[:, None]
def lu(a):
    # Partial pivoting (the first largest magnitude), SciPy's P, L, U.
    a = a.copy(); m, n = a.shape; k = min(m, n); p = np.arange(m)
    for j in range(k):
        i = j + np.argmax(np.abs(a[j:, j]))
        a[[j, i]] = a[[i, j]]; p[[j, i]] = p[[i, j]]
        if a[j, j] != 0: a[j+1:, j] /= a[j, j]
        a[j+1:, j+1:] -= np.outer(a[j+1:, j], a[j, j+1:])
    return np.eye(m)[:, p], np.tril(a[:, :k], -1) + np.eye(m, k), np.triu(a[:k])
out = []
for c in json.load(open(sys.argv[1])):
    env = {"np": np, "sgn": sgn, "lu": lu}
    for i, x in enumerate(c["In"] or []):
        env["abcd"[i]] = np.array(x["Data"], dtype=np.float64).reshape(x["Shape"])
    r = eval(c["Expr"], env)
    rs = r if isinstance(r, tuple) else (r,)
    out.append([{"Shape": list(np.shape(x)), "Data": np.ravel(np.asarray(x, dtype=np.float64)).tolist()} for x in rs])
print(json.dumps(out))
`

func runNumPy(t *testing.T, cases []numpyCase) [][]numpyArray {
	t.Helper()
	testcorpus.RequirePython(t, "numpy")
	b, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var out [][]numpyArray
	if err := json.Unmarshal([]byte(testcorpus.RunPython(t, numpyScript, path)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// check is one comparison: arrays computed here against NumPy's values
// of expr over the inputs, to a tolerance relative to the largest value.
type check struct {
	what string
	expr string
	in   []matrix
	got  []*array.Array
	tol  float64
}

func compute(t *testing.T, x *array.Array) (*chunk.Dense, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return x.Compute(ctx)
}

func runChecks(t *testing.T, checks []check) {
	t.Helper()
	cases := make([]numpyCase, len(checks))
	for i, c := range checks {
		cases[i].Expr = c.expr
		for _, m := range c.in {
			cases[i].In = append(cases[i].In, numpyArray{Shape: m.shape, Data: m.data})
		}
	}
	want := runNumPy(t, cases)
	for i, c := range checks {
		if len(want[i]) != len(c.got) {
			t.Errorf("%s: numpy gives %d arrays, got %d", c.what, len(want[i]), len(c.got))
			continue
		}
		for k, g := range c.got {
			if g.Err() != nil {
				t.Errorf("%s: %v", c.what, g.Err())
				continue
			}
			d, err := compute(t, g)
			if err != nil {
				t.Errorf("%s: result %d: %v", c.what, k, err)
				continue
			}
			w := want[i][k]
			if !chunk.EqualShapes(d.Shape(), w.Shape) {
				t.Errorf("%s: result %d has shape %v, numpy %v", c.what, k, d.Shape(), w.Shape)
				continue
			}
			scale := 1.0
			for _, v := range w.Data {
				scale = max(scale, math.Abs(v))
			}
			for j, v := range w.Data {
				if g := d.Float(j); math.Abs(g-v) > c.tol*scale {
					t.Errorf("%s [np: %s]: result %d element %d = %v, numpy %v", c.what, c.expr, k, j, g, v)
					break
				}
			}
		}
	}
}

// TestAgainstNumPy checks every factorization, solver and norm against
// NumPy 1.24 over random shapes (tall, wide, square, empty) and random
// chunkings: well-conditioned, ill-conditioned (cond 1e10) and rank
// deficient matrices.
func TestAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	rc := rand.New(rand.NewPCG(14, 14)) // complex inputs: r's draws stay as they were
	var checks []check
	var luChecks [][2]*array.Array
	add := func(what, expr string, in []matrix, tol float64, got ...*array.Array) {
		checks = append(checks, check{what: what, expr: expr, in: in, got: got, tol: tol})
	}
	shapes := [][2]int{{40, 5}, {7, 7}, {5, 23}, {1, 1}, {61, 1}, {30, 12}}
	for _, s := range shapes {
		m, n := s[0], s[1]
		// Solutions of the ill-conditioned systems agree to cond·eps.
		for kind, a := range []matrix{randomMatrix(r, m, n), conditioned(r, m, n, 1e10, 0), conditioned(r, m, n, 10, min(m, n)/3)} {
			tol := []float64{1e-9, 1e-5, 1e-9}[kind]
			x := a.chunked(r)
			what := fmt.Sprintf("%v chunks %v", a.shape, x.Chunks())
			in := []matrix{a}
			q, rr := QR(x)
			add("qr "+what, "sgn(*np.linalg.qr(a))[1]", in, 1e-12, rr)
			add("qr orthogonal "+what, "np.eye(min(a.shape))", in, 1e-13, array.MatMul(q.T(), q))
			u, s, vh := SVD(x)
			add("svd "+what, "np.linalg.svd(a, full_matrices=False)[1]", in, 1e-12, s)
			add("svd product "+what, "(a, a)", in, 1e-12, array.MatMul(u.Mul(s), vh), array.MatMul(q, rr))
			add("norms "+what, "tuple(np.linalg.norm(a, o) for o in [None, 'fro', 'nuc', 1, -1, 2, -2, np.inf, -np.inf])", in, 1e-12,
				Norm(x, Ord{}), Norm(x, Fro), Norm(x, Nuc), Norm(x, P(1)), Norm(x, P(-1)), Norm(x, P(2)), Norm(x, P(-2)), Norm(x, P(math.Inf(1))), Norm(x, P(math.Inf(-1))))
			add("vector norms "+what, "tuple(np.linalg.norm(a, o, axis=0) for o in [None, 0, 1, 3, np.inf, -np.inf])", in, 1e-12,
				Norm(x, Ord{}, 0), Norm(x, P(0), 0), Norm(x, P(1), 0), Norm(x, P(3), 0), Norm(x, P(math.Inf(1)), -2), Norm(x, P(math.Inf(-1)), 0))
			b := randomMatrix(r, m, 3)
			bx := b.chunked(r)
			lx, res, rank, sv := Lstsq(x, bx)
			add("lstsq "+what, "np.linalg.lstsq(a, b, rcond=None)[::2] + (np.linalg.lstsq(a, b, rcond=None)[3],)", []matrix{a, b}, tol, lx, rank, sv)
			if m > n {
				add("lstsq residuals "+what, "np.sum((b - a @ np.linalg.lstsq(a, b, rcond=None)[0])**2, axis=0)", []matrix{a, b}, tol/100, res)
			}
			if m == n && kind < 2 {
				add("solve "+what, "np.linalg.solve(a, b)", []matrix{a, b}, tol, Solve(x, bx))
			}
		}
		if m == n {
			a := randomMatrix(r, m, n)
			x := a.chunked(r)
			spd := array.MatMul(x, x.T()).Add(array.Eye(n, n, 0, chunk.Float64, nil))
			b := randomMatrix(r, n, 2)
			bx := b.chunked(r)
			add("cholesky", "np.linalg.cholesky(a @ a.T + np.eye(len(a)))", []matrix{a}, 1e-12, Cholesky(spd))
			add("inv", "np.linalg.inv(a)", []matrix{a}, 1e-9, Inv(x))
			add("solve 1-d", "np.linalg.solve(a, b[:, 0])", []matrix{a, b}, 1e-9, Solve(x, bx.Index(array.All(), array.At(0))))
			add("solve triangular", "np.linalg.solve(np.tril(a) + 4*np.eye(len(a)), b)", []matrix{a, b}, 1e-12,
				SolveTriangular(x.Add(array.Eye(n, n, 0, chunk.Float64, nil).Mul(4)), bx, Lower))
			add("solve upper unit", "np.linalg.solve(np.triu(a, 1) + np.eye(len(a)), b)", []matrix{a, b}, 1e-9,
				SolveTriangular(x, bx, Upper|UnitDiagonal))
			p, l, u := LU(x)
			add("lu", "a", []matrix{a}, 1e-12, array.MatMul(array.MatMul(p, l), u))
			luChecks = append(luChecks, [2]*array.Array{l, u})
		}
		a := randomMatrix(r, m, n)
		p, l, u := LU(a.chunked(r))
		add(fmt.Sprintf("lu factors %v", a.shape), "lu(a)", []matrix{a}, 1e-12, p, l, u)
		// Complex norms (all but the singular-value orders), from parts.
		re, im := randomMatrix(rc, m, n), randomMatrix(rc, m, n)
		z := re.chunked(rc).Add(im.chunked(rc).Mul(1i))
		for _, dt := range []chunk.DType{chunk.Complex128, chunk.Complex64} {
			z, cast := z.AsType(dt), map[chunk.DType]string{chunk.Complex128: "", chunk.Complex64: ".astype(np.complex64)"}[dt]
			tol := map[chunk.DType]float64{chunk.Complex128: 1e-12, chunk.Complex64: 1e-5}[dt]
			what := fmt.Sprintf("%v%v", dt, re.shape)
			add("complex norms "+what, "tuple(np.linalg.norm((a + 1j*b)"+cast+", o) for o in [None, 'fro', 1, -1, np.inf, -np.inf])", []matrix{re, im}, tol,
				Norm(z, Ord{}), Norm(z, Fro), Norm(z, P(1)), Norm(z, P(-1)), Norm(z, P(math.Inf(1))), Norm(z, P(math.Inf(-1))))
			add("complex vector norms "+what, "tuple(np.linalg.norm((a + 1j*b)"+cast+", o, axis=0) for o in [None, 0, 1, 3, np.inf, -np.inf, 2])", []matrix{re, im}, tol,
				Norm(z, Ord{}, 0), Norm(z, P(0), 0), Norm(z, P(1), 0), Norm(z, P(3), 0), Norm(z, P(math.Inf(1)), -2), Norm(z, P(math.Inf(-1)), 0), Norm(z, P(2), 0))
		}
	}
	runChecks(t, checks)
	for _, lu := range luChecks {
		l, err := compute(t, lu[0])
		if err != nil {
			t.Fatal(err)
		}
		u, err := compute(t, lu[1])
		if err != nil {
			t.Fatal(err)
		}
		n := l.Shape()[0]
		for i := range n {
			for j := range n {
				lv, uv := l.Float(i*n+j), u.Float(i*n+j)
				if (j > i && lv != 0) || (j == i && lv != 1) || math.Abs(lv) > 1 || (j < i && uv != 0) {
					t.Fatalf("lu: L[%d,%d] = %v, U[%d,%d] = %v: not unit lower (|L| ≤ 1) and upper", i, j, lv, i, j, uv)
				}
			}
		}
	}
}

// TestSVDCompressed checks the randomized SVD of a matrix of rank 6
// against NumPy's singular values, and that the seed fixes the result.
func TestSVDCompressed(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	a := conditioned(r, 300, 40, 100, 34) // rank 6
	x := a.chunked(r)
	u, s, vh := SVDCompressed(x, 6, 2, 42)
	_, s2, _ := SVDCompressed(x, 6, 2, 42)
	runChecks(t, []check{
		{what: "svd_compressed", expr: "(np.linalg.svd(a)[1][:6], a, np.eye(6))", in: []matrix{a}, tol: 1e-10,
			got: []*array.Array{s, array.MatMul(u.Mul(s), vh), array.MatMul(u.T(), u)}},
	})
	d1, err1 := compute(t, s)
	d2, err2 := compute(t, s2)
	if err1 != nil || err2 != nil || !slices.Equal(chunk.Values[float64](d1), chunk.Values[float64](d2)) {
		t.Errorf("the same seed gives different singular values: %v %v (%v, %v)", d1, d2, err1, err2)
	}
	if _, s, _ := SVDCompressed(x, 41, 0, 1); s.Err() == nil {
		t.Errorf("rank 41 of a 300×40 matrix: no error")
	}
}

// TestTSQRManyBlocks factors a tall float32 matrix of many row chunks.
func TestTSQRManyBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	a := randomMatrix(r, 2000, 8)
	x := array.FromSlice(a.data, a.shape, chunk.Regular(37, 8)).AsType(chunk.Float32)
	q, rr := QR(x)
	if q.DType() != chunk.Float32 || rr.DType() != chunk.Float32 {
		t.Fatalf("dtypes %v %v, want float32", q.DType(), rr.DType())
	}
	runChecks(t, []check{{what: "tsqr float32", expr: "(a.astype(np.float32), np.eye(8))", in: []matrix{a}, tol: 1e-5,
		got: []*array.Array{array.MatMul(q, rr), array.MatMul(q.T(), q)}}})
}

// TestErrors checks that bad input gives one-line errors, at build time
// or, for what only the values show, from Compute.
func TestErrors(t *testing.T) {
	sq := array.FromSlice([]float64{1, 2, 2, 4}, []int{2, 2}, chunk.Regular(1, 1))
	notPD := array.FromSlice([]float64{1, 2, 2, 1}, []int{2, 2}, nil)
	nan := array.FromSlice([]float64{1, math.NaN(), 0, 1}, []int{2, 2}, nil)
	wide := array.Ones([]int{2, 3}, chunk.Float64, nil)
	v3 := array.Ones([]int{3}, chunk.Float64, nil)
	build := map[string]*array.Array{
		"cholesky non-square": Cholesky(wide),
		"solve non-square":    Solve(wide, v3),
		"solve rhs":           Solve(sq, v3),
		"inv non-square":      Inv(wide),
		"qr 1-d":              func() *array.Array { q, _ := QR(v3); return q }(),
		"qr bool":             func() *array.Array { q, _ := QR(wide.Gt(0)); return q }(),
		"lstsq rhs":           func() *array.Array { x, _, _, _ := Lstsq(wide, v3); return x }(),
		"norm fro vector":     Norm(v3, Fro),
		"norm 3 matrix":       Norm(wide, P(3)),
		"norm axis":           Norm(wide, Ord{}, 2),
		"norm 2 complex":      Norm(wide.AsType(chunk.Complex128), P(2)),
		"qr complex":          func() *array.Array { q, _ := QR(wide.AsType(chunk.Complex64)); return q }(),
		"solve complex":       Solve(sq.AsType(chunk.Complex128), v3.Index(array.S(0, 2, 1))),
		"inv complex":         Inv(sq.AsType(chunk.Complex128)),
	}
	for what, x := range build {
		if err := x.Err(); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v; want one line", what, err)
		} else if strings.Contains(what, "complex") && !strings.Contains(err.Error(), "complex") {
			t.Errorf("%s: error %v does not name the complex dtype", what, err)
		}
	}
	nanTall := array.FromSlice([]float64{1, 2, 3, math.Inf(1), 5, 6}, []int{3, 2}, chunk.Regular(1, 2))
	compute := map[string]struct {
		x    *array.Array
		want string
	}{
		"singular":     {Solve(sq, array.Ones([]int{2}, chunk.Float64, nil)), "zero pivot in column 2"},
		"inv singular": {Inv(sq), "singular"},
		"not pd":       {Cholesky(notPD), "leading minor of order 2"},
		"nan":          {Inv(nan), "NaN or Inf"},
		"qr nan":       {func() *array.Array { _, r := QR(nanTall); return r }(), "NaN or Inf"},
		"qr wide nan":  {func() *array.Array { _, r := QR(nanTall.T()); return r }(), "NaN or Inf"},
		"qr wide nan in a later block": {func() *array.Array {
			_, r := QR(array.FromSlice([]float64{1, 2, 3, 4, 5, math.NaN()}, []int{1, 6}, chunk.Regular(1, 2)))
			return r
		}(), "NaN or Inf"},
		"svd nan":    {func() *array.Array { _, s, _ := SVD(nanTall); return s }(), "NaN or Inf"},
		"lstsq nan":  {func() *array.Array { x, _, _, _ := Lstsq(nanTall, array.Ones([]int{3}, chunk.Float64, nil)); return x }(), "NaN or Inf"},
		"triangular": {SolveTriangular(array.Zeros([]int{2, 2}, chunk.Float64, nil), array.Ones([]int{2}, chunk.Float64, nil), Lower), "zero on the diagonal"},
	}
	for what, c := range compute {
		if c.x.Err() != nil {
			t.Errorf("%s: build error %v", what, c.x.Err())
			continue
		}
		_, err := c.x.Compute(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Compute error %v; want one naming %q", what, err, c.want)
		}
	}
}

// TestTSQRPanels factors single chunks tall enough for the in-chunk
// panels of qrTall, one of them ill-conditioned, and one whose stacked
// R factors are split into panels again.
func TestTSQRPanels(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var checks []check
	for _, a := range []matrix{randomMatrix(r, 60011, 5), conditioned(r, 90000, 3, 1e10, 0)} {
		if _, np := tallPanels(a.shape[0], a.shape[1]); np < 2 {
			t.Fatalf("%v: %d panels", a.shape, np)
		}
		x := array.FromSlice(a.data, a.shape, nil)
		q, rr := QR(x)
		checks = append(checks, check{what: fmt.Sprintf("tsqr panels %v", a.shape), expr: "(a, np.eye(a.shape[1]), sgn(*np.linalg.qr(a))[1])", in: []matrix{a}, tol: 1e-13,
			got: []*array.Array{array.MatMul(q, rr), array.MatMul(q.T(), q), rr}})
	}
	a := randomMatrix(r, 4000, 362)
	if _, np := tallPanels(a.shape[0], a.shape[1]); np*a.shape[1] <= 2*(1<<20)/8/a.shape[1] {
		t.Fatalf("%v: %d panels, too few to split their R factors again", a.shape, np)
	}
	x := array.FromSlice(a.data, a.shape, nil)
	q, rr := QR(x)
	res := Norm(x.Sub(array.MatMul(q, rr)), Fro).Div(Norm(x, Fro))
	orth := Norm(array.MatMul(q.T(), q).Sub(array.Eye(362, 362, 0, chunk.Float64, nil)), Fro)
	checks = append(checks, check{what: "tsqr panels of panels", expr: "(0.0, 0.0)", tol: 1e-13, got: []*array.Array{res, orth}})
	runChecks(t, checks)
}

// TestTSQRBlocksOfPanels factors a matrix of several row chunks, each
// tall enough for qrTall's panels, so each block of Q (and of SVD's U)
// is written over its local factor (linalg.qr_q consuming it).
func TestTSQRBlocksOfPanels(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	a := randomMatrix(r, 3*4500, 64)
	if _, np := tallPanels(4500, 64); np < 2 {
		t.Fatalf("4500×64 blocks: %d panels", np)
	}
	x := array.FromSlice(a.data, a.shape, chunk.Regular(4500, 64))
	q, rr := QR(x)
	u, sv, vh := SVD(x)
	eye := array.Eye(64, 64, 0, chunk.Float64, nil)
	rel := func(d, x *array.Array) *array.Array { return Norm(d, Fro).Div(Norm(x, Fro)) }
	runChecks(t, []check{{what: "tsqr blocks of panels", expr: "(0.0, 0.0, 0.0, 0.0)", tol: 1e-13, got: []*array.Array{
		rel(x.Sub(array.MatMul(q, rr)), x), Norm(array.MatMul(q.T(), q).Sub(eye), Fro),
		rel(x.Sub(array.MatMul(u.Mul(sv), vh)), x), Norm(array.MatMul(u.T(), u).Sub(eye), Fro)}}})
}

// TestAllFinite checks the NaN/Inf test of the solvers' inputs,
// including finite values whose sum overflows.
func TestAllFinite(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct {
		v    []float64
		want bool
	}{
		{nil, true}, {[]float64{1, -2, 3}, true}, {[]float64{1e308, 1e308, 1e308}, true}, {[]float64{-1e308, -1e308}, true},
		{[]float64{1, nan}, false}, {[]float64{inf, 1}, false}, {[]float64{1, 2, -inf}, false},
		{[]float64{1e308, 1e308, nan}, false}, {[]float64{inf, -inf}, false}, {append(make([]float64, 37), -inf), false},
	} {
		if got := allFinite(c.v); got != c.want {
			t.Errorf("allFinite(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}

// TestTiled checks Cholesky and SolveTriangular over many tiles: square
// chunks, chunks that differ between rows and columns (rechunked to
// tiles), and errors whose row lies in a later tile.
func TestTiled(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	var checks []check
	for _, c := range []struct {
		n          int
		rows, cols []int
	}{{130, []int{37, 37, 37, 19}, []int{37, 37, 37, 19}}, {97, []int{97}, []int{10, 87}}, {150, []int{1, 149}, []int{60, 60, 30}}, {64, []int{8, 8, 8, 8, 8, 8, 8, 8}, []int{64}}} {
		a, b := randomMatrix(r, c.n, c.n), randomMatrix(r, c.n, 3)
		x := array.FromSlice(a.data, a.shape, chunk.Spec{chunk.Sizes(c.rows...), chunk.Sizes(c.cols...)})
		bx := array.FromSlice(b.data, b.shape, chunk.Spec{chunk.Sizes(randomChunks(r, c.n)...), chunk.Sizes(1, 2)})
		spd := array.MatMul(x, x.T()).Add(array.Eye(c.n, c.n, 0, chunk.Float64, nil))
		l := Cholesky(spd)
		what := fmt.Sprintf("%d×%d chunks %v×%v", c.n, c.n, c.rows, c.cols)
		checks = append(checks,
			check{what: "tiled cholesky " + what, expr: "np.linalg.cholesky(a @ a.T + np.eye(len(a)))", in: []matrix{a}, tol: 1e-12, got: []*array.Array{l}},
			check{what: "tiled cholesky solve " + what, expr: "(np.linalg.solve(a @ a.T + np.eye(len(a)), b),)*2", in: []matrix{a, b}, tol: 1e-10,
				got: []*array.Array{SolveTriangular(l.T(), SolveTriangular(l, bx, Lower), Upper), SolveTriangular(l, SolveTriangular(l, bx, Lower), Lower|Transposed)}},
			check{what: "tiled lower unit " + what, expr: "np.linalg.solve(np.tril(a, -1)/len(a) + np.eye(len(a)), b[:, 0])", in: []matrix{a, b}, tol: 1e-12,
				got: []*array.Array{SolveTriangular(x.Mul(1/float64(c.n)), bx.Index(array.All(), array.At(0)), Lower|UnitDiagonal)}},
			check{what: "tiled upper " + what, expr: "np.linalg.solve(np.triu(a) + len(a)*np.eye(len(a)), b)", in: []matrix{a, b}, tol: 1e-12,
				got: []*array.Array{SolveTriangular(x.Add(array.Eye(c.n, c.n, 0, chunk.Float64, nil).Mul(float64(c.n))), bx, Upper)}},
			check{what: "tiled lower transposed " + what, expr: "np.linalg.solve((np.tril(a) + len(a)*np.eye(len(a))).T, b)", in: []matrix{a, b}, tol: 1e-12,
				got: []*array.Array{SolveTriangular(x.Add(array.Eye(c.n, c.n, 0, chunk.Float64, nil).Mul(float64(c.n))), bx, Lower|Transposed)}},
			check{what: "tiled upper unit transposed " + what, expr: "np.linalg.solve((np.triu(a, 1)/len(a) + np.eye(len(a))).T, b[:, 1])", in: []matrix{a, b}, tol: 1e-12,
				got: []*array.Array{SolveTriangular(x.Mul(1/float64(c.n)), bx.Index(array.All(), array.At(1)), Upper|UnitDiagonal|Transposed)}})
	}
	runChecks(t, checks)
	// Empty systems and an empty right-hand side.
	z := array.Zeros([]int{0, 0}, chunk.Float64, nil)
	for what, c := range map[string]struct {
		x     *array.Array
		shape []int
	}{
		"cholesky 0×0":       {Cholesky(z), []int{0, 0}},
		"triangular 0×0":     {SolveTriangular(z, array.Zeros([]int{0}, chunk.Float64, nil), Lower), []int{0}},
		"triangular 3×0 rhs": {SolveTriangular(array.Eye(3, 3, 0, chunk.Float64, nil), array.Zeros([]int{3, 0}, chunk.Float64, nil), Lower), []int{3, 0}},
		"solve 3×0 rhs":      {Solve(array.Eye(3, 3, 0, chunk.Float64, nil), array.Zeros([]int{3, 0}, chunk.Float64, nil)), []int{3, 0}},
	} {
		d, err := c.x.Compute(context.Background())
		if err != nil || !slices.Equal(d.Shape(), c.shape) {
			t.Errorf("%s: %v, error %v; want shape %v", what, d, err, c.shape)
		}
	}
	// Errors in the last tile name their global row.
	d := make([]float64, 100*100)
	for i := range 100 {
		d[i*100+i] = 1
	}
	d[90*100+90] = -1
	x := array.FromSlice(d, []int{100, 100}, chunk.Regular(30, 30))
	if _, err := Cholesky(x).Compute(context.Background()); err == nil || !strings.Contains(err.Error(), "leading minor of order 91") {
		t.Errorf("cholesky of a matrix whose minor of order 91 is negative: %v", err)
	}
	d[90*100+90] = 0
	x = array.FromSlice(d, []int{100, 100}, chunk.Regular(30, 30))
	if _, err := SolveTriangular(x, array.Ones([]int{100}, chunk.Float64, nil), Upper).Compute(context.Background()); err == nil || !strings.Contains(err.Error(), "diagonal at 90") {
		t.Errorf("triangular solve with a zero at 90: %v", err)
	}
	d[95*100+3] = math.NaN()
	x = array.FromSlice(d, []int{100, 100}, chunk.Regular(30, 30))
	if _, err := Cholesky(x).Compute(context.Background()); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("cholesky with a NaN: %v", err)
	}
	// A NaN past the first rows a solve checks at a time, in a tile
	// below the diagonal (read transposed too).
	e := make([]float64, 200*200)
	for i := range 200 {
		e[i*200+i] = 1
	}
	e[180*200+10] = math.NaN()
	x = array.FromSlice(e, []int{200, 200}, chunk.Regular(100, 100))
	for _, tri := range []Triangle{Lower, Lower | Transposed} {
		if _, err := SolveTriangular(x, array.Ones([]int{200}, chunk.Float64, nil), tri).Compute(context.Background()); err == nil || !strings.Contains(err.Error(), "NaN") {
			t.Errorf("triangular solve (%v) with a NaN at (180, 10): %v", tri, err)
		}
	}
}

// TestLUTiled checks LU, Solve and Inv by strips against the reference
// partial pivoting over tall, wide and square matrices of many tiles,
// chunkings that differ between rows and columns, empty ones, and errors
// in later strips.
func TestLUTiled(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 17))
	var checks []check
	for _, c := range []struct {
		m, n       int
		rows, cols []int
	}{
		{130, 130, []int{37, 37, 37, 19}, []int{37, 37, 37, 19}},
		{97, 60, []int{97}, []int{10, 50}},
		{60, 97, []int{7, 53}, []int{20, 20, 20, 37}},
		{150, 150, []int{1, 149}, []int{60, 60, 30}},
		{64, 64, []int{8, 8, 8, 8, 8, 8, 8, 8}, []int{64}},
		{45, 45, []int{1, 1, 43}, []int{1, 1, 43}},
		{3, 0, []int{3}, []int{0}},
		{0, 3, []int{0}, []int{3}},
		{0, 0, []int{0}, []int{0}},
	} {
		a := randomMatrix(r, c.m, c.n)
		x := array.FromSlice(a.data, a.shape, chunk.Spec{chunk.Sizes(c.rows...), chunk.Sizes(c.cols...)})
		what := fmt.Sprintf("%d×%d chunks %v×%v", c.m, c.n, c.rows, c.cols)
		p, l, u := LU(x)
		checks = append(checks, check{what: "tiled lu " + what, expr: "lu(a)", in: []matrix{a}, tol: 1e-11, got: []*array.Array{p, l, u}})
		if c.m == c.n {
			b := randomMatrix(r, c.m, 4)
			bx := array.FromSlice(b.data, b.shape, chunk.Spec{chunk.Sizes(randomChunks(r, c.m)...), chunk.Sizes(3, 1)})
			checks = append(checks,
				check{what: "tiled solve " + what, expr: "np.linalg.solve(a, b)", in: []matrix{a, b}, tol: 1e-9, got: []*array.Array{Solve(x, bx)}},
				check{what: "tiled inv " + what, expr: "np.linalg.inv(a)", in: []matrix{a}, tol: 1e-9, got: []*array.Array{Inv(x)}})
		}
	}
	runChecks(t, checks)
	// A zero pivot and a NaN in a later strip.
	d := make([]float64, 100*100)
	for i := range 100 {
		d[i*100+i] = 1
	}
	d[90*100+90] = 0
	x := array.FromSlice(d, []int{100, 100}, chunk.Regular(30, 30))
	if _, err := Solve(x, array.Ones([]int{100}, chunk.Float64, nil)).Compute(context.Background()); err == nil || !strings.Contains(err.Error(), "zero pivot in column 91") {
		t.Errorf("solve with a zero pivot in column 91: %v", err)
	}
	if _, _, u := LU(x); u.Err() != nil {
		t.Errorf("lu of a singular matrix: %v", u.Err())
	} else if d, err := u.Compute(context.Background()); err != nil || d.Float(90*100+90) != 0 {
		t.Errorf("lu of a singular matrix: U[90, 90] = %v, error %v; want 0", d.Float(90*100+90), err)
	}
	d[95*100+73] = math.Inf(-1)
	x = array.FromSlice(d, []int{100, 100}, chunk.Regular(30, 30))
	if _, _, u := LU(x); u.Err() != nil {
		t.Errorf("lu with an Inf: build error %v", u.Err())
	} else if _, err := u.Compute(context.Background()); err == nil || !strings.Contains(err.Error(), "NaN or Inf") {
		t.Errorf("lu with an Inf in a later strip: %v", err)
	}
}

// TestQRStrips checks QR by column strips over square, tall and wide
// matrices of many tiles (chunkings that differ between rows and
// columns, 1-wide chunks), well-conditioned, ill-conditioned (cond 1e10)
// and rank-deficient: ‖A − QR‖/‖A‖ and ‖QᵀQ − I‖ to 1e-13, R against
// NumPy's and gonum's dense QR (signs made non-negative), empty shapes,
// and NaN or Inf in a later strip.
func TestQRStrips(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 19))
	var checks []check
	for _, c := range []struct {
		m, n       int
		rows, cols []int
	}{
		{130, 130, []int{37, 37, 37, 19}, []int{37, 37, 37, 19}},
		{150, 150, []int{1, 149}, []int{60, 60, 30}},
		{97, 60, []int{20, 20, 20, 37}, []int{10, 50}},
		{60, 97, []int{7, 53}, []int{20, 20, 20, 37}},
		{64, 64, []int{8, 8, 8, 8, 8, 8, 8, 8}, []int{64}},
		{45, 45, []int{1, 1, 43}, []int{1, 1, 43}},
		{33, 40, []int{10, 10, 13}, []int{1, 1, 1, 37}},
	} {
		for kind, a := range []matrix{randomMatrix(r, c.m, c.n), conditioned(r, c.m, c.n, 1e10, 0), conditioned(r, c.m, c.n, 10, min(c.m, c.n)/3)} {
			x := array.FromSlice(a.data, a.shape, chunk.Spec{chunk.Sizes(c.rows...), chunk.Sizes(c.cols...)})
			what := fmt.Sprintf("qr by strips %d×%d chunks %v×%v (kind %d)", c.m, c.n, c.rows, c.cols, kind)
			q, rr := QR(x)
			if len(rr.Chunks()[0]) < 2 {
				t.Errorf("%s: R's row chunks %v: not factored by strips", what, rr.Chunks()[0])
			}
			k := min(c.m, c.n)
			res := Norm(x.Sub(array.MatMul(q, rr)), Fro).Div(Norm(x, Fro))
			orth := Norm(array.MatMul(q.T(), q).Sub(array.Eye(k, k, 0, chunk.Float64, nil)), Fro)
			checks = append(checks, check{what: what + " residual, orthogonality", expr: "(0.0, 0.0)", in: []matrix{a}, tol: 1e-13, got: []*array.Array{res, orth}})
			if kind == 0 {
				checks = append(checks, check{what: what, expr: "sgn(*np.linalg.qr(a))", in: []matrix{a}, tol: 1e-12, got: []*array.Array{q, rr}})
				d, err := compute(t, rr)
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				want := gonumR(a)
				for i, v := range want.Data {
					if g := d.Float(i); math.Abs(g-v) > 1e-12*math.Sqrt(float64(c.m)) {
						t.Errorf("%s: R element %d = %v, gonum's dense QR %v", what, i, g, v)
						break
					}
				}
			}
		}
	}
	// Random shapes and chunkings, whichever algorithm they get.
	for range 12 {
		a := randomMatrix(r, 1+r.IntN(70), 1+r.IntN(70))
		x := a.chunked(r)
		q, rr := QR(x)
		k := min(a.shape[0], a.shape[1])
		res := Norm(x.Sub(array.MatMul(q, rr)), Fro).Div(Norm(x, Fro))
		orth := Norm(array.MatMul(q.T(), q).Sub(array.Eye(k, k, 0, chunk.Float64, nil)), Fro)
		what := fmt.Sprintf("qr %v chunks %v", a.shape, x.Chunks())
		checks = append(checks, check{what: what, expr: "sgn(*np.linalg.qr(a))", in: []matrix{a}, tol: 1e-12, got: []*array.Array{q, rr}},
			check{what: what + " residual, orthogonality", expr: "(0.0, 0.0)", in: []matrix{a}, tol: 1e-13, got: []*array.Array{res, orth}})
	}
	runChecks(t, checks)
	for _, s := range [][2]int{{3, 0}, {0, 3}, {0, 0}} {
		q, rr := QR(array.Zeros(s[:], chunk.Float64, nil))
		if !slices.Equal(q.Shape(), []int{s[0], 0}) || !slices.Equal(rr.Shape(), []int{0, s[1]}) {
			t.Errorf("qr of %v: shapes %v and %v", s, q.Shape(), rr.Shape())
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(-1)} {
		d := randomMatrix(r, 100, 100).data
		d[95*100+73] = bad
		q, rr := QR(array.FromSlice(d, []int{100, 100}, chunk.Regular(30, 30)))
		for _, x := range []*array.Array{q, rr} {
			if _, err := compute(t, x); err == nil || !strings.Contains(err.Error(), "NaN or Inf") {
				t.Errorf("qr by strips with %v in a later strip: %v", bad, err)
			}
		}
	}
}

// gonumR returns R of a by gonum's dgeqrf, its diagonal non-negative.
func gonumR(a matrix) blas64.General {
	w := cloneMat(mat(a))
	m, n := w.Rows, w.Cols
	k := min(m, n)
	tau, work := make([]float64, k), make([]float64, 64*max(n, 1))
	lapack64.Geqrf(w, tau, work, len(work))
	r := newMat(k, n)
	for i := range k {
		s := 1.0
		if w.Data[i*w.Stride+i] < 0 {
			s = -1
		}
		for j := i; j < n; j++ {
			r.Data[i*n+j] = s * w.Data[i*w.Stride+j]
		}
	}
	return r
}

// TestBlockedHouseholder checks geqrf, orgqr and ormqr (blocked, no
// unblocked tail) against gonum's dgeqrf, dorgqr and dormqr over widths
// around the block sizes and strided views.
func TestBlockedHouseholder(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 23))
	for _, s := range [][2]int{{1, 1}, {7, 3}, {40, 31}, {40, 32}, {70, 33}, {200, 100}, {130, 130}, {65, 64}} {
		m, n := s[0], s[1]
		a := randomMatrix(r, m, n+3)
		view := mat(a)
		view.Cols = n // a strided view, as the kernels get
		got, want := blas64.General{Rows: m, Cols: n, Stride: view.Stride, Data: slices.Clone(view.Data)}, cloneMat(view)
		tg, tw := make([]float64, n), make([]float64, n)
		work := make([]float64, 64*n)
		geqrf(got, tg)
		lapack64.Geqrf(want, tw, work, len(work))
		near := func(what string, g, w []float64) {
			for i := range w {
				if math.Abs(g[i]-w[i]) > 1e-12*math.Sqrt(float64(m)) {
					t.Fatalf("%v %s: element %d = %v, gonum %v", s, what, i, g[i], w[i])
				}
			}
		}
		near("geqrf", cloneMat(got).Data, want.Data)
		near("tau", tg, tw)
		for _, cols := range []int{5, 140} { // blocks of 16 and 32
			c := randomMatrix(r, m, cols)
			for _, tr := range []bool{false, true} {
				cg, cw := cloneMat(mat(c)), cloneMat(mat(c))
				ormqr(tr, got, tg, cg)
				lapack64.Ormqr(blas.Left, trans(tr), want, tw, cw, make([]float64, 64*cols), 64*cols)
				near(fmt.Sprintf("ormqr trans %v of %d columns", tr, cols), cg.Data, cw.Data)
			}
		}
		orgqr(got, tg)
		lapack64.Orgqr(want, tw, work, len(work))
		near("orgqr", cloneMat(got).Data, want.Data)
	}
}

// TestPotrf checks the recursive potrf against a naive Cholesky loop
// on strided views of orders around its base and its halves, and that a
// failing leading minor is named by its order in either half.
func TestPotrf(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 29))
	for _, n := range []int{1, 5, 32, 33, 64, 100, 257} {
		x := randomMatrix(r, n, n)
		spd := newMat(n, n+2) // a strided view, as a tile's copy is not
		spd.Cols = n
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, mat(x), mat(x), 0, spd)
		for i := range n {
			spd.Data[i*spd.Stride+i] += float64(n)
		}
		want := make([]float64, n*n) // the naive loop, column by column
		for j := range n {
			for i := j; i < n; i++ {
				v := spd.Data[i*spd.Stride+j]
				for p := range j {
					v -= want[i*n+p] * want[j*n+p]
				}
				if i == j {
					want[i*n+j] = math.Sqrt(v)
				} else {
					want[i*n+j] = v / want[j*n+j]
				}
			}
		}
		got := cloneMat(spd)
		got.Stride, got.Data = spd.Stride, slices.Clone(spd.Data)
		if k := potrf(got); k != 0 {
			t.Fatalf("potrf of a positive definite %d×%d: fails at %d", n, n, k)
		}
		for i := range n {
			for j := range i + 1 {
				if g, w := got.Data[i*got.Stride+j], want[i*n+j]; math.Abs(g-w) > 1e-12*math.Abs(w)+1e-14 {
					t.Fatalf("potrf %d×%d: L[%d][%d] = %v, the naive loop's %v", n, n, i, j, g, w)
				}
			}
		}
		for _, bad := range []int{1, n/2 + 1, n} { // the leading minor of order bad is not positive definite
			a := cloneMat(spd)
			a.Data[(bad-1)*a.Stride+bad-1] = -1
			if k := potrf(a); k != bad {
				t.Errorf("potrf %d×%d with a negative minor of order %d: %d", n, n, bad, k)
			}
		}
	}
}
