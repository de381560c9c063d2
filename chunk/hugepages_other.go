//go:build !linux

package chunk

import "unsafe"

// adviseHuge does nothing where madvise(MADV_HUGEPAGE) does not exist.
func adviseHuge(p unsafe.Pointer, n int) {}

// AdviseHugeMapping does nothing where madvise(MADV_HUGEPAGE) does not
// exist.
func AdviseHugeMapping(b []byte) {}
