//go:build !linux

package chunk

const prefaultWorks = false

func minorFaults() (int64, bool) { return 0, false }
