//go:build !unix

package diagnostics

import "time"

// cpuTime is 0: this system's processor time is not read.
func cpuTime() time.Duration { return 0 }

// rss is 0: this system's resident memory is not read.
func rss() int64 { return 0 }
