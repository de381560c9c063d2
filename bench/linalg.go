package main

import (
	"context"
	"runtime"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/linalg"
)

// The linear algebra workloads of SPEC.md: matmul, (A @ B).sum() of two
// persisted random 4000² matrices in 1000² chunks (GFLOP/s in Extra),
// and tsqr-svd, the SVD of a persisted random 2 000 000 × 50 matrix in
// 100 000-row chunks (u, s and v all computed; the checksum is sum(s)).
func init() {
	register("matmul", []string{"matmul-sum"}, matmulWorkload)
	register("tsqr-svd", []string{"svd"}, tsqrWorkload)
}

func matmulWorkload(_ string, scale float64) (Result, error) {
	n := rows(4000, 1000, scale)
	a, err := persistedRandom([]int{n, n}, []int{1000, 1000})
	if err != nil {
		return Result{}, err
	}
	b, err := array.NewRNG(seed+1).Random([]int{n, n}, chunk.Regular(1000, 1000)).Persist(context.Background())
	runtime.GC()
	if err != nil {
		return Result{}, err
	}
	s, sum, err := timed(array.MatMul(a, b).Sum())
	if err != nil {
		return Result{}, err
	}
	flops := 2 * float64(n) * float64(n) * float64(n)
	return Result{Seconds: s, Checksum: sum,
		Params: map[string]any{"n": n, "chunks": []int{1000, 1000}, "flops": flops, "scale": scale},
		Extra:  map[string]any{"GFLOPps": flops / 1e9 / s}}, nil
}

func tsqrWorkload(_ string, scale float64) (Result, error) {
	m, n := rows(2_000_000, 100_000, scale), 50
	x, err := persistedRandom([]int{m, n}, []int{100_000, n})
	if err != nil {
		return Result{}, err
	}
	u, s, v := linalg.SVD(x)
	start := time.Now()
	ds, err := array.ComputeAll(context.Background(), []*array.Array{u, s, v})
	secs := time.Since(start).Seconds()
	if err != nil {
		return Result{}, err
	}
	flops := 6 * float64(m) * float64(n) * float64(n)
	return Result{Seconds: secs, Checksum: checksum(ds[1]),
		Params: map[string]any{"shape": []int{m, n}, "chunks": []int{100_000, n}, "scale": scale, "outputs": "u, s, v all computed"},
		Extra: map[string]any{"approx_flops": flops, "approx_GFLOPps": flops / 1e9 / secs,
			"input_GBps": float64(m*n*8) / 1e9 / secs, "u_shape": ds[0].Shape()}}, nil
}

// The linear algebra workloads issue 13 adds beyond SPEC.md, with Dask
// twins in bench/linalg_dask.py (same inputs' distributions, sizes,
// chunks and checksums): svd-compressed, the rank-20 randomized SVD of a
// random 200 000 × 2 000 matrix in 10 000-row chunks with 2 power
// iterations (checksum sum(s)); cholesky-solve, L = cholesky(A) and x
// from two triangular solves for A = (R + Rᵀ)/2 + n·I, 8000² in 1000²
// chunks (checksum sum(x)); lstsq, the least-squares solution of a
// random 1 000 000 × 100 system in 100 000-row chunks (checksum sum(x)).
// Inputs are persisted before the clock starts.
func init() {
	register("svd-compressed", []string{"rank20-iter2"}, svdCompressedWorkload)
	register("cholesky-solve", []string{"solve"}, choleskySolveWorkload)
	register("lstsq", []string{"lstsq"}, lstsqWorkload)
}

func svdCompressedWorkload(_ string, scale float64) (Result, error) {
	m, n := rows(200_000, 10_000, scale), 2000
	x, err := persistedRandom([]int{m, n}, []int{10_000, n})
	if err != nil {
		return Result{}, err
	}
	_, s, _ := linalg.SVDCompressed(x, 20, 2, seed)
	secs, sum, err := timed(s)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": []int{m, n}, "chunks": []int{10_000, n}, "k": 20, "n_power_iter": 2, "scale": scale, "outputs": "s"}}, err
}

func choleskySolveWorkload(_ string, scale float64) (Result, error) {
	n := rows(8000, 1000, scale)
	r := array.NewRNG(seed).Random([]int{n, n}, chunk.Regular(1000, 1000))
	a, err := r.Add(r.T()).Mul(0.5).Add(array.Eye(n, n, 0, chunk.Float64, chunk.Regular(1000, 1000)).Mul(float64(n))).Persist(context.Background())
	if err != nil {
		return Result{}, err
	}
	b, err := array.NewRNG(seed+1).Random([]int{n}, chunk.Regular(1000)).Persist(context.Background())
	if err != nil {
		return Result{}, err
	}
	runtime.GC()
	l := linalg.Cholesky(a)
	y := linalg.SolveTriangular(l, b, linalg.Lower)
	x := linalg.SolveTriangular(l, y, linalg.Lower|linalg.Transposed)
	secs, sum, err := timed(x)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"n": n, "chunks": []int{1000, 1000}, "scale": scale}}, err
}

func lstsqWorkload(_ string, scale float64) (Result, error) {
	m, n := rows(1_000_000, 100_000, scale), 100
	a, err := persistedRandom([]int{m, n}, []int{100_000, n})
	if err != nil {
		return Result{}, err
	}
	b, err := array.NewRNG(seed+1).Random([]int{m}, chunk.Regular(100_000)).Persist(context.Background())
	if err != nil {
		return Result{}, err
	}
	runtime.GC()
	x, _, _, _ := linalg.Lstsq(a, b)
	secs, sum, err := timed(x)
	return Result{Seconds: secs, Checksum: sum,
		Params: map[string]any{"shape": []int{m, n}, "chunks": []int{100_000, n}, "scale": scale, "outputs": "x"}}, err
}
