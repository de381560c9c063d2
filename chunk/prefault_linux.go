package chunk

import (
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Prefault makes the pages of b resident, on n goroutines, when most of
// them are not (memory the process has not touched yet, or handed back
// to the OS), so that the writes that fill b do not fault them in one at
// a time: a computed result (array's newResult, on every core before the
// run) and a new linear-algebra tile (on its task's goroutine). On the
// virtual machines the benchmarks run on, where a first touch costs
// about 1.5 µs a page, madvise(MADV_POPULATE_WRITE) over 128 MB took
// 41–45 ms against 52 ms of touching each page on one thread, and 23 ms
// split over two threads against 31–41 ms of touching on two; a fresh
// 8 MB tile took 29–41 ms to make and fill with it, 60–76 ms without.
// Resident pages are not populated again (that walk costs 5–10 ms for
// 128 MB), so a sample of pages is asked first (mincore): memory the Go
// runtime zeroed for reuse is resident already. Buffers below
// prefaultMin, and kernels without the advice (before Linux 5.14), are
// left as they are: it is a hint, and b's contents never change.
func Prefault(b []byte, n int) {
	page := uintptr(unix.Getpagesize())
	if len(b) < prefaultMin || n < 1 {
		return
	}
	lo := (uintptr(unsafe.Pointer(unsafe.SliceData(b))) + page - 1) &^ (page - 1)
	hi := (uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(len(b))) &^ (page - 1)
	if !mostlyAbsent(lo, hi, page) {
		return
	}
	pages := (hi - lo) / page
	n = min(n, int(pages*page/(prefaultMin/2))) // at least half prefaultMin each
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			populate(lo+pages*uintptr(w)/uintptr(n)*page, lo+pages*uintptr(w+1)/uintptr(n)*page)
		}()
	}
	populate(lo, lo+pages/uintptr(n)*page)
	wg.Wait()
	runtime.KeepAlive(b) // the calls above hold its addresses only
}

// prefaultMin is the smallest buffer Prefault considers: 1 MiB, 256
// pages, below which the sample and the calls cost about what they save.
const prefaultMin = 1 << 20

// prefaultSample is how many pages mostlyAbsent asks about.
const prefaultSample = 16

func populate(lo, hi uintptr) {
	if hi > lo {
		unix.Syscall(unix.SYS_MADVISE, lo, hi-lo, unix.MADV_POPULATE_WRITE) // a hint: an error changes nothing
	}
}

// mostlyAbsent reports whether more than half of prefaultSample pages
// spread evenly over [lo, hi) are not resident.
func mostlyAbsent(lo, hi, page uintptr) bool {
	pages := (hi - lo) / page
	if pages == 0 {
		return false
	}
	absent := 0
	var v [1]byte
	for i := range uintptr(prefaultSample) {
		p := lo + pages*i/prefaultSample*page
		if _, _, e := unix.Syscall(unix.SYS_MINCORE, p, page, uintptr(unsafe.Pointer(&v[0]))); e != 0 {
			return false
		}
		if v[0]&1 == 0 {
			absent++
		}
	}
	return absent > prefaultSample/2
}
