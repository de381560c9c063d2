// Command cluster runs chunkwise's cluster workflow, the Go form of
// dask.distributed's
//
//	futures = client.scatter(pieces)
//	partial = client.map(f, futures)
//	total   = tree-reduce(partial)
//	client.gather(total)
//
// followed by an array pipeline on the same cluster: the column means of
// an 8 GB random array generated on the workers (never held whole
// anywhere), and a Zarr store written by the workers and read back by
// them. Every result is checked against the same computation run by the
// local executor in this process. The last line printed is one JSON
// object whose field "ok" is true only when every result matched.
//
// By default the program starts a local cluster of worker processes (this
// same binary, re-executed: distributed.RunWorkerIfRequested at the top of
// main makes those processes workers). With --scheduler it joins a running
// cluster instead; its workers must then run this binary too, since they
// need the functions it registers (see the README's cluster section).
//
//	go run ./examples/cluster [--workers 2] [--scale 1] [--scheduler nats://HOST:PORT] [--zarr DIR]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/distributed"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// The functions the workers run, registered by name at package level so
// that every process of this binary (client and workers) knows them.
var (
	sumSquares = delayed.Wrap("examples/cluster.sumSquares", sumSq)
	addAll     = delayed.Wrap("examples/cluster.addAll", add)
)

// sumSq is the function mapped over the pieces: Σ v² of one piece.
func sumSq(piece *chunk.Dense) float64 {
	s := 0.0
	for _, v := range chunk.Values[float64](piece) {
		s += v * v
	}
	return s
}

// add is the combine step of the tree reduction.
func add(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// piece returns piece i of the dataset: n deterministic normal values,
// as a chunk (a Go NumPy array: it travels as raw bytes, where a []float64
// would go through encoding/gob).
func piece(i, n int) *chunk.Dense {
	r := rand.New(rand.NewPCG(42, uint64(i)))
	d := chunk.NewDense(chunk.Float64, []int{n})
	p := chunk.Values[float64](d)
	for j := range p {
		p[j] = r.NormFloat64()
	}
	return d
}

// check is one compared result.
type check struct {
	Name    string   `json:"name"`
	OK      bool     `json:"ok"`
	Seconds float64  `json:"seconds"` // on the cluster
	MaxDiff float64  `json:"-"`
	Diff    *float64 `json:"max_rel_diff"` // MaxDiff when finite, else null
	Detail  string   `json:"detail,omitempty"`
}

// closeTo reports whether got and want agree to rtol relative to want.
func closeTo(got, want, rtol float64) (bool, float64) {
	d := math.Abs(got-want) / max(math.Abs(want), math.SmallestNonzeroFloat64)
	return d <= rtol, d
}

func main() {
	distributed.RunWorkerIfRequested()

	sched := flag.String("scheduler", "", "join the cluster at this URL (nats://HOST:PORT) instead of starting a local one")
	workers := flag.Int("workers", 2, "worker processes of the local cluster")
	scale := flag.Float64("scale", 1, "multiply every size by this (0 < scale ≤ 1 shrinks the run)")
	zarrDir := flag.String("zarr", "", "where the workers write the Zarr store (default: a temporary directory; on a cluster of several machines, a directory they all share)")
	flag.Parse()
	if *scale <= 0 || math.IsNaN(*scale) || math.IsInf(*scale, 0) {
		log.Fatalf("--scale %g: must be a positive number", *scale)
	}
	if *workers < 1 {
		log.Fatalf("--workers %d: must be at least 1", *workers)
	}
	ctx := context.Background()

	var client *distributed.Client
	start := time.Now()
	if *sched != "" {
		c, err := distributed.Connect(ctx, *sched, distributed.Options{
			User: os.Getenv("CHUNKWISE_USER"), Password: os.Getenv("CHUNKWISE_PASSWORD")})
		if err != nil {
			log.Fatal(err)
		}
		defer c.Close()
		client = c
		// Workers announce themselves through the cluster's key-value
		// bucket: give them a moment to be seen.
		for deadline := time.Now().Add(30 * time.Second); len(c.Workers()) == 0; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				log.Fatalf("no worker has joined the cluster at %s in 30s (start them with CHUNKWISE_WORKER_NATS=%s and this binary)", *sched, *sched)
			}
		}
	} else {
		lc, err := distributed.NewLocalCluster(ctx, distributed.Options{Workers: *workers, Processes: true})
		if err != nil {
			log.Fatal(err)
		}
		defer lc.Close()
		client = lc.Client()
	}
	fmt.Printf("cluster: %d workers, up in %v\n", len(client.Workers()), time.Since(start).Round(time.Millisecond))

	dir := *zarrDir
	if dir == "" {
		d, err := os.MkdirTemp("", "chunkwise-cluster-example")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}

	checks := []check{
		mapReduce(ctx, client, *scale),
		columnMeans(ctx, client, *scale),
		zarrRoundTrip(ctx, client, *scale, filepath.Join(dir, "x.zarr")),
	}
	ok := true
	for _, c := range checks {
		status := "matches"
		if !c.OK {
			status, ok = "DIFFERS: "+c.Detail, false
		}
		fmt.Printf("%-14s %8.3fs  max rel diff %.3g  %s\n", c.Name, c.Seconds, c.MaxDiff, status)
	}
	for i := range checks {
		if d := checks[i].MaxDiff; !math.IsInf(d, 0) && !math.IsNaN(d) {
			checks[i].Diff = &d
		}
	}
	b, err := json.Marshal(map[string]any{"ok": ok, "workers": len(client.Workers()), "scale": *scale, "checks": checks})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	if !ok {
		os.Exit(1)
	}
}

// fail is a check that could not run.
func fail(name string, err error) check {
	return check{Name: name, Detail: err.Error(), MaxDiff: math.Inf(1)}
}

// mapReduce scatters the dataset's pieces to the workers, maps sumSq over
// them, tree-reduces the partial sums with a fan-in of 8 and gathers the
// total, which must equal the same sum computed here.
func mapReduce(ctx context.Context, c *distributed.Client, scale float64) check {
	const name = "map-reduce"
	n, size := max(4, int(64*scale)), max(1000, int(1_000_000*scale))
	pieces := make([]any, n)
	want := 0.0
	for i := range pieces {
		p := piece(i, size)
		pieces[i] = p
		want += sumSq(p)
	}
	t := time.Now()
	futs, err := c.Scatter(ctx, pieces)
	if err != nil {
		return fail(name, err)
	}
	total := c.Reduce(ctx, addAll, c.Map(ctx, sumSquares, asAny(futs)), 8)
	got, err := total.Result(ctx)
	secs := time.Since(t).Seconds()
	if err != nil {
		return fail(name, err)
	}
	v, isFloat := got.(float64)
	if !isFloat {
		return fail(name, fmt.Errorf("the total is a %T, not a float64", got))
	}
	ok, d := closeTo(v, want, 1e-12)
	return check{Name: name, OK: ok, Seconds: secs, MaxDiff: d,
		Detail: fmt.Sprintf("%d pieces of %d values (%.2f GB): Σv² %v on the cluster, %v here", n, size, float64(n*size*8)/1e9, v, want)}
}

// asAny returns futs as a []any, the items of Client.Map.
func asAny(futs []*distributed.Future) []any {
	items := make([]any, len(futs))
	for i, f := range futs {
		items[i] = f
	}
	return items
}

// randomArray is the (50000 × scale, 20000) random array of 2500² chunks:
// 8 GB at scale 1.
func randomArray(scale float64) *array.Array {
	rows := max(1, int(math.Round(20*scale))) * 2500
	cols := 20000
	if scale < 0.05 {
		rows, cols = max(2, int(math.Round(50000*scale))), max(2, int(math.Round(20000*scale)))
		return array.NewRNG(7).Random([]int{rows, cols}, chunk.Regular(max(1, rows/4), max(1, cols/2)))
	}
	return array.NewRNG(7).Random([]int{rows, cols}, chunk.Regular(2500, 2500))
}

// columnMeans computes x.Mean(axis 0) on the cluster, each worker
// generating and reducing its chunks, and here with the local executor.
func columnMeans(ctx context.Context, c *distributed.Client, scale float64) check {
	const name = "mean-axis0"
	m := randomArray(scale).Mean(array.Axis(0))
	t := time.Now()
	got, err := array.ToSlice[float64](ctx, m, array.WithExecutor(c))
	secs := time.Since(t).Seconds()
	if err != nil {
		return fail(name, err)
	}
	want, err := array.ToSlice[float64](ctx, m, array.WithExecutor(&scheduler.Local{}))
	if err != nil {
		return fail(name, err)
	}
	return compare(name, secs, got, want, 1e-12)
}

// zarrRoundTrip has the workers write a random array to a Zarr store at
// path and read it back: what they read must equal the array exactly
// (max |back - x| = 0, also on the workers), and its column sums must
// equal those computed here from the generator.
func zarrRoundTrip(ctx context.Context, c *distributed.Client, scale float64, path string) check {
	const name = "zarr"
	x := randomArray(scale / 8)
	t := time.Now()
	if err := x.ToZarr(ctx, path, zarr.CreateOptions{}, array.WithExecutor(c)); err != nil {
		return fail(name, err)
	}
	back, err := array.FromZarr(ctx, path, nil)
	if err != nil {
		return fail(name, err)
	}
	res, err := array.ComputeAll(ctx, []*array.Array{back.Sum(array.Axis(0)), back.Sub(x).Abs().Max()}, array.WithExecutor(c))
	secs := time.Since(t).Seconds()
	if err != nil {
		return fail(name, err)
	}
	want, err := array.ToSlice[float64](ctx, x.Sum(array.Axis(0)), array.WithExecutor(&scheduler.Local{}))
	if err != nil {
		return fail(name, err)
	}
	r := compare(name, secs, chunk.Values[float64](res[0]), want, 1e-12)
	exact := res[1].Float(0) == 0
	r.OK = r.OK && exact
	r.Detail = fmt.Sprintf("%v written to %s and read back on the cluster: max |back - x| = %g; column sums: %s",
		x.Shape(), path, res[1].Float(0), r.Detail)
	return r
}

// compare checks got against want elementwise to rtol.
func compare(name string, secs float64, got, want []float64, rtol float64) check {
	if len(got) != len(want) {
		return check{Name: name, Seconds: secs, MaxDiff: math.Inf(1),
			Detail: fmt.Sprintf("%d values on the cluster, %d here", len(got), len(want))}
	}
	worst, ok := 0.0, true
	for i := range got {
		good, d := closeTo(got[i], want[i], rtol)
		ok = ok && good
		worst = max(worst, d)
	}
	return check{Name: name, OK: ok, Seconds: secs, MaxDiff: worst, Detail: fmt.Sprintf("%d values", len(got))}
}
