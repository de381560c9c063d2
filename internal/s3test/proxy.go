package s3test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is what a Proxy does to the requests it matches.
type Fault struct {
	// Match selects the requests: those whose method, path and query
	// ("GET /bucket/key?x=y") contain it ("" matches all).
	Match string
	// Count is how many matching requests get the fault (0: every one).
	Count int
	// Status answers a matching request with this status (503, 500, 429)
	// and an S3-style error body instead of forwarding it.
	Status int
	// TruncateAt forwards the request but cuts the response body after
	// this many bytes and drops the connection (the headers still
	// announce the whole length), as a server that dies mid-read.
	TruncateAt int64
	// Stall forwards the request, sends the headers and TruncateAt bytes,
	// then sends nothing for this long, as a server that hangs.
	Stall time.Duration
}

// Proxy is a real HTTP server on 127.0.0.1 that forwards requests to a
// target server, unchanged (Host included, so S3 signatures stay valid),
// except those its Fault matches.
type Proxy struct {
	URL    string // http://127.0.0.1:port
	target string
	tr     *http.Transport

	mu    sync.Mutex
	fault Fault
	hits  int      // matching requests seen since SetFault
	log   []string // "METHOD path?query" of every request
}

// NewProxy starts a proxy in front of target (http://host:port) and stops
// it when t ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{URL: "http://" + ln.Addr().String(), target: strings.TrimPrefix(target, "http://"),
		tr: &http.Transport{DisableCompression: true}}
	srv := &http.Server{Handler: p, ErrorLog: nil}
	go srv.Serve(ln)
	t.Cleanup(func() {
		srv.Close()
		p.tr.CloseIdleConnections()
	})
	return p
}

// SetFault replaces the proxy's fault and resets its hit count.
func (p *Proxy) SetFault(f Fault) {
	p.mu.Lock()
	p.fault, p.hits = f, 0
	p.mu.Unlock()
}

// Requests returns how many requests contain substr (as Fault.Match),
// and clears the log.
func (p *Proxy) Requests(substr string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.log {
		if strings.Contains(r, substr) {
			n++
		}
	}
	p.log = nil
	return n
}

// ServeHTTP forwards r or injects the fault.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	line := r.Method + " " + r.URL.RequestURI()
	p.mu.Lock()
	p.log = append(p.log, line)
	f := p.fault
	hit := strings.Contains(line, f.Match) && (f.Count == 0 || p.hits < f.Count) &&
		(f.Status != 0 || f.TruncateAt != 0 || f.Stall != 0)
	if hit {
		p.hits++
	}
	p.mu.Unlock()
	if hit && f.Status != 0 {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(f.Status)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>injected fault</Message></Error>`)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, "http://"+p.target+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	out.ContentLength = r.ContentLength
	resp, err := p.tr.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	if !hit {
		io.Copy(w, resp.Body)
		return
	}
	io.CopyN(w, resp.Body, f.TruncateAt)
	w.(http.Flusher).Flush()
	if f.Stall > 0 {
		select {
		case <-time.After(f.Stall):
		case <-r.Context().Done():
		}
	}
	panic(http.ErrAbortHandler) // drop the connection mid-body
}
