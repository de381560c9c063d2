package linalg

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// prefaultMin is the size in bytes from which pooledCopy faults in its
// new tile's pages by one call.
const prefaultMin = 64 << 10

// prefault faults in the whole pages of v with one
// madvise(MADV_POPULATE_WRITE), as writing them would but without a page
// fault per 4 KiB: on the virtual machines chunkwise is measured on each
// fault costs microseconds (a fresh 8 MB tile took 29-41 ms to make and
// fill with the call, 60-76 ms without). v's values are unchanged. A
// kernel before Linux 5.14 refuses the call, and then the pages fault on
// first write as before.
func prefault(v []float64) {
	if len(v)*8 < prefaultMin {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*8)
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo, hi := (p+page-1)&^(page-1), (p+uintptr(len(b)))&^(page-1) // whole pages
	if lo < hi {
		_ = unix.Madvise(b[lo-p:hi-p], unix.MADV_POPULATE_WRITE)
	}
}
