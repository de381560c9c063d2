package distributed

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"os"
)

// Names on the NATS server (see the package documentation).
const (
	tasksStream   = "CHUNKWISE_TASKS"
	eventsStream  = "CHUNKWISE_EVENTS"
	workersBucket = "chunkwise_workers"
	clientsBucket = "chunkwise_clients"
	clusterBucket = "chunkwise_cluster"
	anyConsumer   = "any"
	subjAny       = "cw.tasks.any"
)

func subjWorker(name string) string   { return "cw.tasks.w." + name }
func subjEvents(client string) string { return "cw.events." + client }
func subjCtl(worker string) string    { return "cw.ctl." + worker }

// Timing of leases and liveness; variables so that tests may shorten
// them.
var (
	ackWait       = 6 * time.Second        // a task message not acked by then is redelivered
	heartbeat     = 500 * time.Millisecond // workers' and clients' KV puts
	deadAfter     = 3 * time.Second        // no heartbeat for this long: gone
	maxDeliver    = 5                      // deliveries of one task message before JetStream gives up
	maxAckPending = 1 << 16
)

// Options configures NewLocalCluster, Connect and ServeScheduler.
type Options struct {
	// Workers is how many workers NewLocalCluster starts (default 2).
	Workers int
	// Processes makes NewLocalCluster's workers child processes of
	// os.Executable() (which must call RunWorkerIfRequested first thing);
	// by default they are goroutines of this process.
	Processes bool
	// NThreads is the number of task slots per worker (default
	// GOMAXPROCS/Workers, at least 1).
	NThreads int
	// MemoryLimit is each worker's budget in bytes (see
	// WorkerOptions.MemoryLimit; a negative value: none). 0 means, for
	// NewLocalCluster, scheduler.DefaultMemoryLimit() shared among its
	// workers. A task whose inputs exceed every worker's budget fails.
	MemoryLimit int64
	// Dir is where the cluster keeps its files; by default a temporary
	// directory that Close removes.
	Dir string
	// Token is the data plane's token. NewLocalCluster and
	// ServeScheduler generate one when it is empty and publish it to
	// the cluster's KV bucket; Connect reads it from there.
	Token string
	// User and Password authenticate with NATS (ServeScheduler requires
	// them of every connection when set).
	User, Password string
	// NKeySeedFile is a file holding an NKey seed to authenticate with
	// NATS; ServeScheduler admits that key's public key.
	NKeySeedFile string
	// CredsFile is a NATS credentials file (JWT and seed) for an
	// operator's NATS cluster.
	CredsFile string
	// TLS is the TLS configuration of connections to NATS, and, for
	// ServeScheduler, the server's.
	TLS *tls.Config
	// Timeout bounds connecting and handshakes (default 5 s): an
	// unreachable address is an error, never a hang.
	Timeout time.Duration
	// Dashboard, when not empty, is the host:port (port 0: a free one)
	// on which NewLocalCluster's and Connect's client and
	// ServeScheduler serve the cluster's live dashboard (package
	// diagnostics/dashboard): every worker's tasks, memory, CPU and
	// bytes held and spilled, the task stream and each operation's
	// progress, and Prometheus metrics at /metrics. An address that
	// cannot be bound is an error.
	Dashboard string
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 5 * time.Second
}

// natsOptions are the connect options for o's credentials.
func natsOptions(o Options, name string) ([]nats.Option, error) {
	opts := []nats.Option{nats.Name(name), nats.Timeout(o.timeout()), nats.MaxReconnects(-1),
		nats.ReconnectWait(200 * time.Millisecond)}
	if o.User != "" {
		opts = append(opts, nats.UserInfo(o.User, o.Password))
	}
	if o.NKeySeedFile != "" {
		opt, err := nats.NkeyOptionFromSeed(o.NKeySeedFile)
		if err != nil {
			return nil, fmt.Errorf("distributed: nkey seed: %w", err)
		}
		opts = append(opts, opt)
	}
	if o.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(o.CredsFile))
	}
	if o.TLS != nil {
		opts = append(opts, nats.Secure(o.TLS))
	}
	return opts, nil
}

// connect connects to url (or to the in-process server s) and makes sure
// the cluster's streams and buckets exist.
func connect(ctx context.Context, url string, s *server.Server, o Options, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, js, err := connectRaw(url, s, o, name)
	if err != nil {
		return nil, nil, err
	}
	tctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	if err := ensureStreams(tctx, js, jetstream.MemoryStorage); err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("distributed: setting up streams on %s: %w", url, err)
	}
	return nc, js, nil
}

// connectRaw connects to url, or to the in-process server s.
func connectRaw(url string, s *server.Server, o Options, name string) (*nats.Conn, jetstream.JetStream, error) {
	if s != nil {
		// In-process connections need no TLS (the server does not ask
		// for it), and o.TLS may be the server's own configuration.
		o.TLS = nil
	}
	opts, err := natsOptions(o, name)
	if err != nil {
		return nil, nil, err
	}
	if s != nil {
		opts = append(opts, nats.InProcessServer(s))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("distributed: connecting to %s: %w", url, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(1<<14))
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return nc, js, nil
}

// ensureStreams creates the streams and buckets if they do not exist
// yet; storage applies only to ones created here. The cluster bucket is
// made last: when it exists, so does the rest (others connecting at the
// same time create the same things, which is no error).
func ensureStreams(ctx context.Context, js jetstream.JetStream, storage jetstream.StorageType) error {
	if _, err := js.KeyValue(ctx, clusterBucket); err == nil {
		return nil // set up by the scheduler or another client
	} else if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return err
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: tasksStream,
		Subjects: []string{"cw.tasks.>"}, Retention: jetstream.WorkQueuePolicy, Storage: storage,
		MaxMsgSize: 1 << 20}); err != nil {
		return err
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: eventsStream,
		Subjects: []string{"cw.events.>"}, Retention: jetstream.LimitsPolicy, Storage: storage,
		MaxAge: 10 * time.Minute, MaxMsgSize: 1 << 20}); err != nil {
		return err
	}
	for _, b := range []string{workersBucket, clientsBucket} {
		if _, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: b,
			TTL: 4 * deadAfter, Storage: storage}); err != nil {
			return err
		}
	}
	_, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: clusterBucket, Storage: storage})
	return err
}

// publishToken stores the data plane's token in the cluster bucket.
func publishToken(ctx context.Context, js jetstream.JetStream, token string) error {
	kv, err := js.KeyValue(ctx, clusterBucket)
	if err != nil {
		return err
	}
	_, err = kv.Put(ctx, "token", []byte(token))
	return err
}

// readToken returns the token stored in the cluster bucket, or an error
// saying there is none.
func readToken(ctx context.Context, js jetstream.JetStream) (string, error) {
	kv, err := js.KeyValue(ctx, clusterBucket)
	if err != nil {
		return "", err
	}
	e, err := kv.Get(ctx, "token")
	if err != nil {
		return "", fmt.Errorf("distributed: the cluster has no data-plane token (start it with ServeScheduler or give Options.Token): %w", err)
	}
	return string(e.Value()), nil
}

func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// startServer starts an embedded NATS server with JetStream: listening
// on listen ("host:port"; "" for none, in-process connections only),
// storing in dir.
func startServer(listen, dir string, o Options) (*server.Server, error) {
	so := &server.Options{JetStream: true, StoreDir: dir, NoSigs: true, NoLog: true,
		MaxPayload: 1 << 20, ServerName: "chunkwise-" + randomID(4)}
	if listen == "" {
		so.DontListen = true
	} else {
		host, port, err := net.SplitHostPort(listen)
		if err != nil {
			return nil, fmt.Errorf("distributed: listen address %q: %w", listen, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			return nil, fmt.Errorf("distributed: listen address %q: bad port", listen)
		}
		if p == 0 {
			p = server.RANDOM_PORT
		}
		so.Host, so.Port = host, p
	}
	if o.User != "" {
		so.Username, so.Password = o.User, o.Password
	}
	if o.NKeySeedFile != "" {
		seed, err := os.ReadFile(o.NKeySeedFile)
		if err != nil {
			return nil, fmt.Errorf("distributed: nkey seed: %w", err)
		}
		kp, err := nkeys.ParseDecoratedNKey(seed)
		if err != nil {
			return nil, fmt.Errorf("distributed: nkey seed: %w", err)
		}
		pub, err := kp.PublicKey()
		if err != nil {
			return nil, fmt.Errorf("distributed: nkey seed: %w", err)
		}
		so.Nkeys = []*server.NkeyUser{{Nkey: pub}}
	}
	if o.TLS != nil {
		so.TLSConfig = o.TLS
		so.TLS = true
	}
	s, err := server.NewServer(so)
	if err != nil {
		return nil, fmt.Errorf("distributed: starting NATS: %w", err)
	}
	s.Start()
	if !s.ReadyForConnections(o.timeout()) {
		s.Shutdown()
		return nil, errors.New("distributed: the embedded NATS server did not start in time")
	}
	return s, nil
}
