package kv

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the first n bytes of f read-only, its pages populated
// from the page cache (or read) at once, or returns nil when it cannot.
func mapFile(f *os.File, n int) []byte {
	c, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	var b []byte
	c.Control(func(fd uintptr) {
		b, err = unix.Mmap(int(fd), 0, n, unix.PROT_READ, unix.MAP_SHARED|unix.MAP_POPULATE)
	})
	if err != nil {
		return nil
	}
	return b
}

func unmap(b []byte) { unix.Munmap(b) }
