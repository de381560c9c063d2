package main

import (
	"os"
	"sync"

	"github.com/chunkwise/chunkwise/array"
	"github.com/chunkwise/chunkwise/scheduler"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress returns the options that draw a progress bar of finished tasks
// on stderr, and a function to call when the work is done. Without a
// terminal on stderr there is no bar.
func progress(what string) ([]array.Option, func()) {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil, func() {}
	}
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	f := func(p scheduler.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			bar = progressbar.NewOptions(p.Total,
				progressbar.OptionSetWriter(os.Stderr),
				progressbar.OptionSetDescription(what),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100_000_000),
				progressbar.OptionClearOnFinish())
		}
		bar.Set(p.Done)
	}
	return []array.Option{array.WithProgress(f)}, func() {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			bar.Finish()
		}
	}
}
