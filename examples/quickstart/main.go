// Command quickstart is chunkwise's first pipeline: a 160-million-element
// random array in 40 chunks, an elementwise chain, reductions over all
// axes and along one, and the same work checked against a plain Go loop.
//
//	go run ./examples/quickstart [-rows 20000] [-cols 8000] [-chunk 2000] [-report FILE.html]
//
// With -report it profiles the main computation and writes an HTML
// report of it (task stream, memory and CPU, operations, graph, chunk
// grids); a progress bar is drawn when stderr is a terminal.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"runtime"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/report"
)

func main() {
	rows := flag.Int("rows", 20000, "rows of the random array")
	cols := flag.Int("cols", 8000, "columns of the random array")
	size := flag.Int("chunk", 2000, "chunk edge length")
	reportPath := flag.String("report", "", "write an HTML report of the computation to this file")
	flag.Parse()
	ctx := context.Background()

	// A lazy random array: nothing is generated yet.
	x := array.NewRNG(42).Random([]int{*rows, *cols}, chunk.Regular(*size, *size))
	fmt.Printf("x: %v\n", x)
	fmt.Printf("   %.2f GB in %d chunks of %v, on %d cores\n\n",
		float64(x.NBytes())/1e9, x.Grid().NumBlocksTotal(), []int{*size, *size}, runtime.GOMAXPROCS(0))

	// Build the pipeline: still lazy, it is a graph.
	y := x.Add(1).Mul(2).Sub(x.Pow(2)) // ((x+1)*2 - x²), fused into one pass per chunk
	total := y.Sum()
	colMean := x.Mean(array.Axis(0))
	rowMax := x.Max(array.Axis(1))
	tasks, err := total.NumTasks()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("((x+1)*2 - x**2).sum() is %d tasks after fusion\n", tasks)

	// Run all three in one pass over the cores. x is never stored: each
	// reduction generates its chunks tile by tile as it consumes them.
	opts := []array.Option{array.WithProgressBar(os.Stderr)}
	var prof *diagnostics.Profiler
	if *reportPath != "" {
		prof = diagnostics.StartProfiler(0)
		opts = append(opts, array.WithProfiler(prof))
	}
	start := time.Now()
	res, err := array.ComputeAll(ctx, []*array.Array{total, colMean, rowMax}, opts...)
	if err != nil {
		log.Fatal(err)
	}
	elapsed := time.Since(start)
	if prof != nil {
		if err := writeReport(ctx, *reportPath, prof.Stop(), x, total, colMean, rowMax); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("report of the computation written to %s\n", *reportPath)
	}
	sum := res[0].Float(0)
	means := chunk.Values[float64](res[1])
	maxes := chunk.Values[float64](res[2])
	fmt.Printf("computed in %v (%.2f GB/s of random input generated and reduced)\n\n",
		elapsed.Round(time.Millisecond), float64(x.NBytes())/1e9/elapsed.Seconds())
	fmt.Printf("sum((x+1)*2 - x²)  = %.6g   (expected ≈ %.6g: E = 2 + 1 - 1/3 per element)\n",
		sum, float64(*rows**cols)*(2+1-1.0/3))
	fmt.Printf("mean over axis 0   = [%.4f %.4f … %.4f] (%d values, expected ≈ 0.5)\n",
		means[0], means[1], means[len(means)-1], len(means))
	fmt.Printf("max over axis 1    = [%.6f … %.6f]\n\n", maxes[0], maxes[len(maxes)-1])

	// Check a slice against a serial loop over the same values: random
	// values depend only on (seed, element index), never on chunking.
	corner, err := array.ToSlice[float64](ctx, x.Slice([2]int{0, 100}, [2]int{0, 100}).Rechunk(chunk.Regular(37, 41)))
	if err != nil {
		log.Fatal(err)
	}
	ref, err := array.ToSlice[float64](ctx, array.NewRNG(42).Random([]int{*rows, *cols}, chunk.Regular(100, 100)).Slice([2]int{0, 100}, [2]int{0, 100}))
	if err != nil {
		log.Fatal(err)
	}
	want, got := 0.0, 0.0
	for i := range ref {
		v := ref[i]
		want += (v+1)*2 - v*v
		got += (corner[i]+1)*2 - corner[i]*corner[i]
	}
	fmt.Printf("100×100 corner, chunked two ways: serial check differs by %.3g\n", math.Abs(got-want))
	if got != want {
		log.Fatal("chunking changed the random values")
	}
}

// writeReport writes the HTML report of profile p and arrays to path.
func writeReport(ctx context.Context, path string, p *diagnostics.Profile, arrays ...*array.Array) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := report.WriteHTML(ctx, f, p, arrays...); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
