package kv_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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
	const bound = 20 * time.Second
	check := func(name string, f s3test.Fault, wantOK bool, wantIn ...string) {
		t.Helper()
		p.SetFault(f)
		defer p.SetFault(s3test.Fault{})
		start := time.Now()
		got, err := s.Get(ctx, "k")
		el := time.Since(start)
		if el > bound {
			t.Errorf("%s: took %v", name, el)
		}
		if wantOK {
			if err != nil || !bytes.Equal(got, v) {
				t.Errorf("%s: %d bytes, %v; want the value", name, len(got), err)
			}
			return
		}
		if err == nil {
			t.Errorf("%s: read %d bytes, want an error", name, len(got))
			return
		}
		t.Logf("%s: %v after %v", name, err, el.Round(time.Millisecond))
		for _, w := range append(wantIn, url) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", name, err, w)
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
