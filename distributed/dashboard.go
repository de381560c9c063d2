package distributed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/diagnostics/dashboard"
)

// statusEvery is how often a cluster dashboard asks for statuses.
const statusEvery = 500 * time.Millisecond

// clusterView is the dashboard source of a whole cluster: the workers'
// statuses and the clients' waiting and running units (status requests,
// see events.go), and the tasks finished (the traces in the results on
// the events stream, which clients ask for while a dashboard watches).
type clusterView struct {
	nc      *nats.Conn
	start   time.Time
	tally   dashboard.Tally
	sampler *diagnostics.Sampler // used by the polling goroutine only
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	mu      sync.Mutex
	workers map[string]seenStatus // guarded by mu
	clients map[string]seenStatus // guarded by mu
	self    diagnostics.Sample    // this process; guarded by mu
}

type seenStatus struct {
	statusMsg
	at time.Time
}

// newClusterView watches the cluster nc and js are connected to until
// close.
func newClusterView(ctx context.Context, nc *nats.Conn, js jetstream.JetStream) (*clusterView, error) {
	v := &clusterView{nc: nc, start: time.Now(), sampler: diagnostics.NewSampler(),
		workers: map[string]seenStatus{}, clients: map[string]seenStatus{}}
	cons, err := js.OrderedConsumer(ctx, eventsStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{"cw.events.>"}, DeliverPolicy: jetstream.DeliverNewPolicy})
	if err != nil {
		return nil, fmt.Errorf("distributed: dashboard: %w", err)
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		var d doneMsg
		if json.Unmarshal(m.Data(), &d) == nil {
			v.onDone(&d)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("distributed: dashboard: %w", err)
	}
	inbox := nc.NewRespInbox()
	sub, err := nc.Subscribe(inbox, func(m *nats.Msg) {
		var s statusMsg
		if json.Unmarshal(m.Data, &s) == nil {
			v.onStatus(s)
		}
	})
	if err != nil {
		cc.Stop()
		return nil, fmt.Errorf("distributed: dashboard: %w", err)
	}
	pctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	v.wg.Add(1)
	go func() {
		defer v.wg.Done()
		defer cc.Stop()
		defer sub.Unsubscribe()
		t := time.NewTicker(statusEvery)
		defer t.Stop()
		for {
			nc.PublishRequest(subjStatus, inbox, nil)
			s := v.sampler.Sample()
			v.mu.Lock()
			v.self = s
			v.mu.Unlock()
			select {
			case <-pctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return v, nil
}

func (v *clusterView) close() {
	v.cancel()
	v.wg.Wait()
}

func (v *clusterView) onDone(d *doneMsg) {
	for _, r := range d.Results {
		if r.Trace == nil || r.Err != "" || r.Missing != nil {
			continue
		}
		v.tally.Add(dashboard.Task{Op: r.Trace.Kernel, Key: r.Key.key().String(), Worker: d.Worker,
			Start: v.since(r.Trace.Start), End: v.since(r.Trace.End), Bytes: r.Size})
	}
}

// since is the seconds from the view's start to t, in Unix nanoseconds.
func (v *clusterView) since(t int64) float64 { return float64(t-v.start.UnixNano()) / 1e9 }

func (v *clusterView) onStatus(s statusMsg) {
	v.mu.Lock()
	defer v.mu.Unlock()
	seen := seenStatus{s, time.Now()}
	switch {
	case s.Worker != nil:
		v.workers[s.Worker.Name] = seen
	case s.Client != nil:
		v.clients[s.Client.ID] = seen
	}
}

// State implements dashboard.Source.
func (v *clusterView) State(since int64) dashboard.State {
	v.mu.Lock()
	st := dashboard.State{Elapsed: time.Since(v.start).Seconds(), RSS: v.self.RSS, Heap: v.self.Heap, CPU: v.self.CPU}
	now := time.Now()
	for name, s := range v.workers {
		if now.Sub(s.at) > deadAfter {
			delete(v.workers, name)
			continue
		}
		w, ws := st.Worker(name), s.Worker
		w.Slots, w.Running, w.Queued, w.RSS, w.CPU = ws.Slots, ws.Running, ws.Queued, ws.RSS, ws.CPU
		w.Held, w.Spilled, w.Limit = ws.Held, ws.Spilled, ws.Limit
	}
	for id, s := range v.clients {
		if now.Sub(s.at) > deadAfter {
			delete(v.clients, id)
			continue
		}
		for k, o := range s.Client.Ops {
			op := st.Op(k)
			op.Waiting += o.Waiting
			op.Running += o.Running
			op.Erred += o.Erred
		}
	}
	v.mu.Unlock()
	v.tally.Fill(&st, since)
	return st
}

// dashServer serves a cluster's dashboard over HTTP.
type dashServer struct {
	view *clusterView
	srv  *http.Server
	url  string
}

// startDashboard serves the dashboard of the cluster nc and js are
// connected to on listen (host:port; port 0 picks a free one).
func startDashboard(ctx context.Context, listen string, nc *nats.Conn, js jetstream.JetStream) (*dashServer, error) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("distributed: dashboard on %s: %w", listen, err)
	}
	v, err := newClusterView(ctx, nc, js)
	if err != nil {
		ln.Close()
		return nil, err
	}
	d := &dashServer{view: v, srv: &http.Server{Handler: dashboard.Handler(v), ReadHeaderTimeout: 10 * time.Second},
		url: "http://" + ln.Addr().String() + "/"}
	go func() {
		if err := d.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			v.close()
		}
	}()
	return d, nil
}

// close stops the server (ending open pages' event streams) and the
// view; a nil d does nothing.
func (d *dashServer) close() {
	if d == nil {
		return
	}
	d.srv.Close()
	d.view.close()
}

// DashboardURL returns the address of the page the client serves with
// Options.Dashboard, or "" without one.
func (c *Client) DashboardURL() string {
	if c.dash == nil {
		return ""
	}
	return c.dash.url
}

// DashboardURL returns the address of the cluster's dashboard page
// (Options.Dashboard), or "" without one.
func (lc *LocalCluster) DashboardURL() string { return lc.client.DashboardURL() }

// schedulerDashboard serves the dashboard of the cluster of the
// embedded server s on opts.Dashboard, through an in-process
// connection; stop ends it.
func schedulerDashboard(ctx context.Context, s *server.Server, opts Options) (stop func(), err error) {
	nc, js, err := connectRaw("", s, opts, "chunkwise dashboard")
	if err != nil {
		return nil, err
	}
	d, err := startDashboard(ctx, opts.Dashboard, nc, js)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return func() { d.close(); nc.Close() }, nil
}
