package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// The small path's cases: every n up to one past the widest kernel of
// the level, every k up to 16 and a few past it (gemmSmallMaxK + 1 goes
// to the blocked GEMM), the sizes of m around the blocks of eight rows.
var (
	smallMs      = []int{0, 1, 2, 3, 7, 8, 9, 31, 1000}
	smallLongKs  = []int{17, 31, 64, 255, 256, 257}
	smallLongMs  = []int{1, 9, 31}
	smallScalars = [][2]float64{{1, 0}, {1, 1}, {1, 2.5}, {-0.5, 0}, {-0.5, 1}, {-0.5, 2.5}, {0, 0}, {0, 1}, {0, 2.5}}
)

// smallCase is one product of the small path's tests: A (m×k, lda = k+3),
// B (k×n, or n×k when transB; ldb one past its row) and C (m×n, ldc =
// n+2, and a guard tail), with NaN in C where beta is 0.
type smallCase[T float32 | float64] struct {
	transB        bool
	m, n, k       int
	alpha, beta   T
	a, b, c       []T
	lda, ldb, ldc int
}

func newSmallCase[T float32 | float64](rng *rand.Rand, transB bool, m, n, k int, sc [2]float64) smallCase[T] {
	g := smallCase[T]{transB: transB, m: m, n: n, k: k, alpha: T(sc[0]), beta: T(sc[1])}
	fill := func(rows, ld int) []T {
		x := make([]T, rows*ld+gemmGuard)
		for i := range x {
			x[i] = T(rng.Float64()*2 - 1)
		}
		return x
	}
	g.lda, g.ldc = k+3, n+2
	g.a = fill(m, g.lda)
	if transB {
		g.ldb = k + 1
		g.b = fill(n, g.ldb)
	} else {
		g.ldb = n + 1
		g.b = fill(k, g.ldb)
	}
	g.c = fill(m, g.ldc)
	if g.beta == 0 {
		for i := range m {
			for j := range n {
				g.c[i*g.ldc+j] = T(math.NaN())
			}
		}
	}
	return g
}

func (g smallCase[T]) String() string {
	return fmt.Sprintf("transB=%v m=%d n=%d k=%d alpha=%v beta=%v", g.transB, g.m, g.n, g.k, g.alpha, g.beta)
}

// bElem is B(p, j).
func (g smallCase[T]) bElem(p, j int) T {
	if g.transB {
		return g.b[j*g.ldb+p]
	}
	return g.b[p*g.ldb+j]
}

// naive is the reference: the triple loop summed in float64 (A and B
// not read when alpha is 0, C not read when beta is 0, as documented),
// and the sum of its terms' magnitudes.
func (g smallCase[T]) naive() (want, bound []float64) {
	want, bound = make([]float64, g.m*g.n), make([]float64, g.m*g.n)
	alpha, beta := float64(g.alpha), float64(g.beta)
	for i := range g.m {
		for j := range g.n {
			var s, abs float64
			if alpha != 0 {
				for p := range g.k {
					x := float64(g.a[i*g.lda+p]) * float64(g.bElem(p, j))
					s += x
					abs += math.Abs(x)
				}
			}
			cv := 0.0
			if beta != 0 {
				cv = float64(g.c[i*g.ldc+j])
			}
			want[i*g.n+j] = alpha*s + beta*cv
			bound[i*g.n+j] = math.Abs(alpha)*abs + math.Abs(beta*cv)
		}
	}
	return want, bound
}

// run returns C after f on a copy of it.
func (g smallCase[T]) run(f func(c []T)) []T {
	c := slices.Clone(g.c)
	f(c)
	return c
}

// check compares got with the naive product: NaN where it is NaN, the
// same infinity where it is infinite, else within (k+2)·eps of the sum
// of its terms' magnitudes (testGemm's tolerance); C's elements outside
// the m×n window untouched.
func (g smallCase[T]) check(t *testing.T, what string, got []T, want, bound []float64, eps float64) {
	t.Helper()
	bad := 0
	for i := range got {
		r, j := i/g.ldc, i%g.ldc
		if r >= g.m || j >= g.n {
			if math.Float64bits(float64(got[i])) != math.Float64bits(float64(g.c[i])) {
				t.Fatalf("%s %v: element %d outside C changed from %v to %v", what, g, i, g.c[i], got[i])
			}
			continue
		}
		w, v := want[r*g.n+j], float64(got[i])
		var ok bool
		switch {
		case math.IsNaN(w):
			ok = math.IsNaN(v)
		case math.IsInf(w, 0):
			ok = v == w
		default:
			ok = math.Abs(v-w) <= float64(g.k+2)*eps*bound[r*g.n+j]
		}
		if !ok {
			if bad++; bad <= 3 {
				t.Errorf("%s %v: C[%d,%d] = %v, want %v (bound %.3g)", what, g, r, j, got[i], w, bound[r*g.n+j])
			}
		}
	}
	if bad > 0 {
		t.FailNow()
	}
}

// sameGemmBits reports whether x and y hold the same bits, any NaN being
// the same as any other.
func sameGemmBits[T float32 | float64](x, y []T) bool {
	for i := range x {
		a, b := float64(x[i]), float64(y[i])
		if math.IsNaN(a) && math.IsNaN(b) {
			continue
		}
		if math.Float64bits(a) != math.Float64bits(b) {
			return false
		}
	}
	return true
}

// smallKernelTable returns the table of small kernels of level for T,
// and a function that replaces it.
func smallKernelTable[T float32 | float64](level int) ([]gemmSmallKernel[T], func([]gemmSmallKernel[T])) {
	if _, ok := any(T(0)).(float32); ok {
		return any(gemmSmallF32[level]).([]gemmSmallKernel[T]), func(ks []gemmSmallKernel[T]) {
			gemmSmallF32[level] = any(ks).([]gemmSmallKernel[float32])
		}
	}
	return any(gemmSmallF64[level]).([]gemmSmallKernel[T]), func(ks []gemmSmallKernel[T]) {
		gemmSmallF64[level] = any(ks).([]gemmSmallKernel[float64])
	}
}

// smallVariants returns the tables a level's tests run: its own and,
// where it differs, the one for a CPU without AVX-512VL.
func smallVariants[T float32 | float64](level int) [][]gemmSmallKernel[T] {
	own, _ := smallKernelTable[T](level)
	f64, f32 := gemmSmallTables(false)
	var noVL []gemmSmallKernel[T]
	if _, ok := any(T(0)).(float32); ok {
		noVL = any(f32[level]).([]gemmSmallKernel[T])
	} else {
		noVL = any(f64[level]).([]gemmSmallKernel[T])
	}
	for i := range own {
		if reflect.ValueOf(own[i].run).Pointer() != reflect.ValueOf(noVL[i].run).Pointer() {
			return [][]gemmSmallKernel[T]{own, noVL}
		}
	}
	return [][]gemmSmallKernel[T]{own}
}

// testGemmSmall runs the small path's cases on every kernel level of
// this CPU (and table: see smallVariants), through gemm (GemmFloat64 or
// GemmFloat32) and gemmSmall directly: each result is checked against
// the naive loop, and the small path's bits against those of
// gemmBlocked on the same level, which sums in the same order.
func testGemmSmall[T float32 | float64](t *testing.T, gemm func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error, eps float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	maxN := 0
	for level := 0; level <= maxGemmLevel; level++ {
		own, _ := smallKernelTable[T](level)
		maxN = max(maxN, len(own))
	}
	for n := 1; n <= maxN+1; n++ {
		for ki := 1; ki <= 16+len(smallLongKs); ki++ {
			k, ms := ki, smallMs
			if ki > 16 {
				k, ms = smallLongKs[ki-17], smallLongMs
			}
			for _, m := range ms {
				for _, transB := range []bool{false, true} {
					for _, sc := range smallScalars {
						g := newSmallCase[T](rng, transB, m, n, k, sc)
						onEveryLevel(t, g, gemm, eps)
					}
				}
			}
		}
	}
}

// onEveryLevel runs runSmallCase on every kernel level and table.
func onEveryLevel[T float32 | float64](t *testing.T, g smallCase[T], gemm func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error, eps float64) {
	t.Helper()
	defer func() { gemmLevel = maxGemmLevel }()
	want, bound := g.naive()
	for level := 0; level <= maxGemmLevel; level++ {
		gemmLevel = level
		own, set := smallKernelTable[T](level)
		for vi, table := range smallVariants[T](level) {
			set(table)
			func() {
				defer set(own)
				runSmallCase(t, fmt.Sprintf("level %d table %d", level, vi), g, want, bound, gemm, eps)
			}()
		}
	}
}

// runSmallCase checks one case: gemm against the naive loop, and, when
// a small kernel takes it, gemmSmall's bits against gemm's and
// gemmBlocked's.
func runSmallCase[T float32 | float64](t *testing.T, what string, g smallCase[T], want, bound []float64, gemm func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error, eps float64) {
	t.Helper()
	got := g.run(func(c []T) {
		if err := gemm(false, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, c, g.ldc); err != nil {
			t.Fatalf("%s %v: %v", what, g, err)
		}
	})
	g.check(t, what, got, want, bound, eps)
	if g.m == 0 || g.alpha == 0 {
		return // gemm returns before the small path
	}
	kernels := gemmSmallKernels[T]()
	takes := g.n <= len(kernels) && g.k <= kernels[g.n-1].maxK
	var took bool
	small := g.run(func(c []T) {
		took = gemmSmall(1, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, c, g.ldc)
	})
	if took != takes {
		t.Fatalf("%s %v: gemmSmall ran %v, its table says %v", what, g, took, takes)
	}
	if !took {
		return
	}
	blocked := g.run(func(c []T) {
		gemmBlocked(blockedKernel[T](gemmLevel), triangle{}, 1, false, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, c, g.ldc)
	})
	if !sameGemmBits(small, got) {
		t.Fatalf("%s %v: gemmSmall and gemm differ", what, g)
	}
	if !sameGemmBits(small, blocked) {
		t.Fatalf("%s %v: the small path's bits differ from gemmBlocked's", what, g)
	}
}

// blockedKernel returns the micro-kernel of gemmBlocked on level for T.
func blockedKernel[T float32 | float64](level int) gemmKernel[T] {
	if _, ok := any(T(0)).(float32); ok {
		return any(gemmKernelsF32[level]).(gemmKernel[T])
	}
	return any(gemmKernelsF64[level]).(gemmKernel[T])
}

func TestGemmSmallFloat64(t *testing.T) { testGemmSmall(t, GemmFloat64, 0x1p-52) }

func TestGemmSmallFloat32(t *testing.T) { testGemmSmall(t, GemmFloat32, 0x1p-23) }

// testGemmSmallSpecial puts NaN and infinities in A, B and C for every
// n and k of the small kernels on every level: C must be NaN or infinite
// where the naive loop is.
func testGemmSmallSpecial[T float32 | float64](t *testing.T, gemm func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error, eps float64) {
	rng := rand.New(rand.NewPCG(5, 6))
	inf, nan := T(math.Inf(1)), T(math.NaN())
	maxN := 0
	for level := 0; level <= maxGemmLevel; level++ {
		own, _ := smallKernelTable[T](level)
		maxN = max(maxN, len(own))
	}
	for n := 1; n <= maxN; n++ {
		for k := 1; k <= 16; k++ {
			for _, transB := range []bool{false, true} {
				for _, sc := range smallScalars {
					for _, m := range []int{9, 31} {
						g := newSmallCase[T](rng, transB, m, n, k, sc)
						// Row 1: a NaN; row 2: +Inf; row 4: +Inf and -Inf
						// (NaN unless the products cancel otherwise);
						// row 5: Inf times B's zero below; column n-1 of
						// B: an infinity; C (when read): an infinity in
						// row 7, a NaN in row 8.
						g.a[1*g.lda+rng.IntN(k)] = nan
						g.a[2*g.lda+rng.IntN(k)] = inf
						g.a[4*g.lda] = inf
						g.a[4*g.lda+k-1] = -inf
						g.a[5*g.lda+k-1] = inf
						zero, infB := k-1, rng.IntN(k)
						if transB {
							g.b[0*g.ldb+zero] = 0
							g.b[(n-1)*g.ldb+infB] = -inf
						} else {
							g.b[zero*g.ldb+0] = 0
							g.b[infB*g.ldb+n-1] = -inf
						}
						if g.beta != 0 {
							g.c[7*g.ldc+rng.IntN(n)] = inf
							g.c[8*g.ldc+rng.IntN(n)] = nan
						}
						onEveryLevel(t, g, gemm, eps)
					}
				}
			}
		}
	}
}

func TestGemmSmallSpecialFloat64(t *testing.T) { testGemmSmallSpecial(t, GemmFloat64, 0x1p-52) }

func TestGemmSmallSpecialFloat32(t *testing.T) { testGemmSmallSpecial(t, GemmFloat32, 0x1p-23) }

// TestGemmSmallParallel checks products large enough for gemm to split
// their rows between goroutines: the bits of the blocked GEMM's, on
// every level.
func TestGemmSmallParallel(t *testing.T) {
	defer func() { gemmLevel = maxGemmLevel }()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	rng := rand.New(rand.NewPCG(7, 8))
	for level := 0; level <= maxGemmLevel; level++ {
		gemmLevel = level
		for _, s := range [][3]int{{100003, 8, 8}, {100001, 3, 16}, {33333, 4, 64}} {
			m, n, k := s[0], s[1], s[2]
			if m*n*k < 2*gemmMinParallel {
				t.Fatalf("%v does not split", s)
			}
			what := fmt.Sprintf("level %d", level)
			g := newSmallCase[float64](rng, level == 1, m, n, k, [2]float64{-0.5, 2.5})
			want, bound := g.naive()
			runSmallCase(t, what, g, want, bound, GemmFloat64, 0x1p-52)
			g32 := newSmallCase[float32](rng, level != 1, m, n, k, [2]float64{1, 0})
			want, bound = g32.naive()
			runSmallCase(t, what, g32, want, bound, GemmFloat32, 0x1p-23)
		}
	}
}

// TestGemmSmallAllocatesNothing checks that the small path allocates
// nothing once its buffer is pooled.
func TestGemmSmallAllocatesNothing(t *testing.T) {
	const m, n, k = 1000, 3, 3
	a, b, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
	allocs := testing.AllocsPerRun(100, func() {
		if err := GemmFloat64(false, false, m, n, k, 1, a, k, b, n, 0, c, n); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("a %d×%d×%d product allocates %v times", m, n, k, allocs)
	}
}

// BenchmarkGemmSmall reports ns a row of C for tall products by small B
// on every kernel level: the small path and gemmBlocked, one goroutine.
func BenchmarkGemmSmall(b *testing.B) {
	defer func() { gemmLevel = maxGemmLevel }()
	const m = 250000
	for level := 0; level <= maxGemmLevel; level++ {
		for _, s := range [][2]int{{3, 3}, {6, 6}, {8, 8}, {3, 1}, {32, 8}, {256, 8}, {8, 16}} {
			k, n := s[0], s[1]
			benchSmall[float64](b, "float64", level, m, n, k)
			benchSmall[float32](b, "float32", level, m, n, k)
		}
	}
}

func benchSmall[T float32 | float64](b *testing.B, name string, level, m, n, k int) {
	x, y, c := make([]T, m*k), make([]T, k*n), make([]T, m*n)
	for i := range x {
		x[i] = T(i%7) - 3
	}
	for _, path := range []string{"small", "blocked"} {
		b.Run(fmt.Sprintf("%s/level=%d/%dx%d/%s", name, level, k, n, path), func(b *testing.B) {
			gemmLevel = level
			kern := blockedKernel[T](level)
			for b.Loop() {
				if path == "blocked" {
					gemmBlocked(kern, triangle{}, 1, false, false, m, n, k, 1, x, k, y, n, 0, c, n)
				} else if !gemmSmall(1, false, m, n, k, 1, x, k, y, n, 0, c, n) {
					b.Skip("no small kernel")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m), "ns/row")
		})
	}
}
