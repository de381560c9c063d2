//go:build unix

package npy

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/chunkwise/chunkwise/chunk"
)

// mapFile maps the first n bytes of f, read-only or also writable,
// advised for huge pages (chunk.AdviseHugeMapping), or returns nil when
// it cannot (then the file is read with ReadAt and
// written with WriteAt).
func mapFile(f *os.File, n int64, writable bool) []byte {
	if n <= 0 || int64(int(n)) != n {
		return nil
	}
	prot := unix.PROT_READ
	if writable {
		prot |= unix.PROT_WRITE
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(n), prot, unix.MAP_SHARED)
	if err != nil {
		return nil
	}
	chunk.AdviseHugeMapping(b)
	return b
}

func unmapFile(b []byte) { unix.Munmap(b) }
