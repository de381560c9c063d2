//go:build linux

package chunk

import (
	"syscall"
	"unsafe"
)

// hugePageMin is the size from which a buffer asks the kernel for
// transparent huge pages, as NumPy does for large arrays: streaming
// kernels then miss the TLB far less often.
const hugePageMin = 4 << 20

// adviseHugePages marks the 2 MiB-aligned interior of b for transparent
// huge pages (a hint; errors are ignored).
func adviseHugePages(b []byte) {
	if len(b) < hugePageMin {
		return
	}
	const huge = 2 << 20
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + huge - 1) &^ (huge - 1)
	end := (p + uintptr(len(b))) &^ (huge - 1)
	if end <= start {
		return
	}
	syscall.Madvise(b[start-p:end-p], 14) // MADV_HUGEPAGE
}
