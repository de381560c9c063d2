package array

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestPadStatAgainstNumPy(t *testing.T) {
	r := rand.New(rand.NewSource(158))
	var checks []npCheck
	for it := range 30 {
		shape := nonEmptyShape(r, 1, 3, 200)
		dt := []chunk.DType{chunk.Int16, chunk.Int64, chunk.Uint8, chunk.Float32, chunk.Float64, chunk.Bool, chunk.Int8, chunk.Float16}[r.Intn(8)]
		d := randDense(r, dt, shape)
		x := FromDense(d, randSpec(r, shape))
		widths := make([][2]int, len(shape))
		py := "("
		for a := range widths {
			widths[a] = [2]int{r.Intn(4), r.Intn(4)}
			py += fmt.Sprintf("(%d, %d),", widths[a][0], widths[a][1])
		}
		py += ")"
		what := fmt.Sprintf("%d: %v %v chunks %v widths %v", it, dt, shape, x.Chunks(), widths)
		for _, m := range []PadMode{PadMean, PadMedian, PadMaximum, PadMinimum} {
			checks = append(checks, npCheck{what: m.String() + " " + what, expr: fmt.Sprintf("np.pad(a, %s, '%v')", py, m), in: []*chunk.Dense{d}, got: []*Array{x.Pad(widths, m, 0)}, tol: 1e-5})
		}
		end := float64(r.Intn(20) - 10)
		checks = append(checks, npCheck{what: "linear_ramp " + what, expr: fmt.Sprintf("np.pad(a, %s, 'linear_ramp', end_values=%v)", py, end), in: []*chunk.Dense{d}, got: []*Array{x.Pad(widths, PadLinearRamp, end)}, tol: 1e-5})
	}
	runNumPy(t, checks)
	x := Ones([]int{0, 3}, chunk.Float64, nil)
	checkErrCases(t, []errCase{
		{"empty axis", x.Pad([][2]int{{1, 0}, {0, 0}}, PadMean, 0), []string{"pad", "empty axis 0"}},
		{"negative", x.Pad([][2]int{{0, 0}, {-1, 0}}, PadMaximum, 0), []string{"pad", "negative"}},
		{"mode", x.Pad([][2]int{{0, 0}, {1, 0}}, PadMinimum+1, 0), []string{"pad", "unsupported mode"}},
	})
}
