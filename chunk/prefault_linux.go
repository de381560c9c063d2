package chunk

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// prefault faults in the whole pages of b with one
// madvise(MADV_POPULATE_WRITE), as writing them would but without a page
// fault per 4 KiB: on the virtual machines chunkwise is measured on each
// fault costs microseconds, and faulting 8 MB in one call takes half
// the time of writing it page by page. b's values are unchanged (pages
// already there stay as they are, new ones read as zero). A kernel
// before Linux 5.14 refuses the call, and then the pages fault on first
// write as before.
func prefault(b []byte) {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo, hi := (p+page-1)&^(page-1), (p+uintptr(len(b)))&^(page-1) // whole pages
	if lo < hi {
		_ = unix.Madvise(b[lo-p:hi-p], unix.MADV_POPULATE_WRITE)
	}
}
