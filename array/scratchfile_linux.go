package array

import (
	"os"

	"golang.org/x/sys/unix"
)

// punchHole frees n bytes of f at off (the file keeps its size). It is
// only an economy: where the file system cannot, the bytes stay until
// the file is removed.
func punchHole(f *os.File, off, n int64) {
	unix.Fallocate(int(f.Fd()), unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, off, n)
}
