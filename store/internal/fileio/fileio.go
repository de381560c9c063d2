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
// balloon's free page reporting, as on Firecracker), such folios are slow
// to fill: the guest reports free blocks of 2 MiB and up
// (page_reporting_order 9), so a 2 MiB folio mostly comes from
// memory the host must back anew, while smaller folios come first from
// the free fragments below 2 MiB, which are never reported (on the
// survey's machine, /proc/buddyinfo: about 1 GB free in blocks of 4 KiB
// to 1 MiB, 354 MB of them of 1 MiB). Measured there (128 MB into a new
// file, nothing freed for 3 s before): one pwrite per 8 MB took 100–340
// ms (once 32 ms), aligned 2 MiB pwrites 90–380 ms, aligned 1 MiB pwrites
// 24–31 ms, the time going to the kernel's copy into the new folios
// (copy_folio_from_iter_atomic). Smaller pieces than 1 MiB did not do
// better (256 KiB: 40–50 ms, 64 KiB: 49–58 ms: more folios to allocate
// and account for).
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
