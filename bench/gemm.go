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
	"syscall"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/chunkwise/chunkwise/internal/fastblas"
)

// The gemm workload times one float64 matrix product C = A·B with
// chunkwise's GEMM (internal/fastblas, as gonum's lapack sees it),
// gonum's pure-Go Dgemm and NumPy's (OpenBLAS) in turns, the best of a
// few rounds each (one for gonum's at 4000²), so that the load of a shared machine falls on all
// three alike. Seconds is chunkwise's; Extra has the three GFLOP/s, the
// GFLOP per CPU-second (all threads; less disturbed by the neighbours'
// load than the wall clock) and the ratios to NumPy. NumPy runs in a python3 child with
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
	np, err := startNumPy()
	if err != nil {
		return Result{}, err
	}
	defer np.close()
	engines := []string{"chunkwise", "gonum", "numpy"}
	best, bestCPU := map[string]float64{}, map[string]float64{}
	for _, e := range engines {
		best[e], bestCPU[e] = math.Inf(1), math.Inf(1)
	}
	keep := func(e string, wall, cpu float64) {
		best[e], bestCPU[e] = min(best[e], wall), min(bestCPU[e], cpu)
	}
	// run times engine e's product into c.
	run := func(e string, impl interface {
		Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
	}, c []float64) {
		start, cpu := time.Now(), cpuSeconds()
		impl.Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		keep(e, time.Since(start).Seconds(), cpuSeconds()-cpu)
	}
	for r := range rounds {
		run("chunkwise", fastblas.Implementation{}, ours)
		if r == 0 || m < 4000 { // gonum's takes about 10 s at 4000²
			run("gonum", gonum.Implementation{}, ref)
		}
		wall, cpu, err := np.time(m, n, k)
		if err != nil {
			return Result{}, err
		}
		keep("numpy", wall, cpu)
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
	round1 := func(x float64) float64 { return math.Round(x*10) / 10 }
	for _, e := range engines {
		extra["gflops_"+e] = round1(flops / best[e] / 1e9)
		extra["gflop_per_cpu_s_"+e] = round1(flops / bestCPU[e] / 1e9)
	}
	extra["ratio_numpy"] = math.Round(best["numpy"]/best["chunkwise"]*100) / 100
	extra["ratio_numpy_cpu"] = math.Round(bestCPU["numpy"]/bestCPU["chunkwise"]*100) / 100
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
    t, c = time.perf_counter(), time.process_time()
    a @ b
    print(time.perf_counter() - t, time.process_time() - c, flush=True)
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

// time returns NumPy's wall and CPU seconds (all its threads) for one
// m×k by k×n product.
func (p *numPy) time(m, n, k int) (wall, cpu float64, err error) {
	fmt.Fprintf(p.in, "%d %d %d\n", m, n, k)
	if !p.out.Scan() {
		return 0, 0, fmt.Errorf("numpy: the python3 timer stopped (is python3-numpy installed?)")
	}
	if _, err := fmt.Sscan(p.out.Text(), &wall, &cpu); err != nil {
		return 0, 0, fmt.Errorf("numpy: %q from the python3 timer: %v", p.out.Text(), err)
	}
	return wall, cpu, nil
}

// cpuSeconds is the CPU time of this process so far, all threads.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func (p *numPy) close() {
	p.in.Close()
	p.cmd.Wait()
}
