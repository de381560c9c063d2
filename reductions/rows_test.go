package reductions

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/internal/vec"
)

// TestFoldRowsMatchesRowByRow: whole rows folded into one output row
// (foldShortRuns with rows kept: pairwise for minima and maxima; and
// sumShortRuns, eight float64 rows a pass) agree with folding them one
// row at a time, for counts of rows and widths on both sides of shortRun
// and of the vector loops' sixteen, with NaN, infinities and signed
// zeros, and write nothing outside their row.
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
			checkRows(t, v, n, foldFloatRow[float64])
			checkRows(t, v32, n, foldFloatRow[float32])
			checkRows(t, i64, n, foldInt64Row)
			checkRows(t, i32, n, foldSmallRow[int32])

			c := &compensated{d: make([]float64, n+2)}
			sumShortRuns(c, v, n, 1, false)
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
		}
	}
}

func checkRows[T float32 | float64 | int64 | int32](t *testing.T, v []T, n int, row func(op fold, d, v []T)) {
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
		foldShortRuns(op, got, v, n, 1, false, newTileBuf(chunk.DTypeOf[T]()), row)
		for r := 0; r < len(v); r += n {
			row(op, want, v[r:r+n])
		}
		for i := range want {
			if !same(got[i+1], want[i]) {
				t.Fatalf("%T fold %d of %d rows of %d: column %d is %v, row by row %v", v, op, len(v)/n, n, i, got[i+1], want[i])
			}
		}
		if got[0] != 0 || got[n+1] != 0 {
			t.Fatalf("%T fold %d of %d rows of %d wrote outside its row", v, op, len(v)/n, n)
		}
	}
}
