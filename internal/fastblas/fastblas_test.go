package fastblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"
)

// TestDgemmGonumSuite runs gonum's own Dgemm tests on Implementation.
func TestDgemmGonumSuite(t *testing.T) { testblas.TestDgemm(t, Implementation{}) }

// TestGemmMatchesGonum compares Dgemm and Sgemm with gonum's on random
// strided products of every transpose, past the block sizes.
func TestGemmMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range [][3]int{{1, 1, 1}, {5, 300, 270}, {300, 5, 17}, {130, 129, 260}} {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				name := fmt.Sprintf("%c%c %dx%dx%d", tA, tB, m, n, k)
				ar, ac, br, bc := m, k, k, n
				if tA != blas.NoTrans {
					ar, ac = k, m
				}
				if tB != blas.NoTrans {
					br, bc = n, k
				}
				lda, ldb, ldc := ac+2, bc+1, n+3
				a, b, c := random(rng, ar*lda), random(rng, br*ldb), random(rng, m*ldc)
				want := append([]float64(nil), c...)
				got := append([]float64(nil), c...)
				gonum.Implementation{}.Dgemm(tA, tB, m, n, k, 0.7, a, lda, b, ldb, -1.3, want, ldc)
				Implementation{}.Dgemm(tA, tB, m, n, k, 0.7, a, lda, b, ldb, -1.3, got, ldc)
				for i := range got {
					if math.Abs(got[i]-want[i]) > 1e-12*float64(k) {
						t.Fatalf("Dgemm %s: element %d is %v, gonum's %v", name, i, got[i], want[i])
					}
				}
				a32, b32, c32 := single(a), single(b), single(c)
				want32 := append([]float32(nil), c32...)
				gonum.Implementation{}.Sgemm(tA, tB, m, n, k, 0.7, a32, lda, b32, ldb, -1.3, want32, ldc)
				Implementation{}.Sgemm(tA, tB, m, n, k, 0.7, a32, lda, b32, ldb, -1.3, c32, ldc)
				for i := range c32 {
					if math.Abs(float64(c32[i]-want32[i])) > 1e-5*float64(k) {
						t.Fatalf("Sgemm %s: element %d is %v, gonum's %v", name, i, c32[i], want32[i])
					}
				}
			}
		}
	}
}

// TestLevel3GonumSuite runs gonum's own Dtrsm and Dsyrk tests on
// Implementation.
func TestLevel3GonumSuite(t *testing.T) {
	testblas.DtrsmTest(t, Implementation{})
	testblas.DsyrkTest(t, Implementation{})
}

// TestLevel3MatchesGonum compares Dtrsm, Dsyrk and Ssyrk with gonum's on
// strided random matrices larger than the recursion's base (and B of
// more rows than trsmRightInv takes at once), in every
// side, triangle, transpose and diagonal.
func TestLevel3MatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	near := func(name string, got, want []float64, tol float64) {
		t.Helper()
		for i := range got {
			if math.Abs(got[i]-want[i]) > tol*(1+math.Abs(want[i])) {
				t.Fatalf("%s: element %d is %v, gonum's %v", name, i, got[i], want[i])
			}
		}
	}
	for _, s := range [][2]int{{1, 1}, {250, 37}, {37, 250}, {193, 201}, {600, 45}} {
		m, n := s[0], s[1]
		for _, side := range []blas.Side{blas.Left, blas.Right} {
			k := m
			if side == blas.Right {
				k = n
			}
			lda, ldb := k+3, n+2
			// A well-conditioned triangle: a dominant diagonal, and a
			// unit one whose other entries are small.
			a := random(rng, k*lda)
			for i := range a {
				a[i] /= float64(k)
			}
			for i := range k {
				a[i*lda+i] = 1 + rng.Float64()
			}
			b := random(rng, m*ldb)
			for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
				for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					for _, d := range []blas.Diag{blas.NonUnit, blas.Unit} {
						want, got := append([]float64(nil), b...), append([]float64(nil), b...)
						gonum.Implementation{}.Dtrsm(side, ul, tA, d, m, n, 0.7, a, lda, want, ldb)
						Implementation{}.Dtrsm(side, ul, tA, d, m, n, 0.7, a, lda, got, ldb)
						near(fmt.Sprintf("Dtrsm %c%c%c%c %dx%d", side, ul, tA, d, m, n), got, want, 1e-12)
					}
				}
			}
		}
		for _, ul := range []blas.Uplo{blas.Lower, blas.Upper} {
			for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				ar, ac := m, n
				if tA == blas.Trans {
					ar, ac = n, m
				}
				lda, ldc := ac+1, m+4
				a, c := random(rng, ar*lda), random(rng, m*ldc)
				want, got := append([]float64(nil), c...), append([]float64(nil), c...)
				gonum.Implementation{}.Dsyrk(ul, tA, m, n, 0.7, a, lda, -1.3, want, ldc)
				Implementation{}.Dsyrk(ul, tA, m, n, 0.7, a, lda, -1.3, got, ldc)
				near(fmt.Sprintf("Dsyrk %c%c %dx%d", ul, tA, m, n), got, want, 1e-12*float64(n))
				a32, want32, got32 := single(a), single(c), single(c)
				gonum.Implementation{}.Ssyrk(ul, tA, m, n, 0.7, a32, lda, -1.3, want32, ldc)
				Implementation{}.Ssyrk(ul, tA, m, n, 0.7, a32, lda, -1.3, got32, ldc)
				near(fmt.Sprintf("Ssyrk %c%c %dx%d", ul, tA, m, n), double(got32), double(want32), 1e-5*float64(n))
			}
		}
	}
}

func random(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

func single(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

func double(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// TestBadArgumentsPanicAsGonum checks that bad arguments panic with
// gonum's own message.
func TestBadArgumentsPanicAsGonum(t *testing.T) {
	x := make([]float64, 16)
	for _, tc := range []struct {
		name               string
		tA                 blas.Transpose
		m, n, k, lda, lenA int
	}{
		{"bad transpose", 'X', 2, 2, 2, 2, 16},
		{"negative m", blas.NoTrans, -1, 2, 2, 2, 16},
		{"short lda", blas.NoTrans, 2, 2, 3, 2, 16},
		{"short A", blas.NoTrans, 4, 2, 4, 4, 15},
	} {
		want := panicOf(func() {
			gonum.Implementation{}.Dgemm(tc.tA, blas.NoTrans, tc.m, tc.n, tc.k, 1, x[:tc.lenA], tc.lda, x, 2, 0, make([]float64, 16), 2)
		})
		got := panicOf(func() {
			Implementation{}.Dgemm(tc.tA, blas.NoTrans, tc.m, tc.n, tc.k, 1, x[:tc.lenA], tc.lda, x, 2, 0, make([]float64, 16), 2)
		})
		if want == nil || got != want {
			t.Errorf("%s: panic %v, gonum's %v", tc.name, got, want)
		}
	}
	big := make([]float64, 200*200)
	for _, tc := range []struct {
		name string
		f    func(blas.Float64)
	}{
		{"Dtrsm short lda", func(i blas.Float64) {
			i.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.NonUnit, 150, 150, 1, big, 100, big, 150)
		}},
		{"Dtrsm short B", func(i blas.Float64) {
			i.Dtrsm(blas.Left, blas.Lower, blas.NoTrans, blas.NonUnit, 150, 150, 1, big, 150, big[:100], 150)
		}},
		{"Dsyrk bad uplo", func(i blas.Float64) { i.Dsyrk('X', blas.NoTrans, 150, 150, 1, big, 150, 0, big, 150) }},
		{"Dsyrk short C", func(i blas.Float64) { i.Dsyrk(blas.Lower, blas.NoTrans, 150, 150, 1, big, 150, 0, big[:100], 150) }},
	} {
		want, got := panicOf(func() { tc.f(gonum.Implementation{}) }), panicOf(func() { tc.f(Implementation{}) })
		if want == nil || got != want {
			t.Errorf("%s: panic %v, gonum's %v", tc.name, got, want)
		}
	}
	big32 := make([]float32, 200*200)
	for _, tc := range []struct {
		name string
		f    func(blas.Float32)
	}{
		{"Ssyrk bad uplo", func(i blas.Float32) { i.Ssyrk('X', blas.NoTrans, 150, 150, 1, big32, 150, 0, big32, 150) }},
		{"Ssyrk short C", func(i blas.Float32) { i.Ssyrk(blas.Lower, blas.NoTrans, 150, 150, 1, big32, 150, 0, big32[:100], 150) }},
	} {
		want, got := panicOf(func() { tc.f(gonum.Implementation{}) }), panicOf(func() { tc.f(Implementation{}) })
		if want == nil || got != want {
			t.Errorf("%s: panic %v, gonum's %v", tc.name, got, want)
		}
	}
}

func panicOf(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// TestLapackOnFastGemm registers Implementation and runs gonum's own
// tests of the blocked factorizations, whose bulk is Dgemm.
func TestLapackOnFastGemm(t *testing.T) {
	Use()
	defer blas64.Use(gonum.Implementation{})
	defer blas32.Use(gonum.Implementation{})
	if _, ok := blas64.Implementation().(Implementation); !ok {
		t.Fatalf("blas64 uses %T after Use", blas64.Implementation())
	}
	if _, ok := blas32.Implementation().(Implementation); !ok {
		t.Fatalf("blas32 uses %T after Use", blas32.Implementation())
	}
	impl := lapackgonum.Implementation{}
	t.Run("Dgeqrf", func(t *testing.T) { testlapack.DgeqrfTest(t, impl) })
	t.Run("Dorgqr", func(t *testing.T) { testlapack.DorgqrTest(t, impl) })
	t.Run("Dpotrf", func(t *testing.T) { testlapack.DpotrfTest(t, impl) })
	t.Run("Dgetrf", func(t *testing.T) { testlapack.DgetrfTest(t, impl) })
	t.Run("Dgesvd", func(t *testing.T) { testlapack.DgesvdTest(t, impl, 1e-13) })
}

// BenchmarkLapack times gonum's Dgeqrf (QR of a tall 4000×500 matrix)
// and Dpotrf (Cholesky of a 2000² one) on gonum's BLAS and on
// Implementation.
func BenchmarkLapack(b *testing.B) {
	defer blas64.Use(gonum.Implementation{})
	rng := rand.New(rand.NewPCG(5, 6))
	impl := lapackgonum.Implementation{}
	const m, n, p = 4000, 500, 2000
	tall := random(rng, m*n)
	// spd = XᵀX + p·I is positive definite.
	x := random(rng, p*p)
	spd := make([]float64, p*p)
	gonum.Implementation{}.Dgemm(blas.Trans, blas.NoTrans, p, p, p, 1, x, p, x, p, 0, spd, p)
	for i := range p {
		spd[i*p+i] += p
	}
	for _, bl := range []struct {
		name string
		impl blas.Float64
	}{{"gonum", gonum.Implementation{}}, {"fastblas", Implementation{}}} {
		blas64.Use(bl.impl)
		b.Run("Dgeqrf-4000x500/"+bl.name, func(b *testing.B) {
			a, tau := make([]float64, m*n), make([]float64, n)
			work := make([]float64, 1)
			impl.Dgeqrf(m, n, a, n, tau, work, -1)
			work = make([]float64, int(work[0]))
			for b.Loop() {
				copy(a, tall)
				impl.Dgeqrf(m, n, a, n, tau, work, len(work))
			}
		})
		b.Run("Dpotrf-2000/"+bl.name, func(b *testing.B) {
			a := make([]float64, p*p)
			for b.Loop() {
				copy(a, spd)
				if !impl.Dpotrf(blas.Upper, p, a, p) {
					b.Fatal("not positive definite")
				}
			}
		})
	}
}
