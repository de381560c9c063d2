// Package s3test starts real servers for the tests of chunkwise's remote
// stores: the Versity S3 Gateway (versitygw, an S3 server over a local
// directory) on 127.0.0.1, and a fault-injecting HTTP proxy to put in
// front of it or of any other server.
//
// The versitygw binary is found (CHUNKWISE_VERSITYGW, the user cache
// directory where `make setup` installs it, or PATH) or built with
// `go install` into the cache directory. When neither works the test
// fails; it never skips.
package s3test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/store/kv"
)

// Version is the versitygw release the tests run, and `make setup`
// installs.
const Version = "v1.8.0"

// CacheDir returns the directory the versitygw binary is cached in:
// $XDG_CACHE_HOME (or ~/.cache)/chunkwise/versitygw-<Version>.
func CacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "chunkwise", "versitygw-"+Version), nil
}

var build struct {
	once sync.Once
	path string
	err  error
}

// Binary returns the path of the versitygw binary, building it into
// CacheDir when it is nowhere to be found (a few minutes). It fails t
// when the binary can be neither found nor built.
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() { build.path, build.err = findOrBuild() })
	if build.err != nil {
		t.Fatalf("s3test: no versitygw binary (run `make setup`, or set CHUNKWISE_VERSITYGW): %v", build.err)
	}
	return build.path
}

func findOrBuild() (string, error) {
	if p := os.Getenv("CHUNKWISE_VERSITYGW"); p != "" {
		return p, nil
	}
	dir, err := CacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "versitygw")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	cmd := exec.Command("go", "install", "github.com/versity/versitygw/cmd/versitygw@"+Version)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=", "CGO_ENABLED=0")
	cmd.Dir = os.TempDir() // outside our module
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install versitygw@%s: %v\n%s", Version, err, out)
	}
	return bin, nil
}

// VirtualDomain is the domain under which a Server also answers
// virtual-host requests: host bucket.VirtualDomain names bucket (no DNS
// resolves it: clients reach the server through an HTTP proxy).
const VirtualDomain = "s3.test"

// Server is a running versitygw serving the directory Dir.
type Server struct {
	Endpoint             string // http://127.0.0.1:port
	AccessKey, SecretKey string
	Dir                  string // the buckets' parent directory
	cmd                  *exec.Cmd
	exited               chan struct{} // closed when the process has exited
}

// Start starts versitygw on a free port of 127.0.0.1 over a new temporary
// directory, waits until it answers, and stops it when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := Launch(Binary(t), t.TempDir())
	if err != nil {
		t.Fatalf("s3test: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Launch starts the versitygw binary bin on a free port of 127.0.0.1,
// serving the buckets (subdirectories) of dir with path-style and
// virtual-host addressing (VirtualDomain), and waits up to 20 s until it
// answers. The caller stops it with Stop.
func Launch(bin, dir string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &Server{Endpoint: "http://" + addr, AccessKey: "chunkwise", SecretKey: "chunkwise-secret", Dir: dir,
		exited: make(chan struct{})}
	s.cmd = exec.Command(bin, "--access", s.AccessKey, "--secret", s.SecretKey, "--port", addr,
		"--virtual-domain", VirtualDomain, "--quiet", "--keep-alive", "posix", s.Dir)
	var log strings.Builder
	s.cmd.Stdout, s.cmd.Stderr = &log, &log
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting versitygw: %w", err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	for deadline := time.Now().Add(20 * time.Second); ; {
		resp, err := http.Get(s.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
			return s, nil
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("versitygw exited: %v\n%s", s.cmd.ProcessState, log.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("versitygw did not answer on %s within 20 s\n%s", addr, log.String())
		}
	}
}

// Options returns store options for this server (path-style, its
// credentials), with retries and timeouts kept short for tests.
func (s *Server) Options() kv.S3Options {
	return kv.S3Options{Endpoint: s.Endpoint, AccessKey: s.AccessKey, SecretKey: s.SecretKey,
		Addressing: "path", Remote: kv.Remote{Retries: 3, Backoff: 20 * time.Millisecond, IdleTimeout: 2 * time.Second}}
}

// Bucket creates bucket name on the server and returns its store (under
// prefix).
func (s *Server) Bucket(t testing.TB, name, prefix string) *kv.S3 {
	t.Helper()
	if err := os.Mkdir(filepath.Join(s.Dir, name), 0o755); err != nil && !os.IsExist(err) {
		t.Fatal(err)
	}
	st, err := kv.NewS3(name, prefix, s.Options())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.List(context.Background(), ""); err != nil {
		t.Fatalf("s3test: bucket %s: %v", name, err)
	}
	return st
}

// Env points the standard AWS environment variables at the server for
// the rest of t, so that s3:// URLs (kv.Open) reach it.
func (s *Server) Env(t testing.TB) {
	for k, v := range s.env() {
		t.Setenv(k, v)
	}
}

// Stop kills the server and waits for it to exit (Start's server is also
// stopped when its test ends).
func (s *Server) Stop() {
	s.cmd.Process.Kill()
	<-s.exited
}

// SetEnv sets the standard AWS environment variables of this process to
// point at the server, so that s3:// URLs (kv.Open) reach it.
func (s *Server) SetEnv() {
	for k, v := range s.env() {
		os.Setenv(k, v)
	}
}

func (s *Server) env() map[string]string {
	return map[string]string{"AWS_ENDPOINT_URL": s.Endpoint, "AWS_ENDPOINT_URL_S3": "",
		"AWS_ACCESS_KEY_ID": s.AccessKey, "AWS_SECRET_ACCESS_KEY": s.SecretKey, "AWS_SESSION_TOKEN": "",
		"AWS_REGION": "us-east-1", "AWS_S3_ADDRESSING_STYLE": "path", "AWS_NO_SIGN_REQUEST": ""}
}

// Proxied returns a store of bucket (created) under prefix that reaches
// the server through a new fault proxy, with edit applied to its options
// (nil for none), and the proxy.
func (s *Server) Proxied(t testing.TB, bucket, prefix string, edit func(*kv.S3Options)) (*kv.S3, *Proxy) {
	t.Helper()
	s.Bucket(t, bucket, "")
	p := NewProxy(t, s.Endpoint)
	o := s.Options()
	o.Endpoint = p.URL
	if edit != nil {
		edit(&o)
	}
	st, err := kv.NewS3(bucket, prefix, o)
	if err != nil {
		t.Fatal(err)
	}
	return st, p
}
