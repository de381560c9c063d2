package vec

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestGemmTriFloat64 checks on every kernel that GemmTriFloat64 gives
// GemmFloat64's bits on and below (or above) the diagonal and leaves C's
// other elements as they were, over odd square sizes past the block
// sizes and the parallel threshold, every transpose and scalar pair.
func TestGemmTriFloat64(t *testing.T) {
	defer func() { gemmLevel = maxGemmLevel }()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	rng := rand.New(rand.NewPCG(5, 6))
	for _, nk := range [][2]int{{0, 3}, {1, 1}, {7, 0}, {15, 33}, {33, 7}, {257, 300}, {300, 33}, {21, 2*gemmSplitK + 3}} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			for _, sc := range gemmScalars {
				g := newGemmCase[float64](rng, tr[0], tr[1], [3]int{nk[0], nk[0], nk[1]}, sc)
				for level := 0; level <= maxGemmLevel; level++ {
					gemmLevel = level
					full, err := g.run(GemmFloat64)
					if err != nil {
						t.Fatal(err)
					}
					for _, lower := range []bool{true, false} {
						got, err := g.run(func(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error {
							return GemmTriFloat64(lower, transA, transB, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
						})
						if err != nil {
							t.Fatal(err)
						}
						for i := range got {
							r, j := i/g.ldc, i%g.ldc
							in := r < g.n && j < g.n && (lower && j <= r || !lower && j >= r)
							want := g.c[i]
							if in {
								want = full[i]
							}
							if got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
								t.Fatalf("level %d lower=%v %v: C[%d,%d] = %v, want %v", level, lower, g, r, j, got[i], want)
							}
						}
					}
				}
			}
		}
	}
}
