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
