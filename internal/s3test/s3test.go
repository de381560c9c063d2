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

// Server is a running versitygw serving the directory Dir.
type Server struct {
	Endpoint             string // http://127.0.0.1:port
	AccessKey, SecretKey string
	Dir                  string // the buckets' parent directory
	cmd                  *exec.Cmd
}

// Start starts versitygw on a free port of 127.0.0.1 over a new temporary
// directory, waits until it answers, and stops it when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &Server{Endpoint: "http://" + addr, AccessKey: "chunkwise", SecretKey: "chunkwise-secret", Dir: t.TempDir()}
	s.cmd = exec.Command(bin, "--access", s.AccessKey, "--secret", s.SecretKey, "--port", addr,
		"--quiet", "--keep-alive", "posix", s.Dir)
	var log strings.Builder
	s.cmd.Stdout, s.cmd.Stderr = &log, &log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("s3test: starting versitygw: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(s.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
			return s
		}
		select {
		case err := <-exited:
			t.Fatalf("s3test: versitygw exited: %v\n%s", err, log.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("s3test: versitygw did not answer on %s within 20 s\n%s", addr, log.String())
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
	t.Setenv("AWS_ENDPOINT_URL", s.Endpoint)
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ACCESS_KEY_ID", s.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.SecretKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_S3_ADDRESSING_STYLE", "path")
	t.Setenv("AWS_NO_SIGN_REQUEST", "")
}

// Stop kills the server now (it is also stopped when the test ends).
func (s *Server) Stop() { s.cmd.Process.Kill() }
