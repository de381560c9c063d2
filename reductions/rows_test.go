package reductions

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// TestFoldRowsMatchesRowByRow: whole rows folded into one output row
// (foldBatch with rows kept: pairwise for minima and maxima; and
// sumBatch, eight float64 rows a pass) agree with folding them one
// row at a time, and whole runs each folded into its own element agree
// with folding them one run at a time, for counts of rows and widths on
// both sides of shortRun and of the vector loops' sixteen, with NaN,
// infinities and signed zeros, and write nothing outside their output.
func TestFoldRowsMatchesRowByRow(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	specials := []float64{math.NaN(), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1)}
	for _, n := range []int{1, 7, 8, 15, 16, 17, 40, 100} {
		for count := 1; count <= 25 && count*n <= 1024; count++ {
			v := make([]float64, count*n)
			v32, i64, i32 := make([]float32, len(v)), make([]int64, len(v)), make([]int32, len(v))
			for i := range v {
				if v[i] = r.NormFloat64(); r.IntN(20) == 0 {
					v[i] = specials[r.IntN(len(specials))]
				}
				v32[i] = float32(v[i])
				i64[i], i32[i] = int64(r.IntN(2000)-1000), int32(r.IntN(2000)-1000)
			}
			checkRows(t, v, n, float64Folds)
			checkRows(t, v32, n, float32Folds)
			checkRows(t, i64, n, int64Folds)
			checkRows(t, i32, n, int32Folds)

			c := &compensated{d: make([]float64, n+2)}
			sumBatch(c, v, n, 1, false)
			want := make([]float64, n)
			for r := 0; r < len(v); r += n {
				vec.AddTo(want, v[r:r+n])
			}
			for i, w := range want {
				if g := c.d[i+1]; g != w && !(g != g && w != w) && math.Abs(g-w) > 1e-12*(1+math.Abs(w)) {
					t.Fatalf("sum of %d rows of %d: column %d is %v, row by row %v", count, n, i, g, w)
				}
			}
			if c.d[0] != 0 || c.d[n+1] != 0 {
				t.Fatalf("sum of %d rows of %d wrote outside its row", count, n)
			}
			checkRunSums(t, v, n)
			checkRunSums(t, v32, n)
		}
	}
}

func checkRows[T float32 | float64 | int64 | int32](t *testing.T, v []T, n int, f folds[T]) {
	t.Helper()
	same := func(a, b T) bool { // NaN equal to NaN, -0 unequal to +0
		if a != a && b != b {
			return true
		}
		return a == b && math.Signbit(float64(a)) == math.Signbit(float64(b))
	}
	for _, op := range []fold{foldSum, foldProd, foldMin, foldMax, foldNanMin, foldNanMax} {
		got, want := make([]T, n+2), make([]T, n)
		for i := range want {
			want[i] = T(i%3) - 1 // an earlier fold's values
			got[i+1] = want[i]
		}
		foldBatch(op, got, v, n, 1, false, newTileBuf(chunk.DTypeOf[T]()), f)
		for r := 0; r < len(v); r += n {
			f.row(op, want, v[r:r+n])
		}
		for i := range want {
			if !same(got[i+1], want[i]) {
				t.Fatalf("%T fold %d of %d rows of %d: column %d is %v, row by row %v", v, op, len(v)/n, n, i, got[i+1], want[i])
			}
		}
		if got[0] != 0 || got[n+1] != 0 {
			t.Fatalf("%T fold %d of %d rows of %d wrote outside its row", v, op, len(v)/n, n)
		}

		// The same values as runs, each folded into its own element.
		count := len(v) / n
		got, want = make([]T, count+2), make([]T, count)
		for i := range want {
			want[i] = T(i%3) - 1
			got[i+1] = want[i]
		}
		foldBatch(op, got, v, n, 1, true, newTileBuf(chunk.DTypeOf[T]()), f)
		for r := range want {
			want[r] = f.run(op, want[r], v[r*n:(r+1)*n])
		}
		for i := range want {
			if !same(got[i+1], want[i]) && !(op == foldSum || op == foldProd) || !near(got[i+1], want[i]) {
				t.Fatalf("%T fold %d of %d runs of %d: run %d is %v, one by one %v", v, op, count, n, i, got[i+1], want[i])
			}
		}
		if got[0] != 0 || got[count+1] != 0 {
			t.Fatalf("%T fold %d of %d runs of %d wrote outside its elements", v, op, count, n)
		}
	}
}

// near reports whether a and b agree to 1e-5 relative (float32 sums
// and products of runs shorter than shortRun are added in another order
// than foldRun's), NaN to NaN.
func near[T float32 | float64 | int64 | int32](a, b T) bool {
	x, y := float64(a), float64(b)
	return x == y || x != x && y != y || math.Abs(x-y) <= 1e-5*math.Abs(y)
}

// checkRunSums: the runs of n values of v summed each into its own
// element (sumBatch) agree with adding them one by one in float64.
func checkRunSums[T float32 | float64](t *testing.T, v []T, n int) {
	t.Helper()
	count := len(v) / n
	c := &compensated{d: make([]float64, count+2)}
	sumBatch(c, v, n, 1, true)
	for r := range count {
		w := 0.0
		for _, x := range v[r*n : (r+1)*n] {
			w += float64(x)
		}
		if g := c.d[r+1]; g != w && !(g != g && w != w) && math.Abs(g-w) > 1e-12*(1+math.Abs(w)) {
			t.Fatalf("%T sum of %d runs of %d: run %d is %v, added one by one %v", v, count, n, r, g, w)
		}
	}
	if c.d[0] != 0 || c.d[count+1] != 0 {
		t.Fatalf("%T sum of %d runs of %d wrote outside its elements", v, count, n)
	}
}
