package vec

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// GemmFloat64 sets C = alpha·op(A)·op(B) + beta·C, where op(X) is X or,
// when its trans flag is set, Xᵀ; op(A) is m×k, op(B) is k×n and C is
// m×n. Every matrix is row-major with its own leading dimension: element
// (i, j) of A is a[i*lda+j] (A stored k×m when transA), likewise for B and
// C. With beta = 0, C is only written (NaNs in it are ignored); with
// alpha = 0 or k = 0, A and B are not read. A negative size, a leading
// dimension shorter than a row, or a slice too short for its matrix
// returns an error and leaves C untouched.
//
// The loops are GotoBLAS's: B is packed in panels of kc rows, A in blocks
// of mc×kc, both in strips of the micro-kernel's width, and an FMA
// micro-kernel (AVX-512 or AVX2 assembly on amd64, else its pure-Go twin
// gemmGo) computes each mr×nr tile of C; a product by a small B (A not
// transposed, up to 8 or 16 columns and gemmKC rows: see gemm_small.go)
// skips the packing and runs kernels one row of C wide instead.
// Every path sums each element's products in the same order with fused
// multiply-adds, so results do not depend on the path or on the number
// of goroutines. Large products are split between GOMAXPROCS
// goroutines; one of few rows and columns over a long k (a Gram matrix
// of tall data) by ranges of k, each summed apart and then added in
// order (gemmSplit).
func GemmFloat64(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error {
	return gemm(gemmKernelsF64[gemmLevel], triangle{}, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmFloat32 is GemmFloat64 for float32.
func GemmFloat32(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) error {
	return gemm(gemmKernelsF32[gemmLevel], triangle{}, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmAccelerated tells whether GemmFloat64 and GemmFloat32 run an
// assembly micro-kernel on this CPU. Without one (other architectures,
// old CPUs, -tags noasm) they run the pure-Go twin, which is a reference
// and slower than gonum's Dgemm.
func GemmAccelerated() bool { return gemmLevel > 0 }

// gemmKernel is a micro-kernel and its tile: run sets the mr×nr tile of
// C at c (row stride ldc) to alpha·Σₚ a[p*astep+i]·b[p*nr+j] + beta·c
// for p < kc, where b holds kc packed rows and a kc rows of mr elements,
// astep apart (mr when packed); beta = 0 ignores c's values. rows is
// the same with a[i*lda+p] for A's elements: mr rows of an unpacked A.
type gemmKernel[T float32 | float64] struct {
	mr, nr int
	run    func(kc int, a, b, c []T, ldc, astep int, alpha, beta T)
	rows   func(kc int, a, b, c []T, ldc, lda int, alpha, beta T)
}

// The block sizes, in elements: a packed strip of B (kc×nr, 32 KiB for
// both AVX-512 kernels) stays in the 48 KiB L1 while the strips of A's
// mc×kc block stream from L2; nc bounds the packed B panel.
const (
	gemmKC = 256
	gemmMC = 240
	gemmNC = 4096
)

// gemmDirectStrips is the number of B's strips up to which A is read in
// place rather than packed (its full strips of mr rows): packing costs
// more than the few strips reusing it save.
const gemmDirectStrips = 2

// gemmDirectTriStrips is gemmDirectStrips for a triangle (A·Aᵀ, where A
// and B are one matrix): A's rows were just read to pack B's panel, and
// a few strips of them are still in the cache (a Gram matrix of 40
// columns: 10% faster than packing them again).
const gemmDirectTriStrips = 4

// gemmMinParallel is the number of multiply-adds below which a product
// runs on one goroutine.
const gemmMinParallel = 1 << 21

var errGemmShape = errors.New("vec: gemm")

func gemm[T float32 | float64](kern gemmKernel[T], tri triangle, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error {
	if m < 0 || n < 0 || k < 0 {
		return fmt.Errorf("%w: negative size m=%d n=%d k=%d", errGemmShape, m, n, k)
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	if err := checkMatrix("A", a, ar, ac, lda); err != nil {
		return err
	}
	if err := checkMatrix("B", b, br, bc, ldb); err != nil {
		return err
	}
	if err := checkMatrix("C", c, m, n, ldc); err != nil {
		return err
	}
	if m == 0 || n == 0 {
		return nil
	}
	if alpha == 0 || k == 0 {
		for i := range m {
			lo, hi := tri.span(0, 0, i, n)
			row := c[i*ldc+lo : i*ldc+hi]
			if beta == 0 {
				clear(row)
				continue
			}
			for j := range row {
				row[j] *= beta
			}
		}
		return nil
	}
	if m*n <= gemmSplitMN && k >= 2*gemmSplitK {
		gemmSplit(kern, tri, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return nil
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, m*n*k/gemmMinParallel))
	// A small B: kernels one row of C wide, no packing (not for a
	// triangle, whose C is square and so as small as B).
	if !transA && !tri.lower && !tri.upper && gemmSmall(workers, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		return nil
	}
	gemmBlocked(kern, tri, workers, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	return nil
}

// A product of at most gemmSplitMN elements of C over a k of at least
// twice gemmSplitK (a Gram matrix of tall data) sums its ranges of
// gemmSplitK separately (gemmSplit).
const (
	gemmSplitK  = 32 * gemmKC
	gemmSplitMN = 128 * 128
)

// gemmSplit is gemm for a product of few rows and columns over a long k:
// each range of gemmSplitK of k is multiplied into a C of its own by one
// goroutine, on up to GOMAXPROCS, and the ranges' products are then
// added to beta·C in order, so the result does not depend on the number
// of goroutines. Splitting each kc panel between the goroutines instead
// (gemmBlocked) would make them meet once per panel, which its few
// products do not pay for.
func gemmSplit[T float32 | float64](kern gemmKernel[T], tri triangle, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	ranges := (k + gemmSplitK - 1) / gemmSplitK
	parts, release := packBuffer[T](ranges * m * n)
	defer release()
	parallel(runtime.GOMAXPROCS(0), ranges, func(_, r int) {
		lo := r * gemmSplitK
		ao, bo := lo, lo*ldb // A(i, p) is a[i*lda+p], B(p, j) b[p*ldb+j]
		if transA {
			ao = lo * lda
		}
		if transB {
			bo = lo
		}
		gemmBlocked(kern, tri, 1, transA, transB, m, n, min(gemmSplitK, k-lo), alpha, a[ao:], lda, b[bo:], ldb, 0, parts[r*m*n:(r+1)*m*n], n)
	})
	for i := range m {
		lo, hi := tri.span(0, 0, i, n)
		for j := lo; j < hi; j++ {
			var s T
			if beta != 0 {
				s = beta * c[i*ldc+j]
			}
			for r := range ranges {
				s += parts[r*m*n+i*n+j]
			}
			c[i*ldc+j] = s
		}
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// checkMatrix checks that x holds a rows×cols matrix with leading
// dimension ld.
func checkMatrix[T float32 | float64](name string, x []T, rows, cols, ld int) error {
	if ld < max(1, cols) {
		return fmt.Errorf("%w: leading dimension of %s is %d, less than its %d columns", errGemmShape, name, ld, cols)
	}
	if rows > 0 && cols > 0 && len(x) < (rows-1)*ld+cols {
		return fmt.Errorf("%w: %s has %d elements, a %d×%d matrix with leading dimension %d needs %d", errGemmShape, name, len(x), rows, cols, ld, (rows-1)*ld+cols)
	}
	return nil
}

// gemmPoolF64 and gemmPoolF32 hold gemmSerial's packing buffers.
var gemmPoolF64, gemmPoolF32 sync.Pool

// packBuffer returns a buffer of n elements from T's pool and a function
// that puts it back.
func packBuffer[T float32 | float64](n int) ([]T, func()) {
	pool := &gemmPoolF64
	if _, ok := any(T(0)).(float32); ok {
		pool = &gemmPoolF32
	}
	buf, _ := pool.Get().(*[]T)
	if buf == nil || cap(*buf) < n {
		b := make([]T, n)
		buf = &b
	}
	return (*buf)[:n], func() { pool.Put(buf) }
}

// gemmBlocked is gemm for m, n, k > 0 and alpha ≠ 0 on up to workers
// goroutines. For each kc×nc panel of B, the goroutines first pack its
// strips, then take blocks of C's rows (and, when there are few rows,
// parts of its columns) in turn, each packing its block of A into a
// buffer of its own: goroutines that the OS slows down take fewer
// blocks.
func gemmBlocked[T float32 | float64](kern gemmKernel[T], tri triangle, workers int, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	mr, nr := kern.mr, kern.nr
	// Rows in blocks of at most gemmMC, as many for each goroutine;
	// columns in parts when there is one block.
	blocks := (m + gemmMC - 1) / gemmMC
	if blocks > 1 {
		blocks = roundUp(blocks, workers)
	}
	mc := roundUp((m+blocks-1)/blocks, mr)
	blocks = (m + mc - 1) / mc
	nc := min(gemmNC/nr*nr, roundUp(n, nr))
	kc := min(gemmKC, k)
	parts := max(1, min(workers/blocks, nc/nr))
	// The buffer: B's panel, then each goroutine's block of A and its
	// tile for C's edges.
	buf, release := packBuffer[T](kc*nc + workers*(mc*kc+gemmMaxTile))
	defer release()
	packedB := buf[:kc*nc]
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		strips := (nb + nr - 1) / nr
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			// B(p, j) is b[p*ldb+j], or b[j*ldb+p] when transposed;
			// eight strips per task.
			parallel(workers, (strips+7)/8, func(_, t int) {
				j := t * 8 * nr
				w := min(8*nr, nb-j)
				if transB {
					pack(packedB[j*kb:], b[(jc+j)*ldb+pc:], ldb, false, w, kb, nr)
				} else {
					pack(packedB[j*kb:], b[pc*ldb+jc+j:], ldb, true, w, kb, nr)
				}
			})
			bt := beta
			if pc > 0 {
				bt = 1
			}
			parallel(workers, blocks*parts, func(worker, t int) {
				edge := buf[kc*nc+workers*mc*kc+worker*gemmMaxTile:][:gemmMaxTile]
				ic := t / parts * mc
				mb := min(mc, m-ic)
				// Part t%parts of the strips.
				per := (strips + parts - 1) / parts
				j0 := min(nb, t%parts*per*nr)
				j1 := min(nb, j0+per*nr)
				tri := tri
				tri.diag = ic - jc - j0
				direct := 0 // rows read in place
				if strips <= gemmDirectStrips || (tri.lower || tri.upper) && strips <= gemmDirectTriStrips {
					direct = mb / mr * mr
					if transA {
						gemmMacro(kern, direct, j1-j0, kb, alpha, a[pc*lda+ic:], 1, lda, false, packedB[j0*kb:], bt, c[ic*ldc+jc+j0:], ldc, edge, tri)
					} else {
						gemmMacro(kern, direct, j1-j0, kb, alpha, a[ic*lda+pc:], lda, lda, true, packedB[j0*kb:], bt, c[ic*ldc+jc+j0:], ldc, edge, tri)
					}
				}
				if direct == mb {
					return
				}
				ic, mb = ic+direct, mb-direct
				tri.diag += direct
				packedA := buf[kc*nc+worker*mc*kc:][:roundUp(mb, mr)*kb]
				if transA {
					pack(packedA, a[pc*lda+ic:], lda, true, mb, kb, mr)
				} else {
					pack(packedA, a[ic*lda+pc:], lda, false, mb, kb, mr)
				}
				gemmMacro(kern, mb, j1-j0, kb, alpha, packedA, kb, mr, false, packedB[j0*kb:], bt, c[ic*ldc+jc+j0:], ldc, edge, tri)
			})
		}
	}
}

// parallel calls f(worker, t) for every task t < tasks on up to workers
// goroutines (worker < workers tells which), each taking the next task
// when done with one; with one worker it runs them in order here.
func parallel(workers, tasks int, f func(worker, t int)) {
	workers = min(workers, tasks)
	if workers <= 1 {
		for t := range tasks {
			f(0, t)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for t := int(next.Add(1)) - 1; t < tasks; t = int(next.Add(1)) - 1 {
				f(w, t)
			}
		})
	}
	wg.Wait()
}

// pack copies a count×kb panel of a matrix into dst, in strips of w:
// strip s holds, for each p < kb, elements s*w … s*w+w-1 of row p
// (zero past count). Element (i, p) of the panel is src[p*ld+i] when
// contiguous, else src[i*ld+p].
func pack[T float32 | float64](dst, src []T, ld int, contiguous bool, count, kb, w int) {
	if contiguous {
		// Row by row of the source, read once in order (strip by strip
		// would read a row per step, a page apart when ld is large).
		for p := range kb {
			row := src[p*ld : p*ld+count]
			for s := 0; s < count; s += w {
				d := dst[s*kb+p*w : s*kb+p*w+w]
				n := copy(d, row[s:min(s+w, count)])
				clear(d[n:])
			}
		}
		return
	}
	// Strip by strip, eight columns of the source at a time: each of
	// its h rows gives one cache line, spread over eight steps of the
	// strip (a step per element read ran at a third of the speed).
	for s := 0; s < count; s += w {
		h := min(w, count-s)
		d := dst[s*kb : s*kb+kb*w]
		p := 0
		for ; p+8 <= kb; p += 8 {
			o := d[p*w : p*w+8*w]
			for i := range h {
				r := src[(s+i)*ld+p : (s+i)*ld+p+8]
				o[i], o[w+i], o[2*w+i], o[3*w+i] = r[0], r[1], r[2], r[3]
				o[4*w+i], o[5*w+i], o[6*w+i], o[7*w+i] = r[4], r[5], r[6], r[7]
			}
			for i := h; i < w; i++ {
				o[i], o[w+i], o[2*w+i], o[3*w+i], o[4*w+i], o[5*w+i], o[6*w+i], o[7*w+i] = 0, 0, 0, 0, 0, 0, 0, 0
			}
		}
		for ; p < kb; p++ {
			out := d[p*w : p*w+w]
			for i := range h {
				out[i] = src[(s+i)*ld+p]
			}
			clear(out[h:])
		}
	}
}

// gemmMacro runs the micro-kernel over the mb×nb block of C at c, from
// A and packed B; a partial tile at the edges is computed in edge (of
// gemmMaxTile elements) and copied out. A's
// strip of rows ir… starts at a[ir*sstep] and steps astep per p: sstep
// kb and astep mr when packed, sstep 1 and astep lda when read in place
// transposed; with rows set, A is read in place by rows lda = astep
// apart (sstep lda). In place, mb is a multiple of mr. Only the
// elements of C in tri are written: tiles outside it are skipped, those
// across its edge computed in edge.
func gemmMacro[T float32 | float64](kern gemmKernel[T], mb, nb, kb int, alpha T, a []T, sstep, astep int, rows bool, packedB []T, beta T, c []T, ldc int, edge []T, tri triangle) {
	run := kern.run
	if rows {
		run = kern.rows
	}
	mr, nr := kern.mr, kern.nr
	for jr := 0; jr < nb; jr += nr {
		w := min(nr, nb-jr)
		pb := packedB[jr*kb : jr*kb+kb*nr]
		for ir := 0; ir < mb; ir += mr {
			h := min(mr, mb-ir)
			pa := a[ir*sstep:]
			tile := c[ir*ldc+jr:]
			lo0, hi0 := tri.span(ir, jr, 0, w)
			loH, hiH := tri.span(ir, jr, h-1, w)
			if hi0 <= lo0 && hiH <= loH {
				continue // no element in the triangle
			}
			if h == mr && w == nr && lo0 == 0 && hi0 == w && loH == 0 && hiH == w {
				run(kb, pa, pb, tile, ldc, astep, alpha, beta)
				continue
			}
			if beta != 0 {
				for i := range h {
					copy(edge[i*nr:i*nr+w], tile[i*ldc:i*ldc+w])
				}
			}
			run(kb, pa, pb, edge[:mr*nr], nr, astep, alpha, beta)
			for i := range h {
				lo, hi := tri.span(ir, jr, i, w)
				copy(tile[i*ldc+lo:i*ldc+hi], edge[i*nr+lo:i*nr+hi])
			}
		}
	}
}

// gemmMaxTile bounds mr·nr over the kernels.
const gemmMaxTile = 14 * 32

// The pure-Go micro-kernel's tile.
const gemmGoMR, gemmGoNR = 4, 4

// gemmGo is the pure-Go micro-kernel and the reference of the assembly
// ones: a 4×4 tile whose every element sums its products in order with
// fused multiply-adds, then c = alpha·sum + beta·c (one fused step after
// rounding beta·c), or alpha·sum when beta = 0. For float32 the fused
// steps are float64 ones rounded to float32, which can differ from a
// float32 FMA in the last bit.
func gemmGo[T float32 | float64](kc int, a, b, c []T, ldc, astep int, alpha, beta T) {
	gemmGoSteps(kc, a, astep, 1, b, c, ldc, alpha, beta)
}

// gemmGoRows is gemmGo reading A by rows, lda apart.
func gemmGoRows[T float32 | float64](kc int, a, b, c []T, ldc, lda int, alpha, beta T) {
	gemmGoSteps(kc, a, 1, lda, b, c, ldc, alpha, beta)
}

// gemmGoSteps is gemmGo with A's element (i, p) at a[p*pstep+i*istep].
func gemmGoSteps[T float32 | float64](kc int, a []T, pstep, istep int, b, c []T, ldc int, alpha, beta T) {
	const mr, nr = gemmGoMR, gemmGoNR
	var acc [mr * nr]T
	b = b[:kc*nr]
	for p := range kc {
		var ap [mr]T
		for i := range ap {
			ap[i] = a[p*pstep+i*istep]
		}
		bp := b[p*nr : p*nr+nr]
		for i, x := range ap {
			row := acc[i*nr : i*nr+nr]
			for j, y := range bp {
				row[j] = fma(x, y, row[j])
			}
		}
	}
	for i := range mr {
		row := c[i*ldc : i*ldc+nr]
		for j, s := range acc[i*nr : i*nr+nr] {
			if beta == 0 {
				row[j] = alpha * s
			} else {
				row[j] = fma(alpha, s, beta*row[j])
			}
		}
	}
}

// fma is x·y + z rounded once (for float32, rounded to float64 first).
func fma[T float32 | float64](x, y, z T) T {
	return T(math.FMA(float64(x), float64(y), float64(z)))
}
