package array

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

// float16 arrays compute in float32 and round each result, as NumPy's
// float16 loops do: elementwise results match NumPy's to the bit (up to
// its float32 math library), result dtypes follow NumPy 1.24, and
// reductions and scans give float16 like NumPy's.
func TestFloat16AgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(1616))
	var checks []npCheck
	for it := range 12 {
		shape := randShape(r, 1, 3, 120)
		spec := randSpec(r, shape)
		ad, bd := randDense(r, chunk.Float16, shape), randDense(r, chunk.Float16, shape)
		cd, ed := randDense(r, chunk.Int8, shape), randDense(r, chunk.Int16, shape)
		fd, gd := finiteDense(r, chunk.Float16, shape), randDense(r, chunk.Float32, shape)
		a, b, c, e := FromDense(ad, spec), FromDense(bd, randSpec(r, shape)), FromDense(cd, randSpec(r, shape)), FromDense(ed, spec)
		f, g := FromDense(fd, randSpec(r, shape)), FromDense(gd, spec)
		in := []*chunk.Dense{ad, bd, cd, fd, ed, gd} // a b c d e f in the expressions
		ax := r.Intn(len(shape))
		what := fmt.Sprintf("%d: %v chunks %v", it, shape, a.Chunks())
		add := func(expr string, tol float64, got *Array) {
			checks = append(checks, npCheck{what: expr + " " + what, expr: expr, in: in, got: []*Array{got}, tol: tol})
		}
		add("a + b", 0, a.Add(b))
		add("a * b - b", 0, a.Mul(b).Sub(b))
		add("a / b", 0, a.Div(b))
		add("a + 1.5", 0, a.Add(1.5))
		add("a * 3", 0, a.Mul(3))
		add("a ** 2", 0, a.Pow(2))
		add("-abs(a)", 0, a.Abs().Neg())
		add("np.sqrt(a)", 2e-3, a.Sqrt())
		add("np.exp(b)", 2e-3, b.Exp())
		add("np.sin(a)", 2e-3, a.Sin())
		add("np.sqrt(c)", 2e-3, c.Sqrt())
		add("a + c", 0, a.Add(c))
		add("a + e", 0, a.Add(e))
		add("a * f", 0, a.Mul(g))
		add("a > b", 0, a.Gt(b))
		add("np.isnan(a)", 0, a.IsNaN())
		add("np.where(a > b, a, b)", 0, Where(a.Gt(b), a, b))
		add("np.maximum(a, 0.25)", 0, a.Maximum(0.25))
		add("a.astype(np.float32)", 0, a.AsType(chunk.Float32))
		add("f.astype(np.float16)", 0, g.AsType(chunk.Float16))
		add("c.astype(np.float16)", 0, c.AsType(chunk.Float16))
		add("d.astype(np.int32)", 0, f.AsType(chunk.Int32))
		add(fmt.Sprintf("d.sum(axis=%d)", ax), 4e-3, f.Sum(Axis(ax)))
		add("d.max()", 0, f.Max())
		add(fmt.Sprintf("a.min(axis=%d)", ax), 0, a.Min(Axis(ax)))
		add(fmt.Sprintf("d.mean(axis=%d)", ax), 2e-3, f.Mean(Axis(ax)))
		add("d.std()", 5e-3, f.Std())
		add("np.nansum(d)", 4e-3, f.NanSum())
		add(fmt.Sprintf("d.argmax(axis=%d)", ax), 0, f.ArgMax(Axis(ax)))
		add(fmt.Sprintf("np.cumsum(d, axis=%d)", ax), 4e-3, f.CumSum(ax))
		add(fmt.Sprintf("np.flip(a, %d)", ax), 0, a.Flip(ax))
		add("np.transpose(a)", 0, a.Transpose())
		add(fmt.Sprintf("np.concatenate([a, b], %d)", ax), 0, Concatenate([]*Array{a, b}, ax))
		add("a[..., ::2]", 0, a.Index(Ellipsis(), S(None, None, 2)))
		add("np.dot(d.ravel(), d.ravel())", 2e-3, f.Ravel().Dot(f.Ravel()))
		add("np.outer(d.ravel(), d.ravel()[::-1])", 0, MatMul(f.Ravel().Reshape(-1, 1), f.Ravel().Flip(0).Reshape(1, -1)))
		if n := chunk.Prod(shape); n >= 2 {
			add("np.sort(d.ravel())[::-1][:2]", 0, f.Ravel().TopK(2, 0))
		}
	}
	runNumPy(t, checks)
}
