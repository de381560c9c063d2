package distributed

import (
	"context"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

// The benchmarks run on a local cluster of two worker processes, like
// the distributed-map-reduce workload of bench/SPEC.md:
//
//	go test -run XXX -bench . -benchtime 1x ./distributed

func benchCluster(b *testing.B) *Client {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	lc, err := NewLocalCluster(ctx, Options{Workers: 2, NThreads: 1, Processes: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lc.Close() })
	return lc.Client()
}

func benchTasks(b *testing.B, n int, run func(ctx context.Context, c *Client, items []any) error) {
	c := benchCluster(b)
	ctx := context.Background()
	items := make([]any, n)
	for i := range items {
		items[i] = i
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if err := run(ctx, c, items); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "tasks/s")
}

func BenchmarkSubmitIncGather(b *testing.B) {
	benchTasks(b, 10000, func(ctx context.Context, c *Client, items []any) error {
		futs := make([]*Future, len(items))
		for i, x := range items {
			futs[i] = c.Submit(ctx, inc, x)
		}
		_, err := c.Gather(ctx, futs)
		return err
	})
}

func BenchmarkMapIncGather(b *testing.B) {
	benchTasks(b, 10000, func(ctx context.Context, c *Client, items []any) error {
		_, err := c.Gather(ctx, c.Map(ctx, inc, items))
		return err
	})
}

func BenchmarkMapTreeReduce(b *testing.B) {
	benchTasks(b, 10000, func(ctx context.Context, c *Client, items []any) error {
		_, err := c.Reduce(ctx, sum, c.Map(ctx, inc, items), 8).Result(ctx)
		return err
	})
}

func BenchmarkScatter(b *testing.B) {
	c := benchCluster(b)
	ctx := context.Background()
	values := make([]any, 1000)
	for i := range values {
		d := chunk.NewDense(chunk.Float64, []int{100000}) // 800 KB
		chunk.Values[float64](d)[0] = float64(i)
		values[i] = d
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		futs, err := c.Scatter(ctx, values)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range futs {
			f.Cancel()
		}
	}
	b.ReportMetric(float64(b.N*1000*800000)/time.Since(start).Seconds()/1e9, "GB/s")
}

func BenchmarkClusterStart(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		lc, err := NewLocalCluster(ctx, Options{Workers: 2, NThreads: 1, Processes: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		lc.Close()
		b.StartTimer()
	}
}
