package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/chunkwise/chunkwise/distributed"
)

// clusterFlags are the security flags scheduler and worker share: NATS
// credentials, TLS and the data-plane token. Secrets may come from the
// environment instead of the command line, where other users of the
// machine could read them.
type clusterFlags struct {
	user, password, token  string
	nkeySeed, creds        string
	tlsCert, tlsKey, tlsCA string
	timeout                time.Duration
}

func (f *clusterFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.user, "user", os.Getenv("CHUNKWISE_USER"), "NATS user name (default $CHUNKWISE_USER)")
	c.Flags().StringVar(&f.password, "password", "", "NATS password (default $CHUNKWISE_PASSWORD; prefer the variable: flags are visible in ps)")
	c.Flags().StringVar(&f.token, "token", "", "the data plane's token (default $CHUNKWISE_TOKEN, else the one the cluster publishes)")
	c.Flags().StringVar(&f.nkeySeed, "nkey-seed", "", "file holding an NKey seed to authenticate with (the scheduler admits its public key)")
	c.Flags().StringVar(&f.creds, "creds", "", "NATS credentials file (JWT and seed) of an operator's NATS cluster")
	c.Flags().StringVar(&f.tlsCert, "tls-cert", "", "PEM certificate: the server's (scheduler) or this client's (worker)")
	c.Flags().StringVar(&f.tlsKey, "tls-key", "", "PEM private key of --tls-cert")
	c.Flags().StringVar(&f.tlsCA, "tls-ca", "", "PEM file of the CA that signed the other side's certificates")
	c.Flags().DurationVar(&f.timeout, "timeout", 0, "bound on connecting to the cluster (default 5s)")
}

// options returns the distributed.Options the flags describe; server
// says whether the TLS files are a server's (the scheduler's) or a
// client's.
func (f *clusterFlags) options(server bool) (distributed.Options, error) {
	o := distributed.Options{User: f.user, Password: f.password, Token: f.token,
		NKeySeedFile: f.nkeySeed, CredsFile: f.creds, Timeout: f.timeout}
	if o.Password == "" {
		o.Password = os.Getenv("CHUNKWISE_PASSWORD")
	}
	if o.Token == "" {
		o.Token = os.Getenv("CHUNKWISE_TOKEN")
	}
	if o.Password != "" && o.User == "" {
		return o, fmt.Errorf("--password needs --user")
	}
	if f.timeout < 0 {
		return o, fmt.Errorf("--timeout %v: must not be negative", f.timeout)
	}
	var err error
	o.TLS, err = tlsConfig(f.tlsCert, f.tlsKey, f.tlsCA, server)
	return o, err
}

// tlsConfig builds the TLS configuration of a server (its certificate;
// with a CA, client certificates are required) or of a client (the CA
// to trust; with a certificate, it presents it). No files: nil, no TLS.
func tlsConfig(certFile, keyFile, caFile string, server bool) (*tls.Config, error) {
	if certFile == "" && keyFile == "" && caFile == "" {
		return nil, nil
	}
	if (certFile == "") != (keyFile == "") {
		return nil, fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if server && certFile == "" {
		return nil, fmt.Errorf("--tls-ca needs --tls-cert and --tls-key on the scheduler")
	}
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("--tls-cert/--tls-key: %w", err)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("--tls-ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--tls-ca %s: no PEM certificate in it", caFile)
		}
		if server {
			c.ClientCAs, c.ClientAuth = pool, tls.RequireAndVerifyClientCert
		} else {
			c.RootCAs = pool
		}
	}
	return c, nil
}

// reachableURL replaces an unspecified host in url (a server listening
// on 0.0.0.0 or ::) by this machine's host name, which other machines
// can connect to; other URLs are returned as they are.
func reachableURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	if ip := net.ParseIP(p.Hostname()); ip == nil || !ip.IsUnspecified() {
		return u
	}
	host, err := os.Hostname()
	if err != nil {
		return u
	}
	p.Host = net.JoinHostPort(host, p.Port())
	return p.String()
}

// stopped returns err, or nil when err only says that ctx ended: a
// signal is the normal way to stop a scheduler or a worker.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return nil
	}
	return err
}

// signalContext returns ctx cancelled on SIGINT or SIGTERM.
func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

func init() {
	var listen, store, dash string
	var cf clusterFlags
	cmd := &cobra.Command{
		Use:   "scheduler --listen HOST:PORT [--store DIR] [--dashboard HOST:PORT]",
		Short: "Run a cluster's scheduler: the NATS server that workers and clients connect to",
		Long: `scheduler runs the cluster's control plane, an embedded NATS server with
JetStream, on --listen (HOST:PORT; port 0 picks a free one), keeping its
streams in --store (default: a temporary directory removed on exit). It
prints the URL to give to "chunkwise worker --scheduler" and to
distributed.Connect, then serves until interrupted (SIGINT or SIGTERM).

With --user (and --password or $CHUNKWISE_PASSWORD) clients must log in;
with --nkey-seed they must hold that NKey. With --tls-cert and --tls-key
it speaks only TLS; with --tls-ca too, clients must present a
certificate that CA signed (workers then give --tls-ca, --tls-cert and
--tls-key of their own).

With --dashboard HOST:PORT (port 0 picks a free one) it also serves the
cluster's live dashboard there and prints its address on a second line:
open it in a browser to see every worker's tasks running and queued,
memory, CPU and bytes held and spilled, the task stream and each
operation's progress; /metrics has the same figures for Prometheus.
The page needs no network beyond this address; it carries no
credentials, so give it an address only trusted users reach.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if listen == "" {
				return fmt.Errorf("--listen HOST:PORT is required")
			}
			opts, err := cf.options(true)
			if err != nil {
				return err
			}
			// Probe the address first: a busy port is then a one-line
			// error at once, not a server that never comes up.
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("--listen %s: %w", listen, err)
			}
			ln.Close()
			if dash != "" {
				ln, err := net.Listen("tcp", dash)
				if err != nil {
					return fmt.Errorf("--dashboard %s: %w", dash, err)
				}
				opts.Dashboard = ln.Addr().String() // port 0 resolved
				ln.Close()
			}
			if store == "" {
				d, err := os.MkdirTemp("", "chunkwise-scheduler-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(d)
				store = d
			}
			ctx, stop := signalContext(cmd.Context())
			defer stop()
			out := cmd.OutOrStdout()
			return stopped(ctx, distributed.ServeScheduler(ctx, listen, store, opts, func(url string) {
				fmt.Fprintln(out, reachableURL(url))
				if opts.Dashboard != "" {
					fmt.Fprintln(out, "dashboard:", reachableURL("http://"+opts.Dashboard+"/"))
				}
			}))
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "", "HOST:PORT for the NATS server to listen on")
	cmd.Flags().StringVar(&store, "store", "", "directory for JetStream's files (default: a temporary directory)")
	cmd.Flags().StringVar(&dash, "dashboard", "", "HOST:PORT to serve the cluster's live dashboard and /metrics on")
	cf.add(cmd)
	rootCmd.AddCommand(cmd)
}
