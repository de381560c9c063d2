// Package browsertest loads pages in a real headless Chromium for tests,
// through the DevTools protocol (github.com/chromedp/chromedp): one
// browser per test binary, a tab per page, the page's console errors and
// uncaught exceptions collected, screenshots checked for content.
//
// Chromium is Debian's `chromium` (installed by `make deps`). When it is
// missing a test is skipped, except under CI=true, where it fails: CI
// must run these tests.
package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var (
	once     sync.Once
	browser  context.Context
	shutdown func()
	startErr error
)

// execPath finds a Chromium or Chrome binary.
func execPath() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no chromium on PATH (Debian: apt-get install chromium, or make deps)")
}

// start launches the shared browser once.
func start() {
	path, err := execPath()
	if err != nil {
		startErr = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 1000))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	// Start the browser now (a context with a deadline here would end
	// the browser with it).
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		startErr = fmt.Errorf("starting %s: %w", path, err)
		return
	}
	browser, shutdown = ctx, func() { cancel(); cancelAlloc() }
}

// Close stops the shared browser; call it from TestMain after m.Run.
func Close() {
	if shutdown != nil {
		shutdown()
	}
}

// Page is one loaded page in its own tab.
type Page struct {
	Ctx context.Context
	t   testing.TB

	mu     sync.Mutex
	errors []string
}

// Open loads url in a new tab of the shared browser and waits until its
// document is ready. The tab lives until the test ends; each action on it is
// bounded by timeout.
func Open(t testing.TB, url string, timeout time.Duration) *Page {
	t.Helper()
	once.Do(start)
	if startErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need chromium under CI: %v", startErr)
		}
		t.Skipf("no browser: %v", startErr)
	}
	tab, cancelTab := chromedp.NewContext(browser)
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(cancel)
	p := &Page{Ctx: ctx, t: t}
	// Subscribe before loading, so that no event of the load is lost.
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var b bytes.Buffer
				for _, a := range ev.Args {
					b.Write(a.Value)
					b.WriteString(a.Description)
				}
				p.add("console." + ev.Type.String() + ": " + b.String())
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			p.add(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(":root"))); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	return p
}

func (p *Page) add(s string) {
	p.mu.Lock()
	p.errors = append(p.errors, s)
	p.mu.Unlock()
}

// Errors returns the console errors and uncaught exceptions so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Do runs actions on the page, failing the test on error.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.Ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// Eval evaluates the JavaScript expression js in the page and returns
// its value, failing the test on error.
func Eval[T any](p *Page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.Ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// Screenshot captures the whole page as name.png in the test's artifact
// directory (kept with go test -artifacts), fails the test when the
// picture is blank (a single colour), and returns its path.
func (p *Page) Screenshot(t *testing.T, name string) string {
	t.Helper()
	buf, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if Colours(img) < 2 {
		t.Fatalf("screenshot %s is blank", name)
	}
	path := filepath.Join(t.ArtifactDir(), name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// Colours counts the distinct colours of img, up to 1000.
func Colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
