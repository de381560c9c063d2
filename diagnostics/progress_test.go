//go:build linux

package diagnostics_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/chunk"
	"github.com/chunkwise/chunkwise/delayed"
	"github.com/chunkwise/chunkwise/diagnostics"
	"github.com/chunkwise/chunkwise/store/zarr"
)

// drain collects everything written to the terminal tty until the
// returned function is called. The pty hands output to its reading side
// asynchronously, so that function writes an end marker to tty and reads
// until the marker arrives (everything written before it has then
// arrived too), giving up after 10 s.
func drain(tty, ptm *os.File) func() string {
	const marker = "<end of test output>"
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 4096)
		for !bytes.Contains(buf.Bytes(), []byte(marker)) {
			n, err := ptm.Read(b)
			buf.Write(b[:n])
			if err != nil {
				return
			}
		}
	}()
	return func() string {
		ptm.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(tty, marker); err != nil {
			return "writing the end marker: " + err.Error()
		}
		<-done
		s, _, _ := strings.Cut(buf.String(), marker)
		return s
	}
}

func TestProgressBarOnTerminal(t *testing.T) {
	tty, ptm := openPTY(t)
	out := drain(tty, ptm)
	ctx := context.Background()
	x := array.NewRNG(1).Random([]int{400, 400}, chunk.Regular(100, 100))
	dir := filepath.Join(t.TempDir(), "out.zarr")
	if err := x.ToZarr(ctx, dir, zarr.CreateOptions{Format: 2, Chunks: []int{100, 100}, Overwrite: true}, array.WithProgressBar(tty)); err != nil {
		t.Fatal(err)
	}
	s := out()
	// The bar is drawn, reaches the total and says what was written.
	if !strings.Contains(s, "100%") {
		t.Fatalf("the bar never reached 100%%; terminal got %q", s)
	}
	if !regexp.MustCompile(`\(\d+/\d+, `).MatchString(s) {
		t.Errorf("no task count on the terminal: %q", s)
	}
	if !strings.Contains(s, "1.2 MiB written") { // 400×400 float64
		t.Errorf("no bytes written on the terminal: %q", s)
	}
	if !regexp.MustCompile(`tasks/s`).MatchString(s) {
		t.Errorf("no rate on the terminal: %q", s)
	}
	// The final state is 16+ of 16+ tasks: the count's two sides match.
	m := regexp.MustCompile(`\((\d+)/(\d+), `).FindAllStringSubmatch(s, -1)
	if last := m[len(m)-1:]; len(last) == 1 && last[0][1] != last[0][2] {
		t.Errorf("the last count drawn is %s of %s: %q", last[0][1], last[0][2], s)
	}
}

func TestProgressBarDelayed(t *testing.T) {
	tty, ptm := openPTY(t)
	out := drain(tty, ptm)
	double := delayed.Func1("diagtest.double", func(x int) int { return 2 * x })
	vals := make([]*delayed.Value[int], 20)
	for i := range vals {
		vals[i] = double(delayed.Lit(i))
	}
	got, err := delayed.ComputeAll(context.Background(), vals, delayed.WithProgressBar(tty))
	if err != nil {
		t.Fatal(err)
	}
	if got[19] != 38 {
		t.Fatalf("double(19) = %d", got[19])
	}
	if s := out(); !strings.Contains(s, "100%") || !strings.Contains(s, "(20/20, ") {
		t.Fatalf("the delayed bar did not finish at 20/20: %q", s)
	}
}

func TestProgressBarNotTerminal(t *testing.T) {
	var buf bytes.Buffer
	if b := diagnostics.NewProgressBar(&buf, "x"); b != nil {
		t.Fatal("a bar on a bytes.Buffer")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := array.NewRNG(1).Random([]int{300}, chunk.Regular(10))
	if _, err := array.ToSlice[float64](context.Background(), x.Add(1), array.WithProgressBar(f)); err != nil {
		t.Fatal(err)
	}
	f.Seek(0, io.SeekStart)
	if b, _ := io.ReadAll(f); len(b) != 0 {
		t.Fatalf("a computation wrote %q to a file that is not a terminal", b)
	}
}
