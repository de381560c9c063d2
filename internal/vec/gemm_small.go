package vec

import "sync"

// A product by a small B — few columns (n) and not many inner elements
// (k): a colour transform (N×3 by 3×3), a rotation of points (N×6 by
// 6×6), a projection on a few directions (N×k by k×2) — does not go
// through gemmBlocked, where every tile would be an edge tile of a
// micro-kernel 16 or 32 columns wide and packing would cost more than
// the product. gemmSmall copies B, its rows padded to one vector, into a
// small buffer, and runs a kernel that reads A's rows in place, eight at
// a time, and makes each row of C one vector (two for AVX2 float64 past
// four columns) of which it stores the first n lanes: no packing, and
// no multiply-adds for columns past n (the blocked kernels compute 8 to
// 32 columns a row).
//
// ns a row of C, small kernel / gemmBlocked, one goroutine, m = 250000,
// on a 2-core AMD EPYC (Zen 4) slice (BenchmarkGemmSmall; "-": no small
// kernel):
//
//	k×n    float64 AVX-512  AVX2        float32 AVX-512  AVX2
//	3×3    0.73 / 7.8       0.79 / 7.3  0.66 / 8.1       0.78 / 7.2
//	6×6    2.8 / 10.5       2.6 / 8.4   1.2 / 9.4        1.2 / 8.3
//	8×8    3.9 / 11.2       4.7 / 5.2   1.5 / 10.7       1.4 / 8.3
//	3×1    0.66 / 7.3       0.64 / 7.0  0.63 / 8.0       0.63 / 6.9
//	32×8   19 / 34          - / 28      10 / 26          9.8 / 17.6
//	256×8  200 / 245        - / 235     151 / 233        171 / 186
//	8×16   -                -           3.2 / 11.9       - / 4.9
//
// (The pure-Go kernel against gemmBlocked with gemmGo: 12 / 24 for 3×3
// float64, 64 / 84 for 8×8, 2175 / 2689 for 256×8.) The small kernels
// win wherever the blocked ones compute columns past n (AVX-512: 16
// float64 or 32 float32 of them; AVX2: 8 or 16) and lose a little where
// they do not (AVX2 float64, 4 < n ≤ 8, once k passes 16), which their
// tables say (gemmSmallKernel.maxK). k stays within gemmKC, so that
// every element's products are summed in the order of the blocked GEMM,
// which splits k in panels of gemmKC.

// gemmSmallMaxK bounds k on the small path: gemmKC, past which the
// blocked GEMM sums each element's products in two panels.
const gemmSmallMaxK = gemmKC

// gemmSmallRow is the length in bytes of a row of B's padded copy: one
// AVX-512 vector, 8 float64 or 16 float32.
const gemmSmallRow = 64

// gemmSmallKernel is a kernel of the small path and the largest k it
// is used for. run sets, for i < m and j < n, c[i*ldc+j] to
// alpha·Σₚ a[i*lda+p]·b[p*w+j] + beta·c[i*ldc+j] for p < k, where w is
// gemmSmallRow bytes of elements (the row of B's padded copy); beta = 0
// ignores c's values. Each sum starts at zero and adds its products in
// order with fused multiply-adds, then c = alpha·sum, or alpha·sum +
// (beta·c) in one fused step, as gemmGo does, so that the result is
// the blocked GEMM's of the same level to the bit. m, k ≥ 1; the other
// elements of C are not written.
type gemmSmallKernel[T float32 | float64] struct {
	run  func(m, k int, a []T, lda int, b, c []T, ldc, n int, alpha, beta T)
	maxK int
}

// gemmSmallKernels returns the small kernels of the current gemmLevel
// for T, that for n at n-1.
func gemmSmallKernels[T float32 | float64]() []gemmSmallKernel[T] {
	if _, ok := any(T(0)).(float32); ok {
		return any(gemmSmallF32[gemmLevel]).([]gemmSmallKernel[T])
	}
	return any(gemmSmallF64[gemmLevel]).([]gemmSmallKernel[T])
}

// gemmSmallKernelsOf returns the kernels of run for n = 1 … maxN, each
// up to maxK.
func gemmSmallKernelsOf[T float32 | float64](maxN, maxK int, run func(m, k int, a []T, lda int, b, c []T, ldc, n int, alpha, beta T)) []gemmSmallKernel[T] {
	ks := make([]gemmSmallKernel[T], maxN)
	for i := range ks {
		ks[i] = gemmSmallKernel[T]{run, maxK}
	}
	return ks
}

// gemmSmallPoolF64 and gemmSmallPoolF32 hold buffers for the padded
// copies of B (gemmSmallMaxK rows each).
var gemmSmallPoolF64, gemmSmallPoolF32 sync.Pool

// gemmSmall runs gemm for A not transposed, m, n, k > 0 and alpha ≠ 0
// when a small kernel of this gemmLevel takes n and k, on up to workers
// goroutines (contiguous runs of rows, a multiple of eight), and
// reports whether it did. gemm gives it the workers it gives
// gemmBlocked (one for each gemmMinParallel multiply-adds): on the
// 2-core machine above a second goroutine saved 5 to 30% on a single
// product of 2e6 rows, and nothing measurable where array already runs
// its chunks' products in parallel.
func gemmSmall[T float32 | float64](workers int, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) bool {
	kernels := gemmSmallKernels[T]()
	if n > len(kernels) || k > kernels[n-1].maxK {
		return false
	}
	run := kernels[n-1].run
	w, pool := gemmSmallRow/8, &gemmSmallPoolF64
	if _, ok := any(T(0)).(float32); ok {
		w, pool = gemmSmallRow/4, &gemmSmallPoolF32
	}
	// B's rows, each padded with zeros to w elements, in a pooled
	// buffer (on the stack it would escape to the heap anyway, through
	// the call of run).
	buf, _ := pool.Get().(*[]T)
	if buf == nil {
		s := make([]T, gemmSmallMaxK*w)
		buf = &s
	}
	defer pool.Put(buf)
	bp := (*buf)[:k*w]
	for p := range k {
		row := bp[p*w : p*w+w]
		if transB {
			for j := range n {
				row[j] = b[j*ldb+p]
			}
		} else {
			copy(row, b[p*ldb:p*ldb+n])
		}
		clear(row[n:])
	}
	if workers <= 1 {
		run(m, k, a, lda, bp, c, ldc, n, alpha, beta)
		return true
	}
	rows := roundUp((m+workers-1)/workers, 8)
	parallel(workers, (m+rows-1)/rows, func(_, t int) {
		i := t * rows
		run(min(rows, m-i), k, a[i*lda:], lda, bp, c[i*ldc:], ldc, n, alpha, beta)
	})
	return true
}

// gemmSmallGo is the pure-Go small kernel (see gemmSmallKernel), the
// reference of the assembly ones: its sums are gemmGo's. It is faster
// than gemmBlocked with gemmGo for every n ≤ 8 and k ≤ 256 measured.
func gemmSmallGo[T float32 | float64](m, k int, a []T, lda int, b, c []T, ldc, n int, alpha, beta T) {
	w := len(b) / k
	for i := range m {
		ar := a[i*lda : i*lda+k]
		cr := c[i*ldc : i*ldc+n]
		for j := range cr {
			var s T
			for p, x := range ar {
				s = fma(x, b[p*w+j], s)
			}
			if beta == 0 {
				cr[j] = alpha * s
			} else {
				cr[j] = fma(alpha, s, beta*cr[j])
			}
		}
	}
}
