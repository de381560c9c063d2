package chunk

import (
	"bytes"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// resident counts the resident pages of the page-aligned b (mincore).
func resident(t *testing.T, b []byte) int {
	t.Helper()
	v := make([]byte, (len(b)+unix.Getpagesize()-1)/unix.Getpagesize())
	if _, _, e := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(unsafe.Pointer(&v[0]))); e != 0 {
		t.Fatalf("mincore: %v", e)
	}
	n := 0
	for _, x := range v {
		n += int(x & 1)
	}
	return n
}

// TestPrefault: fresh memory is made resident and reads as zeros; memory
// that holds data keeps it; buffers at odd addresses and of odd lengths,
// below prefaultMin and of zero length, with any number of goroutines,
// are handled.
func TestPrefault(t *testing.T) {
	page := unix.Getpagesize()
	for _, workers := range []int{0, 1, 2, 3, 7} {
		m, err := unix.Mmap(-1, 0, 8<<20, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
		if err != nil {
			t.Fatal(err)
		}
		if r := resident(t, m); r != 0 {
			t.Fatalf("a fresh mapping has %d resident pages", r)
		}
		Prefault(m, workers)
		r := resident(t, m)
		_, _, e := unix.Syscall(unix.SYS_MADVISE, uintptr(unsafe.Pointer(&m[0])), uintptr(page), unix.MADV_POPULATE_WRITE)
		populates := e == 0 // the kernel has the advice (Linux 5.14 and later)
		if populates {
			if want := len(m) / page; workers >= 1 && r != want {
				t.Errorf("%d workers: %d of %d pages resident after Prefault", workers, r, want)
			}
			if workers == 0 && r > 1 {
				t.Errorf("0 workers: %d pages resident, want none", r)
			}
		}
		if !bytes.Equal(m, make([]byte, len(m))) {
			t.Errorf("%d workers: fresh memory does not read as zeros after Prefault", workers)
		}
		unix.Munmap(m)

		// Data in a buffer whose pages are mostly absent, so that it is
		// populated, stays; at an odd offset and length.
		m, err = unix.Mmap(-1, 0, 8<<20, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
		if err != nil {
			t.Fatal(err)
		}
		b := m[13 : len(m)-1001]
		want := func(i int) byte { // one page in five written
			if i%(5*page) == 0 {
				return byte(i/page + 1)
			}
			return 0
		}
		for i := 0; i < len(b); i += 5 * page {
			b[i] = want(i)
		}
		Prefault(b, workers)
		if r := resident(t, m); populates && workers >= 1 && r < len(b)/page {
			t.Errorf("%d workers: %d pages resident after Prefault of a buffer one fifth written", workers, r)
		}
		for i := range b {
			if b[i] != want(i) {
				t.Fatalf("%d workers: byte %d is %d after Prefault, want %d", workers, i, b[i], want(i))
			}
		}
		unix.Munmap(m)
	}
	Prefault(nil, 2)
	Prefault(make([]byte, prefaultMin-1), 2)
}
