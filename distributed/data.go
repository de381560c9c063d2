package distributed

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/chunkwise/chunkwise/scheduler"
)

// dataServer is a worker's HTTP data plane: GET /chunk?c=CLIENT&k=KEY
// sends a value's encoding, PUT stores one (Scatter; its size in bytes
// in header Chunkwise-Size). Every request must carry "Authorization:
// Bearer TOKEN".
type dataServer struct {
	st    *store
	token string
	srv   *http.Server
	ln    net.Listener
	url   string
}

func startDataServer(listen, advertise, token string, st *store) (*dataServer, error) {
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("distributed: data plane: %w", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	d := &dataServer{st: st, token: token, ln: ln, url: advertisedURL(addr.IP, addr.Port, advertise, hostAddrs)}
	mux := http.NewServeMux()
	mux.HandleFunc("/chunk", d.chunk)
	d.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go d.srv.Serve(ln)
	return d, nil
}

func (d *dataServer) close() { d.srv.Close() }

// advertisedURL is the data plane's URL for other machines: advertise
// (a host, or host:port taken as it is) when given; for a listener on
// all interfaces (0.0.0.0 or ::), the first address addrs returns, or
// loopback when it returns none; otherwise the address listened on.
func advertisedURL(ip net.IP, port int, advertise string, addrs func() []net.IP) string {
	host := ip.String()
	switch {
	case advertise != "":
		if _, _, err := net.SplitHostPort(advertise); err == nil {
			return "http://" + advertise
		}
		host = advertise
	case ip.IsUnspecified():
		host = "127.0.0.1"
		if a := addrs(); len(a) > 0 {
			host = a[0].String()
		}
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(port))
}

// hostAddrs returns the addresses of this machine's interfaces that are
// up, other than loopback and link-local ones, IPv4 first.
func hostAddrs() []net.IP {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var v4, v6 []net.IP
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		as, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range as {
			n, ok := a.(*net.IPNet)
			if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsUnspecified() {
				continue
			}
			if n.IP.To4() != nil {
				v4 = append(v4, n.IP)
			} else {
				v6 = append(v6, n.IP)
			}
		}
	}
	return append(v4, v6...)
}

func (d *dataServer) chunk(w http.ResponseWriter, r *http.Request) {
	if !checkToken(r, d.token) {
		http.Error(w, "distributed: missing or wrong cluster token", http.StatusUnauthorized)
		return
	}
	client := r.URL.Query().Get("c")
	k, err := parseKeyID(r.URL.Query().Get("k"))
	if err != nil || client == "" {
		http.Error(w, "distributed: bad chunk request", http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodGet:
		parts, file, size, ok, err := d.st.open(client, k)
		if !ok {
			http.Error(w, "distributed: no such value here", http.StatusNotFound)
			return
		}
		if err != nil { // its spill file is unreadable: the value is lost here
			http.Error(w, "distributed: "+err.Error(), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(size))
		w.Header().Set("Content-Type", "application/octet-stream")
		if file != nil {
			// A corrupt file fails the copy (its checksums are read
			// to the end): the body comes short, which the reader
			// takes for a lost value.
			defer file.Close()
			io.Copy(w, file)
			return
		}
		writeParts(w, parts)
	case http.MethodPut:
		n, err := strconv.ParseInt(r.Header.Get(sizeHeader), 10, 64)
		if err != nil || n <= 0 {
			http.Error(w, "distributed: a value needs its size in bytes in header "+sizeHeader, http.StatusLengthRequired)
			return
		}
		v, err := scheduler.ReadValue(r.Body, n)
		if err == nil {
			var extra [1]byte
			if m, _ := r.Body.Read(extra[:]); m > 0 {
				err = fmt.Errorf("distributed: the value is longer than its %s of %d bytes", sizeHeader, n)
			}
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		parts, err := encodeValue(v)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		d.st.put(client, k, v, parts)
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "distributed: GET or PUT", http.StatusMethodNotAllowed)
	}
}

func checkToken(r *http.Request, token string) bool {
	got := r.Header.Get("Authorization")
	want := "Bearer " + token
	return token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// newHTTPClient is the data plane's client: kept-alive connections to
// every worker.
func newHTTPClient() *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, DisableCompression: true}
	return &http.Client{Transport: tr}
}

func chunkURL(base, client string, k scheduler.Key) string {
	return base + "/chunk?c=" + url.QueryEscape(client) + "&k=" + url.QueryEscape(keyID(k))
}

// errGone says a value is not at a location (the worker died or dropped it).
var errGone = errors.New("value not found there")

// fetch GETs a value from the worker at base, reading into a buffer
// preallocated from Content-Length.
func fetch(ctx context.Context, hc *http.Client, base, token, client string, k scheduler.Key) (any, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, chunkURL(base, client, k), nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", errGone, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, 0, errGone
	case resp.StatusCode != http.StatusOK:
		return nil, 0, fmt.Errorf("distributed: fetching %v from %s: %s", k, base, resp.Status)
	case resp.ContentLength <= 0:
		return nil, 0, fmt.Errorf("distributed: fetching %v from %s: no Content-Length", k, base)
	}
	v, err := scheduler.ReadValue(resp.Body, resp.ContentLength)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", errGone, err)
	}
	return v, resp.ContentLength, nil
}

// sizeHeader gives the encoded size of a value PUT to a worker.
const sizeHeader = "Chunkwise-Size"

// upload PUTs an encoded value to the worker at base. Its size goes in
// sizeHeader, not Content-Length: net/http copies a body of known length
// through a 32 KiB buffer (it hides the body behind an io.LimitReader),
// while a body of unknown length, sent chunked, is written from
// partsReader.WriteTo straight to the connection, each part one chunk.
func upload(ctx context.Context, hc *http.Client, base, token, client string, k scheduler.Key, parts [][]byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, chunkURL(base, client, k),
		&partsReader{parts: append([][]byte(nil), parts...)})
	if err != nil {
		return err
	}
	req.Header.Set(sizeHeader, strconv.FormatInt(encodedSize(parts), 10))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("distributed: uploading %v to %s: %s", k, base, resp.Status)
	}
	return nil
}

// partsReader reads parts one after the other, without copying them
// into one buffer; it consumes its own slice of them.
type partsReader struct {
	parts [][]byte
}

// WriteTo writes the remaining parts to w directly.
func (p *partsReader) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for len(p.parts) > 0 {
		m, err := w.Write(p.parts[0])
		n += int64(m)
		if err != nil {
			return n, err
		}
		p.parts = p.parts[1:]
	}
	return n, nil
}

func (p *partsReader) Read(b []byte) (int, error) {
	for len(p.parts) > 0 && len(p.parts[0]) == 0 {
		p.parts = p.parts[1:]
	}
	if len(p.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.parts[0])
	p.parts[0] = p.parts[0][n:]
	return n, nil
}
