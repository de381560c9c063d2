package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/chunkwise/chunkwise/internal/fastblas"
)

// The gemm workload times one float64 matrix product C = A·B with
// chunkwise's GEMM (internal/fastblas, as gonum's lapack sees it),
// gonum's pure-Go Dgemm and NumPy's (OpenBLAS) in turns, the best of a
// few rounds each (one for gonum's at 4000²), so that the load of a shared machine falls on all
// three alike. Seconds is chunkwise's; Extra has the three GFLOP/s and
// the ratio to NumPy. NumPy runs in a python3 child with
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment.
func init() {
	register("gemm", []string{"500", "1000", "4000", "tall-skinny"}, gemmWorkload)
}

func gemmWorkload(sub string, scale float64) (Result, error) {
	m, n, k, rounds := 0, 0, 0, 5
	switch sub {
	case "tall-skinny":
		m, n, k = max(1, int(100000*scale)), 100, 100
	default:
		s, err := strconv.Atoi(sub)
		if err != nil {
			return Result{}, fmt.Errorf("unknown sub-result %q", sub)
		}
		m = max(1, int(float64(s)*scale))
		n, k = m, m
		if m >= 4000 {
			rounds = 3
		}
	}
	rng := rand.New(rand.NewPCG(7, uint64(m)))
	a, b := make([]float64, m*k), make([]float64, k*n)
	for i := range a {
		a[i] = rng.Float64()
	}
	for i := range b {
		b[i] = rng.Float64()
	}
	ours, ref := make([]float64, m*n), make([]float64, m*n)
	time1 := func(impl interface {
		Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
	}, c []float64) float64 {
		start := time.Now()
		impl.Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		return time.Since(start).Seconds()
	}
	np, err := startNumPy()
	if err != nil {
		return Result{}, err
	}
	defer np.close()
	best := map[string]float64{"chunkwise": math.Inf(1), "gonum": math.Inf(1), "numpy": math.Inf(1)}
	for r := range rounds {
		best["chunkwise"] = min(best["chunkwise"], time1(fastblas.Implementation{}, ours))
		if r == 0 || m < 4000 { // gonum's takes about 10 s at 4000²
			best["gonum"] = min(best["gonum"], time1(gonum.Implementation{}, ref))
		}
		s, err := np.time(m, n, k)
		if err != nil {
			return Result{}, err
		}
		best["numpy"] = min(best["numpy"], s)
	}
	var sum, worst float64
	for i, v := range ours {
		sum += v
		worst = max(worst, math.Abs(v-ref[i])/float64(k))
	}
	if worst > 1e-14 {
		return Result{}, fmt.Errorf("chunkwise's product differs from gonum's by %g·k", worst)
	}
	flops := 2 * float64(m) * float64(n) * float64(k)
	extra := map[string]any{}
	for name, s := range best {
		extra["gflops_"+name] = math.Round(flops/s/1e9*10) / 10
	}
	extra["ratio_numpy"] = math.Round(best["numpy"]/best["chunkwise"]*100) / 100
	extra["ratio_gonum"] = math.Round(best["gonum"]/best["chunkwise"]*100) / 100
	return Result{
		Seconds:  best["chunkwise"],
		Checksum: sum,
		Params:   map[string]any{"m": m, "n": n, "k": k, "rounds": rounds},
		Extra:    extra,
	}, nil
}

// numPy is a python3 child that times a@b for the shapes it reads.
type numPy struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

const numPyTimer = `
import sys, time, numpy as np
rng = np.random.default_rng(0)
for line in sys.stdin:
    m, n, k = map(int, line.split())
    a, b = rng.random((m, k)), rng.random((k, n))
    t = time.perf_counter(); a @ b; t = time.perf_counter() - t
    print(t, flush=True)
`

func startNumPy() (*numPy, error) {
	python := "/usr/bin/python3" // Debian's, with python3-numpy (make deps)
	if _, err := os.Stat(python); err != nil {
		python = "python3"
	}
	cmd := exec.Command(python, "-c", numPyTimer)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("numpy: %w", err)
	}
	return &numPy{cmd: cmd, in: in, out: bufio.NewScanner(out)}, nil
}

// time returns NumPy's seconds for one m×k by k×n product.
func (p *numPy) time(m, n, k int) (float64, error) {
	fmt.Fprintf(p.in, "%d %d %d\n", m, n, k)
	if !p.out.Scan() {
		return 0, fmt.Errorf("numpy: the python3 timer stopped (is python3-numpy installed?)")
	}
	return strconv.ParseFloat(strings.TrimSpace(p.out.Text()), 64)
}

func (p *numPy) close() {
	p.in.Close()
	p.cmd.Wait()
}
