package linalg

import (
	"syscall"
	"testing"
)

// TestPrefault checks that prefault faults in a fresh buffer's pages:
// writing it afterwards takes almost no page faults.
func TestPrefault(t *testing.T) {
	v := make([]float64, 3<<20+123)
	prefault(v)
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for i := range v {
		v[i] = 1
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	if pages, got := int64(len(v)*8/4096), after.Minflt-before.Minflt; got > pages/8 {
		t.Fatalf("writing a prefaulted buffer of %d pages took %d page faults", pages, got)
	}
}
