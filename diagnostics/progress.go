package diagnostics

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// ProgressBar draws a computation's progress on a terminal: tasks done
// of total, bytes written by store writes, the rate and the time left.
// Its methods are safe for concurrent use; it may be fed by several runs
// in turn, starting a fresh bar for each.
type ProgressBar struct {
	w    io.Writer
	what string

	written atomic.Int64 // bytes handed to store writes by the current run

	mu  sync.Mutex
	bar *progressbar.ProgressBar // guarded by mu; nil between runs
}

// NewProgressBar returns a bar that draws on w, labelled what, when w is
// a terminal (an *os.File on a terminal device), and nil otherwise. A nil
// *ProgressBar is valid and draws nothing.
func NewProgressBar(w io.Writer, what string) *ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &ProgressBar{w: w, what: what}
}

// Progress draws p. Once p.Done reaches p.Total the bar is drawn full
// and left on its line; a later call starts a new bar.
func (b *ProgressBar) Progress(p scheduler.Progress) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar == nil {
		b.bar = progressbar.NewOptions(p.Total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(b.what),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("tasks"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100_000_000))
	}
	if n := b.written.Load(); n > 0 {
		b.bar.Describe(b.what + " " + FormatBytes(n) + " written")
	}
	if p.Done >= p.Total {
		b.bar.Finish() // draws the full bar whatever the throttle
		b.endLocked()
		return
	}
	b.bar.Set(p.Done)
}

// Trace counts the bytes that tasks write to stores: those whose value
// has a method WrittenBytes() int64.
func (b *ProgressBar) Trace(ev scheduler.Event) {
	if b == nil {
		return
	}
	if w, ok := ev.Value.(interface{ WrittenBytes() int64 }); ok {
		b.written.Add(w.WrittenBytes())
	}
}

// Finish ends the current bar, if any, where it stands and moves to the
// next line: call it when a computation stops before its last task.
func (b *ProgressBar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		b.bar.Exit()
		b.endLocked()
	}
}

func (b *ProgressBar) endLocked() {
	fmt.Fprintln(b.w)
	b.bar = nil
	b.written.Store(0)
}

// FormatBytes formats n bytes with a binary unit, as "1.5 MiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
