package distributed

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/chunk"
)

func TestAdvertisedURL(t *testing.T) {
	lan := func() []net.IP { return []net.IP{net.ParseIP("10.1.2.3"), net.ParseIP("fd00::1")} }
	none := func() []net.IP { return nil }
	for _, c := range []struct {
		ip        string
		advertise string
		addrs     func() []net.IP
		want      string
	}{
		{"127.0.0.1", "", lan, "http://127.0.0.1:8786"},
		{"10.9.9.9", "", lan, "http://10.9.9.9:8786"},
		{"0.0.0.0", "", lan, "http://10.1.2.3:8786"},
		{"::", "", lan, "http://10.1.2.3:8786"},
		{"0.0.0.0", "", none, "http://127.0.0.1:8786"},
		{"0.0.0.0", "node7.example", lan, "http://node7.example:8786"},
		{"0.0.0.0", "fd00::7", lan, "http://[fd00::7]:8786"},
		{"0.0.0.0", "gateway:9000", lan, "http://gateway:9000"},
	} {
		if got := advertisedURL(net.ParseIP(c.ip), 8786, c.advertise, c.addrs); got != c.want {
			t.Errorf("listening on %s, advertise %q: %s, want %s", c.ip, c.advertise, got, c.want)
		}
	}
	// This machine's addresses: none loopback, link-local or
	// unspecified, IPv4 before IPv6.
	seen6 := false
	for _, ip := range hostAddrs() {
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
			t.Errorf("hostAddrs returned %v", ip)
		}
		if ip.To4() == nil {
			seen6 = true
		} else if seen6 {
			t.Errorf("hostAddrs returned IPv4 %v after an IPv6 address", ip)
		}
	}
}

// TestAdvertise runs a worker that advertises "localhost": clients and
// workers see that URL and fetch its values through it.
func TestAdvertise(t *testing.T) {
	lc := cluster(t, Options{Workers: 1, NThreads: 1})
	c := lc.Client()
	ctx := testCtx(t, 30*time.Second)
	goWorker(t, ctx, lc.URL(), WorkerOptions{NThreads: 1, Name: "adv", Listen: "127.0.0.1:0", Advertise: "localhost"})
	waitWorkers(t, ctx, c, 2)
	var url string
	for _, w := range c.Workers() {
		if w.Name == "adv" {
			url = w.URL
		}
	}
	if !strings.HasPrefix(url, "http://localhost:") {
		t.Fatalf("the worker advertises %s, want http://localhost:PORT", url)
	}
	// Scattered to both workers (uploaded to the advertised URL) and
	// gathered back from it.
	values := make([]any, 6)
	for i := range values {
		d := chunk.NewDense(chunk.Float64, []int{1 << 14})
		d.Fill(float64(i))
		values[i] = d
	}
	futs, err := c.Scatter(ctx, values)
	if err != nil {
		t.Fatal(err)
	}
	onAdv := 0
	for _, f := range futs {
		c.mu.Lock()
		for _, w := range f.ks.where {
			if w == "adv" {
				onAdv++
			}
		}
		c.mu.Unlock()
	}
	if onAdv == 0 {
		t.Fatal("scatter put nothing on the advertising worker")
	}
	got, err := c.Gather(ctx, futs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range values {
		if !equalDense(got[i].(*chunk.Dense), values[i].(*chunk.Dense)) {
			t.Fatalf("value %d came back different", i)
		}
	}
}
