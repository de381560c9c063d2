package kv_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/internal/s3test"
	"github.com/chunkwise/chunkwise/store"
	"github.com/chunkwise/chunkwise/store/kv"
)

// fileServer serves dir with net/http's file server (which answers Range
// requests) on 127.0.0.1 and returns its URL.
func fileServer(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func TestHTTPStore(t *testing.T) {
	dir := t.TempDir()
	ref := kv.NewMemory()
	d := kv.NewDir(filepath.Join(dir, "x.zarr"))
	ctx := context.Background()
	keys := []string{".zarray", "0.0", "0.1", "c/0/0", "sub dir/a+b", "empty"}
	for i, k := range keys {
		v := bytes.Repeat([]byte{byte(i), 1, 2}, 100*i)
		for _, s := range []store.Store{d, ref} {
			if err := s.Set(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	base := fileServer(t, dir)
	s, err := kv.NewHTTP(base+"/x.zarr", kv.Remote{Retries: 2, Backoff: 10 * time.Millisecond, IdleTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sameAsMemory(t, s, ref, keys)
	if err := s.Set(ctx, "k", nil); !errors.Is(err, kv.ErrReadOnly) {
		t.Errorf("Set: %v, want ErrReadOnly", err)
	}
	if err := s.Delete(ctx, "k"); !errors.Is(err, kv.ErrReadOnly) {
		t.Errorf("Delete: %v, want ErrReadOnly", err)
	}
	if _, err := s.List(ctx, ""); !errors.Is(err, kv.ErrUnsupported) {
		t.Errorf("List: %v, want ErrUnsupported", err)
	}
	if _, err := s.Get(ctx, "nothing"); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), base+"/x.zarr/nothing") {
		t.Errorf("missing key: %v", err)
	}
	for _, bad := range []string{"ftp://x/y", "http://", "http://h/x?q=1", "/local"} {
		if _, err := kv.NewHTTP(bad, kv.Remote{}); err == nil {
			t.Errorf("NewHTTP(%q) accepted", bad)
		}
	}
}

// TestHTTPFaults puts a fault-injecting proxy in front of a file server.
func TestHTTPFaults(t *testing.T) {
	dir := t.TempDir()
	v := bytes.Repeat([]byte("chunk bytes "), 20000)
	if err := os.WriteFile(filepath.Join(dir, "k"), v, 0o644); err != nil {
		t.Fatal(err)
	}
	p := s3test.NewProxy(t, fileServer(t, dir))
	s, err := kv.NewHTTP(p.URL, kv.Remote{Retries: 3, Backoff: 10 * time.Millisecond, IdleTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		f      s3test.Fault
		wantOK bool
		want   string
	}{
		{"two 503s", s3test.Fault{Status: 503, Count: 2}, true, ""},
		{"503 storm", s3test.Fault{Status: 503}, false, "503 Service Unavailable (gave up after 4 attempts)"},
		{"404", s3test.Fault{Status: 404}, false, "key not found"},
		{"403", s3test.Fault{Status: 403}, false, "403 Forbidden"},
		{"one truncated", s3test.Fault{TruncateAt: 5000, Count: 1}, true, ""},
		{"always truncated", s3test.Fault{TruncateAt: 5000}, false, "truncated at 5000 of 100000 bytes"},
		{"stalled", s3test.Fault{TruncateAt: 10, Stall: time.Minute}, false, "no data for 1s"},
	} {
		p.SetFault(c.f)
		start := time.Now()
		got, err := s.GetRange(ctx, "k", 1000, 100000)
		if el := time.Since(start); el > 15*time.Second {
			t.Errorf("%s: took %v", c.name, el)
		}
		switch {
		case c.wantOK && (err != nil || !bytes.Equal(got, v[1000:101000])):
			t.Errorf("%s: %d bytes, %v", c.name, len(got), err)
		case !c.wantOK && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p.URL+"/k")):
			t.Errorf("%s: %v, want an error naming the URL and saying %q", c.name, err, c.want)
		}
		p.SetFault(c.f)
		got, err = readInOrder(s, "k", 100)
		switch {
		case c.wantOK && (err != nil || !bytes.Equal(got, v)):
			t.Errorf("%s, Open: %d bytes, %v", c.name, len(got), err)
		case !c.wantOK && (err == nil || !strings.Contains(err.Error(), p.URL+"/k")):
			t.Errorf("%s, Open: %v, want an error naming the URL", c.name, err)
		}
	}
}

// TestHTTPUnknownLength opens a value sent without Content-Length (a
// chunked response): it is read whole at Open.
func TestHTTPUnknownLength(t *testing.T) {
	v := bytes.Repeat([]byte("streamed "), 5000)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for b := v; len(b) > 0; b = b[min(len(b), 1000):] {
			w.Write(b[:min(len(b), 1000)])
			w.(http.Flusher).Flush() // chunked: no Content-Length
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()
	s, err := kv.NewHTTP("http://"+ln.Addr().String()+"/a.zarr", kv.Remote{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := readInOrder(s, "k", 10)
	if err != nil || !bytes.Equal(got, v) {
		t.Fatalf("read %d bytes, %v; want %d", len(got), err, len(v))
	}
}

// TestHTTPS reads a store served over TLS. The server's certificate is
// trusted through SSL_CERT_FILE, which Go reads once per process, so the
// reads run in a child process.
func TestHTTPS(t *testing.T) {
	if base := os.Getenv("KV_HTTPS_CHILD"); base != "" {
		s, err := kv.NewHTTP(base+"/x.zarr", kv.Remote{Retries: -1})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Get(context.Background(), "c/0"); err != nil || string(got) != "over TLS" {
			t.Fatalf("Get = %q, %v", got, err)
		}
		if got, err := readInOrder(s, "c/0", 4); err != nil || string(got) != "over TLS" {
			t.Fatalf("Open = %q, %v", got, err)
		}
		return
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "x.zarr", "c"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.zarr", "c", "0"), []byte("over TLS"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.FileServer(http.Dir(dir)))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(dir, "ca.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, cert, 0o644); err != nil {
		t.Fatal(err)
	}
	// Untrusted in this process: the error names the URL.
	s, _ := kv.NewHTTP(srv.URL+"/x.zarr", kv.Remote{Retries: -1})
	if _, err := s.Get(context.Background(), "c/0"); err == nil || !strings.Contains(err.Error(), srv.URL+"/x.zarr/c/0") ||
		!strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHTTPS$", "-test.count=1")
	cmd.Env = append(os.Environ(), "KV_HTTPS_CHILD="+srv.URL, "SSL_CERT_FILE="+ca, "SSL_CERT_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestReadBytes checks Remote.ReadBytes: with a budget of one byte, only
// GOMAXPROCS values are read at once. A further Open or Get waits (and
// gives up with its context) until an open value is closed, while reads
// out of order within an open value go on.
func TestReadBytes(t *testing.T) {
	dir := t.TempDir()
	procs := runtime.GOMAXPROCS(0)
	vals := make([][]byte, procs+1)
	for i := range vals {
		vals[i] = bytes.Repeat([]byte{byte(i), 7, 9, 11}, 250)
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)), vals[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := kv.NewHTTP(fileServer(t, dir), kv.Remote{ReadBytes: 1, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	open := make([]store.Value, procs)
	for i := range open {
		if open[i], err = s.Open(ctx, strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	last := strconv.Itoa(procs)
	short, stop := context.WithTimeout(ctx, 200*time.Millisecond)
	defer stop()
	if _, err := s.Open(short, last); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open beyond the budget: %v; want a timeout", err)
	}
	if _, err := s.Get(short, last); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get beyond the budget: %v; want a timeout", err)
	}
	b := make([]byte, 10)
	if _, err := open[0].ReadAt(b, 500); err != nil || !bytes.Equal(b, vals[0][500:510]) {
		t.Fatalf("read out of order within an open value: %q, %v", b, err)
	}
	got := make(chan []byte)
	go func() {
		b, err := s.Get(ctx, last)
		if err != nil {
			t.Error(err)
		}
		got <- b
	}()
	open[0].Close()
	if b := <-got; !bytes.Equal(b, vals[procs]) {
		t.Fatalf("Get after a Close: %d bytes, want the value", len(b))
	}
	for i, v := range open[1:] {
		b := make([]byte, len(vals[i+1]))
		if _, err := v.ReadAt(b, 0); err != nil || !bytes.Equal(b, vals[i+1]) {
			t.Fatalf("value %d: %v", i+1, err)
		}
		v.Close()
	}
}
