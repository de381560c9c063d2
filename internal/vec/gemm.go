package vec

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
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
// gemmGo) computes each mr×nr tile of C. Every path sums each element's
// products in the same order with fused multiply-adds, so results do not
// depend on the path or on the number of goroutines. Large products are
// split between GOMAXPROCS goroutines.
func GemmFloat64(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error {
	return gemm(gemmKernelsF64[gemmLevel], transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// GemmFloat32 is GemmFloat64 for float32.
func GemmFloat32(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) error {
	return gemm(gemmKernelsF32[gemmLevel], transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmKernel is a micro-kernel and its tile: run sets the mr×nr tile of
// C at c (row stride ldc) to alpha·Σₚ a[p*mr+i]·b[p*nr+j] + beta·c for
// p < kc, where a and b hold kc packed rows; beta = 0 ignores c's values.
type gemmKernel[T float32 | float64] struct {
	mr, nr int
	run    func(kc int, a, b, c []T, ldc int, alpha, beta T)
}

// The block sizes, in elements: a packed strip of B (kc×nr, 32 KiB for
// both AVX-512 kernels) stays in the 48 KiB L1 while the strips of A's
// mc×kc block stream from L2; nc bounds the packed B panel.
const (
	gemmKC = 256
	gemmMC = 240
	gemmNC = 4096
)

// gemmMinParallel is the number of multiply-adds below which a product
// runs on one goroutine.
const gemmMinParallel = 1 << 21

var errGemmShape = errors.New("vec: gemm")

func gemm[T float32 | float64](kern gemmKernel[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) error {
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
			row := c[i*ldc : i*ldc+n]
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
	workers := min(runtime.GOMAXPROCS(0), max(1, m*n*k/gemmMinParallel))
	if workers == 1 {
		gemmSerial(kern, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return nil
	}
	// Split C into workers bands of whole tiles along its longer side;
	// each goroutine runs the whole blocked product on its band.
	var wg sync.WaitGroup
	if m >= n {
		step := roundUp((m+workers-1)/workers, kern.mr)
		for i := 0; i < m; i += step {
			h := min(step, m-i)
			ai := i * lda
			if transA {
				ai = i
			}
			wg.Go(func() {
				gemmSerial(kern, transA, transB, h, n, k, alpha, a[ai:], lda, b, ldb, beta, c[i*ldc:], ldc)
			})
		}
	} else {
		step := roundUp((n+workers-1)/workers, kern.nr)
		for j := 0; j < n; j += step {
			w := min(step, n-j)
			bj := j
			if transB {
				bj = j * ldb
			}
			wg.Go(func() {
				gemmSerial(kern, transA, transB, m, w, k, alpha, a, lda, b[bj:], ldb, beta, c[j:], ldc)
			})
		}
	}
	wg.Wait()
	return nil
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

// gemmSerial is gemm on one goroutine, for m, n, k > 0 and alpha ≠ 0.
func gemmSerial[T float32 | float64](kern gemmKernel[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	mc := min(gemmMC/kern.mr*kern.mr, roundUp(m, kern.mr))
	nc := min(gemmNC/kern.nr*kern.nr, roundUp(n, kern.nr))
	kc := min(gemmKC, k)
	buf, release := packBuffer[T](mc*kc + kc*nc)
	defer release()
	packedA, packedB := buf[:mc*kc], buf[mc*kc:]
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += gemmKC {
			kb := min(gemmKC, k-pc)
			// B(p, j) is b[p*ldb+j], or b[j*ldb+p] when transposed.
			if transB {
				pack(packedB, b[jc*ldb+pc:], ldb, false, nb, kb, kern.nr)
			} else {
				pack(packedB, b[pc*ldb+jc:], ldb, true, nb, kb, kern.nr)
			}
			bt := beta
			if pc > 0 {
				bt = 1
			}
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				if transA {
					pack(packedA, a[pc*lda+ic:], lda, true, mb, kb, kern.mr)
				} else {
					pack(packedA, a[ic*lda+pc:], lda, false, mb, kb, kern.mr)
				}
				gemmMacro(kern, mb, nb, kb, alpha, packedA, packedB, bt, c[ic*ldc+jc:], ldc)
			}
		}
	}
}

// pack copies a count×kb panel of a matrix into dst, in strips of w:
// strip s holds, for each p < kb, elements s*w … s*w+w-1 of row p
// (zero past count). Element (i, p) of the panel is src[p*ld+i] when
// contiguous, else src[i*ld+p].
func pack[T float32 | float64](dst, src []T, ld int, contiguous bool, count, kb, w int) {
	for s := 0; s < count; s += w {
		h := min(w, count-s)
		d := dst[s*kb : s*kb+kb*w]
		if contiguous {
			for p := range kb {
				row := d[p*w : p*w+w]
				copy(row, src[p*ld+s:p*ld+s+h])
				clear(row[h:])
			}
			continue
		}
		for i := range h {
			for p, v := range src[(s+i)*ld : (s+i)*ld+kb] {
				d[p*w+i] = v
			}
		}
		if h < w {
			for p := range kb {
				clear(d[p*w+h : p*w+w])
			}
		}
	}
}

// gemmMacro runs the micro-kernel over the mb×nb block of C at c, from
// packed A and B; a partial tile at the edges is computed in a copy.
func gemmMacro[T float32 | float64](kern gemmKernel[T], mb, nb, kb int, alpha T, packedA, packedB []T, beta T, c []T, ldc int) {
	mr, nr := kern.mr, kern.nr
	var edge [gemmMaxTile]T
	for jr := 0; jr < nb; jr += nr {
		w := min(nr, nb-jr)
		pb := packedB[jr*kb : jr*kb+kb*nr]
		for ir := 0; ir < mb; ir += mr {
			h := min(mr, mb-ir)
			pa := packedA[ir*kb : ir*kb+kb*mr]
			tile := c[ir*ldc+jr:]
			if h == mr && w == nr {
				kern.run(kb, pa, pb, tile, ldc, alpha, beta)
				continue
			}
			if beta != 0 {
				for i := range h {
					copy(edge[i*nr:i*nr+w], tile[i*ldc:i*ldc+w])
				}
			}
			kern.run(kb, pa, pb, edge[:mr*nr], nr, alpha, beta)
			for i := range h {
				copy(tile[i*ldc:i*ldc+w], edge[i*nr:i*nr+w])
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
func gemmGo[T float32 | float64](kc int, a, b, c []T, ldc int, alpha, beta T) {
	const mr, nr = gemmGoMR, gemmGoNR
	var acc [mr * nr]T
	a, b = a[:kc*mr], b[:kc*nr]
	for p := range kc {
		ap := a[p*mr : p*mr+mr]
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
