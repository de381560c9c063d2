// Command delayed parallelises an existing data-processing pipeline with
// package delayed, the shape of Dask's
//
//	@delayed
//	def process_data(data): ...
//
// example: each input is loaded, processed and summarised by ordinary Go
// functions written with no knowledge of chunkwise; wrapping them makes
// every step a lazy task, a tree of merges combines the summaries, and
// one Compute runs it all on every core. The program runs the plain
// serial loop first and prints both timings and the speed-up.
//
// Usage:
//
//	go run ./examples/delayed [-n inputs] [-size samples] [-dot graph.dot]
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

	"github.com/chunkwise/chunkwise/delayed"
)

// Summary is what the pipeline keeps of one input.
type Summary struct {
	N        int
	Sum      float64
	Min, Max float64
	Peaks    int // samples above their neighbours after smoothing
}

// load produces input number id: a deterministic noisy signal, standing
// in for reading one file of a data set.
func load(id, size int) []float64 {
	x := make([]float64, size)
	s := uint64(id)*0x9E3779B97F4A7C15 + 1
	for i := range x {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		noise := float64(s>>11)/(1<<53) - 0.5
		x[i] = math.Sin(float64(i)*0.01+float64(id)) + 0.3*noise
	}
	return x
}

// process smooths a signal with a wide moving window and a nonlinear
// transform: the CPU work per input.
func process(x []float64) []float64 {
	const w = 64
	y := make([]float64, len(x))
	for i := range x {
		var s float64
		lo, hi := max(0, i-w), min(len(x), i+w+1)
		for _, v := range x[lo:hi] {
			s += v
		}
		m := s / float64(hi-lo)
		y[i] = math.Tanh(2*m) + 0.1*math.Log1p(math.Abs(x[i]-m))
	}
	return y
}

// summarise reduces a processed signal to its Summary.
func summarise(y []float64) Summary {
	s := Summary{N: len(y), Min: math.Inf(1), Max: math.Inf(-1)}
	for i, v := range y {
		s.Sum += v
		s.Min, s.Max = min(s.Min, v), max(s.Max, v)
		if i > 0 && i < len(y)-1 && v > y[i-1] && v > y[i+1] {
			s.Peaks++
		}
	}
	return s
}

// merge combines summaries.
func merge(ss ...Summary) Summary {
	out := Summary{Min: math.Inf(1), Max: math.Inf(-1)}
	for _, s := range ss {
		out.N += s.N
		out.Sum += s.Sum
		out.Min, out.Max = min(out.Min, s.Min), max(out.Max, s.Max)
		out.Peaks += s.Peaks
	}
	return out
}

// The delayed forms of the functions above, registered by name.
var (
	dLoad      = delayed.Func2("example.load", load)
	dProcess   = delayed.Func1("example.process", process)
	dSummarise = delayed.Func1("example.summarise", summarise)
	dMerge     = delayed.FuncN("example.merge", merge)
)

// treeMerge combines values pairwise-by-fanIn until one is left: Dask's
// tree reduction, log(n) levels deep, every level in parallel.
func treeMerge(vs []*delayed.Value[Summary], fanIn int) *delayed.Value[Summary] {
	for len(vs) > 1 {
		var next []*delayed.Value[Summary]
		for i := 0; i < len(vs); i += fanIn {
			next = append(next, dMerge(vs[i:min(i+fanIn, len(vs))]...))
		}
		vs = next
	}
	return vs[0]
}

func main() {
	n := flag.Int("n", 64, "number of inputs")
	size := flag.Int("size", 100_000, "samples per input")
	dot := flag.String("dot", "", "write the task graph to this Graphviz file")
	flag.Parse()

	// The serial loop, as the code was before.
	t0 := time.Now()
	var serial []Summary
	for id := range *n {
		serial = append(serial, summarise(process(load(id, *size))))
	}
	want := merge(serial...)
	tSerial := time.Since(t0)

	// The same functions, delayed: building the graph runs nothing.
	t1 := time.Now()
	samples := delayed.Lit(*size)
	var parts []*delayed.Value[Summary]
	for id := range *n {
		parts = append(parts, dSummarise(dProcess(dLoad(delayed.Lit(id), samples))))
	}
	total := treeMerge(parts, 8)
	tasks, err := delayed.NumTasks(total)
	if err != nil {
		log.Fatal(err)
	}
	if *dot != "" {
		f, err := os.Create(*dot)
		if err != nil {
			log.Fatal(err)
		}
		if err := delayed.WriteDOT(f, total); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
	got, err := total.Compute(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	tDelayed := time.Since(t1)

	fmt.Printf("%d inputs × %d samples, %d tasks, %d cores\n", *n, *size, tasks, runtime.GOMAXPROCS(0))
	fmt.Printf("serial loop: %v\ndelayed:     %v (speed-up %.2f×)\n",
		tSerial.Round(time.Millisecond), tDelayed.Round(time.Millisecond), tSerial.Seconds()/tDelayed.Seconds())
	fmt.Printf("mean %.6f, min %.4f, max %.4f, peaks %d\n", got.Sum/float64(got.N), got.Min, got.Max, got.Peaks)
	if got.N != want.N || got.Peaks != want.Peaks || math.Abs(got.Sum-want.Sum) > 1e-9*math.Abs(want.Sum)+1e-9 {
		log.Fatalf("delayed result %+v differs from the serial loop's %+v", got, want)
	}
	fmt.Println("same result as the serial loop")
}
