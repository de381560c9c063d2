package vec

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// gemmShapes are the m, n, k of the tests: every combination of small
// sizes, and larger ones past the block sizes (k > gemmKC, m > gemmMC,
// n > gemmNC) and the parallel threshold (split by rows, or by columns
// when rows are few, or by ranges of a long k), none a multiple of a
// tile.
var gemmShapes = func() [][3]int {
	var s [][3]int
	small := []int{0, 1, 7, 33}
	for _, m := range small {
		for _, n := range small {
			for _, k := range small {
				s = append(s, [3]int{m, n, k})
			}
		}
	}
	return append(s, [3]int{257, 257, 257}, [3]int{257, 33, 300}, [3]int{7, 257, 33},
		[3]int{33, 7, 257}, [3]int{3, 4100, 5}, [3]int{250, 1, 513}, [3]int{1, 300, 7},
		[3]int{31, 700, 400}, [3]int{700, 31, 130},
		[3]int{13, 9, 2*gemmSplitK + 77}) // few rows and columns, a long k: gemmSplit
}()

// gemmScalars are the (alpha, beta) pairs: beta = 0 must ignore the NaNs
// the tests put in C, alpha = 0 must not read A and B.
var gemmScalars = [][2]float64{{1, 0}, {0.5, -1.5}, {-2, 1}, {0, 2}, {0, 0}}

// naiveGemm is the reference: the triple loop, summed in float64.
func naiveGemm[T float32 | float64](transA, transB bool, m, n, k int, alpha float64, a []T, lda int, b []T, ldb int, beta float64, c []T, ldc int) (want, bound []float64) {
	want, bound = make([]float64, m*n), make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s, abs float64
			for p := range k {
				ia, ib := i*lda+p, p*ldb+j
				if transA {
					ia = p*lda + i
				}
				if transB {
					ib = j*ldb + p
				}
				x, y := a[ia], b[ib]
				s += float64(x) * float64(y)
				abs += math.Abs(float64(x) * float64(y))
			}
			cv := float64(c[i*ldc+j])
			if beta == 0 {
				cv = 0
			}
			want[i*n+j] = alpha*s + beta*cv
			bound[i*n+j] = math.Abs(alpha)*abs + math.Abs(beta*cv)
		}
	}
	return want, bound
}

// gemmCase is one product's inputs: A and B with leading dimensions
// past their rows, C with a gap between rows and a guard tail, NaN where
// beta is 0.
type gemmCase[T float32 | float64] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c        []T
	lda, ldb, ldc  int
}

const gemmGuard = 5

func newGemmCase[T float32 | float64](rng *rand.Rand, transA, transB bool, shape [3]int, scalars [2]float64) gemmCase[T] {
	m, n, k := shape[0], shape[1], shape[2]
	g := gemmCase[T]{transA: transA, transB: transB, m: m, n: n, k: k, alpha: T(scalars[0]), beta: T(scalars[1])}
	fill := func(rows, cols int) ([]T, int) {
		ld := cols + 3
		x := make([]T, rows*ld+gemmGuard)
		for i := range x {
			x[i] = T(rng.Float64()*2 - 1)
		}
		return x, ld
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	g.a, g.lda = fill(ar, ac)
	g.b, g.ldb = fill(br, bc)
	g.c, g.ldc = fill(m, n)
	if g.beta == 0 {
		for i := range m {
			for j := range n {
				g.c[i*g.ldc+j] = T(math.NaN())
			}
		}
	}
	return g
}

func (g gemmCase[T]) run(gemm func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error) ([]T, error) {
	c := append([]T(nil), g.c...)
	err := gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, c, g.ldc)
	return c, err
}

func (g gemmCase[T]) String() string {
	return fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d alpha=%v beta=%v", g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.beta)
}

// check compares got with the naive product: each element within
// (k+2)·eps of the sum of its terms' magnitudes, and C's elements
// outside the m×n window untouched.
func (g gemmCase[T]) check(t *testing.T, level int, got []T, want, bound []float64, eps float64) {
	t.Helper()
	bad := 0
	for i := range got {
		r, j := i/g.ldc, i%g.ldc
		if r >= g.m || j >= g.n {
			if got[i] != g.c[i] {
				t.Errorf("level %d %v: element %d outside C changed from %v to %v", level, g, i, g.c[i], got[i])
				return
			}
			continue
		}
		w, tol := want[r*g.n+j], float64(g.k+2)*eps*bound[r*g.n+j]
		if d := math.Abs(float64(got[i]) - w); !(d <= tol) {
			if bad++; bad <= 3 {
				t.Errorf("level %d %v: C[%d,%d] = %v, want %v ± %.3g", level, g, r, j, got[i], w, tol)
			}
		}
	}
}

// testGemm runs every shape, transpose and scalar pair on every kernel
// this CPU has, against the naive loop, and checks that every kernel
// gives the bits of the pure-Go twin (float64) or is within one float32
// rounding of them.
func testGemm[T float32 | float64](t *testing.T, gemm func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error, eps float64) {
	defer func() { gemmLevel = maxGemmLevel }()
	// Three goroutines for the large shapes, whatever the machine.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	rng := rand.New(rand.NewPCG(1, 2))
	for _, shape := range gemmShapes {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			for _, sc := range gemmScalars {
				g := newGemmCase[T](rng, tr[0], tr[1], shape, sc)
				var twin []T
				want, bound := naiveGemm(g.transA, g.transB, g.m, g.n, g.k, float64(g.alpha), g.a, g.lda, g.b, g.ldb, float64(g.beta), g.c, g.ldc)
				for level := 0; level <= maxGemmLevel; level++ {
					gemmLevel = level
					got, err := g.run(gemm)
					if err != nil {
						t.Fatalf("level %d %v: %v", level, g, err)
					}
					g.check(t, level, got, want, bound, eps)
					if level == 0 {
						twin = got
						continue
					}
					for i := range got {
						d := math.Abs(float64(got[i]) - float64(twin[i]))
						if eps == 0x1p-52 && d != 0 || d > 2*eps*math.Abs(float64(twin[i])) {
							t.Fatalf("level %d %v: element %d is %v, the pure-Go twin's %v", level, g, i, got[i], twin[i])
						}
					}
				}
			}
		}
	}
}

func TestGemmFloat64(t *testing.T) { testGemm(t, GemmFloat64, 0x1p-52) }

func TestGemmFloat32(t *testing.T) { testGemm(t, GemmFloat32, 0x1p-23) }

func TestGemmBadInput(t *testing.T) {
	a := make([]float64, 12)
	for _, tc := range []struct {
		name                string
		transA              bool
		m, n, k, lda, ldb   int
		ldc, lenA, lenB, lc int
	}{
		{"negative m", false, -1, 2, 2, 2, 2, 2, 12, 12, 12},
		{"lda < k", false, 3, 2, 4, 3, 2, 2, 12, 12, 12},
		{"lda < m when transposed", true, 4, 2, 2, 3, 2, 2, 12, 12, 12},
		{"ldc < n", false, 2, 3, 2, 2, 3, 2, 12, 12, 12},
		{"short A", false, 3, 2, 4, 4, 2, 2, 11, 12, 12},
		{"short C", false, 3, 4, 2, 2, 4, 4, 12, 12, 11},
	} {
		c := make([]float64, tc.lc)
		err := GemmFloat64(tc.transA, false, tc.m, tc.n, tc.k, 1, a[:tc.lenA], tc.lda, a[:tc.lenB], tc.ldb, 0, c, tc.ldc)
		if !errors.Is(err, errGemmShape) {
			t.Errorf("%s: got %v, want a gemm shape error", tc.name, err)
		}
		for _, v := range c {
			if v != 0 {
				t.Fatalf("%s: C was written", tc.name)
			}
		}
	}
}

// BenchmarkGemm reports GFLOP/s of square products and a tall-skinny
// one, with the kernel this CPU selects.
func BenchmarkGemm(b *testing.B) {
	for _, s := range [][3]int{{500, 500, 500}, {1000, 1000, 1000}, {100000, 100, 100}} {
		m, n, k := s[0], s[1], s[2]
		b.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(b *testing.B) {
			x, y, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
			for i := range x {
				x[i] = float64(i%7) - 3
			}
			for i := range y {
				y[i] = float64(i%5) - 2
			}
			for b.Loop() {
				GemmFloat64(false, false, m, n, k, 1, x, k, y, n, 0, c, n)
			}
			b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkGemmKernel reports GFLOP/s of each micro-kernel on one packed
// kc = gemmKC step of cache-resident panels: the ceiling of the GEMM.
func BenchmarkGemmKernel(b *testing.B) {
	for level := 0; level <= maxGemmLevel; level++ {
		benchKernel(b, "float64", gemmKernelsF64[level])
		benchKernel(b, "float32", gemmKernelsF32[level])
	}
}

func benchKernel[T float32 | float64](b *testing.B, name string, kern gemmKernel[T]) {
	b.Run(fmt.Sprintf("%s-%dx%d", name, kern.mr, kern.nr), func(b *testing.B) {
		pa, pb := make([]T, gemmKC*kern.mr), make([]T, gemmKC*kern.nr)
		c := make([]T, kern.mr*kern.nr)
		for b.Loop() {
			kern.run(gemmKC, pa, pb, c, kern.nr, kern.mr, 1, 1)
		}
		b.ReportMetric(2*float64(gemmKC*kern.mr*kern.nr)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}

// BenchmarkGemmSkinny reports GFLOP/s of the products of a randomized
// SVD's power iterations: a 10000×2000 chunk times a 2000×30 matrix, and
// the chunk transposed times a 10000×30 one.
func BenchmarkGemmSkinny(b *testing.B) {
	const rows, cols, k = 10000, 2000, 30
	x, y, c := make([]float64, rows*cols), make([]float64, rows*k), make([]float64, rows*k)
	for i := range x {
		x[i] = float64(i%7) - 3
	}
	for _, transA := range []bool{false, true} {
		m, inner := rows, cols
		if transA {
			m, inner = cols, rows
		}
		b.Run(fmt.Sprintf("transA=%v", transA), func(b *testing.B) {
			for b.Loop() {
				GemmFloat64(transA, false, m, k, inner, 1, x, cols, y, k, 0, c, k)
			}
			b.ReportMetric(2*float64(m*k*inner)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// TestGemmEdgesAllocateNothing checks that products with partial tiles
// at their edges allocate (nearly) nothing once the packing buffers are
// pooled: an edge tile on the heap per call made TSQR's many skinny
// products leave hundreds of MB of garbage.
func TestGemmEdgesAllocateNothing(t *testing.T) {
	const m, n, k = 29, 19, 37 // no multiple of any tile
	a, b, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
	run := func() {
		if err := GemmFloat64(false, false, m, n, k, 1, a, k, b, n, 0, c, n); err != nil {
			t.Fatal(err)
		}
	}
	run()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 100 {
		run()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 100; per > 1024 {
		t.Errorf("a %d×%d×%d product allocates %d bytes", m, n, k, per)
	}
}

// TestGemmSplitIndependentOfGoroutines checks that a product split by
// ranges of k (gemmSplit) gives the same bits on one goroutine as on
// several, and the same for a triangle as for the whole of C.
func TestGemmSplitIndependentOfGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	rng := rand.New(rand.NewPCG(3, 4))
	n, k := 40, 3*gemmSplitK+5
	a := make([]float64, k*n)
	for i := range a {
		a[i] = rng.Float64() - 0.5
	}
	run := func(procs int, tri bool) []float64 {
		runtime.GOMAXPROCS(procs)
		c := make([]float64, n*n)
		var err error
		if tri {
			err = GemmTriFloat64(false, true, false, n, k, 1, a, n, a, n, 0, c, n)
		} else {
			err = GemmFloat64(true, false, n, n, k, 1, a, n, a, n, 0, c, n)
		}
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	one, three, upper := run(1, false), run(3, false), run(3, true)
	for i := range one {
		if one[i] != three[i] {
			t.Fatalf("element %d: %v on one goroutine, %v on three", i, one[i], three[i])
		}
		if r, j := i/n, i%n; j >= r && upper[i] != one[i] {
			t.Fatalf("element %d: %v in the upper triangle, %v in the whole", i, upper[i], one[i])
		}
	}
}
