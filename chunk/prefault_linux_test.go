package chunk

import "syscall"

// prefaultWorks says TestPrefault expects prefault to fault pages in.
const prefaultWorks = true

// minorFaults returns the process's minor page faults so far.
func minorFaults() (int64, bool) {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0, false
	}
	return r.Minflt, true
}
