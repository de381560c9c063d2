package kv_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
)

// rangeStore is a store that reads ranges and lists directories.
type rangeStore interface {
	store.Store
	GetRange(ctx context.Context, key string, offset, length int64) ([]byte, error)
}

// sameAsMemory runs the same reads on s and on ref (a kv.Memory holding
// the same values) and reports any difference: values, ranges (inside
// and outside the value), missing keys and listings.
func sameAsMemory(t *testing.T, s, ref rangeStore, keys []string) {
	t.Helper()
	ctx := context.Background()
	for _, k := range append(slices.Clone(keys), "missing/key") {
		want, werr := ref.Get(ctx, k)
		got, gerr := s.Get(ctx, k)
		if !bytes.Equal(got, want) || errors.Is(gerr, store.ErrNotFound) != errors.Is(werr, store.ErrNotFound) || (gerr == nil) != (werr == nil) {
			t.Fatalf("Get(%q) = %d bytes, %v; want %d bytes, %v", k, len(got), gerr, len(want), werr)
		}
		if pg, ok := s.(store.PooledGetter); ok {
			got, release, err := pg.GetPooled(ctx, k)
			if !bytes.Equal(got, want) || (err == nil) != (werr == nil) {
				t.Fatalf("GetPooled(%q) = %d bytes, %v; want %d bytes, %v", k, len(got), err, len(want), werr)
			}
			if release != nil {
				release()
			}
		} else {
			t.Fatalf("%T is not a store.PooledGetter", s)
		}
		sameOpened(t, s, ref, k)
		n := int64(len(want))
		for _, r := range [][2]int64{{0, -1}, {0, n}, {1, -1}, {n / 3, n / 2}, {-n, -1}, {-16, 16}, {-16, 8}, {n, 0}, {0, 0},
			{n, 1}, {n + 5, -1}, {-n - 1, -1}, {2, n}, {-4, 5}} {
			want, werr := ref.GetRange(ctx, k, r[0], r[1])
			got, gerr := s.GetRange(ctx, k, r[0], r[1])
			if !bytes.Equal(got, want) || (gerr == nil) != (werr == nil) {
				t.Fatalf("GetRange(%q, %d, %d) = %d bytes, %v; want %d bytes, %v", k, r[0], r[1], len(got), gerr, len(want), werr)
			}
		}
	}
}

// sameOpened compares positioned reads of key through s's and ref's
// store.Opener: in order (as store/zarr reads a chunk: a header, then the
// rest, one request), out of order (ranged), and past the end.
func sameOpened(t *testing.T, s, ref store.Store, key string) {
	t.Helper()
	want, werr := readOpened(ref, key)
	got, gerr := readOpened(s, key)
	if !slices.Equal(got, want) || errors.Is(gerr, store.ErrNotFound) != errors.Is(werr, store.ErrNotFound) || (gerr == nil) != (werr == nil) {
		t.Fatalf("Open(%q) read %q, %v; want %q, %v", key, got, gerr, want, werr)
	}
}

// readOpened opens key and returns what a series of positioned reads
// gave: the size, the value read as a 7-byte header then the rest, a
// middle part read again out of order, and a read from the middle past
// the end (each with its error).
func readOpened(s store.Store, key string) ([]string, error) {
	v, err := s.(store.Opener).Open(context.Background(), key)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	n := v.Size()
	out := []string{fmt.Sprint("size ", n)}
	read := func(off, len int64) {
		b := make([]byte, max(len, 0))
		k, err := v.ReadAt(b, off)
		out = append(out, fmt.Sprintf("%d@%d: %x, %v", k, off, b[:k], err))
	}
	h := min(7, n)
	read(0, h)
	read(h, n-h)
	read(n/4, n/2)
	read(n/2, n)
	read(n+3, 1)
	return out, nil
}

func TestS3Store(t *testing.T) {
	srv := s3test.Start(t)
	s := srv.Bucket(t, "data", "some/prefix")
	ref := kv.NewMemory()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []string{"a/.zarray", "a/0.0", "a/0.1", "b/c/0/0", "b/zarr.json", "top", "x.zarr/c/1/2", "empty"}
	for i, k := range keys {
		v := make([]byte, 20+rng.IntN(3000))
		if k == "empty" {
			v = nil
		}
		for j := range v {
			v[j] = byte(rng.Uint32())
		}
		if i == 0 {
			v = v[:20]
		}
		for _, st := range []store.Store{s, ref} {
			if err := st.Set(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	sameAsMemory(t, s, ref, keys)
	for _, p := range []string{"", "a/", "a", "b/c/", "x.zarr/c/1"} {
		want, _ := ref.List(ctx, p)
		got, err := s.List(ctx, p)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("List(%q) = %v, %v; want %v", p, got, err, want)
		}
	}
	for _, p := range []string{"", "a", "b/", "x.zarr/c", "nothing"} {
		want, _ := ref.ListDir(ctx, p)
		got, err := s.ListDir(ctx, p)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ListDir(%q) = %v, %v; want %v", p, got, err, want)
		}
	}
	if err := s.Delete(ctx, "a/0.0"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "a/0.0"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	if _, err := s.Get(ctx, "a/0.0"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "s3://data/some/prefix/a/0.0") {
		t.Fatalf("Get after Delete: %v, want ErrNotFound naming the URL", err)
	}
	if _, err := s.Get(ctx, "../x"); !errors.Is(err, kv.ErrInvalidKey) {
		t.Fatalf("bad key: %v", err)
	}
	if got := s.String(); got != "s3://data/some/prefix" {
		t.Errorf("String = %q", got)
	}
}

// TestS3EmptyValues writes empty values and reads at once on the same
// connection: an empty streaming-signed PUT made versitygw answer bytes it
// left unread with a 400, which the next request received.
func TestS3EmptyValues(t *testing.T) {
	s := s3test.Start(t).Bucket(t, "empties", "")
	ctx := context.Background()
	for i := range 40 {
		k := fmt.Sprint("k", i%3)
		if err := s.Set(ctx, k, nil); err != nil {
			t.Fatal(err)
		}
		if v, err := s.Get(ctx, k); err != nil || len(v) != 0 {
			t.Fatalf("round %d: Get after an empty Set = %q, %v", i, v, err)
		}
	}
}

// TestS3Multipart uploads a value larger than the part size through a
// proxy that counts the requests: it goes up in parts and reads back
// whole.
func TestS3Multipart(t *testing.T) {
	s, p := s3test.Start(t).Proxied(t, "big", "", func(o *kv.S3Options) { o.PartSize = 5 << 20 })
	v := make([]byte, 12<<20+12345)
	for i := range v {
		v[i] = byte(i * 7 / 3)
	}
	ctx := context.Background()
	if err := s.Set(ctx, "shard/c/0", v); err != nil {
		t.Fatal(err)
	}
	if n := p.Requests("partNumber="); n != 3 {
		t.Errorf("%d part uploads for a 12 MiB value in 5 MiB parts, want 3", n)
	}
	got, err := s.Get(ctx, "shard/c/0")
	if err != nil || !bytes.Equal(got, v) {
		t.Fatalf("read back %d of %d bytes (equal: %v), %v", len(got), len(v), bytes.Equal(got, v), err)
	}
	small := []byte("small")
	if err := s.Set(ctx, "small", small); err != nil {
		t.Fatal(err)
	}
	if n := p.Requests("uploadId"); n != 0 {
		t.Errorf("a 5-byte value used %d multipart requests", n)
	}
}

// TestS3Faults checks that every failure comes back as a clear error
// naming the object's URL, after bounded retries, within a bounded time,
// and that transient faults are retried through.
func TestS3Faults(t *testing.T) {
	srv := s3test.Start(t)
	s, p := srv.Proxied(t, "bkt", "z", nil)
	ctx := context.Background()
	v := bytes.Repeat([]byte("0123456789abcdef"), 8192) // 128 KiB
	if err := s.Set(ctx, "k", v); err != nil {
		t.Fatal(err)
	}
	const url = "s3://bkt/z/k"
	// within bounds the error must arrive (retries × backoff, idle timeout)
	const bound = 30 * time.Second
	check := func(name string, f s3test.Fault, wantOK bool, wantIn ...string) {
		t.Helper()
		p.SetFault(f)
		defer p.SetFault(s3test.Fault{})
		for _, how := range []string{"Get", "Open"} {
			p.SetFault(f)
			start := time.Now()
			got, err := s.Get(ctx, "k")
			if how == "Open" {
				got, err = readInOrder(s, "k", 100)
			}
			el := time.Since(start)
			if el > bound {
				t.Errorf("%s, %s: took %v", name, how, el)
			}
			if wantOK {
				if err != nil || !bytes.Equal(got, v) {
					t.Errorf("%s, %s: %d bytes, %v; want the value", name, how, len(got), err)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s, %s: read %d bytes, want an error", name, how, len(got))
				continue
			}
			t.Logf("%s, %s: %v after %v", name, how, err, el.Round(time.Millisecond))
			for _, w := range append(wantIn, url) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s, %s: error %q does not say %q", name, how, err, w)
				}
			}
		}
	}
	check("two 503s", s3test.Fault{Match: "GET", Status: 503, Count: 2}, true)
	check("503 storm", s3test.Fault{Match: "GET", Status: 503}, false, "503")
	check("one truncated body", s3test.Fault{Match: "GET", TruncateAt: 1000, Count: 1}, true)
	check("always truncated", s3test.Fault{Match: "GET", TruncateAt: 1000}, false, "truncated", "attempts")
	check("stalled body", s3test.Fault{Match: "GET", TruncateAt: 100, Stall: time.Minute}, false, "no data for", "attempts")
	check("429 throttling, then fine", s3test.Fault{Match: "GET", Status: 429, Count: 1}, true)

	// A write that keeps failing is reported, naming the key.
	p.SetFault(s3test.Fault{Match: "PUT", Status: 500})
	if err := s.Set(ctx, "w", v); err == nil || !strings.Contains(err.Error(), "s3://bkt/z/w") {
		t.Errorf("Set through a 500 storm: %v", err)
	}
	p.SetFault(s3test.Fault{})
	if _, err := s.Get(ctx, "w"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a failed write left something behind: %v", err)
	}

	// Wrong credentials, a missing bucket: clear errors, no retries.
	bad := srv.Options()
	bad.SecretKey = "wrong"
	wrong, _ := kv.NewS3("bkt", "z", bad)
	start := time.Now()
	if _, err := wrong.Get(ctx, "k"); err == nil || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "Signature") {
		t.Errorf("wrong secret: %v", err)
	}
	bad.AccessKey = "nobody"
	wrong, _ = kv.NewS3("bkt", "z", bad)
	if _, err := wrong.Get(ctx, "k"); err == nil || !strings.Contains(err.Error(), url) || errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown access key: %v", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("credential errors took %v: retried?", el)
	}
	nob, _ := kv.NewS3("nobucket", "", srv.Options())
	if _, err := nob.Get(ctx, "k"); err == nil || errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), `s3://nobucket/k: bucket "nobucket" does not exist`) {
		t.Errorf("missing bucket: %v", err)
	}
	if err := nob.Set(ctx, "k", v); err == nil || !strings.Contains(err.Error(), "s3://nobucket/k") {
		t.Errorf("writing to a missing bucket: %v", err)
	}

	// The server goes away: a fast error naming the URL, not a hang.
	dead, _ := kv.NewS3("bkt", "z", srv.Options())
	if _, err := dead.Get(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	start = time.Now()
	if _, err := dead.Get(ctx, "k"); err == nil || !strings.Contains(err.Error(), url) {
		t.Errorf("dead server: %v", err)
	}
	if el := time.Since(start); el > bound {
		t.Errorf("dead server: error after %v", el)
	}
}

// readInOrder reads key through store.Opener as store/zarr reads a
// chunk: its first head bytes, then the rest.
func readInOrder(s store.Store, key string, head int) ([]byte, error) {
	v, err := s.(store.Opener).Open(context.Background(), key)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	b := make([]byte, v.Size())
	h := min(head, len(b))
	if _, err := v.ReadAt(b[:h], 0); err != nil {
		return nil, err
	}
	if _, err := v.ReadAt(b[h:], int64(h)); err != nil {
		return nil, err
	}
	return b, nil
}

// TestS3OpenSlots checks that an open value holds one concurrency slot
// and reads out of order within it: with Concurrency 1 nothing waits on
// itself, and the slot is free again after Close.
func TestS3OpenSlots(t *testing.T) {
	srv := s3test.Start(t)
	s, p := srv.Proxied(t, "bkt", "", func(o *kv.S3Options) { o.Concurrency = 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	v := bytes.Repeat([]byte("0123456789"), 100)
	if err := s.Set(ctx, "k", v); err != nil {
		t.Fatal(err)
	}
	p.Requests("")
	for range 3 {
		got, err := readInOrder(s, "k", 10)
		if err != nil || !bytes.Equal(got, v) {
			t.Fatalf("in order: %d bytes, %v", len(got), err)
		}
	}
	if n := p.Requests("GET"); n != 3 {
		t.Errorf("3 reads in order made %d GETs, want 3", n)
	}
	o, err := s.Open(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 10)
	if _, err := o.ReadAt(b, 500); err != nil || !bytes.Equal(b, v[500:510]) {
		t.Fatalf("ranged read in the open value's slot: %q, %v", b, err)
	}
	short, stop := context.WithTimeout(ctx, 200*time.Millisecond)
	defer stop()
	if got, err := s.Get(short, "k"); !errors.Is(err, context.DeadlineExceeded) { // waits for the slot
		t.Fatalf("Get while the only slot is held: %d bytes, %v; want a timeout", len(got), err)
	}
	o.Close()
	if _, err := s.Get(context.Background(), "k"); err != nil {
		t.Fatalf("Get after Close: %v", err)
	}
	if _, err := s.Open(ctx, "nope"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "s3://bkt/nope") {
		t.Errorf("Open of a missing key: %v", err)
	}
}

func TestOpenURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"s3://bucket/a/b.zarr", "s3://bucket/a/b.zarr"},
		{"S3://bucket", "s3://bucket/"},
		{"https://example.com/x.zarr/", "https://example.com/x.zarr"},
		{"http://127.0.0.1:8080/d", "http://127.0.0.1:8080/d"},
		{"file:///tmp/x.zarr", "/tmp/x.zarr"},
		{"relative/dir", "relative/dir"},
	} {
		s, err := kv.Open(c.in)
		if err != nil {
			t.Errorf("Open(%q): %v", c.in, err)
			continue
		}
		got := fmt.Sprint(s)
		if d, ok := s.(*kv.Dir); ok {
			got = d.Root()
		}
		if got != c.want {
			t.Errorf("Open(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"gs://bucket/x", "s3:///x", "s3://b/x?versionId=1", "https://", "ftp://h/x", "file://host/x", "s3://b/../x"} {
		if _, err := kv.Open(bad); err == nil || !strings.Contains(err.Error(), "kv:") {
			t.Errorf("Open(%q): %v, want an error", bad, err)
		}
	}
	if !kv.IsURL("HTTPS://x") || kv.IsURL("/tmp/s3://x") || kv.IsURL("s3:/x") {
		t.Error("IsURL")
	}
}

// TestS3VirtualHost reads and writes with virtual-host addressing
// (https://bucket.host/key). Nothing resolves bucket.s3.test, so a child
// process (HTTP_PROXY is read once per process) sends its requests through
// the proxy, which forwards them to the server with their Host header.
func TestS3VirtualHost(t *testing.T) {
	if os.Getenv("KV_VIRTUAL_HOST_CHILD") != "" {
		virtualHostChild(t)
		return
	}
	srv := s3test.Start(t)
	srv.Bucket(t, "vbkt", "")
	p := s3test.NewProxy(t, srv.Endpoint)
	cmd := exec.Command(os.Args[0], "-test.run=^TestS3VirtualHost$", "-test.count=1")
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.Endpoint, "http://"), ":")
	cmd.Env = append(os.Environ(), "KV_VIRTUAL_HOST_CHILD=1", "HTTP_PROXY="+p.URL, "NO_PROXY=", "no_proxy=",
		"KV_ENDPOINT=http://"+s3test.VirtualDomain+":"+port, "KV_ACCESS="+srv.AccessKey, "KV_SECRET="+srv.SecretKey)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	// Virtual-host requests name the key alone in their path ("GET
	// /dir/k", where path-style says "GET /vbkt/dir/k").
	if n := p.Requests(" /dir/k"); n < 3 {
		t.Errorf("%d virtual-host requests for dir/k through the proxy, want the PUT and the GETs", n)
	}
	got, err := srv.Bucket(t, "vbkt", "").Get(context.Background(), "dir/k")
	if err != nil || string(got) != "virtual" {
		t.Errorf("path-style read of the virtual-host write: %q, %v", got, err)
	}
}

func virtualHostChild(t *testing.T) {
	s, err := kv.NewS3("vbkt", "", kv.S3Options{Endpoint: os.Getenv("KV_ENDPOINT"), Addressing: "virtual",
		AccessKey: os.Getenv("KV_ACCESS"), SecretKey: os.Getenv("KV_SECRET"), Remote: kv.Remote{Retries: -1}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Set(ctx, "dir/k", []byte("virtual")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "dir/k"); err != nil || string(got) != "virtual" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if got, err := readInOrder(s, "dir/k", 2); err != nil || string(got) != "virtual" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if keys, err := s.List(ctx, ""); err != nil || !slices.Equal(keys, []string{"dir/k"}) {
		t.Fatalf("List = %q, %v", keys, err)
	}
}
