// Package fileio writes large buffers to files in pieces of at most
// Piece bytes, so that the kernel's page cache holds them in folios
// smaller than a huge page.
//
// # Why
//
// A buffered write asks the page cache for folios as large as the write
// allows: Linux (6.x, ext4 and others with large folios) gives a write of
// 2 MiB or more, over a 2 MiB-aligned range, whole 2 MiB folios. On a
// virtual machine whose guest hands free memory back to the host (the
// balloon's free page reporting, as on Firecracker), a 2 MiB folio made
// of memory the guest has not touched lately is slow to fill: the host
// backs it anew. Measured on the survey's machine (128 MB into a new
// file, nothing freed for 3 s before): one pwrite per 8 MB took 100–340
// ms (once 32 ms), aligned 2 MiB pwrites 90–380 ms, aligned 1 MiB pwrites
// 28–31 ms, the time going to the kernel's copy into the new folios
// (copy_folio_from_iter_atomic). Smaller folios cost a few more system
// calls and folio operations elsewhere, which is noise beside the copy.
package fileio

import (
	"fmt"
	"os"
)

// Piece is the largest write WriteAt makes: 1 MiB, the largest folio the
// page cache then allocates being half a huge page.
const Piece = 1 << 20

// WriteAt writes b to f at offset off in writes of at most Piece bytes,
// as (*os.File).WriteAt does otherwise: an error names how many bytes
// were written before it.
func WriteAt(f *os.File, b []byte, off int64) error {
	for done := 0; done < len(b); {
		n := min(len(b)-done, Piece)
		if _, err := f.WriteAt(b[done:done+n], off+int64(done)); err != nil {
			return fmt.Errorf("writing %d bytes at offset %d (%d written): %w", len(b), off, done, err)
		}
		done += n
	}
	return nil
}
