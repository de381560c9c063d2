// Command bench runs the chunkwise side of the benchmark workloads in
// ../shared/bench/SPEC.md and prints one JSON line per timed run, in the
// format of the Dask reference script, so that compare.py can pair them.
//
//	go run ./bench WORKLOAD [--repeat N] [--scale S]
//	go run ./bench list
//
// Each timed run happens in a fresh child process, so peak RSS belongs to
// that run alone. A workload chunkwise cannot run yet exits 2 with a
// one-line reason.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime/pprof"
	"sort"
	"strconv"
	"syscall"

	"github.com/chunkwise/chunkwise/distributed"
)

// Result is one timed run's figures.
type Result struct {
	Sub      string // which sub-result, for a workload registered with registerMulti
	Seconds  float64
	Checksum float64
	Params   map[string]any
	Extra    map[string]any
}

// workload runs sub-result sub at the given scale; a workload whose one
// run yields all its sub-results (multi) has the single sub "all".
type workload struct {
	subs  []string
	run   func(sub string, scale float64) (Result, error)
	multi func(scale float64) ([]Result, error)
}

var workloads = map[string]workload{}

func register(name string, subs []string, run func(sub string, scale float64) (Result, error)) {
	workloads[name] = workload{subs: subs, run: run}
}

// registerMulti registers a workload whose one run yields several
// sub-results, each its own JSON line (as Dask's distributed workload,
// whose cluster is started once for all of them).
func registerMulti(name string, run func(scale float64) ([]Result, error)) {
	workloads[name] = workload{subs: []string{"all"}, multi: run}
}

// unsupported lists the SPEC workloads whose issues have not landed.
var unsupported = map[string]string{}

func main() {
	distributed.RunWorkerIfRequested() // the distributed workloads' worker processes
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	repeat := fs.Int("repeat", 3, "timed runs per sub-result, each in a fresh process")
	scale := fs.Float64("scale", 1, "multiply each workload's size by this")
	child := fs.Bool("child", false, "run one timed run in this process (internal)")
	sub := fs.String("sub", "", "the sub-result to run (with --child)")
	rep := fs.Int("rep", 0, "repeat number (with --child)")
	fs.StringVar(&surveyOnly, "only", "", "survey: run only the entries this regexp matches")
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bench WORKLOAD|list [--repeat N] [--scale S]")
		os.Exit(2)
	}
	name := os.Args[1]
	fs.Parse(os.Args[2:])
	if name == "list" {
		var names []string
		for n := range workloads {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Println(n, workloads[n].subs)
		}
		for n, why := range unsupported {
			if _, ok := workloads[n]; !ok {
				fmt.Printf("%s (not yet: %s)\n", n, why)
			}
		}
		return
	}
	w, ok := workloads[name]
	if !ok {
		if why, ok := unsupported[name]; ok {
			fmt.Fprintf(os.Stderr, "bench: %s: %s\n", name, why)
		} else {
			fmt.Fprintf(os.Stderr, "bench: unknown workload %q (try 'list')\n", name)
		}
		os.Exit(2)
	}
	if *child {
		if path := os.Getenv("CHUNKWISE_CPUPROFILE"); path != "" {
			f, err := os.Create(path)
			if err == nil {
				pprof.StartCPUProfile(f)
				defer pprof.StopCPUProfile()
			}
		}
		var rs []Result
		var err error
		if w.multi != nil {
			rs, err = w.multi(*scale)
		} else {
			var r Result
			r, err = w.run(*sub, *scale)
			r.Sub = *sub
			rs = []Result{r}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s %s: %v\n", name, *sub, err)
			pprof.StopCPUProfile()
			os.Exit(1)
		}
		for _, r := range rs {
			emit(name, r.Sub, *rep, r)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	failed := false
	for _, s := range w.subs {
		for i := 0; i < *repeat; i++ {
			cmd := exec.Command(self, name, "--child", "--sub", s, "--rep", strconv.Itoa(i), "--scale", strconv.FormatFloat(*scale, 'g', -1, 64), "--only", surveyOnly)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				failed = true
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

func emit(name, sub string, rep int, r Result) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	rec := map[string]any{
		"workload": name, "sub": sub, "engine": "chunkwise", "repeat": rep,
		"seconds":         math.Round(r.Seconds*1e6) / 1e6,
		"peak_rss_mb":     math.Round(float64(ru.Maxrss)/1024*10) / 10,
		"result_checksum": r.Checksum,
		"params":          r.Params,
		"extra":           r.Extra,
	}
	b, _ := json.Marshal(rec)
	fmt.Println(string(b))
}

// rows scales a leading dimension and keeps it a whole number of chunks
// (at least one), as the Dask reference does.
func rows(n, c int, scale float64) int {
	return max(1, int(math.Round(float64(n)*scale/float64(c)))) * c
}
