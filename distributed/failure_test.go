package distributed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/scheduler"
)

// ranHere counts the slowBig calls run by this process (not by worker
// processes).
var ranHere atomic.Int64

// slowBig returns a chunk of 2^17 float64 (1 MiB, so it lives on the
// worker) filled with i, after a short sleep.
var slowBig = delayed.Wrap("distributed_test.slowBig", func(i int) *chunk.Dense {
	ranHere.Add(1)
	time.Sleep(40 * time.Millisecond)
	d := chunk.NewDense(chunk.Float64, []int{1 << 17})
	for j := range chunk.Values[float64](d) {
		chunk.Values[float64](d)[j] = float64(i)
	}
	return d
})

var addDense = delayed.Wrap("distributed_test.addDense", func(ds []*chunk.Dense) *chunk.Dense {
	out := chunk.NewDense(chunk.Float64, ds[0].Shape())
	o := chunk.Values[float64](out)
	for _, d := range ds {
		for j, v := range chunk.Values[float64](d) {
			o[j] += v
		}
	}
	return out
})

var firstOf = delayed.Wrap("distributed_test.firstOf", func(d *chunk.Dense) float64 { return chunk.Values[float64](d)[0] })

// TestKillWorker kills one of two worker processes in the middle of a
// map and tree reduction of 1 MiB chunks and adds a worker late: the
// result is exact, the late worker gets work, and scattered data
// survives the killed worker.
func TestKillWorker(t *testing.T) {
	lc := cluster(t, Options{Workers: 2, NThreads: 1, Processes: true})
	c := lc.Client()
	ctx := testCtx(t, 90*time.Second)
	scattered := make([]any, 4)
	for i := range scattered {
		d := chunk.NewDense(chunk.Float64, []int{1 << 17})
		chunk.Values[float64](d)[0] = float64(100 + i)
		scattered[i] = d
	}
	sfuts, err := c.Scatter(ctx, scattered)
	if err != nil {
		t.Fatal(err)
	}
	const n = 120
	items := make([]any, n)
	for i := range items {
		items[i] = i
	}
	futs := c.Map(ctx, slowBig, items)
	total := c.Reduce(ctx, addDense, futs, 4)
	done := 0
	for range AsCompleted(ctx, futs) {
		if done++; done == n/4 {
			break
		}
	}
	victim := lc.Pids()[0]
	if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wctx, stop := context.WithCancel(context.Background())
	late := make(chan error, 1)
	go func() { late <- RunWorker(wctx, lc.URL(), WorkerOptions{NThreads: 1, Name: "late"}) }()
	t.Cleanup(func() {
		stop()
		if err := <-late; err != nil {
			t.Error(err)
		}
	})
	v, err := total.Result(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := float64(n * (n - 1) / 2)
	for j, x := range chunk.Values[float64](v.(*chunk.Dense)) {
		if x != want {
			t.Fatalf("element %d of the sum is %v, want %v", j, x, want)
		}
	}
	if ranHere.Load() == 0 {
		t.Error("the worker that joined late ran no task")
	}
	for i, f := range sfuts {
		got, err := c.Submit(ctx, firstOf, f).Result(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != float64(100+i) {
			t.Fatalf("scattered value %d reads %v after the kill", i, got)
		}
	}
	for _, w := range c.Workers() {
		if w.Name == "" || math.IsNaN(float64(w.Slots)) {
			t.Fatalf("bad worker info %+v", w)
		}
	}
}

// TestClientCloseReleases checks that the workers drop a client's values
// once it closes, and that the data plane wants the token.
func TestClientCloseReleases(t *testing.T) {
	lc := cluster(t, Options{Workers: 1})
	ctx := testCtx(t, 30*time.Second)
	c2, err := Connect(ctx, lc.URL(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := chunk.NewDense(chunk.Float64, []int{1 << 17})
	futs, err := c2.Scatter(ctx, []any{d})
	if err != nil {
		t.Fatal(err)
	}
	url := chunkURL(c2.Workers()[0].URL, c2.id, futs[0].Key())
	status := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := status(c2.token); s != http.StatusOK {
		t.Fatalf("GET with the token: %d", s)
	}
	if s := status(""); s != http.StatusUnauthorized {
		t.Fatalf("GET without a token: %d, want 401", s)
	}
	if s := status("wrong"); s != http.StatusUnauthorized {
		t.Fatalf("GET with a wrong token: %d, want 401", s)
	}
	token := c2.token
	if err := c2.Close(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for status(token) != http.StatusNotFound {
		if time.Now().After(deadline) {
			t.Fatal("the worker still holds the closed client's value")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestUploadSize checks the data plane's PUT: a value goes in chunked,
// its size in sizeHeader, and comes back whole; a PUT without the size,
// or whose body is shorter or longer than it, is refused with a
// clear status and stores nothing.
func TestUploadSize(t *testing.T) {
	lc := cluster(t, Options{Workers: 1})
	ctx := testCtx(t, 30*time.Second)
	c := lc.Client()
	waitWorkers(t, ctx, c, 1)
	base := c.Workers()[0].URL
	d := chunk.NewDense(chunk.Float64, []int{100_003})
	for i, v := 0, chunk.Values[float64](d); i < len(v); i++ {
		v[i] = float64(i) / 3
	}
	parts, err := encodeValue(d)
	if err != nil {
		t.Fatal(err)
	}
	size := encodedSize(parts)
	put := func(k scheduler.Key, header string, body []byte) (int, string) {
		req, _ := http.NewRequest(http.MethodPut, chunkURL(base, c.id, k), bytes.NewReader(body))
		req.ContentLength = -1 // chunked, as upload sends it
		req.Header.Set("Authorization", "Bearer "+c.token)
		if header != "" {
			req.Header.Set(sizeHeader, header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		msg, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(msg)
	}
	whole := joined(parts)
	for _, bad := range []struct {
		header string
		body   []byte
		status int
		says   string
	}{
		{"", whole, http.StatusLengthRequired, sizeHeader},
		{"x", whole, http.StatusLengthRequired, sizeHeader},
		{"0", whole, http.StatusLengthRequired, sizeHeader},
		{fmt.Sprint(size), whole[:size-1], http.StatusBadRequest, "reading encoded value"},
		{fmt.Sprint(size), append(whole[:size:size], 0), http.StatusBadRequest, "longer than"},
	} {
		k := scheduler.NewKey("bad-"+randomID(4), nil)
		if s, msg := put(k, bad.header, bad.body); s != bad.status || !strings.Contains(msg, bad.says) {
			t.Errorf("PUT with size %q and %d bytes: %d %q, want %d saying %q", bad.header, len(bad.body), s, msg, bad.status, bad.says)
		}
		if _, _, err := fetch(ctx, c.hc, base, c.token, c.id, k); !errors.Is(err, errGone) {
			t.Errorf("a refused PUT stored something: %v", err)
		}
	}
	k := scheduler.NewKey("good", nil)
	if err := upload(ctx, c.hc, base, c.token, c.id, k, parts); err != nil {
		t.Fatal(err)
	}
	v, n, err := fetch(ctx, c.hc, base, c.token, c.id, k)
	if err != nil || n != size {
		t.Fatalf("fetching the upload: %d bytes, %v", n, err)
	}
	if got := v.(*chunk.Dense); !bytes.Equal(got.Bytes(), d.Bytes()) || !slices.Equal(got.Shape(), d.Shape()) {
		t.Fatal("the uploaded value came back different")
	}
}
