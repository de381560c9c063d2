package distributed

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/chunkwise/chunkwise/internal/testcert"
)

// serve runs ServeScheduler on a free loopback port for the test and
// returns its URL.
func serve(t *testing.T, ctx context.Context, opts Options) string {
	t.Helper()
	urls := make(chan string, 1)
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	// The directory is made here, so that its removal (a cleanup made
	// before the one below) runs after the scheduler has stopped.
	dir := t.TempDir()
	go func() { served <- ServeScheduler(sctx, "127.0.0.1:0", dir, opts, func(u string) { urls <- u }) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	select {
	case u := <-urls:
		return u
	case err := <-served:
		t.Fatalf("scheduler: %v", err)
	case <-ctx.Done():
		t.Fatal("the scheduler did not become ready")
	}
	return ""
}

// goWorker runs a worker goroutine connected to url for the test.
func goWorker(t *testing.T, ctx context.Context, url string, opts WorkerOptions) {
	t.Helper()
	wctx, stop := context.WithCancel(ctx)
	worked := make(chan error, 1)
	go func() { worked <- RunWorker(wctx, url, opts) }()
	t.Cleanup(func() {
		stop()
		if err := <-worked; err != nil {
			t.Error(err)
		}
	})
}

// checkAuth checks that Connect to url fails with each of bad, and that
// with good a client runs a task on a worker that connected with good
// too.
func checkAuth(t *testing.T, ctx context.Context, url string, good Options, bad ...Options) {
	t.Helper()
	for _, o := range bad {
		o.Timeout = time.Second
		if c, err := Connect(ctx, url, o); err == nil {
			c.Close()
			t.Fatalf("connecting with %+v succeeded", o)
		}
	}
	goWorker(t, ctx, url, WorkerOptions{NThreads: 1, User: good.User, Password: good.Password,
		NKeySeedFile: good.NKeySeedFile, CredsFile: good.CredsFile, TLS: good.TLS, Token: good.Token})
	c, err := Connect(ctx, url, good)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if v, err := c.Submit(ctx, inc, 1).Result(ctx); err != nil || v != 2 {
		t.Fatalf("inc(1) = %v, %v with credentials", v, err)
	}
}

func TestSchedulerCredentials(t *testing.T) {
	ctx := testCtx(t, 30*time.Second)
	opts := Options{User: "cw", Password: "secret", Timeout: time.Second}
	url := serve(t, ctx, opts)
	checkAuth(t, ctx, url, opts, Options{}, Options{User: "cw", Password: "wrong"})
}

// TestSchedulerNKey admits the public key of an NKey seed file only.
func TestSchedulerNKey(t *testing.T) {
	ctx := testCtx(t, 30*time.Second)
	seedFile := func(name string) string {
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatal(err)
		}
		seed, err := kp.Seed()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, seed, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, other := seedFile("good.nk"), seedFile("other.nk")
	url := serve(t, ctx, Options{NKeySeedFile: good})
	checkAuth(t, ctx, url, Options{NKeySeedFile: good}, Options{}, Options{NKeySeedFile: other})
	if _, err := Connect(ctx, url, Options{NKeySeedFile: filepath.Join(t.TempDir(), "missing.nk")}); err == nil {
		t.Fatal("a missing seed file is no error")
	} else {
		wantErr(t, err, "missing.nk")
	}
}

// TestSchedulerTLS serves TLS, with and without client certificates: a
// client must trust the CA (and present a certificate when asked).
func TestSchedulerTLS(t *testing.T) {
	ctx := testCtx(t, 60*time.Second)
	f := testcert.Write(t, t.TempDir())
	t.Run("server", func(t *testing.T) {
		url := serve(t, ctx, Options{TLS: f.Server(t, false)})
		checkAuth(t, ctx, url, Options{TLS: f.Client(t, false)}, Options{})
	})
	t.Run("mutual", func(t *testing.T) {
		url := serve(t, ctx, Options{TLS: f.Server(t, true)})
		checkAuth(t, ctx, url, Options{TLS: f.Client(t, true)}, Options{}, Options{TLS: f.Client(t, false)})
	})
}

// TestCredsFile joins an operator's NATS server (operator mode: JWT
// accounts with JetStream) with a credentials file, as a cluster run on
// an operator's own nats-server does; the data plane's token is given,
// since no ServeScheduler published one.
func TestCredsFile(t *testing.T) {
	ctx := testCtx(t, 30*time.Second)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	op, err := nkeys.CreateOperator()
	must(err)
	opPub, err := op.PublicKey()
	must(err)
	opClaims := jwt.NewOperatorClaims(opPub)
	resolver := &server.MemAccResolver{}
	account := func(js bool) (nkeys.KeyPair, string) {
		kp, err := nkeys.CreateAccount()
		must(err)
		pub, err := kp.PublicKey()
		must(err)
		ac := jwt.NewAccountClaims(pub)
		if js {
			ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1, Consumer: -1}
		}
		tok, err := ac.Encode(op)
		must(err)
		must(resolver.Store(pub, tok))
		return kp, pub
	}
	_, sysPub := account(false)
	acc, _ := account(true)
	user, err := nkeys.CreateUser()
	must(err)
	userPub, err := user.PublicKey()
	must(err)
	userJWT, err := jwt.NewUserClaims(userPub).Encode(acc)
	must(err)
	seed, err := user.Seed()
	must(err)
	creds, err := jwt.FormatUserConfig(userJWT, seed)
	must(err)
	credsFile := filepath.Join(t.TempDir(), "user.creds")
	must(os.WriteFile(credsFile, creds, 0o600))

	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true, TrustedOperators: []*jwt.OperatorClaims{opClaims},
		AccountResolver: resolver, SystemAccount: sysPub})
	must(err)
	s.Start()
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	if !s.ReadyForConnections(5 * time.Second) {
		t.Fatal("the operator's NATS server did not start")
	}
	// JetStream comes up for the account a moment after the server.
	for {
		nc, js, err := connectRaw(s.ClientURL(), nil, Options{CredsFile: credsFile}, "probe")
		if err == nil {
			_, err = js.AccountInfo(ctx)
			nc.Close()
		}
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("JetStream did not come up for the account: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	checkAuth(t, ctx, s.ClientURL(), Options{CredsFile: credsFile, Token: "t0ken"}, Options{Token: "t0ken"})
}

// TestSeveralURLs connects a worker and a client through a list of NATS
// URLs whose first names nothing: they use the live one.
func TestSeveralURLs(t *testing.T) {
	lc := cluster(t, Options{Workers: 1, NThreads: 1})
	ctx := testCtx(t, 30*time.Second)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "nats://" + ln.Addr().String()
	ln.Close()
	urls := dead + "," + lc.URL()
	goWorker(t, ctx, urls, WorkerOptions{NThreads: 1, Name: "listed"})
	c, err := Connect(ctx, urls, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	waitWorkers(t, ctx, c, 2)
	futs := c.Map(ctx, inc, []any{1, 2, 3, 4, 5, 6})
	total, err := c.Reduce(ctx, sum, futs, 3).Result(ctx)
	if err != nil || total != 27 {
		t.Fatalf("sum of inc = %v, %v; want 27", total, err)
	}
	// Only dead addresses: an error naming them, within the timeout.
	if _, err := Connect(ctx, dead+","+dead, Options{Timeout: time.Second}); err == nil {
		t.Fatal("connecting to dead addresses succeeded")
	} else {
		wantErr(t, err, dead)
	}
}
