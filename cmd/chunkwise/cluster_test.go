package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/distributed"
	"github.com/chunkwise/chunkwise/internal/testcert"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/chunkwise/chunkwise/store/npy"
)

// start runs chunkwise with args in the background, stopped (SIGTERM,
// then SIGKILL) when the test ends; its stdout lines arrive on the
// returned channel.
func start(t *testing.T, args ...string) (*exec.Cmd, <-chan string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	t.Cleanup(func() { stop(t, cmd, 10*time.Second) })
	return cmd, lines, &errb
}

// stop sends SIGTERM to cmd and waits up to d for it to exit (then kills
// it); it returns cmd's exit error. Calling it twice is harmless.
func stop(t *testing.T, cmd *exec.Cmd, d time.Duration) error {
	t.Helper()
	if cmd.ProcessState != nil {
		return nil
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Errorf("%s did not stop within %v of SIGTERM", strings.Join(cmd.Args, " "), d)
		return errors.New("killed")
	}
}

// TestSchedulerWorker runs a real scheduler process and a real worker
// process, joins them with Connect and computes an array on the worker,
// checked against the local executor.
func TestSchedulerWorker(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	sched, lines, schedErr := start(t, "scheduler", "--listen", "127.0.0.1:0", "--store", t.TempDir())
	var url string
	select {
	case url = <-lines:
	case <-time.After(20 * time.Second):
		t.Fatalf("scheduler printed no URL in 20s; stderr: %s", schedErr)
	}
	if !strings.HasPrefix(url, "nats://127.0.0.1:") {
		t.Fatalf("scheduler printed %q, want nats://127.0.0.1:PORT", url)
	}
	// The worker gets a list of URLs whose first names nothing.
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	free.Close()
	worker, _, workerErr := start(t, "worker", "--scheduler", "nats://"+free.Addr().String()+","+url, "--nthreads", "2",
		"--listen", "127.0.0.1:0", "--name", "w1", "--advertise", "localhost", "--memory-limit", "512MiB")

	c, err := distributed.Connect(ctx, url, distributed.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for len(c.Workers()) < 1 {
		select {
		case <-ctx.Done():
			t.Fatalf("the worker never joined; its stderr: %s", workerErr)
		case <-time.After(50 * time.Millisecond):
		}
	}
	if w := c.Workers(); len(w) != 1 || w[0].Name != "w1" || !strings.HasPrefix(w[0].URL, "http://localhost:") || w[0].Memory != 512<<20 {
		t.Fatalf("workers %+v, want the one named w1 at http://localhost:PORT with 512 MiB", w)
	}

	x := array.NewRNG(3).Random([]int{700, 500}, chunk.Regular(100, 128))
	y := x.Mul(2).Sub(x.Pow(2)).Mean(array.Axis(0))
	got, err := array.ToSlice[float64](ctx, y, array.WithExecutor(c))
	if err != nil {
		t.Fatal(err)
	}
	want, err := array.ToSlice[float64](ctx, y, array.WithExecutor(&scheduler.Local{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 500 || len(want) != 500 {
		t.Fatalf("got %d values, local %d, want 500", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("column %d: %v on the worker, %v locally", i, got[i], want[i])
		}
	}

	// Files read on the worker: each task names its reader by the
	// client's id and the file's path; read in the reverse order of
	// opening, a worker's own ids would name the wrong file if ids were
	// not unique across processes.
	dir := t.TempDir()
	var files []*array.Array
	for i := range 6 {
		d := chunk.NewDense(chunk.Float64, []int{10})
		d.Fill(float64(i + 1))
		p := filepath.Join(dir, strconv.Itoa(i)+".npy")
		if err := npy.WriteFile(p, d); err != nil {
			t.Fatal(err)
		}
		a, err := array.FromNPY(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, a)
	}
	for i := len(files) - 1; i >= 0; i-- {
		s, err := array.ToSlice[float64](ctx, files[i].Sum(), array.WithExecutor(c))
		if err != nil {
			t.Fatal(err)
		}
		if want := float64(10 * (i + 1)); s[0] != want {
			t.Errorf("sum of file %d read on the worker: %v, want %v", i, s[0], want)
		}
	}

	if err := stop(t, worker, 10*time.Second); err != nil {
		t.Errorf("worker exit after SIGTERM: %v; stderr: %s", err, workerErr)
	}
	if err := stop(t, sched, 10*time.Second); err != nil {
		t.Errorf("scheduler exit after SIGTERM: %v; stderr: %s", err, schedErr)
	}
}

// runBounded runs chunkwise with args and fails the test if it takes
// longer than d; it returns stderr and the exit code.
func runBounded(t *testing.T, d time.Duration, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("chunkwise %s: still running after %v", strings.Join(args, " "), d)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return errb.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return errb.String(), 0
}

// TestClusterCommandErrors checks that bad flags and unreachable or
// unusable addresses give one line and exit status 1, in bounded time.
func TestClusterCommandErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	// A port nothing listens on: take one, then free it.
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := free.Addr().String()
	free.Close()

	for _, tc := range []struct {
		args []string
		want string // in the message
	}{
		{[]string{"scheduler"}, "--listen"},
		{[]string{"scheduler", "--listen", "nonsense"}, "nonsense"},
		{[]string{"scheduler", "--listen", busy.Addr().String()}, busy.Addr().String()},
		{[]string{"scheduler", "--listen", "127.0.0.1:0", "stray"}, "stray"},
		{[]string{"scheduler", "--listen", "127.0.0.1:0", "--password", "p"}, "--user"},
		{[]string{"worker"}, "--scheduler"},
		{[]string{"worker", "--scheduler", "nats://" + closed, "--timeout", "2s"}, closed},
		{[]string{"worker", "--scheduler", "nats://" + closed, "--nthreads", "-1"}, "--nthreads"},
		{[]string{"worker", "--scheduler", "nats://" + closed, "--memory-limit", "-5"}, "--memory-limit"},
		{[]string{"worker", "--scheduler", "nats://" + closed, "--memory-limit", "lots"}, "lots"},
		{[]string{"worker", "--scheduler", "nats://" + closed, "--memory-limit", "4GBs"}, "4GBs"},
		{[]string{"worker", "--scheduler", "nats://" + closed, "--timeout", "-1s"}, "--timeout"},
	} {
		stderr, code := runBounded(t, 30*time.Second, tc.args...)
		msg := strings.TrimSpace(stderr)
		if code != 1 || strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "chunkwise: ") || !strings.Contains(msg, tc.want) {
			t.Errorf("chunkwise %s: exit %d, stderr %q; want exit 1 and one line \"chunkwise: …\" naming %q",
				strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}

func TestReachableURL(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"nats://0.0.0.0:4222":   "nats://" + net.JoinHostPort(host, "4222"),
		"tls://[::]:4222":       "tls://" + net.JoinHostPort(host, "4222"),
		"nats://127.0.0.1:4222": "nats://127.0.0.1:4222",
		"nats://sched:4222":     "nats://sched:4222",
	} {
		if got := reachableURL(in); got != want {
			t.Errorf("reachableURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// schedulerURL starts a scheduler with args (after "scheduler --listen
// 127.0.0.1:0") and env, and returns the URL it prints.
func schedulerURL(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"scheduler", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, cmd, 10*time.Second) })
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		io.Copy(io.Discard, out)
	}()
	select {
	case u, ok := <-line:
		if !ok {
			t.Fatalf("scheduler exited without a URL: %s", errb.String())
		}
		return u
	case <-time.After(20 * time.Second):
		t.Fatalf("scheduler printed no URL in 20s: %s", errb.String())
	}
	return ""
}

// waitWorkers connects to url with opts and waits (bounded) until n
// workers have joined.
func waitWorkers(t *testing.T, url string, opts distributed.Options, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := distributed.Connect(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for len(c.Workers()) < n {
		select {
		case <-ctx.Done():
			t.Fatalf("%d of %d workers joined in 30s", len(c.Workers()), n)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestSchedulerPassword checks that a scheduler started with a user and
// password turns away a worker without them, and admits one with them.
func TestSchedulerPassword(t *testing.T) {
	url := schedulerURL(t, []string{"CHUNKWISE_USER=cw", "CHUNKWISE_PASSWORD=s3cret"})
	stderr, code := runBounded(t, 30*time.Second, "worker", "--scheduler", url, "--timeout", "3s")
	if code != 1 || !strings.HasPrefix(stderr, "chunkwise: ") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("worker without credentials: exit %d, stderr %q; want exit 1, one line", code, stderr)
	}
	stderr, code = runBounded(t, 30*time.Second, "worker", "--scheduler", url, "--timeout", "3s", "--user", "cw", "--password", "wrong")
	if code != 1 {
		t.Errorf("worker with a wrong password: exit %d, stderr %q; want exit 1", code, stderr)
	}
	cmd := exec.Command(bin, "worker", "--scheduler", url, "--name", "pw")
	cmd.Env = append(os.Environ(), "CHUNKWISE_USER=cw", "CHUNKWISE_PASSWORD=s3cret")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, cmd, 10*time.Second) })
	waitWorkers(t, url, distributed.Options{User: "cw", Password: "s3cret"}, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if c, err := distributed.Connect(ctx, url, distributed.Options{Timeout: 3 * time.Second}); err == nil {
		c.Close()
		t.Error("Connect without credentials succeeded")
	}
}

// TestSchedulerTLS runs a scheduler serving TLS that requires client
// certificates: a worker process with the CA and its certificate joins
// and runs a task; one without the CA is turned away with one line.
func TestSchedulerTLS(t *testing.T) {
	f := testcert.Write(t, t.TempDir())
	url := schedulerURL(t, nil, "--tls-cert", f.Cert, "--tls-key", f.Key, "--tls-ca", f.CA)
	stderr, code := runBounded(t, 30*time.Second, "worker", "--scheduler", url, "--timeout", "3s")
	if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("worker without TLS: exit %d, stderr %q; want exit 1, one line", code, stderr)
	}
	_, _, workerErr := start(t, "worker", "--scheduler", url, "--name", "tls",
		"--tls-ca", f.CA, "--tls-cert", f.ClientCert, "--tls-key", f.ClientKey)
	opts := distributed.Options{TLS: f.Client(t, true)}
	waitWorkers(t, url, opts, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := distributed.Connect(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	x := array.NewRNG(4).Random([]int{300}, chunk.Regular(100))
	got, err := array.ToSlice[float64](ctx, x.Sum(), array.WithExecutor(c))
	if err != nil {
		t.Fatalf("%v; worker stderr: %s", err, workerErr)
	}
	want, err := array.ToSlice[float64](ctx, x.Sum())
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != want[0] {
		t.Fatalf("sum over TLS %v, locally %v", got[0], want[0])
	}
}
