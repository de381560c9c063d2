package distributed

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chunkwise/chunkwise/scheduler"
)

// The environment through which NewLocalCluster starts worker processes
// (RunWorkerIfRequested reads it).
const (
	envNATS    = "CHUNKWISE_WORKER_NATS"
	envThreads = "CHUNKWISE_WORKER_NTHREADS"
	envMemory  = "CHUNKWISE_WORKER_MEMORY"
	envName    = "CHUNKWISE_WORKER_NAME"
	envToken   = "CHUNKWISE_WORKER_TOKEN"
	envParent  = "CHUNKWISE_WORKER_PARENT"
	envDir     = "CHUNKWISE_WORKER_DIR"
)

// RunWorkerIfRequested turns this process into a worker when it was
// started as one by NewLocalCluster with Processes (through environment
// variables) and then never returns: it exits when the worker stops (0)
// or fails (1, the error on stderr), or when its parent process dies.
// Otherwise it returns at once. Call it first thing in main, and in
// TestMain of tests that start worker processes.
func RunWorkerIfRequested() {
	url := os.Getenv(envNATS)
	if url == "" {
		return
	}
	threads, _ := strconv.Atoi(os.Getenv(envThreads))
	mem, _ := strconv.ParseInt(os.Getenv(envMemory), 10, 64)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if parent, err := strconv.Atoi(os.Getenv(envParent)); err == nil {
		go func() {
			for range time.Tick(500 * time.Millisecond) {
				if os.Getppid() != parent {
					stop()
					return
				}
			}
		}()
	}
	err := RunWorker(ctx, url, WorkerOptions{NThreads: threads, MemoryLimit: mem,
		Name: os.Getenv(envName), Token: os.Getenv(envToken), Dir: os.Getenv(envDir)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "chunkwise worker:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// LocalCluster is a cluster on this machine: an embedded NATS server
// (listening on a free loopback port, so that other processes may join)
// and its workers, as goroutines or as child processes.
type LocalCluster struct {
	s      *server.Server
	dir    string
	ownDir bool
	client *Client
	cancel context.CancelFunc
	wg     sync.WaitGroup
	procs  []*exec.Cmd
}

// NewLocalCluster starts a cluster of opts.Workers workers and connects
// a client to it; it returns once every worker has joined, or an error
// within a few timeouts (a worker process that cannot start, say).
func NewLocalCluster(ctx context.Context, opts Options) (*LocalCluster, error) {
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	if opts.NThreads <= 0 {
		opts.NThreads = max(1, runtime.GOMAXPROCS(0)/opts.Workers)
	}
	if opts.Token == "" {
		opts.Token = randomID(16)
	}
	if opts.MemoryLimit == 0 { // the workers share this machine
		opts.MemoryLimit = max(1, scheduler.DefaultMemoryLimit()/int64(opts.Workers))
	}
	lc := &LocalCluster{dir: opts.Dir}
	if lc.dir == "" {
		d, err := os.MkdirTemp("", "chunkwise-cluster-")
		if err != nil {
			return nil, err
		}
		lc.dir, lc.ownDir = d, true
	}
	s, err := startServer("127.0.0.1:0", filepath.Join(lc.dir, "nats"), opts)
	if err != nil {
		lc.stop()
		return nil, err
	}
	lc.s = s
	if err := setup(ctx, s, opts, jetstream.MemoryStorage); err != nil {
		lc.stop()
		return nil, err
	}
	wctx, cancel := context.WithCancel(context.Background())
	lc.cancel = cancel
	errs := make(chan error, opts.Workers)
	for i := range opts.Workers {
		name := fmt.Sprintf("local%d-%s", i, randomID(3))
		if opts.Processes {
			if err := lc.startProcess(name, opts); err != nil {
				lc.stop()
				return nil, err
			}
			continue
		}
		lc.wg.Add(1)
		go func() {
			defer lc.wg.Done()
			err := runWorker(wctx, "", s, WorkerOptions{NThreads: opts.NThreads, MemoryLimit: opts.MemoryLimit,
				Name: name, Dir: lc.dir, Token: opts.Token, User: opts.User, Password: opts.Password,
				NKeySeedFile: opts.NKeySeedFile, TLS: opts.TLS, Timeout: opts.Timeout}, nil)
			if err != nil {
				errs <- err
			}
		}()
	}
	c, err := connectClient(ctx, "", s, opts)
	if err != nil {
		lc.stop()
		return nil, err
	}
	lc.client = c
	deadline := time.Now().Add(3 * opts.timeout())
	for len(c.Workers()) < opts.Workers {
		select {
		case err := <-errs:
			lc.Close()
			return nil, err
		case <-ctx.Done():
			lc.Close()
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			lc.Close()
			return nil, fmt.Errorf("distributed: only %d of %d workers joined within %v", len(c.Workers()), opts.Workers, 3*opts.timeout())
		}
	}
	return lc, nil
}

// setup creates the streams and buckets with the given storage and
// publishes the data plane's token.
func setup(ctx context.Context, s *server.Server, opts Options, storage jetstream.StorageType) error {
	nc, js, err := connectRaw("", s, opts, "chunkwise setup")
	if err != nil {
		return err
	}
	defer nc.Close()
	tctx, cancel := context.WithTimeout(ctx, opts.timeout())
	defer cancel()
	if err := ensureStreams(tctx, js, storage); err != nil {
		return fmt.Errorf("distributed: setting up streams: %w", err)
	}
	return publishToken(tctx, js, opts.Token)
}

func (lc *LocalCluster) startProcess(name string, opts Options) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envNATS+"="+lc.s.ClientURL(), envThreads+"="+strconv.Itoa(opts.NThreads),
		envMemory+"="+strconv.FormatInt(opts.MemoryLimit, 10), envName+"="+name, envToken+"="+opts.Token,
		envDir+"="+lc.dir, envParent+"="+strconv.Itoa(os.Getpid()))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("distributed: starting worker process %s: %w", exe, err)
	}
	lc.procs = append(lc.procs, cmd)
	return nil
}

// Client returns the cluster's client.
func (lc *LocalCluster) Client() *Client { return lc.client }

// URL returns the NATS URL at which other processes can join the
// cluster (Connect, RunWorker).
func (lc *LocalCluster) URL() string { return lc.s.ClientURL() }

// Pids returns the process ids of the worker processes (none for
// goroutine workers).
func (lc *LocalCluster) Pids() []int {
	var out []int
	for _, p := range lc.procs {
		out = append(out, p.Process.Pid)
	}
	return out
}

// Close closes the client, stops the workers and the server, and
// removes the cluster's files (unless Options.Dir named them).
func (lc *LocalCluster) Close() error {
	lc.client.Close()
	return lc.stop()
}

func (lc *LocalCluster) stop() error {
	if lc.cancel != nil {
		lc.cancel()
	}
	for _, p := range lc.procs {
		p.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range lc.procs {
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			p.Process.Kill()
			<-done
		}
	}
	lc.wg.Wait()
	if lc.s != nil {
		lc.s.Shutdown()
		lc.s.WaitForShutdown()
	}
	if lc.ownDir {
		return os.RemoveAll(lc.dir)
	}
	return nil
}

// ServeScheduler runs the cluster's NATS server (embedded, JetStream with
// file storage in storeDir) on listen ("host:port") until ctx ends;
// ready, if not nil, receives the URL to connect to. It publishes the
// data plane's token (opts.Token, or a random one) for workers and
// clients. With opts.User/Password or NKeySeedFile every connection
// must authenticate; with opts.TLS the server speaks TLS.
func ServeScheduler(ctx context.Context, listen, storeDir string, opts Options, ready func(url string)) error {
	if storeDir == "" {
		return errors.New("distributed: scheduler: no store directory")
	}
	if opts.Token == "" {
		opts.Token = randomID(16)
	}
	s, err := startServer(listen, storeDir, opts)
	if err != nil {
		return err
	}
	defer func() {
		s.Shutdown()
		s.WaitForShutdown()
	}()
	if err := setup(ctx, s, opts, jetstream.FileStorage); err != nil {
		return err
	}
	if opts.Dashboard != "" {
		stop, err := schedulerDashboard(ctx, s, opts)
		if err != nil {
			return err
		}
		defer stop()
	}
	if ready != nil {
		ready(s.ClientURL())
	}
	<-ctx.Done()
	return nil
}
